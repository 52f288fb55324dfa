//! Single-use, expiring tokens delivered by email (verification: 24 h; password reset: 30 min).
//! Random 256-bit values; only their SHA-256 is stored; consuming one is a single atomic UPDATE.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sqlx::PgPool;
use uuid::Uuid;

use super::session::hash_token;

/// What a token is for (stored as text, checked by the schema).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    VerifyEmail,
    ResetPassword,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::VerifyEmail => "verify_email",
            Purpose::ResetPassword => "reset_password",
        }
    }

    /// How long a token stays valid.
    pub fn lifetime(self) -> Duration {
        match self {
            Purpose::VerifyEmail => Duration::hours(24),
            Purpose::ResetPassword => Duration::minutes(30),
        }
    }
}

/// A random 256-bit token, URL-safe base64.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Issue a token for `user_id`; returns the plaintext to put in the link.
pub async fn issue(db: &PgPool, user_id: Uuid, purpose: Purpose, now: DateTime<Utc>) -> Result<String, sqlx::Error> {
    let token = random_token();
    sqlx::query!(
        r#"insert into email_tokens (token_hash, user_id, purpose, created_at, expires_at)
           values ($1, $2, $3, $4, $5)"#,
        hash_token(&token),
        user_id,
        purpose.as_str(),
        now,
        now + purpose.lifetime()
    )
    .execute(db)
    .await?;
    Ok(token)
}

/// Use a token: marks it used and returns its user, or None if unknown, used, expired or of another purpose.
pub async fn consume(
    db: &PgPool,
    token: &str,
    purpose: Purpose,
    now: DateTime<Utc>,
) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"update email_tokens set used_at = $3
           where token_hash = $1 and purpose = $2 and used_at is null and expires_at > $3
           returning user_id"#,
        hash_token(token),
        purpose.as_str(),
        now
    )
    .fetch_optional(db)
    .await
}
