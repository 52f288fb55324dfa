//! Paying for a booking online (start or resume the checkout, the result page), and money afterwards:
//! receipts, the patient's payments, a doctor's earnings, the admin ledger and manual refunds.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::ledger::{Earnings, LedgerFilter, PaymentHistory, PaymentRow, Receipt, RefundRequest};
use crate::model::payment::PaymentResult;

#[cfg(feature = "server")]
use crate::{model::Role, server::auth::extract::Auth};

/// Start paying for booking `id`, or resume its open checkout: the provider's checkout URL to go to.
/// Auth: the appointment's patient only (404 for anyone else).
#[post("/api/appointments/{id}/pay", auth: Auth)]
pub async fn start_payment(id: Uuid) -> Result<String, AppError> {
    crate::server::payments::start(&auth.req.state, auth.user_id(), id).await
}

/// How paying for booking `id` stands; an open checkout is first checked with the provider.
/// Auth: the appointment's patient only (404 for anyone else).
#[get("/api/appointments/{id}/payment", auth: Auth)]
pub async fn get_payment(id: Uuid) -> Result<PaymentResult, AppError> {
    crate::server::payments::result(&auth.req.state, &auth.req.client, auth.user_id(), id).await
}

/// The caller's own payments, newest first (every attempt).
/// Auth: any signed-in user (a doctor or admin may book for themselves), their own only.
#[get("/api/payments", auth: Auth)]
pub async fn my_payments() -> Result<Vec<PaymentRow>, AppError> {
    crate::server::payments::ledger::mine(&auth.req.state, auth.user_id()).await
}

/// The receipt for paid payment `id`.
/// Auth: the payment's patient (whatever their role) or an admin (404 for anyone else, and for an unpaid
/// attempt).
#[get("/api/payments/{id}/receipt", auth: Auth)]
pub async fn get_receipt(id: Uuid) -> Result<Receipt, AppError> {
    // A doctor sees a receipt as its patient would: only their own.
    let role = if auth.session.user.role == Role::Admin { Role::Admin } else { Role::Patient };
    crate::server::payments::receipts::receipt(&auth.req.state, auth.user_id(), role, id).await
}

/// The caller's earnings for `month` (`YYYY-MM`, empty for this month) by day, and the year up to it.
/// Auth: doctors only, their own appointments' payments.
#[get("/api/doctor/earnings?month", auth: Auth)]
pub async fn my_earnings(month: String) -> Result<Earnings, AppError> {
    auth.require(&[Role::Doctor])?;
    crate::server::payments::earnings::earnings(&auth.req.state, auth.user_id(), &month).await
}

/// The payments ledger, filtered (provider, status, doctor, dates), 50 a page, newest first.
/// Auth: admins only.
#[post("/api/admin/payments", auth: Auth)]
pub async fn admin_payments(filter: LedgerFilter) -> Result<Vec<PaymentRow>, AppError> {
    auth.require(&[Role::Admin])?;
    crate::server::payments::ledger::ledger(&auth.req.state, auth.user_id(), &filter).await
}

/// One payment's full history: its steps, refunds and what is left to refund.
/// Auth: admins only.
#[get("/api/admin/payments/{id}", auth: Auth)]
pub async fn admin_payment(id: Uuid) -> Result<PaymentHistory, AppError> {
    auth.require(&[Role::Admin])?;
    crate::server::payments::ledger::history(&auth.req.state, auth.user_id(), id).await
}

/// Refund part or all of payment `id` with a reason the patient sees. Audited.
/// Auth: admins only.
#[post("/api/admin/payments/{id}/refund", auth: Auth)]
pub async fn admin_refund(id: Uuid, refund: RefundRequest) -> Result<PaymentHistory, AppError> {
    auth.require(&[Role::Admin])?;
    let state = &auth.req.state;
    crate::server::payments::manual::refund(state, auth.user_id(), &auth.req.client, id, &refund).await
}
