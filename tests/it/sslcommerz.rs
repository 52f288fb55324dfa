//! Paying in taka through a local server that speaks SSLCommerz's protocol (`payments::dev_sslcommerz` on its
//! own port): the hosted checkout, 50 IPNs over two instances, the browser's cross-site return without a
//! cookie, forged hashes and a hostile gateway's amounts, a failed attempt paid again, refunds that finish
//! later, and the job settling a payment whose IPN never came.

use crate::common::booking::*;
use crate::common::{get_with, post_json, TestResponse};
use crate::payments::{payment_audit, payment_history, status};
use axum::body::Body;
use axum::http::Request;
use carebook::server::payments::dev_sslcommerz::{self, FakeConfig, FakeState};
use carebook::server::payments::{reconcile, sslcommerz, PaymentSettings};
use chrono::Duration;
use serde_json::{json, Value};
use sqlx::PgPool;

const STORE: &str = "carebook_test";
const PASSWORD: &str = "carebook_test@ssl";

async fn gateway() -> (String, FakeState) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let state = FakeState::default();
    // The IPN is delivered by the tests, through the app's routers.
    let config =
        FakeConfig { base: base.clone(), store_id: STORE.into(), store_password: PASSWORD.into(), deliver_ipn: false };
    let app = dev_sslcommerz::router(config, state.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (base, state)
}

/// Dr. Okafor charges ৳250 online; both instances talk to the local SSLCommerz.
async fn taka_world(pool: PgPool, base: &str) -> World {
    let client = sslcommerz::Client::new(base, STORE, PASSWORD);
    let w = world_with(pool, |c| {
        c.payments = PaymentSettings { sslcommerz: Some(client.clone()), ..PaymentSettings::none() }
    })
    .await;
    sqlx::query!("update doctors set payment_policy = 'online', currency = 'BDT' where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    w.settle().await;
    w
}

struct Started {
    fake: FakeState,
    w: World,
    cookie: String,
    id: String,
    tran: String,
}

async fn started(pool: PgPool) -> Started {
    let (base, fake) = gateway().await;
    let w = taka_world(pool, &base).await;
    let (_, cookie) = patient(&w, 1).await;
    let v = book(&w, &cookie, w.consult, at(60)).await;
    assert_eq!(v["status"], "awaiting_payment", "{v}");
    let id = v["id"].as_str().unwrap().to_string();
    let url = pay(&w, &cookie, &id).await;
    assert!(url.starts_with(&format!("{base}/gw/")), "{url}");
    let tran: String = sqlx::query_scalar("select provider_session_id from payments where appointment_id = $1::uuid")
        .bind(&id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    Started { fake, w, cookie, id, tran }
}

async fn pay(w: &World, cookie: &str, id: &str) -> String {
    let r = post_json(&w.a, &format!("/api/appointments/{id}/pay"), Value::Null, Some(cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.json().as_str().unwrap().to_string()
}

fn form(fields: &[(String, String)]) -> String {
    let enc = carebook::model::form_value;
    fields.iter().map(|(k, v)| format!("{}={}", enc(k), enc(v))).collect::<Vec<_>>().join("&")
}

/// SSLCommerz's server-to-server notice.
async fn ipn(router: &axum::Router, fields: &[(String, String)]) -> TestResponse {
    let req = Request::post("/payments/sslcommerz/ipn")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form(fields)))
        .unwrap();
    crate::common::send(router, req).await
}

/// The patient's browser posting back from SSLCommerz's page: cross-site, and without our cookie.
async fn back(router: &axum::Router, kind: &str, fields: &[(String, String)]) -> TestResponse {
    let req = Request::post(format!("/payments/sslcommerz/{kind}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", "https://securepay.sslcommerz.com")
        .header("sec-fetch-site", "cross-site")
        .body(Body::from(form(fields)))
        .unwrap();
    crate::common::send(router, req).await
}

#[sqlx::test]
async fn a_taka_booking_is_paid_through_sslcommerz_once(pool: PgPool) {
    let Started { fake, w, cookie, id, tran } = started(pool).await;
    let t = fake.get(&tran).unwrap();
    assert_eq!((t.amount.as_str(), t.currency.as_str(), t.value_a.as_str()), ("250.00", "BDT", id.as_str()));
    assert!(t.urls[3].ends_with("/payments/sslcommerz/ipn"), "{:?}", t.urls);
    let paid = fake.pay(&tran, PASSWORD).unwrap();
    // 50 deliveries of the same IPN at once, over both instances.
    let mut deliveries = tokio::task::JoinSet::new();
    for i in 0..50 {
        let router = if i % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let fields = paid.clone();
        deliveries.spawn(async move { ipn(&router, &fields).await.status });
    }
    while let Some(s) = deliveries.join_next().await {
        assert_eq!(s.unwrap(), 200);
    }
    assert_eq!(status(&w, &id).await, "confirmed");
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
    // The browser comes back cross-site without a cookie: not refused, sent to the payment page.
    let r = back(&w.b, "success", &paid).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("location"), format!("/patient/appointments/{id}/payment"));
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
    let page = get_with(&w.a, &format!("/api/appointments/{id}/payment"), &cookie).await.json();
    assert_eq!((page["status"].as_str(), page["provider"].as_str()), (Some("succeeded"), Some("sslcommerz")));
    let bank: Option<String> =
        sqlx::query_scalar("select provider_payment_id from payments").fetch_one(&w.pool).await.unwrap();
    assert_eq!(bank.as_deref(), Some(fake.get(&tran).unwrap().bank_tran_id.as_str()));
}

#[sqlx::test]
async fn forged_hashes_and_a_hostile_gateways_amount_change_nothing(pool: PgPool) {
    let Started { fake, w, id, tran, .. } = started(pool).await;
    let paid = fake.pay(&tran, PASSWORD).unwrap();
    // Signed with a guessed password, or a field changed after signing.
    let mut guessed: Vec<(String, String)> = paid.iter().filter(|(k, _)| !k.starts_with("verify_")).cloned().collect();
    sslcommerz::sign(&mut guessed, "guess");
    assert_eq!(ipn(&w.a, &guessed).await.status, 400);
    let mut edited = paid.clone();
    edited.iter_mut().find(|(k, _)| k == "amount").unwrap().1 = "1.00".into();
    assert_eq!(ipn(&w.b, &edited).await.status, 400);
    // A browser post with a forged hash is not believed either (the page then asks SSLCommerz itself).
    assert_eq!(back(&w.a, "success", &guessed).await.status, 303);
    // The gateway's own record says ৳1: not our payment's figures, whatever the hash.
    fake.set_amount(&tran, "1.00");
    assert_eq!(ipn(&w.a, &fake.pay(&tran, PASSWORD).unwrap()).await.status, 200);
    assert_eq!(status(&w, &id).await, "awaiting_payment");
    assert_eq!(payment_history(&w, &id).await, ["created", "pending"]);
    assert_eq!(
        payment_audit(&w).await,
        ["payments.webhook_refused", "payments.webhook_refused", "payments.webhook_refused", "payments.rejected"]
    );
}

#[sqlx::test]
async fn the_browser_back_first_settles_from_the_validation_api(pool: PgPool) {
    let Started { fake, w, id, tran, .. } = started(pool).await;
    let paid = fake.pay(&tran, PASSWORD).unwrap();
    assert_eq!(back(&w.a, "success", &paid).await.status, 303);
    assert_eq!(status(&w, &id).await, "confirmed");
    let source: String = sqlx::query_scalar("select source from payment_events where to_status = 'succeeded'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(source, "return");
    // The IPN arriving afterwards (SSLCommerz now says VALIDATED) changes nothing.
    assert_eq!(ipn(&w.b, &paid).await.status, 200);
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
}

#[sqlx::test]
async fn a_failed_attempt_can_be_paid_again_while_the_window_is_open(pool: PgPool) {
    let Started { fake, w, cookie, id, tran } = started(pool).await;
    let failed = fake.end(&tran, "FAILED", PASSWORD).unwrap();
    assert_eq!(back(&w.a, "fail", &failed).await.status, 303);
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "failed"]);
    let page = get_with(&w.a, &format!("/api/appointments/{id}/payment"), &cookie).await.json();
    assert_eq!((page["status"].as_str(), page["can_pay"].as_bool()), (Some("failed"), Some(true)), "{page}");
    assert_eq!(status(&w, &id).await, "awaiting_payment");
    // A second attempt: a new transaction, paid.
    pay(&w, &cookie, &id).await;
    let second: String = sqlx::query_scalar(
        "select provider_session_id from payments where appointment_id = $1::uuid order by created_at desc limit 1",
    )
    .bind(&id)
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_ne!(second, tran);
    assert_eq!(ipn(&w.b, &fake.pay(&second, PASSWORD).unwrap()).await.status, 200);
    assert_eq!(status(&w, &id).await, "confirmed");
}

#[sqlx::test]
async fn a_refund_is_sent_once_and_booked_when_sslcommerz_finishes_it(pool: PgPool) {
    let Started { fake, w, id, tran, .. } = started(pool).await;
    assert_eq!(ipn(&w.a, &fake.pay(&tran, PASSWORD).unwrap()).await.status, 200);
    let body = json!({ "reason": "The doctor is ill" });
    let done = post_json(&w.b, &format!("/api/appointments/{id}/cancel"), body, Some(&w.doctor_cookie)).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let refunds = fake.get(&tran).unwrap().refunds;
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0].amount_minor, 25_000);
    let state: String = sqlx::query_scalar("select status::text from refunds").fetch_one(&w.pool).await.unwrap();
    assert_eq!(state, "pending", "SSLCommerz takes a while to pay back");
    // The job asks about it: still processing, then refunded.
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap().refunds_checked, 1);
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded"]);
    fake.finish_refunds();
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap().refunds_checked, 1);
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "succeeded", "refunded"]);
    assert_eq!(fake.get(&tran).unwrap().refunds.len(), 1, "sent once");
}

#[sqlx::test]
async fn the_job_settles_a_payment_whose_ipn_and_browser_never_came(pool: PgPool) {
    let Started { fake, w, id, tran, .. } = started(pool).await;
    fake.pay(&tran, PASSWORD).unwrap();
    assert_eq!(reconcile::run(&w.state).await.unwrap().checked, 0, "too fresh to ask about");
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap().checked, 1);
    assert_eq!(status(&w, &id).await, "confirmed");
}

#[sqlx::test]
async fn a_checkout_nobody_finishes_is_given_up_after_a_day_and_late_money_still_lands(pool: PgPool) {
    let Started { fake, w, id, tran, .. } = started(pool).await;
    // Asked about every few minutes while SSLCommerz keeps saying "not paid yet".
    for _ in 0..3 {
        w.clock.advance(Duration::minutes(6));
        assert_eq!(reconcile::run(&w.state).await.unwrap().checked, 1);
    }
    assert_eq!(payment_history(&w, &id).await, ["created", "pending"]);
    w.clock.advance(Duration::hours(24));
    reconcile::run(&w.state).await.unwrap();
    assert_eq!(payment_history(&w, &id).await, ["created", "pending", "expired"]);
    w.clock.advance(Duration::minutes(6));
    assert_eq!(reconcile::run(&w.state).await.unwrap().checked, 0, "no longer asked about");
    // The patient pays the old page after all: the money is recorded, and refunded (the time is gone).
    let paid = fake.pay(&tran, PASSWORD).unwrap();
    assert_eq!(ipn(&w.a, &paid).await.status, 200);
    assert_eq!(payment_history(&w, &id).await[..4], ["created", "pending", "expired", "succeeded"]);
    assert_eq!(fake.get(&tran).unwrap().refunds.len(), 1, "refunded");
}
