//! Real server processes for crash tests: `carebook serve` started from the built binary on loopback ports,
//! killed with real signals, and a booking load driven over HTTP against it. Everything a test starts is
//! stopped when its guard drops, also when the test fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use carebook::server::auth::session::{self, ClientInfo, Lifetime};
use carebook::server::scheduling::rules;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

/// A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A fresh directory for one test's files under cargo's temp dir for integration tests.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // The embedded cluster runs as `postgres` when the tests run as root: it must be able to enter.
    std::fs::set_permissions(&dir, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    dir
}

/// A running `carebook serve`; killed (SIGKILL) when dropped.
pub struct App {
    child: Child,
    pub base: String,
    pub log: PathBuf,
}

impl App {
    /// Start the server binary on `port` with `env` (on top of a clean slate: no DATABASE_URL unless given,
    /// no client bundle), logging to `dir/<name>.log`.
    pub fn start(dir: &Path, name: &str, port: u16, env: &[(&str, String)]) -> App {
        let log = dir.join(format!("{name}.log"));
        let out = std::fs::File::create(&log).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_carebook"));
        cmd.arg("serve")
            .env_remove("DATABASE_URL")
            .env("IP", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("CAREBOOK_DATA_DIR", dir)
            .env("CAREBOOK_LOG_DIR", dir.join(format!("{name}-logs")))
            .env("DIOXUS_PUBLIC_PATH", dir.join("no-client-bundle"))
            .env("CAREBOOK_DEV_OUTBOX", "0")
            .env("RUST_LOG", "info")
            // The load drivers' few patients hold thousands of times each, all from loopback; the per-patient
            // cap and the per-address limit have their own tests.
            .env("CAREBOOK_MAX_OPEN_HOLDS", "1000000")
            .env("CAREBOOK_HOLDS_PER_IP", "0")
            .stdin(Stdio::null())
            .stdout(out.try_clone().unwrap())
            .stderr(out);
        for (k, v) in env {
            cmd.env(k, v);
        }
        App { child: cmd.spawn().expect("start carebook serve"), base: format!("http://127.0.0.1:{port}"), log }
    }

    /// Wait until `/healthz` answers 200 (panics with the server's log after `within`).
    pub async fn wait_healthy(&mut self, within: Duration) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the server exited ({status}) before it was healthy:\n{}", self.log_text());
            }
            let ok = client.get(format!("{}/healthz", self.base)).timeout(Duration::from_secs(2)).send().await;
            if ok.is_ok_and(|r| r.status() == 200) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the server was not healthy within {within:?}:\n{}", self.log_text());
    }

    /// Whether the process is still running (it has not exited or panicked its way out).
    pub fn is_running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// SIGKILL the process, as a crash would end it.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Make the demo doctors bookable around the clock (no notice, no cap, no approval), give each a patient
/// with a session, and return hold requests (cookie, body) for the next two weeks' free slots, interleaved
/// across doctors so that consecutive requests go to different doctors.
pub async fn hold_requests(db: &PgPool, now: DateTime<Utc>) -> Vec<(String, Value)> {
    sqlx::raw_sql(
        "update doctors set min_notice_minutes = 0, horizon_days = 365, daily_cap = null, approval_required = false
           where status = 'approved';
         delete from availability_intervals where doctor_id in (select id from doctors where status = 'approved');
         insert into availability_intervals (doctor_id, weekday, start_time, end_time)
           select d.id, w, '00:00', '23:59' from doctors d, generate_series(1, 7) w where d.status = 'approved';",
    )
    .execute(db)
    .await
    .unwrap();
    let doctors: Vec<Uuid> =
        sqlx::query_scalar("select id from doctors where status = 'approved' and listed order by slug")
            .fetch_all(db)
            .await
            .unwrap();
    let life = Lifetime { idle: chrono::Duration::days(1), absolute: chrono::Duration::days(2) };
    let mut lists = Vec::new();
    for (i, id) in doctors.iter().enumerate() {
        let Some(doctor) = rules::doctor(db, *id).await.unwrap() else { continue };
        let types = rules::types(db, *id).await.unwrap();
        let Some(kind) = types.into_iter().find(|t| t.mode == carebook::model::booking::ConsultationMode::InPerson)
        else {
            continue;
        };
        let location = rules::locations(db, *id).await.unwrap().first().map(|l| l.0);
        let patient: Uuid = sqlx::query_scalar(
            "insert into users (email, full_name, role, email_verified_at, time_zone)
             values ($1, $2, 'patient', $3, 'UTC') returning id",
        )
        .bind(format!("crash-patient-{i}@example.test"))
        .bind(format!("Crash Patient {i}"))
        .bind(now)
        .fetch_one(db)
        .await
        .unwrap();
        let token = session::create(db, patient, life, false, &ClientInfo::default(), now).await.unwrap().token;
        let r = rules::rules(db, &doctor, &kind, location, now).await.unwrap();
        let today = now.with_timezone(&doctor.tz).date_naive();
        let slots = rules::free(
            db,
            &doctor,
            &r,
            today + chrono::Duration::days(1),
            today + chrono::Duration::days(14),
            now,
            None,
        )
        .await
        .unwrap();
        let requests: Vec<(String, Value)> = slots
            .iter()
            .map(|s| {
                let body = json!({ "doctor_id": doctor.id, "type_id": kind.id, "location": location, "start": s.start,
                                   "key": Uuid::new_v4().simple().to_string() });
                (format!("carebook_session={token}"), body)
            })
            .collect();
        lists.push(requests);
    }
    let longest = lists.iter().map(Vec::len).max().unwrap_or(0);
    (0..longest).flat_map(|k| lists.iter().filter_map(move |l| l.get(k).cloned())).collect()
}

/// One answer the load got.
#[derive(Debug, Clone)]
pub struct Answer {
    /// Which target it went to (index into the bases given to [`Load::start`]).
    pub target: usize,
    pub sent: Instant,
    pub took: Duration,
    /// The HTTP status, or None when no HTTP answer came (connection refused or reset, timeout).
    pub status: Option<u16>,
    /// The appointment the server acknowledged (200).
    pub id: Option<Uuid>,
}

/// Hold requests sent by `workers` concurrent clients until stopped (or the requests run out).
pub struct Load {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<Vec<Answer>>>,
}

impl Load {
    /// Worker `w` sends to `bases[w % bases.len()]`; each request is taken once from `requests`.
    pub fn start(bases: Vec<String>, requests: Vec<(String, Value)>, workers: usize) -> Load {
        let stop = Arc::new(AtomicBool::new(false));
        let requests = Arc::new(requests);
        let next = Arc::new(AtomicUsize::new(0));
        let client = reqwest::Client::builder().timeout(Duration::from_secs(15)).build().unwrap();
        let tasks = (0..workers)
            .map(|w| {
                let (stop, requests, next, client) = (stop.clone(), requests.clone(), next.clone(), client.clone());
                let target = w % bases.len();
                let url = format!("{}/api/appointments/hold", bases[target]);
                tokio::spawn(async move {
                    let mut answers = Vec::new();
                    while !stop.load(Ordering::Relaxed) {
                        let Some((cookie, body)) = requests.get(next.fetch_add(1, Ordering::Relaxed)) else { break };
                        let sent = Instant::now();
                        let res = client
                            .post(&url)
                            .header("cookie", cookie)
                            .header("x-request-client", "dioxus")
                            .json(body)
                            .send()
                            .await;
                        let (status, id) = match res {
                            Ok(r) => {
                                let status = r.status().as_u16();
                                let json: Value = r.json().await.unwrap_or(Value::Null);
                                (
                                    Some(status),
                                    json["id"].as_str().and_then(|s| s.parse().ok()).filter(|_| status == 200),
                                )
                            }
                            Err(_) => {
                                // Nothing listening any more (a killed instance): don't spin.
                                tokio::time::sleep(Duration::from_millis(20)).await;
                                (None, None)
                            }
                        };
                        answers.push(Answer { target, sent, took: sent.elapsed(), status, id });
                    }
                    answers
                })
            })
            .collect();
        Load { stop, tasks }
    }

    /// Stop sending and collect every answer.
    pub async fn finish(self) -> Vec<Answer> {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Vec::new();
        for t in self.tasks {
            all.extend(t.await.unwrap());
        }
        all.sort_by_key(|a| a.sent);
        all
    }
}

/// How many of `ids` exist as appointments.
pub async fn existing(db: &PgPool, ids: &[Uuid]) -> usize {
    let n: i64 = sqlx::query_scalar("select count(*) from appointments where id = any($1)")
        .bind(ids)
        .fetch_one(db)
        .await
        .unwrap();
    n as usize
}

/// Pairs of active appointments of one doctor whose blocked times overlap (the database must keep it 0).
pub async fn overlapping_pairs(db: &PgPool) -> i64 {
    sqlx::query_scalar(
        "select count(*) from appointments x join appointments y
           on x.doctor_id = y.doctor_id and x.id < y.id
          and tstzrange(x.starts_at, x.blocked_until) && tstzrange(y.starts_at, y.blocked_until)
         where x.status in ('held','pending','confirmed','awaiting_completion','completed')
           and y.status in ('held','pending','confirmed','awaiting_completion','completed')",
    )
    .fetch_one(db)
    .await
    .unwrap()
}
