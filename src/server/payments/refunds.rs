//! Refunds: requested in the transaction that decides them (one open refund per payment), then sent to the
//! provider with the refund's id as the idempotency key, so a retry never pays back twice.

use uuid::Uuid;

use super::provider::{RefundAnswer, RefundState};
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

/// Send refund `id` to the provider and record the answer. The refund is claimed first (a lease on
/// `tried_at`), so the request's own call and the job never send it at once; a provider that can't be
/// reached leaves it `requested` (sent again later); `pending` ones are asked about by the job
/// ([`check`]); `succeeded` moves the money on our side too.
pub async fn process(state: &AppState, id: Uuid) -> Result<(), AppError> {
    let now = state.clock.now();
    let claimed = sqlx::query!(
        r#"update refunds r set tried_at = $2
           from payments p
           where r.id = $1 and p.id = r.payment_id and r.status = 'requested'
             and (r.tried_at is null or r.tried_at <= $3)
           returning r.amount_minor, r.reason, p.id as payment_id, p.provider as "provider: PaymentProvider",
                     p.provider_payment_id"#,
        id,
        now,
        now - chrono::Duration::minutes(1)
    )
    .fetch_optional(&state.db)
    .await?;
    let Some(r) = claimed else { return Ok(()) };
    let Some(money) = r.provider_payment_id else {
        return Err(AppError::internal("a paid payment without its provider payment id"));
    };
    let answer = match state.config.payments.refund(r.provider, &money, r.amount_minor, &r.reason, id).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(refund = %id, "the refund could not be sent yet: {e}");
            return Ok(());
        }
    };
    book(state, id, r.payment_id, r.amount_minor, "requested", &answer).await
}

/// Ask the provider about refunds it accepted but has not paid back yet, and book the finished ones.
pub async fn check(state: &AppState, batch: i64) -> Result<u64, AppError> {
    let now = state.clock.now();
    let due = sqlx::query!(
        r#"update refunds r set tried_at = $1
           from (select r.id from refunds r join payments p on p.id = r.payment_id
                 where r.status = 'pending' and p.provider = any($4) and (r.tried_at is null or r.tried_at <= $2)
                 order by r.tried_at nulls first limit $3 for update of r skip locked) due, payments p
           where r.id = due.id and p.id = r.payment_id
           returning r.id, r.amount_minor, r.provider_refund_id as "refund_ref!", p.id as payment_id,
                     p.provider as "provider: PaymentProvider""#,
        now,
        now - chrono::Duration::minutes(5),
        batch,
        &state.config.payments.providers() as &[PaymentProvider]
    )
    .fetch_all(&state.db)
    .await?;
    let mut n = 0;
    for r in due {
        match state.config.payments.refund_status(r.provider, &r.refund_ref).await {
            Ok(answer) => {
                book(state, r.id, r.payment_id, r.amount_minor, "pending", &answer).await?;
                n += 1;
            }
            Err(e) => tracing::warn!(refund = %r.id, "asking about a refund failed: {e}"),
        }
    }
    Ok(n)
}

/// A provider's word about one of its refunds (Stripe's `refund.updated`): book it if it finished.
pub async fn provider_said(state: &AppState, provider: PaymentProvider, answer: &RefundAnswer) -> Result<(), AppError> {
    let known = sqlx::query!(
        r#"select r.id, r.amount_minor, r.payment_id from refunds r join payments p on p.id = r.payment_id
           where p.provider = $1 and r.provider_refund_id = $2 and r.status = 'pending'"#,
        provider as PaymentProvider,
        answer.id
    )
    .fetch_optional(&state.db)
    .await?;
    match known {
        Some(r) => book(state, r.id, r.payment_id, r.amount_minor, "pending", answer).await,
        None => Ok(()),
    }
}

/// A provider's word that the charge behind `payment_ref` gave money back (Stripe's `charge.refunded`):
/// ask about each of that payment's refunds still pending and book the finished ones. An unreachable
/// provider is `Unavailable`, so the webhook is delivered again.
pub async fn charge_refunded(state: &AppState, provider: PaymentProvider, payment_ref: &str) -> Result<(), AppError> {
    let open = sqlx::query!(
        r#"select r.id, r.amount_minor, r.payment_id, r.provider_refund_id as "refund_ref!"
           from refunds r join payments p on p.id = r.payment_id
           where p.provider = $1 and p.provider_payment_id = $2 and r.status = 'pending'
             and r.provider_refund_id is not null"#,
        provider as PaymentProvider,
        payment_ref
    )
    .fetch_all(&state.db)
    .await?;
    for r in open {
        let answer = state.config.payments.refund_status(provider, &r.refund_ref).await.map_err(|e| {
            tracing::warn!(refund = %r.id, "asking about a refund failed: {e}");
            AppError::Unavailable
        })?;
        book(state, r.id, r.payment_id, r.amount_minor, "pending", &answer).await?;
    }
    Ok(())
}

/// Record the provider's `answer` for refund `id` (in state `from`); only the run that moves it books the money.
async fn book(
    state: &AppState,
    id: Uuid,
    payment: Uuid,
    amount_minor: i64,
    from: &str,
    answer: &RefundAnswer,
) -> Result<(), AppError> {
    let to = match answer.state {
        RefundState::Pending if from == "pending" => return Ok(()),
        RefundState::Pending => "pending",
        RefundState::Succeeded => "succeeded",
        RefundState::Failed => "failed",
    };
    let mut tx = state.db.begin().await?;
    // A concurrent run got the same answer (the same idempotency key) and must not count the money twice.
    let moved = sqlx::query_scalar!(
        r#"update refunds set status = $2::text::refund_status, provider_refund_id = $3,
                  settled_at = case when $2 = 'succeeded' then $5::timestamptz end
           where id = $1 and status = $4::text::refund_status returning id"#,
        id,
        to,
        answer.id,
        from,
        state.clock.now()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if moved.is_some() && answer.state == RefundState::Succeeded {
        sqlx::query!(
            r#"with old as (select status from payments where id = $1),
               upd as (
                   update payments set refunded_minor = refunded_minor + $2,
                          status = case when refunded_minor + $2 >= amount_minor then 'refunded'
                                        else 'partially_refunded' end::payment_status
                   where id = $1 returning id, status)
               insert into payment_events (payment_id, at, from_status, to_status, source, detail)
               select upd.id, $3, old.status, upd.status, 'refund', $4 from upd, old"#,
            payment,
            amount_minor,
            state.clock.now(),
            format!("refund {}", answer.id)
        )
        .execute(&mut *tx)
        .await?;
    }
    if moved.is_some() && answer.state == RefundState::Failed {
        tracing::error!(refund = %id, "the provider refused a refund: it needs a person");
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
