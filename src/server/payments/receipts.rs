//! Receipts: the page a patient (or an admin) opens for a paid payment, and the email sent when it is paid.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::ledger::{refunds, stamp, visible};
use crate::error::AppError;
use crate::model::ledger::Receipt;
use crate::model::Role;
use crate::server::booking::queries::contact;
use crate::server::{mail, AppState};

/// The receipt for a payment whose money arrived (an unpaid attempt has none: 404).
pub async fn receipt(state: &AppState, viewer: Uuid, role: Role, id: Uuid) -> Result<Receipt, AppError> {
    let p = visible(state, viewer, role, id).await?;
    let Some(paid_at) = p.paid_at.filter(|_| p.status.was_paid()) else {
        return Err(AppError::NotFound("Receipt".into()));
    };
    let (_, _, tz) = contact(&state.db, p.patient_id).await?;
    Ok(Receipt {
        row: p.row(tz),
        number: receipt_number(p.id, paid_at),
        paid_label: stamp(paid_at, tz),
        patient_email: p.patient_email.clone(),
        type_name: p.type_name.clone(),
        practice: if p.place.is_empty() { "Video consultation".into() } else { p.place.clone() },
        provider_ref: p.provider_payment_id.clone().unwrap_or_default(),
        refunds: refunds(&state.db, p.id, p.currency, tz).await?,
    })
}

/// "CB-20261207-1A2B3C4D": the day paid and the payment id's first eight hex digits.
pub fn receipt_number(id: Uuid, paid_at: DateTime<Utc>) -> String {
    format!("CB-{}-{}", paid_at.format("%Y%m%d"), &id.simple().to_string()[..8].to_uppercase())
}

/// Email the patient their receipt for payment `id`, written on `conn` (the `payment.receipt` job's
/// transaction, enqueued with the payment that booked the visit).
pub async fn email(state: &AppState, conn: &mut sqlx::PgConnection, id: Uuid) -> Result<(), AppError> {
    let patient = sqlx::query_scalar!("select patient_id from payments where id = $1", id).fetch_one(&state.db).await?;
    let r = receipt(state, patient, Role::Patient, id).await?;
    let (email, name, _) = contact(&state.db, patient).await?;
    let body = format!(
        "Hello {name},\n\nThank you: your payment was received.\n\nReceipt: {}\nPaid: {}\nAmount: {} ({})\n\
         For: {} with {}\nWhen: {}\nWhere: {}\nReference: {}\n\nYour receipt: {}/patient/payments/{}/receipt\n",
        r.number,
        r.paid_label,
        r.row.amount_label,
        r.row.currency.code(),
        r.type_name,
        r.row.doctor_name,
        r.row.visit_label,
        r.practice,
        r.provider_ref,
        state.config.public_url,
        id
    );
    let subject = format!("Your Carebook receipt {}", r.number);
    mail::queue(conn, mail::Message { to: &email, subject: &subject, body }).await?;
    Ok(())
}
