//! Booking races over HTTP through the real router, spread over two app instances on one database: the
//! 64-way race, the database refusing overlaps on its own, idempotent retries, cancel-then-rebook, and
//! reschedule conflicts.

use crate::common::booking::*;
use crate::common::post_json;
use carebook::server::clock::Clock;
use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::PgPool;

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
    let rows =
        sqlx::query_scalar!(r#"select count(*) as "n!" from appointments where idempotency_key = 'double-click-0001'"#)
            .fetch_one(&w.pool)
            .await
            .unwrap();
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
        next.as_array()
            .unwrap()
            .iter()
            .all(|s| s["start"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap() > at(30)),
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
    assert_eq!(v["starts_at"].as_str().unwrap().parse::<DateTime<Utc>>().unwrap(), at(60));
    let history: Vec<&str> = v["history"].as_array().unwrap().iter().map(|e| e["to"].as_str().unwrap()).collect();
    assert_eq!(history, ["held", "confirmed", "confirmed"], "hold, booking, move");
    assert!(v["history"][2]["moved_from"].as_str().unwrap().contains("09:00"));
    assert_eq!(active_overlaps(&w.pool, w.doctor_id).await, 0);
    // The doctor got a "moved" mail with a calendar attachment.
    w.run_jobs().await;
    let ics: Option<String> = sqlx::query_scalar(
        "select ics from outbox_emails where subject like 'Appointment moved%' and to_address = 'doctor@carebook.test'",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(ics.unwrap().contains(&format!("DTSTART:{}", at(60).format("%Y%m%dT%H%M%SZ"))));
}

#[sqlx::test]
async fn the_daily_cap_holds_when_patients_race_for_the_last_places(pool: PgPool) {
    let w = world(pool).await;
    w.cap_days_at(2).await;
    // Eight patients race for eight different free slots on Monday, spread over both instances: the
    // slot check in the app passes for all of them, so only the database can keep the day at two.
    let starts = [0, 30, 60, 90, 120, 150, 240, 270];
    let mut tasks = Vec::new();
    for (n, minutes) in starts.into_iter().enumerate() {
        let (_, cookie) = patient(&w, n + 1).await;
        let router = if n % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let body = json!({ "doctor_id": w.doctor_id, "type_id": w.consult, "location": null,
                           "start": at(minutes), "key": format!("cap-race-{n:04}") });
        tasks
            .push(tokio::spawn(async move { post_json(&router, "/api/appointments/hold", body, Some(&cookie)).await }));
    }
    let mut held = 0;
    for t in tasks {
        let r = t.await.unwrap();
        match r.status.as_u16() {
            200 => held += 1,
            409 => assert_eq!(r.json()["data"]["kind"], "slot_taken", "{}", r.body),
            other => panic!("unexpected {other}: {}", r.body),
        }
    }
    assert_eq!(held, 2, "exactly the cap");
    let active = sqlx::query_scalar!(
        r#"select count(*) as "n!" from appointments where doctor_id = $1 and status = 'held'"#,
        w.doctor_id
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(active, 2);

    // The database refuses a third on its own, named so the app can answer "taken"; Tuesday is open.
    let (p, _) = patient(&w, 20).await;
    let insert = |start, key| insert_hold(&w.pool, (w.doctor_id, w.consult), p, start, key, w.clock.now());
    let refused = insert(at(420), "direct-cap-0001").await.unwrap_err();
    let db = refused.as_database_error().unwrap();
    assert_eq!((db.code().as_deref(), db.constraint()), (Some("23P01"), Some("appointments_daily_cap")));
    insert(at(24 * 60), "direct-cap-0002").await.unwrap();
}

#[sqlx::test]
async fn the_daily_cap_counts_a_concurrent_booking_that_has_not_committed_yet(pool: PgPool) {
    let w = world(pool).await;
    w.cap_days_at(1).await;
    let (p1, _) = patient(&w, 1).await;
    let (p2, _) = patient(&w, 2).await;
    let ids = (w.doctor_id, w.consult);
    // A takes Monday's only place and has not committed; B, for another Monday slot, must wait for A and
    // then be refused (without the lock, B's snapshot would not see A and both would commit).
    let now = w.clock.now();
    let mut a = w.pool.begin().await.unwrap();
    insert_hold(&mut *a, ids, p1, at(0), "open-tx-0001", now).await.unwrap();
    let pool = w.pool.clone();
    let b = tokio::spawn(async move {
        let mut b = pool.begin().await.unwrap();
        let r = insert_hold(&mut *b, ids, p2, at(120), "open-tx-0002", now).await;
        if r.is_ok() {
            b.commit().await.unwrap();
        }
        r
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!b.is_finished(), "B waits for A's booking of the same day");
    a.commit().await.unwrap();
    let refused = b.await.unwrap().unwrap_err();
    assert_eq!(refused.as_database_error().unwrap().constraint(), Some("appointments_daily_cap"));
}

#[sqlx::test]
async fn one_address_holds_a_burst_then_waits_whatever_the_accounts(pool: PgPool) {
    use carebook::server::auth::rate_limit::Quota;
    let w = world_with(pool, |c| {
        c.trust_proxy = true;
        c.payments.holds_per_ip = Quota::new(3, chrono::Duration::seconds(20));
    })
    .await;
    let hold_from = |ip: &'static str, cookie: String, minutes: i64, n: usize| {
        let router = if n.is_multiple_of(2) { w.a.clone() } else { w.b.clone() };
        let body = json!({ "doctor_id": w.doctor_id, "type_id": w.consult, "location": null,
                           "start": at(minutes), "key": format!("ip-limit-{n:04}") });
        async move {
            let req = axum::http::Request::post("/api/appointments/hold")
                .header("content-type", "application/json")
                .header("x-request-client", "dioxus")
                .header("x-forwarded-for", ip)
                .header("cookie", cookie)
                .body(axum::body::Body::from(body.to_string()))
                .unwrap();
            crate::common::send(&router, req).await
        }
    };
    // Three accounts behind one address take the burst, on both instances; a fourth account is refused.
    for n in 0..3 {
        let (_, cookie) = patient(&w, n + 1).await;
        assert_eq!(hold_from("203.0.113.7", cookie, 60 * n as i64, n).await.status, 200);
    }
    let (_, fourth) = patient(&w, 4).await;
    let refused = hold_from("203.0.113.7", fourth.clone(), 240, 3).await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.header("retry-after"), "20");
    // A hold the calendar refuses (the time is taken) costs the address nothing.
    let taken = hold_from("198.51.100.9", fourth.clone(), 0, 4).await;
    assert_eq!(taken.status, 409, "{}", taken.body);
    for (n, minutes) in [(5, 300), (6, 360), (7, 420)] {
        let (_, cookie) = patient(&w, n).await;
        assert_eq!(hold_from("198.51.100.9", cookie, minutes, n).await.status, 200, "another address has its own");
    }
    // Twenty seconds later the first address may hold once more.
    w.clock.advance(chrono::Duration::seconds(20));
    assert_eq!(hold_from("203.0.113.7", fourth, 240, 8).await.status, 200);
}
