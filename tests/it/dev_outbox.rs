//! The development outbox (every sign-in and reset link) is never served by accident: a server with the
//! embedded database bound to a non-loopback address refuses it and says so at start; the same server in
//! development mode on loopback serves it; and without development mode the router answers 404.

use std::path::PathBuf;
use std::time::Duration;

use carebook::server::embedded_pg::EmbeddedPg;
use sqlx::PgPool;

use crate::common::process::*;
use crate::common::{get, test_config, test_router_with_config};

#[sqlx::test]
async fn without_development_mode_the_outbox_is_a_404_in_the_apis_format(pool: PgPool) {
    let mut config = test_config();
    config.dev_outbox = false;
    let router = test_router_with_config(pool, config);
    let res = get(&router, "/api/dev/outbox").await;
    assert_eq!(res.status, 404);
    assert_eq!(res.json()["data"]["kind"], "not_found");
}

#[tokio::test]
async fn an_embedded_database_server_on_a_non_loopback_address_refuses_the_outbox() {
    let dir = scratch_dir("dev-outbox");
    let (pg_port, http_port) = (free_port(), free_port());
    let pg = EmbeddedPg {
        data_dir: dir.clone(),
        port: pg_port,
        bin_dir: PathBuf::from(std::env::var("CAREBOOK_PG_BIN").unwrap_or("/usr/lib/postgresql/15/bin".into())),
    };
    let _cluster = crate::crash::OwnCluster(pg.clone());
    let env = |ip: &str| {
        [
            ("CAREBOOK_PG_PORT", pg_port.to_string()),
            ("CAREBOOK_DEV", "1".to_string()),
            ("CAREBOOK_DEV_OUTBOX", "1".to_string()),
            ("CAREBOOK_SEED", "0".to_string()),
            ("IP", ip.to_string()),
        ]
    };
    // Listening on every interface (reached here through loopback): refused, and the log says why.
    let mut open = App::start(&dir, "open", http_port, &env("0.0.0.0"));
    open.wait_healthy(Duration::from_secs(90)).await;
    let res = reqwest::get(format!("{}/api/dev/outbox", open.base)).await.unwrap();
    assert_eq!(res.status(), 404);
    assert!(open.log_text().contains("development mail outbox stays off"), "{}", open.log_text());
    drop(open);
    // The same server on loopback in development mode: served.
    let mut local = App::start(&dir, "local", http_port, &env("127.0.0.1"));
    local.wait_healthy(Duration::from_secs(30)).await;
    let res = reqwest::get(format!("{}/api/dev/outbox", local.base)).await.unwrap();
    assert_eq!(res.status(), 200);
}
