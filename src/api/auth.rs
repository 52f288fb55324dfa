//! Authentication endpoints: who am I, sign up, confirm email, sign in, sign out.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::auth::{AuthOptions, SignIn, SignInResult, SignUp};
use crate::model::SessionUser;

#[cfg(feature = "server")]
use crate::server::auth::extract::Req;

/// The signed-in user, or None.
/// Auth: public — answers for whoever calls (anonymous callers get None).
#[get("/api/me", req: Req)]
pub async fn get_me() -> Result<Option<SessionUser>, AppError> {
    Ok(req.session().await?.map(|s| s.user))
}

/// Create a patient account and email a confirmation link. Same answer whether or not the email is taken.
/// Auth: public; rate-limited per IP.
#[post("/api/auth/sign-up", req: Req)]
pub async fn sign_up(form: SignUp) -> Result<(), AppError> {
    crate::server::accounts::sign_up(&req.state, &req.client, form).await
}

/// Confirm an email address with the token from the link.
/// Auth: public — possession of the single-use token is the proof.
#[post("/api/auth/verify-email", req: Req)]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    crate::server::accounts::verify_email(&req.state, &req.client, &token).await
}

/// Sign in: starts a new session for this device (ending the one it had) and sets the session cookie —
/// or, with two-factor sign-in on, answers with a challenge for the second step.
/// Auth: public; rate-limited per IP and per account.
#[post("/api/auth/sign-in", req: Req)]
pub async fn sign_in(form: SignIn) -> Result<SignInResult, AppError> {
    use crate::server::accounts::SignInStep;
    match crate::server::accounts::sign_in(&req.state, &req.client, form, req.token.as_deref()).await? {
        SignInStep::Session(user, session) => {
            set_cookie(crate::server::auth::cookie::set(&session, req.secure()));
            Ok(SignInResult::SignedIn { user })
        }
        SignInStep::TwoFactor(challenge) => Ok(SignInResult::TwoFactor { challenge }),
    }
}

/// The second sign-in step: a code from the authenticator app (or a recovery code) for the challenge.
/// Auth: public — the challenge proves the password step; 5 tries per challenge, rate-limited per account.
#[post("/api/auth/sign-in/second-step", req: Req)]
pub async fn sign_in_second_step(challenge: String, code: String) -> Result<SessionUser, AppError> {
    let (user, session) =
        crate::server::accounts::sign_in_second_step(&req.state, &req.client, &challenge, &code, req.token.as_deref())
            .await?;
    set_cookie(crate::server::auth::cookie::set(&session, req.secure()));
    Ok(user)
}

/// Sign out this device only: ends its session and clears the cookie.
/// Auth: public — without a live session it just clears the cookie.
#[post("/api/auth/sign-out", req: Req)]
pub async fn sign_out() -> Result<(), AppError> {
    crate::server::accounts::sign_out(&req.state, &req.client, req.token.as_deref()).await?;
    set_cookie(crate::server::auth::cookie::clear(req.secure()));
    Ok(())
}

/// Ask for a password-reset link. Same answer whether or not the email has an account.
/// Auth: public; rate-limited per IP and per account.
#[post("/api/auth/password-reset/request", req: Req)]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    crate::server::accounts::request_password_reset(&req.state, &req.client, &email).await
}

/// Set a new password with the token from a reset link; every session of the account ends.
/// Auth: public — possession of the single-use, 30-minute token is the proof.
#[post("/api/auth/password-reset", req: Req)]
pub async fn reset_password(token: String, password: String) -> Result<(), AppError> {
    crate::server::accounts::reset_password(&req.state, &req.client, &token, password).await
}

/// Which sign-in options the server offers (the provider button is hidden without one).
/// Auth: public.
#[get("/api/auth/options", req: Req)]
pub async fn get_auth_options() -> Result<AuthOptions, AppError> {
    Ok(AuthOptions { provider_label: req.state.config.oidc.as_ref().map(|o| o.label.clone()) })
}

/// Link a provider identity to the existing account with this email, confirmed with its password; signs in.
/// Auth: public — the single-use link token (from a verified provider email) plus the password are the proof.
#[post("/api/auth/oidc/link", req: Req)]
pub async fn confirm_provider_link(token: String, password: String) -> Result<SessionUser, AppError> {
    let (user, session, _) = crate::server::accounts::oidc_sign_in::confirm_link(
        &req.state,
        &req.client,
        &token,
        password,
        req.token.as_deref(),
    )
    .await?;
    set_cookie(crate::server::auth::cookie::set(&session, req.secure()));
    Ok(user)
}

/// Attach a `Set-Cookie` to the response of the server function being served.
#[cfg(feature = "server")]
fn set_cookie(value: axum::http::HeaderValue) {
    if let Some(ctx) = dioxus::fullstack::FullstackContext::current() {
        ctx.add_response_header(axum::http::header::SET_COOKIE, value);
    }
}
