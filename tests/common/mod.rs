//! Shared helpers for integration tests: the real router over the per-test database, and request helpers.
#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use carebook::server::config::{Config, DatabaseSource};
use carebook::server::AppState;
use http_body_util::BodyExt;
use sqlx::PgPool;
use tower::ServiceExt;

/// The production router wired to `pool` (the fresh database `#[sqlx::test]` made for this test).
pub fn test_router(pool: PgPool) -> Router {
    carebook::server::router(AppState::new(pool, test_config()))
}

/// A configuration for tests: nothing is read from the environment.
pub fn test_config() -> Config {
    let data_dir = std::env::temp_dir().join("carebook-tests");
    Config {
        database: DatabaseSource::External("postgres://unused-in-tests".into()),
        log_dir: data_dir.join("logs"),
        data_dir,
        public_url: "http://127.0.0.1:8080".into(),
        seed_demo: false,
        db_max_connections: 5,
    }
}

/// A response read to the end.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl TestResponse {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

/// Send `req` through `router` and collect the response.
pub async fn send(router: &Router, req: Request<Body>) -> TestResponse {
    let res = router
        .clone()
        .oneshot(req)
        .await
        .expect("router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    TestResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET `path`.
pub async fn get(router: &Router, path: &str) -> TestResponse {
    send(router, Request::get(path).body(Body::empty()).unwrap()).await
}

/// Load the demo data into the test database.
pub async fn seed(pool: &PgPool) {
    carebook::server::seed::demo(pool).await.expect("demo seed");
}

/// The text of the first `<title>` element.
pub fn title_of(html: &str) -> String {
    let start = html.find("<title>").expect("a <title>") + "<title>".len();
    let end = html[start..].find("</title>").expect("closed </title>") + start;
    html[start..end].to_string()
}
