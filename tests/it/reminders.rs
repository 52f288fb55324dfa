//! Appointment reminders: planned by the database in the patient's zone when a visit is confirmed, sent once
//! by two instances, moved by a reschedule, dropped by a cancellation, skipped when turned off.
#![cfg(feature = "server")]

use carebook::server::clock::Clock;
use carebook::server::jobs;
use carebook::server::AppState;
use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::json;
use sqlx::PgPool;

use crate::common::booking::*;
use crate::common::{get_with, post_json, test_config};

/// 15:00 in `tz`, `days` local days before the local day of `start`.
fn afternoon_before(start: DateTime<Utc>, tz: Tz, days: i64) -> DateTime<Utc> {
    let local = start.with_timezone(&tz).date_naive() - Duration::days(days);
    tz.from_local_datetime(&local.and_time(NaiveTime::from_hms_opt(15, 0, 0).unwrap())).unwrap().with_timezone(&Utc)
}

/// The waiting reminders of appointment `id`: (which, due).
async fn planned(pool: &PgPool, id: &str) -> Vec<(String, DateTime<Utc>)> {
    sqlx::query_as(
        "select payload->>'which', run_at from jobs where kind = 'appointment.remind' and status = 'queued'
         and payload->>'appointment' = $1 order by run_at",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn reminders_sent(pool: &PgPool, to: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select subject from outbox_emails where to_address = $1 and subject like 'Reminder:%' order by created_at",
    )
    .bind(to)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test]
async fn reminders_follow_the_visit_and_go_out_once_over_two_instances(pool: PgPool) {
    let w = world(pool).await;
    let (pid, c) = patient(&w, 1).await;
    // The patient lives in Dhaka; the doctor practises in New York.
    sqlx::query!("update users set time_zone = 'Asia/Dhaka' where id = $1", pid).execute(&w.pool).await.unwrap();
    let dhaka: Tz = "Asia/Dhaka".parse().unwrap();
    let start = new_york(8, 10, 0);
    let v = book(&w, &c, w.consult, start).await;
    assert_eq!(v["status"], "confirmed");
    let id = v["id"].as_str().unwrap().to_string();
    let week = afternoon_before(start, dhaka, 7);
    let day = afternoon_before(start, dhaka, 1);
    assert_eq!(
        planned(&w.pool, &id).await,
        [("week".into(), week), ("day".into(), day), ("hours".into(), start - Duration::hours(2))]
    );

    // Due: two instances run the jobs at once; the week reminder goes out once, in the patient's zone.
    w.clock.advance(week - w.clock.now());
    let second = sqlx::postgres::PgPoolOptions::new().connect_with((*w.pool.connect_options()).clone()).await.unwrap();
    let b = AppState::with_clock(second, test_config(), w.clock.clone());
    let (ra, rb) = tokio::join!(jobs::drain(&w.state), jobs::drain(&b));
    assert_eq!(ra.unwrap().done + rb.unwrap().done, 2, "the booking's announcement and the week reminder");
    let sent = reminders_sent(&w.pool, "p1@example.test").await;
    assert_eq!(sent, ["Reminder: Consultation with Dr. Amara Okafor in a week"], "{sent:?}");
    let body: String = sqlx::query_scalar("select body_text from outbox_emails where subject like 'Reminder:%'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let local = start.with_timezone(&dhaka).format("%H:%M").to_string();
    assert!(body.contains(&local) && body.contains("(Asia/Dhaka)"), "{local} in {body}");
    assert!(body.contains(&format!("/patient/appointments#appointment-{id}")), "{body}");
    assert!(body.contains("Can't make it? Cancel or reschedule until"), "{body}");
    let notices: i64 =
        sqlx::query_scalar("select count(*) from notifications where user_id = $1 and title like 'Reminder:%'")
            .bind(pid)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!(notices, 1);

    // Moved a day later: the day and hours reminders move with it (and a new week one is planned).
    let later = new_york(9, 10, 0);
    let moved =
        post_json(&w.b, &format!("/api/appointments/{id}/reschedule"), json!({ "start": later }), Some(&c)).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(
        planned(&w.pool, &id).await,
        [
            ("week".into(), afternoon_before(later, dhaka, 7)),
            ("day".into(), afternoon_before(later, dhaka, 1)),
            ("hours".into(), later - Duration::hours(2))
        ]
    );
    // The old day-before time passes: nothing is sent for the old plan.
    w.clock.advance(day + Duration::minutes(1) - w.clock.now());
    w.run_jobs().await;
    assert_eq!(reminders_sent(&w.pool, "p1@example.test").await.len(), 2, "the new week reminder only");

    // Cancelled: nothing more goes out, however long we wait.
    let gone =
        post_json(&w.a, &format!("/api/appointments/{id}/cancel"), json!({ "reason": "Feeling better" }), Some(&c))
            .await;
    assert_eq!(gone.status, 200, "{}", gone.body);
    assert!(planned(&w.pool, &id).await.is_empty());
    w.clock.advance(later - w.clock.now());
    w.run_jobs().await;
    assert_eq!(reminders_sent(&w.pool, "p1@example.test").await.len(), 2);
}

#[sqlx::test]
async fn a_patient_turns_a_kind_off_and_is_not_reminded(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let (_, other) = patient(&w, 2).await;
    let off = post_json(&w.a, "/api/account/reminders", json!({ "kind": "hours", "on": false }), Some(&c)).await;
    assert_eq!(off.status, 200, "{}", off.body);
    assert_eq!(off.json()[2], json!({ "kind": "hours", "on": false }));
    let mine = get_with(&w.b, "/api/account/reminders", &c).await.json();
    assert_eq!(
        mine,
        json!([{ "kind": "week", "on": true }, { "kind": "day", "on": true }, { "kind": "hours", "on": false }])
    );
    let theirs = get_with(&w.b, "/api/account/reminders", &other).await.json();
    assert_eq!(theirs[2]["on"], true, "one patient's choice is theirs alone");
    let bad = post_json(&w.a, "/api/account/reminders", json!({ "kind": "yearly", "on": false }), Some(&c)).await;
    assert!(bad.status.is_client_error(), "{}", bad.status);

    let start = new_york(0, 10, 0);
    book(&w, &c, w.consult, start).await;
    book(&w, &other, w.consult, start + Duration::minutes(30)).await;
    w.clock.advance(start - Duration::hours(1) - w.clock.now());
    w.run_jobs().await;
    assert!(reminders_sent(&w.pool, "p1@example.test").await.is_empty(), "turned off");
    assert_eq!(
        reminders_sent(&w.pool, "p2@example.test").await,
        ["Reminder: Consultation with Dr. Amara Okafor in 2 hours"]
    );
}

#[sqlx::test]
async fn the_day_before_is_fifteen_hundred_on_the_wall_clock_across_a_dst_change(pool: PgPool) {
    // New York springs forward on 14 March 2027 and falls back on 7 November 2027.
    for (start, zone, kind, due) in [
        ("2027-03-15T14:00:00Z", "America/New_York", "day", "2027-03-14T19:00:00Z"),
        ("2027-03-15T14:00:00Z", "America/New_York", "week", "2027-03-08T20:00:00Z"),
        ("2027-11-08T15:00:00Z", "America/New_York", "day", "2027-11-07T20:00:00Z"),
        ("2027-11-08T15:00:00Z", "America/New_York", "hours", "2027-11-08T13:00:00Z"),
        ("2026-11-30T04:00:00Z", "Asia/Dhaka", "day", "2026-11-29T09:00:00Z"),
    ] {
        let got: DateTime<Utc> =
            sqlx::query_scalar("select carebook_reminder_at($1::reminder_kind, $2::timestamptz, $3)")
                .bind(kind)
                .bind(start)
                .bind(zone)
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(got, due.parse::<DateTime<Utc>>().unwrap(), "{kind} for {start} in {zone}");
    }
}
