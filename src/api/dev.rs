//! Development helpers: the mail outbox (only when enabled in configuration; 404 otherwise).

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::mail::OutboxEmail;

#[cfg(feature = "server")]
use crate::server::auth::extract::Req;

/// The 50 newest outgoing messages.
/// Auth: public, but only exists in development mode on a loopback-only server (`Config::dev_outbox`,
/// decided at start); 404 otherwise.
#[get("/api/dev/outbox", req: Req)]
pub async fn list_outbox() -> Result<Vec<OutboxEmail>, AppError> {
    if !req.state.config.dev_outbox {
        return Err(AppError::NotFound("Page".into()));
    }
    Ok(crate::server::mail::recent(&req.state.db, 50).await?)
}
