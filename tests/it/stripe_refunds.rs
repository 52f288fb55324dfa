//! Refunds Stripe takes time over (`pending`), against the local Stripe stand-in: booked only when Stripe
//! says they went through, whichever word comes first (the payments job asking, `charge.refunded`,
//! `refund.updated`), once.

use crate::common::booking::*;
use crate::ledger::{admin, paid, refund};
use crate::payments::{deliver, signed};
use carebook::server::payments::reconcile;
use chrono::Duration;
use serde_json::json;
use sqlx::PgPool;
use std::sync::atomic::Ordering;

async fn money(w: &World, pid: &str) -> (String, i64, Vec<String>) {
    let (status, refunded): (String, i64) =
        sqlx::query_as("select status::text, refunded_minor from payments where id = $1::uuid")
            .bind(pid)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    let refunds: Vec<String> =
        sqlx::query_scalar("select status::text from refunds where payment_id = $1::uuid order by created_at")
            .bind(pid)
            .fetch_all(&w.pool)
            .await
            .unwrap();
    (status, refunded, refunds)
}

#[sqlx::test]
async fn a_refund_stripe_is_still_processing_is_booked_once_when_it_goes_through(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    let ops = admin(w).await;
    c.fake.slow_refunds.store(true, Ordering::Relaxed);
    let first = refund(&w.a, &ops, &pid, 10_000, "Waited an hour past the time").await;
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.json()["refunds"][0]["status"], "pending");
    assert_eq!(money(w, &pid).await, ("succeeded".into(), 0, vec!["pending".into()]));
    // No second refund while one is on its way.
    assert_eq!(refund(&w.b, &ops, &pid, 5_000, "A second thought").await.status, 409);

    // The job asks; Stripe still says pending: nothing moves.
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap().refunds_checked, 1);
    assert_eq!(money(w, &pid).await.1, 0);

    // `charge.refunded` arrives once the money is back: the refund is asked about and booked.
    let intent: String = sqlx::query_scalar("select provider_payment_id from payments where id = $1::uuid")
        .bind(&pid)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let done = c.fake.finish_refunds();
    assert_eq!(done.len(), 1);
    let charge = json!({ "id": "ch_local_1", "object": "charge", "payment_intent": intent, "amount_refunded": 10_000 });
    let event = c.fake.event_about("charge.refunded", charge);
    let answer = deliver(&w.b, &event, &signed(w, &event)).await;
    assert_eq!(answer.status, 200, "{}", answer.body);
    assert_eq!(money(w, &pid).await, ("partially_refunded".into(), 10_000, vec!["succeeded".into()]));

    // A second refund, finished by `refund.updated` (the refund itself); its replay and the late
    // `charge.refunded` change nothing.
    assert_eq!(refund(&w.a, &ops, &pid, 15_000, "The rest, as agreed").await.status, 200);
    let finished = c.fake.finish_refunds().remove(0);
    let updated = c.fake.event_about("refund.updated", finished);
    for router in [&w.a, &w.b, &w.a] {
        assert_eq!(deliver(router, &updated, &signed(w, &updated)).await.status, 200);
    }
    let late = c.fake.event_about("charge.refunded", json!({ "id": "ch_local_1", "payment_intent": intent }));
    assert_eq!(deliver(&w.b, &late, &signed(w, &late)).await.status, 200);
    assert_eq!(money(w, &pid).await, ("refunded".into(), 25_000, vec!["succeeded".into(), "succeeded".into()]));
    assert_eq!(c.fake.sessions.lock().unwrap().values().map(|s| s.refunded).sum::<i64>(), 25_000);

    // A charge event without its payment intent is refused as malformed.
    let odd = c.fake.event_about("charge.refunded", json!({ "id": "ch_local_2" }));
    assert_eq!(deliver(&w.a, &odd, &signed(w, &odd)).await.status, 400);
}
