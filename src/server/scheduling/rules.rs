//! A doctor's booking rules as stored in Postgres, turned into `slots::Rules`, and the free slots a
//! patient sees (labelled in a named zone, so the server-rendered page and the hydrated one agree).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::PgPool;
use uuid::Uuid;

use super::slots::{self, Busy, DateException, Rules, Slot, WeeklyInterval};
use crate::error::AppError;
use crate::model::booking::{
    Availability, ConsultationMode, ConsultationType, SlotDay, SlotOffer, ALTERNATIVES, DAYS_PER_PAGE,
};
use crate::model::doctor::address_line;
use crate::model::money::Currency;

/// The booking side of a doctor.
#[derive(Debug, Clone)]
pub struct Doctor {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub slug: String,
    pub tz: Tz,
    pub approval_required: bool,
    pub min_notice: Duration,
    pub horizon: Duration,
    pub daily_cap: Option<usize>,
    pub cancel_cutoff: Duration,
    pub currency: Currency,
}

/// A zone name parsed, or UTC for anything unknown (stored zones are validated when saved).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// An approved, listed doctor by id.
pub async fn doctor(db: &PgPool, id: Uuid) -> Result<Option<Doctor>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select d.id, d.user_id, u.full_name, d.slug, d.time_zone, d.approval_required, d.min_notice_minutes,
                  d.horizon_days, d.daily_cap, d.cancel_cutoff_minutes, d.currency as "currency: Currency"
           from doctors d join users u on u.id = d.user_id
           where d.id = $1 and d.status = 'approved' and d.listed"#,
        id
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Doctor {
        id: r.id,
        user_id: r.user_id,
        name: format!("Dr. {}", r.full_name),
        slug: r.slug,
        tz: zone(&r.time_zone),
        approval_required: r.approval_required,
        min_notice: Duration::minutes(r.min_notice_minutes.into()),
        horizon: Duration::days(r.horizon_days.into()),
        daily_cap: r.daily_cap.map(|c| c.max(0) as usize),
        cancel_cutoff: Duration::minutes(r.cancel_cutoff_minutes.into()),
        currency: r.currency,
    }))
}

/// The doctor id behind a public slug.
pub async fn doctor_id_by_slug(db: &PgPool, slug: &str) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("select id from doctors where slug = $1 and status = 'approved' and listed", slug)
        .fetch_optional(db)
        .await
}

/// The consultation types a doctor offers now, in their order.
pub async fn types(db: &PgPool, doctor_id: Uuid) -> Result<Vec<ConsultationType>, sqlx::Error> {
    sqlx::query_as!(
        ConsultationType,
        r#"select t.id, t.mode as "mode: ConsultationMode", t.name, t.duration_minutes, t.buffer_minutes,
                  t.fee_minor, d.currency as "currency: Currency"
           from consultation_types t join doctors d on d.id = t.doctor_id
           where t.doctor_id = $1 and t.active order by t.position, t.created_at"#,
        doctor_id
    )
    .fetch_all(db)
    .await
}

/// One consultation type by id, offered now or not (an appointment keeps the type it was booked as).
pub async fn consultation_type(db: &PgPool, id: Uuid) -> Result<Option<ConsultationType>, sqlx::Error> {
    sqlx::query_as!(
        ConsultationType,
        r#"select t.id, t.mode as "mode: ConsultationMode", t.name, t.duration_minutes, t.buffer_minutes,
                  t.fee_minor, d.currency as "currency: Currency"
           from consultation_types t join doctors d on d.id = t.doctor_id
           where t.id = $1"#,
        id
    )
    .fetch_optional(db)
    .await
}

/// The doctor's practice locations: (position, "name — address, area, city").
pub async fn locations(db: &PgPool, doctor_id: Uuid) -> Result<Vec<(i16, String)>, sqlx::Error> {
    let rows = sqlx::query!(
        "select position, name, address, area, city from doctor_locations where doctor_id = $1 order by position",
        doctor_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.position, format!("{} — {}", r.name, address_line(&[&r.address, &r.area, &r.city]))))
        .collect())
}

/// ISO weekday number (1 = Monday) → `Weekday` (out-of-range values clamp to Sunday).
pub fn weekday(iso: i16) -> Weekday {
    match iso {
        1 => Weekday::Mon,
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        _ => Weekday::Sun,
    }
}

/// The slot rules for one consultation type, at one location (video uses every interval; an in-person
/// visit at location `p` uses the intervals for `p` and those for every location), with the exceptions
/// from the day before `now` on (in UTC: a day earlier than any zone's today).
pub async fn rules(
    db: &PgPool,
    doctor: &Doctor,
    kind: &ConsultationType,
    location: Option<i16>,
    now: DateTime<Utc>,
) -> Result<Rules, sqlx::Error> {
    let only = if kind.mode == ConsultationMode::Video { None } else { location };
    let weekly = sqlx::query!(
        r#"select weekday, start_time, end_time from availability_intervals
           where doctor_id = $1 and ($2::smallint is null or location_position is null or location_position = $2)"#,
        doctor.id,
        only
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| WeeklyInterval { weekday: weekday(r.weekday), start: r.start_time, end: r.end_time })
    .collect();
    let exceptions = sqlx::query!(
        "select on_date, starts, ends from availability_exceptions where doctor_id = $1 and on_date >= $2",
        doctor.id,
        now.date_naive() - Duration::days(1)
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|r| DateException { date: r.on_date, intervals: r.starts.into_iter().zip(r.ends).collect() })
    .collect();
    Ok(Rules {
        tz: doctor.tz,
        weekly,
        exceptions,
        duration: Duration::minutes(kind.duration_minutes.into()),
        buffer: Duration::minutes(kind.buffer_minutes.into()),
        min_notice: doctor.min_notice,
        horizon: doctor.horizon,
        daily_cap: doctor.daily_cap,
    })
}

/// The doctor's active appointments overlapping `[from, to)` (stale holds excluded), as the busy list for
/// `buffer`: each ends so that `end + buffer` is the time it blocks until. `except` leaves one out (the
/// appointment being rescheduled).
pub async fn busy(
    db: &PgPool,
    doctor_id: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    buffer: Duration,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Vec<Busy>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select starts_at, blocked_until from appointments
           -- Overlap with [from, to) on the exclusion constraint's own index (doctor, time range, active rows).
           where doctor_id = $1 and tstzrange(starts_at, blocked_until) && tstzrange($2, $3)
             and carebook_still_blocks(status, hold_expires_at, $4)
             and ($5::uuid is null or id <> $5)"#,
        doctor_id,
        from,
        to,
        now,
        except
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| Busy { start: r.starts_at, end: r.blocked_until - buffer }).collect())
}

/// Free slots for local dates `from..=to` (in the doctor's zone).
pub async fn free(
    db: &PgPool,
    doctor: &Doctor,
    rules: &Rules,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    except: Option<Uuid>,
) -> Result<Vec<Slot>, sqlx::Error> {
    let lo = (now.min(start_of(doctor.tz, from))) - Duration::days(1);
    let hi = start_of(doctor.tz, to) + Duration::days(2);
    let busy = busy(db, doctor.id, lo, hi, rules.buffer, now, except).await?;
    Ok(slots::free_slots(rules, &busy, from, to, now))
}

fn start_of(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    use chrono::TimeZone;
    tz.from_local_datetime(&date.and_time(NaiveTime::MIN))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|| DateTime::<Utc>::from_naive_utc_and_offset(date.and_time(NaiveTime::MIN), Utc))
}

/// A slot labelled in `tz`.
pub fn offer(start: DateTime<Utc>, tz: Tz) -> SlotOffer {
    let local = start.with_timezone(&tz);
    SlotOffer { start, label: local.format("%H:%M").to_string(), day_label: local.format("%a %-d %b").to_string() }
}

/// The next free slots after `after` (up to `ALTERNATIVES`), for a "this slot was just taken" answer.
pub async fn alternatives(
    db: &PgPool,
    doctor: &Doctor,
    kind: &ConsultationType,
    location: Option<i16>,
    after: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<Vec<SlotOffer>, sqlx::Error> {
    let rules = rules(db, doctor, kind, location, now).await?;
    let from = after.with_timezone(&doctor.tz).date_naive();
    let slots = free(db, doctor, &rules, from, from + Duration::days(14), now, None).await?;
    Ok(slots.into_iter().filter(|s| s.start >= after).take(ALTERNATIVES).map(|s| offer(s.start, tz)).collect())
}

/// The zone slot labels are shown in: a name (None: the doctor's), and whether it is the viewer's profile
/// setting (then the browser must not override it).
#[derive(Debug, Clone, Copy)]
pub struct DisplayZone<'a> {
    pub name: Option<&'a str>,
    pub from_profile: bool,
}

/// What the booking widget shows: a week of free slots from `from` for one type and location, labelled in
/// `display_tz` (falls back to the doctor's zone).
pub async fn availability(
    db: &PgPool,
    doctor_id: Uuid,
    type_id: Option<Uuid>,
    location: Option<i16>,
    from: Option<NaiveDate>,
    zone: DisplayZone<'_>,
    now: DateTime<Utc>,
) -> Result<Availability, AppError> {
    let (display_tz, zone_from_profile) = (zone.name, zone.from_profile);
    let doctor = self::doctor(db, doctor_id).await?.ok_or_else(|| AppError::NotFound("Doctor".into()))?;
    let types = types(db, doctor.id).await?;
    let locations = locations(db, doctor.id).await?;
    let tz: Tz = display_tz.and_then(|z| z.parse().ok()).unwrap_or(doctor.tz);
    let kind = type_id.and_then(|id| types.iter().find(|t| t.id == id)).or(types.first()).cloned();
    let location = match &kind {
        Some(k) if k.mode == ConsultationMode::InPerson => {
            location.filter(|p| locations.iter().any(|(q, _)| q == p)).or(locations.first().map(|l| l.0))
        }
        _ => None,
    };
    let today = now.with_timezone(&doctor.tz).date_naive();
    let last = (now + doctor.horizon).with_timezone(&doctor.tz).date_naive();
    let from = from.unwrap_or(today).clamp(today, last.max(today));
    let to = from + Duration::days(i64::from(DAYS_PER_PAGE) - 1);
    let mut days = Vec::new();
    let mut next_available = None;
    if let Some(kind) = &kind {
        let rules = rules(db, &doctor, kind, location, now).await?;
        // One computation covers the shown week and the search for the next free day after it.
        let slots = free(db, &doctor, &rules, from, last.max(to), now, None).await?;
        let mut by_day: std::collections::BTreeMap<NaiveDate, Vec<SlotOffer>> = Default::default();
        for s in &slots {
            let day = s.start.with_timezone(&tz).date_naive();
            by_day.entry(day).or_default().push(offer(s.start, tz));
        }
        let shown_to = to;
        for offset in 0..i64::from(DAYS_PER_PAGE) {
            let date = from + Duration::days(offset);
            days.push(SlotDay {
                date: date.format("%Y-%m-%d").to_string(),
                label: format!("{} {}", short_weekday(date.weekday()), date.format("%-d %b")),
                slots: by_day.remove(&date).unwrap_or_default(),
            });
        }
        next_available = by_day.keys().find(|d| **d > shown_to).map(|d| d.format("%Y-%m-%d").to_string());
    }
    Ok(Availability {
        doctor_id: doctor.id,
        doctor_name: doctor.name.clone(),
        doctor_time_zone: doctor.tz.name().to_string(),
        time_zone: tz.name().to_string(),
        zone_from_profile,
        type_id: kind.as_ref().map(|k| k.id),
        location,
        types,
        locations,
        from: from.format("%Y-%m-%d").to_string(),
        days,
        next_available,
        approval_required: doctor.approval_required,
    })
}

fn short_weekday(w: Weekday) -> &'static str {
    ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][w.num_days_from_monday() as usize]
}
