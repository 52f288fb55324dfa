//! One layer for every request: CSRF defence on mutating requests and the security headers.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::server::AppState;

/// The content security policy. Dioxus writes its hydration data and bootstrap as inline scripts (no
/// nonce support in 0.7), hence `'unsafe-inline'` for scripts; wasm needs `'wasm-unsafe-eval'`.
const CSP: &str = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
                   style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
                   object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Largest request body accepted (413 beyond), except on upload routes (see `body_limit`).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The body limit for a path: uploads get theirs, everything else the default.
fn body_limit(path: &str) -> usize {
    match path {
        "/api/account/photo" => crate::model::profile::PHOTO_MAX_BYTES,
        "/api/applications/documents" => crate::model::application::DOCUMENT_MAX_BYTES,
        _ => MAX_BODY_BYTES,
    }
}

/// Reject cross-site mutating requests and oversized bodies, then add security headers to whatever the
/// app answers.
pub async fn layer(req: Request<Body>, next: Next) -> Response {
    if let Err(e) = check_csrf(&req) {
        tracing::warn!(method = %req.method(), path = req.uri().path(), "CSRF check failed");
        return e.into_response();
    }
    let req = match buffer_body(req).await {
        Ok(req) => req,
        Err(e) => return e.into_response(),
    };
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    if api && matches!(res.status().as_u16(), 400 | 404 | 405 | 406 | 411 | 415 | 422 | 429 | 500) {
        res = normalize_api_error(res).await;
    }
    let h = res.headers_mut();
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("strict-origin-when-cross-origin"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"));
    let is_html = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
        // Pages can depend on the session: never let a shared cache keep them.
        h.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-cache, private"));
    }
    res
}

/// Read the body up front, bounded: over the limit is a clean 413 (Dioxus' own decoder would panic on a
/// body cut short by a limit, dioxus#5018), and handlers get a body of known length.
async fn buffer_body(req: Request<Body>) -> Result<Request<Body>, AppError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(req);
    }
    let limit = body_limit(req.uri().path());
    let too_large = AppError::TooLarge { max_bytes: limit as u64 };
    let declared = req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(too_large);
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| too_large)?;
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// Dioxus answers request-decoding failures (bad JSON, wrong shape, missing arguments) itself, with a 500
/// and `{"error": "<detail>"}`, and axum's extractors reject unparsable path parameters with text quoting
/// the input. Those are the client's fault: rewrite them as typed 4xx errors without the input, and any
/// other framework-level 500 as a generic `Internal` whose detail is only logged. Typed 429s get
/// `Retry-After`.
async fn normalize_api_error(res: Response) -> Response {
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return AppError::internal("unreadable error body").into_response();
    };
    let json: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
    if parts.status.as_u16() == 429 {
        let secs = json.as_ref().and_then(|v| v["data"]["detail"]["retry_after_secs"].as_u64());
        if let (Some(secs), false) = (secs, parts.headers.contains_key(header::RETRY_AFTER)) {
            parts.headers.insert(header::RETRY_AFTER, secs.into());
        }
        return Response::from_parts(parts, Body::from(bytes));
    }
    // Typed errors (ours, in the API's format) pass as they are.
    if json.as_ref().is_some_and(|v| v["data"]["kind"].is_string()) {
        return Response::from_parts(parts, Body::from(bytes));
    }
    // The framework's own rejections (a path parameter that doesn't parse, a wrong method or content type)
    // come as text that quotes the input: answer them in the API's format, without the input.
    if parts.status.is_client_error() {
        tracing::debug!(status = parts.status.as_u16(), "rejected an unreadable API request");
        return match parts.status.as_u16() {
            404 => AppError::NotFound("Page".into()),
            _ => AppError::BadRequest("The request could not be read.".into()),
        }
        .into_response();
    }
    match json.as_ref().and_then(|v| v.get("error")).and_then(|e| e.as_str()) {
        Some(m) if m.starts_with("error deserializing") || m.starts_with("missing argument") => {
            tracing::debug!("rejected undecodable request: {m}");
            AppError::BadRequest("The request could not be read.".into()).into_response()
        }
        Some(m) => AppError::internal(m).into_response(),
        None => Response::from_parts(parts, Body::from(bytes)),
    }
}

/// Mutating requests must be same-origin (Sec-Fetch-Site / Origin) and API calls must carry the header
/// the Dioxus client sends (`X-Request-Client: dioxus`), which a cross-site form cannot set.
fn check_csrf(req: &Request<Body>) -> Result<(), AppError> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(());
    }
    // SSLCommerz's callbacks are cross-site by design (its hosted page posts the patient's browser back) and
    // carry no cookie-based authority: they are checked by their hash and the provider's API instead.
    if req.uri().path().starts_with("/payments/sslcommerz/") {
        return Ok(());
    }
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return Err(AppError::Forbidden);
        }
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let public = req.extensions().get::<AppState>().map(|s| s.config.public_url.clone());
        if !origin_allowed(origin, headers, public.as_deref()) {
            return Err(AppError::Forbidden);
        }
    }
    if req.uri().path().starts_with("/api/")
        && headers.get("x-request-client").and_then(|v| v.to_str().ok()) != Some("dioxus")
    {
        return Err(AppError::Forbidden);
    }
    Ok(())
}

/// The Origin must be the configured public URL or this request's own host.
fn origin_allowed(origin: &str, headers: &HeaderMap, public_url: Option<&str>) -> bool {
    if public_url.is_some_and(|p| p.trim_end_matches('/') == origin) {
        return true;
    }
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
    matches!((origin.split_once("://"), host), (Some((_, o)), Some(h)) if o == h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(path: &str, headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::post(path);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn csrf_rules() {
        let api = [("x-request-client", "dioxus")];
        assert!(check_csrf(&post("/api/auth/sign-in", &api)).is_ok());
        assert!(check_csrf(&post("/api/auth/sign-in", &[])).is_err(), "API calls need the client header");
        let cross = [("x-request-client", "dioxus"), ("sec-fetch-site", "cross-site")];
        assert!(check_csrf(&post("/api/auth/sign-in", &cross)).is_err());
        let same = [
            ("x-request-client", "dioxus"),
            ("sec-fetch-site", "same-origin"),
            ("origin", "http://app.test"),
            ("host", "app.test"),
        ];
        assert!(check_csrf(&post("/api/auth/sign-in", &same)).is_ok());
        let evil = [("x-request-client", "dioxus"), ("origin", "https://evil.test"), ("host", "app.test")];
        assert!(check_csrf(&post("/api/auth/sign-in", &evil)).is_err());
        assert!(check_csrf(&Request::get("/api/me").body(Body::empty()).unwrap()).is_ok());
        let gateway = [("sec-fetch-site", "cross-site"), ("origin", "https://securepay.sslcommerz.com")];
        assert!(check_csrf(&post("/payments/sslcommerz/success", &gateway)).is_ok());
        assert!(check_csrf(&post("/payments/other", &gateway)).is_err());
    }
}
