//! Paying online against a local server that speaks Stripe's protocol (`payments::dev_gateway` on its own
//! port): the paid booking, exactly-once webhooks across two instances, forged and tampered events, the
//! browser coming back first, payments after the window, refunds by policy, IDOR, and a gateway that is down.

use crate::common::booking::*;
use crate::common::{get_with, post_json, TestResponse};
use axum::body::Body;
use axum::http::Request;
use carebook::model::payment::PaymentProvider;
use carebook::server::config::Secret;
use carebook::server::payments::dev_gateway::{self, FakeConfig, FakeState};
use carebook::server::payments::{stripe, Gateway, PaymentSettings};
use chrono::Duration;
use serde_json::{json, Value};
use sqlx::PgPool;

const KEY: &str = "sk_test_local";
const HOOK: &str = "whsec_test_local";

/// "Stripe" on a loopback port; its deliveries are made by the tests through the app's routers.
pub(crate) async fn gateway() -> (String, FakeState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = FakeState::default();
    let config =
        FakeConfig { base: base.clone(), secret_key: KEY.into(), webhook_secret: HOOK.into(), webhook_url: None };
    let app = dev_gateway::router(config, state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, state)
}

fn settings(base: &str) -> PaymentSettings {
    PaymentSettings {
        gateway: Some(Gateway {
            provider: PaymentProvider::Stripe,
            api: stripe::Client::new(base, KEY),
            webhook_secret: Secret(HOOK.into()),
        }),
        ..PaymentSettings::none()
    }
}

/// The booking world with online payment for Dr. Okafor, both instances talking to `base`.
pub(crate) async fn paid_world(pool: PgPool, base: &str) -> World {
    let w = world_with(pool, |c| c.payments = settings(base)).await;
    sqlx::query!("update doctors set payment_policy = 'online' where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    w.settle().await;
    w
}

/// Hold and confirm: the booking now waits for its payment.
pub(crate) async fn unpaid(w: &World, cookie: &str, start: chrono::DateTime<chrono::Utc>) -> String {
    let v = book(w, cookie, w.consult, start).await;
    assert_eq!(v["status"], "awaiting_payment", "{v}");
    v["id"].as_str().unwrap().to_string()
}

pub(crate) async fn start(w: &World, cookie: &str, id: &str) -> TestResponse {
    post_json(&w.a, &format!("/api/appointments/{id}/pay"), Value::Null, Some(cookie)).await
}

/// The checkout id in a checkout URL (`{base}/pay/{id}`).
pub(crate) fn checkout(url: &str) -> String {
    url.rsplit('/').next().unwrap().to_string()
}

pub(crate) async fn deliver(router: &axum::Router, body: &[u8], signature: &str) -> TestResponse {
    let req = Request::post("/webhooks/stripe")
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(Body::from(body.to_vec()))
        .unwrap();
    crate::common::send(router, req).await
}

pub(crate) fn signed(w: &World, body: &[u8]) -> String {
    use carebook::server::clock::Clock;
    stripe::sign(body, HOOK, w.clock.now().timestamp())
}

/// A paid world with patient 1's booking at 10:00 awaiting payment, its checkout started.
pub(crate) struct Checkout {
    pub base: String,
    pub fake: FakeState,
    pub w: World,
    pub cookie: String,
    pub id: String,
    pub cs: String,
}

pub(crate) async fn checkout_started(pool: PgPool) -> Checkout {
    let (base, fake) = gateway().await;
    let w = paid_world(pool, &base).await;
    let (_, cookie) = patient(&w, 1).await;
    let id = unpaid(&w, &cookie, at(60)).await;
    let cs = checkout(start(&w, &cookie, &id).await.json().as_str().unwrap());
    Checkout { base, fake, w, cookie, id, cs }
}

/// An appointment's status, as text.
pub(crate) async fn status(w: &World, id: &str) -> String {
    sqlx::query_scalar("select status::text from appointments where id = $1::uuid")
        .bind(id)
        .fetch_one(&w.pool)
        .await
        .unwrap()
}

/// The states a booking's payments went through, in order.
pub(crate) async fn payment_history(w: &World, id: &str) -> Vec<String> {
    sqlx::query_scalar(
        "select e.to_status::text from payment_events e join payments p on p.id = e.payment_id
         where p.appointment_id = $1::uuid order by e.id",
    )
    .bind(id)
    .fetch_all(&w.pool)
    .await
    .unwrap()
}

/// The payment actions in the audit log, in order.
pub(crate) async fn payment_audit(w: &World) -> Vec<String> {
    sqlx::query_scalar("select action from audit_log where action like 'payments.%' order by id")
        .fetch_all(&w.pool)
        .await
        .unwrap()
}

#[sqlx::test]
async fn a_paid_booking_is_confirmed_by_the_signed_webhook_once(pool: PgPool) {
    let (base, fake) = gateway().await;
    let w = paid_world(pool, &base).await;
    let (_, c) = patient(&w, 1).await;
    let id = unpaid(&w, &c, at(60)).await;
    let started = start(&w, &c, &id).await;
    assert_eq!(started.status, 200, "{}", started.body);
    let url = started.json().as_str().unwrap().to_string();
    assert!(url.starts_with(&format!("{base}/pay/cs_")), "{url}");
    // A double click resumes the same checkout.
    assert_eq!(start(&w, &c, &id).await.json().as_str().unwrap(), url);
    let cs = checkout(&url);
    fake.pay(&cs).unwrap();
    let event = fake.event(&base, &cs).unwrap();
    let header = signed(&w, &event);
    // 50 deliveries of the same event at once, spread over both instances.
    let mut deliveries = tokio::task::JoinSet::new();
    for i in 0..50 {
        let router = if i % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let (event, header) = (event.clone(), header.clone());
        deliveries.spawn(async move { deliver(&router, &event, &header).await.status.as_u16() });
    }
    let answers: Vec<u16> = deliveries.join_all().await;
    assert!(answers.iter().all(|s| *s == 200), "{answers:?}");
    assert_eq!(status(&w, &id).await, "confirmed");
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
    let events: i64 = sqlx::query_scalar("select count(*) from provider_events").fetch_one(&w.pool).await.unwrap();
    assert_eq!(events, 1);
    let confirmations: i64 = sqlx::query_scalar(
        "select count(*) from appointment_events where appointment_id = $1::uuid and to_status = 'confirmed'",
    )
    .bind(&id)
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(confirmations, 1, "one confirmation");
    w.run_jobs().await;
    // One confirmation email, then one receipt.
    let subjects: Vec<String> =
        sqlx::query_scalar("select subject from outbox_emails where to_address = 'p1@example.test' order by subject")
            .fetch_all(&w.pool)
            .await
            .unwrap();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects[0].starts_with("Appointment confirmed") && subjects[1].starts_with("Your Carebook receipt CB-"));
    // The patient's result page says so.
    let result = get_with(&w.a, &format!("/api/appointments/{id}/payment"), &c).await;
    assert_eq!(result.json()["status"], "succeeded", "{}", result.body);
    assert_eq!(result.json()["can_pay"], false);
}

#[sqlx::test]
async fn forged_and_tampered_events_change_nothing_and_are_audited(pool: PgPool) {
    let Checkout { base, fake, w, id, cs, .. } = checkout_started(pool).await;
    fake.pay(&cs).unwrap();
    let event = fake.event(&base, &cs).unwrap();
    // Signed with another secret, or replayed ten minutes later: refused.
    use carebook::server::clock::Clock;
    let forged = stripe::sign(&event, "whsec_guess", w.clock.now().timestamp());
    assert_eq!(deliver(&w.a, &event, &forged).await.status, 400);
    let stale = stripe::sign(&event, HOOK, (w.clock.now() - Duration::minutes(10)).timestamp());
    assert_eq!(deliver(&w.a, &event, &stale).await.status, 400);
    // Correctly signed, but for another amount, or another currency: not our payment's figures.
    let tampered =
        [("\"amount_total\":25000", "\"amount_total\":100"), ("\"currency\":\"usd\"", "\"currency\":\"bdt\"")];
    for (i, (from, to)) in tampered.into_iter().enumerate() {
        // Each its own event (a new id), so neither is taken for a repeat of the other.
        let text = String::from_utf8(event.clone())
            .unwrap()
            .replace("\"id\":\"evt", &format!("\"id\":\"evt_{i}"))
            .replacen(from, to, 1);
        assert!(text.contains(to), "{text}");
        let answer = deliver(&w.b, text.as_bytes(), &signed(&w, text.as_bytes())).await;
        assert_eq!(answer.status, 200, "{}", answer.body);
    }
    assert_eq!(status(&w, &id).await, "awaiting_payment");
    assert_eq!(payment_history(&w, &id).await, ["created", "pending"]);
    assert_eq!(
        payment_audit(&w).await,
        ["payments.webhook_refused", "payments.webhook_refused", "payments.rejected", "payments.rejected"]
    );
}

#[sqlx::test]
async fn the_browser_back_before_the_webhook_settles_by_asking_the_provider(pool: PgPool) {
    let Checkout { base, fake, w, cookie: c, id, cs } = checkout_started(pool).await;
    // Not paid yet: the page offers to pay, and says until when the time is kept.
    let waiting = get_with(&w.a, &format!("/api/appointments/{id}/payment"), &c).await.json();
    assert_eq!(waiting["status"], "pending");
    assert_eq!(waiting["can_pay"], true);
    assert!(waiting["window_closes_label"].as_str().is_some(), "{waiting}");
    fake.pay(&cs).unwrap();
    let back = get_with(&w.b, &format!("/api/appointments/{id}/payment"), &c).await.json();
    assert_eq!(back["status"], "succeeded", "{back}");
    assert_eq!(status(&w, &id).await, "confirmed");
    // The webhook arriving afterwards changes nothing.
    let event = fake.event(&base, &cs).unwrap();
    assert_eq!(deliver(&w.a, &event, &signed(&w, &event)).await.status, 200);
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
}

#[sqlx::test]
async fn paid_after_the_window_retakes_a_free_slot_and_refunds_a_taken_one(pool: PgPool) {
    let (base, fake) = gateway().await;
    let w = paid_world(pool, &base).await;
    let (_, c1) = patient(&w, 1).await;
    let (_, c2) = patient(&w, 2).await;
    let free = unpaid(&w, &c1, at(60)).await;
    let taken = unpaid(&w, &c1, at(150)).await;
    let cs_free = checkout(start(&w, &c1, &free).await.json().as_str().unwrap());
    let cs_taken = checkout(start(&w, &c1, &taken).await.json().as_str().unwrap());
    w.clock.advance(Duration::minutes(16));
    use carebook::server::clock::Clock;
    carebook::server::booking::jobs::run(&w.pool, w.clock.now(), chrono::Duration::hours(72)).await.unwrap();
    assert_eq!(status(&w, &free).await, "expired");
    // Someone else books the second time meanwhile (paying, too).
    let other = unpaid(&w, &c2, at(150)).await;
    for cs in [&cs_free, &cs_taken] {
        fake.pay(cs).unwrap();
        let event = fake.event(&base, cs).unwrap();
        assert_eq!(deliver(&w.a, &event, &signed(&w, &event)).await.status, 200);
    }
    assert_eq!(status(&w, &free).await, "confirmed", "the free time is taken again");
    assert_eq!(status(&w, &taken).await, "expired");
    assert_eq!(status(&w, &other).await, "awaiting_payment", "the other patient keeps their time");
    assert_eq!(payment_history(&w, &taken).await, ["created", "pending", "succeeded", "refunded"]);
    let refunded = fake.sessions.lock().unwrap().get(&cs_taken).unwrap().refunded;
    assert_eq!(refunded, 25000, "the provider paid it back");
    let page = get_with(&w.a, &format!("/api/appointments/{taken}/payment"), &c1).await.json();
    assert_eq!(page["status"], "refunded");
    assert!(page["refunded_label"].as_str().is_some(), "{page}");
}

#[sqlx::test]
async fn cancelling_a_paid_booking_refunds_by_policy(pool: PgPool) {
    let (base, fake) = gateway().await;
    let w = paid_world(pool, &base).await;
    sqlx::query!("update doctors set refund_percent_before_cutoff = 80 where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    let (_, c) = patient(&w, 1).await;
    let mut checkouts = Vec::new();
    for (start_at, who) in [(new_york(1, 10, 0), "patient"), (new_york(1, 11, 0), "doctor")] {
        let id = unpaid(&w, &c, start_at).await;
        let cs = checkout(start(&w, &c, &id).await.json().as_str().unwrap());
        fake.pay(&cs).unwrap();
        let event = fake.event(&base, &cs).unwrap();
        assert_eq!(deliver(&w.a, &event, &signed(&w, &event)).await.status, 200);
        let cookie = if who == "patient" { c.clone() } else { w.doctor_cookie.clone() };
        let body = json!({ "reason": format!("Cancelled by the {who}") });
        let done = post_json(&w.b, &format!("/api/appointments/{id}/cancel"), body, Some(&cookie)).await;
        assert_eq!(done.status, 200, "{}", done.body);
        checkouts.push(cs);
    }
    let refunded: Vec<i64> =
        checkouts.iter().map(|cs| fake.sessions.lock().unwrap().get(cs).unwrap().refunded).collect();
    assert_eq!(refunded, [20000, 25000], "80% when the patient cancels, all when the doctor does");
    let statuses: Vec<String> =
        sqlx::query_scalar("select status::text from payments order by created_at").fetch_all(&w.pool).await.unwrap();
    assert_eq!(statuses, ["partially_refunded", "refunded"]);
}

#[sqlx::test]
async fn only_the_patient_sees_or_starts_a_payment(pool: PgPool) {
    let (base, _) = gateway().await;
    let w = paid_world(pool, &base).await;
    let (_, a) = patient(&w, 1).await;
    let (_, b) = patient(&w, 2).await;
    let id = unpaid(&w, &a, at(60)).await;
    assert_eq!(start(&w, &b, &id).await.status, 404);
    assert_eq!(get_with(&w.a, &format!("/api/appointments/{id}/payment"), &b).await.status, 404);
    assert_eq!(get_with(&w.a, &format!("/api/appointments/{id}/payment"), &w.doctor_cookie).await.status, 404);
    assert_eq!(crate::common::get(&w.a, &format!("/api/appointments/{id}/payment")).await.status, 401);
}

#[sqlx::test]
async fn a_gateway_that_is_down_gets_a_clear_message_and_the_time_stays_kept(pool: PgPool) {
    // A port nothing listens on.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap().local_addr().unwrap();
    let w = paid_world(pool, &format!("http://{closed}")).await;
    let (_, c) = patient(&w, 1).await;
    let id = unpaid(&w, &c, at(60)).await;
    let tried = start(&w, &c, &id).await;
    assert_eq!(tried.status, 409, "{}", tried.body);
    assert!(tried.json()["data"]["detail"].as_str().unwrap().contains("didn't answer"), "{}", tried.body);
    assert_eq!(status(&w, &id).await, "awaiting_payment");
    assert_eq!(payment_history(&w, &id).await, ["created", "failed"]);
}

#[sqlx::test]
async fn one_patient_holds_at_most_two_times_at_once(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    for (i, minutes) in [60, 120].into_iter().enumerate() {
        assert_eq!(hold(&w.a, &w, &c, w.consult, at(minutes), &format!("cap-attempt-{i}")).await.status, 200);
    }
    let third = hold(&w.b, &w, &c, w.consult, at(150), "cap-attempt-2").await;
    assert_eq!(third.status, 409, "{}", third.body);
    assert!(third.json()["data"]["detail"].as_str().unwrap().contains("already holding"), "{}", third.body);
    // A retry of an attempt that holds is still answered with its hold.
    assert_eq!(hold(&w.a, &w, &c, w.consult, at(60), "cap-attempt-0").await.status, 200);
}

#[sqlx::test]
async fn the_payments_job_settles_a_checkout_whose_webhook_never_came(pool: PgPool) {
    use carebook::server::payments::reconcile;
    let Checkout { fake, w, id, cs, .. } = checkout_started(pool).await;
    fake.pay(&cs).unwrap();
    // Too fresh to ask about yet.
    assert_eq!(reconcile::run(&w.state).await.unwrap(), reconcile::Tick::default());
    w.clock.advance(Duration::minutes(6));
    let tick = reconcile::run(&w.state).await.unwrap();
    assert_eq!(tick.checked, 1);
    assert_eq!(status(&w, &id).await, "confirmed");
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
    let source: String = sqlx::query_scalar(
        "select source from payment_events where to_status = 'succeeded' and payment_id = (select id from payments where appointment_id = $1::uuid)",
    )
    .bind(&id)
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(source, "job");
    // Settled: the next run has nothing to do.
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap(), reconcile::Tick::default());
}
