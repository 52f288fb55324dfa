//! Two-factor sign-in settings: status, enrolment with a QR code, confirmation, disabling; and the admin
//! switch that requires it for doctors and admins.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::auth::{TotpEnrolment, TwoFactorStatus};

#[cfg(feature = "server")]
use crate::server::{accounts::two_factor, auth::extract::Auth};

/// This account's two-factor state.
/// Auth: any signed-in user, own account only.
#[get("/api/account/2fa", auth: Auth)]
pub async fn get_two_factor() -> Result<TwoFactorStatus, AppError> {
    two_factor::status(&auth.req.state, auth.user_id(), auth.session.user.role).await
}

/// Start enrolment: a new secret as QR code, URI and text (pending until confirmed).
/// Auth: any signed-in user, own account only.
#[post("/api/account/2fa/begin", auth: Auth)]
pub async fn begin_two_factor() -> Result<TotpEnrolment, AppError> {
    two_factor::begin(&auth.req.state, auth.user_id(), &auth.session.user.email).await
}

/// Finish enrolment with a first code from the app; returns ten one-time recovery codes, shown once.
/// Auth: any signed-in user, own account only; rate-limited.
#[post("/api/account/2fa/confirm", auth: Auth)]
pub async fn confirm_two_factor(code: String) -> Result<Vec<String>, AppError> {
    two_factor::confirm(&auth.req.state, &auth.req.client, auth.user_id(), &code).await
}

/// Turn two-factor sign-in off (needs the current password; refused where an admin requires it).
/// Auth: any signed-in user, own account only.
#[post("/api/account/2fa/disable", auth: Auth)]
pub async fn disable_two_factor(current_password: String) -> Result<(), AppError> {
    let role = auth.session.user.role;
    two_factor::disable(&auth.req.state, &auth.req.client, auth.user_id(), role, current_password).await
}

/// Whether doctors and admins must use two-factor sign-in.
/// Auth: admins only.
#[get("/api/admin/settings/require-2fa", auth: Auth)]
pub async fn get_require_2fa() -> Result<bool, AppError> {
    auth.require(&[crate::model::Role::Admin])?;
    two_factor::required_for_staff(&auth.req.state).await
}

/// Require (or stop requiring) two-factor sign-in for doctors and admins. Audited.
/// Auth: admins only.
#[post("/api/admin/settings/require-2fa", auth: Auth)]
pub async fn set_require_2fa(required: bool) -> Result<(), AppError> {
    auth.require(&[crate::model::Role::Admin])?;
    two_factor::set_required_for_staff(&auth.req.state, &auth.req.client, auth.user_id(), required).await
}
