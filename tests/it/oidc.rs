//! Provider sign-in end to end against a local OpenID Connect provider: the whole code + PKCE + state +
//! nonce flow, account creation and linking, and the refusals (wrong state, other browser, replayed
//! code, wrong nonce, wrong audience, unverified email).
#![cfg(feature = "server")]

use crate::common::oidc::{Provider, Tamper, TestUser};
use crate::common::*;
use axum::body::Body;
use axum::http::Request;
use serde_json::json;
use sqlx::PgPool;

struct Flow {
    binding: String,
    callback: String,
}

async fn setup(pool: &PgPool) -> (axum::Router, Provider) {
    let provider = Provider::start().await;
    let mut config = test_config();
    config.oidc = Some(provider.config());
    (test_router_with_config(pool.clone(), config), provider)
}

/// Start at Carebook, "sign in" at the provider, and return the callback to bring back.
async fn begin(router: &axum::Router) -> Flow {
    let start = get(router, "/auth/oidc/start?return_to=/patient").await;
    assert_eq!(start.status, 303, "{}", start.body);
    let binding = start.header("set-cookie").split(';').next().unwrap().to_string();
    assert!(binding.starts_with("carebook_oidc="));
    let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    let at_provider = http.get(start.header("location")).send().await.unwrap();
    assert!(at_provider.status().is_redirection(), "the provider accepted the request");
    let location = at_provider.headers()["location"].to_str().unwrap().to_string();
    let callback = location.strip_prefix("http://127.0.0.1:8080").expect("redirect_uri is ours").to_string();
    Flow { binding, callback }
}

async fn finish(router: &axum::Router, callback: &str, cookie: Option<&str>) -> TestResponse {
    let mut req = Request::get(callback);
    if let Some(c) = cookie {
        req = req.header("cookie", c);
    }
    send(router, req.body(Body::empty()).unwrap()).await
}

fn session_of(res: &TestResponse) -> Option<String> {
    res.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("carebook_session=") && !c.contains("Max-Age=0"))
        .map(|c| c.split(';').next().unwrap().to_string())
}

#[sqlx::test]
async fn first_sign_in_creates_a_patient_and_the_next_finds_it(pool: PgPool) {
    let (router, _provider) = setup(&pool).await;
    let options = get(&router, "/api/auth/options").await.json();
    assert_eq!(options["provider_label"], "Google");

    let flow = begin(&router).await;
    let done = finish(&router, &flow.callback, Some(&flow.binding)).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.header("location"), "/patient");
    let cookie = session_of(&done).expect("a session cookie");
    let me = get_with(&router, "/api/me", &cookie).await.json();
    assert_eq!((me["email"].as_str(), me["role"].as_str()), (Some("gina@example.org"), Some("patient")));

    let again = begin(&router).await;
    let second = finish(&router, &again.callback, Some(&again.binding)).await;
    let cookie = session_of(&second).expect("signed in again");
    assert_eq!(get_with(&router, "/api/me", &cookie).await.json()["id"], me["id"], "same account by `sub`");
    let users: i64 = sqlx::query_scalar("select count(*) from users where email = 'gina@example.org'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(users, 1);
}

#[sqlx::test]
async fn state_browser_binding_and_code_replay_are_enforced(pool: PgPool) {
    let (router, _provider) = setup(&pool).await;
    let refused = |res: &TestResponse| {
        res.status == 303 && res.header("location") == "/sign-in?error=provider" && session_of(res).is_none()
    };

    let flow = begin(&router).await;
    let forged = flow.callback.replace("state=", "state=forged");
    assert!(refused(&finish(&router, &forged, Some(&flow.binding)).await), "unknown state");
    assert!(refused(&finish(&router, &flow.callback, None).await), "another browser (no binding cookie)");

    // The genuine callback still works once (the failures above did not consume it, except the one
    // without the cookie, which did: start over for the replay checks).
    let flow = begin(&router).await;
    assert!(session_of(&finish(&router, &flow.callback, Some(&flow.binding)).await).is_some());
    assert!(refused(&finish(&router, &flow.callback, Some(&flow.binding)).await), "replayed callback");

    // A fresh state with an already-used code: the provider refuses the exchange.
    let used_code = flow.callback.split("code=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let fresh = begin(&router).await;
    let state = fresh.callback.split("state=").nth(1).unwrap();
    let replay = format!("/auth/oidc/callback?code={used_code}&state={state}");
    assert!(refused(&finish(&router, &replay, Some(&fresh.binding)).await), "replayed code");
}

#[sqlx::test]
async fn wrong_nonce_audience_or_userinfo_subject_is_refused(pool: PgPool) {
    let (router, provider) = setup(&pool).await;
    for tamper in
        [Tamper { wrong_nonce: true, ..Default::default() }, Tamper { wrong_audience: true, ..Default::default() }]
    {
        provider.tamper(tamper);
        let flow = begin(&router).await;
        let res = finish(&router, &flow.callback, Some(&flow.binding)).await;
        assert_eq!(res.header("location"), "/sign-in?error=provider");
        assert!(session_of(&res).is_none());
    }
    let users: i64 = sqlx::query_scalar("select count(*) from users").fetch_one(&pool).await.unwrap();
    assert_eq!(users, 0, "nobody was created");
}

#[sqlx::test]
async fn existing_accounts_link_only_with_a_verified_email_and_the_password(pool: PgPool) {
    let (router, provider) = setup(&pool).await;
    seed(&pool).await;
    let patient = |verified| TestUser {
        sub: "g-2002".into(),
        email: "patient@carebook.test".into(),
        email_verified: verified,
        name: "Pat".into(),
    };

    provider.sign_in_as(patient(false));
    let flow = begin(&router).await;
    let unverified = finish(&router, &flow.callback, Some(&flow.binding)).await;
    assert_eq!(unverified.header("location"), "/sign-in?error=provider", "no link on an unverified email");

    provider.sign_in_as(patient(true));
    let flow = begin(&router).await;
    let res = finish(&router, &flow.callback, Some(&flow.binding)).await;
    assert!(res.header("location").starts_with("/link-account?token="), "{}", res.header("location"));
    assert!(session_of(&res).is_none(), "not signed in before the password");
    let token = res.header("location").split("token=").nth(1).unwrap().to_string();
    let wrong =
        post_json(&router, "/api/auth/oidc/link", json!({ "token": token, "password": "not the password" }), None)
            .await;
    assert_eq!(wrong.status, 422);
    let spent = post_json(
        &router,
        "/api/auth/oidc/link",
        json!({ "token": token, "password": carebook::server::seed::DEMO_PASSWORD }),
        None,
    )
    .await;
    assert_eq!(spent.status, 400, "a wrong password spends the link");

    let flow = begin(&router).await;
    let res = finish(&router, &flow.callback, Some(&flow.binding)).await;
    let token = res.header("location").split("token=").nth(1).unwrap().to_string();
    let linked = post_json(
        &router,
        "/api/auth/oidc/link",
        json!({ "token": token, "password": carebook::server::seed::DEMO_PASSWORD }),
        None,
    )
    .await;
    assert_eq!(linked.status, 200, "{}", linked.body);
    assert_eq!(linked.json()["email"], "patient@carebook.test");

    let flow = begin(&router).await;
    let direct = finish(&router, &flow.callback, Some(&flow.binding)).await;
    assert_eq!(direct.header("location"), "/patient", "linked: straight in");
    assert!(session_of(&direct).is_some());
}
