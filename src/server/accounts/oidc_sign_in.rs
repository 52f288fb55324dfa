//! Accounts for provider sign-in: a known `sub` signs in; a new one creates a patient; an email that
//! already has a password account is linked only when the provider says it is verified AND the person
//! confirms with that account's password.

use chrono::Duration;
use serde_json::json;
use uuid::Uuid;

use super::sign_in::start_session;
use crate::error::AppError;
use crate::model::SessionUser;
use crate::server::auth::audit::{self, Outcome};
use crate::server::auth::email_token::random_token;
use crate::server::auth::password;
use crate::server::auth::session::{hash_token, ClientInfo, NewSession};
use crate::server::oidc::VerifiedIdentity;
use crate::server::AppState;

/// Where a verified provider identity leads.
pub enum OidcOutcome {
    /// Signed in; go to `return_to`.
    Session(SessionUser, NewSession, String),
    /// Two-factor sign-in is on: the challenge for the second step, and where to go after.
    TwoFactor(String, String),
    /// An existing password account has this (verified) email: confirm with its password.
    LinkRequired(String),
}

/// Sign in (or create) the account behind a verified provider identity.
pub async fn complete(
    state: &AppState,
    client: &ClientInfo,
    provider: &str,
    id: VerifiedIdentity,
    previous: Option<&str>,
) -> Result<OidcOutcome, AppError> {
    let now = state.clock.now();
    let known = sqlx::query_scalar!(
        r#"select i.user_id from user_identities i join users u on u.id = i.user_id
           where i.provider = $1 and i.subject = $2 and u.is_active and u.deleted_at is null"#,
        provider,
        id.subject
    )
    .fetch_optional(&state.db)
    .await?;
    let user_id = match known {
        Some(user_id) => user_id,
        None => {
            let existing = match &id.email {
                Some(email) => {
                    sqlx::query_scalar!("select id from users where email = $1::citext", email)
                        .fetch_optional(&state.db)
                        .await?
                }
                None => None,
            };
            if let Some(user_id) = existing {
                if !id.email_verified {
                    return Err(AppError::Conflict(
                        "An account already uses this email. Sign in with your password instead.".into(),
                    ));
                }
                let token = random_token();
                sqlx::query!(
                    r#"insert into oauth_links (token_hash, provider, subject, user_id, return_to, expires_at)
                       values ($1, $2, $3, $4, $5, $6)"#,
                    hash_token(&token),
                    provider,
                    id.subject,
                    user_id,
                    id.return_to,
                    now + Duration::minutes(10)
                )
                .execute(&state.db)
                .await?;
                return Ok(OidcOutcome::LinkRequired(token));
            }
            create_account(state, client, provider, &id).await?
        }
    };
    if super::two_factor::enabled(state, user_id).await? {
        let challenge = super::two_factor::open_challenge(state, user_id, false, now).await?;
        return Ok(OidcOutcome::TwoFactor(challenge, id.return_to));
    }
    let (user, session) = start_session(state, client, user_id, false, previous).await?;
    Ok(OidcOutcome::Session(user, session, id.return_to))
}

async fn create_account(
    state: &AppState,
    client: &ClientInfo,
    provider: &str,
    id: &VerifiedIdentity,
) -> Result<Uuid, AppError> {
    let email =
        id.email.clone().ok_or_else(|| AppError::BadRequest("The provider didn't share an email address.".into()))?;
    let name = id
        .name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| email.split('@').next().unwrap_or("Patient").to_string());
    let verified_at = id.email_verified.then(|| state.clock.now());
    let mut tx = state.db.begin().await?;
    let user_id = sqlx::query_scalar!(
        r#"insert into users (email, full_name, role, email_verified_at, time_zone)
           values ($1, $2, 'patient', $3, coalesce($4, 'UTC')) returning id"#,
        email,
        name.chars().take(120).collect::<String>(),
        verified_at,
        client.time_zone
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        "insert into user_identities (provider, subject, user_id, email) values ($1, $2, $3, $4)",
        provider,
        id.subject,
        user_id,
        email
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    audit::self_action(
        &state.db,
        user_id,
        "auth.sign_up_oidc",
        Outcome::Success,
        client,
        json!({ "provider": provider }),
    )
    .await;
    Ok(user_id)
}

/// Link a provider identity to an existing account after the password is confirmed, then sign in.
pub async fn confirm_link(
    state: &AppState,
    client: &ClientInfo,
    token: &str,
    current: String,
    previous: Option<&str>,
) -> Result<(SessionUser, NewSession, String), AppError> {
    let now = state.clock.now();
    let link = sqlx::query!(
        r#"update oauth_links set used_at = $2 where token_hash = $1 and used_at is null and expires_at > $2
           returning provider, subject, user_id, return_to"#,
        hash_token(token),
        now
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::BadRequest("This link request has expired. Start again from the sign-in page.".into()))?;
    let stored = sqlx::query_scalar!("select password_hash from users where id = $1 and is_active", link.user_id)
        .fetch_optional(&state.db)
        .await?
        .flatten()
        .unwrap_or_default();
    let _permit = state.hash_permit().await?;
    if !password::verify(current, stored).await.map_err(AppError::internal)? {
        // A wrong password spends the link: the person starts over (no unlimited guessing here).
        return Err(AppError::field("password", "That isn't the password of this account. Start again to retry."));
    }
    sqlx::query!(
        "insert into user_identities (provider, subject, user_id) values ($1, $2, $3) on conflict do nothing",
        link.provider,
        link.subject,
        link.user_id
    )
    .execute(&state.db)
    .await?;
    audit::self_action(
        &state.db,
        link.user_id,
        "auth.link_oidc",
        Outcome::Success,
        client,
        json!({ "provider": link.provider }),
    )
    .await;
    let (user, session) = start_session(state, client, link.user_id, false, previous).await?;
    Ok((user, session, link.return_to))
}
