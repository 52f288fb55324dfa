//! The server binary's command line: `serve` (default), `db start|stop|status|url|create|drop`, `seed`.

use std::net::SocketAddr;

use anyhow::{bail, Context, Result};

use super::config::{embedded_pg_from_env, Config, DatabaseSource};
use super::{db, seed, telemetry, AppState};

const USAGE: &str = "usage: carebook [serve]
       carebook db start|stop|status
       carebook db url [NAME]        print the embedded cluster's URL for database NAME (default carebook)
       carebook db create NAME       create database NAME on the embedded cluster if missing
       carebook db drop NAME         drop database NAME on the embedded cluster
       carebook seed                 apply migrations and load the demo data into the configured database
       carebook admin create --email EMAIL --name NAME
                                     create (or promote) an admin; the password is read from
                                     CAREBOOK_ADMIN_PASSWORD or the first line of standard input
       carebook bench argon2 THREADS SECONDS
                                     print the raw argon2 verification rate (benchmark reference)
       carebook bench seed-doctors N  add N generated approved doctors (benchmark databases only)
       carebook bench search ROUNDS   print p50 p95 p99 (ms) of the directory search over a query mix
       carebook bench slots ROUNDS    print microseconds per 60-day free-slot computation
       carebook bench booking-setup DIR N   booking bench fixtures: N slots for HTTP holds, N for pgbench";

/// Entry point for the server binary; returns the process exit code.
pub fn main() -> i32 {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let config = Config::from_env();
    let serving = matches!(args.as_slice(), [] | ["serve"]);
    let _guard = telemetry::init(&config.log_dir, !serving);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let result = runtime.block_on(async {
        match args.as_slice() {
            [] | ["serve"] => serve(config).await,
            ["db", rest @ ..] => db_command(&config, rest).await,
            ["seed"] => {
                let pool = db::connect(&config, &db::DbHealth::default()).await?;
                let added = seed::demo(&pool).await?;
                println!("seeded {added} new doctors");
                Ok(())
            }
            ["admin", "create", rest @ ..] => admin_create(&config, rest).await,
            ["bench", rest @ ..] => bench(&config, rest).await,
            ["-h" | "--help" | "help"] => {
                println!("{USAGE}");
                Ok(())
            }
            _ => bail!("unknown command\n{USAGE}"),
        }
    });
    match result {
        Ok(()) => 0,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("error: {e:#}");
            1
        }
    }
}

/// `bench …`: the benchmark fixtures and references (`cargo make bench` builds with them).
#[cfg(feature = "bench")]
async fn bench(config: &Config, args: &[&str]) -> Result<()> {
    super::bench_cli::run(config, args).await
}

#[cfg(not(feature = "bench"))]
async fn bench(_: &Config, _: &[&str]) -> Result<()> {
    bail!("the bench commands are only in builds with `--features bench` (`cargo make bench` makes one)")
}

/// How long `db start|create|drop` wait for the embedded cluster to come up (a crashed one's leftovers can
/// delay it by seconds): `CAREBOOK_PG_START_SECS`, default 60.
fn start_patience() -> std::time::Duration {
    let secs = std::env::var("CAREBOOK_PG_START_SECS").ok().and_then(|v| v.parse().ok()).unwrap_or(60);
    std::time::Duration::from_secs(secs)
}

async fn db_command(config: &Config, args: &[&str]) -> Result<()> {
    let pg = embedded_pg_from_env(&config.data_dir);
    let blocking = |f: fn(&super::embedded_pg::EmbeddedPg) -> Result<()>| {
        let pg = pg.clone();
        tokio::task::spawn_blocking(move || f(&pg))
    };
    let start = || {
        let pg = pg.clone();
        tokio::task::spawn_blocking(move || pg.ensure_running(start_patience()))
    };
    match args {
        ["start"] => {
            start().await??;
            println!("{}", pg.url("carebook")?);
        }
        ["stop"] => blocking(|pg| pg.stop()).await??,
        ["status"] => {
            let running = pg.is_running()?;
            println!("{} ({})", if running { "running" } else { "stopped" }, pg.cluster_dir().display());
        }
        ["url"] => println!("{}", pg.url("carebook")?),
        ["url", name] => println!("{}", pg.url(name)?),
        ["create", name] => {
            start().await??;
            db::create_database_if_missing(&pg.url("postgres")?, name).await?;
            println!("{}", pg.url(name)?);
        }
        ["drop", name] => {
            start().await??;
            db::drop_database(&pg.url("postgres")?, name).await?;
        }
        _ => bail!("unknown db command\n{USAGE}"),
    }
    Ok(())
}

/// `admin create --email E --name N`: the first admin of a fresh installation (or a promotion).
async fn admin_create(config: &Config, args: &[&str]) -> Result<()> {
    use crate::model::auth::{normalize_email, validate_email, validate_full_name, validate_password};
    let flag = |name: &str| args.windows(2).find(|w| w[0] == name).map(|w| w[1].to_string());
    let (Some(email), Some(name)) = (flag("--email"), flag("--name")) else {
        bail!("admin create needs --email and --name\n{USAGE}");
    };
    let email = normalize_email(&email);
    validate_email(&email).map_err(anyhow::Error::msg)?;
    validate_full_name(&name).map_err(anyhow::Error::msg)?;
    let password = match std::env::var("CAREBOOK_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_string()
        }
    };
    validate_password(&password).map_err(anyhow::Error::msg)?;
    let pool = db::connect(config, &db::DbHealth::default()).await?;
    let hash = super::auth::password::hash(password).await?;
    let id = super::accounts::upsert_admin(&pool, &email, name.trim(), &hash).await?;
    println!("admin {email} ready (id {id})");
    Ok(())
}

/// Connect, migrate, seed when configured, then serve HTTP until SIGINT/SIGTERM.
async fn serve(mut config: Config) -> Result<()> {
    let started = std::time::Instant::now();
    let health = db::DbHealth::default();
    let pool = db::connect(&config, &health).await?;
    seed::specialties(&pool).await.context("seeding specialties")?;
    if config.seed_demo {
        let added = seed::demo(&pool).await.context("seeding demo data")?;
        if added > 0 {
            tracing::info!(doctors = added, "loaded demo data");
        }
    }
    let addr: SocketAddr = dioxus::cli_config::fullstack_address_or_localhost();
    config.dev_outbox = match config.dev_outbox_allowed(addr.ip()) {
        Ok(on) => on,
        Err(why) => {
            tracing::error!("{why}");
            false
        }
    };
    let dev_gateway =
        config.payments.gateway.as_ref().is_some_and(|g| g.provider == crate::model::payment::PaymentProvider::Dev);
    if dev_gateway && !(config.dev_mode && addr.ip().is_loopback()) {
        tracing::error!(
            "the development payment gateway stays off: this server listens on {}, not on loopback",
            addr.ip()
        );
        config.payments.gateway = None;
    } else if dev_gateway {
        tracing::warn!("development mode: online payments go to the test gateway at /dev/gateway (no real money)");
    }
    if config.payments.sslcommerz_is_dev() && !(config.dev_mode && addr.ip().is_loopback()) {
        tracing::error!("the development SSLCommerz stand-in stays off: this server listens on {}", addr.ip());
        config.payments.sslcommerz = None;
    } else if config.payments.sslcommerz_is_dev() {
        tracing::warn!("development mode: taka payments go to the test SSLCommerz at /dev/sslcommerz (no real money)");
    }
    if config.dev_outbox {
        tracing::warn!("development mode: recorded mail is shown at /dev/outbox (loopback only)");
    }
    let listener = super::web::listen(addr).await.with_context(|| format!("binding {addr}"))?;
    let source = match &config.database {
        DatabaseSource::External(_) => "DATABASE_URL".to_string(),
        DatabaseSource::Embedded { pg, name } => {
            format!("embedded cluster {} db {name}", pg.cluster_dir().display())
        }
    };
    print_banner(&config, &source, addr);
    tracing::info!(%addr, elapsed_ms = started.elapsed().as_millis() as u64, "Carebook is ready");
    if let Some(url) = &config.smtp_url {
        let smtp = super::mail::smtp_from_url(&url.0).context("CAREBOOK_SMTP_URL")?;
        let from = config.mail_from.parse().context("CAREBOOK_MAIL_FROM is not a valid mailbox")?;
        super::mail::spawn_worker(pool.clone(), smtp, from, std::time::Duration::from_secs(2));
        tracing::info!("mail: delivering the outbox over SMTP");
    }
    // The embedded cluster is restarted if it crashes; any database is watched, so that requests get a 503
    // at once while it is unreachable and the pool drops its dead connections when it is back.
    if let DatabaseSource::Embedded { pg, .. } = &config.database {
        pg.clone().supervise(health.clone());
    }
    health.spawn_watcher(pool.clone());
    let state = AppState::with_health(pool.clone(), config, std::sync::Arc::new(super::clock::SystemClock), health);
    // The jobs decide with the same clock as the requests.
    super::housekeeping::spawn(pool.clone(), state.clock.clone(), std::time::Duration::from_secs(600));
    super::booking::jobs::spawn(pool.clone(), state.clock.clone(), state.config.jobs_every, state.config.auto_complete);
    super::payments::reconcile::spawn(state.clone(), state.config.jobs_every);
    // Follow-ups of committed changes (emails, notices, receipts): picked up within a second.
    super::jobs::spawn(state.clone(), std::time::Duration::from_secs(1));
    super::scheduling::soonest::spawn(pool.clone(), state.clock.clone(), std::time::Duration::from_secs(15));
    state.schedule.spawn_listener(pool);
    let app = super::router(state);
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    tracing::info!("server stopped");
    Ok(())
}

fn print_banner(config: &Config, source: &str, addr: SocketAddr) {
    println!("\n  Carebook is running at http://{addr}  (database: {source})");
    if config.seed_demo {
        println!("  Demo accounts (password: {}):", seed::DEMO_PASSWORD);
        for (email, role, _) in seed::DEMO_ACCOUNTS {
            println!("    {:<8} {email}", role.as_str());
        }
    }
    println!();
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}
