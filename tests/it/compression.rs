//! Bytes on the wire: the bundle's precompressed variants chosen by `Accept-Encoding` (brotli, then gzip,
//! else the file itself), content-hashed names cached for a year as immutable, pages and API JSON
//! compressed on the fly when large enough, and nothing compressed for a client that asks for nothing.

use axum::body::Body;
use axum::http::Request;
use sqlx::PgPool;

use crate::common::{seed, send, test_config, test_router_with_config, TestResponse};

/// A public dir like dx's, with each file's precompressed variants (marked so the test can tell which one
/// was sent).
fn bundle() -> std::path::PathBuf {
    let dir = crate::common::process::scratch_dir("bundle");
    let assets = dir.join("assets");
    std::fs::create_dir_all(&assets).unwrap();
    for (name, body) in [
        ("carebook_bg-dxh0123456789abcdef.wasm", "\0asm wasm bytes"),
        ("carebook-dxh0123456789abcdef.js", "export function run() {}"),
        ("style-dxhfedcba9876543210.css", "body{margin:0}"),
        ("manifest.json", "{}"),
    ] {
        std::fs::write(assets.join(name), body).unwrap();
        std::fs::write(assets.join(format!("{name}.br")), format!("br:{name}")).unwrap();
        std::fs::write(assets.join(format!("{name}.gz")), format!("gz:{name}")).unwrap();
    }
    dir
}

async fn fetch(router: &axum::Router, path: &str, accept_encoding: Option<&str>) -> TestResponse {
    let mut req = Request::get(path).header("accept", "text/html,application/json,*/*");
    if let Some(e) = accept_encoding {
        req = req.header("accept-encoding", e);
    }
    send(router, req.body(Body::empty()).unwrap()).await
}

#[sqlx::test]
async fn the_bundle_is_served_precompressed_and_immutable_and_pages_compressed_on_the_fly(pool: PgPool) {
    seed(&pool).await;
    let mut config = test_config();
    config.public_dir = Some(bundle());
    let router = test_router_with_config(pool, config);

    for name in
        ["carebook_bg-dxh0123456789abcdef.wasm", "carebook-dxh0123456789abcdef.js", "style-dxhfedcba9876543210.css"]
    {
        let path = format!("/assets/{name}");
        let br = fetch(&router, &path, Some("gzip, deflate, br")).await;
        assert_eq!(br.status, 200, "{path}");
        assert_eq!((br.header("content-encoding"), br.body.as_str()), ("br", format!("br:{name}").as_str()), "{path}");
        assert_eq!(br.header("cache-control"), "public, max-age=31536000, immutable", "{path}");
        assert!(br.header("vary").to_ascii_lowercase().contains("accept-encoding"), "{path}");
        let gz = fetch(&router, &path, Some("gzip")).await;
        assert_eq!((gz.header("content-encoding"), gz.body.as_str()), ("gzip", format!("gz:{name}").as_str()));
        let plain = fetch(&router, &path, None).await;
        assert_eq!(plain.header("content-encoding"), "", "{path}: nothing asked for, nothing compressed");
        assert!(!plain.body.starts_with("br:") && !plain.body.starts_with("gz:"), "{path}");
    }
    // A name without a content hash is revalidated, not cached forever.
    let manifest = fetch(&router, "/assets/manifest.json", Some("br")).await;
    assert_eq!(manifest.header("cache-control"), "no-cache");

    // Server-rendered HTML: compressed on the fly when asked, never cached by shared caches.
    let page = fetch(&router, "/doctors?q=cardiology", Some("br")).await;
    assert_eq!((page.status.as_u16(), page.header("content-encoding")), (200, "br"));
    assert!(page.header("cache-control").contains("no-cache"));
    let gz_page = fetch(&router, "/doctors?q=cardiology", Some("gzip")).await;
    assert_eq!(gz_page.header("content-encoding"), "gzip");
    let plain_page = fetch(&router, "/doctors?q=cardiology", None).await;
    assert_eq!(plain_page.header("content-encoding"), "");
    assert!(plain_page.body.contains("Dr. Amara Okafor"));
    assert!(page.body.len() < plain_page.body.len(), "{} vs {} bytes", page.body.len(), plain_page.body.len());
    // API JSON too; a tiny answer is not worth it.
    let api = fetch(&router, "/api/home", Some("br")).await;
    assert_eq!(api.header("content-encoding"), "br");
    let tiny = fetch(&router, "/healthz", Some("br")).await;
    assert_eq!(tiny.header("content-encoding"), "", "under 1 KB stays as it is");
}
