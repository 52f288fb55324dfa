//! The waitlist: join a doctor's, see one's entries and the slots held for them, accept, decline or leave;
//! doctors see how many wait.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::AppointmentView;
use crate::model::waitlist::{WaitlistEntry, WaitlistForm};

#[cfg(feature = "server")]
use crate::{model::Role, server::auth::extract::Auth, server::waitlist};

/// Join a doctor's waitlist (date range, mode, times of day), or change one's open entry there.
/// Auth: any signed-in user, for themselves (not on their own doctor profile).
#[post("/api/waitlist", auth: Auth)]
pub async fn join_waitlist(form: WaitlistForm) -> Result<Vec<WaitlistEntry>, AppError> {
    let state = &auth.req.state;
    waitlist::join(state, auth.user_id(), &form).await?;
    waitlist::mine(state, auth.user_id(), &auth.session.user.time_zone).await
}

/// The caller's waitlist entries, with any slot held for them (times in their zone).
/// Auth: any signed-in user, own entries only.
#[get("/api/waitlist/mine", auth: Auth)]
pub async fn my_waitlist() -> Result<Vec<WaitlistEntry>, AppError> {
    waitlist::mine(&auth.req.state, auth.user_id(), &auth.session.user.time_zone).await
}

/// Book the slot held for one's entry.
/// Auth: the entry's patient only (404 for anyone else).
#[post("/api/waitlist/{id}/accept", auth: Auth)]
pub async fn accept_offer(id: Uuid) -> Result<AppointmentView, AppError> {
    waitlist::accept(&auth.req.state, auth.user_id(), id).await
}

/// Let the slot held for one's entry go to the next patient (the entry keeps waiting).
/// Auth: the entry's patient only (404 for anyone else).
#[post("/api/waitlist/{id}/decline", auth: Auth)]
pub async fn decline_offer(id: Uuid) -> Result<(), AppError> {
    waitlist::decline(&auth.req.state, auth.user_id(), id).await
}

/// Leave a waitlist (letting any held slot go).
/// Auth: the entry's patient only (404 for anyone else).
#[post("/api/waitlist/{id}/leave", auth: Auth)]
pub async fn leave_waitlist(id: Uuid) -> Result<(), AppError> {
    waitlist::leave(&auth.req.state, auth.user_id(), id).await
}

/// How many patients are on the caller's waitlist.
/// Auth: doctors only, their own waitlist.
#[get("/api/doctor/waitlist", auth: Auth)]
pub async fn doctor_waitlist_count() -> Result<i64, AppError> {
    auth.require(&[Role::Doctor])?;
    waitlist::waiting_for(&auth.req.state, auth.user_id()).await
}
