//! The doctor's schedule editor: settings, consultation types, weekly hours, date exceptions, and the
//! private calendar feed.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::schedule::{ExceptionForm, ScheduleForm, ScheduleView};

#[cfg(feature = "server")]
use crate::{model::Role, server::auth::extract::Auth, server::scheduling::schedule};

/// The caller's schedule.
/// Auth: doctors only, own profile.
#[get("/api/doctor/schedule", auth: Auth)]
pub async fn get_schedule() -> Result<ScheduleView, AppError> {
    auth.require(&[Role::Doctor])?;
    schedule::view(&auth.req.state.db, auth.user_id(), auth.req.state.clock.now()).await
}

/// Save settings, consultation types and weekly hours (validated with the same rules as the editor).
/// Auth: doctors only, own profile.
#[post("/api/doctor/schedule", auth: Auth)]
pub async fn save_schedule(form: ScheduleForm) -> Result<ScheduleView, AppError> {
    auth.require(&[Role::Doctor])?;
    schedule::save(&auth.req.state.db, auth.user_id(), form, auth.req.state.clock.now()).await
}

/// Set one date's hours (none: a day off).
/// Auth: doctors only, own profile.
#[post("/api/doctor/schedule/exceptions", auth: Auth)]
pub async fn save_exception(form: ExceptionForm) -> Result<ScheduleView, AppError> {
    auth.require(&[Role::Doctor])?;
    schedule::save_exception(&auth.req.state.db, auth.user_id(), form, auth.req.state.clock.now()).await
}

/// Remove one date's exception.
/// Auth: doctors only, own profile.
#[post("/api/doctor/schedule/exceptions/delete", auth: Auth)]
pub async fn delete_exception(date: String) -> Result<ScheduleView, AppError> {
    auth.require(&[Role::Doctor])?;
    schedule::delete_exception(&auth.req.state.db, auth.user_id(), &date, auth.req.state.clock.now()).await
}

/// Create a new private calendar feed URL (the previous one stops working). Shown once.
/// Auth: doctors only, own profile.
#[post("/api/doctor/calendar-feed", auth: Auth)]
pub async fn create_feed() -> Result<String, AppError> {
    auth.require(&[Role::Doctor])?;
    let token = schedule::new_feed(&auth.req.state.db, auth.user_id()).await?;
    Ok(format!("{}/calendar/{token}.ics", auth.req.state.config.public_url))
}

/// Revoke the calendar feed.
/// Auth: doctors only, own profile.
#[post("/api/doctor/calendar-feed/revoke", auth: Auth)]
pub async fn revoke_feed() -> Result<(), AppError> {
    auth.require(&[Role::Doctor])?;
    schedule::revoke_feed(&auth.req.state.db, auth.user_id()).await
}
