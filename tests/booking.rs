//! Booking over HTTP through the real router: the 64-way race across two app instances, idempotency,
//! cancel-then-rebook, reschedule conflicts, holds expiring, the lifecycle with history, policy cut-off,
//! IDOR, calendar files and the feed. Time is a manual clock: Monday 23 Nov 2026, 06:00 in New York.

mod common;

use std::sync::Arc;

use axum::Router;
use carebook::server::auth::session::{self, ClientInfo, Lifetime};
use carebook::server::clock::ManualClock;
use carebook::server::AppState;
use chrono::{DateTime, Duration, Utc};
use common::{get_with, post_json, seed, test_config, TestResponse};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

fn monday_6am_new_york() -> DateTime<Utc> {
    "2026-11-23T11:00:00Z".parse().unwrap()
}

/// 09:00 New York on that Monday plus `minutes`.
fn at(minutes: i64) -> DateTime<Utc> {
    "2026-11-23T14:00:00Z".parse::<DateTime<Utc>>().unwrap() + Duration::minutes(minutes)
}

struct World {
    pool: PgPool,
    clock: Arc<ManualClock>,
    a: Router,
    b: Router,
    doctor_id: Uuid,
    doctor_cookie: String,
    consult: Uuid,
    video: Uuid,
}

/// Two app instances (separate pools and routers) on one seeded database, sharing the manual clock.
async fn world(pool: PgPool) -> World {
    seed(&pool).await;
    let clock = Arc::new(ManualClock::new(monday_6am_new_york()));
    let second = sqlx::postgres::PgPoolOptions::new()
        .max_connections(20)
        .connect_with((*pool.connect_options()).clone())
        .await
        .unwrap();
    let a = carebook::server::router(AppState::with_clock(pool.clone(), test_config(), clock.clone()));
    let b = carebook::server::router(AppState::with_clock(second, test_config(), clock.clone()));
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
    World { pool, clock, a, b, doctor_id: d.id, doctor_cookie, consult, video }
}

async fn cookie_for(pool: &PgPool, user: Uuid, clock: &ManualClock) -> String {
    use carebook::server::clock::Clock;
    let life = Lifetime { idle: Duration::days(30), absolute: Duration::days(60) };
    let s = session::create(pool, user, life, false, &ClientInfo::default(), clock.now()).await.unwrap();
    format!("carebook_session={}", s.token)
}

/// A new verified patient in New York; returns (id, cookie).
async fn patient(w: &World, n: usize) -> (Uuid, String) {
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

async fn hold(router: &Router, w: &World, cookie: &str, kind: Uuid, start: DateTime<Utc>, key: &str) -> TestResponse {
    let body = json!({ "doctor_id": w.doctor_id, "type_id": kind, "location": null, "start": start, "key": key });
    post_json(router, "/api/appointments/hold", body, Some(cookie)).await
}

async fn book(w: &World, cookie: &str, kind: Uuid, start: DateTime<Utc>) -> Value {
    let held = hold(&w.a, w, cookie, kind, start, &Uuid::new_v4().simple().to_string()).await;
    assert_eq!(held.status, 200, "hold: {}", held.body);
    let id = held.json()["id"].as_str().unwrap().to_string();
    let form = json!({ "form": { "reason": "Check-up after surgery", "notes": "" } });
    let done = post_json(&w.a, &format!("/api/appointments/{id}/confirm"), form, Some(cookie)).await;
    assert_eq!(done.status, 200, "confirm: {}", done.body);
    done.json()
}

async fn active_overlaps(pool: &PgPool, doctor: Uuid) -> i64 {
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

#[sqlx::test]
async fn sixty_four_concurrent_bookings_over_two_instances_never_overlap(pool: PgPool) {
    let w = world(pool).await;
    // Mixed durations: four types with different lengths and buffers, so their grids interleave.
    let mut kinds = Vec::new();
    for (name, dur, buf) in [("Short", 15, 5), ("Standard", 20, 10), ("Long", 30, 0), ("Extended", 45, 15)] {
        let id = sqlx::query_scalar!(
            r#"insert into consultation_types (doctor_id, mode, name, duration_minutes, buffer_minutes, fee_minor)
               values ($1, 'in_person', $2, $3, $4, 10000) returning id"#,
            w.doctor_id,
            name,
            dur,
            buf
        )
        .fetch_one(&w.pool)
        .await
        .unwrap();
        kinds.push((id, dur + buf));
    }
    let mut patients = Vec::new();
    for n in 0..64 {
        patients.push(patient(&w, n).await);
    }
    // Random grid starts inside 09:00–10:00 (deterministic pseudo-random so failures reproduce).
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut tasks = Vec::new();
    for (n, (_, cookie)) in patients.iter().enumerate() {
        let (kind, step) = kinds[(next() % 4) as usize];
        let slots_in_hour = (60 / step).max(1) as u64;
        let start = at(i64::from(step) * (next() % slots_in_hour) as i64);
        let router = if n % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let body = json!({ "doctor_id": w.doctor_id, "type_id": kind, "location": null, "start": start,
                           "key": format!("race-{n:04}-key") });
        let cookie = cookie.clone();
        tasks
            .push(tokio::spawn(async move { post_json(&router, "/api/appointments/hold", body, Some(&cookie)).await }));
    }
    let (mut won, mut lost) = (0, 0);
    for t in tasks {
        let res = t.await.unwrap();
        match res.status.as_u16() {
            200 => won += 1,
            409 => {
                assert_eq!(res.json()["data"]["kind"], "slot_taken", "{}", res.body);
                assert!(res.json()["data"]["detail"]["next"].is_array());
                lost += 1;
            }
            other => panic!("a racer got {other}: {}", res.body),
        }
    }
    eprintln!("race: {won} won, {lost} got slot_taken");
    assert_eq!(won + lost, 64);
    // At least one racer wins (one long visit may fill the hour), and most lose.
    assert!(won >= 1 && lost >= 32, "won {won}, lost {lost}");
    assert_eq!(active_overlaps(&w.pool, w.doctor_id).await, 0, "overlapping active appointments");
    let held = sqlx::query_scalar!(r#"select count(*) as "n!" from appointments where status = 'held'"#)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(held, won, "every winner holds exactly one row");
}

#[sqlx::test]
async fn the_database_refuses_an_overlap_even_without_the_app(pool: PgPool) {
    let w = world(pool).await;
    let (p1, c1) = patient(&w, 1).await;
    let (p2, _) = patient(&w, 2).await;
    book(&w, &c1, w.consult, at(0)).await;
    let raw = sqlx::query!(
        r#"insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at, blocked_until,
                                     status, fee_minor, currency, idempotency_key)
           values ($1, $2, $3, 'in_person', $4, $5, $5, 'confirmed', 0, 'USD', 'raw-insert-1')"#,
        w.doctor_id,
        p2,
        w.consult,
        at(25),
        at(40)
    )
    .execute(&w.pool)
    .await
    .unwrap_err();
    let db = raw.as_database_error().unwrap();
    assert_eq!(db.code().as_deref(), Some("23P01"));
    assert_eq!(
        db.constraint(),
        Some("appointments_no_double_booking"),
        "the 10-minute buffer after 09:00–09:20 counts"
    );
    let _ = p1;
}

#[sqlx::test]
async fn retries_with_one_key_make_one_appointment(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let mut tasks = Vec::new();
    for n in 0..6 {
        let router = if n % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let body = json!({ "doctor_id": w.doctor_id, "type_id": w.consult, "location": null, "start": at(60), "key": "double-click-0001" });
        let c = c.clone();
        tasks.push(tokio::spawn(async move { post_json(&router, "/api/appointments/hold", body, Some(&c)).await }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        assert_eq!(r.status, 200, "{}", r.body);
        ids.insert(r.json()["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 1, "one appointment for one key");
    let rows = sqlx::query_scalar!(r#"select count(*) as "n!" from appointments"#).fetch_one(&w.pool).await.unwrap();
    assert_eq!(rows, 1);
}

#[sqlx::test]
async fn cancel_then_rebook_race_lets_exactly_one_in(pool: PgPool) {
    let w = world(pool).await;
    let (_, ca) = patient(&w, 1).await;
    let (_, cb) = patient(&w, 2).await;
    let (_, cc) = patient(&w, 3).await;
    let first = book(&w, &ca, w.consult, at(30)).await;
    let taken = hold(&w.b, &w, &cb, w.consult, at(30), "b-attempt-0001").await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.json()["data"]["kind"], "slot_taken");
    let next = &taken.json()["data"]["detail"]["next"];
    assert!(
        next.as_array().unwrap().iter().all(|s| s["start"].as_str().unwrap() > "2026-11-23T14:30"),
        "alternatives come later: {next}"
    );
    let id = first["id"].as_str().unwrap();
    let cancel =
        post_json(&w.a, &format!("/api/appointments/{id}/cancel"), json!({ "reason": "Feeling better" }), Some(&ca))
            .await;
    assert_eq!(cancel.status, 200, "{}", cancel.body);
    assert_eq!(cancel.json()["status"], "cancelled");
    let (rb, rc) = tokio::join!(
        hold(&w.a, &w, &cb, w.consult, at(30), "b-attempt-0002"),
        hold(&w.b, &w, &cc, w.consult, at(30), "c-attempt-0001")
    );
    let statuses = [rb.status.as_u16(), rc.status.as_u16()];
    assert!(statuses.contains(&200) && statuses.contains(&409), "exactly one wins: {statuses:?}");
    assert_eq!(active_overlaps(&w.pool, w.doctor_id).await, 0);
}

#[sqlx::test]
async fn reschedule_onto_a_taken_slot_is_refused_and_a_free_one_moves_atomically(pool: PgPool) {
    let w = world(pool).await;
    let (_, ca) = patient(&w, 1).await;
    let (_, cb) = patient(&w, 2).await;
    let a = book(&w, &ca, w.consult, at(0)).await;
    book(&w, &cb, w.consult, at(30)).await;
    let id = a["id"].as_str().unwrap();
    let clash =
        post_json(&w.a, &format!("/api/appointments/{id}/reschedule"), json!({ "start": at(30) }), Some(&ca)).await;
    assert_eq!(clash.status, 409, "{}", clash.body);
    assert_eq!(clash.json()["data"]["kind"], "slot_taken");
    let moved =
        post_json(&w.b, &format!("/api/appointments/{id}/reschedule"), json!({ "start": at(60) }), Some(&ca)).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    let v = moved.json();
    assert_eq!(v["starts_at"].as_str().unwrap(), "2026-11-23T15:00:00Z");
    let history: Vec<&str> = v["history"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(history, ["held", "confirmed", "confirmed"], "hold, booking, move");
    assert!(v["history"][2]["moved_from"].as_str().unwrap().contains("09:00"));
    assert_eq!(active_overlaps(&w.pool, w.doctor_id).await, 0);
    // The doctor got a "moved" mail with a calendar attachment.
    let ics: Option<String> = sqlx::query_scalar(
        "select ics from outbox_emails where subject like 'Appointment moved%' and to_address = 'doctor@carebook.test'",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(ics.unwrap().contains("DTSTART:20261123T150000Z"));
}

#[sqlx::test]
async fn an_expired_hold_frees_the_slot_and_cannot_be_confirmed(pool: PgPool) {
    let w = world(pool).await;
    let (_, ca) = patient(&w, 1).await;
    let (_, cb) = patient(&w, 2).await;
    let held = hold(&w.a, &w, &ca, w.consult, at(90), "hold-expiry-01").await;
    assert_eq!(held.status, 200);
    let id = held.json()["id"].as_str().unwrap().to_string();
    assert_eq!(hold(&w.a, &w, &cb, w.consult, at(90), "hold-expiry-02").await.status, 409);
    w.clock.advance(Duration::minutes(11));
    let late = post_json(
        &w.a,
        &format!("/api/appointments/{id}/confirm"),
        json!({ "form": { "reason": "Annual check", "notes": "" } }),
        Some(&ca),
    )
    .await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.json()["data"]["detail"].as_str().unwrap().contains("ran out"));
    let b = hold(&w.b, &w, &cb, w.consult, at(90), "hold-expiry-03").await;
    assert_eq!(b.status, 200, "{}", b.body);
    let status: String = sqlx::query_scalar("select status::text from appointments where id = $1::uuid")
        .bind(&id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(status, "expired");
}

#[sqlx::test]
async fn lifecycle_approval_video_link_jobs_outcome_and_history(pool: PgPool) {
    let w = world(pool).await;
    sqlx::query!("update doctors set approval_required = true where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    let (_, c) = patient(&w, 1).await;
    let v = book(&w, &c, w.video, at(0)).await;
    assert_eq!(v["status"], "pending");
    assert!(v["meeting_url"].is_null(), "no room before approval");
    let id = v["id"].as_str().unwrap();
    let (subject, _) = common::last_mail(&w.pool, "doctor@carebook.test").await;
    assert!(subject.starts_with("New booking request"), "{subject}");
    let ok = post_json(
        &w.a,
        &format!("/api/doctor/appointments/{id}/action"),
        json!({ "action": "confirm" }),
        Some(&w.doctor_cookie),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let url = ok.json()["meeting_url"].as_str().unwrap().to_string();
    assert!(url.starts_with("https://meet.example.test/carebook-") && url.len() > 60, "{url}");
    let ics: Option<String> = sqlx::query_scalar(
        "select ics from outbox_emails where subject like 'Appointment confirmed%' and to_address = 'p1@example.test'",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(ics.unwrap().replace("\r\n ", "").contains(&url), "the patient's invite carries the link");
    // Too early to mark the outcome.
    let early = post_json(
        &w.a,
        &format!("/api/doctor/appointments/{id}/action"),
        json!({ "action": "completed" }),
        Some(&w.doctor_cookie),
    )
    .await;
    assert_eq!(early.status, 409);
    w.clock.advance(Duration::hours(4));
    use carebook::server::clock::Clock;
    let tick = carebook::server::booking::jobs::run(&w.pool, w.clock.now()).await.unwrap();
    assert_eq!(tick.awaiting_completion, 1);
    let done = post_json(
        &w.b,
        &format!("/api/doctor/appointments/{id}/action"),
        json!({ "action": "completed" }),
        Some(&w.doctor_cookie),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let done = done.json();
    let trail: Vec<&str> = done["history"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(trail, ["held", "pending", "confirmed", "awaiting_completion", "completed"]);
    // Append-only: neither history nor appointments can be deleted.
    assert!(sqlx::query("delete from appointment_events").execute(&w.pool).await.is_err());
    assert!(sqlx::query("delete from appointments").execute(&w.pool).await.is_err());
}

#[sqlx::test]
async fn pending_requests_expire_when_their_time_passes(pool: PgPool) {
    let w = world(pool).await;
    sqlx::query!("update doctors set approval_required = true where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    let (_, c) = patient(&w, 1).await;
    book(&w, &c, w.consult, at(0)).await;
    w.clock.advance(Duration::hours(3) + Duration::minutes(1));
    use carebook::server::clock::Clock;
    let tick = carebook::server::booking::jobs::run(&w.pool, w.clock.now()).await.unwrap();
    assert_eq!(tick.pending_expired, 1);
}

#[sqlx::test]
async fn patients_cancel_only_before_the_cut_off_doctors_until_the_start(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let v = book(&w, &c, w.consult, at(0)).await;
    let id = v["id"].as_str().unwrap();
    assert_eq!(v["can_change"], true);
    w.clock.advance(Duration::hours(2) + Duration::minutes(1)); // 08:01, the cut-off is 2 hours
    let late =
        post_json(&w.a, &format!("/api/appointments/{id}/cancel"), json!({ "reason": "Running late" }), Some(&c)).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("up to 2 hours before"), "{}", late.body);
    let short =
        post_json(&w.a, &format!("/api/appointments/{id}/cancel"), json!({ "reason": "x" }), Some(&w.doctor_cookie))
            .await;
    assert_eq!(short.status, 422, "a reason is required");
    let ok = post_json(
        &w.a,
        &format!("/api/appointments/{id}/cancel"),
        json!({ "reason": "Doctor unwell" }),
        Some(&w.doctor_cookie),
    )
    .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let (subject, body) = common::last_mail(&w.pool, "p1@example.test").await;
    assert!(subject.starts_with("Appointment cancelled") && body.contains("Doctor unwell"), "{subject}: {body}");
    assert!(body.contains("Mon 23 Nov 2026, 09:00–09:20 (America/New_York)"), "{body}");
}

#[sqlx::test]
async fn other_patients_and_other_doctors_cannot_see_or_act(pool: PgPool) {
    let w = world(pool).await;
    let (_, ca) = patient(&w, 1).await;
    let (_, cb) = patient(&w, 2).await;
    let v = book(&w, &ca, w.consult, at(0)).await;
    let id = v["id"].as_str().unwrap();
    assert_eq!(get_with(&w.a, &format!("/api/appointments/{id}"), &cb).await.status, 404);
    assert_eq!(
        post_json(&w.a, &format!("/api/appointments/{id}/cancel"), json!({ "reason": "Not mine" }), Some(&cb))
            .await
            .status,
        404
    );
    assert_eq!(
        post_json(&w.a, &format!("/api/appointments/{id}/reschedule"), json!({ "start": at(60) }), Some(&cb))
            .await
            .status,
        404
    );
    assert_eq!(
        post_json(
            &w.a,
            &format!("/api/appointments/{id}/confirm"),
            json!({ "form": { "reason": "Hijack", "notes": "" } }),
            Some(&cb)
        )
        .await
        .status,
        404
    );
    assert_eq!(get_with(&w.a, &format!("/api/appointments/{id}/ics"), &cb).await.status, 404);
    assert!(get_with(&w.a, "/api/appointments/mine", &cb).await.json()["upcoming"].as_array().unwrap().is_empty());
    // Another doctor (José Álvarez) may not act on Dr. Okafor's appointment.
    let other = sqlx::query_scalar!("select user_id from doctors where slug = 'dr-jose-alvarez'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let other_cookie = cookie_for(&w.pool, other, &w.clock).await;
    assert_eq!(
        post_json(
            &w.a,
            &format!("/api/doctor/appointments/{id}/action"),
            json!({ "action": "confirm" }),
            Some(&other_cookie)
        )
        .await
        .status,
        404
    );
    assert_eq!(
        post_json(
            &w.a,
            &format!("/api/appointments/{id}/cancel"),
            json!({ "reason": "Not mine" }),
            Some(&other_cookie)
        )
        .await
        .status,
        404
    );
    // Patients can't use doctor or admin endpoints at all.
    assert_eq!(
        post_json(&w.a, &format!("/api/doctor/appointments/{id}/action"), json!({ "action": "confirm" }), Some(&ca))
            .await
            .status,
        403
    );
    assert_eq!(
        post_json(
            &w.a,
            "/api/admin/appointments",
            json!({ "filter": {"status": null, "who": "", "from": "", "to": "", "page": 0} }),
            Some(&ca)
        )
        .await
        .status,
        403
    );
    // The owner and the doctor can.
    let mine = get_with(&w.a, "/api/appointments/mine", &ca).await.json();
    assert_eq!(mine["upcoming"][0]["id"], v["id"]);
    let ics = get_with(&w.a, &format!("/api/appointments/{id}/ics"), &ca).await;
    assert_eq!(ics.status, 200);
    assert!(ics.header("content-type").starts_with("text/calendar") && ics.body.contains("BEGIN:VEVENT"));
    let agenda = get_with(&w.a, "/api/doctor/agenda?days=7", &w.doctor_cookie).await;
    assert_eq!(agenda.status, 200, "{}", agenda.body);
    assert_eq!(agenda.json()["days"][0]["items"][0]["id"], v["id"]);
}

#[sqlx::test]
async fn availability_is_labelled_in_the_requested_zone_and_hides_booked_time(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let url = |tz: &str| format!("/api/doctors/availability/dr-amara-okafor?from=2026-11-23&tz={tz}");
    let ny = common::get(&w.a, &url("America/New_York")).await;
    assert_eq!(ny.status, 200, "{}", ny.body);
    let day = &ny.json()["days"][0];
    assert_eq!(day["date"], "2026-11-23");
    assert_eq!(day["slots"][0]["label"], "09:00");
    let london = common::get(&w.a, &url("Europe/London")).await.json();
    assert_eq!(london["time_zone"], "Europe/London");
    assert_eq!(london["days"][0]["slots"][0]["label"], "14:00", "09:00 in New York is 14:00 in London");
    book(&w, &c, w.consult, at(0)).await;
    let after = common::get(&w.a, &url("America/New_York")).await.json();
    assert_eq!(after["days"][0]["slots"][0]["label"], "09:30", "09:00–09:20 plus the 10-minute buffer is taken");
}

#[sqlx::test]
async fn the_private_calendar_feed_works_until_revoked(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    book(&w, &c, w.consult, at(0)).await;
    let created = post_json(&w.a, "/api/doctor/calendar-feed", Value::Null, Some(&w.doctor_cookie)).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let url: String = serde_json::from_str(&created.body).unwrap();
    let path = url.trim_start_matches("http://127.0.0.1:8080");
    let feed = common::get(&w.a, path).await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.contains("SUMMARY:Patient 1 — Consultation"), "{}", feed.body);
    assert_eq!(
        post_json(&w.a, "/api/doctor/calendar-feed/revoke", Value::Null, Some(&w.doctor_cookie)).await.status,
        200
    );
    assert_eq!(common::get(&w.a, path).await.status, 404);
    assert_eq!(common::get(&w.a, "/calendar/not-a-token.ics").await.status, 404);
}
