//! The signed-in user's in-app notifications.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::notification::Notification;

#[cfg(feature = "server")]
use crate::server::{auth::extract::Auth, notify};

/// The caller's newest notifications (unread first, at most 20).
/// Auth: any signed-in user, own notifications only.
#[get("/api/notifications", auth: Auth)]
pub async fn list_notifications() -> Result<Vec<Notification>, AppError> {
    Ok(notify::list(&auth.req.state, auth.user_id(), 20).await?)
}

/// Mark one notification (`id`) or all of them (`None`) read.
/// Auth: any signed-in user, own notifications only (others' ids change nothing).
#[post("/api/notifications/read", auth: Auth)]
pub async fn mark_notifications_read(id: Option<i64>) -> Result<(), AppError> {
    Ok(notify::mark_read(&auth.req.state, auth.user_id(), id).await?)
}
