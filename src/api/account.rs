//! The signed-in user's own account: devices (sessions) and ending them.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::auth::DeviceSession;

#[cfg(feature = "server")]
use crate::server::auth::extract::Auth;

/// This user's active sessions, the current one marked.
/// Auth: any signed-in user; only their own sessions.
#[get("/api/account/sessions", auth: Auth)]
pub async fn list_sessions() -> Result<Vec<DeviceSession>, AppError> {
    let state = &auth.req.state;
    let mut list = crate::server::auth::session::list(&state.db, auth.user_id(), state.clock.now()).await?;
    for s in &mut list {
        s.current = s.id == auth.session.id;
    }
    // This device first, then the others by most recent activity (already in that order).
    list.sort_by_key(|s| !s.current);
    Ok(list)
}

/// Sign out one of this user's devices. Another user's session id is "not found" (no probing).
/// Auth: any signed-in user; ownership enforced in the query.
#[post("/api/account/sessions/{id}/end", auth: Auth)]
pub async fn end_session(id: uuid::Uuid) -> Result<(), AppError> {
    use crate::server::auth::{audit, session};
    let state = &auth.req.state;
    if !session::end_for_user(&state.db, auth.user_id(), id, "revoked", state.clock.now()).await? {
        return Err(AppError::NotFound("Session".into()));
    }
    let outcome = audit::Outcome::Success;
    audit::self_action(
        &state.db,
        auth.user_id(),
        "auth.session_end",
        outcome,
        &auth.req.client,
        serde_json::json!({ "session": id }),
    )
    .await;
    Ok(())
}

/// Sign out every other device; returns how many sessions ended.
/// Auth: any signed-in user; affects only their own sessions.
#[post("/api/account/sessions/end-others", auth: Auth)]
pub async fn end_other_sessions() -> Result<u64, AppError> {
    use crate::server::auth::{audit, session};
    let state = &auth.req.state;
    let n = session::end_others(&state.db, auth.user_id(), Some(auth.session.id), "revoked", state.clock.now()).await?;
    let outcome = audit::Outcome::Success;
    audit::self_action(
        &state.db,
        auth.user_id(),
        "auth.session_end_others",
        outcome,
        &auth.req.client,
        serde_json::json!({ "ended": n }),
    )
    .await;
    Ok(n)
}

/// Change the password (the current one is required); every other device is signed out. Returns how many.
/// Auth: any signed-in user, for their own account only.
#[post("/api/account/password", auth: Auth)]
pub async fn change_password(current_password: String, new_password: String) -> Result<u64, AppError> {
    let (req, user_id, session) = (&auth.req, auth.user_id(), auth.session.id);
    crate::server::accounts::change_password(&req.state, &req.client, user_id, session, current_password, new_password)
        .await
}
