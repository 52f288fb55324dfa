//! Whether this instance can reach Postgres right now. While it can't, requests that need the database are
//! answered 503 at once (never left waiting on the pool), and once it can again, connections opened before
//! the outage are dropped instead of failing one request each. Per instance on purpose: it describes this
//! process's connections, not shared state.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::PgPool;

/// How often the watcher pings while the database answers, and while it doesn't.
const PING_EVERY_UP: Duration = Duration::from_secs(1);
const PING_EVERY_DOWN: Duration = Duration::from_millis(200);
/// A ping that takes longer than this has failed.
const PING_TIMEOUT: Duration = Duration::from_secs(1);

/// The database's state as this instance sees it. Cheap to clone.
#[derive(Clone, Debug)]
pub struct DbHealth(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    up: AtomicBool,
    /// When the last outage began, in milliseconds since `base` (0: none yet).
    outage_began_ms: AtomicU64,
    base: Instant,
}

impl Default for DbHealth {
    fn default() -> Self {
        DbHealth(Arc::new(Inner {
            up: AtomicBool::new(true),
            outage_began_ms: AtomicU64::new(0),
            base: Instant::now(),
        }))
    }
}

impl DbHealth {
    /// Whether the database answered the last check.
    pub fn is_up(&self) -> bool {
        self.0.up.load(Ordering::Acquire)
    }

    /// Record that the database is unreachable (`why` goes to the log once per outage).
    pub fn mark_down(&self, why: &str) {
        if self.0.up.swap(false, Ordering::AcqRel) {
            let ms = self.0.base.elapsed().as_millis() as u64;
            self.0.outage_began_ms.store(ms.max(1), Ordering::Release);
            tracing::error!("database unreachable: {why}; answering 503 until it is back");
        }
    }

    /// Record that the database answers again.
    pub fn mark_up(&self) {
        if !self.0.up.swap(true, Ordering::AcqRel) {
            let began = self.0.outage_began_ms.load(Ordering::Acquire);
            let down_ms = (self.0.base.elapsed().as_millis() as u64).saturating_sub(began);
            tracing::info!(down_ms, "database reachable again");
        }
    }

    /// Whether a pooled connection of age `age` predates the last outage (it then points at a server
    /// that has gone, and is dropped instead of used).
    pub fn predates_last_outage(&self, age: Duration) -> bool {
        match self.0.outage_began_ms.load(Ordering::Acquire) {
            0 => false,
            began => {
                let since_outage = self.0.base.elapsed().saturating_sub(Duration::from_millis(began));
                age > since_outage
            }
        }
    }

    /// Ping `pool` for the life of the process: every second while it answers; after two failures in a
    /// row mark it down and ping every 200 ms until it answers again.
    pub fn spawn_watcher(&self, pool: PgPool) -> tokio::task::JoinHandle<()> {
        let health = self.clone();
        tokio::spawn(async move {
            let mut failures = 0u32;
            loop {
                match ping(&pool).await {
                    Ok(()) => {
                        failures = 0;
                        health.mark_up();
                    }
                    Err(why) => {
                        failures += 1;
                        // One failure can be a single stale connection; two in a row is the server.
                        if failures >= 2 || !health.is_up() {
                            health.mark_down(&why);
                        }
                    }
                }
                let every = if health.is_up() && failures == 0 { PING_EVERY_UP } else { PING_EVERY_DOWN };
                tokio::time::sleep(every).await;
            }
        })
    }
}

async fn ping(pool: &PgPool) -> Result<(), String> {
    let attempt = async {
        let mut conn = pool.acquire().await?;
        sqlx::Connection::ping(&mut *conn).await
    };
    match tokio::time::timeout(PING_TIMEOUT, attempt).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {PING_TIMEOUT:?}")),
    }
}

/// Whether `e` says the database (or the way to it) is unavailable, rather than that the statement failed:
/// I/O and pool errors, and Postgres' connection-exception (08), shutdown and recovery (57P0x) states.
pub fn is_unavailable(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            db.code().is_some_and(|c| c.starts_with("08") || matches!(c.as_ref(), "57P01" | "57P02" | "57P03"))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_from_before_an_outage_are_recognised() {
        let h = DbHealth::default();
        assert!(!h.predates_last_outage(Duration::from_secs(3600)), "no outage yet");
        std::thread::sleep(Duration::from_millis(20));
        h.mark_down("test");
        assert!(!h.is_up());
        std::thread::sleep(Duration::from_millis(20));
        h.mark_up();
        assert!(h.is_up());
        assert!(h.predates_last_outage(Duration::from_millis(35)), "opened before the outage began");
        assert!(!h.predates_last_outage(Duration::from_millis(5)), "opened after it");
    }

    #[test]
    fn connection_failures_are_unavailability_and_statement_errors_are_not() {
        let refused = sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused));
        assert!(is_unavailable(&refused));
        assert!(is_unavailable(&sqlx::Error::PoolTimedOut));
        assert!(!is_unavailable(&sqlx::Error::RowNotFound));
    }
}
