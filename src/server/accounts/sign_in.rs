//! Sign-in and sign-out. Unknown emails take the same path and time as wrong passwords (a dummy hash is
//! verified); the previous session of this browser is ended (rotation); stored hashes weaker than today's
//! parameters are upgraded on the way in.

use std::sync::OnceLock;

use serde_json::json;
use uuid::Uuid;

use super::ip_key;
use crate::error::AppError;
use crate::model::auth::{normalize_email, SignIn};
use crate::model::{Role, SessionUser};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::email_token::{self, Purpose};
use crate::server::auth::session::{self, ClientInfo, NewSession};
use crate::server::auth::{password, rate_limit};
use crate::server::mail::{self, Message};
use crate::server::AppState;

/// Verified against for unknown emails, so they cost what a real account costs.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| password::hash_blocking("carebook-dummy-password-for-timing"))
}

/// Where a sign-in attempt stands after the password.
pub enum SignInStep {
    /// Signed in: the user and the new session (its token goes into the cookie).
    Session(SessionUser, NewSession),
    /// Two-factor sign-in is on: the challenge token for the second step.
    TwoFactor(String),
}

/// Check credentials and start a session (or the second step). `previous` is the token this browser
/// already had, if any.
pub async fn sign_in(
    state: &AppState,
    client: &ClientInfo,
    form: SignIn,
    previous: Option<&str>,
) -> Result<SignInStep, AppError> {
    form.validate()?;
    let now = state.clock.now();
    let email = normalize_email(&form.email);
    rate_limit::check(&state.db, &ip_key("sign_in", client), rate_limit::SIGN_IN_PER_IP, now).await?;
    let account_key = format!("sign_in:account:{}", email.to_lowercase());
    rate_limit::check(&state.db, &account_key, rate_limit::SIGN_IN_PER_ACCOUNT, now).await?;

    let user = sqlx::query!(
        r#"select id, email::text as "email!", full_name, role as "role: Role", password_hash, is_active,
                  email_verified_at is not null as "verified!"
           from users where email = $1::citext"#,
        email
    )
    .fetch_optional(&state.db)
    .await?;
    // Past this instance's hashing capacity, refuse at once rather than queue (the client may retry).
    let permit = state.hash_permit().await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let password_ok =
        password::verify(form.password.clone(), stored.clone().unwrap_or_else(|| dummy_hash().to_string()))
            .await
            .map_err(AppError::internal)?
            && stored.is_some();
    drop(permit);

    let user = match user {
        Some(u) if password_ok && u.is_active => u,
        other => {
            audit::record(&state.db, Event {
                actor: None,
                subject: other.as_ref().map(|u| u.id),
                action: "auth.sign_in",
                outcome: Outcome::Failure,
                client,
                detail: json!({ "reason": if other.is_some() && password_ok { "inactive" } else { "bad_credentials" } }),
            })
            .await;
            return Err(AppError::InvalidCredentials);
        }
    };
    if !user.verified {
        let token = email_token::issue(&state.db, user.id, Purpose::VerifyEmail, now).await?;
        let body = format!(
            "Hello {},\n\nConfirm your email address to sign in to Carebook:\n\n{}/verify-email?token={token}\n\n\
             The link works once and expires in 24 hours.\n",
            user.full_name, state.config.public_url
        );
        mail::queue(&state.db, Message { to: &user.email, subject: "Confirm your email for Carebook", body }).await?;
        return Err(AppError::EmailNotVerified);
    }
    if stored.as_deref().is_some_and(password::needs_rehash) {
        let fresh = password::hash(form.password).await.map_err(AppError::internal)?;
        sqlx::query!("update users set password_hash = $2 where id = $1", user.id, fresh).execute(&state.db).await?;
    }
    if super::two_factor::enabled(state, user.id).await? {
        let challenge = super::two_factor::open_challenge(state, user.id, form.remember, now).await?;
        return Ok(SignInStep::TwoFactor(challenge));
    }
    let (user, session) = start_session(state, client, user.id, form.remember, previous).await?;
    Ok(SignInStep::Session(user, session))
}

/// The second step: a TOTP or recovery code for an open challenge, then the session.
pub async fn sign_in_second_step(
    state: &AppState,
    client: &ClientInfo,
    challenge: &str,
    code: &str,
    previous: Option<&str>,
) -> Result<(SessionUser, NewSession), AppError> {
    let (user_id, remember) = match super::two_factor::pass_challenge(state, challenge, code).await {
        Ok(ok) => ok,
        Err(e) => {
            audit::record(
                &state.db,
                Event {
                    actor: None,
                    subject: None,
                    action: "auth.sign_in_2fa",
                    outcome: Outcome::Failure,
                    client,
                    detail: json!({ "error": e.to_string() }),
                },
            )
            .await;
            return Err(e);
        }
    };
    start_session(state, client, user_id, remember, previous).await
}

/// Rotate: end this browser's previous session, start a new one, record the sign-in.
pub(super) async fn start_session(
    state: &AppState,
    client: &ClientInfo,
    user_id: Uuid,
    remember: bool,
    previous: Option<&str>,
) -> Result<(SessionUser, NewSession), AppError> {
    let now = state.clock.now();
    let user = sqlx::query!(
        r#"select email::text as "email!", full_name, role as "role: Role", time_zone from users
           where id = $1 and is_active"#,
        user_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::InvalidCredentials)?;
    let role = user.role;
    if let Some(old) = previous {
        if let Some(active) = session::resolve(&state.db, old, now).await? {
            session::end(&state.db, active.id, "rotated", now).await?;
        }
    }
    let lifetime = state.config.sessions.lifetime(role, remember);
    let new = session::create(&state.db, user_id, lifetime, remember, client, now).await?;
    sqlx::query!("update users set last_sign_in_at = $2 where id = $1", user_id, now).execute(&state.db).await?;
    audit::self_action(
        &state.db,
        user_id,
        "auth.sign_in",
        Outcome::Success,
        client,
        json!({ "session": new.id, "remember": remember }),
    )
    .await;
    let needs_2fa_setup = role != Role::Patient
        && super::two_factor::required_for_staff(state).await?
        && !super::two_factor::enabled(state, user_id).await?;
    let session_user = SessionUser {
        id: user_id,
        email: user.email,
        full_name: user.full_name,
        role,
        email_verified: true,
        needs_2fa_setup,
        time_zone: user.time_zone,
    };
    Ok((session_user, new))
}

/// End the session behind `token` (this device only).
pub async fn sign_out(state: &AppState, client: &ClientInfo, token: Option<&str>) -> Result<(), AppError> {
    let now = state.clock.now();
    let Some(token) = token else { return Ok(()) };
    let Some(active) = session::resolve(&state.db, token, now).await? else {
        return Ok(());
    };
    session::end(&state.db, active.id, "sign_out", now).await?;
    let user_id = Some(active.user.id);
    audit::record(
        &state.db,
        Event {
            actor: user_id,
            subject: user_id,
            action: "auth.sign_out",
            outcome: Outcome::Success,
            client,
            detail: json!({ "session": active.id }),
        },
    )
    .await;
    Ok(())
}
