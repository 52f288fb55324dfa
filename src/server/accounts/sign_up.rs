//! Sign-up and email verification. Sign-up answers the same whether or not the email is taken (the owner
//! of an existing account gets a notice by mail instead), so it cannot be used to discover accounts.

use serde_json::json;

use super::ip_key;
use crate::error::AppError;
use crate::model::auth::{normalize_email, SignUp};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::email_token::{self, Purpose};
use crate::server::auth::session::ClientInfo;
use crate::server::auth::{password, rate_limit};
use crate::server::mail::{self, Message};
use crate::server::AppState;

/// Register a patient account and mail a verification link. Succeeds identically for taken emails.
pub async fn sign_up(state: &AppState, client: &ClientInfo, form: SignUp) -> Result<(), AppError> {
    form.validate()?;
    let now = state.clock.now();
    rate_limit::check(&state.db, &ip_key("sign_up", client), rate_limit::SIGN_UP_PER_IP, now).await?;
    let email = normalize_email(&form.email);
    // Hash first on every path, so a taken email costs the same time as a new one.
    let _permit = state.hash_permit().await?;
    let hash = password::hash(form.password).await.map_err(AppError::internal)?;
    let inserted = sqlx::query_scalar!(
        r#"insert into users (email, full_name, role, password_hash, time_zone)
           values ($1, $2, 'patient', $3, coalesce($4, 'UTC'))
           on conflict (email) do nothing
           returning id"#,
        email,
        form.full_name.trim(),
        hash,
        client.time_zone
    )
    .fetch_optional(&state.db)
    .await?;
    let base = &state.config.public_url;
    match inserted {
        Some(user_id) => {
            let token = email_token::issue(&state.db, user_id, Purpose::VerifyEmail, now).await?;
            let body = format!(
                "Hello {name},\n\nWelcome to Carebook. Confirm your email address to finish creating your account:\n\n\
                 {base}/verify-email?token={token}\n\nThe link works once and expires in 24 hours. \
                 If you did not sign up, ignore this message.\n",
                name = form.full_name.trim()
            );
            mail::queue(&state.db, Message { to: &email, subject: "Confirm your email for Carebook", body }).await?;
            audit::self_action(&state.db, user_id, "auth.sign_up", Outcome::Success, client, json!({})).await;
        }
        None => {
            let body = format!(
                "Hello,\n\nSomeone (hopefully you) tried to create a Carebook account with this email address, \
                 but you already have one. Sign in at {base}/sign-in — or, if you forgot your password, reset it \
                 from the sign-in page.\n\nIf this wasn't you, you can ignore this message.\n"
            );
            mail::queue(&state.db, Message { to: &email, subject: "You already have a Carebook account", body })
                .await?;
            audit::record(
                &state.db,
                Event {
                    actor: None,
                    subject: None,
                    action: "auth.sign_up",
                    outcome: Outcome::Denied,
                    client,
                    detail: json!({ "reason": "email_taken" }),
                },
            )
            .await;
        }
    }
    Ok(())
}

/// Confirm an email address with the token from the verification link (single use, 24 h).
pub async fn verify_email(state: &AppState, client: &ClientInfo, token: &str) -> Result<(), AppError> {
    let now = state.clock.now();
    let invalid =
        || AppError::BadRequest("This confirmation link is invalid or has expired. Sign in to get a new one.".into());
    if token.is_empty() || token.len() > 100 {
        return Err(invalid());
    }
    let Some(user_id) = email_token::consume(&state.db, token, Purpose::VerifyEmail, now).await? else {
        return Err(invalid());
    };
    sqlx::query!("update users set email_verified_at = coalesce(email_verified_at, $2) where id = $1", user_id, now)
        .execute(&state.db)
        .await?;
    audit::self_action(&state.db, user_id, "auth.verify_email", Outcome::Success, client, json!({})).await;
    Ok(())
}
