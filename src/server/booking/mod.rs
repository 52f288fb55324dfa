//! Booking: hold a slot, confirm it, cancel or reschedule it (`change`), and the doctor's decisions. Overlaps are refused
//! by Postgres (exclusion constraints); this module turns those refusals into `SlotTaken` with the next
//! free slots, and checks who is acting on which appointment.

mod change;
mod hold;
pub mod ics;
pub mod jobs;
pub mod links;
pub mod lists;
pub mod mail;
pub mod queries;
pub mod reminders;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use rand::RngCore;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::{AppointmentStatus, AppointmentView, BookingForm, DoctorAction};
use crate::model::Role;
use crate::server::jobs::Job;
use crate::server::scheduling::rules::{self, Doctor};
use crate::server::AppState;
pub use change::{cancel, reschedule};
pub use hold::{hold, HoldAttempt};
use mail::Change;

/// The caller, as booking sees them.
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    pub user: Uuid,
    pub role: Role,
}

pub(crate) const DOCTOR_OVERLAP: &str = "appointments_no_double_booking";
pub(crate) const PATIENT_OVERLAP: &str = "appointments_patient_no_overlap";
/// The daily-cap trigger reports a full day like an overlap (the slot is not free), under this name.
pub(crate) const DAILY_CAP: &str = "appointments_daily_cap";
/// The trigger that caps a patient's open holds and unpaid bookings reports under this name.
pub(crate) const OPEN_HOLDS: &str = "appointments_open_holds";
/// `carebook_take` reports a client address past its holds allowance under this name.
pub(crate) const HOLD_RATE_LIMIT: &str = "hold_rate_limit";

pub(crate) async fn viewer_zone(state: &AppState, user: Uuid) -> Result<Tz, sqlx::Error> {
    Ok(queries::contact(&state.db, user).await?.2)
}

/// The appointment as `caller` may see it: its patient, its doctor, or an admin. Anyone else gets
/// `NotFound` (not `Forbidden`: ids of other people's appointments are not confirmed to exist).
pub async fn get(state: &AppState, caller: Caller, id: Uuid) -> Result<(queries::Row, Tz), AppError> {
    let (mut row, tz, _) = load(state, caller, id).await?;
    row.view.history = queries::history(&state.db, id, tz).await?;
    Ok((row, tz))
}

/// The appointment (without history) as `caller` sees it, the caller's zone, and the capacity they act in.
async fn load(state: &AppState, caller: Caller, id: Uuid) -> Result<(queries::Row, Tz, Role), AppError> {
    let tz = viewer_zone(state, caller.user).await?;
    let role = role_on(state, caller, id).await?;
    let row = queries::one(&state.db, id, tz, role, state.clock.now()).await?.ok_or(not_found())?;
    Ok((row, tz, role))
}

fn not_found() -> AppError {
    AppError::NotFound("Appointment".into())
}

/// The capacity in which `caller` acts on appointment `id` (patient, doctor, admin), or `NotFound`.
async fn role_on(state: &AppState, caller: Caller, id: Uuid) -> Result<Role, AppError> {
    let r = sqlx::query!(
        "select a.patient_id, d.user_id as doctor_user_id from appointments a join doctors d on d.id = a.doctor_id where a.id = $1",
        id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(not_found())?;
    if caller.role == Role::Admin {
        Ok(Role::Admin)
    } else if r.doctor_user_id == caller.user && caller.role == Role::Doctor {
        Ok(Role::Doctor)
    } else if r.patient_id == caller.user {
        Ok(Role::Patient)
    } else {
        Err(not_found())
    }
}

pub(crate) async fn own_view(state: &AppState, patient: Uuid, id: Uuid, tz: Tz) -> Result<AppointmentView, AppError> {
    let row = queries::one(&state.db, id, tz, Role::Patient, state.clock.now()).await?.ok_or(not_found())?;
    if row.patient_id != patient {
        return Err(not_found());
    }
    Ok(row.view)
}

/// The "slot just taken" answer, with the next free slots of the same kind.
pub(crate) async fn taken(
    state: &AppState,
    doctor: &Doctor,
    kind: &crate::model::booking::ConsultationType,
    location: Option<i16>,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
    tz: Tz,
) -> AppError {
    match rules::alternatives(&state.db, doctor, kind, location, start, now, tz).await {
        Ok(next) => AppError::SlotTaken { next },
        Err(e) => AppError::from(e),
    }
}

pub(crate) fn meeting_url(state: &AppState) -> String {
    let mut room = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut room);
    let hex: String = room.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}carebook-{hex}", state.config.meeting_base_url)
}

/// Turn the caller's hold into a booking: awaiting payment when the doctor takes the fee online (and a
/// gateway is configured; the payment window replaces the hold's), else pending when the doctor approves
/// bookings, else confirmed (a video visit then gets its room). Confirming again answers with the booking
/// as it is.
pub async fn confirm(
    state: &AppState,
    patient: Uuid,
    id: Uuid,
    form: BookingForm,
) -> Result<AppointmentView, AppError> {
    form.validate().map_err(AppError::Validation)?;
    let now = state.clock.now();
    let tz = viewer_zone(state, patient).await?;
    let room = meeting_url(state);
    // Announced in the same statement (an unpaid booking is announced once its payment arrives, by
    // `payments::settle`).
    let (kind, payload) = told(id, Change::Booked, None);
    let updated = crate::server::db::retry_deadlock(|| {
        sqlx::query_scalar!(
            r#"with upd as (update appointments a
           set status = case when pay.online then 'awaiting_payment'
                             when pay.approval_required then 'pending' else 'confirmed' end::appointment_status,
               reason = $3, notes = $4, hold_expires_at = case when pay.online then $8::timestamptz end,
               meeting_url = case when not pay.online and not pay.approval_required and a.mode = 'video' then $5 end,
               changed_by = $2, change_reason = 'Booked'
           from (select h.id, d.approval_required, $7 and d.payment_policy = 'online' and h.fee_minor > 0 as online
                 from appointments h join doctors d on d.id = h.doctor_id where h.id = $1) pay,
                -- The reminders' trigger plans with this request's `now`.
                (select set_config('carebook.now', $6::timestamptz::text, true)) clock
           where a.id = pay.id and a.patient_id = $2 and a.status = 'held' and a.hold_expires_at > $6
           returning a.status),
           job as (insert into jobs (kind, payload, run_at)
                   select $9, $10, $6 from upd where upd.status <> 'awaiting_payment')
           select status as "status: AppointmentStatus" from upd"#,
            id,
            patient,
            form.reason.trim(),
            form.notes.trim(),
            room,
            now,
            state.config.payments.online(),
            now + state.config.payments.window,
            kind,
            payload
        )
        .fetch_optional(&state.db)
    })
    .await?;
    let view = own_view(state, patient, id, tz).await?;
    if updated.is_none() {
        return match view.status {
            AppointmentStatus::AwaitingPayment | AppointmentStatus::Pending | AppointmentStatus::Confirmed => Ok(view),
            _ => Err(AppError::Conflict("Your hold on this time ran out. Please pick the time again.".into())),
        };
    }
    Ok(view)
}

/// The doctor approves a pending booking (a video visit gets its room), or records the outcome of one
/// that has started.
pub async fn act(
    state: &AppState,
    caller: Caller,
    id: Uuid,
    action: DoctorAction,
) -> Result<AppointmentView, AppError> {
    if role_on(state, caller, id).await? != Role::Doctor {
        return Err(not_found());
    }
    let now = state.clock.now();
    let room = meeting_url(state);
    // An approved or completed row is checked against the exclusion constraints again (a completed visit
    // still blocks its time), so it can meet an overlapping hold being inserted at the same instant, as a
    // booking can: both writes run through `retry_deadlock`.
    let n = match action {
        DoctorAction::Confirm => {
            let (kind, payload) = told(id, Change::Approved, None);
            crate::server::db::retry_deadlock(|| {
                sqlx::query_scalar!(
                    r#"with upd as (update appointments set status = 'confirmed', changed_by = $2,
                                       change_reason = 'Approved by the doctor',
                                       meeting_url = case when mode = 'video' then coalesce(meeting_url, $3) end
                                    from (select set_config('carebook.now', $4::timestamptz::text, true)) clock
                                    where id = $1 and status = 'pending' and starts_at > $4 returning 1),
                            job as (insert into jobs (kind, payload, run_at) select $5, $6, $4 from upd)
                       select count(*) as "n!" from upd"#,
                    id,
                    caller.user,
                    room,
                    now,
                    kind,
                    payload
                )
                .fetch_one(&state.db)
            })
            .await? as u64
        }
        DoctorAction::Completed | DoctorAction::NoShow => {
            let to = if action == DoctorAction::Completed {
                AppointmentStatus::Completed
            } else {
                AppointmentStatus::NoShow
            };
            crate::server::db::retry_deadlock(|| {
                sqlx::query!(
                    r#"update appointments set status = $3, changed_by = $2, change_reason = null
                       where id = $1 and status in ('confirmed', 'awaiting_completion') and starts_at <= $4"#,
                    id,
                    caller.user,
                    to as AppointmentStatus,
                    now
                )
                .execute(&state.db)
            })
            .await?
            .rows_affected()
        }
    };
    if n == 0 {
        return Err(AppError::Conflict(match action {
            DoctorAction::Confirm => "Only a pending booking that hasn't started can be approved.".into(),
            _ => "Only a confirmed appointment that has started can be marked.".into(),
        }));
    }
    Ok(get(state, caller, id).await?.0.view)
}

/// The `booking.tell` job's columns for `change` to appointment `id`, for statements that enqueue it with
/// the change itself.
fn told(id: Uuid, change: Change, reason: Option<&str>) -> (String, serde_json::Value) {
    Job::BookingTell { appointment: id, change, reason: reason.map(str::to_owned) }.columns()
}
