//! Server-side sessions: one row per signed-in device, a 256-bit random token in the cookie and only its
//! SHA-256 in the database. Idle and absolute timeouts depend on the role and on "remember me".

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use uuid::Uuid;

use crate::model::auth::{device_label, DeviceSession};
use crate::model::{Role, SessionUser};

/// Idle and absolute lifetimes for one kind of session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    pub idle: Duration,
    pub absolute: Duration,
}

/// Session lifetimes by audience. Doctors and admins (staff) get shorter ones: they see other people's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    pub patient: Lifetime,
    pub patient_remembered: Lifetime,
    pub staff: Lifetime,
    pub staff_remembered: Lifetime,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            patient: Lifetime { idle: Duration::hours(2), absolute: Duration::hours(12) },
            patient_remembered: Lifetime { idle: Duration::days(14), absolute: Duration::days(30) },
            staff: Lifetime { idle: Duration::minutes(30), absolute: Duration::hours(12) },
            staff_remembered: Lifetime { idle: Duration::hours(8), absolute: Duration::days(7) },
        }
    }
}

impl SessionPolicy {
    /// The lifetime for a new session of `role`.
    pub fn lifetime(&self, role: Role, remember: bool) -> Lifetime {
        match (role, remember) {
            (Role::Patient, false) => self.patient,
            (Role::Patient, true) => self.patient_remembered,
            (_, false) => self.staff,
            (_, true) => self.staff_remembered,
        }
    }
}

/// A freshly created session: the token goes into the cookie and nowhere else.
pub struct NewSession {
    pub id: Uuid,
    pub token: String,
    pub lifetime: Lifetime,
    pub persistent: bool,
}

/// Where a request came from, for session rows and the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: String,
    /// The browser's IANA zone from its zone cookie, when it names a real zone.
    pub time_zone: Option<String>,
}

/// An active session resolved from a cookie.
#[derive(Debug, Clone)]
pub struct ActiveSession {
    pub id: Uuid,
    pub user: SessionUser,
    pub persistent: bool,
}

impl ActiveSession {
    /// The user's id.
    pub fn user_id(&self) -> Uuid {
        self.user.id
    }
}

/// SHA-256 of a cookie token.
pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// A fresh 256-bit random token, URL-safe base64.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Start a session for `user_id`.
pub async fn create(
    db: &PgPool,
    user_id: Uuid,
    lifetime: Lifetime,
    persistent: bool,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> Result<NewSession, sqlx::Error> {
    let token = new_token();
    let user_agent: String = client.user_agent.chars().take(512).collect();
    let id = sqlx::query_scalar!(
        r#"insert into sessions (token_hash, user_id, created_at, last_seen_at, idle_timeout_secs,
                                 absolute_expires_at, persistent, user_agent, ip)
           values ($1, $2, $3, $3, $4, $5, $6, $7, $8::text::inet)
           returning id"#,
        hash_token(&token),
        user_id,
        now,
        lifetime.idle.num_seconds() as i32,
        now + lifetime.absolute,
        persistent,
        user_agent,
        client.ip.as_deref(),
    )
    .fetch_one(db)
    .await?;
    Ok(NewSession { id, token, lifetime, persistent })
}

/// Resolve a cookie token to its live session and user, or None (unknown, ended, expired, inactive user).
/// Touches `last_seen_at` at most once a minute.
pub async fn resolve(db: &PgPool, token: &str, now: DateTime<Utc>) -> Result<Option<ActiveSession>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select s.id, s.persistent, s.last_seen_at, u.id as user_id, u.email::text as "email!", u.full_name,
                  u.role as "role: Role", u.email_verified_at is not null as "email_verified!", u.time_zone,
                  (u.role <> 'patient'
                   and coalesce((select value = 'true'::jsonb from app_settings
                                 where key = 'security.require_2fa_for_staff'), false)
                   and not exists(select 1 from user_totp t where t.user_id = u.id and t.enabled_at is not null))
                    as "needs_2fa_setup!"
           from sessions s join users u on u.id = s.user_id
           where s.token_hash = $1 and s.ended_at is null and u.is_active
             and s.absolute_expires_at > $2
             and s.last_seen_at + make_interval(secs => s.idle_timeout_secs) > $2"#,
        hash_token(token),
        now,
    )
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if now - row.last_seen_at > Duration::seconds(60) {
        sqlx::query!("update sessions set last_seen_at = $2 where id = $1", row.id, now).execute(db).await?;
        if row.role == Role::Doctor {
            // "Last active" on the public profile, and what "online now" requires.
            sqlx::query!("update doctors set last_active_at = $2 where user_id = $1", row.user_id, now)
                .execute(db)
                .await?;
        }
    }
    Ok(Some(ActiveSession {
        id: row.id,
        persistent: row.persistent,
        user: SessionUser {
            id: row.user_id,
            email: row.email,
            full_name: row.full_name,
            role: row.role,
            email_verified: row.email_verified,
            needs_2fa_setup: row.needs_2fa_setup,
            time_zone: row.time_zone,
        },
    }))
}

/// End one session (if still active). Returns whether it was active.
pub async fn end(db: &PgPool, id: Uuid, reason: &str, now: DateTime<Utc>) -> Result<bool, sqlx::Error> {
    let res = sqlx::query!(
        "update sessions set ended_at = $2, ended_reason = $3 where id = $1 and ended_at is null",
        id,
        now,
        reason
    )
    .execute(db)
    .await?;
    Ok(res.rows_affected() == 1)
}

/// End one of `user_id`'s sessions by id (ownership enforced in SQL). Returns whether one was ended.
pub async fn end_for_user(
    db: &PgPool,
    user_id: Uuid,
    id: Uuid,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let res = sqlx::query!(
        "update sessions set ended_at = $3, ended_reason = $4 where id = $1 and user_id = $2 and ended_at is null",
        id,
        user_id,
        now,
        reason
    )
    .execute(db)
    .await?;
    Ok(res.rows_affected() == 1)
}

/// End all of `user_id`'s sessions except `keep`. Returns how many ended.
pub async fn end_others(
    db: &PgPool,
    user_id: Uuid,
    keep: Option<Uuid>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<u64, sqlx::Error> {
    let res = sqlx::query!(
        r#"update sessions set ended_at = $3, ended_reason = $4
           where user_id = $1 and ended_at is null and ($2::uuid is null or id <> $2)"#,
        user_id,
        keep,
        now,
        reason
    )
    .execute(db)
    .await?;
    Ok(res.rows_affected())
}

/// A user's active sessions, most recently used first (`current` is left false for the caller to mark).
pub async fn list(db: &PgPool, user_id: Uuid, now: DateTime<Utc>) -> Result<Vec<DeviceSession>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select id, user_agent, host(ip) as ip, created_at, last_seen_at, persistent
           from sessions
           where user_id = $1 and ended_at is null and absolute_expires_at > $2
             and last_seen_at + make_interval(secs => idle_timeout_secs) > $2
           order by last_seen_at desc"#,
        user_id,
        now
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DeviceSession {
            id: r.id,
            label: device_label(&r.user_agent),
            ip: r.ip,
            created_at: r.created_at.to_rfc3339(),
            last_seen_at: r.last_seen_at.to_rfc3339(),
            persistent: r.persistent,
            current: false,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bit_and_unique() {
        let a = new_token();
        assert_eq!(URL_SAFE_NO_PAD.decode(&a).unwrap().len(), 32);
        assert_ne!(a, new_token());
        assert_eq!(hash_token(&a).len(), 32);
        assert_ne!(hash_token(&a), a.as_bytes());
    }

    #[test]
    fn staff_sessions_are_shorter() {
        let p = SessionPolicy::default();
        for remember in [false, true] {
            let patient = p.lifetime(Role::Patient, remember);
            for staff in [Role::Doctor, Role::Admin] {
                let s = p.lifetime(staff, remember);
                assert!(s.idle < patient.idle && s.absolute <= patient.absolute);
            }
        }
    }
}
