//! Profile DTOs and their validation (the browser and the server run these same rules).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{AppError, FieldErrors};

/// Largest photo accepted for upload.
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;

/// The editable profile. Empty strings mean "not given".
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Profile {
    pub full_name: String,
    pub email: String,
    pub phone: String,
    /// `YYYY-MM-DD` or empty.
    pub date_of_birth: String,
    /// `female`, `male`, `other`, `undisclosed` or empty.
    pub gender: String,
    pub address: String,
    /// IANA zone, e.g. `Europe/Paris`.
    pub time_zone: String,
    /// URL of the photo, if there is one.
    pub photo_url: Option<String>,
}

/// The gender choices offered (value, label).
pub const GENDERS: &[(&str, &str)] = &[
    ("", "Not given"),
    ("female", "Female"),
    ("male", "Male"),
    ("other", "Other"),
    ("undisclosed", "Prefer not to say"),
];

impl Profile {
    /// Every field's problem at once. `today` bounds the date of birth.
    pub fn validate(&self, today: NaiveDate) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        if let Err(e) = super::auth::validate_full_name(&self.full_name) {
            errors.insert("full_name".into(), e);
        }
        let phone = self.phone.trim();
        if !phone.is_empty() {
            let digits = phone.chars().filter(char::is_ascii_digit).count();
            let allowed = phone.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
            if !allowed || !(7..=15).contains(&digits) || phone.len() > 20 || phone[1..].contains('+') {
                errors.insert("phone".into(), "Enter a phone number with 7 to 15 digits, like +1 212 555 0100.".into());
            }
        }
        if !self.date_of_birth.is_empty() {
            match NaiveDate::parse_from_str(&self.date_of_birth, "%Y-%m-%d") {
                Ok(d) if d > today => {
                    errors.insert("date_of_birth".into(), "The date of birth can't be in the future.".into());
                }
                Ok(d) if today.year() - d.year() > 130 => {
                    errors.insert("date_of_birth".into(), "Check the year of birth.".into());
                }
                Ok(_) => {}
                Err(_) => {
                    errors.insert("date_of_birth".into(), "Use the format YYYY-MM-DD.".into());
                }
            }
        }
        if !GENDERS.iter().any(|(v, _)| *v == self.gender) {
            errors.insert("gender".into(), "Choose one of the options.".into());
        }
        if self.address.chars().count() > 300 {
            errors.insert("address".into(), "Use at most 300 characters.".into());
        }
        if !plausible_time_zone(&self.time_zone) {
            errors.insert("time_zone".into(), "Use a time zone name like America/New_York or UTC.".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

/// The shape of an IANA zone name (the server also checks it exists).
pub fn plausible_time_zone(tz: &str) -> bool {
    !tz.is_empty() && tz.len() <= 64 && tz.chars().all(|c| c.is_ascii_alphanumeric() || "/_+-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
    }

    fn valid() -> Profile {
        Profile { full_name: "Pat Demo".into(), time_zone: "America/New_York".into(), ..Default::default() }
    }

    #[test]
    fn accepts_a_minimal_and_a_full_profile() {
        assert!(valid().validate(today()).is_ok());
        let full = Profile {
            phone: "+1 (212) 555-0100".into(),
            date_of_birth: "1984-02-29".into(),
            gender: "undisclosed".into(),
            address: "1 Main St, Springfield".into(),
            ..valid()
        };
        assert!(full.validate(today()).is_ok());
    }

    #[test]
    fn reports_bad_fields() {
        let bad = Profile {
            full_name: "".into(),
            phone: "12ab".into(),
            date_of_birth: "2030-01-01".into(),
            gender: "robot".into(),
            time_zone: "Not a zone!".into(),
            ..valid()
        };
        let Err(AppError::Validation(e)) = bad.validate(today()) else { panic!() };
        let keys: Vec<_> = e.keys().map(String::as_str).collect();
        assert_eq!(keys, ["date_of_birth", "full_name", "gender", "phone", "time_zone"]);
        let p = Profile { date_of_birth: "21/11/1990".into(), phone: "+1+2345678".into(), ..valid() };
        assert!(p.validate(today()).is_err());
    }
}
