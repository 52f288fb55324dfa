//! A small OpenID Connect provider for tests: `/authorize` (issues a code bound to the PKCE challenge,
//! redirect URI and nonce), `/token` (client auth, single-use codes, PKCE S256 check, ID token). It can be
//! told to misbehave (wrong nonce or audience) to test the client's checks.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::json;
use sha2::{Digest, Sha256};

pub const CLIENT_ID: &str = "carebook-test";
pub const CLIENT_SECRET: &str = "test-secret";

/// The person who "signs in" at the provider next.
#[derive(Clone)]
pub struct TestUser {
    pub sub: String,
    pub email: String,
    pub email_verified: bool,
    pub name: String,
}

#[derive(Default)]
pub struct Tamper {
    pub wrong_nonce: bool,
    pub wrong_audience: bool,
    /// UserInfo answers for another subject than the ID token.
    pub userinfo_other_subject: bool,
}

struct Grant {
    access_token: String,
    redirect_uri: String,
    challenge: String,
    nonce: String,
    user: TestUser,
    used: bool,
}

#[derive(Clone)]
struct Shared {
    issuer: String,
    next_user: Arc<Mutex<TestUser>>,
    grants: Arc<Mutex<HashMap<String, Grant>>>,
    tamper: Arc<Mutex<Tamper>>,
}

/// A running provider.
pub struct Provider {
    pub addr: SocketAddr,
    shared: Shared,
}

impl Provider {
    pub async fn start() -> Provider {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Shared {
            issuer: format!("http://{addr}"),
            next_user: Arc::new(Mutex::new(TestUser {
                sub: "g-1001".into(),
                email: "gina@example.org".into(),
                email_verified: true,
                name: "Gina Google".into(),
            })),
            grants: Arc::default(),
            tamper: Arc::default(),
        };
        let app = Router::new()
            .route("/authorize", get(authorize))
            .route("/token", post(token))
            .route("/userinfo", get(userinfo))
            .with_state(shared.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Provider { addr, shared }
    }

    pub fn issuer(&self) -> String {
        self.shared.issuer.clone()
    }

    pub fn sign_in_as(&self, user: TestUser) {
        *self.shared.next_user.lock().unwrap() = user;
    }

    pub fn tamper(&self, t: Tamper) {
        *self.shared.tamper.lock().unwrap() = t;
    }

    /// Carebook's configuration for this provider.
    pub fn config(&self) -> carebook::server::oidc::OidcConfig {
        carebook::server::oidc::OidcConfig {
            provider: "google".into(),
            label: "Google".into(),
            client_id: CLIENT_ID.into(),
            client_secret: carebook::server::config::Secret(CLIENT_SECRET.into()),
            auth_url: format!("{}/authorize", self.issuer()),
            token_url: format!("{}/token", self.issuer()),
            userinfo_url: Some(format!("{}/userinfo", self.issuer())),
            issuer: self.issuer(),
        }
    }
}

async fn authorize(State(s): State<Shared>, Query(q): Query<HashMap<String, String>>) -> Response {
    let ok = q.get("response_type").map(String::as_str) == Some("code")
        && q.get("client_id").map(String::as_str) == Some(CLIENT_ID)
        && q.get("code_challenge_method").map(String::as_str) == Some("S256")
        && q.get("scope").is_some_and(|s| s.split(' ').any(|x| x == "openid"));
    let (Some(redirect), Some(state), Some(challenge), Some(nonce), true) =
        (q.get("redirect_uri"), q.get("state"), q.get("code_challenge"), q.get("nonce"), ok)
    else {
        return (StatusCode::BAD_REQUEST, "invalid_request").into_response();
    };
    let code = format!("code-{}", uuid::Uuid::new_v4().simple());
    let user = s.next_user.lock().unwrap().clone();
    s.grants.lock().unwrap().insert(
        code.clone(),
        Grant {
            access_token: format!("at-{}", uuid::Uuid::new_v4().simple()),
            redirect_uri: redirect.clone(),
            challenge: challenge.clone(),
            nonce: nonce.clone(),
            user,
            used: false,
        },
    );
    Redirect::to(&format!("{redirect}?code={code}&state={state}")).into_response()
}

async fn token(State(s): State<Shared>, headers: HeaderMap, Form(f): Form<HashMap<String, String>>) -> Response {
    let basic =
        format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{CLIENT_SECRET}")));
    if headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) != Some(basic.as_str()) {
        return (StatusCode::UNAUTHORIZED, Json(json!({ "error": "invalid_client" }))).into_response();
    }
    let invalid = || (StatusCode::BAD_REQUEST, Json(json!({ "error": "invalid_grant" }))).into_response();
    let mut grants = s.grants.lock().unwrap();
    let Some(grant) = f.get("code").and_then(|c| grants.get_mut(c)) else { return invalid() };
    if grant.used {
        return invalid(); // single use: a replayed code is refused
    }
    grant.used = true;
    let verifier = f.get("code_verifier").cloned().unwrap_or_default();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    if f.get("grant_type").map(String::as_str) != Some("authorization_code")
        || f.get("redirect_uri") != Some(&grant.redirect_uri)
        || challenge != grant.challenge
    {
        return invalid();
    }
    let tamper = s.tamper.lock().unwrap();
    let now = chrono::Utc::now().timestamp();
    let claims = json!({
        "iss": s.issuer,
        "aud": if tamper.wrong_audience { "someone-else" } else { CLIENT_ID },
        "sub": grant.user.sub,
        "email": grant.user.email,
        "email_verified": grant.user.email_verified,
        "name": grant.user.name,
        "nonce": if tamper.wrong_nonce { "not-the-nonce".to_string() } else { grant.nonce.clone() },
        "iat": now,
        "exp": now + 600,
    });
    let id_token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(claims.to_string()),
        URL_SAFE_NO_PAD.encode(b"signature")
    );
    Json(json!({ "access_token": grant.access_token, "token_type": "Bearer", "expires_in": 600, "id_token": id_token }))
        .into_response()
}

async fn userinfo(State(s): State<Shared>, headers: HeaderMap) -> Response {
    let bearer =
        headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let grants = s.grants.lock().unwrap();
    let Some(grant) = grants.values().find(|g| g.used && Some(g.access_token.as_str()) == bearer) else {
        return (StatusCode::UNAUTHORIZED, "invalid_token").into_response();
    };
    let other = s.tamper.lock().unwrap().userinfo_other_subject;
    let u = &grant.user;
    Json(json!({
        "sub": if other { "someone-else".to_string() } else { u.sub.clone() },
        "email": u.email,
        "email_verified": u.email_verified,
        "name": u.name,
    }))
    .into_response()
}
