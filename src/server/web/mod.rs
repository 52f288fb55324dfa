//! The HTTP surface: the Dioxus app (SSR + server functions + the wasm bundle) plus plain axum routes
//! for health, static files and crawlers, wrapped in the cross-cutting layers.

mod health;
mod oidc;
mod photos;
mod security;
mod statics;

use std::path::PathBuf;

use axum::{routing::get, Extension, Router};
use dioxus::server::{DioxusRouterExt, FullstackState, ServeConfig};
use tower_http::trace::TraceLayer;

use super::AppState;

/// Build the whole application router for `state`. Plain routes take priority over the SSR fallback.
pub fn router(state: AppState) -> Router {
    let routes = Router::<FullstackState>::new()
        .route("/healthz", get(health::healthz))
        .route("/static/{file}", get(statics::asset))
        .route("/favicon.ico", get(statics::favicon_ico))
        .route("/favicon.svg", get(statics::favicon_svg))
        .route("/robots.txt", get(statics::robots))
        .route(
            "/api/account/photo",
            axum::routing::post(photos::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::model::profile::PHOTO_MAX_BYTES)),
        )
        .route("/media/users/{id}/photo", get(photos::download))
        .route("/auth/oidc/start", get(oidc::start))
        .route("/auth/oidc/callback", get(oidc::callback));
    // The wasm bundle and index.html come from dx's public/ dir; without one (unit and integration
    // tests), serve SSR + server functions only.
    let app = if public_dir().is_some_and(|p| p.join("index.html").exists()) {
        routes.serve_dioxus_application(ServeConfig::new(), crate::app::App)
    } else {
        routes.serve_api_application(ServeConfig::new(), crate::app::App)
    };
    // Layers run outside-in from the last one added: trace → state → CSRF/body limit/headers → app.
    app.layer(axum::middleware::from_fn(security::layer)).layer(Extension(state)).layer(TraceLayer::new_for_http())
}

/// Where Dioxus looks for the client bundle: `$DIOXUS_PUBLIC_PATH`, else `public/` beside the binary.
fn public_dir() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("DIOXUS_PUBLIC_PATH") {
        return Some(PathBuf::from(p));
    }
    Some(std::env::current_exe().ok()?.parent()?.join("public"))
}
