//! Reviews of real visits: the patient's form and its rules (run in the browser and again on the server), the
//! doctor page's rating summary and review list, and what the doctor and the moderators see.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// How long after the visit a patient may review it, and how long a review stays editable.
pub const REVIEW_WINDOW_DAYS: i64 = 90;
pub const EDIT_WINDOW_DAYS: i64 = 7;
/// Reviews per page on the doctor page.
pub const REVIEWS_PER_PAGE: i64 = 10;
const MAX_TEXT: usize = 2000;

/// What a patient writes about a completed visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ReviewForm {
    /// Overall, 1–5.
    pub stars: i16,
    /// Optional sub-ratings, 1–5 each.
    pub waiting: Option<i16>,
    pub manner: Option<i16>,
    pub explanation: Option<i16>,
    pub body: String,
    /// Shown as "Anonymous patient" instead of first name and initial.
    pub anonymous: bool,
}

impl ReviewForm {
    /// The same checks in the browser and on the server.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if !(1..=5).contains(&self.stars) {
            errors.insert("stars".into(), "Choose from 1 to 5 stars.".into());
        }
        for (field, v) in [("waiting", self.waiting), ("manner", self.manner), ("explanation", self.explanation)] {
            if v.is_some_and(|v| !(1..=5).contains(&v)) {
                errors.insert(field.into(), "Choose from 1 to 5, or leave it out.".into());
            }
        }
        if self.body.trim().chars().count() > MAX_TEXT {
            errors.insert("body".into(), "Keep your review under 2,000 characters.".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A doctor's reply, or a report's reason: the text rules they share.
pub fn validate_reply(text: &str) -> Result<(), FieldErrors> {
    let n = text.trim().chars().count();
    if n == 0 {
        return Err(FieldErrors::from([("reply".into(), "Write a reply first.".into())]));
    }
    if n > MAX_TEXT {
        return Err(FieldErrors::from([("reply".into(), "Keep the reply under 2,000 characters.".into())]));
    }
    Ok(())
}

/// A report or a moderator's reason: 3–500 characters.
pub fn validate_reason(reason: &str) -> Result<(), FieldErrors> {
    let n = reason.trim().chars().count();
    if !(3..=500).contains(&n) {
        return Err(FieldErrors::from([("reason".into(), "Give a reason of 3 to 500 characters.".into())]));
    }
    Ok(())
}

/// How the doctor page orders reviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSort {
    #[default]
    Newest,
    Helpful,
}

/// A doctor's rating summary over visible reviews (kept by the database).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RatingSummary {
    pub count: i32,
    pub average: Option<f64>,
    /// Reviews with 1, 2, 3, 4 and 5 stars.
    pub distribution: [i32; 5],
    pub waiting: Option<f64>,
    pub manner: Option<f64>,
    pub explanation: Option<f64>,
}

impl RatingSummary {
    /// Percent of reviews with `stars` (1–5), rounded.
    pub fn percent(&self, stars: usize) -> i32 {
        if self.count == 0 || !(1..=5).contains(&stars) {
            return 0;
        }
        ((f64::from(self.distribution[stars - 1]) * 100.0) / f64::from(self.count)).round() as i32
    }
}

/// What a moderator decides about a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationDecision {
    /// Take it off the doctor page and out of the rating (a reason is required and shown to the author).
    Hide,
    /// Show a hidden review again.
    Restore,
    /// Keep it shown and close its reports.
    Dismiss,
}

/// The doctor's public reply to a review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewReply {
    pub body: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// One review as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: uuid::Uuid,
    /// "Maria K." or "Anonymous patient".
    pub author: String,
    pub stars: i16,
    pub waiting: Option<i16>,
    pub manner: Option<i16>,
    pub explanation: Option<i16>,
    pub body: String,
    /// `YYYY-MM-DD` of writing.
    pub date: String,
    pub edited: bool,
    pub helpful: i32,
    pub reply: Option<ReviewReply>,
}

/// One page of a doctor's visible reviews.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ReviewPage {
    pub reviews: Vec<ReviewView>,
    pub page: i64,
    pub more: bool,
}

/// What the patient's review page shows for one appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDraft {
    pub appointment_id: uuid::Uuid,
    pub doctor_name: String,
    pub doctor_slug: String,
    /// `YYYY-MM-DD` of the visit.
    pub visit_date: String,
    /// The review already written, if any.
    pub existing: Option<ReviewForm>,
    /// Whether the form may be saved now (and why not, otherwise).
    pub can_save: bool,
    pub why_not: String,
}

/// A review in the doctor's own list (with their reply) or the moderation queue (with its reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedReview {
    pub review: ReviewView,
    pub doctor_name: String,
    pub hidden_reason: Option<String>,
    /// Open reports: (reason, `YYYY-MM-DD`).
    pub reports: Vec<(String, String)>,
}

/// The public name of a reviewer: "Maria K." from "Maria Kowalska", or "Anonymous patient".
pub fn author_label(full_name: &str, anonymous: bool) -> String {
    let mut words = full_name.split_whitespace();
    match (anonymous, words.next()) {
        (false, Some(first)) => match words.last().and_then(|l| l.chars().next()) {
            Some(initial) => format!("{first} {}.", initial.to_uppercase()),
            None => first.to_string(),
        },
        _ => "Anonymous patient".to_string(),
    }
}

/// "4.8" for an average.
pub fn stars_label(avg: f64) -> String {
    format!("{avg:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_rules() {
        let ok = ReviewForm { stars: 5, body: "Listened carefully.".into(), ..Default::default() };
        assert!(ok.validate().is_ok());
        let bad = ReviewForm { stars: 0, manner: Some(6), body: "x".repeat(2001), ..Default::default() };
        assert_eq!(bad.validate().unwrap_err().keys().collect::<Vec<_>>(), ["body", "manner", "stars"]);
        assert!(validate_reply("  ").is_err());
        assert!(validate_reply("Thank you").is_ok());
        assert!(validate_reason("no").is_err());
        assert!(validate_reason("Names another patient").is_ok());
    }

    #[test]
    fn authors_show_first_name_and_initial_or_nothing() {
        assert_eq!(author_label("Maria Kowalska", false), "Maria K.");
        assert_eq!(author_label("Nguyễn Văn An", false), "Nguyễn A.");
        assert_eq!(author_label("Cher", false), "Cher");
        assert_eq!(author_label("Maria Kowalska", true), "Anonymous patient");
        assert_eq!(author_label("  ", false), "Anonymous patient");
    }

    #[test]
    fn distribution_percentages() {
        let s = RatingSummary { count: 4, distribution: [0, 0, 1, 1, 2], ..Default::default() };
        assert_eq!((s.percent(5), s.percent(3), s.percent(1), s.percent(6)), (50, 25, 0, 0));
        assert_eq!(RatingSummary::default().percent(5), 0);
    }
}
