//! `AppError`: the one typed error every server function returns. It crosses the wire intact (the client
//! gets the same variant back), carries its HTTP status, and never holds SQL or other internals.

use std::collections::BTreeMap;

use dioxus::fullstack::{AsStatusCode, StatusCode};
use dioxus::prelude::ServerFnError;
use serde::{Deserialize, Serialize};

/// Field name → human message, for forms (the same rules run in the browser and on the server).
pub type FieldErrors = BTreeMap<String, String>;

/// Errors a user can see. Messages are safe to show as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum AppError {
    #[error("Please sign in to continue.")]
    Unauthorized,
    #[error("You don't have access to this.")]
    Forbidden,
    /// Wrong email or password — deliberately not saying which.
    #[error("The email or password is incorrect.")]
    InvalidCredentials,
    #[error("Please confirm your email address first: we've sent you a new link.")]
    EmailNotVerified,
    #[error("Set up two-factor sign-in to use this area (Account → Security).")]
    TwoFactorSetupRequired,
    #[error("{0} not found.")]
    NotFound(String),
    #[error("{0}")]
    BadRequest(String),
    #[error("Please correct the highlighted fields.")]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    /// Someone else booked the time first; `next` offers the nearest free alternatives.
    #[error("This slot was just taken. Please pick another time.")]
    SlotTaken { next: Vec<crate::model::booking::SlotOffer> },
    #[error("That's too much data at once (the limit is {max_bytes} bytes).")]
    TooLarge { max_bytes: u64 },
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("The service is temporarily unavailable. Please try again shortly.")]
    Unavailable,
    /// Something failed on the server; the id finds the logged details.
    #[error("Something went wrong on our side (reference {correlation_id}).")]
    Internal { correlation_id: String },
    /// The request never got a usable answer (offline, timeout, garbled response).
    #[error("Could not reach Carebook. Check your connection and try again.")]
    Network(String),
}

impl AppError {
    /// A validation error for a single field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        AppError::Validation(FieldErrors::from([(field.to_string(), message.into())]))
    }

    /// The message for form field `field`, if this is a validation error naming it.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            AppError::Validation(fields) => fields.get(field).cloned(),
            _ => None,
        }
    }

    /// The message to show above a form: any error except per-field validation.
    pub fn form_message(&self) -> Option<String> {
        match self {
            AppError::Validation(_) => None,
            other => Some(other.to_string()),
        }
    }

    /// Log `detail` with a fresh correlation id and return the generic `Internal` error carrying that id.
    /// (In the browser there is no server log to correlate with, so the id says so.)
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        #[cfg(feature = "server")]
        let correlation_id = uuid::Uuid::new_v4().simple().to_string()[..12].to_string();
        #[cfg(not(feature = "server"))]
        let correlation_id = "client".to_string();
        tracing::error!(%correlation_id, "internal error: {detail}");
        AppError::Internal { correlation_id }
    }
}

impl AsStatusCode for AppError {
    fn as_status_code(&self) -> StatusCode {
        match self {
            AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::EmailNotVerified | AppError::TwoFactorSetupRequired => {
                StatusCode::FORBIDDEN
            }
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::SlotTaken { .. } => StatusCode::CONFLICT,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal { .. } | AppError::Network(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The wire form is serde's adjacent tagging (`{"kind": "not_found", "detail": "Doctor"}`), read by hand:
/// the derived reader buffers the detail in serde's private content type for every deserializer it meets,
/// which cost the browser's bundle more than all the rest of this type. Any key order is read.
impl<'de> Deserialize<'de> for AppError {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        #[derive(Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Kind {
            Unauthorized,
            Forbidden,
            InvalidCredentials,
            EmailNotVerified,
            TwoFactorSetupRequired,
            NotFound,
            BadRequest,
            Validation,
            Conflict,
            SlotTaken,
            TooLarge,
            RateLimited,
            Unavailable,
            Internal,
            Network,
        }
        #[derive(Deserialize)]
        struct Wire {
            kind: Kind,
            #[serde(default)]
            detail: serde_json::Value,
        }
        let Wire { kind, mut detail } = Wire::deserialize(d)?;
        let text = |v: &serde_json::Value| v.as_str().map(str::to_owned).ok_or_else(|| D::Error::custom("text"));
        let number = |v: &serde_json::Value| v.as_u64().ok_or_else(|| D::Error::custom("number"));
        Ok(match kind {
            Kind::Unauthorized => AppError::Unauthorized,
            Kind::Forbidden => AppError::Forbidden,
            Kind::InvalidCredentials => AppError::InvalidCredentials,
            Kind::EmailNotVerified => AppError::EmailNotVerified,
            Kind::TwoFactorSetupRequired => AppError::TwoFactorSetupRequired,
            Kind::NotFound => AppError::NotFound(text(&detail)?),
            Kind::BadRequest => AppError::BadRequest(text(&detail)?),
            Kind::Validation => AppError::Validation(
                detail
                    .as_object()
                    .ok_or_else(|| D::Error::custom("fields"))?
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), text(v)?)))
                    .collect::<Result<_, D::Error>>()?,
            ),
            Kind::Conflict => AppError::Conflict(text(&detail)?),
            Kind::SlotTaken => {
                AppError::SlotTaken { next: serde_json::from_value(detail["next"].take()).map_err(D::Error::custom)? }
            }
            Kind::TooLarge => AppError::TooLarge { max_bytes: number(&detail["max_bytes"])? },
            Kind::RateLimited => AppError::RateLimited { retry_after_secs: number(&detail["retry_after_secs"])? },
            Kind::Unavailable => AppError::Unavailable,
            Kind::Internal => AppError::Internal { correlation_id: text(&detail["correlation_id"])? },
            Kind::Network => AppError::Network(text(&detail)?),
        })
    }
}

/// Framework-level failures (extractors, decoding, transport) mapped onto our variants. Request-decoding
/// failures are the client's fault, so they become `BadRequest`, never an opaque 500.
impl From<ServerFnError> for AppError {
    fn from(e: ServerFnError) -> Self {
        // Our own extractors reject with an `AppError` payload as the body: keep the error as it was.
        if let ServerFnError::ServerError { message, .. } = &e {
            #[derive(Deserialize)]
            struct Payload {
                data: AppError,
            }
            if let Ok(p) = serde_json::from_str::<Payload>(message) {
                return p.data;
            }
        }
        match e {
            ServerFnError::ServerError { code, message, .. } => match code {
                413 => AppError::TooLarge { max_bytes: 0 },
                400 | 405 | 406 | 411 | 415 | 422 => AppError::BadRequest(short(&message)),
                401 => AppError::Unauthorized,
                403 => AppError::Forbidden,
                404 => AppError::NotFound("Page".into()),
                429 => AppError::RateLimited { retry_after_secs: 60 },
                503 => AppError::Unavailable,
                _ => AppError::internal(message),
            },
            ServerFnError::Args(m) | ServerFnError::Deserialization(m) => {
                AppError::BadRequest(format!("The request could not be read: {}", short(&m)))
            }
            ServerFnError::Request(e) => AppError::Network(e.to_string()),
            other => AppError::internal(other),
        }
    }
}

/// Used when an extractor rejects a request: the status plus the error as JSON.
#[cfg(feature = "server")]
impl axum::response::IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        // The same shape Dioxus gives typed server-function errors, so clients decode both alike.
        let body =
            serde_json::json!({ "message": self.to_string(), "code": self.as_status_code().as_u16(), "data": &self });
        let mut res = (self.as_status_code(), axum::Json(body)).into_response();
        if let AppError::RateLimited { retry_after_secs } = &self {
            res.headers_mut().insert(axum::http::header::RETRY_AFTER, (*retry_after_secs).into());
        }
        res
    }
}

#[cfg(feature = "server")]
impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => AppError::NotFound("Record".into()),
            e if crate::server::db::health::is_unavailable(e) => {
                tracing::warn!("database unavailable: {e}");
                AppError::Unavailable
            }
            _ => AppError::internal(e),
        }
    }
}

/// Keep client-facing framework messages short and single-line.
fn short(message: &str) -> String {
    message.lines().next().unwrap_or_default().chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_through_json_with_its_variant() {
        let err = AppError::field("email", "Enter a valid email address.");
        let json = serde_json::to_value(&err).unwrap();
        assert_eq!(json["kind"], "validation");
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, err);
        assert_eq!(back.as_status_code(), StatusCode::UNPROCESSABLE_ENTITY);
    }

    #[test]
    fn every_variant_reads_back_from_json_in_any_key_order_and_from_cbor() {
        let slot = crate::model::booking::SlotOffer {
            start: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
            label: "09:30".into(),
            day_label: "Mon 23 Nov".into(),
        };
        let all = [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::InvalidCredentials,
            AppError::EmailNotVerified,
            AppError::TwoFactorSetupRequired,
            AppError::NotFound("Doctor".into()),
            AppError::BadRequest("Nope".into()),
            AppError::Validation(FieldErrors::from([("a".into(), "x".into()), ("b".into(), "y".into())])),
            AppError::Conflict("Taken".into()),
            AppError::SlotTaken { next: vec![slot] },
            AppError::TooLarge { max_bytes: 1024 },
            AppError::RateLimited { retry_after_secs: 7 },
            AppError::Unavailable,
            AppError::Internal { correlation_id: "abc123".into() },
            AppError::Network("offline".into()),
        ];
        for err in all {
            let text = serde_json::to_string(&err).unwrap();
            assert_eq!(serde_json::from_str::<AppError>(&text).unwrap(), err, "{text}");
            // `Value` maps are sorted: "detail" comes before "kind".
            let value = serde_json::to_value(&err).unwrap();
            assert_eq!(serde_json::from_value::<AppError>(value.clone()).unwrap(), err);
            if let Some(detail) = value.get("detail") {
                let swapped = format!(r#"{{"detail":{detail},"kind":{}}}"#, value["kind"]);
                assert_eq!(serde_json::from_str::<AppError>(&swapped).unwrap(), err, "{swapped}");
            }
            let mut cbor = Vec::new();
            ciborium::into_writer(&err, &mut cbor).unwrap();
            assert_eq!(ciborium::from_reader::<AppError, _>(&cbor[..]).unwrap(), err);
        }
        assert!(serde_json::from_str::<AppError>(r#"{"kind":"not_found","detail":3}"#).is_err());
        assert!(serde_json::from_str::<AppError>(r#"{"kind":"no_such_kind"}"#).is_err());
    }

    #[test]
    fn internal_errors_hide_details_behind_a_correlation_id() {
        let err = AppError::internal("relation \"users\" does not exist");
        let shown = err.to_string();
        assert!(!shown.contains("relation"), "{shown}");
        assert!(shown.contains("reference"), "{shown}");
    }

    #[test]
    fn framework_errors_map_to_client_errors() {
        let decode = AppError::from(ServerFnError::Deserialization("expected value at line 1".into()));
        assert_eq!(decode.as_status_code(), StatusCode::BAD_REQUEST);
        let forbidden = AppError::from(ServerFnError::ServerError { message: "no".into(), code: 403, details: None });
        assert_eq!(forbidden, AppError::Forbidden);
    }
}
