//! Shared server state, injected into every handler and server function as an axum `Extension`.

use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::Semaphore;

use super::cache::RefreshedCache;
use super::clock::{Clock, SystemClock};
use super::config::Config;
use super::storage::{LocalDisk, ObjectStore};

/// Everything a request may need. Cheap to clone; holds no per-user state (that lives in Postgres).
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
    pub clock: Arc<dyn Clock>,
    /// Password hashing capacity of this instance (CPU-bound work). When it is exhausted, sign-ins are
    /// answered 429 at once instead of queueing behind each other.
    pub hash_permits: Arc<Semaphore>,
    /// Uploaded files (profile photos): local disk under the data dir by default.
    pub store: Arc<dyn ObjectStore>,
    /// The directory's filter choices, read again in the background once a minute per instance.
    pub facets: Arc<RefreshedCache<crate::model::search::SearchFacets>>,
    /// The home page's specialties with counts and headline stats, read at most once a minute per instance
    /// (with 100,000 doctors they are two full scans, about 90 ms each).
    pub home: Arc<RefreshedCache<crate::model::HomeData>>,
    /// The directory search's pools: sessions that plan each search for its values, and `db` (see
    /// `db::SearchDb`).
    pub search_db: super::db::SearchDb,
    /// The rules holds check slots against, kept in step with Postgres by a listener (a cache, not state;
    /// it caches nothing until `spawn_listener` has subscribed).
    pub schedule: super::scheduling::cache::ScheduleCache,
    /// Whether this instance reaches Postgres now (while it doesn't, requests are answered 503 at once).
    pub db_health: super::db::DbHealth,
    /// The key one-click email links are signed with, read from Postgres on first use (`booking::links`).
    pub link_key: Arc<tokio::sync::OnceCell<[u8; 32]>>,
}

/// How long an instance reuses the directory's filter choices and the home page's counts.
const READ_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_secs(60);

/// Concurrent password hashes per instance: `CAREBOOK_HASH_CONCURRENCY`, else half the cores (at least one),
/// so a sign-in flood can't take the CPU the pages need.
fn config_hashers(config: &Config) -> usize {
    config.hash_concurrency.unwrap_or_else(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        (cores / 2).max(1)
    })
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self::with_clock(db, config, Arc::new(SystemClock))
    }

    /// A slot for one password hash. Waits at most 250 ms; past this instance's capacity the answer is
    /// 429 rather than an ever-growing queue.
    pub async fn hash_permit(&self) -> Result<tokio::sync::SemaphorePermit<'_>, crate::error::AppError> {
        match tokio::time::timeout(std::time::Duration::from_millis(250), self.hash_permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(crate::error::AppError::RateLimited { retry_after_secs: 1 }),
        }
    }

    /// State with an injected clock (tests move time to check expiry).
    pub fn with_clock(db: PgPool, config: Config, clock: Arc<dyn Clock>) -> Self {
        Self::with_health(db, config, clock, Default::default())
    }

    /// State whose pools share `health` (the server's: its watcher and the embedded cluster's supervisor
    /// keep it current).
    pub fn with_health(db: PgPool, config: Config, clock: Arc<dyn Clock>, health: super::db::DbHealth) -> Self {
        let store = Arc::new(LocalDisk { root: config.data_dir.join("uploads") });
        let hash_permits = Arc::new(Semaphore::new(config_hashers(&config)));
        let search_db = super::db::SearchDb::new(&db, config.db_max_connections, health.clone());
        AppState {
            db,
            config: Arc::new(config),
            clock,
            hash_permits,
            store,
            facets: Arc::new(RefreshedCache::new(READ_AGAIN_AFTER)),
            home: Arc::new(RefreshedCache::new(READ_AGAIN_AFTER)),
            search_db,
            schedule: Default::default(),
            db_health: health,
            link_key: Default::default(),
        }
    }
}
