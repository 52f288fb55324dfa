//! The waitlist: a cancellation offers the slot to the longest-waiting matching patient who can take it (one
//! with another visit then is passed over), held so nobody else can take it; two job runners never offer it
//! twice; silence passes it on, declining too, and accepting books it.

use crate::common::booking::*;
use crate::common::{get_with, post_json};
use carebook::server::clock::Clock;
use chrono::Duration;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

async fn join(w: &World, cookie: &str, mode: &str, times: i16) -> Uuid {
    let form =
        json!({ "form": { "doctor_id": w.doctor_id, "mode": mode, "from": day(0), "to": day(4), "times": times } });
    let r = post_json(&w.a, "/api/waitlist", form, Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    w.clock.advance(Duration::minutes(1));
    r.json()[0]["id"].as_str().unwrap().parse().unwrap()
}

/// (status, held appointment's start) of an entry.
async fn entry(w: &World, id: Uuid) -> (String, Option<chrono::DateTime<chrono::Utc>>) {
    let r = sqlx::query!(
        r#"select w.status::text as "status!", a.starts_at as "starts_at?" from waitlist_entries w
           left join appointments a on a.id = w.offered_appointment_id where w.id = $1"#,
        id
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    (r.status, r.starts_at)
}

#[sqlx::test]
async fn a_freed_slot_goes_to_the_longest_waiting_match_once_then_to_the_next(pool: PgPool) {
    let w = world(pool).await;
    let slot = new_york(2, 9, 0);
    let (_, booker) = patient(&w, 1).await;
    let booked = book(&w, &booker, w.consult, slot).await;
    let (_, c_evening) = patient(&w, 2).await;
    let (_, c_first) = patient(&w, 3).await;
    let (_, c_second) = patient(&w, 4).await;
    let (_, c_video) = patient(&w, 5).await;
    // The longest-waiting of all has another visit at that very time (elsewhere): passed over for it.
    let (p_busy, c_busy) = patient(&w, 7).await;
    let busy = join(&w, &c_busy, "in_person", 1).await;
    sqlx::query(
        "insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at, blocked_until,
                                   status, fee_minor, currency, idempotency_key)
         select d.id, $1, t.id, 'in_person', $2, $2 + interval '20 minutes', $2 + interval '30 minutes', 'confirmed',
                0, 'USD', 'elsewhere' from doctors d join consultation_types t on t.doctor_id = d.id
         where d.slug = 'dr-mei-chen' and t.mode = 'in_person'",
    )
    .bind(p_busy)
    .bind(slot)
    .execute(&w.pool)
    .await
    .unwrap();
    let evening = join(&w, &c_evening, "in_person", 4).await;
    let first = join(&w, &c_first, "in_person", 1).await;
    let second = join(&w, &c_second, "in_person", 3).await;
    let video = join(&w, &c_video, "video", 1).await;
    // Bad input is refused field by field; joining again changes the entry (one per doctor).
    let bad =
        json!({ "form": { "doctor_id": w.doctor_id, "mode": "in_person", "from": day(4), "to": day(0), "times": 0 } });
    assert_eq!(post_json(&w.a, "/api/waitlist", bad, Some(&c_first)).await.status, 422);
    let n: i64 = sqlx::query_scalar("select count(*) from waitlist_entries").fetch_one(&w.pool).await.unwrap();
    assert_eq!(n, 5);
    let count = get_with(&w.a, "/api/doctor/waitlist", &w.doctor_cookie).await;
    assert_eq!(count.json(), 5);

    // The booking is cancelled: one offer job; a duplicate of it races it on a second runner.
    let id = booked["id"].as_str().unwrap();
    let cancel = post_json(
        &w.b,
        &format!("/api/appointments/{id}/cancel"),
        json!({ "reason": "Feeling better" }),
        Some(&booker),
    )
    .await;
    assert_eq!(cancel.status, 200, "{}", cancel.body);
    sqlx::query(
        "insert into jobs (kind, payload, run_at) select kind, payload, run_at from jobs where kind = 'waitlist.offer'",
    )
    .execute(&w.pool)
    .await
    .unwrap();
    let (a, b) = tokio::join!(carebook::server::jobs::drain(&w.state), carebook::server::jobs::drain(&w.state));
    a.unwrap();
    b.unwrap();
    assert_eq!(entry(&w, first).await, ("offered".into(), Some(slot)), "the longest-waiting match");
    for other in [busy, evening, second, video] {
        assert_eq!(entry(&w, other).await.0, "waiting");
    }
    let held: i64 = sqlx::query_scalar("select count(*) from appointments where starts_at = $1 and status = 'held'")
        .bind(slot)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(held, 1, "offered once");
    let (subject, body) = crate::common::last_mail(&w.pool, "p3@example.test").await;
    assert_eq!(subject, "A time with Dr. Amara Okafor opened up");
    assert!(body.contains("/patient/waitlist"), "{body}");
    // Nobody else can take it meanwhile.
    let (_, c_other) = patient(&w, 6).await;
    let taken = hold(&w.a, &w, &c_other, w.consult, slot, "steal-the-slot-1").await;
    assert_eq!(taken.status, 409, "{}", taken.body);
    // Someone else's entry is not yours to accept.
    assert_eq!(post_json(&w.a, &format!("/api/waitlist/{first}/accept"), json!({}), Some(&c_second)).await.status, 404);

    // Silence: after 30 minutes the hold lapses and the next match gets it (never the same slot twice).
    w.clock.advance(Duration::minutes(31));
    carebook::server::booking::jobs::run(&w.pool, w.clock.now(), Duration::hours(72)).await.unwrap();
    w.run_jobs().await;
    assert_eq!(entry(&w, first).await, ("waiting".into(), None));
    assert_eq!(entry(&w, second).await, ("offered".into(), Some(slot)));
    // Declined: it goes on, here to the video patient (the same time is a video slot too).
    assert_eq!(
        post_json(&w.b, &format!("/api/waitlist/{second}/decline"), json!({}), Some(&c_second)).await.status,
        200
    );
    w.run_jobs().await;
    assert_eq!(entry(&w, second).await, ("waiting".into(), None));
    assert_eq!(entry(&w, video).await, ("offered".into(), Some(slot)));
    let mine = get_with(&w.a, "/api/waitlist/mine", &c_video).await.json();
    assert!(mine[0]["offer"]["when_label"].as_str().unwrap().contains("09:00"), "{mine}");
    // Accepted: booked like any booking.
    let ok = post_json(&w.a, &format!("/api/waitlist/{video}/accept"), json!({}), Some(&c_video)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["status"], "confirmed");
    assert_eq!(entry(&w, video).await.0, "booked");
    assert_eq!(active_overlaps(&w.pool, w.doctor_id).await, 0);
    // Leaving.
    assert_eq!(
        post_json(&w.a, &format!("/api/waitlist/{evening}/leave"), json!({}), Some(&c_evening)).await.status,
        200
    );
    assert_eq!(entry(&w, evening).await.0, "left");
}
