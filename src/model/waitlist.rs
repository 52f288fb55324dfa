//! The waitlist: what a patient asks to wait for (and its rules, run in the browser and on the server), and
//! their entries with any slot held for them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::booking::ConsultationMode;
use crate::error::FieldErrors;

/// How long an offered slot stays held for the patient.
pub const OFFER_MINUTES: i64 = 30;
/// The longest date range one entry may cover.
pub const MAX_RANGE_DAYS: i64 = 90;

/// Times of day (the doctor's local time), as bits of `WaitlistForm::times`.
pub const TIMES: [(i16, &str); 3] =
    [(1, "Mornings (before 12:00)"), (2, "Afternoons (12:00–17:00)"), (4, "Evenings (from 17:00)")];

/// The bit of `TIMES` a local hour falls in.
pub fn time_bit(hour: u32) -> i16 {
    match hour {
        0..=11 => 1,
        12..=16 => 2,
        _ => 4,
    }
}

/// Where an entry stands (Postgres enum `waitlist_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "waitlist_status", rename_all = "snake_case"))]
pub enum WaitlistStatus {
    Waiting,
    /// A slot is held for the patient to accept.
    Offered,
    Booked,
    Left,
}

impl WaitlistStatus {
    pub fn label(self) -> &'static str {
        match self {
            WaitlistStatus::Waiting => "Waiting",
            WaitlistStatus::Offered => "Slot offered",
            WaitlistStatus::Booked => "Booked",
            WaitlistStatus::Left => "Left",
        }
    }
}

/// What a patient asks to wait for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistForm {
    pub doctor_id: uuid::Uuid,
    pub mode: ConsultationMode,
    /// `YYYY-MM-DD`, both included, in the doctor's calendar.
    pub from: String,
    pub to: String,
    /// Bits of `TIMES`; at least one.
    pub times: i16,
}

impl WaitlistForm {
    /// The same checks in the browser and on the server; `today` is the doctor's today. Answers the dates.
    pub fn validate(&self, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), FieldErrors> {
        let mut errors = FieldErrors::new();
        let parse = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let (from, to) = (parse(&self.from), parse(&self.to));
        match from {
            None => _ = errors.insert("from".into(), "Pick the first day that suits you.".into()),
            Some(f) if f < today => _ = errors.insert("from".into(), "Pick today or a later day.".into()),
            _ => {}
        }
        match (from, to) {
            (_, None) => _ = errors.insert("to".into(), "Pick the last day that suits you.".into()),
            (Some(f), Some(t)) if t < f => _ = errors.insert("to".into(), "The last day comes after the first.".into()),
            (Some(f), Some(t)) if (t - f).num_days() > MAX_RANGE_DAYS => {
                _ = errors.insert("to".into(), "Wait for at most 90 days at a time.".into())
            }
            _ => {}
        }
        if !(1..=7).contains(&self.times) {
            errors.insert("times".into(), "Choose at least one time of day.".into());
        }
        match (from, to) {
            (Some(f), Some(t)) if errors.is_empty() => Ok((f, t)),
            _ => Err(errors),
        }
    }
}

/// "Mornings, evenings" for a bit set.
pub fn times_label(times: i16) -> String {
    let names: Vec<&str> =
        TIMES.iter().filter(|(bit, _)| times & bit != 0).map(|(_, l)| l.split(' ').next().unwrap_or(l)).collect();
    names.join(", ")
}

/// A slot held for the patient from the waitlist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistOffer {
    pub appointment_id: uuid::Uuid,
    /// When the visit would be, in the patient's zone ("Tue 24 Nov, 09:00").
    pub when_label: String,
    /// Until when it is held, in the patient's zone ("09:30").
    pub until_label: String,
}

/// One of the patient's waitlist entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WaitlistEntry {
    pub id: uuid::Uuid,
    pub doctor_name: String,
    pub doctor_slug: String,
    pub mode: ConsultationMode,
    pub from: String,
    pub to: String,
    pub times: i16,
    pub status: WaitlistStatus,
    /// `YYYY-MM-DD` the patient joined.
    pub since: String,
    pub offer: Option<WaitlistOffer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(from: &str, to: &str, times: i16) -> WaitlistForm {
        WaitlistForm {
            doctor_id: uuid::Uuid::nil(),
            mode: ConsultationMode::InPerson,
            from: from.into(),
            to: to.into(),
            times,
        }
    }

    #[test]
    fn waitlist_rules() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(form("2026-11-23", "2026-12-07", 3).validate(today).is_ok());
        let e = form("2026-11-22", "2026-11-20", 0).validate(today).unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["from", "times", "to"]);
        assert!(form("2026-11-23", "2027-03-01", 1).validate(today).unwrap_err().contains_key("to"));
        assert!(form("", "x", 1).validate(today).is_err());
    }

    #[test]
    fn times_of_day() {
        assert_eq!((time_bit(9), time_bit(12), time_bit(16), time_bit(17)), (1, 2, 2, 4));
        assert_eq!(times_label(5), "Mornings, Evenings");
    }
}
