//! Database access: connecting (starting the embedded cluster when configured), migrating, and one
//! module of queries per aggregate. Query functions take `&PgPool` (or a connection) and return rows.

pub mod directory;
pub mod doctors;
pub mod health;
pub mod postings;
pub mod search;
pub mod users;

use std::time::Duration;

use anyhow::{Context, Result};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use super::config::{Config, DatabaseSource};
pub use health::DbHealth;

/// The compiled-in migrations (migrations/ at build time).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!();

/// Connect to the configured database, starting and preparing the embedded cluster if that is the
/// source, then apply pending migrations. A server that refuses connections (not up yet, restarting) is
/// waited for, saying so in the log, with a growing pause between attempts (at most 10 s); the embedded
/// cluster gets a minute to start before this gives up. `health` decides which pooled connections are stale.
pub async fn connect(config: &Config, health: &DbHealth) -> Result<PgPool> {
    let url = match &config.database {
        DatabaseSource::External(url) => url.clone(),
        DatabaseSource::Embedded { pg, name } => {
            let pg2 = pg.clone();
            tokio::task::spawn_blocking(move || pg2.ensure_running(Duration::from_secs(60))).await??;
            create_database_if_missing(&pg.url("postgres")?, name).await?;
            pg.url(name)?
        }
    };
    let options: PgConnectOptions = url.parse().context("DATABASE_URL is not a valid Postgres URL")?;
    let options = options
        .application_name("carebook")
        .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(250));
    let target = format!("{}:{}/{}", options.get_host(), options.get_port(), options.get_database().unwrap_or(""));
    // One plain connection first: its error names the cause (the pool's would only say it timed out).
    let mut pause = Duration::from_millis(250);
    loop {
        match options.connect().await {
            Ok(conn) => {
                let _ = conn.close().await;
                break;
            }
            Err(e) if health::is_unavailable(&e) => {
                tracing::warn!("Postgres at {target} is not accepting connections ({e}); retrying in {pause:?}");
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_secs(10));
            }
            Err(e) => return Err(e).with_context(|| format!("connecting to Postgres at {target}")),
        }
    }
    let pool = pool_options(config.db_max_connections, health.clone())
        .connect_with(options)
        .await
        .with_context(|| format!("connecting to Postgres at {target}"))?;
    check_durability(&pool).await?;
    MIGRATOR.run(&pool).await.context("running database migrations")?;
    Ok(pool)
}

/// Refuse a server that acknowledges commits before they are on disk: `fsync` off (a crash can corrupt
/// the cluster), and warn when `synchronous_commit` is off (a crash loses the last acknowledged commits).
/// The embedded cluster always runs with both on.
async fn check_durability(pool: &PgPool) -> Result<()> {
    let (fsync, sync_commit): (String, String) =
        sqlx::query_as("select current_setting('fsync'), current_setting('synchronous_commit')")
            .fetch_one(pool)
            .await?;
    anyhow::ensure!(
        fsync == "on",
        "the database runs with fsync = {fsync}: a crash could lose or corrupt acknowledged bookings and \
         payments; turn it on"
    );
    if sync_commit == "off" {
        tracing::error!(
            "the database runs with synchronous_commit = off: a crash loses the last commits that patients were \
             told succeeded; set it to on (or stronger)"
        );
    }
    Ok(())
}

/// The constraint a write violated (unique, exclusion, check, foreign key; the daily-cap trigger reports
/// under a constraint name too), if that is why it failed. Every mapping of a constraint to a typed
/// `AppError` starts here (see [`OnConstraint`]).
pub fn constraint(e: &sqlx::Error) -> Option<&str> {
    match e {
        sqlx::Error::Database(db) if db.code().is_some_and(|c| c.starts_with("23")) => db.constraint(),
        _ => None,
    }
}

/// Map a constraint violation to the error the user should see: `map` gets the constraint's name and
/// returns the error for it, or None for constraints it doesn't know (those stay internal errors).
pub trait OnConstraint<T> {
    fn on_constraint(
        self,
        map: impl FnOnce(&str) -> Option<crate::error::AppError>,
    ) -> Result<T, crate::error::AppError>;
}

impl<T> OnConstraint<T> for Result<T, sqlx::Error> {
    fn on_constraint(
        self,
        map: impl FnOnce(&str) -> Option<crate::error::AppError>,
    ) -> Result<T, crate::error::AppError> {
        self.map_err(|e| match constraint(&e).and_then(map) {
            Some(mapped) => mapped,
            None => e.into(),
        })
    }
}

/// Postgres' `deadlock_detected` (40P01).
pub fn is_deadlock(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("40P01"))
}

/// Run `write` (one autocommit statement) again if Postgres chose it as a deadlock victim: up to seven
/// more times, after a short random pause that grows with each attempt.
///
/// Exclusion constraints need this: two statements that insert overlapping rows at the same instant each
/// find the other's row in the constraint check and wait for each other, and Postgres aborts one
/// (`src/backend/executor/execIndexing.c`). Run again, the write sees the winner's row and is refused as an
/// overlap, or succeeds if the winner rolled back. Under a burst of racers on one slot (64 patients, a slow
/// machine) a victim can lose to a second and third racer in a row; the jittered pause spreads the
/// retries so they stop meeting at the same instant. Any other outcome is returned as it is.
pub async fn retry_deadlock<T, F, Fut>(mut write: F) -> Result<T, sqlx::Error>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T, sqlx::Error>>,
{
    use rand::Rng;
    for attempt in 1..8u64 {
        match write().await {
            Err(e) if is_deadlock(&e) => {
                let pause = rand::thread_rng().gen_range(1..=5 * attempt);
                tracing::debug!(attempt, pause_ms = pause, "deadlock victim, running the write again");
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            done => return done,
        }
    }
    write().await
}

/// `create database` unless it exists (connects through the maintenance database URL given).
pub async fn create_database_if_missing(maintenance_url: &str, name: &str) -> Result<()> {
    let mut conn = sqlx::PgConnection::connect(maintenance_url).await.context("connecting to the cluster")?;
    let exists: bool = sqlx::query_scalar("select exists(select 1 from pg_database where datname = $1)")
        .bind(name)
        .fetch_one(&mut conn)
        .await?;
    if !exists {
        tracing::info!(database = name, "creating database");
        sqlx::query(&format!("create database {}", quote_ident(name))).execute(&mut conn).await?;
    }
    conn.close().await?;
    Ok(())
}

/// `drop database if exists` (with force: ends other sessions first).
pub async fn drop_database(maintenance_url: &str, name: &str) -> Result<()> {
    let mut conn = sqlx::PgConnection::connect(maintenance_url).await.context("connecting to the cluster")?;
    sqlx::query(&format!("drop database if exists {} with (force)", quote_ident(name))).execute(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

/// Quote an SQL identifier (database names cannot be bound as parameters).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The directory search's two ways into the same database.
#[derive(Clone, Debug)]
pub struct SearchDb {
    /// Sessions that plan every execution for its actual values (`plan_cache_mode = force_custom_plan`):
    /// the search's optional filters (`$1 is null or …`) need that to drop unused branches and pick the
    /// right index.
    pub planned: sqlx::PgPool,
    /// The main pool, whose cached plans serve the statements that don't depend on which filters are set
    /// (the query's words, the page's cards). Re-planning them would cost more than running them.
    pub cached: sqlx::PgPool,
}

impl SearchDb {
    /// The search's pools over `db` (the main pool); the planned one connects lazily, with up to `max`
    /// connections. Only the search plans every execution: everything else keeps Postgres' plan cache
    /// (re-planning the hold's insert is costly: docs/performance.md).
    pub fn new(db: &sqlx::PgPool, max: u32, health: DbHealth) -> Self {
        let options = (*db.connect_options()).clone().options([("plan_cache_mode", "force_custom_plan")]);
        SearchDb { planned: pool_options(max, health).connect_lazy_with(options), cached: db.clone() }
    }
}

/// How long a pooled connection may sit idle before checkout pings it first.
const PING_AFTER_IDLE: Duration = Duration::from_secs(30);

/// Pool settings shared by both pools. sqlx pings every connection on checkout by default, a round trip per
/// query (docs/performance.md); a connection in steady use is known to be alive, so only one idle for
/// [`PING_AFTER_IDLE`] or longer is pinged; a broken one is discarded and checkout takes or opens another. Connections opened before the
/// database's last outage are discarded unused (they point at a server that has gone).
///
/// No idle timeout and no maximum lifetime: either one starts sqlx 0.8.6's maintenance task, whose sweep
/// (`for _ in 0..num_idle()`, with no await when nothing is reaped) spins forever once a concurrent release
/// and checkout have wrapped `num_idle` below zero (launchbadge/sqlx#3645, fixed upstream after 0.8.6): a
/// core burnt, and on a current-thread runtime every other task starved. Seen as booking_race's 64 racers
/// hanging in CI with every database connection idle.
fn pool_options(max: u32, health: DbHealth) -> PgPoolOptions {
    PgPoolOptions::new()
        .max_connections(max.max(1))
        .idle_timeout(None)
        .max_lifetime(None)
        .acquire_timeout(Duration::from_secs(5))
        .test_before_acquire(false)
        .before_acquire(move |conn, meta| {
            let stale = health.predates_last_outage(meta.age);
            Box::pin(async move {
                if stale {
                    return Ok(false);
                }
                if meta.idle_for >= PING_AFTER_IDLE {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_identifiers() {
        assert_eq!(super::quote_ident("carebook"), "\"carebook\"");
        assert_eq!(super::quote_ident("we\"ird"), "\"we\"\"ird\"");
    }
}
