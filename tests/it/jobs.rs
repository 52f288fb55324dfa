//! Background jobs: enqueued with the change (a rolled-back change leaves none), run exactly once by two
//! instances at once, retried with backoff then kept as failed, deduplicated, cancelled.
#![cfg(feature = "server")]

use carebook::server::clock::Clock;
use carebook::server::jobs::{self, Job, Ran};
use carebook::server::AppState;
use chrono::Duration;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::booking::*;
use crate::common::test_config;

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar::<_, i64>(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test]
async fn a_booking_is_announced_once_by_two_instances_and_a_rolled_back_job_never_runs(pool: PgPool) {
    let w = world(pool).await;
    let mut ids = Vec::new();
    for n in 1..=6 {
        let (_, c) = patient(&w, n).await;
        ids.push(book(&w, &c, w.consult, at(30 * (n as i64 - 1))).await["id"].as_str().unwrap().to_string());
    }
    // Nothing is sent by the request itself: the announcements wait as jobs committed with the bookings.
    assert_eq!(count(&w.pool, "select count(*) from outbox_emails where subject like '%appointment%'").await, 0);
    assert_eq!(count(&w.pool, "select count(*) from jobs where kind = 'booking.tell' and status = 'queued'").await, 6);

    // A job enqueued on a transaction that rolls back never exists.
    let mut tx = w.pool.begin().await.unwrap();
    let job = Job::PaymentReceipt { payment: Uuid::new_v4() };
    jobs::enqueue(&mut tx, &job, w.clock.now(), None).await.unwrap();
    tx.rollback().await.unwrap();

    // Two instances (their own pools) run the queue at the same time: every booking is told exactly once.
    let second = sqlx::postgres::PgPoolOptions::new().connect_with((*w.pool.connect_options()).clone()).await.unwrap();
    let b = AppState::with_clock(second, test_config(), w.clock.clone());
    let (ra, rb) = tokio::join!(jobs::drain(&w.state), jobs::drain(&b));
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.done + rb.done, 6, "{ra:?} {rb:?}");
    for id in &ids {
        let told: i64 = sqlx::query_scalar(
            "select count(*) from notifications n join appointments a on a.patient_id = n.user_id where a.id = $1::uuid",
        )
        .bind(id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
        assert_eq!(told, 1, "one notice for the patient of {id}");
    }
    assert_eq!(count(&w.pool, "select count(*) from outbox_emails where to_address = 'doctor@carebook.test'").await, 6);
    assert_eq!(count(&w.pool, "select count(*) from outbox_emails where to_address like 'p%@example.test'").await, 6);
    assert_eq!(count(&w.pool, "select count(*) from jobs where status = 'done' and attempts = 1").await, 6);
    assert_eq!(w.run_jobs().await, Ran::default(), "nothing left to run");
}

#[sqlx::test]
async fn a_failing_job_backs_off_then_fails_and_an_unknown_one_fails_at_once(pool: PgPool) {
    let w = world(pool).await;
    let now = w.clock.now();
    let mut conn = w.pool.acquire().await.unwrap();
    // A receipt for a payment that does not exist cannot be written: it fails every time.
    jobs::enqueue(&mut conn, &Job::PaymentReceipt { payment: Uuid::new_v4() }, now, None).await.unwrap();
    sqlx::query("insert into jobs (kind, payload, run_at) values ('visit.unknown', '{}', $1)")
        .bind(now)
        .execute(&mut *conn)
        .await
        .unwrap();
    let first = w.run_jobs().await;
    assert_eq!(first, Ran { done: 0, retried: 1, failed: 1 });
    let (status, error): (String, String) =
        sqlx::query_as("select status::text, last_error from jobs where kind = 'visit.unknown'")
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!(status, "failed");
    assert!(error.contains("not a job this version knows"), "{error}");

    // Not retried before its backoff; retried after, doubling, until its eighth attempt fails it for good.
    assert_eq!(w.run_jobs().await, Ran::default());
    let mut waited = Duration::zero();
    for attempt in 1..8 {
        let wait = jobs::backoff(attempt);
        w.clock.advance(wait - Duration::seconds(1));
        assert_eq!(w.run_jobs().await, Ran::default(), "attempt {} waits {wait}", attempt + 1);
        w.clock.advance(Duration::seconds(1));
        waited += wait;
        let r = w.run_jobs().await;
        let expected =
            if attempt == 7 { Ran { failed: 1, ..Ran::default() } } else { Ran { retried: 1, ..Ran::default() } };
        assert_eq!(r, expected, "attempt {}", attempt + 1);
    }
    assert_eq!(waited, Duration::seconds(30 + 60 + 120 + 240 + 480 + 960 + 1920));
    let (attempts, status): (i32, String) =
        sqlx::query_as("select attempts, status::text from jobs where kind = 'payment.receipt'")
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!((attempts, status.as_str()), (8, "failed"));
}

#[sqlx::test]
async fn a_dedupe_key_moves_a_waiting_job_and_never_repeats_a_done_one(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let id: Uuid = book(&w, &c, w.consult, at(0)).await["id"].as_str().unwrap().parse().unwrap();
    w.run_jobs().await;
    let tell =
        Job::BookingTell { appointment: id, change: carebook::server::booking::mail::Change::Booked, reason: None };
    let later = w.clock.now() + Duration::hours(2);
    let mut conn = w.pool.acquire().await.unwrap();
    jobs::enqueue(&mut conn, &tell, later, Some("test:one")).await.unwrap();
    jobs::enqueue(&mut conn, &tell, later + Duration::hours(1), Some("test:one")).await.unwrap();
    assert_eq!(count(&w.pool, "select count(*) from jobs where dedupe_key = 'test:one'").await, 1);
    let status = |key: &'static str| {
        let pool = w.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("select status::text from jobs where dedupe_key = $1")
                .bind(key)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    w.clock.advance(Duration::hours(2));
    w.run_jobs().await;
    assert_eq!(status("test:one").await, "queued", "moved an hour later");
    w.clock.advance(Duration::hours(1));
    w.run_jobs().await;
    assert_eq!(status("test:one").await, "done");
    // Enqueued again after it ran: still one, not run again.
    jobs::enqueue(&mut conn, &tell, w.clock.now(), Some("test:one")).await.unwrap();
    assert_eq!(w.run_jobs().await, Ran::default());
    assert_eq!(count(&w.pool, "select count(*) from jobs where dedupe_key = 'test:one'").await, 1);

    // Cancelled by prefix while waiting (the prefix's `_` and `%` are literal).
    jobs::enqueue(&mut conn, &tell, w.clock.now(), Some("test:two:a")).await.unwrap();
    jobs::enqueue(&mut conn, &tell, w.clock.now(), Some("test:2wo:b")).await.unwrap();
    assert_eq!(jobs::cancel(&mut conn, "test:two:", w.clock.now()).await.unwrap(), 1);
    assert_eq!(jobs::cancel(&mut conn, "test:_wo", w.clock.now()).await.unwrap(), 0);
    w.run_jobs().await;
    assert_eq!(status("test:two:a").await, "cancelled");
    assert_eq!(status("test:2wo:b").await, "done");
}
