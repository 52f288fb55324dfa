//! The HTTP surface: the Dioxus app (SSR + server functions + the wasm bundle) plus plain axum routes
//! for health, static files and crawlers, wrapped in the cross-cutting layers.

mod assets;
#[cfg(feature = "bench")]
mod bench_reference;
mod calendar;
mod documents;
mod edge;
mod exports;
mod health;
mod oidc;
mod photos;
mod security;
mod seo;
mod sslcommerz;
mod statics;
mod unavailable;
mod webhooks;

use axum::{routing::get, Extension, Router};
use dioxus::server::{DioxusRouterExt, FullstackState, ServeConfig};
use tower_http::trace::TraceLayer;

use super::AppState;

/// The HTTP listener: every accepted connection has Nagle's algorithm off (`TCP_NODELAY`). A server
/// rendered page is written in several parts; with Nagle on, each part after the first waited for the
/// client's delayed ACK, which stalled every page after the first on a keep-alive connection by 40 ms.
pub type HttpListener = axum::serve::TapIo<tokio::net::TcpListener, fn(&mut tokio::net::TcpStream)>;

/// Bind the HTTP listener on `addr` (see [`HttpListener`]).
pub async fn listen(addr: std::net::SocketAddr) -> std::io::Result<HttpListener> {
    use axum::serve::ListenerExt;
    let nodelay: fn(&mut tokio::net::TcpStream) = |tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::debug!(%err, "could not set TCP_NODELAY on an accepted connection");
        }
    };
    Ok(tokio::net::TcpListener::bind(addr).await?.tap_io(nodelay))
}

/// Build the whole application router for `state`. Plain routes take priority over the SSR fallback.
pub fn router(state: AppState) -> Router {
    let routes = Router::<FullstackState>::new()
        .route("/healthz", get(health::healthz))
        .route("/static/{file}", get(statics::asset))
        .route("/favicon.ico", get(statics::favicon_ico))
        .route("/favicon.svg", get(statics::favicon_svg))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route(
            "/api/account/photo",
            axum::routing::post(photos::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::model::profile::PHOTO_MAX_BYTES)),
        )
        .route("/media/users/{id}/photo", get(photos::download))
        .route(
            "/api/applications/documents",
            axum::routing::post(documents::upload)
                .layer(axum::extract::DefaultBodyLimit::max(crate::model::application::DOCUMENT_MAX_BYTES)),
        )
        .route("/api/doctor-documents/{id}", get(documents::download))
        .route("/api/appointments/{id}/ics", get(calendar::appointment))
        .route("/api/admin/payments.csv", get(exports::payments_csv))
        .route("/calendar/{file}", get(calendar::feed))
        .route("/auth/oidc/start", get(oidc::start))
        .route("/auth/oidc/callback", get(oidc::callback))
        .route(
            "/webhooks/{provider}",
            axum::routing::post(webhooks::receive).layer(axum::extract::DefaultBodyLimit::max(webhooks::MAX_BODY)),
        )
        .route("/payments/sslcommerz/ipn", axum::routing::post(sslcommerz::ipn))
        .route("/payments/sslcommerz/{kind}", axum::routing::post(sslcommerz::back));
    // The development-only test gateway, when it is this instance's gateway (development mode, loopback).
    let routes = match &state.config.payments.gateway {
        Some(g) if g.provider == crate::model::payment::PaymentProvider::Dev => {
            use crate::server::payments::{dev_gateway, DEV_SECRET_KEY, DEV_WEBHOOK_SECRET};
            let public = &state.config.public_url;
            let config = dev_gateway::FakeConfig {
                base: format!("{public}/dev/gateway"),
                secret_key: DEV_SECRET_KEY.into(),
                webhook_secret: DEV_WEBHOOK_SECRET.into(),
                webhook_url: Some(format!("{public}/webhooks/dev")),
            };
            routes.nest_service("/dev/gateway", dev_gateway::router(config, dev_gateway::FakeState::default()))
        }
        _ => routes,
    };
    // Its SSLCommerz counterpart for taka fees, under the same conditions.
    let routes = if state.config.payments.sslcommerz_is_dev() {
        use crate::server::payments::{dev_sslcommerz, DEV_SSLCOMMERZ_PASSWORD, DEV_SSLCOMMERZ_STORE_ID};
        let config = dev_sslcommerz::FakeConfig {
            base: format!("{}/dev/sslcommerz", state.config.public_url),
            store_id: DEV_SSLCOMMERZ_STORE_ID.into(),
            store_password: DEV_SSLCOMMERZ_PASSWORD.into(),
            deliver_ipn: true,
        };
        routes.nest_service("/dev/sslcommerz", dev_sslcommerz::router(config, dev_sslcommerz::FakeState::default()))
    } else {
        routes
    };
    // The benchmark's reference handlers exist only in `--features bench` builds, mounted on request.
    #[cfg(feature = "bench")]
    let routes = if std::env::var("CAREBOOK_BENCH_REFERENCE").is_ok_and(|v| v == "1") {
        routes
            .route("/bench/reference/doctors", get(bench_reference::doctors))
            .route("/bench/reference/doctors-minimal", get(bench_reference::doctors_minimal))
    } else {
        routes
    };
    // The wasm bundle comes from dx's public/ dir (ServeConfig reads its index.html); without one (unit and
    // integration tests) the server renders pages and answers server functions only.
    let routes = match &state.config.public_dir {
        Some(public) if public.join("assets").is_dir() => assets::mount(routes, public),
        _ => routes,
    };
    let app = routes.serve_api_application(ServeConfig::new(), crate::app::App);
    // Layers run outside-in from the last one added: trace → compression → state → impossible addresses →
    // database gate → CSRF/body limit/headers → app.
    app.layer(axum::middleware::from_fn(security::layer))
        .layer(axum::middleware::from_fn(unavailable::layer))
        .layer(axum::middleware::from_fn(edge::layer))
        .layer(Extension(state))
        .layer(assets::compression())
        // Spans name the path only: query strings carry one-time tokens (email links) and search terms.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<axum::body::Body>| {
            tracing::debug_span!("request", method = %req.method(), path = %req.uri().path())
        }))
}

#[cfg(test)]
mod tests {
    use axum::serve::Listener;

    #[tokio::test]
    async fn accepted_connections_have_nagle_off() {
        let mut listener = super::listen("127.0.0.1:0".parse().unwrap()).await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (accepted, client) = tokio::join!(listener.accept(), tokio::net::TcpStream::connect(addr));
        client.unwrap();
        assert!(accepted.0.nodelay().unwrap(), "TCP_NODELAY is not set on the accepted connection");
    }
}
