//! A doctor's booking settings as a form: zone, policy, consultation types, the weekly schedule and date
//! exceptions. The rules run in the browser (live errors) and again on the server.

use serde::{Deserialize, Serialize};

use super::booking::ConsultationMode;
use super::profile::plausible_time_zone;
use crate::error::FieldErrors;

/// ISO weekday names, Monday = 1.
pub const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// One consultation type in the editor (`id` is None for a new one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TypeForm {
    pub id: Option<uuid::Uuid>,
    pub mode: ConsultationMode,
    pub name: String,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
    /// In major units as typed ("80" or "80.50").
    pub fee: String,
}

impl From<super::booking::ConsultationType> for TypeForm {
    /// The editor's row for a stored type; the fee in major units, without decimals when whole.
    fn from(t: super::booking::ConsultationType) -> Self {
        let fee = if t.fee_minor % 100 == 0 {
            (t.fee_minor / 100).to_string()
        } else {
            format!("{}.{:02}", t.fee_minor / 100, t.fee_minor % 100)
        };
        TypeForm {
            id: Some(t.id),
            mode: t.mode,
            name: t.name,
            duration_minutes: t.duration_minutes,
            buffer_minutes: t.buffer_minutes,
            fee,
        }
    }
}

/// One working interval: ISO weekday, "HH:MM" times, and optionally one practice location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct IntervalForm {
    pub weekday: i16,
    pub start: String,
    pub end: String,
    pub location: Option<i16>,
}

/// Everything the schedule editor saves at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ScheduleForm {
    pub time_zone: String,
    pub approval_required: bool,
    pub min_notice_minutes: i32,
    pub horizon_days: i32,
    pub daily_cap: Option<i32>,
    pub cancel_cutoff_minutes: i32,
    /// How the fee is taken: online before the visit, at the practice, or not at all.
    #[serde(default)]
    pub payment_policy: crate::model::payment::PaymentPolicy,
    /// Share of a paid fee refunded when the patient cancels before the cut-off (0–100).
    #[serde(default)]
    pub refund_percent_before_cutoff: i16,
    /// Share refunded when the patient cancels after it (0–100).
    #[serde(default)]
    pub refund_percent_after_cutoff: i16,
    pub types: Vec<TypeForm>,
    pub intervals: Vec<IntervalForm>,
}

/// The schedule editor's data: the form plus the doctor's locations and exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ScheduleView {
    pub form: ScheduleForm,
    pub currency: super::money::Currency,
    pub locations: Vec<(i16, String)>,
    pub exceptions: Vec<ExceptionForm>,
    /// A private calendar feed is live (its URL is shown only once, when created).
    pub feed_active: bool,
    /// The first slot patients can book now, in the doctor's zone ("Mon 23 Nov, 09:00"); None: nothing is
    /// bookable (no consultation type, no hours, or nothing free within the horizon).
    pub next_available: Option<String>,
}

/// A date whose hours replace the weekly ones: no intervals means a day off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExceptionForm {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// ("HH:MM", "HH:MM") pairs.
    pub intervals: Vec<(String, String)>,
    pub note: String,
}

/// "HH:MM" (24-hour) → minutes after midnight.
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// "80" / "80.5" / "80.50" → minor units.
pub fn parse_fee(s: &str) -> Option<i32> {
    let s = s.trim();
    let (major, minor) = s.split_once('.').unwrap_or((s, ""));
    if major.is_empty() || !major.chars().all(|c| c.is_ascii_digit()) || major.len() > 6 {
        return None;
    }
    if minor.len() > 2 || !minor.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let cents = if minor.is_empty() { 0 } else { format!("{minor:0<2}").parse::<i32>().ok()? };
    Some(major.parse::<i32>().ok()? * 100 + cents)
}

fn check_intervals(errors: &mut FieldErrors, key: &str, list: &[(Option<u32>, Option<u32>)]) {
    let mut ok: Vec<(u32, u32)> = Vec::new();
    for (a, b) in list {
        match (a, b) {
            (Some(a), Some(b)) if a < b => ok.push((*a, *b)),
            (Some(_), Some(_)) => {
                errors.insert(key.into(), "Each interval must end after it starts.".into());
                return;
            }
            _ => {
                errors.insert(key.into(), "Use 24-hour times like 09:00 and 17:30.".into());
                return;
            }
        }
    }
    ok.sort();
    if ok.windows(2).any(|w| w[1].0 < w[0].1) {
        errors.insert(key.into(), "Intervals on the same day must not overlap.".into());
    }
}

impl ScheduleForm {
    /// Field errors keyed `time_zone`, `min_notice_minutes`, …, `types.N.name`, `day.N` (weekday).
    pub fn validate(&self, location_count: usize) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        if !plausible_time_zone(&self.time_zone) {
            e.insert("time_zone".into(), "Use a time zone name like Europe/Berlin or America/New_York.".into());
        }
        if !(0..=20160).contains(&self.min_notice_minutes) {
            e.insert("min_notice_minutes".into(), "Minimum notice is between 0 minutes and 14 days.".into());
        }
        if !(1..=365).contains(&self.horizon_days) {
            e.insert("horizon_days".into(), "Patients can book between 1 and 365 days ahead.".into());
        }
        if self.daily_cap.is_some_and(|c| !(1..=200).contains(&c)) {
            e.insert("daily_cap".into(), "A daily cap is between 1 and 200 (or empty for none).".into());
        }
        if !(0..=10080).contains(&self.cancel_cutoff_minutes) {
            e.insert("cancel_cutoff_minutes".into(), "The cut-off is between 0 minutes and 7 days.".into());
        }
        for (key, value) in [
            ("refund_percent_before_cutoff", self.refund_percent_before_cutoff),
            ("refund_percent_after_cutoff", self.refund_percent_after_cutoff),
        ] {
            if !(0..=100).contains(&value) {
                e.insert(key.into(), "A share between 0 and 100 percent.".into());
            }
        }
        if self.types.is_empty() {
            e.insert("types".into(), "Offer at least one consultation type.".into());
        }
        for (i, t) in self.types.iter().enumerate() {
            if t.name.trim().is_empty() || t.name.trim().chars().count() > 80 {
                e.insert(format!("types.{i}.name"), "Name it (up to 80 characters).".into());
            }
            if !(5..=240).contains(&t.duration_minutes) {
                e.insert(format!("types.{i}.duration"), "Between 5 and 240 minutes.".into());
            }
            if !(0..=120).contains(&t.buffer_minutes) {
                e.insert(format!("types.{i}.buffer"), "Between 0 and 120 minutes.".into());
            }
            if parse_fee(&t.fee).is_none() {
                e.insert(format!("types.{i}.fee"), "Enter an amount like 80 or 80.50.".into());
            }
        }
        for day in 1..=7i16 {
            let list: Vec<_> = self
                .intervals
                .iter()
                .filter(|i| i.weekday == day)
                .map(|i| (parse_hhmm(&i.start), parse_hhmm(&i.end)))
                .collect();
            check_intervals(&mut e, &format!("day.{day}"), &list);
            for i in self.intervals.iter().filter(|i| i.weekday == day) {
                if i.location.is_some_and(|p| p < 0 || p as usize >= location_count) {
                    e.insert(format!("day.{day}"), "Pick one of your practice locations.".into());
                }
            }
        }
        if self.intervals.iter().any(|i| !(1..=7).contains(&i.weekday)) {
            e.insert("intervals".into(), "Unknown weekday.".into());
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

impl ExceptionForm {
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::new();
        if chrono::NaiveDate::parse_from_str(&self.date, "%Y-%m-%d").is_err() {
            e.insert("date".into(), "Pick a date.".into());
        }
        let list: Vec<_> = self.intervals.iter().map(|(a, b)| (parse_hhmm(a), parse_hhmm(b))).collect();
        check_intervals(&mut e, "intervals", &list);
        if self.note.chars().count() > 200 {
            e.insert("note".into(), "Keep the note under 200 characters.".into());
        }
        if e.is_empty() {
            Ok(())
        } else {
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ScheduleForm {
        ScheduleForm {
            time_zone: "Europe/Berlin".into(),
            min_notice_minutes: 120,
            horizon_days: 60,
            cancel_cutoff_minutes: 120,
            types: vec![TypeForm {
                name: "Consultation".into(),
                duration_minutes: 20,
                buffer_minutes: 5,
                fee: "80".into(),
                ..Default::default()
            }],
            intervals: vec![
                IntervalForm { weekday: 1, start: "09:00".into(), end: "12:00".into(), location: None },
                IntervalForm { weekday: 1, start: "13:00".into(), end: "17:00".into(), location: Some(0) },
            ],
            ..Default::default()
        }
    }

    #[test]
    fn times_and_fees_parse() {
        assert_eq!(parse_hhmm("09:30"), Some(570));
        assert_eq!(parse_hhmm("9:05"), Some(545));
        assert_eq!(parse_hhmm("24:00"), None);
        assert_eq!(parse_hhmm("12:5"), None);
        assert_eq!(parse_fee("80"), Some(8000));
        assert_eq!(parse_fee("80.5"), Some(8050));
        assert_eq!(parse_fee("80.505"), None);
        assert_eq!(parse_fee("-1"), None);
    }

    #[test]
    fn schedule_rules() {
        assert!(valid().validate(1).is_ok());
        let mut f = valid();
        f.intervals.push(IntervalForm { weekday: 1, start: "11:00".into(), end: "14:00".into(), location: None });
        f.types[0].fee = "eighty".into();
        f.time_zone = "Berlin time".into();
        let e = f.validate(1).unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["day.1", "time_zone", "types.0.fee"]);
        assert!(valid().validate(0).unwrap_err().contains_key("day.1"), "location 0 must exist");
    }

    #[test]
    fn exception_rules() {
        let day_off = ExceptionForm { date: "2026-12-24".into(), ..Default::default() };
        assert!(day_off.validate().is_ok());
        let bad = ExceptionForm {
            date: "soon".into(),
            intervals: vec![("10:00".into(), "09:00".into())],
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err().keys().collect::<Vec<_>>(), ["date", "intervals"]);
    }
}
