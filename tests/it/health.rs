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
