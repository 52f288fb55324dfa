//! The client bundle under `/assets/…` (dx's public dir): each file's brotli or gzip variant, made at
//! build time (`scripts/build.sh client`), is chosen by `Accept-Encoding`; content-hashed names are cached
//! for a year as immutable, anything else is revalidated. Everything else the server answers (pages, API
//! JSON) is compressed on the fly when it is worth it ([`compression`]).

use std::path::Path;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use dioxus::server::FullstackState;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// What a hashed asset may be cached as: forever, never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether a bundle file name carries its content hash (dx names them `name-dxh<hash>.ext`).
fn is_hashed(path: &str) -> bool {
    path.rsplit('/').next().is_some_and(|name| name.contains("-dxh"))
}

/// Mount `/assets` from `public/assets`, with the precompressed variants and the cache headers.
pub fn mount(routes: Router<FullstackState>, public: &Path) -> Router<FullstackState> {
    let files = ServeDir::new(public.join("assets")).precompressed_br().precompressed_gzip();
    routes.nest_service("/assets", files).layer(axum::middleware::from_fn(cache_headers))
}

/// Cache-Control (and `Vary`) for `/assets/…` answers; other paths pass untouched.
async fn cache_headers(req: Request<Body>, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let mut res = next.run(req).await;
    if path.starts_with("/assets/") && res.status().is_success() {
        let h = res.headers_mut();
        let policy = if is_hashed(&path) { IMMUTABLE } else { "no-cache" };
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
        h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    res
}

/// On-the-fly compression for everything not precompressed (pages, API JSON, the stylesheet): brotli or
/// gzip as the client accepts, at fast levels (these are made per request), and only for bodies of 1 KB or
/// more (smaller ones gain less than the headers cost). Responses that already carry `Content-Encoding`
/// (the precompressed bundle) and images are left alone.
pub fn compression() -> CompressionLayer<impl Predicate> {
    CompressionLayer::new()
        .br(true)
        .gzip(true)
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(SizeAbove::new(1024)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert!(super::is_hashed("/assets/carebook_bg-dxh6a3c43b5aa5ac5.wasm"));
        assert!(super::is_hashed("/assets/carebook-dxhc7f6b0131542efdc.js"));
        assert!(!super::is_hashed("/assets/manifest.json"));
        assert!(!super::is_hashed("/assets-dxh/readme.txt"));
    }
}
