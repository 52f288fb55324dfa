//! Directory DTOs: specialties and doctor summaries as the home page and listings show them.

use serde::{Deserialize, Serialize};

use super::compact::named_in_text_compact_in_binary;
use super::money::format_fee;

/// A medical specialty with how many approved doctors practise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Specialty {
    pub slug: String,
    pub name: String,
    pub description: String,
    pub icon: String,
    pub doctor_count: i64,
}

named_in_text_compact_in_binary! {
/// What a doctor card shows. Built from approved profiles only. (Named fields in JSON, a plain sequence
/// in the hydration data: see `model::compact`.)
#[derive(Debug, Clone, PartialEq)]
pub struct DoctorSummary {
    pub slug: String,
    /// Display name with title, e.g. "Dr. Amara Okafor".
    pub name: String,
    pub gender: Option<String>,
    pub specialty_slug: String,
    pub specialty_name: String,
    pub city: String,
    pub area: String,
    pub years_experience: i32,
    pub fee_minor: i32,
    pub currency: super::money::Currency,
    pub rating_avg: Option<f64>,
    pub rating_count: i32,
    pub offers_video: bool,
    pub languages: Vec<String>,
    pub online_now: bool,
    /// Kilometres to the nearest practice, when the patient shared a position.
    pub distance_km: Option<f64>,
    /// The doctor's photo (public once approved), if they uploaded one.
    pub photo_url: Option<String>,
    /// The first free slot in the doctor's zone ("Today, 14:30", "Tomorrow, 09:00", "Tue 24 Nov, 09:00").
    pub next_available: Option<String>,
}
}

impl DoctorSummary {
    /// A rated demo cardiologist, for unit tests.
    #[cfg(test)]
    pub(crate) fn sample() -> DoctorSummary {
        DoctorSummary {
            slug: "dr-amara-okafor".into(),
            name: "Dr. Amara Okafor".into(),
            gender: Some("female".into()),
            specialty_slug: "cardiology".into(),
            specialty_name: "Cardiology".into(),
            city: "New York".into(),
            area: "Upper East Side".into(),
            years_experience: 17,
            fee_minor: 25_000,
            currency: super::money::Currency::Usd,
            rating_avg: Some(4.9),
            rating_count: 212,
            offers_video: true,
            languages: vec!["English".into()],
            online_now: false,
            distance_km: None,
            photo_url: None,
            next_available: Some("Tomorrow, 09:00".into()),
        }
    }

    /// The consultation fee as shown to patients, e.g. "$250".
    pub fn fee_label(&self) -> String {
        format_fee(self.fee_minor, self.currency)
    }

    /// Initials for the avatar placeholder ("Dr. Amara Okafor" → "AO").
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter(|w| !w.ends_with('.'))
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect::<String>()
            .to_uppercase()
    }

    /// "4.9 (212 reviews)", or None when nobody has rated yet.
    pub fn rating_label(&self) -> Option<String> {
        let avg = self.rating_avg?;
        let noun = if self.rating_count == 1 { "review" } else { "reviews" };
        Some(format!("{avg:.1} ({} {noun})", self.rating_count))
    }
}

/// Headline figures for the home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DirectoryStats {
    pub doctors: i64,
    pub specialties: i64,
    pub cities: i64,
}

/// Everything the home page renders on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HomeData {
    pub specialties: Vec<Specialty>,
    pub stats: DirectoryStats,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        let d = DoctorSummary::sample();
        assert_eq!(d.initials(), "AO");
        assert_eq!(d.fee_label(), "$250");
        assert_eq!(d.rating_label().as_deref(), Some("4.9 (212 reviews)"));
        let unrated = DoctorSummary { rating_avg: None, rating_count: 0, ..d };
        assert_eq!(unrated.rating_label(), None);
    }

    /// JSON (the API) keeps every field's name; CBOR (what Dioxus writes into a page's hydration data) is
    /// the values in order, with no name in it. Both read back what was written.
    #[test]
    fn named_in_json_and_a_plain_sequence_in_cbor() {
        let d = DoctorSummary {
            distance_km: Some(2.5),
            next_available: Some("Today, 14:30".into()),
            ..DoctorSummary::sample()
        };
        let json = serde_json::to_value(&d).unwrap();
        assert_eq!(json["slug"], "dr-amara-okafor");
        assert_eq!(json["next_available"], "Today, 14:30");
        assert_eq!(json.as_object().unwrap().len(), 18);
        assert_eq!(serde_json::from_value::<DoctorSummary>(json).unwrap(), d);

        let mut cbor = Vec::new();
        ciborium::into_writer(&d, &mut cbor).unwrap();
        assert_eq!(cbor[0], 0x80 | 18, "an array of 18 values");
        let text = String::from_utf8_lossy(&cbor);
        assert!(text.contains("dr-amara-okafor"));
        assert!(["slug", "years_experience", "next_available"].iter().all(|name| !text.contains(name)), "{text}");
        assert_eq!(ciborium::from_reader::<DoctorSummary, _>(cbor.as_slice()).unwrap(), d);
        let named = serde_json::to_vec(&d).unwrap();
        assert!(cbor.len() * 2 < named.len(), "{} bytes against {} with names", cbor.len(), named.len());
    }
}
