//! Password reset by email (30-minute single-use link; the same answer for unknown emails) and password
//! change for signed-in users. Both end the account's other sessions.

use serde_json::json;
use uuid::Uuid;

use super::ip_key;
use crate::error::AppError;
use crate::model::auth::{normalize_email, validate_email, validate_password};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::email_token::{self, Purpose};
use crate::server::auth::session::{self, ClientInfo};
use crate::server::auth::{password, rate_limit};
use crate::server::mail::{self, Message};
use crate::server::AppState;

/// Mail a reset link if an active account has this email. Always answers Ok (no account discovery).
pub async fn request_reset(state: &AppState, client: &ClientInfo, email: &str) -> Result<(), AppError> {
    validate_email(email).map_err(|e| AppError::field("email", e))?;
    let now = state.clock.now();
    let email = normalize_email(email);
    rate_limit::check(&state.db, &ip_key("reset", client), rate_limit::RESET_PER_IP, now).await?;
    let account_key = format!("reset:account:{}", email.to_lowercase());
    // Past the per-account quota, silently stop mailing (answering 429 would reveal the account exists).
    if rate_limit::check(&state.db, &account_key, rate_limit::RESET_PER_ACCOUNT, now).await.is_err() {
        return Ok(());
    }
    let user = sqlx::query!("select id, full_name from users where email = $1::citext and is_active", email)
        .fetch_optional(&state.db)
        .await?;
    if let Some(user) = user {
        let token = email_token::issue(&state.db, user.id, Purpose::ResetPassword, now).await?;
        let body = format!(
            "Hello {},\n\nChoose a new Carebook password here:\n\n{}/reset-password?token={token}\n\n\
             The link works once and expires in 30 minutes. If you did not ask for this, ignore this message: \
             your password stays as it is.\n",
            user.full_name, state.config.public_url
        );
        mail::queue(&state.db, Message { to: &email, subject: "Reset your Carebook password", body }).await?;
        audit::record(
            &state.db,
            Event {
                actor: None,
                subject: Some(user.id),
                action: "auth.reset_request",
                outcome: Outcome::Success,
                client,
                detail: json!({}),
            },
        )
        .await;
    }
    Ok(())
}

/// Set a new password with a reset token; ends every session of the account.
pub async fn reset(state: &AppState, client: &ClientInfo, token: &str, new_password: String) -> Result<(), AppError> {
    validate_password(&new_password).map_err(|e| AppError::field("password", e))?;
    let now = state.clock.now();
    let invalid = || AppError::BadRequest("This reset link is invalid or has expired. Ask for a new one.".into());
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let Some(user_id) = email_token::consume(&state.db, token, Purpose::ResetPassword, now).await? else {
        return Err(invalid());
    };
    set_password(state, user_id, new_password).await?;
    // Whoever held the account's sessions before the reset is out; following the link also proves the
    // mailbox, so the address counts as verified.
    session::end_others(&state.db, user_id, None, "password_change", now).await?;
    sqlx::query!("update users set email_verified_at = coalesce(email_verified_at, $2) where id = $1", user_id, now)
        .execute(&state.db)
        .await?;
    audit::self_action(&state.db, user_id, "auth.password_reset", Outcome::Success, client, json!({})).await;
    Ok(())
}

/// Change the password of a signed-in user after checking the current one; ends their other sessions.
pub async fn change(
    state: &AppState,
    client: &ClientInfo,
    user_id: Uuid,
    keep_session: Uuid,
    current: String,
    new_password: String,
) -> Result<u64, AppError> {
    validate_password(&new_password).map_err(|e| AppError::field("new_password", e))?;
    let now = state.clock.now();
    rate_limit::check(&state.db, &format!("password_change:{user_id}"), rate_limit::SIGN_IN_PER_ACCOUNT, now).await?;
    if let Err(e) = super::check_current_password(state, user_id, current).await {
        if matches!(e, AppError::Validation(_)) {
            audit::self_action(&state.db, user_id, "auth.password_change", Outcome::Failure, client, json!({})).await;
        }
        return Err(e);
    }
    set_password(state, user_id, new_password).await?;
    let ended = session::end_others(&state.db, user_id, Some(keep_session), "password_change", now).await?;
    audit::self_action(
        &state.db,
        user_id,
        "auth.password_change",
        Outcome::Success,
        client,
        json!({ "sessions_ended": ended }),
    )
    .await;
    Ok(ended)
}

async fn set_password(state: &AppState, user_id: Uuid, new_password: String) -> Result<(), AppError> {
    let hash = password::hash(new_password).await.map_err(AppError::internal)?;
    sqlx::query!("update users set password_hash = $2 where id = $1", user_id, hash).execute(&state.db).await?;
    Ok(())
}
