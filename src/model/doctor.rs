//! A doctor's public profile page: what `/doctors/{slug}` shows, and its schema.org Physician JSON-LD.

use serde::{Deserialize, Serialize};

use super::review::{RatingSummary, ReviewPage, ReviewView};
use super::DoctorSummary;

/// A degree or diploma.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Qualification {
    pub degree: String,
    pub institute: String,
    pub passing_year: i32,
}

/// A place the doctor practises.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PracticeLocation {
    pub name: String,
    pub address: String,
    pub area: String,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// Everything the public doctor page renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoctorProfile {
    pub summary: DoctorSummary,
    pub bio: String,
    pub specialty_description: String,
    pub offers_in_person: bool,
    pub registration_council: String,
    pub qualifications: Vec<Qualification>,
    pub locations: Vec<PracticeLocation>,
    /// RFC 3339, when the doctor was last active in the app.
    pub last_active_at: Option<String>,
}

/// What `/doctors/{slug}` renders.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DoctorPage {
    pub doctor_id: uuid::Uuid,
    pub profile: DoctorProfile,
    /// The rating summary and the newest reviews (visible ones only).
    pub ratings: RatingSummary,
    pub reviews: ReviewPage,
    pub base_url: String,
}

/// What `/specialties/{slug}` renders: the specialty and its best-rated doctors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpecialtyPage {
    pub specialty: super::Specialty,
    pub doctors: super::search::SearchResults,
    pub base_url: String,
}

impl DoctorProfile {
    /// schema.org `Physician` as JSON-LD, safe to embed in a `<script>` element (`<` is escaped). The rating
    /// and reviews come only from real, visible reviews, and are left out when there are none.
    pub fn json_ld(&self, base_url: &str, ratings: &RatingSummary, reviews: &[ReviewView]) -> String {
        let s = &self.summary;
        let url = format!("{}/doctors/{}", base_url.trim_end_matches('/'), s.slug);
        let addresses: Vec<serde_json::Value> = self
            .locations
            .iter()
            .map(|l| {
                serde_json::json!({
                    "@type": "PostalAddress",
                    "streetAddress": l.address,
                    "addressLocality": l.city,
                    "addressRegion": l.area,
                })
            })
            .collect();
        let mut v = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "Physician",
            "@id": url,
            "name": s.name,
            "url": url,
            "description": self.bio,
            "medicalSpecialty": s.specialty_name,
            "priceRange": s.fee_label(),
            "knowsLanguage": s.languages,
            "address": if addresses.len() == 1 { addresses[0].clone() } else { serde_json::Value::Array(addresses) },
        });
        if let (Some(avg), true) = (ratings.average, ratings.count > 0) {
            v["aggregateRating"] = serde_json::json!({
                "@type": "AggregateRating",
                "ratingValue": format!("{avg:.1}"),
                "reviewCount": ratings.count,
                "bestRating": "5",
                "worstRating": "1",
            });
            let shown: Vec<serde_json::Value> = reviews
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "@type": "Review",
                        "author": { "@type": "Person", "name": r.author },
                        "datePublished": r.date,
                        "reviewBody": r.body,
                        "reviewRating": { "@type": "Rating", "ratingValue": r.stars, "bestRating": 5, "worstRating": 1 },
                    })
                })
                .collect();
            if !shown.is_empty() {
                v["review"] = serde_json::Value::Array(shown);
            }
        }
        if let Some(geo) = self.locations.iter().find_map(|l| Some((l.latitude?, l.longitude?))) {
            v["geo"] = serde_json::json!({ "@type": "GeoCoordinates", "latitude": geo.0, "longitude": geo.1 });
        }
        serde_json::to_string(&v).unwrap_or_default().replace('<', "\\u003c")
    }

    /// The meta description: who, what, where, fee.
    pub fn meta_description(&self) -> String {
        let s = &self.summary;
        let rating = s.rating_label().map(|r| format!(" Rated {r}.")).unwrap_or_default();
        format!(
            "{} is a {} in {}, {} with {} years of experience.{rating} Fee {}. Book online on Carebook.",
            s.name,
            s.specialty_name.to_lowercase(),
            s.area,
            s.city,
            s.years_experience,
            s.fee_label()
        )
    }
}

/// An address line from its parts, joined with ", ": empty parts and parts the line already names (as one
/// of its comma-separated pieces, ignoring case) are left out, so "12 E 72nd St, Upper East Side" with area
/// "Upper East Side" and city "New York" reads "12 E 72nd St, Upper East Side, New York".
pub fn address_line(parts: &[&str]) -> String {
    let mut seen: Vec<String> = Vec::new();
    let mut out: Vec<&str> = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let pieces: Vec<String> = part.split(',').map(|p| p.trim().to_lowercase()).collect();
        if pieces.iter().all(|p| seen.contains(p)) {
            continue;
        }
        seen.extend(pieces);
        out.push(part);
    }
    out.join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_address_line_never_repeats_its_area() {
        use super::address_line;
        assert_eq!(
            address_line(&["12 E 72nd St, Upper East Side", "Upper East Side", "New York"]),
            "12 E 72nd St, Upper East Side, New York"
        );
        assert_eq!(address_line(&["House 4, Road 2", "Gulshan", "Dhaka"]), "House 4, Road 2, Gulshan, Dhaka");
        assert_eq!(address_line(&["Main St 1", "", "dhaka", "Dhaka"]), "Main St 1, dhaka");
        // A piece that only contains another's words is kept: "York" is not "New York".
        assert_eq!(address_line(&["1 High St", "York", "New York"]), "1 High St, York, New York");
    }

    use super::*;

    fn profile() -> DoctorProfile {
        DoctorProfile {
            summary: DoctorSummary::sample(),
            bio: "Heart </script> health".into(),
            specialty_description: String::new(),
            offers_in_person: true,
            registration_council: "NYSED".into(),
            qualifications: vec![],
            locations: vec![PracticeLocation {
                name: "Clinic".into(),
                address: "1 Main St".into(),
                area: "Upper East Side".into(),
                city: "New York".into(),
                latitude: Some(40.77),
                longitude: Some(-73.96),
            }],
            last_active_at: None,
        }
    }

    #[test]
    fn json_ld_is_a_physician_with_rating_and_cannot_close_the_script() {
        let ratings =
            RatingSummary { count: 212, average: Some(4.86), distribution: [0, 0, 2, 26, 184], ..Default::default() };
        let review = ReviewView {
            id: uuid::Uuid::nil(),
            author: "Maria K.".into(),
            stars: 5,
            waiting: None,
            manner: Some(5),
            explanation: None,
            body: "Clear </script> answers".into(),
            date: "2027-01-02".into(),
            edited: false,
            helpful: 3,
            reply: None,
        };
        let ld = profile().json_ld("http://x.test/", &ratings, std::slice::from_ref(&review));
        assert!(!ld.contains("</script>"));
        let v: serde_json::Value = serde_json::from_str(&ld).unwrap();
        assert_eq!(v["@type"], "Physician");
        assert_eq!(v["medicalSpecialty"], "Cardiology");
        assert_eq!(v["url"], "http://x.test/doctors/dr-amara-okafor");
        assert_eq!(v["aggregateRating"]["reviewCount"], 212);
        assert_eq!(v["aggregateRating"]["ratingValue"], "4.9");
        assert_eq!(v["review"][0]["author"]["name"], "Maria K.");
        assert_eq!(v["review"][0]["reviewRating"]["ratingValue"], 5);
        assert_eq!(v["address"]["addressLocality"], "New York");
        assert_eq!(v["bio"], serde_json::Value::Null);
        // The directory's figure alone is not a review: without visible reviews there is no rating.
        let v: serde_json::Value =
            serde_json::from_str(&profile().json_ld("http://x.test", &RatingSummary::default(), &[])).unwrap();
        assert!(v.get("aggregateRating").is_none() && v.get("review").is_none());
    }
}
