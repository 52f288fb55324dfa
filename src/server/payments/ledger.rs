//! Reading money back: the patient's payments and receipts, the admin ledger (and its CSV) and one payment's
//! full history. One query with optional filters serves them all; times are labelled in the viewer's zone.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::ledger::{LedgerFilter, PaymentHistory, PaymentRow, PaymentStep, RefundLine};
use crate::model::money::{format_money, Currency};
use crate::model::payment::{PaymentProvider, PaymentStatus};
use crate::model::Role;
use crate::server::booking::queries::{contact, when_label};
use crate::server::AppState;

/// Which payments to read; every field narrows.
#[derive(Debug, Default)]
pub struct Query {
    pub id: Option<Uuid>,
    pub patient: Option<Uuid>,
    pub appointment: Option<Uuid>,
    pub provider: Option<PaymentProvider>,
    pub status: Option<PaymentStatus>,
    /// Contains, case-insensitive, in the doctor's name.
    pub doctor: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub limit: i64,
    pub offset: i64,
}

impl Query {
    /// The admin's filter; dates that don't parse are refused with a message for the field.
    pub fn from_filter(f: &LedgerFilter, limit: i64) -> Result<Self, AppError> {
        let day = |field: &str, s: &str, end: bool| -> Result<Option<DateTime<Utc>>, AppError> {
            if s.trim().is_empty() {
                return Ok(None);
            }
            let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map_err(|_| AppError::field(field, "Use a date like 2026-12-31."))?;
            let d = if end { d.succ_opt().unwrap_or(d) } else { d };
            Ok(Some(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()))
        };
        let doctor = f.doctor.trim();
        Ok(Query {
            provider: f.provider,
            status: f.status,
            doctor: (!doctor.is_empty()).then(|| format!("%{}%", doctor.replace(['%', '_', '\\'], ""))),
            from: day("from", &f.from, false)?,
            to: day("to", &f.to, true)?,
            limit,
            offset: i64::from(f.page) * limit,
            ..Default::default()
        })
    }
}

/// A payment as stored, with the names and references its views show.
#[derive(Debug, Clone)]
pub struct Payment {
    pub id: Uuid,
    pub appointment_id: Uuid,
    pub patient_id: Uuid,
    pub created_at: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub doctor_name: String,
    pub patient_name: String,
    pub patient_email: String,
    pub type_name: String,
    pub place: String,
    pub provider: PaymentProvider,
    pub status: PaymentStatus,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub currency: Currency,
    pub provider_payment_id: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
}

impl Payment {
    pub fn row(&self, tz: Tz) -> PaymentRow {
        PaymentRow {
            id: self.id,
            appointment_id: self.appointment_id,
            created_label: stamp(self.created_at, tz),
            visit_label: when_label(self.starts_at, self.ends_at, tz),
            doctor_name: self.doctor_name.clone(),
            patient_name: self.patient_name.clone(),
            provider: self.provider,
            status: self.status,
            amount_minor: self.amount_minor,
            refunded_minor: self.refunded_minor,
            currency: self.currency,
            amount_label: format_money(self.amount_minor, self.currency),
            refunded_label: (self.refunded_minor > 0).then(|| format_money(self.refunded_minor, self.currency)),
        }
    }
}

/// "7 Dec 2026, 14:05" in `tz`.
pub fn stamp(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string()
}

/// Payments matching `q`, newest first.
pub async fn find(db: &PgPool, q: &Query) -> Result<Vec<Payment>, sqlx::Error> {
    sqlx::query_as!(
        Payment,
        r#"select p.id, p.appointment_id, p.patient_id, p.created_at, a.starts_at, a.ends_at,
                  'Dr. ' || du.full_name as "doctor_name!", pu.full_name as patient_name,
                  pu.email::text as "patient_email!", t.name as type_name, a.place,
                  p.provider as "provider: PaymentProvider", p.status as "status: PaymentStatus",
                  p.amount_minor, p.refunded_minor, p.currency as "currency: Currency", p.provider_payment_id,
                  (select min(e.at) from payment_events e where e.payment_id = p.id and e.to_status = 'succeeded')
                      as paid_at
           from payments p
           join appointments a on a.id = p.appointment_id
           join doctors d on d.id = a.doctor_id
           join users du on du.id = d.user_id
           join users pu on pu.id = p.patient_id
           join consultation_types t on t.id = a.consultation_type_id
           where ($1::uuid is null or p.id = $1)
             and ($2::uuid is null or p.patient_id = $2)
             and ($3::payment_provider is null or p.provider = $3)
             and ($4::payment_status is null or p.status = $4)
             and ($5::text is null or du.full_name ilike $5)
             and ($6::timestamptz is null or p.created_at >= $6)
             and ($7::timestamptz is null or p.created_at < $7)
             and ($10::uuid is null or p.appointment_id = $10)
           order by p.created_at desc, p.id
           limit $8 offset $9"#,
        q.id,
        q.patient,
        q.provider as Option<PaymentProvider>,
        q.status as Option<PaymentStatus>,
        q.doctor,
        q.from,
        q.to,
        q.limit,
        q.offset,
        q.appointment
    )
    .fetch_all(db)
    .await
}

/// The patient's own payments, newest first (every attempt, so a failed one is explained too).
pub async fn mine(state: &AppState, patient: Uuid) -> Result<Vec<PaymentRow>, AppError> {
    let (_, _, tz) = contact(&state.db, patient).await?;
    let q = Query { patient: Some(patient), limit: 200, ..Default::default() };
    Ok(find(&state.db, &q).await?.iter().map(|p| p.row(tz)).collect())
}

/// One payment for `viewer`: a patient sees only their own, an admin any; anyone else gets 404.
pub(super) async fn visible(state: &AppState, viewer: Uuid, role: Role, id: Uuid) -> Result<Payment, AppError> {
    let q = Query { id: Some(id), limit: 1, ..Default::default() };
    let found = find(&state.db, &q).await?.into_iter().next();
    match found {
        Some(p) if role == Role::Admin || (role == Role::Patient && p.patient_id == viewer) => Ok(p),
        _ => Err(AppError::NotFound("Payment".into())),
    }
}

pub(super) async fn refunds(
    db: &PgPool,
    payment: Uuid,
    currency: Currency,
    tz: Tz,
) -> Result<Vec<RefundLine>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select coalesce(settled_at, created_at) as "at!", amount_minor, status::text as "status!", reason
           from refunds where payment_id = $1 order by created_at"#,
        payment
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| RefundLine {
            at_label: stamp(r.at, tz),
            amount_label: format_money(r.amount_minor, currency),
            status: r.status,
            reason: r.reason,
        })
        .collect())
}

/// The admin ledger: payments matching `filter`, 50 a page, labelled in the admin's zone.
pub async fn ledger(state: &AppState, admin: Uuid, filter: &LedgerFilter) -> Result<Vec<PaymentRow>, AppError> {
    let (_, _, tz) = contact(&state.db, admin).await?;
    let q = Query::from_filter(filter, 50)?;
    Ok(find(&state.db, &q).await?.iter().map(|p| p.row(tz)).collect())
}

/// Everything about payment `id` for an admin: its steps, its refunds and what is left to refund.
pub async fn history(state: &AppState, admin: Uuid, id: Uuid) -> Result<PaymentHistory, AppError> {
    let p = visible(state, admin, Role::Admin, id).await?;
    let (_, _, tz) = contact(&state.db, admin).await?;
    let steps = sqlx::query!(
        r#"select e.at, e.from_status as "from_status: PaymentStatus", e.to_status as "to_status: PaymentStatus",
                  e.source, e.detail
           from payment_events e where e.payment_id = $1 order by e.id"#,
        id
    )
    .fetch_all(&state.db)
    .await?
    .into_iter()
    .map(|e| PaymentStep {
        at_label: stamp(e.at, tz),
        from: e.from_status,
        to: e.to_status,
        source: e.source,
        detail: e.detail,
    })
    .collect();
    let refunds = refunds(&state.db, id, p.currency, tz).await?;
    let same_visit = Query { appointment: Some(p.appointment_id), limit: 50, ..Default::default() };
    let attempts = find(&state.db, &same_visit).await?.iter().filter(|a| a.id != id).map(|a| a.row(tz)).collect();
    let open = refunds.iter().any(|r| r.status == "requested" || r.status == "pending");
    let refundable = if p.status.was_paid() && !open { p.amount_minor - p.refunded_minor } else { 0 };
    Ok(PaymentHistory {
        payment: p.row(tz),
        steps,
        refunds,
        attempts,
        refundable_minor: refundable,
        refundable_label: format_money(refundable, p.currency),
    })
}
