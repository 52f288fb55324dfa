//! A provider's word about a checkout, applied exactly once: the delivery is recorded first (its event id is
//! unique, so a repeat finds it and stops), the payment row is locked, and the payment and the appointment
//! change in the same transaction. Webhooks, repeated or concurrent deliveries and the browser's return
//! (which asks the provider) all converge on the same state.

use serde_json::json;
use uuid::Uuid;

use super::provider::{Checkout, CheckoutState};
use crate::error::AppError;
use crate::model::booking::AppointmentStatus;
use crate::model::money::Currency;
use crate::model::payment::{PaymentProvider, PaymentStatus};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::ClientInfo;
use crate::server::booking::{self, mail::Change};
use crate::server::db::constraint;
use crate::server::jobs::{self, Job};
use crate::server::AppState;

/// What applying a checkout did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Settled {
    /// This event was applied before: nothing done.
    Duplicate,
    /// No payment of ours has this checkout.
    Unknown,
    /// The checkout does not match the payment (amount, currency, appointment): refused and audited.
    Rejected(String),
    /// Nothing to change (still open, or already applied).
    Unchanged,
    /// The payment succeeded: the booking is confirmed (or awaits the doctor), or, when its time could not
    /// be kept, a refund was started.
    Paid { booked: bool, refund: Option<Uuid> },
    /// The checkout expired unpaid.
    Expired,
    /// The attempt failed or the patient cancelled it at the provider (they may pay again while the window
    /// is open).
    Abandoned,
}

/// Apply `checkout` (as the provider reports it) to our payment. `event` is the provider's delivery id and
/// type, when the word came as an event; `source` says how it came (`webhook`, `return`, `job`).
pub async fn settle(
    state: &AppState,
    provider: PaymentProvider,
    checkout: &Checkout,
    event: Option<(&str, &str)>,
    source: &str,
    client: &ClientInfo,
) -> Result<Settled, AppError> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query_scalar!("select set_config('carebook.now', $1::text, true)", now.to_rfc3339())
        .fetch_one(&mut *tx)
        .await?;
    if let Some((id, kind)) = event {
        let first = sqlx::query_scalar!(
            r#"insert into provider_events (provider, event_id, kind, received_at) values ($1, $2, $3, $4)
               on conflict do nothing returning 1 as "one!""#,
            provider as PaymentProvider,
            id,
            kind,
            now
        )
        .fetch_optional(&mut *tx)
        .await?;
        if first.is_none() {
            return Ok(Settled::Duplicate);
        }
    }
    let Some(p) = sqlx::query!(
        r#"select id, appointment_id, patient_id, amount_minor, currency as "currency: Currency",
                  status as "status: PaymentStatus"
           from payments where provider = $1 and provider_session_id = $2 for update"#,
        provider as PaymentProvider,
        checkout.id
    )
    .fetch_optional(&mut *tx)
    .await?
    else {
        outcome(&mut tx, provider, event, "unknown checkout").await?;
        tx.commit().await?;
        return Ok(Settled::Unknown);
    };
    let open = matches!(p.status, PaymentStatus::Created | PaymentStatus::Pending);
    let ended = match checkout.state {
        CheckoutState::Paid => None,
        CheckoutState::Expired => Some((PaymentStatus::Expired, "the checkout expired", Settled::Expired)),
        CheckoutState::Failed => Some((PaymentStatus::Failed, "the payment failed", Settled::Abandoned)),
        CheckoutState::Cancelled => Some((PaymentStatus::Cancelled, "cancelled at the provider", Settled::Abandoned)),
        CheckoutState::Open => {
            outcome(&mut tx, provider, event, "no change").await?;
            tx.commit().await?;
            return Ok(Settled::Unchanged);
        }
    };
    if let Some((to, why, settled)) = ended {
        if !open {
            outcome(&mut tx, provider, event, "no change").await?;
            tx.commit().await?;
            return Ok(Settled::Unchanged);
        }
        record(&mut tx, p.id, p.status, to, source, why).await?;
        outcome(&mut tx, provider, event, why).await?;
        tx.commit().await?;
        return Ok(settled);
    }
    // The provider's figures must be ours: a checkout for another amount, currency or appointment is not
    // this payment, whatever its signature says.
    let amount_ok = checkout.amount_minor == Some(p.amount_minor);
    let currency_ok = checkout.currency.as_deref().is_some_and(|c| c.eq_ignore_ascii_case(p.currency.code()));
    let reference_ok = checkout.reference.as_deref().is_none_or(|r| r == p.appointment_id.to_string().as_str());
    if !(amount_ok && currency_ok && reference_ok) {
        let why = format!(
            "checkout {} does not match payment {}: amount {} (expected {}), currency {} (expected {})",
            checkout.id,
            p.id,
            checkout.amount_minor.map(|a| a.to_string()).unwrap_or_else(|| "none".into()),
            p.amount_minor,
            checkout.currency.as_deref().unwrap_or("none"),
            p.currency.code()
        );
        outcome(&mut tx, provider, event, "rejected: figures differ").await?;
        tx.commit().await?;
        tracing::warn!("{why}");
        audit::record(
            &state.db,
            Event {
                actor: None,
                subject: Some(p.patient_id),
                action: "payments.rejected",
                outcome: Outcome::Denied,
                client,
                detail: json!({ "payment": p.id, "checkout": checkout.id, "source": source }),
            },
        )
        .await;
        return Ok(Settled::Rejected(why));
    }
    if p.status.was_paid() {
        outcome(&mut tx, provider, event, "already applied").await?;
        tx.commit().await?;
        return Ok(Settled::Unchanged);
    }
    sqlx::query!("update payments set provider_payment_id = $2 where id = $1", p.id, checkout.payment_ref)
        .execute(&mut *tx)
        .await?;
    record(&mut tx, p.id, p.status, PaymentStatus::Succeeded, source, "").await?;

    // The booking: still waiting → confirmed (or pending the doctor). Its window closed meanwhile → take the
    // time again if it is still free. Cancelled, taken, or already paid another way → refund.
    let room = booking::meeting_url(state);
    let mut attempt = sqlx::Acquire::begin(&mut *tx).await?;
    let booked = sqlx::query_scalar!(
        r#"update appointments a
           set status = case when d.approval_required then 'pending' else 'confirmed' end::appointment_status,
               hold_expires_at = null, changed_by = null, change_reason = 'Paid online',
               meeting_url = case when not d.approval_required and a.mode = 'video' then $2 end
           from doctors d
           where a.id = $1 and d.id = a.doctor_id and a.starts_at > $3
             and (a.status = 'awaiting_payment'
                  or (a.status = 'expired' and a.change_reason = 'Payment window closed'))
           returning a.id"#,
        p.appointment_id,
        room,
        now
    )
    .fetch_optional(&mut *attempt)
    .await;
    let booked = match booked {
        Ok(row) => {
            attempt.commit().await?;
            row.is_some()
        }
        Err(e) if constraint(&e).is_some() => {
            attempt.rollback().await?;
            false
        }
        Err(e) => return Err(e.into()),
    };
    let refund = if booked {
        None
    } else {
        let status = sqlx::query_scalar!(
            r#"select status as "status: AppointmentStatus" from appointments where id = $1"#,
            p.appointment_id
        )
        .fetch_one(&mut *tx)
        .await?;
        let reason = match status {
            AppointmentStatus::Cancelled => "The booking was cancelled before the payment arrived.",
            AppointmentStatus::Pending | AppointmentStatus::Confirmed => "The booking was already paid.",
            _ => "The time was no longer available when the payment arrived.",
        };
        Some(super::refunds::request(&mut tx, p.id, p.amount_minor, reason, None).await?)
    };
    if booked {
        // Announced with the change itself: the booking's emails and notices and the receipt are jobs on
        // this transaction, so a settled payment always has them (and a rolled-back one never does).
        let tell = Job::BookingTell { appointment: p.appointment_id, change: Change::Booked, reason: None };
        jobs::enqueue(&mut tx, &tell, now, None).await?;
        jobs::enqueue(&mut tx, &Job::PaymentReceipt { payment: p.id }, now, None).await?;
    }
    outcome(&mut tx, provider, event, if booked { "paid: booked" } else { "paid: refunding" }).await?;
    tx.commit().await?;
    if let Some(r) = refund {
        super::refunds::process(state, r).await?;
    }
    Ok(Settled::Paid { booked, refund })
}

async fn record(
    tx: &mut sqlx::PgConnection,
    payment: Uuid,
    from: PaymentStatus,
    to: PaymentStatus,
    source: &str,
    detail: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"with upd as (update payments set status = $3 where id = $1 returning id)
           insert into payment_events (payment_id, at, from_status, to_status, source, detail)
           select id, carebook_now(), $2, $3, $4, $5 from upd"#,
        payment,
        from as PaymentStatus,
        to as PaymentStatus,
        source,
        detail
    )
    .execute(tx)
    .await?;
    Ok(())
}

async fn outcome(
    tx: &mut sqlx::PgConnection,
    provider: PaymentProvider,
    event: Option<(&str, &str)>,
    what: &str,
) -> Result<(), sqlx::Error> {
    if let Some((id, _)) = event {
        sqlx::query!(
            "update provider_events set outcome = $3 where provider = $1 and event_id = $2",
            provider as PaymentProvider,
            id,
            what
        )
        .execute(tx)
        .await?;
    }
    Ok(())
}
