//! Sign-up → confirmation mail → verify → sign in, plus the no-enumeration guarantees.
#![cfg(feature = "server")]

use crate::common::*;
use serde_json::json;
use sqlx::PgPool;

const PASSWORD: &str = "a long and private phrase";

async fn sign_up(router: &axum::Router, email: &str) -> TestResponse {
    post_json(
        router,
        "/api/auth/sign-up",
        json!({ "form": { "full_name": "Nora Ortiz", "email": email, "password": PASSWORD } }),
        None,
    )
    .await
}

#[sqlx::test]
async fn sign_up_verify_and_sign_in(pool: PgPool) {
    let router = test_router(pool.clone());
    let res = sign_up(&router, "nora@example.org").await;
    assert_eq!(res.status, 200, "{}", res.body);

    let (subject, body) = last_mail(&pool, "nora@example.org").await;
    assert_eq!(subject, "Confirm your email for Carebook");
    let token = link_token(&body);
    assert!(body.contains("http://127.0.0.1:8080/verify-email?token="));

    // Unverified accounts cannot sign in yet (the right password gets a new link, not a session).
    let early = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "nora@example.org", "password": PASSWORD, "remember": false } }),
        None,
    )
    .await;
    assert_eq!(early.status, 403, "{}", early.body);
    assert!(early.header("set-cookie").is_empty());

    let verified = post_json(&router, "/api/auth/verify-email", json!({ "token": token }), None).await;
    assert_eq!(verified.status, 200, "{}", verified.body);
    let again = post_json(&router, "/api/auth/verify-email", json!({ "token": token }), None).await;
    assert_eq!(again.status, 400, "tokens are single use: {}", again.body);

    let cookie = sign_in(&router, "NORA@example.org", PASSWORD, false).await;
    let me = get_with(&router, "/api/me", &cookie).await.json();
    assert_eq!(me["email"], "nora@example.org");
    assert_eq!(me["role"], "patient");
}

#[sqlx::test]
async fn verification_tokens_expire_after_a_day(pool: PgPool) {
    let clock = std::sync::Arc::new(carebook::server::clock::ManualClock::new(chrono::Utc::now()));
    let router = test_router_with_clock(pool.clone(), clock.clone());
    assert_eq!(sign_up(&router, "late@example.org").await.status, 200);
    let token = link_token(&last_mail(&pool, "late@example.org").await.1);
    clock.advance(chrono::Duration::hours(24) + chrono::Duration::seconds(1));
    let res = post_json(&router, "/api/auth/verify-email", json!({ "token": token }), None).await;
    assert_eq!(res.status, 400, "{}", res.body);
    assert_eq!(res.json()["data"]["kind"], "bad_request");
}

#[sqlx::test]
async fn sign_up_does_not_reveal_existing_accounts(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let fresh = sign_up(&router, "new-person@example.org").await;
    let taken = sign_up(&router, "patient@carebook.test").await;
    assert_eq!((fresh.status, fresh.body.as_str()), (taken.status, taken.body.as_str()));
    // The owner of the existing account is told by mail instead.
    assert_eq!(last_mail(&pool, "patient@carebook.test").await.0, "You already have a Carebook account");
}

#[sqlx::test]
async fn sign_in_failures_look_the_same_for_unknown_emails(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let attempt = |email: &'static str| {
        let router = router.clone();
        async move {
            let started = std::time::Instant::now();
            let res = post_json(
                &router,
                "/api/auth/sign-in",
                json!({ "form": { "email": email, "password": "not the password", "remember": false } }),
                None,
            )
            .await;
            (res, started.elapsed())
        }
    };
    let (wrong, t_wrong) = attempt("patient@carebook.test").await;
    let (unknown, t_unknown) = attempt("nobody@carebook.test").await;
    assert_eq!(wrong.status, 401);
    assert_eq!((wrong.status, wrong.body.as_str()), (unknown.status, unknown.body.as_str()));
    // Both paths run one argon2 verification: neither is an order of magnitude faster.
    let (fast, slow) = if t_wrong < t_unknown { (t_wrong, t_unknown) } else { (t_unknown, t_wrong) };
    assert!(slow < fast * 5, "timing differs too much: {t_wrong:?} vs {t_unknown:?}");
    // Failures are audited.
    let failures: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'auth.sign_in' and outcome = 'failure'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(failures, 2);
}

#[sqlx::test]
async fn weaker_stored_hashes_are_upgraded_at_sign_in(pool: PgPool) {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    seed(&pool).await;
    let weak = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        argon2::Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(carebook::server::seed::DEMO_PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
    .unwrap()
    .to_string();
    sqlx::query("update users set password_hash = $1 where email = 'patient@carebook.test'")
        .bind(&weak)
        .execute(&pool)
        .await
        .unwrap();
    let router = test_router(pool.clone());
    sign_in(&router, "patient@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    let stored: String = sqlx::query_scalar("select password_hash from users where email = 'patient@carebook.test'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "upgraded: {stored}");
}
