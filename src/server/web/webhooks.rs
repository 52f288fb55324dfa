//! `POST /webhooks/{provider}`: the payment provider's signed events. The signature is checked over the raw
//! body before anything is read; a forged or stale one is refused (400) and audited. Events are applied
//! exactly once (`payments::settle`); a repeat answers 200 and changes nothing.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::error::AppError;
use crate::model::payment::PaymentProvider;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::extract::Req;
use crate::server::payments::{refunds, settle, stripe, Checkout};

/// Largest event body accepted (Stripe's checkout events are a few KB).
pub const MAX_BODY: usize = 256 * 1024;

#[derive(Deserialize)]
struct StripeEvent {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    data: EventData,
}

#[derive(Deserialize)]
struct EventData {
    object: serde_json::Value,
}

pub async fn receive(req: Req, Path(provider): Path<String>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(gateway) = req.state.config.payments.gateway.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let named = match provider.as_str() {
        "stripe" => PaymentProvider::Stripe,
        "dev" => PaymentProvider::Dev,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if named != gateway.provider {
        return StatusCode::NOT_FOUND.into_response();
    }
    let signature = headers.get("stripe-signature").and_then(|v| v.to_str().ok()).unwrap_or_default();
    if let Err(why) = stripe::verify(signature, &body, &gateway.webhook_secret.0, req.state.clock.now()) {
        tracing::warn!(provider, "webhook refused: {why}");
        refused(&req, json!({ "provider": provider, "why": why.to_string() })).await;
        return (StatusCode::BAD_REQUEST, "signature refused").into_response();
    }
    let Ok(event) = serde_json::from_slice::<StripeEvent>(&body) else {
        return (StatusCode::BAD_REQUEST, "not an event").into_response();
    };
    if event.kind.starts_with("refund.") {
        // A refund the provider accepted has finished (or failed).
        let Ok(refund) = serde_json::from_value::<stripe::Refund>(event.data.object) else {
            return (StatusCode::BAD_REQUEST, "not a refund").into_response();
        };
        return match refunds::provider_said(&req.state, named, &refund.answer()).await {
            Ok(()) => (StatusCode::OK, "ok").into_response(),
            Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        };
    }
    if event.kind == "charge.refunded" {
        // Money went back on the charge: the refunds we still wait for are asked about.
        let Some(intent) = event.data.object.get("payment_intent").and_then(|v| v.as_str()) else {
            return (StatusCode::BAD_REQUEST, "not a charge").into_response();
        };
        return match refunds::charge_refunded(&req.state, named, intent).await {
            Ok(()) => (StatusCode::OK, "ok").into_response(),
            Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        };
    }
    if !event.kind.starts_with("checkout.session.") {
        return (StatusCode::OK, "ignored").into_response();
    }
    let Ok(session) = serde_json::from_value::<stripe::Session>(event.data.object) else {
        return (StatusCode::BAD_REQUEST, "not a checkout session").into_response();
    };
    let checkout = Checkout::from(session);
    match settle(&req.state, named, &checkout, Some((&event.id, &event.kind)), "webhook", &req.client).await {
        Ok(done) => {
            tracing::info!(event = %event.id, kind = %event.kind, ?done, "payment event applied");
            (StatusCode::OK, "ok").into_response()
        }
        // The provider retries on 5xx: a database outage or a failure of ours is worth another delivery.
        Err(AppError::Unavailable) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// Audit a provider call whose signature or hash did not check out (`detail` says which provider and why).
pub(super) async fn refused(req: &Req, detail: serde_json::Value) {
    let event = Event {
        actor: None,
        subject: None,
        action: "payments.webhook_refused",
        outcome: Outcome::Denied,
        client: &req.client,
        detail,
    };
    audit::record(&req.state.db, event).await;
}
