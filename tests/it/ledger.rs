//! Money after the fact, through the real routes on two instances: receipts (page and email) only for their
//! patient and admins, the patient's history, a doctor's own earnings, the admin ledger's filters and CSV,
//! and manual refunds (validated, audited, never twice the money).

use crate::common::booking::*;
use crate::common::{get_with, post_json, TestResponse};
use crate::payments::{checkout_started, payment_audit, start, unpaid, Checkout};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

/// A paid booking at 10:00 for patient 1 ($250 with Dr. Okafor): the appointment id and the payment id.
pub(crate) async fn paid(pool: PgPool) -> (Checkout, String) {
    let c = checkout_started(pool).await;
    c.fake.pay(&c.cs).unwrap();
    // The browser comes back; the server asks the provider and settles.
    let back = get_with(&c.w.a, &format!("/api/appointments/{}/payment", c.id), &c.cookie).await;
    assert_eq!(back.json()["status"], "succeeded", "{}", back.body);
    let pid: Uuid =
        sqlx::query_scalar("select id from payments where appointment_id = $1::uuid and status = 'succeeded'")
            .bind(&c.id)
            .fetch_one(&c.w.pool)
            .await
            .unwrap();
    (c, pid.to_string())
}

pub(crate) async fn admin(w: &World) -> String {
    let id: Uuid = sqlx::query_scalar(
        "insert into users (email, full_name, role, email_verified_at) values ('ops@example.test', 'Ops', 'admin', now())
         returning id",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    cookie_for(&w.pool, id, &w.clock).await
}

pub(crate) async fn refund(router: &axum::Router, cookie: &str, pid: &str, amount: i64, reason: &str) -> TestResponse {
    let body = json!({ "refund": { "amount_minor": amount, "reason": reason } });
    post_json(router, &format!("/api/admin/payments/{pid}/refund"), body, Some(cookie)).await
}

/// What the provider has paid back over all its checkouts.
fn refunded_at_provider(c: &Checkout) -> i64 {
    c.fake.sessions.lock().unwrap().values().map(|s| s.refunded).sum()
}

async fn ledger(w: &World, cookie: &str, filter: Value) -> TestResponse {
    let mut f = json!({ "provider": null, "status": null, "doctor": "", "from": "", "to": "", "page": 0 });
    f.as_object_mut().unwrap().extend(filter.as_object().unwrap().clone());
    post_json(&w.b, "/api/admin/payments", json!({ "filter": f }), Some(cookie)).await
}

#[sqlx::test]
async fn a_receipt_is_emailed_once_and_shown_only_to_its_patient_and_admins(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    // Coming back twice settles nothing twice: one receipt email.
    get_with(&w.b, &format!("/api/appointments/{}/payment", c.id), &c.cookie).await;
    w.run_jobs().await;
    let mails: Vec<(String, String)> =
        sqlx::query_as("select subject, body_text from outbox_emails where subject like 'Your Carebook receipt%'")
            .fetch_all(&w.pool)
            .await
            .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert!(
        mails[0].1.contains("Amount: $250 (USD)") && mails[0].1.contains(&format!("/patient/payments/{pid}/receipt"))
    );

    let receipt = get_with(&w.a, &format!("/api/payments/{pid}/receipt"), &c.cookie).await;
    assert_eq!(receipt.status, 200, "{}", receipt.body);
    let r = receipt.json();
    assert!(r["number"].as_str().unwrap().starts_with("CB-"), "{r}");
    assert!(mails[0].0.ends_with(r["number"].as_str().unwrap()));
    assert_eq!((r["row"]["amount_label"].as_str(), r["row"]["status"].as_str()), (Some("$250"), Some("succeeded")));
    assert!(r["provider_ref"].as_str().unwrap().starts_with("pi_"), "{r}");

    let (_, other) = patient(w, 2).await;
    assert_eq!(get_with(&w.b, &format!("/api/payments/{pid}/receipt"), &other).await.status, 404);
    // The visit's doctor is not its payer: a receipt is its patient's (and admins') alone.
    assert_eq!(get_with(&w.b, &format!("/api/payments/{pid}/receipt"), &w.doctor_cookie).await.status, 404);
    assert_eq!(get_with(&w.b, &format!("/api/payments/{pid}/receipt"), &admin(w).await).await.status, 200);
    // Patient 2's own history is empty; patient 1's has the payment, with its receipt.
    assert_eq!(get_with(&w.a, "/api/payments", &other).await.json(), json!([]));
    let mine = get_with(&w.a, "/api/payments", &c.cookie).await.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], pid.as_str());

    // An attempt that was never paid has no receipt.
    let unpaid_id = unpaid(w, &c.cookie, at(120)).await;
    start(w, &c.cookie, &unpaid_id).await;
    let open: Uuid = sqlx::query_scalar("select id from payments where appointment_id = $1::uuid")
        .bind(&unpaid_id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(get_with(&w.a, &format!("/api/payments/{open}/receipt"), &c.cookie).await.status, 404);
    assert_eq!(get_with(&w.a, "/api/payments", &c.cookie).await.json().as_array().unwrap().len(), 2);
}

#[sqlx::test]
async fn an_admin_refund_is_validated_audited_and_never_pays_back_twice(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    let ops = admin(w).await;
    assert_eq!(refund(&w.a, &c.cookie, &pid, 1_000, "Doctor was late").await.status, 403);
    let too_much = refund(&w.a, &ops, &pid, 25_001, "Doctor was late").await;
    assert_eq!(too_much.status, 422, "{}", too_much.body);
    assert!(too_much.body.contains("more than what is left"), "{}", too_much.body);
    assert_eq!(refund(&w.a, &ops, &pid, 1_000, "no").await.status, 422);

    let done = refund(&w.a, &ops, &pid, 10_000, "Doctor was 40 minutes late").await;
    assert_eq!(done.status, 200, "{}", done.body);
    let h = done.json();
    assert_eq!(h["payment"]["status"], "partially_refunded", "{h}");
    assert_eq!((h["refundable_minor"].as_i64(), h["refunds"][0]["status"].as_str()), (Some(15_000), Some("succeeded")));
    assert!(h["refunds"][0]["reason"].as_str().unwrap().ends_with("Doctor was 40 minutes late"));
    assert_eq!(refunded_at_provider(&c), 10_000, "the provider paid back $100");

    // Two admins refund the rest at once from both instances: one wins, the money goes back once.
    let (x, y) = tokio::join!(
        refund(&w.a, &ops, &pid, 15_000, "Rest of the fee, as agreed"),
        refund(&w.b, &ops, &pid, 15_000, "Rest of the fee, as agreed")
    );
    let mut codes = [x.status.as_u16(), y.status.as_u16()];
    codes.sort();
    assert_eq!(codes[0], 200, "{} / {}", x.body, y.body);
    assert!(codes[1] == 409 || codes[1] == 422, "{} / {}", x.body, y.body);
    assert_eq!(refunded_at_provider(&c), 25_000);
    let (status, refunded): (String, i64) =
        sqlx::query_as("select status::text, refunded_minor from payments where id = $1::uuid")
            .bind(&pid)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), refunded), ("refunded", 25_000));
    assert_eq!(refund(&w.a, &ops, &pid, 1, "Nothing left to give").await.status, 409);
    let audited = payment_audit(w).await;
    assert_eq!(audited.iter().filter(|a| *a == "payments.refund").count(), 2, "{audited:?}");
    // The patient's receipt shows both refunds.
    let r = get_with(&w.b, &format!("/api/payments/{pid}/receipt"), &c.cookie).await.json();
    assert_eq!(r["refunds"].as_array().unwrap().len(), 2, "{r}");
}

#[sqlx::test]
async fn a_doctor_sees_their_own_earnings_and_nobody_elses(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    let month = {
        use carebook::server::clock::Clock;
        w.clock.now().format("%Y-%m").to_string()
    };
    let mine = get_with(&w.a, &format!("/api/doctor/earnings?month={month}"), &w.doctor_cookie).await;
    assert_eq!(mine.status, 200, "{}", mine.body);
    let e = mine.json();
    assert_eq!(
        (e["month_total"]["payments"].as_i64(), e["month_total"]["paid_label"].as_str()),
        (Some(1), Some("$250"))
    );
    assert_eq!(e["days"].as_array().unwrap().len(), 1, "{e}");
    assert_eq!(e["months"].as_array().unwrap().len(), 12);

    refund(&w.a, &admin(w).await, &pid, 10_000, "Goodwill after a long wait").await;
    let e = get_with(&w.b, &format!("/api/doctor/earnings?month={month}"), &w.doctor_cookie).await.json();
    assert_eq!(
        (e["month_total"]["refunded_label"].as_str(), e["month_total"]["net_label"].as_str()),
        (Some("$100"), Some("$150"))
    );

    let other: Uuid = sqlx::query_scalar("select user_id from doctors where id <> $1 limit 1")
        .bind(w.doctor_id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let other = cookie_for(&w.pool, other, &w.clock).await;
    let theirs = get_with(&w.a, &format!("/api/doctor/earnings?month={month}"), &other).await.json();
    assert_eq!(theirs["month_total"]["payments"], 0, "{theirs}");
    assert_eq!(get_with(&w.a, "/api/doctor/earnings?month=", &c.cookie).await.status, 403);
    assert_eq!(get_with(&w.a, "/api/doctor/earnings?month=2026-13", &w.doctor_cookie).await.status, 422);
}

#[sqlx::test]
async fn the_ledger_filters_and_exports_a_spreadsheet_safe_csv(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    let ops = admin(w).await;
    let waiting = unpaid(w, &c.cookie, at(120)).await;
    start(w, &c.cookie, &waiting).await;
    let count = |r: TestResponse| r.json().as_array().map(Vec::len).unwrap_or(usize::MAX);
    assert_eq!(count(ledger(w, &ops, json!({})).await), 2);
    assert_eq!(count(ledger(w, &ops, json!({ "status": "succeeded" })).await), 1);
    assert_eq!(count(ledger(w, &ops, json!({ "provider": "sslcommerz" })).await), 0);
    assert_eq!(count(ledger(w, &ops, json!({ "doctor": "okafor" })).await), 2);
    assert_eq!(count(ledger(w, &ops, json!({ "doctor": "nobody" })).await), 0);
    assert_eq!(ledger(w, &ops, json!({ "from": "yesterday" })).await.status, 422);
    assert_eq!(ledger(w, &c.cookie, json!({})).await.status, 403);
    let detail = get_with(&w.a, &format!("/api/admin/payments/{pid}"), &ops).await.json();
    let steps: Vec<&str> = detail["steps"].as_array().unwrap().iter().map(|s| s["to"].as_str().unwrap()).collect();
    assert_eq!(steps, ["created", "pending", "succeeded"]);
    assert_eq!(detail["attempts"], json!([]));
    // An earlier attempt at the same visit that failed: each payment's page lists the other.
    let failed: Uuid = sqlx::query_scalar(
        "insert into payments (appointment_id, patient_id, provider, amount_minor, currency, status)
         select appointment_id, patient_id, provider, amount_minor, currency, 'failed' from payments
         where id = $1::uuid returning id",
    )
    .bind(&pid)
    .fetch_one(&w.pool)
    .await
    .unwrap();
    let detail = get_with(&w.a, &format!("/api/admin/payments/{pid}"), &ops).await.json();
    assert_eq!(
        (detail["attempts"][0]["id"].as_str(), detail["attempts"][0]["status"].as_str()),
        (Some(failed.to_string().as_str()), Some("failed"))
    );
    let other = get_with(&w.b, &format!("/api/admin/payments/{failed}"), &ops).await.json();
    assert_eq!(other["attempts"][0]["id"], pid.as_str());
    assert_eq!(other["refundable_minor"], 0, "nothing to refund on a failed attempt");

    // A name a spreadsheet would run as a formula stays text.
    sqlx::query("update users set full_name = '=HYPERLINK(\"http://x\",\"y\")' where email = 'p1@example.test'")
        .execute(&w.pool)
        .await
        .unwrap();
    let csv = get_with(&w.b, "/api/admin/payments.csv?status=succeeded", &ops).await;
    assert_eq!(csv.status, 200, "{}", csv.body);
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    assert!(csv.headers["content-disposition"]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"carebook-payments-"));
    let lines: Vec<&str> = csv.body.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(lines[0].starts_with("payment_id,appointment_id,"));
    assert!(
        lines[1].starts_with(&pid) && lines[1].contains(",stripe,") && lines[1].ends_with(",USD,250.00,0.00,250.00")
    );
    assert!(lines[1].contains(r#","'=HYPERLINK(""http://x"",""y"")","#), "{}", lines[1]);
    assert_eq!(get_with(&w.b, "/api/admin/payments.csv", &c.cookie).await.status, 403);
    assert!(payment_audit(w).await.contains(&"payments.export".to_string()));
}

#[sqlx::test]
async fn the_money_pages_render_on_the_server_for_their_owners(pool: PgPool) {
    let (c, pid) = paid(pool).await;
    let w = &c.w;
    let ops = admin(w).await;
    let receipt = get_with(&w.a, &format!("/patient/payments/{pid}/receipt"), &c.cookie).await;
    assert_eq!(receipt.status, 200);
    assert!(receipt.body.contains(r#"data-testid="receipt""#) && receipt.body.contains("$250"), "{}", receipt.body);
    assert!(receipt.body.contains("Dr. Amara Okafor"));
    let history = get_with(&w.b, "/patient/payments", &c.cookie).await;
    assert!(history.body.contains(&format!("/patient/payments/{pid}/receipt")), "{}", history.body);
    let earnings = get_with(&w.a, "/doctor/earnings", &w.doctor_cookie).await;
    assert!(
        earnings.body.contains(r#"data-testid="earnings-days""#) && earnings.body.contains("$250"),
        "{}",
        earnings.body
    );
    let ledger = get_with(&w.b, "/admin/payments", &ops).await;
    assert!(ledger.body.contains(&format!("/admin/payments/{pid}")), "{}", ledger.body);
    let one = get_with(&w.b, &format!("/admin/payments/{pid}"), &ops).await;
    assert!(one.body.contains(r#"data-testid="refund-form""#), "{}", one.body);
    // Someone else's receipt renders the not-found message, not the receipt.
    let (_, other) = patient(w, 2).await;
    let theirs = get_with(&w.a, &format!("/patient/payments/{pid}/receipt"), &other).await;
    assert!(!theirs.body.contains(r#"data-testid="receipt""#) && !theirs.body.contains("$250"), "{}", theirs.body);
}
