//! Shared helpers for integration tests: the real router over the per-test database, and request helpers.
#![allow(dead_code)]

pub mod booking;
pub mod oidc;
pub mod process;
pub mod smtp;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use carebook::server::config::Config;
use carebook::server::AppState;
use http_body_util::BodyExt;
use sqlx::PgPool;
use tower::ServiceExt;

/// The production router wired to `pool` (the fresh database `#[sqlx::test]` made for this test).
pub fn test_router(pool: PgPool) -> Router {
    carebook::server::router(AppState::new(pool, test_config()))
}

/// A configuration for tests: nothing is read from the environment. Also starts the tests' log.
pub fn test_config() -> Config {
    logs();
    Config::for_tests(std::env::temp_dir().join("carebook-tests"))
}

/// The server's log, captured per test and printed with a failing test's output (`RUST_LOG` narrows or
/// widens it; by default Carebook's info and other crates' warnings), so a 500 in a test shows its cause.
fn logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,carebook=info,dioxus_server::config=error"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_ansi(false).with_test_writer().try_init();
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
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }
}

/// Send `req` through `router` and collect the response.
pub async fn send(router: &Router, req: Request<Body>) -> TestResponse {
    let res = router.clone().oneshot(req).await.expect("router is infallible");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = res.into_body().collect().await.expect("body").to_bytes();
    TestResponse { status, headers, body: String::from_utf8_lossy(&bytes).into_owned() }
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

/// The router with an injected clock (for expiry tests).
pub fn test_router_with_clock(pool: PgPool, clock: std::sync::Arc<dyn carebook::server::clock::Clock>) -> Router {
    carebook::server::router(AppState::with_clock(pool, test_config(), clock))
}

/// The router with a custom configuration.
pub fn test_router_with_config(pool: PgPool, config: Config) -> Router {
    carebook::server::router(AppState::new(pool, config))
}

/// POST a JSON body the way the Dioxus client does (with its `X-Request-Client` header), optionally
/// with a session cookie.
pub async fn post_json(router: &Router, path: &str, body: serde_json::Value, cookie: Option<&str>) -> TestResponse {
    let mut req = Request::post(path).header("content-type", "application/json").header("x-request-client", "dioxus");
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    let body = if body.is_null() { Body::empty() } else { Body::from(body.to_string()) };
    send(router, req.body(body).unwrap()).await
}

/// GET with a session cookie.
pub async fn get_with(router: &Router, path: &str, cookie: &str) -> TestResponse {
    send(router, Request::get(path).header("cookie", cookie).body(Body::empty()).unwrap()).await
}

impl TestResponse {
    /// The `name=value` pair of the session cookie this response sets.
    pub fn session_cookie(&self) -> String {
        let set = self.header("set-cookie");
        assert!(set.starts_with("carebook_session="), "no session cookie set: {set:?} ({})", self.body);
        set.split(';').next().unwrap().to_string()
    }
}

/// Sign in through the API; returns the session cookie pair.
pub async fn sign_in(router: &Router, email: &str, password: &str, remember: bool) -> String {
    let res = post_json(
        router,
        "/api/auth/sign-in",
        serde_json::json!({ "form": { "email": email, "password": password, "remember": remember } }),
        None,
    )
    .await;
    assert_eq!(res.status, 200, "sign-in failed: {}", res.body);
    res.session_cookie()
}

/// The demo patient's session cookie (seeds the demo data first).
pub async fn demo_sign_in(router: &Router, pool: &PgPool, who: &str) -> String {
    seed(pool).await;
    sign_in(router, &format!("{who}@carebook.test"), carebook::server::seed::DEMO_PASSWORD, false).await
}

/// The newest outbox message to `to`: (subject, body).
pub async fn last_mail(pool: &PgPool, to: &str) -> (String, String) {
    sqlx::query_as(
        "select subject, body_text from outbox_emails where to_address = $1 order by created_at desc limit 1",
    )
    .bind(to)
    .fetch_one(pool)
    .await
    .expect("a mail was recorded")
}

/// The token in the first `token=` link of a mail body.
pub fn link_token(body: &str) -> String {
    let start = body.find("token=").expect("a token link") + "token=".len();
    body[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_').collect()
}
