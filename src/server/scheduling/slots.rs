//! Free slots, as a pure function of a doctor's availability rules, the existing bookings and "now".
//!
//! Rules are wall-clock times in the doctor's IANA zone: a weekly schedule (several intervals a day, so
//! breaks are gaps), date exceptions (a day off, or special hours), a consultation's duration and the
//! buffer after it, minimum notice, a booking horizon and a daily cap. Slots start on a grid of
//! `duration + buffer` from each interval's start, in wall-clock time, so a DST day still offers 09:00,
//! 09:30, … Times that don't exist (spring-forward gap) are skipped; times that occur twice (fall-back)
//! are offered once, at their first occurrence.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

/// A working interval on a weekday, wall-clock, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeeklyInterval {
    pub weekday: Weekday,
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// A date whose hours replace the weekly ones; no intervals means a day off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateException {
    pub date: NaiveDate,
    pub intervals: Vec<(NaiveTime, NaiveTime)>,
}

/// How a doctor can be booked.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    pub tz: Tz,
    pub weekly: Vec<WeeklyInterval>,
    pub exceptions: Vec<DateException>,
    /// Consultation length.
    pub duration: Duration,
    /// Kept free after each appointment.
    pub buffer: Duration,
    /// Earliest bookable start is `now + min_notice`.
    pub min_notice: Duration,
    /// Latest bookable start is `now + horizon`.
    pub horizon: Duration,
    /// At most this many appointments (booked + offered) per local day.
    pub daily_cap: Option<usize>,
}

/// An existing appointment (its buffer is added here, from the rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// A free slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Slot {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

/// The first instant a wall-clock time maps to in `tz`, or None inside a spring-forward gap.
fn instant(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&local).earliest().map(|t| t.with_timezone(&Utc))
}

/// The working intervals of one local date, sorted, overlapping ones merged.
fn intervals_on(rules: &Rules, date: NaiveDate) -> Vec<(NaiveTime, NaiveTime)> {
    let mut list: Vec<(NaiveTime, NaiveTime)> = match rules.exceptions.iter().find(|e| e.date == date) {
        Some(e) => e.intervals.clone(),
        None => rules.weekly.iter().filter(|w| w.weekday == date.weekday()).map(|w| (w.start, w.end)).collect(),
    };
    list.retain(|(a, b)| a < b);
    list.sort();
    let mut merged: Vec<(NaiveTime, NaiveTime)> = Vec::with_capacity(list.len());
    for (a, b) in list {
        match merged.last_mut() {
            Some(last) if a <= last.1 => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

/// Free slots whose local start date is in `from..=to`, earliest first.
pub fn free_slots(rules: &Rules, busy: &[Busy], from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Vec<Slot> {
    let earliest = now + rules.min_notice;
    let latest = now + rules.horizon;
    let step = rules.duration + rules.buffer;
    if rules.duration <= Duration::zero() || step <= Duration::zero() {
        return Vec::new();
    }
    // Existing appointments block their time plus the buffer after them; a new slot needs its own
    // buffer free too, so compare [start, end + buffer) with [busy.start, busy.end + buffer).
    let mut blocked: Vec<(DateTime<Utc>, DateTime<Utc>)> =
        busy.iter().map(|b| (b.start, b.end + rules.buffer)).collect();
    blocked.sort();
    // Bookings per local day, for the daily cap (one zone conversion per booking, not per day).
    let mut booked_per_day: std::collections::HashMap<NaiveDate, usize> = std::collections::HashMap::new();
    for b in busy {
        *booked_per_day.entry(b.start.with_timezone(&rules.tz).date_naive()).or_default() += 1;
    }
    // Candidates come in time order, so a cursor skips bookings that ended before them.
    let mut cursor = 0;
    let mut out = Vec::new();
    let mut date = from;
    while date <= to {
        let booked_today = booked_per_day.get(&date).copied().unwrap_or(0);
        let mut offered_today = 0;
        for (start, end) in intervals_on(rules, date) {
            let (day_start, day_end) = (date.and_time(start), date.and_time(end));
            // The interval's real end: its wall-clock end, or (inside a gap) the first time after the gap.
            let Some(interval_end) = (0..=180).find_map(|m| instant(rules.tz, day_end + Duration::minutes(m))) else {
                continue;
            };
            let mut local = day_start;
            while local + rules.duration <= day_end {
                let here = local;
                local += step;
                let Some(s) = instant(rules.tz, here) else { continue };
                let e = s + rules.duration;
                if e > interval_end || s < earliest || s > latest {
                    continue;
                }
                if out.last().is_some_and(|last: &Slot| s < last.end) {
                    continue; // a fall-back repeat of an hour already offered
                }
                while cursor < blocked.len() && blocked[cursor].1 <= s {
                    cursor += 1;
                }
                // Blocked ranges are sorted by start; only those starting before this slot's end matter.
                let clash =
                    blocked[cursor..].iter().take_while(|(bs, _)| *bs < e + rules.buffer).any(|(_, be)| s < *be);
                if clash {
                    continue;
                }
                if rules.daily_cap.is_some_and(|cap| booked_today + offered_today >= cap) {
                    break;
                }
                offered_today += 1;
                out.push(Slot { start: s, end: e });
            }
        }
        date = match date.succ_opt() {
            Some(d) => d,
            None => break,
        };
    }
    out.sort();
    out.dedup();
    out
}

/// Benchmark: microseconds per 60-day computation for a busy doctor (weekdays 09–12 and 13–18 plus
/// Saturday mornings, 20-minute visits with 5-minute buffers, 80 existing bookings), averaged over `rounds`.
#[cfg(feature = "bench")]
pub fn bench_sixty_days(rounds: u32) -> f64 {
    let tz = chrono_tz::Europe::Berlin;
    let hm = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid time");
    let mut weekly = Vec::new();
    for weekday in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri] {
        weekly.push(WeeklyInterval { weekday, start: hm(9, 0), end: hm(12, 0) });
        weekly.push(WeeklyInterval { weekday, start: hm(13, 0), end: hm(18, 0) });
    }
    weekly.push(WeeklyInterval { weekday: Weekday::Sat, start: hm(9, 0), end: hm(13, 0) });
    let from = NaiveDate::from_ymd_opt(2026, 3, 1).expect("valid date"); // spans the March DST change
    let rules = Rules {
        tz,
        weekly,
        exceptions: vec![DateException { date: from + Duration::days(9), intervals: vec![] }],
        duration: Duration::minutes(20),
        buffer: Duration::minutes(5),
        min_notice: Duration::hours(2),
        horizon: Duration::days(90),
        daily_cap: Some(20),
    };
    let now = tz.from_local_datetime(&from.and_time(hm(7, 0))).earliest().expect("exists").with_timezone(&Utc);
    let busy: Vec<Busy> = (0..80)
        .map(|i| {
            let start = now + Duration::hours(26 + i * 17);
            Busy { start, end: start + Duration::minutes(20) }
        })
        .collect();
    let to = from + Duration::days(59);
    let started = std::time::Instant::now();
    let mut total = 0;
    for _ in 0..rounds.max(1) {
        total += std::hint::black_box(free_slots(&rules, &busy, from, to, now)).len();
    }
    assert!(total > 0, "the benchmark schedule must offer slots");
    started.elapsed().as_secs_f64() * 1e6 / f64::from(rounds.max(1))
}

#[cfg(test)]
#[path = "slots_tests.rs"]
mod tests;
