//! What an admin does with money by hand: refund a payment with a reason (audited, sent like any refund)
//! and export the ledger as CSV.

use serde_json::json;
use uuid::Uuid;

use super::ledger::{self, Query};
use super::refunds;
use crate::error::AppError;
use crate::model::ledger::{LedgerFilter, PaymentHistory, RefundRequest};
use crate::model::money::decimal;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::ClientInfo;
use crate::server::AppState;

/// Refund `req.amount_minor` of payment `id` on an admin's word. The payment row is locked while the
/// refund is recorded, so two admins (or an admin and a cancellation) cannot refund the same money twice;
/// one refund is open per payment at a time.
pub async fn refund(
    state: &AppState,
    admin: Uuid,
    client: &ClientInfo,
    id: Uuid,
    req: &RefundRequest,
) -> Result<PaymentHistory, AppError> {
    let mut tx = state.db.begin().await?;
    let p = sqlx::query!(
        r#"select p.amount_minor - p.refunded_minor as "left!", p.status::text as "status!",
                  exists (select 1 from refunds r where r.payment_id = p.id and r.status in ('requested', 'pending'))
                      as "open!"
           from payments p where p.id = $1 for update"#,
        id
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| AppError::NotFound("Payment".into()))?;
    if !matches!(p.status.as_str(), "succeeded" | "partially_refunded") {
        return Err(AppError::Conflict("Only a paid payment can be refunded.".into()));
    }
    if p.open {
        return Err(AppError::Conflict("A refund of this payment is already on its way.".into()));
    }
    let errors = req.validate(p.left);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors.into_iter().map(|(f, m)| (f.to_string(), m)).collect()));
    }
    let reason = format!("Refunded by Carebook: {}", req.reason.trim());
    let refund = refunds::request(&mut tx, id, req.amount_minor, &reason, Some(admin)).await?;
    tx.commit().await?;
    audit::record(
        &state.db,
        Event {
            actor: Some(admin),
            subject: None,
            action: "payments.refund",
            outcome: Outcome::Success,
            client,
            detail: json!({ "payment": id, "refund": refund, "amount_minor": req.amount_minor }),
        },
    )
    .await;
    refunds::process(state, refund).await?;
    ledger::history(state, admin, id).await
}

/// The ledger matching `filter` as CSV (RFC 4180, UTC times, amounts as decimals), up to 50 000 rows.
pub async fn csv(state: &AppState, filter: &LedgerFilter) -> Result<String, AppError> {
    let q = Query { offset: 0, ..Query::from_filter(filter, 50_000)? };
    let mut out = String::from(
        "payment_id,appointment_id,created_at_utc,paid_at_utc,visit_starts_at_utc,doctor,patient,provider,\
         provider_reference,status,currency,amount,refunded,net\r\n",
    );
    for p in ledger::find(&state.db, &q).await? {
        let utc = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let net = if p.status.was_paid() { p.amount_minor - p.refunded_minor } else { 0 };
        let fields = [
            p.id.to_string(),
            p.appointment_id.to_string(),
            utc(p.created_at),
            p.paid_at.map(utc).unwrap_or_default(),
            utc(p.starts_at),
            p.doctor_name,
            p.patient_name,
            p.provider.as_str().to_string(),
            p.provider_payment_id.unwrap_or_default(),
            p.status.as_str().to_string(),
            p.currency.code().to_string(),
            decimal(p.amount_minor),
            decimal(p.refunded_minor),
            decimal(net),
        ];
        let line: Vec<String> = fields.iter().map(|f| cell(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// One CSV cell: quoted when it holds a comma, quote or line break; text a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@`, tab, CR at the start) is prefixed with `'` so it stays text.
pub fn cell(value: &str) -> String {
    let guarded = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if value.parse::<f64>().is_err() => format!("'{value}"),
        _ => value.to_string(),
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_quoted_and_formulas_stay_text() {
        assert_eq!(cell("Dr. Amara Okafor"), "Dr. Amara Okafor");
        assert_eq!(cell("Okafor, Amara"), "\"Okafor, Amara\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("-3.50"), "-3.50", "a negative amount is a number, not a formula");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }
}
