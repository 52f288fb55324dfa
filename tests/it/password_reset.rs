//! Password reset (single use, 30 minutes, same answer for unknown emails) and password change; both end
//! other sessions.
#![cfg(feature = "server")]

use std::sync::Arc;

use crate::common::*;
use carebook::server::clock::ManualClock;
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;

const DEMO: &str = carebook::server::seed::DEMO_PASSWORD;

async fn request(router: &axum::Router, email: &str) -> TestResponse {
    post_json(router, "/api/auth/password-reset/request", json!({ "email": email }), None).await
}

#[sqlx::test]
async fn reset_flow_is_single_use_and_ends_every_session(pool: PgPool) {
    let router = test_router(pool.clone());
    let old_session = demo_sign_in(&router, &pool, "patient").await;
    let known = request(&router, "patient@carebook.test").await;
    let unknown = request(&router, "nobody@carebook.test").await;
    assert_eq!((known.status, known.body.as_str()), (unknown.status, unknown.body.as_str()), "no account discovery");
    let (subject, body) = last_mail(&pool, "patient@carebook.test").await;
    assert_eq!(subject, "Reset your Carebook password");
    let token = link_token(&body);

    let weak =
        post_json(&router, "/api/auth/password-reset", json!({ "token": token, "password": "password1" }), None).await;
    assert_eq!(weak.status, 422, "the same password rules apply: {}", weak.body);
    let ok = post_json(
        &router,
        "/api/auth/password-reset",
        json!({ "token": token, "password": "brand new secret phrase" }),
        None,
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let reuse = post_json(
        &router,
        "/api/auth/password-reset",
        json!({ "token": token, "password": "another new phrase here" }),
        None,
    )
    .await;
    assert_eq!(reuse.status, 400, "single use: {}", reuse.body);

    assert_eq!(get_with(&router, "/api/account/sessions", &old_session).await.status, 401, "sessions ended");
    sign_in(&router, "patient@carebook.test", "brand new secret phrase", false).await;
    let wrong = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": DEMO, "remember": false } }),
        None,
    )
    .await;
    assert_eq!(wrong.status, 401, "the old password is gone");
}

#[sqlx::test]
async fn reset_links_expire_after_30_minutes(pool: PgPool) {
    seed(&pool).await;
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let router = test_router_with_clock(pool.clone(), clock.clone());
    assert_eq!(request(&router, "doctor@carebook.test").await.status, 200);
    let token = link_token(&last_mail(&pool, "doctor@carebook.test").await.1);
    clock.advance(Duration::minutes(31));
    let late = post_json(
        &router,
        "/api/auth/password-reset",
        json!({ "token": token, "password": "too late for this one" }),
        None,
    )
    .await;
    assert_eq!(late.status, 400, "{}", late.body);
}

#[sqlx::test]
async fn changing_the_password_ends_the_other_sessions(pool: PgPool) {
    let router = test_router(pool.clone());
    let here = demo_sign_in(&router, &pool, "patient").await;
    let elsewhere = sign_in(&router, "patient@carebook.test", DEMO, false).await;
    let bad = post_json(
        &router,
        "/api/account/password",
        json!({ "current_password": "not it at all", "new_password": "fresh secret phrase" }),
        Some(&here),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.json()["data"]["detail"]["current_password"].is_string());
    let ok = post_json(
        &router,
        "/api/account/password",
        json!({ "current_password": DEMO, "new_password": "fresh secret phrase" }),
        Some(&here),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json(), Value::from(1));
    assert_eq!(get_with(&router, "/api/account/sessions", &elsewhere).await.status, 401);
    assert_eq!(get_with(&router, "/api/account/sessions", &here).await.status, 200);
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'auth.password_change'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 2, "the failure and the success");
}
