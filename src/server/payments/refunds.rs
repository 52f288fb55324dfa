//! Refunds: requested in the transaction that decides them (one open refund per payment), then sent to the
//! provider with the refund's id as the idempotency key, so a retry never pays back twice.

use uuid::Uuid;

use crate::error::AppError;
use crate::model::payment::PaymentProvider;
use crate::model::Role;
use crate::server::AppState;

/// Record a refund of `amount_minor` of `payment` to be sent (inside the caller's transaction).
pub async fn request(
    tx: &mut sqlx::PgConnection,
    payment: Uuid,
    amount_minor: i64,
    reason: &str,
    requested_by: Option<Uuid>,
) -> Result<Uuid, sqlx::Error> {
    sqlx::query_scalar!(
        "insert into refunds (payment_id, amount_minor, reason, requested_by) values ($1, $2, $3, $4) returning id",
        payment,
        amount_minor,
        reason,
        requested_by
    )
    .fetch_one(tx)
    .await
}

/// Send refund `id` to the provider and record the answer. A provider that can't be reached leaves it
/// `requested` (sent again later); its answer `succeeded` moves the money on our side too.
pub async fn process(state: &AppState, id: Uuid) -> Result<(), AppError> {
    let r = sqlx::query!(
        r#"select r.amount_minor, r.status::text as "status!", p.id as payment_id,
                  p.provider as "provider: PaymentProvider", p.provider_payment_id
           from refunds r join payments p on p.id = r.payment_id where r.id = $1"#,
        id
    )
    .fetch_one(&state.db)
    .await?;
    if r.status != "requested" {
        return Ok(());
    }
    let Some(gateway) = state.config.payments.gateway.clone().filter(|g| g.provider == r.provider) else {
        tracing::warn!(refund = %id, "no gateway for this refund's provider; it stays requested");
        return Ok(());
    };
    let Some(intent) = r.provider_payment_id else {
        return Err(AppError::internal("a paid payment without its provider payment id"));
    };
    let answer = match gateway.api.refund(&intent, r.amount_minor, &format!("carebook-refund-{id}")).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(refund = %id, "the refund could not be sent yet: {e}");
            return Ok(());
        }
    };
    let done = answer.status == "succeeded";
    let mut tx = state.db.begin().await?;
    // Only the run that moves the refund out of `requested` books it: a concurrent run (the job, a retry)
    // got the same answer for the same idempotency key and must not count the money twice.
    let moved = sqlx::query_scalar!(
        r#"update refunds set status = $2::text::refund_status, provider_refund_id = $3
           where id = $1 and status = 'requested' returning id"#,
        id,
        if done { "succeeded" } else { "pending" },
        answer.id
    )
    .fetch_optional(&mut *tx)
    .await?;
    if moved.is_some() && done {
        sqlx::query!(
            r#"with old as (select status from payments where id = $1),
               upd as (
                   update payments set refunded_minor = refunded_minor + $2,
                          status = case when refunded_minor + $2 >= amount_minor then 'refunded'
                                        else 'partially_refunded' end::payment_status
                   where id = $1 returning id, status)
               insert into payment_events (payment_id, at, from_status, to_status, source, detail)
               select upd.id, $3, old.status, upd.status, 'refund', $4 from upd, old"#,
            r.payment_id,
            r.amount_minor,
            state.clock.now(),
            format!("refund {}", answer.id)
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// After appointment `id` was cancelled by someone acting as `role`: refund its payment by the doctor's
/// policy (everything when the doctor or an admin cancels; the doctor's share before or after the
/// cancellation cut-off when the patient does). Returns the amount refunded, if any.
pub async fn after_cancel(
    state: &AppState,
    id: Uuid,
    role: Role,
    actor: Uuid,
    before_cutoff: bool,
) -> Result<Option<i64>, AppError> {
    let paid = sqlx::query!(
        r#"select p.id, p.amount_minor - p.refunded_minor as "left!", d.refund_percent_before_cutoff as before,
                  d.refund_percent_after_cutoff as after
           from payments p join appointments a on a.id = p.appointment_id join doctors d on d.id = a.doctor_id
           where p.appointment_id = $1 and p.status in ('succeeded', 'partially_refunded')
           order by p.created_at desc limit 1"#,
        id
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(p) = paid else { return Ok(None) };
    let percent = match role {
        Role::Doctor | Role::Admin => 100,
        Role::Patient if before_cutoff => i64::from(p.before),
        Role::Patient => i64::from(p.after),
    };
    let amount = p.left * percent / 100;
    if amount <= 0 {
        return Ok(None);
    }
    let reason = match role {
        Role::Patient => format!("Cancelled by the patient: {percent}% refunded by the practice's policy."),
        _ => "Cancelled by the practice: refunded in full.".to_string(),
    };
    let mut conn = state.db.acquire().await?;
    let refund = request(&mut conn, p.id, amount, &reason, Some(actor)).await?;
    drop(conn);
    process(state, refund).await?;
    Ok(Some(amount))
}
