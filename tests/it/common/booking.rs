//! Booking test world: two app instances (separate pools and routers) on one seeded database with a
//! shared manual clock (a Monday, 06:00 in New York), patients with sessions, and helpers. Every date a
//! test uses comes from [`monday`], so the suite runs in any week (CI moves it with `CAREBOOK_TEST_MONDAY`).

use std::sync::{Arc, OnceLock};

use super::{post_json, seed, test_config, TestResponse};
use axum::Router;
use carebook::server::auth::session::{self, ClientInfo, Lifetime};
use carebook::server::clock::ManualClock;
use carebook::server::scheduling::cache::ScheduleCache;
use carebook::server::AppState;
use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

/// The world's Monday: `CAREBOOK_TEST_MONDAY` (YYYY-MM-DD, a Monday), else 23 Nov 2026.
pub fn monday() -> NaiveDate {
    static MONDAY: OnceLock<NaiveDate> = OnceLock::new();
    *MONDAY.get_or_init(|| {
        let day = match std::env::var("CAREBOOK_TEST_MONDAY") {
            Ok(v) => v.parse().unwrap_or_else(|e| panic!("CAREBOOK_TEST_MONDAY={v}: {e}")),
            Err(_) => NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        assert_eq!(day.weekday(), Weekday::Mon, "CAREBOOK_TEST_MONDAY must be a Monday");
        day
    })
}

/// `days` after the world's Monday, as the API and SQL write dates ("2026-11-24").
pub fn day(days: i64) -> String {
    (monday() + Duration::days(days)).to_string()
}

/// `hour`:`minute` in New York (the seeded doctor's zone) `days` after the world's Monday.
pub fn new_york(days: i64, hour: u32, minute: u32) -> DateTime<Utc> {
    let local = (monday() + Duration::days(days)).and_hms_opt(hour, minute, 0).unwrap();
    chrono_tz::America::New_York.from_local_datetime(&local).single().unwrap().with_timezone(&Utc)
}

/// When the world starts: Monday 06:00 in New York.
pub fn monday_6am_new_york() -> DateTime<Utc> {
    new_york(0, 6, 0)
}

/// 09:00 New York on that Monday plus `minutes` (a day is 24 hours: no DST change falls on Monday–Saturday).
pub fn at(minutes: i64) -> DateTime<Utc> {
    new_york(0, 9, 0) + Duration::minutes(minutes)
}

pub struct World {
    pub pool: PgPool,
    pub clock: Arc<ManualClock>,
    pub a: Router,
    pub b: Router,
    /// The two instances' schedule caches, each kept in step by its own listener (as in production).
    pub caches: [ScheduleCache; 2],
    _listeners: Listeners,
    /// Instance A's state (jobs run with it).
    pub state: AppState,
    pub doctor_id: Uuid,
    pub doctor_cookie: String,
    pub consult: Uuid,
    pub video: Uuid,
}

/// Two app instances (separate pools and routers) on one seeded database, sharing the manual clock.
pub async fn world(pool: PgPool) -> World {
    world_with(pool, |_| {}).await
}

/// [`world`] with both instances' configuration changed by `tweak`.
pub async fn world_with(pool: PgPool, tweak: impl Fn(&mut carebook::server::config::Config)) -> World {
    seed(&pool).await;
    let config = || {
        let mut c = test_config();
        tweak(&mut c);
        c
    };
    let clock = Arc::new(ManualClock::new(monday_6am_new_york()));
    // The instances' pools, as the app makes them: without sqlx's maintenance task (see
    // `server::db::pool_options`), which the test harness's own pool runs every second.
    let instance_pool = || async {
        sqlx::postgres::PgPoolOptions::new()
            .max_connections(20)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with((*pool.connect_options()).clone())
            .await
            .unwrap()
    };
    let (first, second) = (instance_pool().await, instance_pool().await);
    let state_a = AppState::with_clock(first.clone(), config(), clock.clone());
    let state_b = AppState::with_clock(second.clone(), config(), clock.clone());
    let caches = [state_a.schedule.clone(), state_b.schedule.clone()];
    let listeners = Listeners(vec![caches[0].spawn_listener(first), caches[1].spawn_listener(second)]);
    for cache in &caches {
        wait_for("the schedule listener to subscribe", || cache.is_listening()).await;
    }
    let state = state_a.clone();
    let a = carebook::server::router(state_a);
    let b = carebook::server::router(state_b);
    let d = sqlx::query!("select d.id, d.user_id from doctors d where d.slug = 'dr-amara-okafor'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let consult =
        sqlx::query_scalar!("select id from consultation_types where doctor_id = $1 and mode = 'in_person'", d.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    let video = sqlx::query_scalar!("select id from consultation_types where doctor_id = $1 and mode = 'video'", d.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let doctor_cookie = cookie_for(&pool, d.user_id, &clock).await;
    World { pool, clock, a, b, caches, _listeners: listeners, state, doctor_id: d.id, doctor_cookie, consult, video }
}

/// Stops the listeners with the test (each holds a connection the test database's cleanup must not wait on).
struct Listeners(Vec<tokio::task::JoinHandle<()>>);

impl Drop for Listeners {
    fn drop(&mut self) {
        self.0.iter().for_each(|l| l.abort());
    }
}

/// Poll `done` every 10 ms for up to 5 s; panics naming `what` if it never holds.
pub async fn wait_for(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

impl World {
    /// Wait until neither instance caches rules of the doctor: a change written straight to the database
    /// has been heard (the app's own writes are heard the same way).
    pub async fn settle(&self) {
        for cache in &self.caches {
            wait_for("the schedule change to reach the cache", || cache.cached(self.doctor_id) == 0).await;
        }
    }

    /// Run the due background jobs (the booking's emails and notices) as an instance's job loop would.
    pub async fn run_jobs(&self) -> carebook::server::jobs::Ran {
        carebook::server::jobs::drain(&self.state).await.unwrap()
    }

    /// The doctor approves each booking (bookings wait in `pending`).
    pub async fn require_approval(&self) {
        sqlx::query!("update doctors set approval_required = true where id = $1", self.doctor_id)
            .execute(&self.pool)
            .await
            .unwrap();
        self.settle().await;
    }

    /// At most `cap` appointments a day.
    pub async fn cap_days_at(&self, cap: i32) {
        sqlx::query!("update doctors set daily_cap = $2 where id = $1", self.doctor_id, cap)
            .execute(&self.pool)
            .await
            .unwrap();
        self.settle().await;
    }
}

/// A 20-minute in-person hold (10 minutes' buffer) for a day from `now`, written straight to the database
/// past the app, with the app's `now` for the triggers (as the app's own writes do). Fixtures hold many
/// times for one patient, so the per-patient cap on open holds is lifted here (it has its own test).
pub async fn insert_hold<'e>(
    db: impl sqlx::PgExecutor<'e>,
    (doctor, kind): (Uuid, Uuid),
    patient: Uuid,
    start: DateTime<Utc>,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at,
                                     blocked_until, status, hold_expires_at, fee_minor, currency, idempotency_key)
           select $1, $2, $3, 'in_person', $4::timestamptz, $4::timestamptz + interval '20 minutes',
                  $4::timestamptz + interval '30 minutes', 'held', $6::timestamptz + interval '1 day', 0, 'USD', $5
           from (select set_config('carebook.now', $6::timestamptz::text, true),
                        set_config('carebook.max_open_holds', '1000000', true)) clock"#,
        doctor,
        patient,
        kind,
        start,
        key,
        now
    )
    .execute(db)
    .await
    .map(|_| ())
}

pub async fn cookie_for(pool: &PgPool, user: Uuid, clock: &ManualClock) -> String {
    use carebook::server::clock::Clock;
    let life = Lifetime { idle: Duration::days(30), absolute: Duration::days(60) };
    let s = session::create(pool, user, life, false, &ClientInfo::default(), clock.now()).await.unwrap();
    format!("carebook_session={}", s.token)
}

/// A new verified patient in New York; returns (id, cookie).
pub async fn patient(w: &World, n: usize) -> (Uuid, String) {
    let id = sqlx::query_scalar!(
        r#"insert into users (email, full_name, role, email_verified_at, time_zone)
           values ($1, $2, 'patient', now(), 'America/New_York') returning id"#,
        format!("p{n}@example.test"),
        format!("Patient {n}")
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    (id, cookie_for(&w.pool, id, &w.clock).await)
}

pub async fn hold(
    router: &Router,
    w: &World,
    cookie: &str,
    kind: Uuid,
    start: DateTime<Utc>,
    key: &str,
) -> TestResponse {
    let body = json!({ "doctor_id": w.doctor_id, "type_id": kind, "location": null, "start": start, "key": key });
    post_json(router, "/api/appointments/hold", body, Some(cookie)).await
}

pub async fn book(w: &World, cookie: &str, kind: Uuid, start: DateTime<Utc>) -> Value {
    let held = hold(&w.a, w, cookie, kind, start, &Uuid::new_v4().simple().to_string()).await;
    assert_eq!(held.status, 200, "hold: {}", held.body);
    let id = held.json()["id"].as_str().unwrap().to_string();
    let form = json!({ "form": { "reason": "Check-up after surgery", "notes": "" } });
    let done = post_json(&w.a, &format!("/api/appointments/{id}/confirm"), form, Some(cookie)).await;
    assert_eq!(done.status, 200, "confirm: {}", done.body);
    done.json()
}

pub async fn active_overlaps(pool: &PgPool, doctor: Uuid) -> i64 {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from appointments x join appointments y
             on x.doctor_id = y.doctor_id and x.id < y.id
            and tstzrange(x.starts_at, x.blocked_until) && tstzrange(y.starts_at, y.blocked_until)
           where x.doctor_id = $1
             and x.status in ('held','pending','confirmed','awaiting_completion','completed')
             and y.status in ('held','pending','confirmed','awaiting_completion','completed')"#,
        doctor
    )
    .fetch_one(pool)
    .await
    .unwrap()
}
