//! Two-factor sign-in: enrolment, the second step with clock skew and replay protection, recovery codes,
//! attempt limits, and the admin requirement for staff.
#![cfg(feature = "server")]

use std::sync::Arc;

use crate::common::*;
use carebook::server::auth::totp;
use carebook::server::clock::{Clock, ManualClock};
use chrono::{Duration, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;

const DEMO: &str = carebook::server::seed::DEMO_PASSWORD;

/// The code an authenticator app would show `steps_ahead` steps from the clock's now.
fn code(secret_b32: &str, clock: &ManualClock, steps_ahead: i64) -> String {
    let secret = data_encoding::BASE32_NOPAD.decode(secret_b32.as_bytes()).unwrap();
    format!("{:06}", totp::code_at(&secret, clock.now().timestamp().div_euclid(totp::STEP_SECS) + steps_ahead))
}

/// Enrol the demo patient; returns (router, clock, cookie, secret, recovery codes).
async fn enrolled(pool: &PgPool) -> (axum::Router, Arc<ManualClock>, String, String, Vec<String>) {
    let clock = Arc::new(ManualClock::new(Utc::now()));
    let router = test_router_with_clock(pool.clone(), clock.clone());
    let cookie = demo_sign_in(&router, pool, "patient").await;
    let begin = post_json(&router, "/api/account/2fa/begin", Value::Null, Some(&cookie)).await.json();
    let secret = begin["secret"].as_str().unwrap().to_string();
    assert!(begin["uri"].as_str().unwrap().starts_with("otpauth://totp/Carebook:"));
    assert!(begin["qr_svg"].as_str().unwrap().contains("<svg"));
    let wrong = post_json(&router, "/api/account/2fa/confirm", json!({ "code": "000000" }), Some(&cookie)).await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    let ok = post_json(&router, "/api/account/2fa/confirm", json!({ "code": code(&secret, &clock, 0) }), Some(&cookie))
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let codes: Vec<String> = serde_json::from_str(&ok.body).unwrap();
    assert_eq!(codes.len(), 10);
    (router, clock, cookie, secret, codes)
}

async fn password_step(router: &axum::Router) -> String {
    let res = post_json(
        router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": DEMO, "remember": false } }),
        None,
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("set-cookie").is_empty(), "no session before the second step");
    let body = res.json();
    assert_eq!(body["next"], "two_factor");
    body["challenge"].as_str().unwrap().to_string()
}

async fn second_step(router: &axum::Router, challenge: &str, code: &str) -> TestResponse {
    post_json(router, "/api/auth/sign-in/second-step", json!({ "challenge": challenge, "code": code }), None).await
}

#[sqlx::test]
async fn totp_second_step_with_skew_and_no_replay(pool: PgPool) {
    let (router, clock, _, secret, _) = enrolled(&pool).await;
    // Two steps after enrolment (whose code is spent).
    clock.advance(Duration::seconds(60));
    let challenge = password_step(&router).await;
    // The phone runs 30 s behind: the previous step's code is accepted once…
    let behind = code(&secret, &clock, -1);
    assert_eq!(second_step(&router, &challenge, &code(&secret, &clock, -2)).await.status, 422, "too old");
    let ok = second_step(&router, &challenge, &behind).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let cookie = ok.session_cookie();
    assert_eq!(get_with(&router, "/api/me", &cookie).await.json()["email"], "patient@carebook.test");
    // …and never again, even with a fresh challenge.
    let again = password_step(&router).await;
    assert_eq!(second_step(&router, &again, &behind).await.status, 422, "replayed code");
    assert_eq!(second_step(&router, &again, &code(&secret, &clock, 1)).await.status, 200, "30 s fast phone");
}

#[sqlx::test]
async fn recovery_codes_work_once(pool: PgPool) {
    let (router, _, _, _, codes) = enrolled(&pool).await;
    let challenge = password_step(&router).await;
    assert_eq!(second_step(&router, &challenge, &codes[3].to_uppercase()).await.status, 200);
    let challenge = password_step(&router).await;
    assert_eq!(second_step(&router, &challenge, &codes[3]).await.status, 422, "spent");
}

#[sqlx::test]
async fn a_challenge_dies_after_five_wrong_codes(pool: PgPool) {
    let (router, clock, _, secret, _) = enrolled(&pool).await;
    clock.advance(Duration::seconds(60));
    let challenge = password_step(&router).await;
    for _ in 0..5 {
        assert_eq!(second_step(&router, &challenge, "123456").await.status, 422);
    }
    let res = second_step(&router, &challenge, &code(&secret, &clock, 0)).await;
    assert_eq!(res.status, 400, "the right code is too late now: {}", res.body);
}

#[sqlx::test]
async fn admins_can_require_two_factor_for_staff(pool: PgPool) {
    let router = test_router(pool.clone());
    let admin = demo_sign_in(&router, &pool, "admin").await;
    let doctor = sign_in(&router, "doctor@carebook.test", DEMO, false).await;
    let patient = sign_in(&router, "patient@carebook.test", DEMO, false).await;
    assert_eq!(get_with(&router, "/api/admin/settings/require-2fa", &doctor).await.status, 403, "admins only");
    let set = post_json(&router, "/api/admin/settings/require-2fa", json!({ "required": true }), Some(&admin)).await;
    assert_eq!(set.status, 200, "{}", set.body);

    let me = get_with(&router, "/api/me", &doctor).await.json();
    assert_eq!(me["needs_2fa_setup"], true);
    assert_eq!(get_with(&router, "/api/me", &patient).await.json()["needs_2fa_setup"], false);
    let page = get_with(&router, "/doctor", &doctor).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("data-testid=\"needs-2fa\""), "the doctor area asks for set-up first");
    // The admin, too, must now set it up before using admin endpoints.
    let blocked = get_with(&router, "/api/admin/settings/require-2fa", &admin).await;
    assert_eq!(blocked.status, 403);
    assert_eq!(blocked.json()["data"]["kind"], "two_factor_setup_required");
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'admin.require_2fa_for_staff'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
}
