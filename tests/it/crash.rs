//! Crash tests, bounded in time and on loopback only, with real processes and real signals: the embedded
//! Postgres killed under booking load (nothing acknowledged is lost, the app restarts it and serves again
//! within 5 s of it), one of two app instances killed under load (the other never errors, held slots still
//! expire on time), and a database that refuses connections when the app starts (it says so and retries).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use carebook::server::embedded_pg::EmbeddedPg;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::process::*;

/// The embedded cluster a test made for itself; stopped at once (and its files removed) when dropped.
pub struct OwnCluster(pub EmbeddedPg);

impl Drop for OwnCluster {
    fn drop(&mut self) {
        let dir = self.0.cluster_dir();
        let mut stop = if unsafe { libc::geteuid() } == 0 {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(self.0.bin_dir.join("pg_ctl"));
            c
        } else {
            std::process::Command::new(self.0.bin_dir.join("pg_ctl"))
        };
        let _ = stop.arg("-D").arg(&dir).args(["-m", "immediate", "-w", "stop"]).output();
        let _ = std::fs::remove_dir_all(&dir);
    }
}

fn postmaster_pid(pg: &EmbeddedPg) -> i32 {
    let text = std::fs::read_to_string(pg.cluster_dir().join("postmaster.pid")).expect("postmaster.pid");
    text.lines().next().unwrap().trim().parse().unwrap()
}

/// A plain connection to `url` with `select 1` answered.
async fn answers(url: &str) -> bool {
    use sqlx::Connection;
    let attempt = async {
        let mut c = sqlx::PgConnection::connect(url).await?;
        sqlx::query("select 1").execute(&mut c).await?;
        c.close().await
    };
    matches!(tokio::time::timeout(Duration::from_secs(1), attempt).await, Ok(Ok(())))
}

fn acknowledged(answers: &[Answer]) -> Vec<Uuid> {
    answers.iter().filter_map(|a| a.id).collect()
}

#[tokio::test]
async fn killing_the_embedded_postgres_loses_no_acknowledged_hold_and_the_app_restarts_it() {
    let dir = scratch_dir("crash-postmaster");
    let (pg_port, http_port) = (free_port(), free_port());
    let pg = EmbeddedPg {
        data_dir: dir.clone(),
        port: pg_port,
        bin_dir: PathBuf::from(std::env::var("CAREBOOK_PG_BIN").unwrap_or("/usr/lib/postgresql/15/bin".into())),
    };
    let _cluster = OwnCluster(pg.clone());
    let env = [("CAREBOOK_PG_PORT", pg_port.to_string()), ("CAREBOOK_SEED", "1".into())];
    let mut app = App::start(&dir, "app", http_port, &env);
    app.wait_healthy(Duration::from_secs(90)).await;
    let url = pg.url("carebook").unwrap();
    let db = PgPool::connect(&url).await.unwrap();
    let requests = hold_requests(&db, chrono::Utc::now()).await;
    db.close().await;
    assert!(requests.len() > 5_000, "enough free slots for the load: {}", requests.len());

    let load = Load::start(vec![app.base.clone()], requests, 8);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let killed_at = Instant::now();
    let pid = postmaster_pid(&pg);
    assert_eq!(unsafe { libc::kill(pid, libc::SIGKILL) }, 0, "SIGKILL the postmaster");
    // Hold its port for a moment, as a stray process could: the restart must wait and retry, not give up.
    let squatter = std::net::TcpListener::bind(("127.0.0.1", pg_port)).ok();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    drop(squatter);
    let db_back = loop {
        if answers(&url).await {
            break Instant::now();
        }
        assert!(killed_at.elapsed() < Duration::from_secs(60), "the app never restarted Postgres:\n{}", app.log_text());
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    // Keep booking for a while with the database back: the app must serve again within 5 s of it.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let healthy = reqwest::get(format!("{}/healthz", app.base)).await.map(|r| r.status().as_u16());
    let answers = load.finish().await;
    let first_ok_after = answers.iter().find(|a| a.sent >= db_back && a.status == Some(200));
    let recovery = first_ok_after.map(|a| a.sent + a.took - db_back);
    eprintln!(
        "postmaster killed: database back after {:?} (restarted by the app), app booking again {:?} after that; \
         {} holds acknowledged, statuses {:?}",
        db_back - killed_at,
        recovery,
        acknowledged(&answers).len(),
        status_counts(&answers)
    );
    assert_eq!(healthy.ok(), Some(200), "healthz 6 s after the database came back:\n{}", app.log_text());
    let recovery = recovery.expect("a hold acknowledged after the database came back");
    assert!(recovery < Duration::from_secs(5), "the app took {recovery:?} to serve again");
    for a in &answers {
        assert!(
            matches!(a.status, Some(200 | 409 | 503)),
            "every answer is a booking, a conflict or a clear 503: {a:?}"
        );
        assert!(a.took < Duration::from_secs(8), "no request hangs through the outage: {a:?}");
    }
    assert!(answers.iter().any(|a| a.status == Some(503)), "the outage was seen");
    assert!(app.is_running());

    let db = PgPool::connect(&url).await.unwrap();
    let ids = acknowledged(&answers);
    assert!(ids.len() > 100, "the load booked: {}", ids.len());
    assert_eq!(existing(&db, &ids).await, ids.len(), "every hold answered 200 survived the crash");
    assert_eq!(overlapping_pairs(&db).await, 0);
    db.close().await;
    drop(app);
}

#[tokio::test]
async fn db_start_reports_a_server_that_cannot_stay_up_and_succeeds_once_it_can() {
    let dir = scratch_dir("crash-db-start");
    let port = free_port();
    let pg = EmbeddedPg {
        data_dir: dir.clone(),
        port,
        bin_dir: PathBuf::from(std::env::var("CAREBOOK_PG_BIN").unwrap_or("/usr/lib/postgresql/15/bin".into())),
    };
    let _cluster = OwnCluster(pg.clone());
    let db_start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_carebook"))
            .args(["db", "start"])
            .env_remove("DATABASE_URL")
            .env("CAREBOOK_DATA_DIR", &dir)
            .env("CAREBOOK_LOG_DIR", dir.join("logs"))
            .env("CAREBOOK_PG_PORT", port.to_string())
            .env("CAREBOOK_PG_START_SECS", "3")
            .output()
            .unwrap()
    };
    // Something else holds the port: Postgres exits at once, and `db start` says so instead of "started".
    let squatter = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let out = db_start();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "db start reported success: {err}");
    assert!(err.contains("did not come up within 3s") && err.contains("could not"), "{err}");
    assert!(!pg.is_running().unwrap());
    drop(squatter);
    let out = db_start();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("postgres://"));
    assert!(pg.is_running().unwrap() && pg.postmaster_alive());
}

fn status_counts(answers: &[Answer]) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for a in answers {
        *counts.entry(a.status.map_or("no answer".to_string(), |s| s.to_string())).or_default() += 1;
    }
    counts
}

/// The URL of the database `pool` uses (the test's own, made by `#[sqlx::test]`).
fn url_of(pool: &PgPool) -> String {
    let master = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let name = pool.connect_options().get_database().unwrap().to_string();
    let (base, _) = master.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

#[sqlx::test]
async fn killing_one_of_two_instances_under_load_loses_nothing_and_the_other_never_errors(pool: PgPool) {
    let dir = scratch_dir("crash-instance");
    let url = url_of(&pool);
    let hold_secs = 6;
    let env = |seed: &str| {
        [
            ("DATABASE_URL", url.clone()),
            ("CAREBOOK_SEED", seed.to_string()),
            ("CAREBOOK_HOLD_SECS", hold_secs.to_string()),
            ("CAREBOOK_JOBS_EVERY_SECS", "1".into()),
        ]
    };
    let mut a = App::start(&dir, "a", free_port(), &env("1"));
    a.wait_healthy(Duration::from_secs(60)).await;
    let mut b = App::start(&dir, "b", free_port(), &env("0"));
    b.wait_healthy(Duration::from_secs(60)).await;
    let requests = hold_requests(&pool, chrono::Utc::now()).await;

    let load = Load::start(vec![a.base.clone(), b.base.clone()], requests, 8);
    tokio::time::sleep(Duration::from_millis(1500)).await;
    a.kill();
    let killed_at = Instant::now();
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let answers = load.finish().await;
    let last_sent = answers.last().unwrap().sent;
    eprintln!("instance A killed; statuses {:?}", status_counts(&answers));

    let (on_a, on_b): (Vec<&Answer>, Vec<&Answer>) = answers.iter().partition(|x| x.target == 0);
    assert!(on_a.iter().any(|x| x.status == Some(200)) && on_b.iter().any(|x| x.status == Some(200)), "both booked");
    for x in &on_b {
        assert!(matches!(x.status, Some(200 | 409)), "the surviving instance never errors: {x:?}\n{}", b.log_text());
    }
    assert!(on_b.iter().any(|x| x.sent > killed_at && x.status == Some(200)), "B kept booking after A died");
    let ids = acknowledged(&answers);
    assert_eq!(existing(&pool, &ids).await, ids.len(), "every acknowledged hold exists");
    assert_eq!(overlapping_pairs(&pool).await, 0);

    // Nobody confirms these holds: B's job releases all of them, A's included, once they run out.
    let deadline = last_sent + Duration::from_secs(hold_secs + 6);
    loop {
        let held: i64 = sqlx::query_scalar("select count(*) from appointments where status = 'held'")
            .fetch_one(&pool)
            .await
            .unwrap();
        if held == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{held} holds outlived their time:\n{}", b.log_text());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let early: i64 = sqlx::query_scalar(
        "select count(*) from appointments a join appointment_events e on e.appointment_id = a.id
          where e.to_status = 'expired' and e.at < a.hold_expires_at - interval '50 milliseconds'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(early, 0, "no hold was released before its time");
    assert!(b.is_running());
}

#[sqlx::test]
async fn a_database_that_refuses_connections_at_start_is_waited_for_with_a_clear_message(pool: PgPool) {
    let dir = scratch_dir("crash-refused");
    let real = pool.connect_options().get_port();
    let closed = free_port();
    let url = url_of(&pool).replacen(&format!(":{real}/"), &format!(":{closed}/"), 1);
    let mut app = App::start(&dir, "app", free_port(), &[("DATABASE_URL", url), ("CAREBOOK_SEED", "0".into())]);
    // It says what is wrong and keeps trying (no panic, no exit).
    let said = Instant::now();
    while app.log_text().matches("is not accepting connections").count() < 2 {
        assert!(app.is_running(), "the server exited:\n{}", app.log_text());
        assert!(said.elapsed() < Duration::from_secs(10), "no clear message:\n{}", app.log_text());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let log = app.log_text();
    assert!(log.contains(&format!("127.0.0.1:{closed}")) && log.contains("retrying in"), "{log}");
    assert!(!log.contains("panicked"), "{log}");
    // The database appears on that port (a forwarder to the real one): the app connects and serves.
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", closed)).await.unwrap();
    let forwarder = tokio::spawn(async move {
        loop {
            let (mut inbound, _) = listener.accept().await.unwrap();
            tokio::spawn(async move {
                let mut outbound = tokio::net::TcpStream::connect(("127.0.0.1", real)).await.unwrap();
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            });
        }
    });
    app.wait_healthy(Duration::from_secs(20)).await;
    forwarder.abort();
}
