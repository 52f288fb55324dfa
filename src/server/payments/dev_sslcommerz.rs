//! A development-only stand-in for SSLCommerz, speaking the parts of its protocol Carebook uses: session
//! initiation, the hosted page (clearly labelled as a test gateway), the hashed IPN and the browser's form
//! post back to the shop, the validation API, the transaction query and refunds. The tests run it on its
//! own port; `carebook serve` mounts it at `/dev/sslcommerz` in development mode on loopback when no real
//! provider is configured. It keeps its transactions in memory, as an outside service would in its own.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

use super::sslcommerz::sign;
use crate::model::html::escape as esc;

/// How the test gateway behaves.
#[derive(Clone)]
pub struct FakeConfig {
    /// Where it is reached (its hosted pages are `{base}/gw/{sessionkey}`).
    pub base: String,
    pub store_id: String,
    pub store_password: String,
    /// Post the IPN when the patient pays (tests turn it off to deliver it themselves, or never).
    pub deliver_ipn: bool,
}

/// One transaction as the gateway keeps it.
#[derive(Clone, Debug)]
pub struct FakeTran {
    pub tran_id: String,
    pub sessionkey: String,
    /// As posted at initiation ("250.00"): tests may change it to play a hostile gateway.
    pub amount: String,
    pub currency: String,
    pub value_a: String,
    pub urls: [String; 4],
    /// PENDING, VALID (VALIDATED once validated), FAILED or CANCELLED.
    pub status: String,
    pub val_id: String,
    pub bank_tran_id: String,
    pub refunds: Vec<FakeRefund>,
}

/// A refund the gateway accepted.
#[derive(Clone, Debug)]
pub struct FakeRefund {
    pub reference: String,
    pub refe_id: String,
    pub amount_minor: i64,
    /// `processing`, then `refunded`.
    pub status: String,
}

/// The gateway's memory (transactions by `tran_id`), shared with the tests.
#[derive(Clone, Default)]
pub struct FakeState {
    pub trans: Arc<Mutex<HashMap<String, FakeTran>>>,
    counter: Arc<AtomicU64>,
}

impl FakeState {
    fn next(&self, prefix: &str) -> String {
        format!("{prefix}{}{}", self.counter.fetch_add(1, Ordering::Relaxed), uuid::Uuid::new_v4().simple())
    }

    /// Mark `tran_id` paid (as the hosted page does) and return the signed fields SSLCommerz posts.
    pub fn pay(&self, tran_id: &str, password: &str) -> Option<Vec<(String, String)>> {
        let mut trans = self.trans.lock().ok()?;
        let t = trans.get_mut(tran_id)?;
        if t.status == "PENDING" || t.status == "FAILED" {
            t.status = "VALID".into();
            t.val_id = self.next("val");
            t.bank_tran_id = self.next("bank");
        }
        Some(fields(t, password))
    }

    /// The signed post for an attempt that ended without payment (`FAILED` or `CANCELLED`).
    pub fn end(&self, tran_id: &str, status: &str, password: &str) -> Option<Vec<(String, String)>> {
        let mut trans = self.trans.lock().ok()?;
        let t = trans.get_mut(tran_id)?;
        if t.status == "PENDING" {
            t.status = status.into();
        }
        Some(fields(t, password))
    }

    /// Every refund in flight completes.
    pub fn finish_refunds(&self) {
        for t in self.trans.lock().expect("fake gateway state").values_mut() {
            for r in &mut t.refunds {
                r.status = "refunded".into();
            }
        }
    }

    /// A transaction as it stands (tests read and change it).
    pub fn get(&self, tran_id: &str) -> Option<FakeTran> {
        self.trans.lock().ok()?.get(tran_id).cloned()
    }

    pub fn set_amount(&self, tran_id: &str, amount: &str) {
        if let Some(t) = self.trans.lock().expect("fake gateway state").get_mut(tran_id) {
            t.amount = amount.into();
        }
    }
}

/// The fields SSLCommerz posts for `t` (IPN and browser callbacks), hashed with the store password.
fn fields(t: &FakeTran, password: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = [
        ("tran_id", t.tran_id.as_str()),
        ("val_id", t.val_id.as_str()),
        ("amount", &t.amount),
        ("currency", &t.currency),
        ("currency_type", &t.currency),
        ("currency_amount", &t.amount),
        ("bank_tran_id", &t.bank_tran_id),
        ("status", if t.status == "VALIDATED" { "VALID" } else { &t.status }),
        ("card_type", "VISA-Test"),
        ("value_a", &t.value_a),
        ("risk_level", "0"),
        ("risk_title", "Safe"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    sign(&mut f, password);
    f
}

fn transaction(t: &FakeTran) -> Value {
    json!({ "status": t.status, "tran_id": t.tran_id, "val_id": t.val_id, "amount": t.amount,
            "currency": t.currency, "currency_type": t.currency, "currency_amount": t.amount,
            "bank_tran_id": t.bank_tran_id, "value_a": t.value_a, "APIConnect": "DONE" })
}

/// The gateway's routes.
pub fn router(config: FakeConfig, state: FakeState) -> Router {
    Router::new()
        .route("/gwprocess/v4/api.php", post(init))
        .route("/validator/api/validationserverAPI.php", get(validate))
        .route("/validator/api/merchantTransIDvalidationAPI.php", get(merchant))
        .route("/gw/{key}", get(page))
        .route("/gw/{key}/{action}", post(act))
        .with_state((config, state))
}

type S = State<(FakeConfig, FakeState)>;
type Q = Vec<(String, String)>;

fn get_field<'a>(q: &'a Q, k: &str) -> Option<&'a str> {
    q.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str())
}

fn authorised(q: &Q, c: &FakeConfig) -> bool {
    get_field(q, "store_id") == Some(&c.store_id) && get_field(q, "store_passwd") == Some(&c.store_password)
}

async fn init(State((config, state)): S, Form(form): Form<Q>) -> Json<Value> {
    let failed = |why: &str| Json(json!({ "status": "FAILED", "failedreason": why }));
    if !authorised(&form, &config) {
        return failed("Store Credential Error Or Store is De-active");
    }
    let need = ["total_amount", "currency", "tran_id", "success_url", "fail_url", "cancel_url", "cus_email"];
    if let Some(missing) = need.iter().find(|k| get_field(&form, k).is_none_or(str::is_empty)) {
        return failed(&format!("'{missing}' is missing"));
    }
    let f = |k: &str| get_field(&form, k).unwrap_or_default().to_string();
    let mut trans = state.trans.lock().expect("fake gateway state");
    if trans.contains_key(&f("tran_id")) {
        return failed("Duplicate tran_id");
    }
    let t = FakeTran {
        tran_id: f("tran_id"),
        sessionkey: state.next("SK").to_uppercase(),
        amount: f("total_amount"),
        currency: f("currency"),
        value_a: f("value_a"),
        urls: [f("success_url"), f("fail_url"), f("cancel_url"), f("ipn_url")],
        status: "PENDING".into(),
        val_id: String::new(),
        bank_tran_id: String::new(),
        refunds: Vec::new(),
    };
    let url = format!("{}/gw/{}", config.base, t.sessionkey);
    let key = t.sessionkey.clone();
    trans.insert(t.tran_id.clone(), t);
    Json(json!({ "status": "SUCCESS", "sessionkey": key, "GatewayPageURL": url, "failedreason": "" }))
}

async fn validate(State((config, state)): S, Query(q): Query<Q>) -> Json<Value> {
    if !authorised(&q, &config) {
        return Json(json!({ "status": "INVALID_TRANSACTION", "APIConnect": "INVALID_REQUEST" }));
    }
    let val_id = get_field(&q, "val_id").unwrap_or_default();
    let mut trans = state.trans.lock().expect("fake gateway state");
    match trans.values_mut().find(|t| !val_id.is_empty() && t.val_id == val_id) {
        Some(t) => {
            let answer = transaction(t);
            if t.status == "VALID" {
                t.status = "VALIDATED".into();
            }
            Json(answer)
        }
        None => Json(json!({ "status": "INVALID_TRANSACTION", "APIConnect": "DONE" })),
    }
}

async fn merchant(State((config, state)): S, Query(q): Query<Q>) -> Json<Value> {
    if !authorised(&q, &config) {
        return Json(json!({ "APIConnect": "INVALID_REQUEST" }));
    }
    let mut trans = state.trans.lock().expect("fake gateway state");
    if let Some(tran_id) = get_field(&q, "tran_id") {
        let found: Vec<Value> =
            trans.get(tran_id).filter(|t| t.status != "PENDING").map(transaction).into_iter().collect();
        return Json(json!({ "APIConnect": "DONE", "no_of_trans_found": found.len(), "element": found }));
    }
    if let Some(reference) = get_field(&q, "refund_ref_id") {
        let status =
            trans.values().flat_map(|t| &t.refunds).find(|r| r.reference == reference).map(|r| r.status.clone());
        return Json(match status {
            Some(s) => json!({ "APIConnect": "DONE", "refund_ref_id": reference, "status": s }),
            None => json!({ "APIConnect": "DONE", "status": "failed", "errorReason": "Invalid refund_ref_id" }),
        });
    }
    let (Some(bank), Some(amount), Some(refe)) =
        (get_field(&q, "bank_tran_id"), get_field(&q, "refund_amount"), get_field(&q, "refe_id"))
    else {
        return Json(json!({ "APIConnect": "INVALID_REQUEST" }));
    };
    let Some(t) = trans.values_mut().find(|t| !bank.is_empty() && t.bank_tran_id == bank) else {
        return Json(json!({ "APIConnect": "DONE", "status": "failed", "errorReason": "Invalid bank_tran_id" }));
    };
    // The same `refe_id` is the same refund; more than was paid is refused.
    if let Some(r) = t.refunds.iter().find(|r| r.refe_id == refe) {
        return Json(
            json!({ "APIConnect": "DONE", "status": "success", "refund_ref_id": r.reference, "bank_tran_id": bank }),
        );
    }
    let paid = super::sslcommerz::parse_amount(&t.amount).unwrap_or(0);
    let asked = super::sslcommerz::parse_amount(amount).unwrap_or(0);
    let before: i64 = t.refunds.iter().map(|r| r.amount_minor).sum();
    if asked <= 0 || before + asked > paid {
        return Json(json!({ "APIConnect": "DONE", "status": "failed", "errorReason": "Refund amount exceeds" }));
    }
    let reference = state.next("RF");
    t.refunds.push(FakeRefund {
        reference: reference.clone(),
        refe_id: refe.to_string(),
        amount_minor: asked,
        status: "processing".into(),
    });
    Json(json!({ "APIConnect": "DONE", "status": "success", "refund_ref_id": reference, "bank_tran_id": bank }))
}

fn by_key(state: &FakeState, key: &str) -> Option<FakeTran> {
    state.trans.lock().ok()?.values().find(|t| t.sessionkey == key).cloned()
}

async fn page(State((config, state)): S, Path(key): Path<String>) -> Response {
    let Some(t) = by_key(&state, &key) else { return (StatusCode::NOT_FOUND, "No such session.").into_response() };
    let amount = format!("{} {}", esc(&t.amount), esc(&t.currency));
    let action = |a: &str| format!("{}/gw/{}/{a}", esc(&config.base), esc(&key));
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" \
         content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\"><title>Test SSLCommerz — development \
         only</title></head><body><main><p><strong>Test SSLCommerz gateway — development only. No real money \
         moves.</strong></p><h1>Pay {amount}</h1><p>Transaction {}</p>\
         <form method=\"post\" action=\"{}\"><button type=\"submit\">Pay {amount}</button></form>\
         <form method=\"post\" action=\"{}\"><button type=\"submit\">Payment fails</button></form>\
         <form method=\"post\" action=\"{}\"><button type=\"submit\">Cancel</button></form></main></body></html>",
        esc(&t.tran_id),
        action("pay"),
        action("fail"),
        action("cancel")
    ))
    .into_response()
}

/// Pay, fail or cancel on the hosted page: the IPN goes to the shop's server, and the browser is sent back
/// to the shop with a form post of the same signed fields, as SSLCommerz does.
async fn act(State((config, state)): S, Path((key, action)): Path<(String, String)>) -> Response {
    let Some(t) = by_key(&state, &key) else { return (StatusCode::NOT_FOUND, "No such session.").into_response() };
    let password = &config.store_password;
    let (post, back) = match action.as_str() {
        "pay" => (state.pay(&t.tran_id, password), &t.urls[0]),
        "fail" => (state.end(&t.tran_id, "FAILED", password), &t.urls[1]),
        "cancel" => (state.end(&t.tran_id, "CANCELLED", password), &t.urls[2]),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Some(post) = post else { return StatusCode::NOT_FOUND.into_response() };
    if config.deliver_ipn && !t.urls[3].is_empty() {
        if let Err(e) = reqwest::Client::new().post(&t.urls[3]).form(&post).send().await {
            tracing::warn!("the test SSLCommerz could not deliver its IPN: {e}");
        }
    }
    let inputs: String =
        post.iter().map(|(k, v)| format!("<input type=\"hidden\" name=\"{}\" value=\"{}\">", esc(k), esc(v))).collect();
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Returning to the shop</title></head>\
         <body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{}\">{inputs}\
         <noscript><button type=\"submit\">Back to the shop</button></noscript></form></body></html>",
        esc(back)
    ))
    .into_response()
}
