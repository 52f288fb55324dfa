//! Unit tests of the application rules (the same code the browser runs for live field errors).

use super::*;

pub fn complete() -> ApplicationForm {
    ApplicationForm {
        gender: "female".into(),
        languages: "English, Español".into(),
        bio: "Consultant cardiologist with a focus on prevention and heart failure care.".into(),
        specialty: "cardiology".into(),
        years_experience: 12,
        fee: "150".into(),
        registration_no: "nysed 123456".into(),
        registration_council: "New York State Education Department".into(),
        qualifications: vec![Qualification { degree: "MD".into(), institute: "Columbia".into(), passing_year: 2010 }],
        locations: vec![PracticeLocation {
            name: "Heart Clinic".into(),
            address: "1 Main St".into(),
            area: "Chelsea".into(),
            city: "New York".into(),
            latitude: Some(40.74),
            longitude: Some(-74.0),
        }],
        ..Default::default()
    }
}

#[test]
fn a_complete_form_passes_every_step() {
    assert_eq!(complete().validate(2026), Ok(()));
    assert_eq!(complete().first_incomplete_step(2026), None);
    assert_eq!(ApplicationForm::default().first_incomplete_step(2026), Some(Step::Personal));
}

#[test]
fn each_step_reports_its_own_fields() {
    let bad = ApplicationForm {
        gender: "robot".into(),
        languages: "".into(),
        bio: "short".into(),
        fee: "12.345".into(),
        registration_no: "x".into(),
        offers_in_person: false,
        offers_video: false,
        qualifications: vec![Qualification { degree: "".into(), institute: "X".into(), passing_year: 2031 }],
        locations: vec![PracticeLocation { latitude: Some(10.0), ..Default::default() }],
        ..complete()
    };
    let keys = |s| bad.step_errors(s, 2026).into_keys().collect::<Vec<_>>();
    assert_eq!(keys(Step::Personal), ["bio", "gender", "languages"]);
    assert_eq!(keys(Step::Professional), ["fee", "modes", "registration_no"]);
    assert_eq!(keys(Step::Qualifications), ["qualifications.0.degree", "qualifications.0.passing_year"]);
    assert_eq!(
        keys(Step::Locations),
        ["locations.0.address", "locations.0.area", "locations.0.city", "locations.0.coordinates", "locations.0.name"]
    );
    let Err(AppError::Validation(all)) = bad.validate(2026) else { panic!("invalid form accepted") };
    assert_eq!(all.len(), 13);
}

#[test]
fn fees_parse_in_minor_units() {
    let fee = |f: &str| ApplicationForm { fee: f.into(), ..complete() }.fee_minor();
    assert_eq!(fee("150"), Some(15_000));
    assert_eq!(fee("99.5"), Some(9_950));
    assert_eq!(fee(" 0.05 "), Some(5));
    assert_eq!(fee("1e3"), None);
    assert_eq!(fee("-5"), None);
    assert_eq!(fee("100001"), None);
    assert_eq!(fee(""), None);
}

#[test]
fn registration_numbers_are_normalised() {
    assert_eq!(normalize_registration(" ab 12/3x "), "AB12/3X");
    assert_eq!(complete().language_list(), ["English", "Español"]);
}

#[test]
fn documents_are_sniffed_not_trusted() {
    assert!(check_document("l.pdf", "application/pdf", 1000, b"%PDF-1.7").is_ok());
    assert!(check_document("l.png", "image/png", 1000, b"\x89PNG\r\n\x1a\n....").is_ok());
    assert!(check_document("l.jpg", "", 1000, &[0xFF, 0xD8, 0xFF, 0xE0]).is_ok());
    assert!(check_document("l.pdf", "application/pdf", 0, b"").unwrap_err().contains("empty"));
    assert!(check_document("big.pdf", "application/pdf", DOCUMENT_MAX_BYTES + 1, b"%PDF-")
        .unwrap_err()
        .contains("10 MB"));
    assert!(check_document("x.exe", "application/pdf", 10, b"MZ\x90\x00").unwrap_err().contains("isn't a PDF"));
    assert!(check_document("x.pdf", "image/png", 10, b"%PDF-1.4").unwrap_err().contains("claims"));
}
