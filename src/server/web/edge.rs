//! The first check every request meets: text in the path or query that no valid value can hold (a NUL
//! byte, bytes that are not UTF-8 once decoded, an overlong part) is refused here with a 400, before any
//! handler, extractor or query sees it (Postgres would refuse the NUL with an internal error). The answer
//! never repeats the input.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;

/// Longest path, and longest single path segment, after decoding.
const MAX_PATH_BYTES: usize = 2048;
const MAX_SEGMENT_BYTES: usize = 512;
/// Longest query string as sent, and longest single decoded name or value.
const MAX_QUERY_BYTES: usize = 4096;
const MAX_QUERY_PART_BYTES: usize = 1024;

/// Why a request's address was refused (for the log; the client gets a generic message).
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    ControlCharacter,
    NotUtf8,
    TooLong,
}

fn decode(raw: &str, plus_is_space: bool) -> Result<String, Refusal> {
    let raw = if plus_is_space { std::borrow::Cow::Owned(raw.replace('+', " ")) } else { raw.into() };
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(&raw).collect();
    let text = String::from_utf8(bytes).map_err(|_| Refusal::NotUtf8)?;
    // Tabs and newlines are as impossible in a URL value as NUL (and NUL is what the database refuses).
    if text.chars().any(|c| c.is_control()) {
        return Err(Refusal::ControlCharacter);
    }
    Ok(text)
}

/// Check a path and query string as they arrived.
fn check(path: &str, query: Option<&str>) -> Result<(), Refusal> {
    if path.len() > MAX_PATH_BYTES {
        return Err(Refusal::TooLong);
    }
    for segment in path.split('/') {
        if decode(segment, false)?.len() > MAX_SEGMENT_BYTES {
            return Err(Refusal::TooLong);
        }
    }
    let Some(query) = query else { return Ok(()) };
    if query.len() > MAX_QUERY_BYTES {
        return Err(Refusal::TooLong);
    }
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        if decode(name, true)?.len() > MAX_QUERY_PART_BYTES || decode(value, true)?.len() > MAX_QUERY_PART_BYTES {
            return Err(Refusal::TooLong);
        }
    }
    Ok(())
}

/// Refuse impossible addresses: the API's JSON error for `/api/…`, a short page for anything else.
pub async fn layer(req: Request<Body>, next: Next) -> Response {
    let Err(why) = check(req.uri().path(), req.uri().query()) else {
        return next.run(req).await;
    };
    tracing::info!(method = %req.method(), ?why, "refused a request whose address holds an impossible value");
    if req.uri().path().starts_with("/api/") {
        return AppError::BadRequest("The request's address holds a value that can't be valid.".into()).into_response();
    }
    let html = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Bad request · Carebook</title>\
                <meta name=\"robots\" content=\"noindex\"></head><body><main><h1>That address can't be right</h1>\
                <p>It holds characters or a length no Carebook page has. <a href=\"/\">Go to the home page</a>.</p>\
                </main></body></html>";
    let mut res = (StatusCode::BAD_REQUEST, Html(html)).into_response();
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_pass() {
        assert_eq!(check("/doctors/dr-amara-okafor", None), Ok(()));
        assert_eq!(check("/doctors", Some("q=caf%C3%A9+au+lait&city=New+York&area=South+End+%26+Bay")), Ok(()));
        assert_eq!(check("/api/doctors/areas", Some("city=")), Ok(()));
    }

    #[test]
    fn impossible_values_are_refused() {
        assert_eq!(check("/doctors/%00", None), Err(Refusal::ControlCharacter));
        assert_eq!(check("/api/doctors/areas", Some("city=a%00b")), Err(Refusal::ControlCharacter));
        assert_eq!(check("/api/specialties/%FF%FE", None), Err(Refusal::NotUtf8));
        assert_eq!(check(&format!("/doctors/{}", "x".repeat(600)), None), Err(Refusal::TooLong));
        assert_eq!(check("/doctors", Some(&format!("q={}", "y".repeat(1100)))), Err(Refusal::TooLong));
        assert_eq!(check("/doctors", Some("q=%0A")), Err(Refusal::ControlCharacter));
    }
}
