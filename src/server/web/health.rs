//! `GET /healthz`: liveness plus database connectivity, for load balancers and the test suite.

use std::time::Duration;

use axum::{http::StatusCode, response::IntoResponse, Extension, Json};
use serde_json::json;

use crate::server::AppState;

/// 200 with `{"status":"ok","database":"ok"}` when Postgres answers within 2 s, else 503 (at once while the
/// instance already knows the database is unreachable).
pub async fn healthz(Extension(state): Extension<AppState>) -> impl IntoResponse {
    if !state.db_health.is_up() {
        return (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "degraded", "database": "unreachable" })));
    }
    let probe = sqlx::query_scalar::<_, i32>("select 1").fetch_one(&state.db);
    match tokio::time::timeout(Duration::from_secs(2), probe).await {
        Ok(Ok(_)) => (StatusCode::OK, Json(json!({ "status": "ok", "database": "ok" }))),
        Ok(Err(e)) => {
            tracing::warn!("health check: database error: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "degraded", "database": "unreachable" })))
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "degraded", "database": "timeout" }))),
    }
}
