//! Account rules that span several queries: sign-up with email verification, sign-in with session
//! rotation, sign-out and device management. Pure inputs in, typed errors out; every step is audited.

pub mod oidc_sign_in;
mod password;
pub mod profile;
mod sign_in;
mod sign_up;
pub mod two_factor;

pub use password::{change as change_password, request_reset as request_password_reset, reset as reset_password};
pub use sign_in::{sign_in, sign_in_second_step, sign_out, SignInStep};
pub use sign_up::{sign_up, verify_email};

use crate::server::auth::session::ClientInfo;

/// The rate-limit key for a client IP ("unknown" when the peer address is not known).
fn ip_key(prefix: &str, client: &ClientInfo) -> String {
    format!("{prefix}:ip:{}", client.ip.as_deref().unwrap_or("unknown"))
}

/// Create an admin account, or promote an existing account to admin with this password. Audited.
pub async fn upsert_admin(
    db: &sqlx::PgPool,
    email: &str,
    full_name: &str,
    password_hash: &str,
) -> Result<uuid::Uuid, sqlx::Error> {
    let mut tx = db.begin().await?;
    let id = sqlx::query_scalar!(
        r#"insert into users (email, full_name, role, password_hash, email_verified_at)
           values ($1, $2, 'admin', $3, now())
           on conflict (email) do update
             set role = 'admin', password_hash = excluded.password_hash,
                 email_verified_at = coalesce(users.email_verified_at, now())
           returning id"#,
        email,
        full_name,
        password_hash
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!(
        r#"insert into audit_log (actor_id, subject_id, action, outcome, detail)
           values (null, $1, 'admin.create', 'success', '{"via": "cli"}')"#,
        id
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Check a signed-in user's current password (in a hashing slot); a mismatch is a `current_password`
/// field error.
async fn check_current_password(
    state: &crate::server::AppState,
    user_id: uuid::Uuid,
    current: String,
) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    let stored = sqlx::query_scalar!("select password_hash from users where id = $1", user_id)
        .fetch_one(&state.db)
        .await?
        .unwrap_or_default();
    let _permit = state.hash_permit().await?;
    if !crate::server::auth::password::verify(current, stored).await.map_err(AppError::internal)? {
        return Err(AppError::field("current_password", "That isn't your current password."));
    }
    Ok(())
}
