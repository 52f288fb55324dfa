//! While this instance cannot reach Postgres, every request that needs it is answered at once with a 503:
//! a "back in a moment" page for browsers, the typed `Unavailable` error for the API. Health checks and
//! static files pass.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::AppError;
use crate::server::AppState;

/// Seconds a client is asked to wait before trying again.
const RETRY_AFTER_SECS: u16 = 5;

/// Paths that never touch the database.
fn passes(path: &str) -> bool {
    path == "/healthz"
        || path == "/robots.txt"
        || path.starts_with("/favicon.")
        || ["/assets/", "/wasm/", "/static/"].iter().any(|p| path.starts_with(p))
}

/// The gate (runs inside the layer that provides `AppState`).
pub async fn layer(req: Request<Body>, next: Next) -> Response {
    let down = req.extensions().get::<AppState>().is_some_and(|s| !s.db_health.is_up());
    if !down || passes(req.uri().path()) {
        return next.run(req).await;
    }
    let wants_html = !req.uri().path().starts_with("/api/")
        && req.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"));
    let mut res = if wants_html { page().into_response() } else { AppError::Unavailable.into_response() };
    let h = res.headers_mut();
    h.insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECS));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// A self-contained page (no stylesheet or script that could also fail), reloading itself.
fn page() -> (StatusCode, Html<String>) {
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="{RETRY_AFTER_SECS}"><meta name="robots" content="noindex"><title>Back in a moment · Carebook</title>
<style>body{{font-family:system-ui,sans-serif;margin:0;min-height:100vh;display:grid;place-items:center;background:#f8fafc;color:#0f172a}}
main{{max-width:28rem;padding:2rem;text-align:center}}h1{{font-size:1.5rem}}p{{color:#475569;line-height:1.5}}</style></head>
<body><main><h1>Carebook will be back in a moment</h1><p>We can't reach our database right now. Nothing you already saved is lost.
This page tries again by itself every {RETRY_AFTER_SECS} seconds.</p></main></body></html>"#
    );
    (StatusCode::SERVICE_UNAVAILABLE, Html(html))
}

#[cfg(test)]
mod tests {
    #[test]
    fn health_and_static_files_pass_the_gate() {
        for p in ["/healthz", "/assets/tailwind-123.css", "/wasm/carebook_bg.wasm", "/favicon.svg", "/robots.txt"] {
            assert!(super::passes(p), "{p}");
        }
        for p in ["/", "/doctors", "/api/appointments/hold", "/sitemap.xml"] {
            assert!(!super::passes(p), "{p}");
        }
    }
}
