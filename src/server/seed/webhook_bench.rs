//! Payment webhook benchmark fixtures (`carebook bench webhook-setup DIR N SECRET`), run after the booking
//! benchmark on its database: up to 2·N of its holds become bookings awaiting payment, each with a pending
//! Stripe payment. The first N get a signed `checkout.session.completed` event each (`DIR/webhooks.txt`,
//! "Stripe-Signature<TAB>body" lines for wrk, signed now: the server accepts them for five minutes); the
//! next N are listed in `bench_webhooks` for pgbench, which runs the same settling transaction by hand.

use std::io::Write;

use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::server::payments::stripe;

/// The amount every bench payment is for ($250).
const AMOUNT: i64 = 25_000;

/// Prepare the fixtures; returns (signed events, pgbench rows).
pub async fn setup(db: &PgPool, dir: &std::path::Path, per_list: i64, secret: &str) -> anyhow::Result<(usize, usize)> {
    sqlx::raw_sql(
        "create table if not exists bench_webhooks (n bigint primary key, payment_id uuid, appointment_id uuid,
           session_id text);
         truncate bench_webhooks;
         create sequence if not exists bench_webhook_seq;
         alter sequence bench_webhook_seq restart with 1;",
    )
    .execute(db)
    .await?;
    // Unchecked on purpose: `bench_webhooks` exists only in bench databases (created above).
    let rows: Vec<(Uuid, Uuid, String)> = sqlx::query_as(
        "with picked as (
             update appointments set status = 'awaiting_payment', hold_expires_at = now() + interval '1 day'
             where id in (select id from appointments where status = 'held' and starts_at > now() + interval '1 day'
                          order by starts_at limit $1)
             returning id, patient_id),
         paid as (
             insert into payments (appointment_id, patient_id, provider, provider_session_id, amount_minor, currency,
                                   status)
             select id, patient_id, 'stripe', 'cs_bench_' || replace(id::text, '-', ''), $2, 'USD', 'pending'
             from picked
             returning id, appointment_id, provider_session_id)
         select id, appointment_id, provider_session_id from paid",
    )
    .bind(per_list * 2)
    .bind(AMOUNT)
    .fetch_all(db)
    .await?;
    sqlx::query(
        "insert into payment_events (payment_id, at, from_status, to_status, source)
         select p.id, now(), s.f::payment_status, s.t::payment_status, 'patient'
         from payments p, (values (null, 'created'), ('created', 'pending')) s(f, t)
         where p.provider_session_id like 'cs_bench_%' and p.status = 'pending'",
    )
    .execute(db)
    .await?;
    // Half each, so neither side runs out before the other.
    let split = (rows.len() / 2).min(per_list as usize);
    let (http, raw) = rows.split_at(split);
    let raw = &raw[..split];
    let t = chrono::Utc::now().timestamp();
    let mut file = std::io::BufWriter::new(std::fs::File::create(dir.join("webhooks.txt"))?);
    for (i, (_, appointment, session)) in http.iter().enumerate() {
        let body = json!({
            "id": format!("evt_bench_{i:08}"),
            "type": "checkout.session.completed",
            "data": { "object": {
                "id": session, "object": "checkout.session", "status": "complete", "payment_status": "paid",
                "payment_intent": format!("pi_bench_{i:08}"), "amount_total": AMOUNT, "currency": "usd",
                "client_reference_id": appointment.to_string(),
                "metadata": { "appointment_id": appointment.to_string() }
            } }
        })
        .to_string();
        writeln!(file, "{}\t{body}", stripe::sign(body.as_bytes(), secret, t))?;
    }
    file.flush()?;
    let n: Vec<i64> = (1..=raw.len() as i64).collect();
    let (p, a, s): (Vec<Uuid>, Vec<Uuid>, Vec<String>) =
        raw.iter().cloned().fold((vec![], vec![], vec![]), |(mut p, mut a, mut s), r| {
            p.push(r.0);
            a.push(r.1);
            s.push(r.2);
            (p, a, s)
        });
    sqlx::query("insert into bench_webhooks select * from unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::text[])")
        .bind(&n)
        .bind(&p)
        .bind(&a)
        .bind(&s)
        .execute(db)
        .await?;
    Ok((http.len(), raw.len()))
}
