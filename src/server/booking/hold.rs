//! Holding a slot: the hot path of booking. One query loads everything the check needs (doctor, type,
//! place, that day's hours and exception, the doctor's busy times around it, the patient's zone), the
//! slot function decides, and one statement expires stale holds and inserts the hold under the
//! exclusion constraints. Conflicts and retries take the slower, general paths.

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::views::{can_change, when_label};
use super::{overlap, own_view, taken, DAILY_CAP, DOCTOR_OVERLAP, PATIENT_OVERLAP};
use crate::error::AppError;
use crate::model::booking::{AppointmentStatus, AppointmentView, ConsultationMode, ConsultationType, HOLD_MINUTES};
use crate::model::money::format_fee;
use crate::model::Role;
use crate::server::scheduling::rules::{self, Doctor};
use crate::server::scheduling::slots::{self, Busy, DateException, Rules, WeeklyInterval};
use crate::server::AppState;

/// Hold `start` for the caller (10 minutes). The same `key` always answers with the same appointment.
pub async fn hold(
    state: &AppState,
    patient: Uuid,
    doctor_id: Uuid,
    type_id: Uuid,
    location: Option<i16>,
    start: DateTime<Utc>,
    key: &str,
) -> Result<AppointmentView, AppError> {
    if !(8..=100).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AppError::BadRequest("A booking attempt needs a valid idempotency key.".into()));
    }
    let now = state.clock.now();
    // Busy times that can touch a slot on `start`'s local day, in any zone (days span at most 26 hours
    // either side of an instant in them).
    let (lo, hi) = (start - Duration::hours(27), start + Duration::hours(27));
    let c = sqlx::query!(
        r#"select d.user_id, du.full_name as doctor_name, d.slug, d.time_zone, d.approval_required, d.min_notice_minutes,
                  d.horizon_days, d.daily_cap, d.cancel_cutoff_minutes, d.currency::text as "currency!",
                  t.mode::text as "mode!", t.name as type_name, t.duration_minutes, t.buffer_minutes, t.fee_minor,
                  l.position as "loc_position?", l.place as "place?",
                  w.weekdays as "weekdays!", w.starts as "starts!", w.ends as "ends!",
                  x.dates as "ex_dates!", x.hours as "ex_hours!",
                  b.starts as "busy_starts!", b.until as "busy_until!",
                  pu.full_name as patient_name, pu.time_zone as patient_zone
           from doctors d
           join users du on du.id = d.user_id
           join consultation_types t on t.id = $2 and t.doctor_id = d.id and t.active
           join users pu on pu.id = $7
           left join lateral (
               select position, name || ' — ' || address || ', ' || area || ', ' || city as place
               from doctor_locations where doctor_id = d.id and t.mode = 'in_person'
                 and ($3::smallint is null or position = $3)
               order by position limit 1) l on true
           cross join lateral (
               select coalesce(array_agg(weekday), '{}') as weekdays, coalesce(array_agg(start_time), '{}') as starts,
                      coalesce(array_agg(end_time), '{}') as ends
               from availability_intervals i where i.doctor_id = d.id
                 and (t.mode = 'video' or i.location_position is null or i.location_position = l.position)) w
           cross join lateral (
               select coalesce(array_agg(e.on_date), '{}') as dates,
                      coalesce(array_agg(array_to_string(e.starts, ',') || '|' || array_to_string(e.ends, ',')), '{}') as hours
               from availability_exceptions e where e.doctor_id = d.id
                 and e.on_date between ($4::timestamptz)::date - 1 and ($5::timestamptz)::date + 1) x
           -- The same question the exclusion constraint asks, on its index: what blocks any of [$4, $5)?
           cross join lateral (
               select coalesce(array_agg(a.starts_at order by a.starts_at), '{}') as starts,
                      coalesce(array_agg(a.blocked_until order by a.starts_at), '{}') as until
               from appointments a where a.doctor_id = d.id
                 and tstzrange(a.starts_at, a.blocked_until) && tstzrange($4, $5)
                 and a.status in ('held', 'pending', 'confirmed', 'awaiting_completion', 'completed')
                 and (a.status <> 'held' or a.hold_expires_at > $6)) b
           where d.id = $1 and d.status = 'approved' and d.listed"#,
        doctor_id,
        type_id,
        location,
        lo,
        hi,
        now,
        patient
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("Doctor or consultation type".into()))?;
    if c.user_id == patient {
        return Err(AppError::BadRequest("You can't book an appointment with yourself.".into()));
    }
    let mode = ConsultationMode::parse(&c.mode).unwrap_or_default();
    if mode == ConsultationMode::InPerson && c.place.is_none() {
        return Err(AppError::field("location", "Pick a practice location."));
    }
    let doctor = Doctor {
        id: doctor_id,
        user_id: c.user_id,
        name: format!("Dr. {}", c.doctor_name),
        slug: c.slug.clone(),
        tz: rules::zone(&c.time_zone),
        approval_required: c.approval_required,
        min_notice: Duration::minutes(c.min_notice_minutes.into()),
        horizon: Duration::days(c.horizon_days.into()),
        daily_cap: c.daily_cap.map(|n| n.max(0) as usize),
        cancel_cutoff: Duration::minutes(c.cancel_cutoff_minutes.into()),
        currency: c.currency.clone(),
    };
    let buffer = Duration::minutes(c.buffer_minutes.into());
    let parse_times = |s: &str| -> Vec<NaiveTime> {
        s.split(',').filter_map(|t| NaiveTime::parse_from_str(t, "%H:%M:%S").ok()).collect()
    };
    let exceptions = c
        .ex_dates
        .iter()
        .zip(&c.ex_hours)
        .map(|(date, hours)| {
            let (a, b) = hours.split_once('|').unwrap_or(("", ""));
            DateException { date: *date, intervals: parse_times(a).into_iter().zip(parse_times(b)).collect() }
        })
        .collect();
    let rules = Rules {
        tz: doctor.tz,
        weekly: c
            .weekdays
            .iter()
            .zip(c.starts.iter().zip(&c.ends))
            .map(|(w, (s, e))| WeeklyInterval { weekday: rules::weekday(*w), start: *s, end: *e })
            .collect(),
        exceptions,
        duration: Duration::minutes(c.duration_minutes.into()),
        buffer,
        min_notice: doctor.min_notice,
        horizon: doctor.horizon,
        daily_cap: doctor.daily_cap,
    };
    let busy: Vec<Busy> =
        c.busy_starts.iter().zip(&c.busy_until).map(|(s, u)| Busy { start: *s, end: *u - buffer }).collect();
    let patient_tz: Tz = rules::zone(&c.patient_zone);
    let kind = ConsultationType {
        id: type_id,
        mode,
        name: c.type_name.clone(),
        duration_minutes: c.duration_minutes,
        buffer_minutes: c.buffer_minutes,
        fee_minor: c.fee_minor,
        currency: c.currency.clone(),
    };
    let date = start.with_timezone(&doctor.tz).date_naive();
    let Some(slot) = slots::free_slots(&rules, &busy, date, date, now).into_iter().find(|s| s.start == start) else {
        let conflict = taken(state, &doctor, &kind, c.loc_position, start, now, patient_tz).await;
        return retry_or_taken(state, patient, key, conflict, patient_tz).await;
    };
    let blocked_until = slot.end + buffer;
    let expires = now + Duration::minutes(HOLD_MINUTES);
    let place = c.place.clone().unwrap_or_default();
    // One statement: holds that ran out no longer block anyone (whether or not the expiry job has run),
    // then the insert, which the exclusion constraints accept or refuse.
    let inserted = sqlx::query_scalar!(
        r#"with expired as (
               update appointments set status = 'expired', changed_by = null, change_reason = 'Hold expired'
               where doctor_id = $1 and status = 'held' and hold_expires_at <= $14
                 and tstzrange(starts_at, blocked_until) && tstzrange($6, $8)
               returning 1)
           insert into appointments (doctor_id, patient_id, consultation_type_id, mode, place, starts_at, ends_at,
                                     blocked_until, status, hold_expires_at, fee_minor, currency, idempotency_key,
                                     changed_by, change_reason, location_position)
           select $1, $2, $3, $4::text::consultation_mode, $5, $6, $7, $8, 'held', $9, $10, $11, $12, $2, 'Slot held', $13
           from (select count(*) from expired) x
           on conflict (patient_id, idempotency_key) do nothing
           returning id"#,
        doctor_id,
        patient,
        type_id,
        mode.as_str(),
        place,
        slot.start,
        slot.end,
        blocked_until,
        expires,
        c.fee_minor,
        c.currency,
        key,
        c.loc_position,
        now
    )
    .fetch_optional(&state.db)
    .await;
    match inserted {
        Ok(Some(id)) => Ok(AppointmentView {
            id,
            doctor_name: doctor.name.clone(),
            doctor_slug: c.slug,
            patient_name: c.patient_name,
            type_id,
            type_name: c.type_name,
            mode,
            place,
            location: c.loc_position,
            starts_at: slot.start,
            ends_at: slot.end,
            when_label: when_label(slot.start, slot.end, patient_tz),
            time_zone: patient_tz.name().to_string(),
            status: AppointmentStatus::Held,
            reason: String::new(),
            notes: String::new(),
            fee_label: format_fee(c.fee_minor, &c.currency),
            meeting_url: None,
            hold_expires_at: Some(expires),
            can_change: can_change(Role::Patient, AppointmentStatus::Held, slot.start, doctor.cancel_cutoff, now),
            history: Vec::new(),
        }),
        // A concurrent retry with the same key won: answer with its appointment.
        Ok(None) => {
            retry_or_taken(state, patient, key, AppError::internal("idempotent row vanished"), patient_tz).await
        }
        Err(e) if matches!(overlap(&e), Some(DOCTOR_OVERLAP | DAILY_CAP)) => {
            let conflict = taken(state, &doctor, &kind, c.loc_position, start, now, patient_tz).await;
            retry_or_taken(state, patient, key, conflict, patient_tz).await
        }
        Err(e) if overlap(&e) == Some(PATIENT_OVERLAP) => {
            let conflict = AppError::Conflict("You already have an appointment at that time.".into());
            retry_or_taken(state, patient, key, conflict, patient_tz).await
        }
        Err(e) => Err(e.into()),
    }
}

/// A concurrent request with the same key may have taken the slot a moment ago (or this is a retry of a
/// hold that succeeded): that is this attempt's own appointment, not a conflict.
async fn retry_or_taken(
    state: &AppState,
    patient: Uuid,
    key: &str,
    conflict: AppError,
    tz: Tz,
) -> Result<AppointmentView, AppError> {
    let existing =
        sqlx::query_scalar!("select id from appointments where patient_id = $1 and idempotency_key = $2", patient, key)
            .fetch_optional(&state.db)
            .await?;
    match existing {
        Some(id) => own_view(state, patient, id, tz).await,
        None => Err(conflict),
    }
}
