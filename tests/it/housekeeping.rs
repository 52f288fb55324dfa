//! Expired short-lived rows are removed; live ones stay.
#![cfg(feature = "server")]

use crate::common::*;
use chrono::{Duration, Utc};
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn purge_removes_only_expired_rows(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    // A rate-limit cell and an email token, both live now.
    let res =
        post_json(&router, "/api/auth/password-reset/request", json!({ "email": "patient@carebook.test" }), None).await;
    assert_eq!(res.status, 200);
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    assert!(count("select count(*) from rate_limits").await >= 1);
    let now = Utc::now();
    carebook::server::housekeeping::purge_expired(&pool, now).await.unwrap();
    assert!(count("select count(*) from rate_limits").await >= 1, "live cells stay");
    assert_eq!(count("select count(*) from email_tokens").await, 1, "live tokens stay");

    // Far enough ahead, everything short-lived has expired.
    let removed = carebook::server::housekeeping::purge_expired(&pool, now + Duration::days(8)).await.unwrap();
    assert!(removed >= 2, "{removed}");
    assert_eq!(count("select count(*) from rate_limits").await, 0);
    assert_eq!(count("select count(*) from email_tokens").await, 0);
}
