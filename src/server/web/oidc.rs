//! `GET /auth/oidc/start` and `GET /auth/oidc/callback`: the browser legs of provider sign-in.

use axum::extract::Query;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::model::auth::safe_next;
use crate::model::Role;
use crate::server::accounts::oidc_sign_in::{self, OidcOutcome};
use crate::server::auth::cookie;
use crate::server::auth::extract::Req;
use crate::server::oidc::{self, BINDING_COOKIE};

#[derive(Deserialize)]
pub struct StartParams {
    return_to: Option<String>,
}

/// Redirect to the provider (404 when provider sign-in isn't configured).
pub async fn start(req: Req, Query(p): Query<StartParams>) -> Response {
    let Some(cfg) = req.state.config.oidc.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let return_to = safe_next(p.return_to.as_deref(), Role::Patient);
    match oidc::start(&req.state, &cfg, &return_to).await {
        Ok((url, binding)) => {
            let secure = if req.secure() { "; Secure" } else { "" };
            // Lax: the cookie must come back on the provider's top-level redirect to our callback.
            let set =
                format!("{BINDING_COOKIE}={binding}; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600{secure}");
            redirect(&url, vec![set])
        }
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
pub struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
}

/// Finish sign-in: session cookie + redirect, or the second step, or the link confirmation page.
/// Failures land on the sign-in page with a generic message.
pub async fn callback(req: Req, headers: HeaderMap, Query(p): Query<CallbackParams>) -> Response {
    let Some(cfg) = req.state.config.oidc.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let clear_binding = format!("{BINDING_COOKIE}=; Path=/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=0");
    let failed = || redirect("/sign-in?error=provider", vec![clear_binding.clone()]);
    let (Some(code), Some(state_param)) = (p.code, p.state) else { return failed() };
    let binding = cookie::value(&headers, BINDING_COOKIE);
    let identity = match oidc::callback(&req.state, &cfg, &code, &state_param, binding.as_deref()).await {
        Ok(id) => id,
        Err(_) => return failed(),
    };
    match oidc_sign_in::complete(&req.state, &req.client, &cfg.provider, identity, req.token.as_deref()).await {
        Ok(OidcOutcome::Session(_, session, to)) => {
            let set = cookie::set(&session, req.secure()).to_str().unwrap_or_default().to_string();
            redirect(&to, vec![set, clear_binding])
        }
        Ok(OidcOutcome::TwoFactor(challenge, to)) => {
            redirect(&format!("/sign-in?challenge={challenge}&next={to}"), vec![clear_binding])
        }
        Ok(OidcOutcome::LinkRequired(token)) => redirect(&format!("/link-account?token={token}"), vec![clear_binding]),
        Err(e) => {
            tracing::warn!("provider sign-in could not complete: {e}");
            failed()
        }
    }
}

fn redirect(to: &str, cookies: Vec<String>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    for c in cookies {
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}
