//! The security layer: CSRF, rate limits (429 + Retry-After), body limits, hostile bodies, role guards.
#![cfg(feature = "server")]

use crate::common::*;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use sqlx::PgPool;

fn sign_in_body(email: &str, password: &str) -> String {
    json!({ "form": { "email": email, "password": password, "remember": false } }).to_string()
}

#[sqlx::test]
async fn cross_site_mutations_are_rejected(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let body = sign_in_body("patient@carebook.test", carebook::server::seed::DEMO_PASSWORD);
    let cases = [
        vec![("origin", "https://evil.test"), ("x-request-client", "dioxus")],
        vec![("sec-fetch-site", "cross-site"), ("x-request-client", "dioxus")],
        vec![("origin", "http://127.0.0.1:8080")], // same origin, but not the Dioxus client: no custom header
    ];
    for headers in cases {
        let mut req = Request::post("/api/auth/sign-in").header("content-type", "application/json");
        for (k, v) in &headers {
            req = req.header(*k, *v);
        }
        let res = send(&router, req.body(Body::from(body.clone())).unwrap()).await;
        assert_eq!(res.status, 403, "{headers:?}: {}", res.body);
        assert!(res.header("set-cookie").is_empty());
    }
    // The genuine article passes.
    let ok = Request::post("/api/auth/sign-in")
        .header("content-type", "application/json")
        .header("x-request-client", "dioxus")
        .header("origin", "http://127.0.0.1:8080")
        .header("sec-fetch-site", "same-origin");
    assert_eq!(send(&router, ok.body(Body::from(body)).unwrap()).await.status, 200);
}

#[sqlx::test]
async fn repeated_sign_in_failures_get_429_with_retry_after(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let quota = carebook::server::auth::rate_limit::SIGN_IN_PER_ACCOUNT.burst;
    for i in 0..quota {
        let res = post_json(&router, "/api/auth/sign-in", json!({ "form": { "email": "admin@carebook.test", "password": format!("guess number {i}"), "remember": false } }), None).await;
        assert_eq!(res.status, 401, "attempt {i}: {}", res.body);
    }
    let limited = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "admin@carebook.test", "password": "guess again please", "remember": false } }),
        None,
    )
    .await;
    assert_eq!(limited.status, 429, "{}", limited.body);
    let retry: u64 = limited.header("retry-after").parse().expect("Retry-After in seconds");
    assert!((1..=180).contains(&retry), "{retry}");
    // Another account is unaffected.
    let other = post_json(
        &router,
        "/api/auth/sign-in",
        json!({ "form": { "email": "patient@carebook.test", "password": "wrong password here", "remember": false } }),
        None,
    )
    .await;
    assert_eq!(other.status, 401);
}

#[sqlx::test]
async fn hostile_bodies_get_client_errors_and_the_server_keeps_serving(pool: PgPool) {
    let router = test_router(pool);
    let bodies: Vec<(&str, Body)> = vec![
        ("application/json", Body::from("{not json")),
        ("application/json", Body::from(r#"{"form": {"email": "a@b.co", "password": "#)), // truncated
        ("text/plain", Body::from("email=a@b.co")),
        ("application/json", Body::from(r#"{"form": 42}"#)),
        ("application/json", Body::from(vec![0xff, 0xfe, 0x00, 0x01])),
    ];
    for (ctype, body) in bodies {
        let req = Request::post("/api/auth/sign-in").header("content-type", ctype).header("x-request-client", "dioxus");
        let res = send(&router, req.body(body).unwrap()).await;
        assert!(res.status.is_client_error(), "{ctype}: {} {}", res.status, res.body);
    }
    let huge = "x".repeat(1024 * 1024);
    let req = Request::post("/api/auth/sign-in")
        .header("content-type", "application/json")
        .header("x-request-client", "dioxus");
    let res = send(&router, req.body(Body::from(format!(r#"{{"form": {{"email": "{huge}"}}}}"#))).unwrap()).await;
    assert_eq!(res.status, 413, "{}", res.body);
    assert_eq!(get(&router, "/healthz").await.status, 200, "still serving");
}

#[sqlx::test]
async fn role_areas_redirect_anonymous_visitors_and_forbid_other_roles(pool: PgPool) {
    let router = test_router(pool.clone());
    let anon = get(&router, "/admin").await;
    assert_eq!(anon.status, 303);
    assert_eq!(anon.header("location"), "/sign-in?next=/admin");

    let patient = demo_sign_in(&router, &pool, "patient").await;
    let denied = get_with(&router, "/admin", &patient).await;
    assert_eq!(denied.status, 403);
    assert!(denied.body.contains("isn") && denied.body.contains("for your account"));
    assert_eq!(get_with(&router, "/patient", &patient).await.status, 200);

    let admin = sign_in(&router, "admin@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    let page = get_with(&router, "/admin", &admin).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Administration"));
}

#[sqlx::test]
async fn pages_carry_security_headers(pool: PgPool) {
    let res = get(&test_router(pool), "/").await;
    let csp = res.header("content-security-policy");
    assert!(csp.contains("'wasm-unsafe-eval'") && csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(res.header("x-content-type-options"), "nosniff");
    assert_eq!(res.header("referrer-policy"), "strict-origin-when-cross-origin");
}
