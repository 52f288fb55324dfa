//! Booking: free slots, hold → confirm, the caller's appointments, cancel and reschedule, the doctor's
//! decisions and agenda, and the admin's list. (Calendar files are plain routes: `server::web::calendar`.)

use chrono::{DateTime, Utc};
use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::{
    AppointmentFilter, AppointmentLists, AppointmentView, Availability, BookingForm, DoctorAction,
};

#[cfg(feature = "server")]
use crate::{
    model::Role,
    server::auth::extract::{Auth, Req},
    server::booking::{self, Caller},
    server::scheduling::rules,
};

#[cfg(feature = "server")]
fn caller(auth: &Auth) -> Caller {
    Caller { user: auth.user_id(), role: auth.session.user.role }
}

/// A week of free slots for doctor `slug` from `from` (`YYYY-MM-DD`, default today), for one consultation
/// type and location, labelled in the signed-in user's profile zone, else in `tz` (an IANA name), else in
/// the browser's zone cookie, else in the doctor's.
/// Auth: public — anyone may call it.
#[get("/api/doctors/availability/{slug}?type_id&location&from&tz", req: Req)]
pub async fn get_availability(
    slug: String,
    type_id: Option<Uuid>,
    location: Option<i16>,
    from: Option<String>,
    tz: Option<String>,
) -> Result<Availability, AppError> {
    let doctor = rules::doctor_id_by_slug(&req.state.db, &slug).await?.ok_or(AppError::NotFound("Doctor".into()))?;
    let from = from.and_then(|f| chrono::NaiveDate::parse_from_str(&f, "%Y-%m-%d").ok());
    // A signed-in user's profile zone wins (emails and dashboards use it too); else the requested one, else
    // the browser's (its cookie), so server rendering already shows the times the browser will keep.
    let profile = req.session().await?.map(|s| s.user.time_zone);
    let from_profile = profile.is_some();
    let zone = profile
        .or(tz.filter(|z| crate::model::profile::plausible_time_zone(z)))
        .or_else(|| req.client.time_zone.clone());
    let now = req.state.clock.now();
    let shown = rules::DisplayZone { name: zone.as_deref(), from_profile };
    rules::availability(&req.state.db, doctor, type_id, location, from, shown, now).await
}

/// Hold a free slot for 10 minutes. `key` identifies this booking attempt: retries and double clicks with
/// the same key get the same appointment. A slot someone else took is `SlotTaken` with alternatives.
/// Too many holds from one client address (every account behind it) is `RateLimited`.
/// Auth: any signed-in user, booking for themselves (not with their own doctor profile).
#[post("/api/appointments/hold", auth: Auth)]
pub async fn hold_slot(
    doctor_id: Uuid,
    type_id: Uuid,
    location: Option<i16>,
    start: DateTime<Utc>,
    key: String,
) -> Result<AppointmentView, AppError> {
    let attempt = booking::HoldAttempt { doctor_id, type_id, location, start, key: &key };
    booking::hold(&auth.req.state, &auth.session, &auth.req.client, attempt).await
}

/// Confirm a held slot with a reason for the visit (and optional notes).
/// Auth: the appointment's patient only (404 for anyone else).
#[post("/api/appointments/{id}/confirm", auth: Auth)]
pub async fn confirm_booking(id: Uuid, form: BookingForm) -> Result<AppointmentView, AppError> {
    booking::confirm(&auth.req.state, auth.user_id(), id, form).await
}

/// Cancel with a reason (patients up to the doctor's cut-off; the doctor and admins until it starts).
/// Auth: the appointment's patient or doctor, or an admin (404 for anyone else).
#[post("/api/appointments/{id}/cancel", auth: Auth)]
pub async fn cancel_appointment(id: Uuid, reason: String) -> Result<AppointmentView, AppError> {
    booking::cancel(&auth.req.state, caller(&auth), id, &reason).await
}

/// Move an appointment to another free start (same doctor, type and place).
/// Auth: the appointment's patient (up to the cut-off) or doctor, or an admin (404 for anyone else).
#[post("/api/appointments/{id}/reschedule", auth: Auth)]
pub async fn reschedule_appointment(id: Uuid, start: DateTime<Utc>) -> Result<AppointmentView, AppError> {
    booking::reschedule(&auth.req.state, caller(&auth), id, start).await
}

/// One appointment with its history, in the caller's zone.
/// Auth: the appointment's patient or doctor, or an admin (404 for anyone else).
#[get("/api/appointments/{id}", auth: Auth)]
pub async fn get_appointment(id: Uuid) -> Result<AppointmentView, AppError> {
    Ok(booking::get(&auth.req.state, caller(&auth), id).await?.0.view)
}

/// The caller's own bookings as a patient: upcoming (soonest first) and past (newest first).
/// Auth: any signed-in user, own appointments only.
#[get("/api/appointments/mine", auth: Auth)]
pub async fn my_appointments() -> Result<AppointmentLists, AppError> {
    booking::lists::patient(&auth.req.state, auth.user_id()).await
}

/// The doctor's agenda: `days` days (1–31) from `from` (`YYYY-MM-DD` in their zone, default today), plus
/// every pending request.
/// Auth: doctors only, own appointments.
#[get("/api/doctor/agenda?from&days", auth: Auth)]
pub async fn doctor_agenda(from: Option<String>, days: Option<u32>) -> Result<crate::model::booking::Agenda, AppError> {
    auth.require(&[Role::Doctor])?;
    booking::lists::agenda(&auth.req.state, auth.user_id(), from.as_deref(), days.unwrap_or(7)).await
}

/// Approve a pending booking, or mark a started visit completed or no-show.
/// Auth: doctors only, their own appointments (404 for anyone else's).
#[post("/api/doctor/appointments/{id}/action", auth: Auth)]
pub async fn doctor_action(id: Uuid, action: DoctorAction) -> Result<AppointmentView, AppError> {
    auth.require(&[Role::Doctor])?;
    booking::act(&auth.req.state, caller(&auth), id, action).await
}

/// Every appointment, filtered (status, name or email, date range), 50 a page, newest first.
/// Auth: admins only.
#[post("/api/admin/appointments", auth: Auth)]
pub async fn admin_appointments(filter: AppointmentFilter) -> Result<Vec<AppointmentView>, AppError> {
    auth.require(&[Role::Admin])?;
    booking::lists::admin(&auth.req.state, auth.user_id(), &filter).await
}
