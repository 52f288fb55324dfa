//! Holding a slot: the hot path of booking. The rules come from the instance's schedule cache (no query
//! once warm), the patient's name and zone from the session, the slot function checks that `start` is one
//! of the type's slots, and one statement expires stale holds and inserts the hold: the exclusion
//! constraints and the daily-cap trigger decide whether it is still free. Conflicts and retries take the
//! slower, general paths.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use super::queries::AppointmentRow;
use super::{own_view, taken, DAILY_CAP, DOCTOR_OVERLAP, HOLD_RATE_LIMIT, OPEN_HOLDS, PATIENT_OVERLAP};
use crate::error::AppError;
use crate::model::booking::{AppointmentStatus, AppointmentView, ConsultationMode};
use crate::model::money::Currency;
use crate::model::Role;
use crate::server::auth::session::{ActiveSession, ClientInfo};
use crate::server::db::constraint;
use crate::server::scheduling::cache::HoldRules;
use crate::server::scheduling::{rules, slots};
use crate::server::AppState;

/// What a patient asks to hold: a doctor's consultation type at `start` (at a practice `location` for an
/// in-person type), under the attempt's idempotency `key`.
#[derive(Debug, Clone, Copy)]
pub struct HoldAttempt<'a> {
    pub doctor_id: Uuid,
    pub type_id: Uuid,
    pub location: Option<i16>,
    pub start: DateTime<Utc>,
    pub key: &'a str,
}

/// Hold `start` for `patient` (for the configured hold time, 10 minutes by default). The same `key` always
/// answers with the same appointment.
pub async fn hold(
    state: &AppState,
    patient: &ActiveSession,
    client: &ClientInfo,
    attempt: HoldAttempt<'_>,
) -> Result<AppointmentView, AppError> {
    let HoldAttempt { doctor_id, type_id, location, start, key } = attempt;
    if !(8..=100).contains(&key.len()) || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AppError::BadRequest("A booking attempt needs a valid idempotency key.".into()));
    }
    let now = state.clock.now();
    let patient_id = patient.user_id();
    let patient_tz: Tz = rules::zone(&patient.user.time_zone);
    let hold_rules = state
        .schedule
        .get(&state.db, doctor_id, type_id, location, now)
        .await?
        .ok_or(AppError::NotFound("Doctor or consultation type".into()))?;
    let HoldRules { doctor, kind, place, rules } = &*hold_rules;
    if doctor.user_id == patient_id {
        return Err(AppError::BadRequest("You can't book an appointment with yourself.".into()));
    }
    if kind.mode == ConsultationMode::InPerson && place.is_none() {
        return Err(AppError::field("location", "Pick a practice location."));
    }
    let loc_position = place.as_ref().map(|p| p.0);
    // Is `start` one of this type's slots (hours, exceptions, notice, horizon)? Whether it is still free is
    // the exclusion constraints' question, answered by the insert below (and the daily cap's trigger).
    let date = start.with_timezone(&doctor.tz).date_naive();
    let Some(slot) = slots::free_slots(rules, &[], date, date, now).into_iter().find(|s| s.start == start) else {
        // Not a slot (any more): unless this attempt already holds it, it is taken.
        if let Some(view) = own_attempt(state, patient_id, key, patient_tz).await? {
            return Ok(view);
        }
        return Err(taken(state, doctor, kind, loc_position, start, now, patient_tz).await);
    };
    let blocked_until = slot.end + rules.buffer;
    let expires = now + state.config.hold;
    let place = place.as_ref().map(|p| p.1.clone()).unwrap_or_default();
    // One statement: holds that ran out no longer block anyone (whether or not the expiry job has run),
    // then the insert, which the exclusion constraints accept or refuse; the daily cap's trigger decides
    // with this request's `now` (`carebook.now`, set before the row reaches it).
    // Holds per client IP are counted in the same statement (`carebook_take`), so the hot path stays one
    // round trip. Holds on one doctor queue on a transaction-scoped advisory lock taken before the insert:
    // two overlapping inserts that both reached the exclusion check would each wait for the other, and
    // Postgres only breaks that deadlock after `deadlock_timeout` (1 s); queued, the second insert finds
    // the first's committed row and is refused at once.
    let quota = state.config.payments.holds_per_ip;
    let ip_key = client.ip.as_ref().map(|ip| format!("hold:ip:{ip}"));
    let inserted = crate::server::db::retry_deadlock(|| {
        sqlx::query_scalar!(
            r#"with expired as (
               update appointments set status = 'expired', changed_by = null,
                      change_reason = case when status = 'held' then 'Hold expired' else 'Payment window closed' end
               where doctor_id = $1 and status in ('held', 'awaiting_payment') and hold_expires_at <= $14
                 and tstzrange(starts_at, blocked_until) && tstzrange($6, $8)
               returning 1)
           insert into appointments (doctor_id, patient_id, consultation_type_id, mode, place, starts_at, ends_at,
                                     blocked_until, status, hold_expires_at, fee_minor, currency, idempotency_key,
                                     changed_by, change_reason, location_position)
           select $1, $2, $3, $4, $5, $6, $7, $8, 'held', $9, $10, $11, $12, $2, 'Slot held', $13
           from (select count(*), set_config('carebook.now', $14::text, true),
                        set_config('carebook.max_open_holds', $15::integer::text, true),
                        carebook_take($16, $14, $17, $18),
                        pg_advisory_xact_lock(hashtextextended('hold:' || $1::text, 0)) from expired) x
           on conflict (patient_id, idempotency_key) do nothing
           returning id"#,
            doctor_id,
            patient_id,
            type_id,
            kind.mode as ConsultationMode,
            place,
            slot.start,
            slot.end,
            blocked_until,
            expires,
            kind.fee_minor,
            kind.currency as Currency,
            key,
            loc_position,
            now,
            state.config.payments.max_open_holds,
            ip_key.as_deref(),
            quota.every.num_milliseconds() as f64 / 1000.0,
            quota.burst as i32
        )
        .fetch_optional(&state.db)
    })
    .await;
    let conflict = match inserted {
        Ok(Some(id)) => {
            let row = AppointmentRow {
                id,
                status: AppointmentStatus::Held,
                mode: kind.mode,
                place,
                starts_at: slot.start,
                ends_at: slot.end,
                location_position: loc_position,
                reason: String::new(),
                notes: String::new(),
                fee_minor: kind.fee_minor,
                currency: kind.currency,
                meeting_url: None,
                hold_expires_at: Some(expires),
                patient_id,
                doctor_id,
                consultation_type_id: type_id,
                doctor_user_id: doctor.user_id,
                doctor_slug: doctor.slug.clone(),
                cancel_cutoff_minutes: doctor.cancel_cutoff.num_minutes() as i32,
                doctor_name: doctor.name.clone(),
                patient_name: patient.user.full_name.clone(),
                type_name: kind.name.clone(),
            };
            return Ok(row.into_row(patient_tz, Role::Patient, now).view);
        }
        // A concurrent request with the same key won the insert: its row is this attempt's answer.
        Ok(None) => None,
        Err(e) if matches!(constraint(&e), Some(DOCTOR_OVERLAP | DAILY_CAP)) => Some(Refusal::Taken),
        Err(e) if constraint(&e) == Some(PATIENT_OVERLAP) => Some(Refusal::PatientBusy),
        Err(e) if constraint(&e) == Some(OPEN_HOLDS) => Some(Refusal::TooManyHolds),
        Err(e) if constraint(&e) == Some(HOLD_RATE_LIMIT) => {
            tracing::warn!("holds refused: too many from one client address");
            return Err(AppError::RateLimited { retry_after_secs: quota.every.num_seconds().max(1) as u64 });
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(view) = own_attempt(state, patient_id, key, patient_tz).await? {
        return Ok(view);
    }
    Err(match conflict {
        Some(Refusal::Taken) => taken(state, doctor, kind, loc_position, start, now, patient_tz).await,
        Some(Refusal::PatientBusy) => AppError::Conflict("You already have an appointment at that time.".into()),
        Some(Refusal::TooManyHolds) => AppError::Conflict(format!(
            "You're already holding {} times. Book or let go of one of them before holding another.",
            state.config.payments.max_open_holds
        )),
        None => AppError::internal("a hold's idempotency key matched a row that then could not be read"),
    })
}

/// Why the database refused a hold.
enum Refusal {
    /// The doctor's time is taken (or their day is full).
    Taken,
    /// The patient has another appointment then.
    PatientBusy,
    /// The patient already holds as many times (or unpaid bookings) as one may at once.
    TooManyHolds,
}

/// The appointment this patient's attempt `key` already made, if any: a double click or a retry of a hold
/// that succeeded (possibly a moment ago, concurrently) gets that appointment, not a conflict.
async fn own_attempt(state: &AppState, patient: Uuid, key: &str, tz: Tz) -> Result<Option<AppointmentView>, AppError> {
    let existing =
        sqlx::query_scalar!("select id from appointments where patient_id = $1 and idempotency_key = $2", patient, key)
            .fetch_optional(&state.db)
            .await?;
    match existing {
        Some(id) => Ok(Some(own_view(state, patient, id, tz).await?)),
        None => Ok(None),
    }
}
