//! Stripe's protocol, by hand on reqwest: create and read a Checkout Session, create a refund, and verify
//! a webhook's `Stripe-Signature`. The base URL is configuration, so the development gateway and the tests'
//! local server speak to the same code.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;

pub use super::provider::GatewayError;
use super::provider::{RefundAnswer, RefundState};

/// How long a signed webhook stays acceptable (Stripe's libraries default to five minutes).
pub const TOLERANCE_SECS: i64 = 300;

/// A Stripe-protocol API: its base URL (`https://api.stripe.com` in production) and secret key.
#[derive(Clone)]
pub struct Client {
    pub base: String,
    secret_key: String,
    http: reqwest::Client,
}

/// What Carebook asks the checkout to charge.
pub struct NewSession<'a> {
    /// Our payment's id: the idempotency key, so a retried request never makes a second session.
    pub payment_id: uuid::Uuid,
    pub appointment_id: uuid::Uuid,
    pub amount_minor: i64,
    /// ISO code, lower case as Stripe writes it.
    pub currency: &'a str,
    pub description: &'a str,
    pub customer_email: &'a str,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
}

/// The fields of a Checkout Session Carebook reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Session {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `open`, `complete` or `expired`.
    pub status: String,
    /// `paid`, `unpaid` or `no_payment_required`.
    pub payment_status: String,
    #[serde(default)]
    pub payment_intent: Option<String>,
    #[serde(default)]
    pub amount_total: Option<i64>,
    #[serde(default)]
    pub currency: Option<String>,
    #[serde(default)]
    pub client_reference_id: Option<String>,
}

/// The fields of a Refund Carebook reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Refund {
    pub id: String,
    /// `pending`, `requires_action`, `succeeded`, `failed` or `canceled`.
    pub status: String,
    pub amount: i64,
}

impl Refund {
    pub fn answer(&self) -> RefundAnswer {
        let state = match self.status.as_str() {
            "succeeded" => RefundState::Succeeded,
            "failed" | "canceled" => RefundState::Failed,
            _ => RefundState::Pending,
        };
        RefundAnswer { id: self.id.clone(), state }
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}
#[derive(Deserialize)]
struct ErrorDetail {
    #[serde(default)]
    code: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("stripe::Client").field("base", &self.base).finish_non_exhaustive()
    }
}

impl Client {
    pub fn new(base: &str, secret_key: &str) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(5))
            .timeout(std::time::Duration::from_secs(20))
            .build()
            .expect("a reqwest client with timeouts");
        Client { base: base.trim_end_matches('/').to_string(), secret_key: secret_key.to_string(), http }
    }

    /// `POST /v1/checkout/sessions` (one line item in `currency`, our ids in `client_reference_id` and metadata).
    pub async fn create_session(&self, s: &NewSession<'_>) -> Result<Session, GatewayError> {
        let amount = s.amount_minor.to_string();
        let appointment = s.appointment_id.to_string();
        let payment = s.payment_id.to_string();
        let form: Vec<(&str, &str)> = vec![
            ("mode", "payment"),
            ("success_url", s.success_url),
            ("cancel_url", s.cancel_url),
            ("client_reference_id", &appointment),
            ("customer_email", s.customer_email),
            ("line_items[0][quantity]", "1"),
            ("line_items[0][price_data][currency]", s.currency),
            ("line_items[0][price_data][unit_amount]", &amount),
            ("line_items[0][price_data][product_data][name]", s.description),
            ("metadata[appointment_id]", &appointment),
            ("metadata[payment_id]", &payment),
            ("payment_intent_data[metadata][appointment_id]", &appointment),
            ("payment_intent_data[metadata][payment_id]", &payment),
        ];
        self.post("/v1/checkout/sessions", &form, &format!("carebook-session-{payment}")).await
    }

    /// `GET /v1/checkout/sessions/{id}`.
    pub async fn session(&self, id: &str) -> Result<Session, GatewayError> {
        let url = format!("{}/v1/checkout/sessions/{}", self.base, crate::model::form_value(id));
        let res = self.http.get(url).bearer_auth(&self.secret_key).send().await;
        read(res).await
    }

    /// `POST /v1/refunds` for `amount_minor` of the payment intent; `key` makes a retry the same refund.
    pub async fn refund(&self, payment_intent: &str, amount_minor: i64, key: &str) -> Result<Refund, GatewayError> {
        let amount = amount_minor.to_string();
        let form =
            [("payment_intent", payment_intent), ("amount", amount.as_str()), ("reason", "requested_by_customer")];
        self.post("/v1/refunds", &form, key).await
    }

    /// `GET /v1/refunds/{id}`.
    pub async fn refund_status(&self, id: &str) -> Result<Refund, GatewayError> {
        let url = format!("{}/v1/refunds/{}", self.base, crate::model::form_value(id));
        read(self.http.get(url).bearer_auth(&self.secret_key).send().await).await
    }

    async fn post<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        form: &[(&str, &str)],
        idempotency_key: &str,
    ) -> Result<T, GatewayError> {
        let res = self
            .http
            .post(format!("{}{path}", self.base))
            .bearer_auth(&self.secret_key)
            .header("Idempotency-Key", idempotency_key)
            .form(form)
            .send()
            .await;
        read(res).await
    }
}

async fn read<T: serde::de::DeserializeOwned>(res: reqwest::Result<reqwest::Response>) -> Result<T, GatewayError> {
    let res = res.map_err(|e| GatewayError::Unreachable(without_url(&e)))?;
    let status = res.status();
    let body = res.bytes().await.map_err(|e| GatewayError::Unreachable(without_url(&e)))?;
    if !status.is_success() {
        let code = serde_json::from_slice::<ErrorBody>(&body)
            .ok()
            .and_then(|b| b.error.code.or(b.error.kind))
            .unwrap_or_else(|| "unknown".into());
        return Err(GatewayError::Refused { status: status.as_u16(), code });
    }
    serde_json::from_slice(&body).map_err(|_| GatewayError::Garbled)
}

pub(super) fn without_url(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    kind.to_string()
}

/// Why a webhook's signature was refused.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("no usable Stripe-Signature header")]
    Malformed,
    #[error("the signature's timestamp is outside the tolerance")]
    Stale,
    #[error("no signature matches")]
    Mismatch,
}

/// Check `Stripe-Signature: t=…,v1=…[,v1=…]` over the raw `body` with the endpoint's `secret`: some `v1` must
/// be HMAC-SHA256(secret, "{t}.{body}") (compared in constant time) and `t` within [`TOLERANCE_SECS`] of `now`.
pub fn verify(header: &str, body: &[u8], secret: &str, now: DateTime<Utc>) -> Result<(), SignatureError> {
    let mut t: Option<i64> = None;
    let mut signatures = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", v)) => t = v.parse().ok(),
            Some(("v1", v)) => signatures.extend(from_hex(v)),
            _ => {}
        }
    }
    let t = t.ok_or(SignatureError::Malformed)?;
    if signatures.is_empty() {
        return Err(SignatureError::Malformed);
    }
    if (now.timestamp() - t).abs() > TOLERANCE_SECS {
        return Err(SignatureError::Stale);
    }
    for sig in signatures {
        if mac(secret, t, body).verify_slice(&sig).is_ok() {
            return Ok(());
        }
    }
    Err(SignatureError::Mismatch)
}

/// The header Stripe sends for `body` signed at `t` (the development gateway and tests sign with it).
pub fn sign(body: &[u8], secret: &str, t: i64) -> String {
    let digest = mac(secret, t, body).finalize().into_bytes();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("t={t},v1={hex}")
}

fn mac(secret: &str, t: i64, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(t.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    // Stripe's scheme, checked against the official `stripe` 16.1.0 Python library
    // (`WebhookSignature.verify_header`; ../shared/research/wave2.md §2.1).
    const SECRET: &str = "whsec_test_secret";
    const PAYLOAD: &str = r#"{"id":"evt_1","object":"event","type":"checkout.session.completed","data":{"object":{"id":"cs_test_1","object":"checkout.session","client_reference_id":"appt_42","payment_status":"paid","payment_intent":"pi_1","amount_total":150000,"currency":"bdt"}}}"#;
    const HEADER: &str = "t=1700000000,v1=92cf035f399b4f5b843908e62c4750ed1c1150d9ee38fc2143ba5cb6e3eb6b37";

    fn at(t: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(t, 0).unwrap()
    }

    #[test]
    fn the_public_vector_verifies_and_signing_reproduces_it() {
        assert_eq!(verify(HEADER, PAYLOAD.as_bytes(), SECRET, at(1_700_000_100)), Ok(()));
        assert_eq!(sign(PAYLOAD.as_bytes(), SECRET, 1_700_000_000), HEADER);
    }

    #[test]
    fn tampering_a_wrong_secret_or_an_old_timestamp_is_refused() {
        let tampered = PAYLOAD.replace("150000", "100");
        assert_eq!(verify(HEADER, tampered.as_bytes(), SECRET, at(1_700_000_000)), Err(SignatureError::Mismatch));
        assert_eq!(verify(HEADER, PAYLOAD.as_bytes(), "whsec_other", at(1_700_000_000)), Err(SignatureError::Mismatch));
        assert_eq!(verify(HEADER, PAYLOAD.as_bytes(), SECRET, at(1_700_000_301)), Err(SignatureError::Stale));
        assert_eq!(
            verify("t=1700000000", PAYLOAD.as_bytes(), SECRET, at(1_700_000_000)),
            Err(SignatureError::Malformed)
        );
        assert_eq!(verify("v1=00", PAYLOAD.as_bytes(), SECRET, at(1_700_000_000)), Err(SignatureError::Malformed));
        // A second, valid v1 (a rolled secret) is accepted; an odd-length one is ignored.
        let two = format!("t=1700000000,v1=abc,{}", HEADER.split(',').nth(1).unwrap());
        assert_eq!(verify(&two, PAYLOAD.as_bytes(), SECRET, at(1_700_000_000)), Ok(()));
    }
}
