//! Changing a booking: cancelling (a doctor answering a request declines it) and rescheduling, each with
//! its announcement enqueued in the same statement as the change.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::mail::Change;
use super::{get, load, not_found, queries, taken, told, Caller, DAILY_CAP, DOCTOR_OVERLAP, PATIENT_OVERLAP};
use crate::error::AppError;
use crate::model::booking::{AppointmentStatus, AppointmentView};
use crate::model::Role;
use crate::server::scheduling::rules;
use crate::server::AppState;

/// Cancel with a reason: the patient up to the doctor's cut-off, the doctor or an admin until it starts.
/// The doctor cancelling a pending request declines it: the patient is told why, with the doctor's next
/// free times.
pub async fn cancel(state: &AppState, caller: Caller, id: Uuid, reason: &str) -> Result<AppointmentView, AppError> {
    crate::model::booking::validate_cancel_reason(reason).map_err(AppError::Validation)?;
    let (row, tz, role) = load(state, caller, id).await?;
    let before_cutoff = role != Role::Patient || row.view.can_change;
    if matches!(row.view.status, AppointmentStatus::Held | AppointmentStatus::AwaitingPayment) && role == Role::Patient
    {
        // Letting go of a hold, or of a booking not paid yet (changed their mind).
    } else if !row.view.can_change {
        return Err(policy_error(role, &row));
    }
    // A booking (not a hold, nor one never paid) is announced in the same statement; a doctor answering a
    // request declines it.
    let announce = !matches!(row.view.status, AppointmentStatus::Held | AppointmentStatus::AwaitingPayment);
    let declined = role == Role::Doctor && row.view.status == AppointmentStatus::Pending;
    let change = if declined { Change::Declined } else { Change::Cancelled };
    let (kind, payload) = told(id, change, Some(reason.trim()));
    let recorded = if declined { format!("Declined: {}", reason.trim()) } else { reason.trim().to_owned() };
    let n = sqlx::query_scalar!(
        r#"with upd as (update appointments set status = 'cancelled', hold_expires_at = null, changed_by = $2,
                           change_reason = $3
                        where id = $1 and status in ('held', 'awaiting_payment', 'pending', 'confirmed') returning 1),
                job as (insert into jobs (kind, payload, run_at) select $4, $5, $6 from upd where $7)
           -- The triggers the update fires (at the statement's end) plan with this request's `now`.
           select count(*) as "n!" from upd, (select set_config('carebook.now', $6::timestamptz::text, true)) clock"#,
        id,
        caller.user,
        recorded,
        kind,
        payload,
        state.clock.now(),
        announce
    )
    .fetch_one(&state.db)
    .await?;
    if n == 0 {
        return Err(AppError::Conflict("This appointment can no longer be cancelled.".into()));
    }
    // Money paid for it goes back by the practice's policy.
    crate::server::payments::refunds::after_cancel(state, id, role, caller.user, before_cutoff).await?;
    let role_view = queries::one(&state.db, id, tz, role, state.clock.now()).await?.ok_or(not_found())?;
    Ok(role_view.view)
}

fn policy_error(role: Role, row: &queries::Row) -> AppError {
    if role == Role::Patient && row.view.status.is_upcoming() {
        let hours = row.cancel_cutoff.num_minutes() as f64 / 60.0;
        AppError::Conflict(format!(
            "Changes are possible up to {hours} hours before the appointment. Please contact the practice."
        ))
    } else {
        AppError::Conflict("This appointment can no longer be changed.".into())
    }
}

/// Move an appointment to `start` (same doctor, type and place), atomically under the same constraint.
/// The patient may do so up to the cut-off, the doctor until it starts.
pub async fn reschedule(
    state: &AppState,
    caller: Caller,
    id: Uuid,
    start: DateTime<Utc>,
) -> Result<AppointmentView, AppError> {
    let (row, tz, role) = load(state, caller, id).await?;
    if !row.view.can_change {
        return Err(policy_error(role, &row));
    }
    let now = state.clock.now();
    let doctor = rules::doctor(&state.db, row.doctor_id).await?.ok_or(AppError::NotFound("Doctor".into()))?;
    let kind = rules::consultation_type(&state.db, row.type_id).await?.ok_or(not_found())?;
    let location = sqlx::query_scalar!("select location_position from appointments where id = $1", id)
        .fetch_one(&state.db)
        .await?;
    let rules_now = rules::rules(&state.db, &doctor, &kind, location, now).await?;
    let date = start.with_timezone(&doctor.tz).date_naive();
    let offered = rules::free(&state.db, &doctor, &rules_now, date, date, now, Some(id)).await?;
    let Some(slot) = offered.into_iter().find(|s| s.start == start) else {
        return Err(taken(state, &doctor, &kind, location, start, now, tz).await);
    };
    let (job_kind, job) = told(id, Change::Rescheduled(row.view.starts_at), None);
    let moved = crate::server::db::retry_deadlock(|| {
        sqlx::query_scalar!(
            // The daily cap's trigger decides with this request's `now` (`carebook.now`); the move is announced
            // in the same statement.
            r#"with upd as (update appointments set starts_at = $2, ends_at = $3, blocked_until = $4, changed_by = $5,
                               change_reason = 'Rescheduled'
                            from (select set_config('carebook.now', $6::timestamptz::text, true)) clock
                            where id = $1 and status in ('pending', 'confirmed') returning 1),
                    job as (insert into jobs (kind, payload, run_at) select $7, $8, $6 from upd)
               select count(*) as "n!" from upd"#,
            id,
            slot.start,
            slot.end,
            slot.end + rules_now.buffer,
            caller.user,
            now,
            job_kind,
            job
        )
        .fetch_one(&state.db)
    })
    .await;
    match moved {
        Ok(1) => {}
        Ok(_) => return Err(AppError::Conflict("This appointment can no longer be changed.".into())),
        Err(e) if matches!(crate::server::db::constraint(&e), Some(DOCTOR_OVERLAP | DAILY_CAP)) => {
            return Err(taken(state, &doctor, &kind, location, start, now, tz).await)
        }
        Err(e) if crate::server::db::constraint(&e) == Some(PATIENT_OVERLAP) => {
            return Err(AppError::Conflict("The patient already has an appointment at that time.".into()))
        }
        Err(e) => return Err(e.into()),
    }
    Ok(get(state, caller, id).await?.0.view)
}
