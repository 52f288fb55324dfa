//! Money after the fact: the patient's payments and receipts, a doctor's earnings, the admin ledger and
//! manual refunds. Amounts travel as minor units with their currency and a label made on the server.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::money::Currency;
use crate::model::payment::{PaymentProvider, PaymentStatus};

/// One payment attempt, as a list shows it (the patient's history, the admin ledger).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentRow {
    pub id: Uuid,
    pub appointment_id: Uuid,
    /// When the payment was started, in the viewer's zone ("7 Dec 2026, 14:05").
    pub created_label: String,
    /// The appointment's start, in the viewer's zone.
    pub visit_label: String,
    pub doctor_name: String,
    pub patient_name: String,
    pub provider: PaymentProvider,
    pub status: PaymentStatus,
    pub amount_minor: i64,
    pub refunded_minor: i64,
    pub currency: Currency,
    /// "$250", and "$125" refunded when anything was.
    pub amount_label: String,
    pub refunded_label: Option<String>,
}

/// A payment receipt: what was paid, to whom, for what, and what went back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Receipt {
    pub row: PaymentRow,
    /// "CB-2026-…": the payment id, short and stable.
    pub number: String,
    /// When the money arrived, in the patient's zone.
    pub paid_label: String,
    pub patient_email: String,
    pub type_name: String,
    pub practice: String,
    /// The provider's own reference (Stripe's payment intent, SSLCommerz's validation id).
    pub provider_ref: String,
    pub refunds: Vec<RefundLine>,
}

/// A refund as both sides see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundLine {
    pub at_label: String,
    pub amount_label: String,
    /// requested, pending, succeeded, failed.
    pub status: String,
    pub reason: String,
}

/// One step in a payment's history (the append-only `payment_events`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentStep {
    pub at_label: String,
    pub from: Option<PaymentStatus>,
    pub to: PaymentStatus,
    /// patient, webhook, return, job, refund, admin …
    pub source: String,
    pub detail: String,
}

/// Everything about one appointment's payments, for an admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentHistory {
    pub payment: PaymentRow,
    pub steps: Vec<PaymentStep>,
    pub refunds: Vec<RefundLine>,
    /// The appointment's other payment attempts (a failed one before, a second after a refund), newest first.
    pub attempts: Vec<PaymentRow>,
    /// What can still be refunded (minor units), and as a label.
    pub refundable_minor: i64,
    pub refundable_label: String,
}

/// The admin ledger's filters (all optional; also the CSV export's query string).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LedgerFilter {
    pub provider: Option<PaymentProvider>,
    pub status: Option<PaymentStatus>,
    /// Doctor's name (contains, case-insensitive).
    pub doctor: String,
    /// `YYYY-MM-DD` bounds on when the payment started, inclusive, in UTC.
    pub from: String,
    pub to: String,
    pub page: u32,
}

impl LedgerFilter {
    /// The filter as a query string for the CSV export (`provider=stripe&status=succeeded&…`).
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(p) = self.provider {
            parts.push(format!("provider={}", p.as_str()));
        }
        if let Some(s) = self.status {
            parts.push(format!("status={}", s.as_str()));
        }
        for (k, v) in [("doctor", &self.doctor), ("from", &self.from), ("to", &self.to)] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", crate::model::form_value(v)));
            }
        }
        parts.join("&")
    }
}

/// An admin's refund: how much (minor units) and why. The reason is shown to the patient.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundRequest {
    pub amount_minor: i64,
    pub reason: String,
}

impl RefundRequest {
    /// The same rules on both sides: a positive amount no larger than `refundable`, a reason of 5–500 chars.
    pub fn validate(&self, refundable: i64) -> Vec<(&'static str, String)> {
        let mut errors = Vec::new();
        if self.amount_minor <= 0 {
            errors.push(("amount", "Enter an amount above zero.".to_string()));
        } else if self.amount_minor > refundable {
            errors.push(("amount", "That is more than what is left to refund.".to_string()));
        }
        let reason = self.reason.trim().chars().count();
        if !(5..=500).contains(&reason) {
            errors.push(("reason", "Say why in 5 to 500 characters: the patient sees it.".to_string()));
        }
        errors
    }
}

/// A doctor's earnings: one line per day of a month, or per month of a year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EarningsLine {
    /// "7 Dec" or "Dec 2026".
    pub label: String,
    pub payments: i64,
    pub paid_label: String,
    pub refunded_label: String,
    pub net_label: String,
}

/// What `/doctor/earnings` shows for one month and the twelve before it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earnings {
    /// `YYYY-MM` shown, and its neighbours for the month switcher.
    pub month: String,
    pub month_label: String,
    pub previous: String,
    pub next: Option<String>,
    pub days: Vec<EarningsLine>,
    pub month_total: EarningsLine,
    pub months: Vec<EarningsLine>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refund_needs_an_amount_within_what_is_left_and_a_reason() {
        let ok = RefundRequest { amount_minor: 5_000, reason: "Doctor was late".into() };
        assert!(ok.validate(25_000).is_empty());
        let fields = |r: &RefundRequest, left| r.validate(left).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fields(&RefundRequest { amount_minor: 0, ..ok.clone() }, 25_000), ["amount"]);
        assert_eq!(fields(&ok, 4_999), ["amount"]);
        assert_eq!(fields(&RefundRequest { reason: "  ok  ".into(), ..ok.clone() }, 25_000), ["reason"]);
        assert_eq!(fields(&RefundRequest { reason: "x".repeat(501), ..ok }, 25_000), ["reason"]);
    }

    #[test]
    fn the_export_link_carries_the_filters() {
        let f = LedgerFilter {
            provider: Some(PaymentProvider::Sslcommerz),
            status: Some(PaymentStatus::PartiallyRefunded),
            doctor: "Okafor & Co".into(),
            from: "2026-12-01".into(),
            ..Default::default()
        };
        assert_eq!(f.query(), "provider=sslcommerz&status=partially_refunded&doctor=Okafor%20%26%20Co&from=2026-12-01");
        assert_eq!(LedgerFilter::default().query(), "");
    }
}
