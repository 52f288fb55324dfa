//! The doctor application: the multi-step form, its validation rules (run live in the browser and again
//! on the server), the applicant's view of it and the admin review queue.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::doctor::{PracticeLocation, Qualification};
use super::money::Currency;
use crate::error::{AppError, FieldErrors};

/// Largest document accepted (licence scans, certificates).
pub const DOCUMENT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// Accepted document types (content type, label).
pub const DOCUMENT_TYPES: &[(&str, &str)] = &[("application/pdf", "PDF"), ("image/jpeg", "JPEG"), ("image/png", "PNG")];
/// Titles a doctor may use.
pub const TITLES: &[&str] = &["Dr.", "Prof.", "Prof. Dr.", "Assoc. Prof."];
/// A doctor profile's review state (Postgres enum `doctor_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "doctor_status", rename_all = "snake_case"))]
pub enum DoctorStatus {
    /// Being filled in (or sent back for changes).
    Draft,
    /// Submitted, waiting for an admin.
    Pending,
    Approved,
    Rejected,
    Suspended,
}

impl DoctorStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DoctorStatus::Draft => "draft",
            DoctorStatus::Pending => "pending",
            DoctorStatus::Approved => "approved",
            DoctorStatus::Rejected => "rejected",
            DoctorStatus::Suspended => "suspended",
        }
    }

    /// Whether the applicant may still change the application (a draft, or one turned down).
    pub fn editable_draft(self) -> bool {
        matches!(self, DoctorStatus::Draft | DoctorStatus::Rejected)
    }
}

/// The steps of the form, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    Personal,
    Professional,
    Qualifications,
    Locations,
    Documents,
    Review,
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Personal, Step::Professional, Step::Qualifications, Step::Locations, Step::Documents, Step::Review];

    pub fn label(self) -> &'static str {
        match self {
            Step::Personal => "Personal",
            Step::Professional => "Professional",
            Step::Qualifications => "Qualifications",
            Step::Locations => "Locations",
            Step::Documents => "Documents",
            Step::Review => "Review",
        }
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }
}

/// What the applicant fills in. Fee is typed in major units ("150" or "99.50").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationForm {
    pub title: String,
    pub gender: String,
    /// Comma-separated as typed ("English, Spanish").
    pub languages: String,
    pub bio: String,
    pub specialty: String,
    pub years_experience: i32,
    pub fee: String,
    pub currency: String,
    pub registration_no: String,
    pub registration_council: String,
    pub offers_in_person: bool,
    pub offers_video: bool,
    pub qualifications: Vec<Qualification>,
    pub locations: Vec<PracticeLocation>,
}

impl Default for ApplicationForm {
    fn default() -> Self {
        ApplicationForm {
            title: "Dr.".into(),
            gender: String::new(),
            languages: "English".into(),
            bio: String::new(),
            specialty: String::new(),
            years_experience: 0,
            fee: String::new(),
            currency: "USD".into(),
            registration_no: String::new(),
            registration_council: String::new(),
            offers_in_person: true,
            offers_video: false,
            qualifications: vec![Qualification::default()],
            locations: vec![PracticeLocation::default()],
        }
    }
}

fn len_between(errors: &mut FieldErrors, field: String, value: &str, min: usize, max: usize, what: &str) {
    let n = value.trim().chars().count();
    if n < min {
        errors
            .insert(field, if min == 1 { format!("Enter {what}.") } else { format!("Use at least {min} characters.") });
    } else if n > max {
        errors.insert(field, format!("Use at most {max} characters."));
    }
}

/// "AB 12345/x" → "AB12345/X": what uniqueness is checked on.
pub fn normalize_registration(no: &str) -> String {
    no.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase()
}

impl ApplicationForm {
    /// The languages as a clean list.
    pub fn language_list(&self) -> Vec<String> {
        self.languages.split(',').map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
    }

    /// The fee in minor units, if it parses (at most two decimals, 0 to 100,000).
    pub fn fee_minor(&self) -> Option<i32> {
        let t = self.fee.trim();
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || whole.len() > 6
            || frac.len() > 2
            || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let cents: i32 = format!("{frac:0<2}").parse().ok()?;
        let minor = whole.parse::<i32>().ok()?.checked_mul(100)?.checked_add(cents)?;
        (minor <= 10_000_000).then_some(minor)
    }

    /// Problems in one step's fields. `this_year` bounds passing years.
    pub fn step_errors(&self, step: Step, this_year: i32) -> FieldErrors {
        let mut e = FieldErrors::new();
        match step {
            Step::Personal => {
                if !TITLES.contains(&self.title.as_str()) {
                    e.insert("title".into(), "Choose a title.".into());
                }
                if !["female", "male", "other"].contains(&self.gender.as_str()) {
                    e.insert("gender".into(), "Choose how patients should see you.".into());
                }
                let langs = self.language_list();
                if langs.is_empty() || langs.len() > 10 {
                    e.insert("languages".into(), "List 1 to 10 languages, separated by commas.".into());
                } else if langs
                    .iter()
                    .any(|l| l.chars().count() > 30 || !l.chars().all(|c| c.is_alphabetic() || c == ' '))
                {
                    e.insert("languages".into(), "Languages are words, like English, Spanish.".into());
                }
                len_between(&mut e, "bio".into(), &self.bio, 40, 2000, "a short bio");
            }
            Step::Professional => {
                if self.specialty.is_empty() {
                    e.insert("specialty".into(), "Choose your specialty.".into());
                }
                if !(0..=70).contains(&self.years_experience) {
                    e.insert("years_experience".into(), "Enter 0 to 70 years.".into());
                }
                if self.fee_minor().is_none() {
                    e.insert("fee".into(), "Enter the fee as a number, like 150 or 99.50.".into());
                }
                if Currency::parse(&self.currency).is_none() {
                    e.insert("currency".into(), "Choose a currency.".into());
                }
                let reg = normalize_registration(&self.registration_no);
                if reg.len() < 4
                    || reg.len() > 30
                    || !reg.chars().all(|c| c.is_ascii_alphanumeric() || "-/.".contains(c))
                {
                    e.insert(
                        "registration_no".into(),
                        "Enter your registration number (4–30 letters, digits, - / .).".into(),
                    );
                }
                len_between(&mut e, "registration_council".into(), &self.registration_council, 2, 120, "the council");
                if !self.offers_in_person && !self.offers_video {
                    e.insert("modes".into(), "Offer in-person visits, video visits or both.".into());
                }
            }
            Step::Qualifications => {
                if self.qualifications.is_empty() || self.qualifications.len() > 10 {
                    e.insert("qualifications".into(), "Add 1 to 10 qualifications.".into());
                }
                for (i, q) in self.qualifications.iter().enumerate() {
                    len_between(&mut e, format!("qualifications.{i}.degree"), &q.degree, 1, 120, "the degree");
                    len_between(&mut e, format!("qualifications.{i}.institute"), &q.institute, 1, 160, "the institute");
                    if !(1940..=this_year).contains(&q.passing_year) {
                        e.insert(
                            format!("qualifications.{i}.passing_year"),
                            format!("Enter a year from 1940 to {this_year}."),
                        );
                    }
                }
            }
            Step::Locations => {
                if self.locations.is_empty() || self.locations.len() > 5 {
                    e.insert("locations".into(), "Add 1 to 5 practice locations.".into());
                }
                for (i, l) in self.locations.iter().enumerate() {
                    len_between(&mut e, format!("locations.{i}.name"), &l.name, 1, 120, "the practice name");
                    len_between(&mut e, format!("locations.{i}.address"), &l.address, 1, 200, "the address");
                    len_between(&mut e, format!("locations.{i}.area"), &l.area, 1, 80, "the area or neighbourhood");
                    len_between(&mut e, format!("locations.{i}.city"), &l.city, 1, 80, "the city");
                    let lat_ok = l.latitude.is_none_or(|v| (-90.0..=90.0).contains(&v));
                    let lng_ok = l.longitude.is_none_or(|v| (-180.0..=180.0).contains(&v));
                    if !lat_ok || !lng_ok || l.latitude.is_some() != l.longitude.is_some() {
                        e.insert(
                            format!("locations.{i}.coordinates"),
                            "Give both latitude and longitude, or neither.".into(),
                        );
                    }
                }
            }
            Step::Documents | Step::Review => {}
        }
        e
    }

    /// Every step's problems; what submitting requires (documents are checked separately).
    pub fn validate(&self, this_year: i32) -> Result<(), AppError> {
        let mut all = FieldErrors::new();
        for step in Step::ALL {
            all.extend(self.step_errors(step, this_year));
        }
        if all.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(all))
        }
    }

    /// The first step with a problem, to send the applicant back to.
    pub fn first_incomplete_step(&self, this_year: i32) -> Option<Step> {
        Step::ALL.into_iter().find(|s| !self.step_errors(*s, this_year).is_empty())
    }
}

/// Check an upload before sending it (browser) and on receipt (server): size, declared type, and that the
/// first bytes really are a PDF, JPEG or PNG.
pub fn check_document(file_name: &str, content_type: &str, bytes_len: usize, head: &[u8]) -> Result<(), String> {
    if bytes_len == 0 {
        return Err("The file is empty.".into());
    }
    if bytes_len > DOCUMENT_MAX_BYTES {
        return Err(format!("{file_name} is larger than 10 MB."));
    }
    let sniffed = if head.starts_with(b"%PDF-") {
        "application/pdf"
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "image/jpeg"
    } else if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else {
        return Err(format!("{file_name} isn't a PDF, JPEG or PNG file."));
    };
    if !content_type.is_empty() && content_type != sniffed {
        return Err(format!("{file_name} doesn't look like the file type it claims to be."));
    }
    Ok(())
}

/// An uploaded document as the applicant and admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: Uuid,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i32,
    pub uploaded_at: String,
}

impl DocumentInfo {
    pub fn url(&self) -> String {
        format!("/api/doctor-documents/{}", self.id)
    }
}

/// The application as its owner (or an admin) sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApplicationView {
    pub doctor_id: Uuid,
    pub applicant_name: String,
    pub applicant_email: String,
    pub status: DoctorStatus,
    pub slug: String,
    pub review_note: String,
    pub submitted_at: Option<String>,
    pub form: ApplicationForm,
    pub documents: Vec<DocumentInfo>,
}

/// One row of the admin review queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub doctor_id: Uuid,
    pub name: String,
    pub email: String,
    pub specialty: String,
    pub registration_no: String,
    pub submitted_at: String,
    pub documents: i64,
}

/// An admin's decision on an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    RequestChanges,
}

#[cfg(test)]
#[path = "application_tests.rs"]
mod tests;
