//! Rate limits kept in Postgres (so every app instance shares them): the generic cell rate algorithm, one
//! row per key holding its theoretical arrival time, updated in a single statement.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use crate::error::AppError;

/// `burst` requests at once, then one more every `every`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quota {
    pub burst: u32,
    pub every: Duration,
}

impl Quota {
    pub const fn new(burst: u32, every: Duration) -> Self {
        Quota { burst, every }
    }
}

/// Sign-in attempts per client IP.
pub const SIGN_IN_PER_IP: Quota = Quota::new(30, Duration::seconds(6));
/// Sign-in attempts per account (email), whatever the IP: slows password guessing on one account.
pub const SIGN_IN_PER_ACCOUNT: Quota = Quota::new(10, Duration::minutes(3));
/// Password-reset requests per client IP.
pub const RESET_PER_IP: Quota = Quota::new(10, Duration::minutes(1));
/// Reset mails per account: a few, then one every 10 minutes.
pub const RESET_PER_ACCOUNT: Quota = Quota::new(3, Duration::minutes(10));
/// Two-factor codes per account.
pub const TWO_FACTOR: Quota = Quota::new(10, Duration::minutes(1));
/// Slot holds per client IP, over every account behind it: a burst, then three a minute
/// (`CAREBOOK_HOLDS_PER_IP` sets the burst). Checked inside the hold's own statement (`carebook_take`).
pub const HOLDS_PER_IP: Quota = Quota::new(30, Duration::seconds(20));
/// Sign-ups per client IP.
pub const SIGN_UP_PER_IP: Quota = Quota::new(10, Duration::minutes(2));

/// Take one unit from `key`'s allowance. `Err(RateLimited)` carries the seconds until the next one.
pub async fn check(db: &PgPool, key: &str, quota: Quota, now: DateTime<Utc>) -> Result<(), AppError> {
    let every = quota.every.num_milliseconds() as f64 / 1000.0;
    let window = every * f64::from(quota.burst);
    let allowed = sqlx::query_scalar!(
        r#"insert into rate_limits as r (key, tat) values ($1, $2::timestamptz + make_interval(secs => $3))
           on conflict (key) do update
             set tat = greatest(r.tat, $2) + make_interval(secs => $3)
             where greatest(r.tat, $2) + make_interval(secs => $3) <= $2 + make_interval(secs => $4)
           returning tat"#,
        key,
        now,
        every,
        window
    )
    .fetch_optional(db)
    .await?;
    if allowed.is_some() {
        return Ok(());
    }
    let tat = sqlx::query_scalar!("select tat from rate_limits where key = $1", key).fetch_one(db).await?;
    // The next unit fits once tat + every - now <= window.
    let wait = tat + quota.every - now - Duration::milliseconds((window * 1000.0) as i64);
    Err(AppError::RateLimited { retry_after_secs: wait.num_seconds().max(1) as u64 })
}

/// Delete keys whose allowance is full again (housekeeping; safe to run anywhere, any time).
pub async fn purge_idle(db: &PgPool, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query!("delete from rate_limits where tat < $1", now).execute(db).await?.rows_affected())
}
