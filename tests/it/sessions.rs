//! Sessions: rotation, sign-out, expiry (injected clock), cookie flags, devices and their IDOR guard.
#![cfg(feature = "server")]

use std::sync::Arc;

use crate::common::*;
use carebook::server::clock::ManualClock;
use chrono::{Duration, Utc};
use serde_json::json;
use sqlx::PgPool;

const DEMO: &str = carebook::server::seed::DEMO_PASSWORD;

#[sqlx::test]
async fn cookie_flags_follow_remember_me(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let session_only = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": DEMO, "remember": false } }),
        None,
    )
    .await;
    let set = session_only.header("set-cookie");
    assert!(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"), "{set}");
    assert!(!set.contains("Max-Age") && !set.contains("Expires"), "a browser-session cookie: {set}");

    let remembered = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": DEMO, "remember": true } }),
        None,
    )
    .await;
    assert!(remembered.header("set-cookie").contains("Max-Age=2592000"), "30 days for patients");
    let doctor = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "doctor@carebook.test", "password": DEMO, "remember": true } }),
        None,
    )
    .await;
    assert!(
        doctor.header("set-cookie").contains("Max-Age=604800"),
        "7 days for staff: {}",
        doctor.header("set-cookie")
    );
}

#[sqlx::test]
async fn sign_in_rotates_the_session(pool: PgPool) {
    let router = test_router(pool.clone());
    let first = demo_sign_in(&router, &pool, "patient").await;
    let res = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": DEMO, "remember": false } }),
        Some(&first),
    )
    .await;
    let second = res.session_cookie();
    assert_ne!(first, second, "a fresh token at every sign-in");
    assert_eq!(get_with(&router, "/api/me", &first).await.body, "null", "the old session ended");
    assert_eq!(get_with(&router, "/api/me", &second).await.json()["email"], "patient@carebook.test");
}

#[sqlx::test]
async fn a_signed_out_cookie_replayed_gets_401(pool: PgPool) {
    let router = test_router(pool.clone());
    let cookie = demo_sign_in(&router, &pool, "patient").await;
    assert_eq!(get_with(&router, "/api/account/sessions", &cookie).await.status, 200);
    let out = post_json(&router, "/api/auth/sign-out", serde_json::Value::Null, Some(&cookie)).await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    let replay = get_with(&router, "/api/account/sessions", &cookie).await;
    assert_eq!(replay.status, 401, "{}", replay.body);
    assert_eq!(replay.json()["data"]["kind"], "unauthorized");
}

#[sqlx::test]
async fn idle_and_absolute_timeouts(pool: PgPool) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let router = test_router_with_clock(pool.clone(), clock.clone());
    seed(&pool).await;
    // Patient, not remembered: idle 2 h, absolute 12 h.
    let idle = sign_in(&router, "patient@carebook.test", DEMO, false).await;
    clock.advance(Duration::minutes(119));
    assert_eq!(get_with(&router, "/api/account/sessions", &idle).await.status, 200, "activity within 2 h keeps it");
    clock.advance(Duration::minutes(121));
    assert_eq!(get_with(&router, "/api/account/sessions", &idle).await.status, 401, "2 h idle ends it");

    let busy = sign_in(&router, "patient@carebook.test", DEMO, false).await;
    for _ in 0..11 {
        clock.advance(Duration::hours(1));
        assert_eq!(get_with(&router, "/api/account/sessions", &busy).await.status, 200);
    }
    clock.advance(Duration::hours(1));
    assert_eq!(get_with(&router, "/api/account/sessions", &busy).await.status, 401, "12 h absolute, however active");

    // Staff sessions idle out sooner (30 min).
    let doctor = sign_in(&router, "doctor@carebook.test", DEMO, false).await;
    clock.advance(Duration::minutes(31));
    assert_eq!(get_with(&router, "/api/account/sessions", &doctor).await.status, 401);
}

#[sqlx::test]
async fn devices_list_and_sign_out_of_others(pool: PgPool) {
    let router = test_router(pool.clone());
    let laptop = demo_sign_in(&router, &pool, "patient").await;
    let phone = sign_in(&router, "patient@carebook.test", DEMO, true).await;
    let list = get_with(&router, "/api/account/sessions", &laptop).await.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let phone_id = list.iter().find(|s| s["current"] == false).unwrap()["id"].as_str().unwrap().to_string();

    let ended =
        post_json(&router, &format!("/api/account/sessions/{phone_id}/end"), serde_json::Value::Null, Some(&laptop))
            .await;
    assert_eq!(ended.status, 200, "{}", ended.body);
    assert_eq!(get_with(&router, "/api/account/sessions", &phone).await.status, 401);
    assert_eq!(get_with(&router, "/api/account/sessions", &laptop).await.status, 200, "this device stays");

    let tablet = sign_in(&router, "patient@carebook.test", DEMO, false).await;
    let n = post_json(&router, "/api/account/sessions/end-others", serde_json::Value::Null, Some(&laptop)).await;
    assert_eq!(n.body, "1");
    assert_eq!(get_with(&router, "/api/account/sessions", &tablet).await.status, 401);
}

#[sqlx::test]
async fn users_cannot_see_or_end_each_others_sessions(pool: PgPool) {
    let router = test_router(pool.clone());
    let alice = demo_sign_in(&router, &pool, "patient").await;
    let bob = sign_in(&router, "doctor@carebook.test", DEMO, false).await;
    let alice_sessions = get_with(&router, "/api/account/sessions", &alice).await.json();
    let alice_id = alice_sessions[0]["id"].as_str().unwrap().to_string();
    let bob_sessions = get_with(&router, "/api/account/sessions", &bob).await.json();
    assert!(bob_sessions.as_array().unwrap().iter().all(|s| s["id"] != alice_id.as_str()));

    let attempt =
        post_json(&router, &format!("/api/account/sessions/{alice_id}/end"), serde_json::Value::Null, Some(&bob)).await;
    assert_eq!(attempt.status, 404, "{}", attempt.body);
    assert_eq!(get_with(&router, "/api/account/sessions", &alice).await.status, 200, "Alice is still signed in");
}
