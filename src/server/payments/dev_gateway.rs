//! A development-only stand-in for Stripe: the parts of its protocol Carebook uses (Checkout Sessions,
//! refunds, signed `checkout.session.*` webhooks) and a hosted "pay" page, all clearly labelled as a test
//! gateway. `carebook serve` mounts it at `/dev/gateway` only in development mode on loopback, so a newcomer
//! can walk through a paid booking offline; the tests run it on its own port as "Stripe". Its sessions live
//! in its memory: it plays an outside service, not part of Carebook's state.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

/// How the gateway behaves.
#[derive(Clone)]
pub struct FakeConfig {
    /// Where it is reached, as the app sees it (its pages link to `{base}/pay/{id}`).
    pub base: String,
    pub secret_key: String,
    pub webhook_secret: String,
    /// Where it delivers its webhooks (`{app}/webhooks/dev` or `/webhooks/stripe`); None: never.
    pub webhook_url: Option<String>,
}

/// A checkout as the gateway keeps it.
#[derive(Clone, Debug)]
pub struct FakeSession {
    pub id: String,
    pub amount: i64,
    pub currency: String,
    pub reference: String,
    pub success_url: String,
    pub cancel_url: String,
    pub status: String,
    pub payment_status: String,
    pub payment_intent: Option<String>,
    pub refunded: i64,
}

impl FakeSession {
    /// The session as Stripe's API writes it.
    pub fn json(&self, base: &str) -> Value {
        json!({
            "id": self.id, "object": "checkout.session", "url": format!("{base}/pay/{}", self.id),
            "status": self.status, "payment_status": self.payment_status, "payment_intent": self.payment_intent,
            "amount_total": self.amount, "currency": self.currency, "client_reference_id": self.reference,
            "mode": "payment",
        })
    }
}

/// The gateway's memory; tests reach into it (a hostile provider, a delivery that never comes).
#[derive(Clone, Default)]
pub struct FakeState {
    pub sessions: Arc<Mutex<HashMap<String, FakeSession>>>,
    keys: Arc<Mutex<HashMap<String, Value>>>,
    counter: Arc<std::sync::atomic::AtomicU64>,
    /// Refunds by id, as the gateway answered them.
    pub refunds: Arc<Mutex<HashMap<String, Value>>>,
    /// Answer new refunds `pending` (as a bank transfer would be) until [`FakeState::finish_refunds`].
    pub slow_refunds: Arc<std::sync::atomic::AtomicBool>,
}

impl FakeState {
    /// The answer already given to a request with this `Idempotency-Key` (Stripe replays it).
    fn answered(&self, key: Option<&str>) -> Option<Value> {
        self.keys.lock().ok()?.get(key?).cloned()
    }

    fn remember(&self, key: Option<String>, body: &Value) {
        if let (Some(k), Ok(mut keys)) = (key, self.keys.lock()) {
            keys.insert(k, body.clone());
        }
    }

    fn next(&self, prefix: &str) -> String {
        let n = self.counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        format!("{prefix}_dev_{}_{n}", uuid::Uuid::new_v4().simple())
    }

    /// Mark checkout `id` paid, as if the patient paid on the hosted page (without any delivery).
    pub fn pay(&self, id: &str) -> Option<FakeSession> {
        let mut sessions = self.sessions.lock().ok()?;
        let s = sessions.get_mut(id)?;
        if s.status == "open" {
            s.status = "complete".into();
            s.payment_status = "paid".into();
            s.payment_intent = Some(self.next("pi"));
        }
        Some(s.clone())
    }

    /// Finish every pending refund (`succeeded`); returns them as they now stand.
    pub fn finish_refunds(&self) -> Vec<Value> {
        let Ok(mut refunds) = self.refunds.lock() else { return vec![] };
        let pending = refunds.values_mut().filter(|r| r["status"] == "pending");
        pending
            .map(|r| {
                r["status"] = json!("succeeded");
                r.clone()
            })
            .collect()
    }

    /// A signed-ready event body of type `kind` about `object` (`refund.updated`, `charge.refunded`, …).
    pub fn event_about(&self, kind: &str, object: Value) -> Vec<u8> {
        json!({ "id": self.next("evt"), "object": "event", "type": kind, "data": { "object": object } })
            .to_string()
            .into_bytes()
    }

    /// The `checkout.session.completed` (or `.expired`) event body for checkout `id` as it stands now.
    pub fn event(&self, base: &str, id: &str) -> Option<Vec<u8>> {
        let s = self.sessions.lock().ok()?.get(id)?.clone();
        let kind = if s.status == "expired" { "checkout.session.expired" } else { "checkout.session.completed" };
        let body = json!({ "id": self.next("evt"), "object": "event", "type": kind,
                           "data": { "object": s.json(base) } });
        Some(body.to_string().into_bytes())
    }
}

/// The gateway's routes (mount them at `config.base`).
pub fn router(config: FakeConfig, state: FakeState) -> Router {
    Router::new()
        .route("/v1/checkout/sessions", post(create_session))
        .route("/v1/checkout/sessions/{id}", get(read_session))
        .route("/v1/refunds", post(create_refund))
        .route("/v1/refunds/{id}", get(read_refund))
        .route("/pay/{id}", get(page))
        .route("/pay/{id}/pay", post(pay))
        .route("/pay/{id}/cancel", post(cancel))
        .with_state((config, state))
}

type S = State<(FakeConfig, FakeState)>;

fn refused(status: StatusCode, code: &str) -> Response {
    (status, Json(json!({ "error": { "type": "invalid_request_error", "code": code } }))).into_response()
}

fn authorised(headers: &HeaderMap, config: &FakeConfig) -> bool {
    headers.get("authorization").and_then(|v| v.to_str().ok()) == Some(format!("Bearer {}", config.secret_key).as_str())
}

async fn create_session(
    State((config, state)): S,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers, &config) {
        return refused(StatusCode::UNAUTHORIZED, "api_key_invalid");
    }
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(seen) = state.answered(key.as_deref()) {
        return Json(seen).into_response();
    }
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let (Some(amount), Some(currency), Some(success), Some(cancel)) = (
        get("line_items[0][price_data][unit_amount]").and_then(|a| a.parse::<i64>().ok()),
        get("line_items[0][price_data][currency]"),
        get("success_url"),
        get("cancel_url"),
    ) else {
        return refused(StatusCode::BAD_REQUEST, "parameter_missing");
    };
    let session = FakeSession {
        id: state.next("cs"),
        amount,
        currency,
        reference: get("client_reference_id").unwrap_or_default(),
        success_url: success,
        cancel_url: cancel,
        status: "open".into(),
        payment_status: "unpaid".into(),
        payment_intent: None,
        refunded: 0,
    };
    let body = session.json(&config.base);
    if let Ok(mut s) = state.sessions.lock() {
        s.insert(session.id.clone(), session);
    }
    state.remember(key, &body);
    Json(body).into_response()
}

async fn read_session(State((config, state)): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorised(&headers, &config) {
        return refused(StatusCode::UNAUTHORIZED, "api_key_invalid");
    }
    match state.sessions.lock().ok().and_then(|s| s.get(&id).cloned()) {
        Some(s) => Json(s.json(&config.base)).into_response(),
        None => refused(StatusCode::NOT_FOUND, "resource_missing"),
    }
}

async fn create_refund(
    State((config, state)): S,
    headers: HeaderMap,
    Form(form): Form<Vec<(String, String)>>,
) -> Response {
    if !authorised(&headers, &config) {
        return refused(StatusCode::UNAUTHORIZED, "api_key_invalid");
    }
    let key = headers.get("idempotency-key").and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(seen) = state.answered(key.as_deref()) {
        return Json(seen).into_response();
    }
    let get = |k: &str| form.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let intent = get("payment_intent").unwrap_or_default();
    let Ok(mut sessions) = state.sessions.lock() else { return refused(StatusCode::INTERNAL_SERVER_ERROR, "busy") };
    let Some(s) = sessions.values_mut().find(|s| s.payment_intent.as_deref() == Some(intent.as_str())) else {
        return refused(StatusCode::NOT_FOUND, "resource_missing");
    };
    let amount = get("amount").and_then(|a| a.parse::<i64>().ok()).unwrap_or(s.amount - s.refunded);
    if amount <= 0 || s.refunded + amount > s.amount {
        return refused(StatusCode::BAD_REQUEST, "amount_too_large");
    }
    s.refunded += amount;
    drop(sessions);
    let status = if state.slow_refunds.load(std::sync::atomic::Ordering::Relaxed) { "pending" } else { "succeeded" };
    let body = json!({ "id": state.next("re"), "object": "refund", "status": status, "amount": amount,
                       "payment_intent": intent });
    state.remember(key, &body);
    if let Ok(mut refunds) = state.refunds.lock() {
        refunds.insert(body["id"].as_str().unwrap_or_default().to_string(), body.clone());
    }
    Json(body).into_response()
}

async fn read_refund(State((config, state)): S, headers: HeaderMap, Path(id): Path<String>) -> Response {
    if !authorised(&headers, &config) {
        return refused(StatusCode::UNAUTHORIZED, "api_key_invalid");
    }
    match state.refunds.lock().ok().and_then(|r| r.get(&id).cloned()) {
        Some(r) => Json(r).into_response(),
        None => refused(StatusCode::NOT_FOUND, "resource_missing"),
    }
}

async fn page(State((config, state)): S, Path(id): Path<String>) -> Response {
    let Some(s) = state.sessions.lock().ok().and_then(|s| s.get(&id).cloned()) else {
        return (StatusCode::NOT_FOUND, "No such checkout.").into_response();
    };
    let amount = format!("{}.{:02} {}", s.amount / 100, s.amount % 100, s.currency.to_uppercase());
    let base = &config.base;
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>Test gateway — development \
         only</title></head><body><main><p><strong>Test gateway — development only. No real money moves.</strong></p>\
         <h1>Pay {amount}</h1><p>Checkout {id}</p>\
         <form method=\"post\" action=\"{base}/pay/{id}/pay\"><button type=\"submit\">Pay {amount}</button></form>\
         <form method=\"post\" action=\"{base}/pay/{id}/cancel\"><button type=\"submit\">Cancel</button></form>\
         </main></body></html>"
    ))
    .into_response()
}

async fn pay(State((config, state)): S, Path(id): Path<String>) -> Response {
    let Some(s) = state.pay(&id) else { return (StatusCode::NOT_FOUND, "No such checkout.").into_response() };
    if let (Some(url), Some(body)) = (&config.webhook_url, state.event(&config.base, &id)) {
        deliver(url, &config.webhook_secret, body).await;
    }
    Redirect::to(&s.success_url).into_response()
}

async fn cancel(State((_, state)): S, Path(id): Path<String>) -> Response {
    match state.sessions.lock().ok().and_then(|s| s.get(&id).cloned()) {
        Some(s) => Redirect::to(&s.cancel_url).into_response(),
        None => (StatusCode::NOT_FOUND, "No such checkout.").into_response(),
    }
}

/// POST a signed webhook like Stripe does; the answer only matters to Stripe's retries, which this lacks.
pub async fn deliver(url: &str, secret: &str, body: Vec<u8>) -> Option<StatusCode> {
    let header = super::stripe::sign(&body, secret, chrono::Utc::now().timestamp());
    let res = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .header("stripe-signature", header)
        .body(body)
        .send()
        .await;
    match res {
        Ok(r) => Some(StatusCode::from_u16(r.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY)),
        Err(e) => {
            tracing::warn!("the test gateway could not deliver its webhook: {e}");
            None
        }
    }
}
