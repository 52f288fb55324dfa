//! One-click email links: a reminder's link shows the visit and cancels or moves it without a session (the
//! page itself changes nothing), only within policy, and dies when the visit moves or starts; a forged,
//! tampered or other-purpose token is refused. A waitlist offer's link books the held slot; new hours (a
//! day off removed) are offered to the waitlist.

use crate::common::booking::*;
use crate::common::{get, last_mail, link_token, post_json};
use carebook::server::booking::links::{self, Purpose};
use carebook::server::clock::Clock;
use chrono::Duration;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

/// `token` with its last character changed.
fn tampered(token: &str) -> String {
    let mut t = token.to_string();
    let last = if t.ends_with('A') { 'B' } else { 'A' };
    t.pop();
    t.push(last);
    t
}

async fn status_of(w: &World, id: Uuid) -> (String, Option<Uuid>) {
    sqlx::query_as("select status::text, changed_by from appointments where id = $1")
        .bind(id)
        .fetch_one(&w.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn a_reminder_link_cancels_or_moves_the_visit_without_signing_in(pool: PgPool) {
    let w = world(pool).await;
    let (pid, c) = patient(&w, 1).await;
    let start = new_york(8, 10, 0);
    let v = book(&w, &c, w.consult, start).await;
    let id: Uuid = v["id"].as_str().unwrap().parse().unwrap();
    // The week-before reminder goes out with one link to cancel and one to reschedule.
    w.clock.advance(start - Duration::days(6) - w.clock.now());
    w.run_jobs().await;
    let body: String = sqlx::query_scalar(
        "select body_text from outbox_emails where to_address = 'p1@example.test' and subject like 'Reminder:%'",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(body.contains("/booking-link/manage?token=") && body.contains("&action=cancel"), "{body}");
    assert!(body.contains("&action=reschedule"), "{body}");
    let token = link_token(&body);
    assert_eq!(token.len(), 43, "{body}");

    // Opening the page (a mail scanner's GET) renders the visit and changes nothing.
    let page = get(&w.a, &format!("/booking-link/manage?token={token}&action=cancel")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Your appointment") && page.body.contains("noindex"), "{}", page.body);
    assert_eq!(status_of(&w, id).await.0, "confirmed");
    // Its data, without a session: the visit as the patient sees it, minus the reason.
    let seen = post_json(&w.b, "/api/booking-links/manage", json!({ "token": token }), None).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    let seen = seen.json();
    assert_eq!((seen["status"].as_str(), seen["can_change"].as_bool()), (Some("confirmed"), Some(true)));
    assert_eq!((seen["reason"].as_str(), seen["patient_name"].as_str()), (Some(""), Some("")));

    // Refused: a tampered token, garbage, and the right token for another purpose.
    for bad in [tampered(&token), "not-a-token".into(), String::new()] {
        let r = post_json(&w.a, "/api/booking-links/manage", json!({ "token": bad }), None).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.body);
        assert!(r.body.contains("This link no longer works"), "{}", r.body);
    }
    let r = post_json(&w.a, "/api/booking-links/offer", json!({ "token": token }), None).await;
    assert_eq!(r.status, 400, "a manage link is not an offer link");
    let r =
        post_json(&w.a, "/api/booking-links/cancel", json!({ "token": tampered(&token), "reason": "x" }), None).await;
    assert_eq!(r.status, 400);
    assert_eq!(status_of(&w, id).await.0, "confirmed");

    // Rescheduled through the link: moved, recorded as the patient's change; the old link is dead.
    let later = new_york(9, 11, 0);
    let moved = post_json(&w.a, "/api/booking-links/reschedule", json!({ "token": token, "start": later }), None).await;
    assert_eq!(moved.status, 200, "{}", moved.body);
    assert_eq!(moved.json()["starts_at"], json!(later));
    assert_eq!(status_of(&w, id).await, ("confirmed".into(), Some(pid)));
    let r = post_json(&w.b, "/api/booking-links/manage", json!({ "token": token }), None).await;
    assert_eq!(r.status, 400, "the old link died with the old time");

    // Cancelled through the new time's link: a reason is required; then cancelled once.
    let key = links::key(&w.state).await.unwrap();
    let fresh = links::token(&key, Purpose::Manage, id, later);
    let r = post_json(&w.a, "/api/booking-links/cancel", json!({ "token": fresh, "reason": " " }), None).await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r =
        post_json(&w.a, "/api/booking-links/cancel", json!({ "token": fresh, "reason": "Feeling better" }), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(status_of(&w, id).await, ("cancelled".into(), Some(pid)));
    let r = post_json(&w.b, "/api/booking-links/cancel", json!({ "token": fresh, "reason": "Again" }), None).await;
    assert_eq!(r.status, 409, "{}", r.body);
    let doctor_told: i64 =
        sqlx::query_scalar("select count(*) from jobs where kind = 'booking.tell' and payload->>'appointment' = $1")
            .bind(id.to_string())
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!(doctor_told, 3, "booked, moved, cancelled");

    // Past the cut-off the link shows the visit but can't change it; once it starts the link is dead.
    let soon = w.clock.now().date_naive() + Duration::days(1);
    let (_, c2) = patient(&w, 2).await;
    let start2 = new_york((soon - monday()).num_days(), 9, 0);
    let v2 = book(&w, &c2, w.consult, start2).await;
    let id2: Uuid = v2["id"].as_str().unwrap().parse().unwrap();
    w.clock.advance(start2 - Duration::hours(1) - w.clock.now());
    let late = links::token(&key, Purpose::Manage, id2, start2);
    let seen = post_json(&w.a, "/api/booking-links/manage", json!({ "token": late }), None).await;
    assert_eq!(seen.json()["can_change"], false, "{}", seen.body);
    let r = post_json(&w.a, "/api/booking-links/cancel", json!({ "token": late, "reason": "Late" }), None).await;
    assert_eq!(r.status, 409, "{}", r.body);
    assert!(r.body.contains("Changes are possible up to"), "{}", r.body);
    w.clock.advance(Duration::hours(1));
    assert_eq!(post_json(&w.a, "/api/booking-links/manage", json!({ "token": late }), None).await.status, 400);
    assert_eq!(status_of(&w, id2).await.0, "confirmed");
}

#[sqlx::test]
async fn a_day_off_removed_is_offered_to_the_waitlist_and_the_offer_link_books_it(pool: PgPool) {
    let w = world(pool).await;
    let day_off = json!({ "form": { "date": day(2), "intervals": [], "note": "Conference" } });
    let r = post_json(&w.a, "/api/doctor/schedule/exceptions", day_off, Some(&w.doctor_cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let (_, c) = patient(&w, 1).await;
    let form =
        json!({ "form": { "doctor_id": w.doctor_id, "mode": "in_person", "from": day(2), "to": day(2), "times": 1 } });
    let r = post_json(&w.a, "/api/waitlist", form, Some(&c)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let entry: Uuid = r.json()[0]["id"].as_str().unwrap().parse().unwrap();
    w.run_jobs().await;
    let entry_status = || async {
        sqlx::query_scalar::<_, String>("select status::text from waitlist_entries where id = $1")
            .bind(entry)
            .fetch_one(&w.pool)
            .await
            .unwrap()
    };
    assert_eq!(entry_status().await, "waiting");

    // The doctor works that day after all: its morning is offered to the patient waiting.
    let r =
        post_json(&w.b, "/api/doctor/schedule/exceptions/delete", json!({ "date": day(2) }), Some(&w.doctor_cookie))
            .await;
    assert_eq!(r.status, 200, "{}", r.body);
    w.run_jobs().await;
    assert_eq!(entry_status().await, "offered");
    let (subject, body) = last_mail(&w.pool, "p1@example.test").await;
    assert_eq!(subject, "A time with Dr. Amara Okafor opened up");
    assert!(body.contains("/booking-link/offer?token="), "{body}");
    let token = link_token(&body);

    let page = get(&w.a, &format!("/booking-link/offer?token={token}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("A time from the waitlist"), "{}", page.body);
    let seen = post_json(&w.a, "/api/booking-links/offer", json!({ "token": token }), None).await;
    assert_eq!(seen.status, 200, "{}", seen.body);
    let held = seen.json();
    assert_eq!(held["status"], "held");
    assert_eq!(held["starts_at"], json!(new_york(2, 9, 0)), "the day's first morning slot");
    // An offer link neither manages a visit nor answers when tampered with.
    assert_eq!(post_json(&w.a, "/api/booking-links/manage", json!({ "token": token }), None).await.status, 400);
    let r =
        post_json(&w.a, "/api/booking-links/offer/answer", json!({ "token": tampered(&token), "accept": true }), None)
            .await;
    assert_eq!(r.status, 400);

    let r = post_json(&w.b, "/api/booking-links/offer/answer", json!({ "token": token, "accept": true }), None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["status"], "confirmed");
    assert_eq!(entry_status().await, "booked");
    let r = post_json(&w.a, "/api/booking-links/offer/answer", json!({ "token": token, "accept": false }), None).await;
    assert_eq!(r.status, 409, "answered already: {}", r.body);
    let held_id: Uuid = held["id"].as_str().unwrap().parse().unwrap();
    assert_eq!(status_of(&w, held_id).await.0, "confirmed");
}
