//! Admin actions on user accounts.

use dioxus::prelude::*;

use crate::error::AppError;

#[cfg(feature = "server")]
use crate::{model::Role, server::accounts::profile, server::auth::extract::Auth};

/// Deactivate (`active = false`: sessions end, sign-in refused) or reactivate an account. Audited.
/// Auth: admins only (and not on their own account).
#[post("/api/admin/users/{id}/active", auth: Auth)]
pub async fn set_user_active(id: String, active: bool) -> Result<(), AppError> {
    auth.require(&[Role::Admin])?;
    let user_id = id.parse().map_err(|_| AppError::NotFound("Account".into()))?;
    profile::set_active(&auth.req.state, &auth.req.client, auth.user_id(), user_id, active).await
}
