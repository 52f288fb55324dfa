//! Directory search: the query-string state of `/doctors` (parsed leniently, printed canonically), and
//! what a search returns. The same parsing runs in the server router and the browser.

use std::{borrow::Cow, fmt};

use serde::{Deserialize, Serialize};

use super::DoctorSummary;

/// Results per page.
pub const PER_PAGE: i64 = 20;
/// Counting stops here ("1,000+ doctors"): an exact count of a huge match set costs more than it tells.
pub const COUNT_CAP: i64 = 1_000;
/// Highest page number served (keeps deep OFFSETs bounded).
pub const MAX_PAGE: u32 = 50;

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortKey {
    /// Best text match first (the default when there is a query), then rating.
    #[default]
    Relevance,
    Rating,
    FeeLow,
    FeeHigh,
    /// First free slot soonest (doctors with nothing free last).
    Soonest,
    /// Nearest practice first; needs `near`.
    Distance,
}

impl SortKey {
    pub const ALL: [SortKey; 6] =
        [SortKey::Relevance, SortKey::Rating, SortKey::Soonest, SortKey::FeeLow, SortKey::FeeHigh, SortKey::Distance];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Relevance => "relevance",
            SortKey::Rating => "rating",
            SortKey::FeeLow => "fee_low",
            SortKey::FeeHigh => "fee_high",
            SortKey::Soonest => "soonest",
            SortKey::Distance => "distance",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Relevance => "Best match",
            SortKey::Rating => "Highest rated",
            SortKey::FeeLow => "Lowest fee",
            SortKey::FeeHigh => "Highest fee",
            SortKey::Soonest => "Soonest available",
            SortKey::Distance => "Nearest",
        }
    }

    fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Everything `/doctors?…` can say. Unknown or malformed parameters are ignored, never an error page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DoctorSearch {
    pub q: String,
    pub specialty: String,
    pub city: String,
    pub area: String,
    /// `video` or `in_person`.
    pub mode: String,
    pub gender: String,
    pub lang: String,
    /// Highest fee in major units (whole dollars).
    pub fee_max: Option<u32>,
    pub rating_min: Option<f64>,
    pub sort: SortKey,
    /// 1-based.
    pub page: u32,
    /// Patient's position (latitude, longitude), when shared.
    pub near: Option<(f64, f64)>,
}

/// Longest free-text query kept.
const Q_MAX: usize = 100;

/// Characters that delimit a query string. The router decodes the whole query before it is split, so a
/// value cannot carry them: they read as spaces.
const DELIMITERS: [char; 4] = ['&', '=', '#', '+'];

fn clean(v: &str, max: usize) -> String {
    let v: String = v.replace(DELIMITERS, " ").chars().filter(|c| !c.is_control()).take(max).collect();
    v.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How a city, area or language (as doctors wrote it) is written as a filter value, e.g. an option's
/// `value`: what the query parser reads back (delimiters and runs of whitespace become one space, control
/// characters go). The server compares filters through `carebook_filter_key`, this rule lower-cased, so
/// "Bath & North East Somerset" is found as "Bath North East Somerset". Borrows when `v` is already so.
pub fn filter_value(v: &str) -> Cow<'_, str> {
    let plain = v.len() <= 80
        && !v.starts_with(' ')
        && !v.ends_with(' ')
        && !v.contains("  ")
        && !v.chars().any(|c| DELIMITERS.contains(&c) || c.is_control() || (c.is_whitespace() && c != ' '));
    if plain {
        Cow::Borrowed(v)
    } else {
        Cow::Owned(clean(v, 80))
    }
}

/// Whether filter value `a` picks the same doctors as `b`: the server compares filters case-insensitively,
/// so `?city=chicago` shows "Chicago" as the chosen city.
pub fn same_filter(a: &str, b: &str) -> bool {
    a == b || a.chars().flat_map(char::to_lowercase).eq(b.chars().flat_map(char::to_lowercase))
}

impl From<&str> for DoctorSearch {
    fn from(query: &str) -> Self {
        let mut s = DoctorSearch::default();
        for pair in query.split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "q" => s.q = clean(v, Q_MAX),
                "specialty" => s.specialty = clean(v, 80).to_lowercase(),
                "city" => s.city = clean(v, 80),
                "area" => s.area = clean(v, 80),
                "mode" if v == "video" || v == "in_person" => s.mode = v.into(),
                "gender" if v == "female" || v == "male" => s.gender = v.into(),
                "lang" => s.lang = clean(v, 40),
                "fee_max" => s.fee_max = v.trim().parse().ok().filter(|f| *f > 0 && *f <= 100_000),
                "rating_min" => s.rating_min = v.trim().parse().ok().filter(|r: &f64| (1.0..=5.0).contains(r)),
                "sort" => s.sort = SortKey::parse(v).unwrap_or_default(),
                "page" => s.page = v.trim().parse().unwrap_or(1),
                "near" => s.near = parse_near(v),
                _ => {}
            }
        }
        s.page = s.page.clamp(1, MAX_PAGE);
        if s.sort == SortKey::Distance && s.near.is_none() {
            s.sort = SortKey::Relevance;
        }
        s
    }
}

fn parse_near(v: &str) -> Option<(f64, f64)> {
    let (lat, lng) = v.split_once(',')?;
    let (lat, lng): (f64, f64) = (lat.trim().parse().ok()?, lng.trim().parse().ok()?);
    ((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lng)).then_some((lat, lng))
}

/// Canonical query string without the leading `?` (fixed order, defaults left out; values unencoded —
/// the router percent-encodes it). Delimiters in values (`&`, `=`, `#`, `+`) become spaces.
impl fmt::Display for DoctorSearch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<(&str, String)> = Vec::new();
        let mut push = |k: &'static str, v: String| {
            if !v.is_empty() {
                parts.push((k, v.replace(DELIMITERS, " ")));
            }
        };
        push("q", self.q.clone());
        push("specialty", self.specialty.clone());
        push("city", self.city.clone());
        push("area", self.area.clone());
        push("mode", self.mode.clone());
        push("gender", self.gender.clone());
        push("lang", self.lang.clone());
        push("fee_max", self.fee_max.map(|v| v.to_string()).unwrap_or_default());
        push("rating_min", self.rating_min.map(|v| v.to_string()).unwrap_or_default());
        if self.sort != SortKey::Relevance {
            push("sort", self.sort.as_str().into());
        }
        if let Some((lat, lng)) = self.near {
            push("near", format!("{lat:.4},{lng:.4}"));
        }
        if self.page > 1 {
            push("page", self.page.to_string());
        }
        let s: Vec<String> = parts.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
        f.write_str(&s.join("&"))
    }
}

impl DoctorSearch {
    /// `/doctors` plus the canonical, percent-encoded query (for links and `<link rel=canonical>`).
    pub fn href(&self) -> String {
        let q = self.to_string();
        if q.is_empty() {
            return "/doctors".into();
        }
        // Values are escaped; the separators the canonical form itself writes (`&`, `=`, `,`) stay.
        const SET: &percent_encoding::AsciiSet = &super::QUERY_VALUE.remove(b'&').remove(b'=').remove(b',');
        let encoded = percent_encoding::utf8_percent_encode(&q, SET);
        format!("/doctors?{encoded}")
    }

    /// The same search on another page.
    pub fn with_page(&self, page: u32) -> DoctorSearch {
        DoctorSearch { page, ..self.clone() }
    }

    /// Any filter besides the text query set?
    pub fn has_filters(&self) -> bool {
        !(self.specialty.is_empty()
            && self.city.is_empty()
            && self.area.is_empty()
            && self.mode.is_empty()
            && self.gender.is_empty()
            && self.lang.is_empty()
            && self.fee_max.is_none()
            && self.rating_min.is_none())
    }
}

/// Lower-case, accent-free search words of a query, without filler words ("Dr. José in Austin" →
/// ["jose", "austin"]). The server matches these against the index; at most 6 words of 2+ characters.
pub fn query_terms(q: &str) -> Vec<String> {
    const STOP: &[&str] = &["dr", "doctor", "doctors", "the", "in", "near", "and", "of", "at", "for", "with"];
    super::fold::to_ascii(q)
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 2 && !STOP.contains(w))
        .map(|w| w.chars().take(40).collect())
        .take(6)
        .collect()
}

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchResults {
    pub doctors: Vec<DoctorSummary>,
    /// Matching doctors, counted up to [`COUNT_CAP`] + 1.
    pub total: i64,
    pub page: u32,
    /// Words of the query that were read as something else ("cardiolgy" → "cardiology").
    pub corrections: Vec<(String, String)>,
}

impl SearchResults {
    pub fn pages(&self) -> u32 {
        let total = self.total.min(COUNT_CAP);
        (((total + PER_PAGE - 1) / PER_PAGE) as u32).clamp(1, MAX_PAGE)
    }

    /// "1 doctor", "37 doctors", "1,000+ doctors".
    pub fn total_label(&self) -> String {
        match self.total {
            1 => "1 doctor".into(),
            n if n > COUNT_CAP => "1,000+ doctors".into(),
            n => format!("{n} doctors"),
        }
    }
}

/// One page of `/doctors` results and the site's public URL (for canonical links).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchPage {
    pub results: SearchResults,
    pub base_url: String,
}

/// Choices for the filter controls: specialties, cities and spoken languages (a city's areas are fetched
/// once it is chosen).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct SearchFacets {
    pub specialties: Vec<(String, String)>,
    pub cities: Vec<String>,
    pub languages: Vec<String>,
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
