//! Shared server state, injected into every handler and server function as an axum `Extension`.

use std::sync::Arc;

use sqlx::PgPool;
use tokio::sync::Semaphore;

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
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        Self::with_clock(db, config, Arc::new(SystemClock))
    }

    /// State with an injected clock (tests move time to check expiry).
    pub fn with_clock(db: PgPool, config: Config, clock: Arc<dyn Clock>) -> Self {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let store = Arc::new(LocalDisk { root: config.data_dir.join("uploads") });
        AppState { db, config: Arc::new(config), clock, hash_permits: Arc::new(Semaphore::new(cores * 2)), store }
    }
}
