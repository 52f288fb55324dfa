//! Booking lifecycle over HTTP: holds expiring, approval with the video link, jobs, outcomes and the
//! append-only history, the patients' cut-off, IDOR, slot labels per zone, and the private calendar feed.

use crate::common::booking::*;
use crate::common::{get_with, post_json};
use chrono::Duration;
use serde_json::{json, Value};
use sqlx::PgPool;

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
    w.require_approval().await;
    let (_, c) = patient(&w, 1).await;
    let v = book(&w, &c, w.video, at(0)).await;
    assert_eq!(v["status"], "pending");
    assert!(v["meeting_url"].is_null(), "no room before approval");
    let id = v["id"].as_str().unwrap();
    w.run_jobs().await;
    let (subject, _) = crate::common::last_mail(&w.pool, "doctor@carebook.test").await;
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
    w.run_jobs().await;
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
    let tick = carebook::server::booking::jobs::run(&w.pool, w.clock.now(), chrono::Duration::hours(72)).await.unwrap();
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
    w.require_approval().await;
    let (_, c) = patient(&w, 1).await;
    book(&w, &c, w.consult, at(0)).await;
    w.clock.advance(Duration::hours(3) + Duration::minutes(1));
    use carebook::server::clock::Clock;
    let tick = carebook::server::booking::jobs::run(&w.pool, w.clock.now(), chrono::Duration::hours(72)).await.unwrap();
    assert_eq!(tick.pending_expired, 1);
    // The patient hears it lapsed, with the doctor's next free times; the doctor hears it too.
    w.run_jobs().await;
    let (subject, body) = crate::common::last_mail(&w.pool, "p1@example.test").await;
    assert_eq!(subject, "Request not confirmed: Dr. Amara Okafor");
    assert!(body.contains("next free times (America/New_York)") && body.contains("/doctors/dr-amara-okafor"), "{body}");
    let (subject, _) = crate::common::last_mail(&w.pool, "doctor@carebook.test").await;
    assert_eq!(subject, "Request lapsed: Patient 1");
}

#[sqlx::test]
async fn a_visit_left_without_an_outcome_asks_the_doctor_then_completes_itself(pool: PgPool) {
    use carebook::server::booking::jobs::run;
    use carebook::server::clock::Clock;
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let id = book(&w, &c, w.consult, at(0)).await["id"].as_str().unwrap().to_string();
    let wait = chrono::Duration::hours(72);
    w.clock.advance(Duration::hours(4));
    assert_eq!(run(&w.pool, w.clock.now(), wait).await.unwrap().awaiting_completion, 1);
    w.run_jobs().await;
    let asked: Vec<String> = sqlx::query_scalar(
        "select n.title from notifications n join doctors d on d.user_id = n.user_id where d.slug = 'dr-amara-okafor'
         and n.title like 'Record the outcome%'",
    )
    .fetch_all(&w.pool)
    .await
    .unwrap();
    assert_eq!(asked, ["Record the outcome: Patient 1"], "asked in the app");
    let mails: i64 = sqlx::query_scalar("select count(*) from outbox_emails where subject like 'Record the outcome%'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(mails, 0, "not by email");
    // Not before the wait is over; then completed by the system, with the reason in its history.
    w.clock.advance(at(20) + wait - Duration::minutes(1) - w.clock.now()); // it ended at 09:20
    assert_eq!(run(&w.pool, w.clock.now(), wait).await.unwrap().auto_completed, 0);
    w.clock.advance(Duration::minutes(2));
    assert_eq!(run(&w.pool, w.clock.now(), wait).await.unwrap().auto_completed, 1);
    let v = get_with(&w.a, &format!("/api/appointments/{id}"), &c).await.json();
    assert_eq!(v["status"], "completed");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["to"], "completed");
    assert!(last["reason"].as_str().unwrap_or_default().contains("Completed automatically"), "{last}");
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
    w.run_jobs().await;
    let (subject, body) = crate::common::last_mail(&w.pool, "p1@example.test").await;
    assert!(subject.starts_with("Appointment cancelled") && body.contains("Doctor unwell"), "{subject}: {body}");
    let when = format!("{}, 09:00–09:20 (America/New_York)", monday().format("%a %-d %b %Y"));
    assert!(body.contains(&when), "{when} in {body}");
}

#[sqlx::test]
async fn other_patients_and_other_doctors_cannot_see_or_act(pool: PgPool) {
    let w = world(pool).await;
    let (_, ca) = patient(&w, 1).await;
    let (_, cb) = patient(&w, 2).await;
    let v = book(&w, &ca, w.consult, at(0)).await;
    let id = v["id"].as_str().unwrap();
    // (caller, path, body, expected status): strangers get 404, wrong roles 403.
    let other = sqlx::query_scalar!("select user_id from doctors where slug = 'dr-jose-alvarez'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let other_doctor = cookie_for(&w.pool, other, &w.clock).await;
    let admin_filter = json!({ "filter": {"status": null, "who": "", "from": "", "to": "", "page": 0} });
    let refused = [
        (&cb, format!("/api/appointments/{id}/cancel"), json!({ "reason": "Not mine" }), 404),
        (&cb, format!("/api/appointments/{id}/reschedule"), json!({ "start": at(60) }), 404),
        (&cb, format!("/api/appointments/{id}/confirm"), json!({ "form": { "reason": "Hijack", "notes": "" } }), 404),
        // Another doctor (José Álvarez) may not act on Dr. Okafor's appointment.
        (&other_doctor, format!("/api/doctor/appointments/{id}/action"), json!({ "action": "confirm" }), 404),
        (&other_doctor, format!("/api/appointments/{id}/cancel"), json!({ "reason": "Not mine" }), 404),
        // Patients can't use doctor or admin endpoints at all.
        (&ca, format!("/api/doctor/appointments/{id}/action"), json!({ "action": "confirm" }), 403),
        (&ca, "/api/admin/appointments".to_string(), admin_filter, 403),
    ];
    for (cookie, path, body, status) in refused {
        assert_eq!(post_json(&w.a, &path, body, Some(cookie.as_str())).await.status, status, "POST {path}");
    }
    for path in [format!("/api/appointments/{id}"), format!("/api/appointments/{id}/ics")] {
        assert_eq!(get_with(&w.a, &path, &cb).await.status, 404, "GET {path}");
    }
    assert!(get_with(&w.a, "/api/appointments/mine", &cb).await.json()["upcoming"].as_array().unwrap().is_empty());
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
    let url = |tz: &str| format!("/api/doctors/availability/dr-amara-okafor?from={}&tz={tz}", day(0));
    let ny = crate::common::get(&w.a, &url("America/New_York")).await;
    assert_eq!(ny.status, 200, "{}", ny.body);
    let day = &ny.json()["days"][0];
    assert_eq!(day["date"], self::day(0));
    assert_eq!(day["slots"][0]["label"], "09:00");
    let london = crate::common::get(&w.a, &url("Europe/London")).await.json();
    assert_eq!(london["time_zone"], "Europe/London");
    let in_london = at(0).with_timezone(&chrono_tz::Europe::London).format("%H:%M").to_string();
    assert_eq!(london["days"][0]["slots"][0]["label"], in_london.as_str(), "09:00 in New York, in London");
    book(&w, &c, w.consult, at(0)).await;
    let after = crate::common::get(&w.a, &url("America/New_York")).await.json();
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
    let feed = crate::common::get(&w.a, path).await;
    assert_eq!(feed.status, 200);
    assert!(feed.body.contains("SUMMARY:Patient 1 — Consultation"), "{}", feed.body);
    assert_eq!(
        post_json(&w.a, "/api/doctor/calendar-feed/revoke", Value::Null, Some(&w.doctor_cookie)).await.status,
        200
    );
    assert_eq!(crate::common::get(&w.a, path).await.status, 404);
    assert_eq!(crate::common::get(&w.a, "/calendar/not-a-token.ics").await.status, 404);
}

#[sqlx::test]
async fn job_runs_racing_on_two_instances_expire_each_hold_exactly_once(pool: PgPool) {
    use carebook::server::booking::jobs;
    use carebook::server::clock::Clock;
    let w = world(pool).await;
    let second = sqlx::postgres::PgPoolOptions::new()
        .max_connections(8)
        .connect_with((*w.pool.connect_options()).clone())
        .await
        .unwrap();
    let (patient_id, _) = patient(&w, 1).await;
    // 120 holds, every 30 minutes from Monday 09:00, all past their expiry by the app clock.
    for n in 0..120 {
        let key = format!("job-race-{n:04}");
        insert_hold(&w.pool, (w.doctor_id, w.consult), patient_id, at(30 * n), &key, w.clock.now()).await.unwrap();
    }
    sqlx::query!("update appointments set hold_expires_at = $1 where status = 'held'", w.clock.now())
        .execute(&w.pool)
        .await
        .unwrap();
    // Eight runs at once, half through each instance's pool.
    let runs: Vec<_> = (0..8)
        .map(|n| {
            let db = if n % 2 == 0 { w.pool.clone() } else { second.clone() };
            let now = w.clock.now();
            tokio::spawn(async move { jobs::run(&db, now, chrono::Duration::hours(72)).await.unwrap() })
        })
        .collect();
    let mut expired = 0;
    for run in runs {
        expired += run.await.unwrap().holds_expired;
    }
    assert_eq!(expired, 120, "the runs together expire every hold once");
    let doubled: i64 = sqlx::query_scalar!(
        r#"select count(*) as "n!" from (
               select appointment_id from appointment_events where to_status = 'expired'
               group by appointment_id having count(*) <> 1) x"#
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(doubled, 0, "one 'expired' history row per appointment");
    let still_held: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from appointments where status = 'held'"#)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(still_held, 0);
}

#[sqlx::test]
async fn a_doctor_or_admin_who_books_for_themselves_reaches_their_booking(pool: PgPool) {
    let w = world(pool).await;
    let admin = sqlx::query_scalar!(
        "insert into users (email, full_name, role, email_verified_at) values ('ops@example.test', 'Opal Ops', 'admin', now())
         returning id"
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    let cookie = cookie_for(&w.pool, admin, &w.clock).await;
    let v = book(&w, &cookie, w.consult, at(0)).await;
    assert_eq!(v["status"], "confirmed");
    let page = crate::common::get_with(&w.b, "/patient/appointments", &cookie).await;
    assert_eq!(page.status, 200, "the patient side is every account's own");
    assert!(page.body.contains("Dr. Amara Okafor"), "their booking is listed");
    let payments = crate::common::get_with(&w.b, "/api/payments", &cookie).await;
    assert_eq!(payments.status, 200, "{}", payments.body);
    // The doctor's own header offers the way there.
    let home = crate::common::get_with(&w.b, "/doctor", &w.doctor_cookie).await;
    assert!(home.body.contains("My bookings"), "a doctor's navigation links their bookings");
}

#[sqlx::test]
async fn a_doctor_declines_a_request_with_a_reason_the_patient_sees(pool: PgPool) {
    let w = world(pool).await;
    w.require_approval().await;
    let (_, c) = patient(&w, 1).await;
    let id = book(&w, &c, w.consult, at(0)).await["id"].as_str().unwrap().to_string();
    let url = format!("/api/appointments/{id}/cancel");
    let no_reason = post_json(&w.a, &url, json!({ "reason": "" }), Some(&w.doctor_cookie)).await;
    assert_eq!(no_reason.status, 422, "a decline needs a reason");
    let ok = post_json(&w.a, &url, json!({ "reason": "Fully booked that morning" }), Some(&w.doctor_cookie)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let v = get_with(&w.b, &format!("/api/appointments/{id}"), &c).await.json();
    assert_eq!(v["status"], "cancelled");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["reason"], "Declined: Fully booked that morning");
    w.run_jobs().await;
    let (subject, body) = crate::common::last_mail(&w.pool, "p1@example.test").await;
    assert_eq!(subject, "Request declined: Dr. Amara Okafor");
    assert!(body.contains("Reason: Fully booked that morning") && body.contains("next free times"), "{body}");
    let (subject, _) = crate::common::last_mail(&w.pool, "doctor@carebook.test").await;
    assert_eq!(subject, "You declined Patient 1");
}
