//! SSLCommerz's callbacks. `POST /payments/sslcommerz/ipn` is its server-to-server notice;
//! `POST /payments/sslcommerz/{success|fail|cancel}` is the patient's browser coming back from the hosted
//! page — a cross-site form post that carries no session cookie, so it works from `tran_id` / `val_id` alone
//! and answers 303 to the patient's payment page. Nothing is believed from the post itself: its hash must
//! verify with the store password, and a payment is taken as made only from the validation API's answer
//! (amount, currency and `tran_id` then checked against ours by `payments::settle`).

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde_json::json;

use crate::error::AppError;
use crate::model::payment::PaymentProvider;
use crate::server::auth::extract::Req;
use crate::server::payments::sslcommerz::{self, Transaction};
use crate::server::payments::{settle, Checkout, CheckoutState};

type Post = Vec<(String, String)>;

fn field<'a>(post: &'a Post, key: &str) -> &'a str {
    post.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// What the post says, once its hash is checked: for a payment, the validation API's answer; for a failed,
/// cancelled or expired attempt, the post's own (signed) word.
async fn checkout(req: &Req, client: &sslcommerz::Client, post: &Post, via: &str) -> Result<Checkout, Response> {
    if let Err(why) = sslcommerz::verify(post, client.password()) {
        tracing::warn!(via, "SSLCommerz callback refused: {why}");
        super::webhooks::refused(req, json!({ "provider": "sslcommerz", "via": via, "why": why.to_string() })).await;
        return Err((StatusCode::BAD_REQUEST, "hash refused").into_response());
    }
    let tran_id = field(post, "tran_id");
    let posted =
        Transaction { status: field(post, "status").to_string(), tran_id: tran_id.to_string(), ..Default::default() };
    if !posted.paid() {
        return Ok(posted.checkout());
    }
    let validated = client.validate(field(post, "val_id")).await.map_err(|e| {
        tracing::warn!(via, "SSLCommerz validation failed: {e}");
        StatusCode::BAD_GATEWAY.into_response()
    })?;
    if validated.tran_id != tran_id {
        // A val_id of another transaction: the validation's figures belong to someone else's checkout.
        tracing::warn!(via, "SSLCommerz validation names another transaction");
        return Err((StatusCode::BAD_REQUEST, "validation mismatch").into_response());
    }
    Ok(validated.checkout())
}

/// `POST /payments/sslcommerz/ipn`.
pub async fn ipn(req: Req, Form(post): Form<Post>) -> Response {
    let Some(client) = req.state.config.payments.sslcommerz.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let c = match checkout(&req, &client, &post, "ipn").await {
        Ok(c) => c,
        Err(r) => return r,
    };
    // One delivery per validation (or per failure): repeats find it recorded and stop.
    let event = match field(&post, "val_id") {
        "" => format!("{}:{}", c.id, field(&post, "status")),
        val => val.to_string(),
    };
    match settle(&req.state, PaymentProvider::Sslcommerz, &c, Some((&event, "ipn")), "webhook", &req.client).await {
        Ok(done) => {
            tracing::info!(?done, "SSLCommerz IPN applied");
            (StatusCode::OK, "ok").into_response()
        }
        Err(AppError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// `POST /payments/sslcommerz/{success|fail|cancel}`: settle what the post proves, then send the browser to
/// the payment page (which asks SSLCommerz again if nothing was settled here).
pub async fn back(req: Req, Path(kind): Path<String>, Form(post): Form<Post>) -> Response {
    let Some(client) = req.state.config.payments.sslcommerz.clone() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if !matches!(kind.as_str(), "success" | "fail" | "cancel") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let appointment = sqlx::query_scalar!(
        "select appointment_id from payments where provider = 'sslcommerz' and provider_session_id = $1",
        field(&post, "tran_id")
    )
    .fetch_optional(&req.state.db)
    .await;
    let Ok(Some(appointment)) = appointment else {
        return Redirect::to("/patient/appointments").into_response();
    };
    match checkout(&req, &client, &post, &kind).await {
        Ok(c) if kind == "success" || c.state != CheckoutState::Paid => {
            if let Err(e) = settle(&req.state, PaymentProvider::Sslcommerz, &c, None, "return", &req.client).await {
                tracing::warn!("settling SSLCommerz's {kind} callback failed: {e}");
            }
        }
        // A refused hash is audited; the page still shows how the payment stands.
        _ => {}
    }
    Redirect::to(&format!("/patient/appointments/{appointment}/payment")).into_response()
}
