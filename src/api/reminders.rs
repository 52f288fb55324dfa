//! The signed-in user's appointment reminder settings.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::reminder::{ReminderKind, ReminderSetting};

#[cfg(feature = "server")]
use crate::server::{auth::extract::Auth, booking::reminders};

/// Which reminders the caller gets (every kind, on unless turned off).
/// Auth: any signed-in user, own settings only.
#[get("/api/account/reminders", auth: Auth)]
pub async fn reminder_settings() -> Result<Vec<ReminderSetting>, AppError> {
    Ok(reminders::settings(&auth.req.state.db, auth.user_id()).await?)
}

/// Turn one kind of reminder on or off; answers the settings as they now are. Reminders already planned
/// follow the choice (it is checked when each one is due).
/// Auth: any signed-in user, own settings only.
#[post("/api/account/reminders", auth: Auth)]
pub async fn set_reminder(kind: ReminderKind, on: bool) -> Result<Vec<ReminderSetting>, AppError> {
    let db = &auth.req.state.db;
    reminders::set(db, auth.user_id(), kind, on).await?;
    Ok(reminders::settings(db, auth.user_id()).await?)
}
