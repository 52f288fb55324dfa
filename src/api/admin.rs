//! Admin actions on user accounts.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::admin::UserPage;

#[cfg(feature = "server")]
use crate::{model::Role, server::accounts::profile, server::auth::extract::Auth};

/// Deactivate (`active = false`: sessions end, sign-in refused) or reactivate an account. Audited.
/// Auth: admins only (and not on their own account).
#[post("/api/admin/users/{id}/active", auth: Auth)]
pub async fn set_user_active(id: uuid::Uuid, active: bool) -> Result<(), AppError> {
    auth.require(&[Role::Admin])?;
    profile::set_active(&auth.req.state, &auth.req.client, auth.user_id(), id, active).await
}

/// Accounts matching `q` (email or name), 25 a page, newest first.
/// Auth: admins only.
#[get("/api/admin/users?q&page", auth: Auth)]
pub async fn list_users(q: Option<String>, page: Option<u32>) -> Result<UserPage, AppError> {
    auth.require(&[Role::Admin])?;
    let q = q.unwrap_or_default();
    if q.chars().count() > 100 {
        return Err(AppError::field("q", "Use at most 100 characters."));
    }
    Ok(crate::server::db::users::search(&auth.req.state.db, q.trim(), page.unwrap_or(1).max(1), 25).await?)
}
