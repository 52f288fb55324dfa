//! `/healthz` reports database connectivity: 200 when Postgres answers, 503 when it does not.
#![cfg(feature = "server")]

use crate::common::{get, test_router};
use sqlx::PgPool;

#[sqlx::test]
async fn healthz_is_ok_with_a_live_database(pool: PgPool) {
    let res = get(&test_router(pool), "/healthz").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.json()["database"], "ok");
}

#[sqlx::test]
async fn healthz_is_503_when_the_database_is_gone(pool: PgPool) {
    let router = test_router(pool.clone());
    pool.close().await;
    let res = get(&router, "/healthz").await;
    assert_eq!(res.status, 503, "{}", res.body);
    assert_eq!(res.json()["status"], "degraded");
}

#[sqlx::test]
async fn while_the_database_is_unreachable_requests_get_a_clear_503_at_once(pool: PgPool) {
    use axum::body::Body;
    use axum::http::Request;
    let state = carebook::server::AppState::new(pool, crate::common::test_config());
    state.db_health.mark_down("test");
    let router = carebook::server::router(state.clone());
    let started = std::time::Instant::now();
    // A browser gets the "back in a moment" page, which retries by itself.
    let page = crate::common::send(
        &router,
        Request::get("/doctors").header("accept", "text/html").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(page.status, 503);
    assert_eq!(page.header("retry-after"), "5");
    assert!(page.body.contains("back in a moment") && page.body.contains("http-equiv=\"refresh\""), "{}", page.body);
    // The API answers with its typed error.
    let api = crate::common::post_json(&router, "/api/appointments/hold", serde_json::json!({}), None).await;
    assert_eq!(api.status, 503);
    assert_eq!(api.json()["data"]["kind"], "unavailable");
    let health = get(&router, "/healthz").await;
    assert_eq!((health.status.as_u16(), health.json()["database"].as_str()), (503, Some("unreachable")));
    assert_eq!(get(&router, "/robots.txt").await.status, 200, "static files don't need the database");
    assert!(started.elapsed() < std::time::Duration::from_secs(1), "no request waited on the pool");
    // Back again: served as usual.
    state.db_health.mark_up();
    assert_eq!(get(&router, "/healthz").await.status, 200);
}
