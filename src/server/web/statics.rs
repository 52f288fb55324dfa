//! Static responses compiled into the binary: the versioned stylesheet, favicons and robots.txt.

use axum::{
    extract::Path,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
};

use crate::app::STYLESHEET_HREF;

const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/tailwind.css"));
const FAVICON_SVG: &str = include_str!("../../../assets/favicon.svg");
const FAVICON_ICO: &[u8] = include_bytes!("../../../assets/favicon.ico");
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// `GET /static/{file}`: the stylesheet at its content-hashed name (cached forever), else 404.
pub async fn asset(Path(file): Path<String>) -> Response {
    if STYLESHEET_HREF.strip_prefix("/static/") == Some(file.as_str()) {
        ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, IMMUTABLE)], CSS).into_response()
    } else {
        (StatusCode::NOT_FOUND, "not found").into_response()
    }
}

/// `GET /favicon.svg`
pub async fn favicon_svg() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON_SVG)
}

/// `GET /favicon.ico` (browsers ask for it even with an SVG icon declared).
pub async fn favicon_ico() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "image/x-icon"), (header::CACHE_CONTROL, "public, max-age=86400")], FAVICON_ICO)
}
