//! Shared server state, injected into every handler and server function as an axum `Extension`.

use std::sync::Arc;

use sqlx::PgPool;

use super::config::Config;

/// Everything a request may need. Cheap to clone; holds no per-user state (that lives in Postgres).
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(db: PgPool, config: Config) -> Self {
        AppState {
            db,
            config: Arc::new(config),
        }
    }
}
