//! Periodic clean-up of expired short-lived rows (rate-limit cells, provider sign-in flows, 2FA challenges,
//! link requests, email tokens, finished jobs). Idempotent deletes, so any number of instances may run it.

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

use super::auth::rate_limit;

/// Delete what expired before `now` (email tokens are kept a week past expiry for support questions).
/// Returns how many rows went.
pub async fn purge_expired(db: &PgPool, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let mut n = rate_limit::purge_idle(db, now).await?;
    n += sqlx::query!("delete from oauth_flows where expires_at < $1", now).execute(db).await?.rows_affected();
    n += sqlx::query!("delete from mfa_challenges where expires_at < $1", now).execute(db).await?.rows_affected();
    n += sqlx::query!("delete from oauth_links where expires_at < $1", now).execute(db).await?.rows_affected();
    n += sqlx::query!("delete from email_tokens where expires_at < $1", now - Duration::days(7))
        .execute(db)
        .await?
        .rows_affected();
    // Finished jobs stay a month for support questions (a dedupe key outlives its appointment by then).
    n += sqlx::query!("delete from jobs where status <> 'queued' and finished_at < $1", now - Duration::days(30))
        .execute(db)
        .await?
        .rows_affected();
    Ok(n)
}

/// Run `purge_expired` every `every` for the life of the process.
pub fn spawn(db: PgPool, clock: std::sync::Arc<dyn super::clock::Clock>, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match purge_expired(&db, clock.now()).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rows = n, "housekeeping: expired rows removed"),
                Err(e) => tracing::warn!("housekeeping failed: {e}"),
            }
        }
    });
}
