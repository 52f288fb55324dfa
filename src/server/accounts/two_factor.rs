//! Two-factor sign-in: TOTP enrolment (QR + confirm with a first code), recovery codes, disabling it, the
//! second sign-in step, and the admin setting that requires it for doctors and admins.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::auth::{TotpEnrolment, TwoFactorStatus};
use crate::model::Role;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::{hash_token, ClientInfo};
use crate::server::auth::{rate_limit, totp};
use crate::server::AppState;

/// How long the second step may take after a correct password.
const CHALLENGE_LIFETIME: Duration = Duration::minutes(5);
/// Wrong codes allowed per challenge.
const CHALLENGE_ATTEMPTS: i32 = 5;

/// Whether two-factor sign-in is required for staff (doctors and admins).
pub async fn required_for_staff(state: &AppState) -> Result<bool, AppError> {
    let v = sqlx::query_scalar!("select value from app_settings where key = 'security.require_2fa_for_staff'")
        .fetch_optional(&state.db)
        .await?;
    Ok(v.and_then(|v| v.as_bool()).unwrap_or(false))
}

/// Turn the staff requirement on or off (admins only; checked by the caller). Audited.
pub async fn set_required_for_staff(
    state: &AppState,
    client: &ClientInfo,
    admin: Uuid,
    on: bool,
) -> Result<(), AppError> {
    sqlx::query!(
        r#"insert into app_settings (key, value, updated_by) values ('security.require_2fa_for_staff', $1, $2)
           on conflict (key) do update set value = excluded.value, updated_by = excluded.updated_by, updated_at = now()"#,
        json!(on),
        admin
    )
    .execute(&state.db)
    .await?;
    audit::record(
        &state.db,
        Event {
            actor: Some(admin),
            subject: None,
            action: "admin.require_2fa_for_staff",
            outcome: Outcome::Success,
            client,
            detail: json!({ "required": on }),
        },
    )
    .await;
    Ok(())
}

/// The user's two-factor state.
pub async fn status(state: &AppState, user_id: Uuid, role: Role) -> Result<TwoFactorStatus, AppError> {
    let row = sqlx::query!(
        r#"select exists(select 1 from user_totp where user_id = $1 and enabled_at is not null) as "enabled!",
                  (select count(*) from recovery_codes where user_id = $1 and used_at is null) as "left!""#,
        user_id
    )
    .fetch_one(&state.db)
    .await?;
    let required = role != Role::Patient && required_for_staff(state).await?;
    Ok(TwoFactorStatus { enabled: row.enabled, recovery_codes_left: row.left, required })
}

/// Start (or restart) enrolment: a new secret, pending until confirmed with a first code.
pub async fn begin(state: &AppState, user_id: Uuid, email: &str) -> Result<TotpEnrolment, AppError> {
    let secret = totp::new_secret();
    let res = sqlx::query!(
        r#"insert into user_totp (user_id, secret) values ($1, $2)
           on conflict (user_id) do update set secret = excluded.secret, last_used_step = 0
           where user_totp.enabled_at is null"#,
        user_id,
        secret
    )
    .execute(&state.db)
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::Conflict("Two-factor sign-in is already on.".into()));
    }
    let uri = totp::otpauth_uri(&secret, email, "Carebook");
    Ok(TotpEnrolment { secret: totp::secret_base32(&secret), qr_svg: totp::qr_svg(&uri), uri })
}

/// Confirm enrolment with a code from the app; returns the recovery codes (shown once).
pub async fn confirm(
    state: &AppState,
    client: &ClientInfo,
    user_id: Uuid,
    code: &str,
) -> Result<Vec<String>, AppError> {
    let now = state.clock.now();
    rate_limit::check(&state.db, &format!("2fa:{user_id}"), rate_limit::TWO_FACTOR, now).await?;
    let pending = sqlx::query!("select secret from user_totp where user_id = $1 and enabled_at is null", user_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or_else(|| AppError::Conflict("Start the set-up again.".into()))?;
    let Some(step) = totp::verify(&pending.secret, code, now.timestamp(), 0) else {
        return Err(AppError::field("code", "That code didn't match. Check the time on your phone and try again."));
    };
    let codes = totp::new_recovery_codes();
    let mut tx = state.db.begin().await?;
    sqlx::query!("update user_totp set enabled_at = $2, last_used_step = $3 where user_id = $1", user_id, now, step)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("delete from recovery_codes where user_id = $1", user_id).execute(&mut *tx).await?;
    for code in &codes {
        sqlx::query!(
            "insert into recovery_codes (user_id, code_hash) values ($1, $2)",
            user_id,
            hash_token(&totp::normalize_recovery_code(code))
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    audit::self_action(&state.db, user_id, "auth.2fa_enable", Outcome::Success, client, json!({})).await;
    Ok(codes)
}

/// Turn two-factor sign-in off (password required; refused while an admin requires it for the role).
pub async fn disable(
    state: &AppState,
    client: &ClientInfo,
    user_id: Uuid,
    role: Role,
    current: String,
) -> Result<(), AppError> {
    if role != Role::Patient && required_for_staff(state).await? {
        return Err(AppError::Conflict("Two-factor sign-in is required for your role.".into()));
    }
    super::check_current_password(state, user_id, current).await?;
    sqlx::query!("delete from user_totp where user_id = $1", user_id).execute(&state.db).await?;
    sqlx::query!("delete from recovery_codes where user_id = $1", user_id).execute(&state.db).await?;
    audit::self_action(&state.db, user_id, "auth.2fa_disable", Outcome::Success, client, json!({})).await;
    Ok(())
}

/// Whether the user has two-factor sign-in on.
pub async fn enabled(state: &AppState, user_id: Uuid) -> Result<bool, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select exists(select 1 from user_totp where user_id = $1 and enabled_at is not null) as "e!""#,
        user_id
    )
    .fetch_one(&state.db)
    .await?)
}

/// Open the second step after a correct password; returns the challenge token for the client.
pub async fn open_challenge(
    state: &AppState,
    user_id: Uuid,
    remember: bool,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = crate::server::auth::email_token::random_token();
    sqlx::query!(
        "insert into mfa_challenges (token_hash, user_id, remember, created_at, expires_at) values ($1, $2, $3, $4, $5)",
        hash_token(&token),
        user_id,
        remember,
        now,
        now + CHALLENGE_LIFETIME
    )
    .execute(&state.db)
    .await?;
    Ok(token)
}

/// Check the second step: a TOTP code (not replayable) or an unused recovery code. On success the
/// challenge is spent and `(user_id, remember)` returned.
pub async fn pass_challenge(state: &AppState, challenge: &str, code: &str) -> Result<(Uuid, bool), AppError> {
    let now = state.clock.now();
    let expired = || AppError::BadRequest("This sign-in attempt has expired. Please sign in again.".into());
    let row = sqlx::query!(
        r#"update mfa_challenges set attempts = attempts + 1
           where token_hash = $1 and used_at is null and expires_at > $2 and attempts < $3
           returning id, user_id, remember"#,
        hash_token(challenge),
        now,
        CHALLENGE_ATTEMPTS
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(expired)?;
    rate_limit::check(&state.db, &format!("2fa:{}", row.user_id), rate_limit::TWO_FACTOR, now).await?;
    let totp_row = sqlx::query!(
        "select secret, last_used_step from user_totp where user_id = $1 and enabled_at is not null",
        row.user_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(expired)?;
    let accepted = match totp::verify(&totp_row.secret, code, now.timestamp(), totp_row.last_used_step) {
        // Conditional update: two requests racing with the same code can't both win.
        Some(step) => {
            sqlx::query!(
                "update user_totp set last_used_step = $2 where user_id = $1 and last_used_step < $2",
                row.user_id,
                step
            )
            .execute(&state.db)
            .await?
            .rows_affected()
                == 1
        }
        None => {
            sqlx::query!(
                "update recovery_codes set used_at = $3 where user_id = $1 and code_hash = $2 and used_at is null",
                row.user_id,
                hash_token(&totp::normalize_recovery_code(code)),
                now
            )
            .execute(&state.db)
            .await?
            .rows_affected()
                == 1
        }
    };
    if !accepted {
        return Err(AppError::field("code", "That code didn't work. Try the newest code from your app."));
    }
    sqlx::query!("update mfa_challenges set used_at = $2 where id = $1", row.id, now).execute(&state.db).await?;
    Ok((row.user_id, row.remember))
}
