//! Slot computation: examples (breaks, exceptions, buffers, notice, horizon, cap, both DST changes) and
//! properties over random schedules and bookings.

use super::*;
use chrono::Timelike;
use proptest::prelude::*;

fn t(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn rules(tz: Tz, weekly: Vec<WeeklyInterval>) -> Rules {
    Rules {
        tz,
        weekly,
        exceptions: vec![],
        duration: Duration::minutes(30),
        buffer: Duration::zero(),
        min_notice: Duration::zero(),
        horizon: Duration::days(365),
        daily_cap: None,
    }
}

fn every_day(start: NaiveTime, end: NaiveTime) -> Vec<WeeklyInterval> {
    [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun]
        .into_iter()
        .map(|weekday| WeeklyInterval { weekday, start, end })
        .collect()
}

fn local_times(r: &Rules, slots: &[Slot]) -> Vec<String> {
    slots.iter().map(|s| s.start.with_timezone(&r.tz).format("%H:%M").to_string()).collect()
}

fn long_ago() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap()
}

#[test]
fn breaks_and_exceptions() {
    let mut r = rules(
        chrono_tz::Europe::Paris,
        vec![
            WeeklyInterval { weekday: Weekday::Mon, start: t(9, 0), end: t(11, 0) },
            WeeklyInterval { weekday: Weekday::Mon, start: t(14, 0), end: t(15, 0) },
        ],
    );
    let monday = d(2026, 11, 23);
    let slots = free_slots(&r, &[], monday, monday, long_ago());
    assert_eq!(local_times(&r, &slots), ["09:00", "09:30", "10:00", "10:30", "14:00", "14:30"]);
    r.exceptions.push(DateException { date: monday, intervals: vec![(t(16, 0), t(17, 0))] });
    assert_eq!(local_times(&r, &free_slots(&r, &[], monday, monday, long_ago())), ["16:00", "16:30"]);
    r.exceptions[0].intervals.clear();
    assert!(free_slots(&r, &[], monday, monday, long_ago()).is_empty(), "a day off");
    // Tuesday has no hours at all.
    assert!(free_slots(&r, &[], d(2026, 11, 24), d(2026, 11, 24), long_ago()).is_empty());
}

#[test]
fn bookings_block_their_time_and_both_buffers() {
    let mut r = rules(chrono_tz::UTC, every_day(t(9, 0), t(12, 0)));
    r.buffer = Duration::minutes(10);
    let day = d(2026, 11, 23);
    let busy = Busy {
        start: Utc.with_ymd_and_hms(2026, 11, 23, 10, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap(),
    };
    // Grid every 40 min: 09:00 ok; 09:40 (+30 +10 buffer reaches 10:20) clashes; 10:20 starts inside the
    // booking's buffer; 11:00 ok.
    assert_eq!(local_times(&r, &free_slots(&r, &[busy], day, day, long_ago())), ["09:00", "11:00"]);
}

#[test]
fn notice_horizon_and_daily_cap() {
    let mut r = rules(chrono_tz::UTC, every_day(t(9, 0), t(12, 0)));
    let day = d(2026, 11, 23);
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap();
    r.min_notice = Duration::hours(2);
    assert_eq!(local_times(&r, &free_slots(&r, &[], day, day, now)), ["10:00", "10:30", "11:00", "11:30"]);
    r.horizon = Duration::hours(3);
    assert_eq!(local_times(&r, &free_slots(&r, &[], day, day, now)), ["10:00", "10:30", "11:00"]);
    r.daily_cap = Some(2);
    assert_eq!(free_slots(&r, &[], day, day, now).len(), 2);
    let booked = Busy {
        start: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
        end: Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap(),
    };
    assert_eq!(free_slots(&r, &[booked], day, day, now).len(), 1, "the cap counts existing bookings");
}

#[test]
fn spring_forward_skips_the_missing_hour_and_keeps_wall_clock_slots() {
    let r = rules(chrono_tz::America::New_York, every_day(t(1, 0), t(4, 0)));
    let day = d(2026, 3, 8); // 02:00 → 03:00
    let slots = free_slots(&r, &[], day, day, long_ago());
    assert_eq!(local_times(&r, &slots), ["01:00", "01:30", "03:00", "03:30"]);
    assert!(slots.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn fall_back_offers_each_wall_clock_slot_once() {
    let r = rules(chrono_tz::America::New_York, every_day(t(0, 0), t(3, 0)));
    let day = d(2026, 11, 1); // 02:00 → 01:00
    let slots = free_slots(&r, &[], day, day, long_ago());
    assert_eq!(local_times(&r, &slots), ["00:00", "00:30", "01:00", "01:30", "02:00", "02:30"]);
    assert!(slots.windows(2).all(|w| w[0].end <= w[1].start), "no overlaps in real time");
}

fn arb_weekly() -> impl Strategy<Value = Vec<WeeklyInterval>> {
    prop::collection::vec((0u32..7, 0u32..47, 1u32..12), 1..6).prop_map(|v| {
        v.into_iter()
            .map(|(wd, start_half_hour, len)| {
                let start = t(start_half_hour / 2, (start_half_hour % 2) * 30);
                let end_minutes = (start.num_seconds_from_midnight() / 60 + len * 30).min(23 * 60 + 59);
                WeeklyInterval {
                    weekday: Weekday::try_from(wd as u8).unwrap(),
                    start,
                    end: t(end_minutes / 60, end_minutes % 60),
                }
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn slots_respect_hours_bookings_notice_and_each_other(
        weekly in arb_weekly(),
        zone in prop::sample::select(vec![chrono_tz::UTC, chrono_tz::America::New_York, chrono_tz::Europe::Berlin, chrono_tz::Australia::Sydney]),
        duration in 10i64..90,
        buffer in 0i64..30,
        notice_h in 0i64..48,
        busy_offsets in prop::collection::vec((0i64..(14 * 24 * 60), 10i64..120), 0..12),
        start_day in 0i64..365,
    ) {
        let mut r = rules(zone, weekly);
        r.duration = Duration::minutes(duration);
        r.buffer = Duration::minutes(buffer);
        r.min_notice = Duration::hours(notice_h);
        r.horizon = Duration::days(10);
        let from = d(2026, 1, 1) + Duration::days(start_day);
        let to = from + Duration::days(13);
        let now = zone.from_local_datetime(&from.and_time(t(8, 0))).earliest().unwrap().with_timezone(&Utc);
        let busy: Vec<Busy> = busy_offsets.iter().map(|(off, len)| {
            let start = now + Duration::minutes(*off);
            Busy { start, end: start + Duration::minutes(*len) }
        }).collect();
        let slots = free_slots(&r, &busy, from, to, now);
        for (i, s) in slots.iter().enumerate() {
            prop_assert_eq!(s.end - s.start, r.duration);
            prop_assert!(s.start >= now + r.min_notice && s.start <= now + r.horizon);
            let local = s.start.with_timezone(&zone).naive_local();
            let within = intervals_on(&r, local.date()).iter().any(|(a, b)| {
                local.time() >= *a && local + r.duration <= local.date().and_time(*b)
            });
            prop_assert!(within, "slot {} outside working hours", local);
            for b in &busy {
                prop_assert!(s.end + r.buffer <= b.start || b.end + r.buffer <= s.start, "slot {:?} clashes with {:?}", s, b);
            }
            if i > 0 {
                prop_assert!(slots[i - 1].end <= s.start, "slots overlap");
            }
        }
    }
}
