//! Payments as both sides see them: how a doctor takes the fee, a payment's state, and the patient's
//! result page.

use serde::{Deserialize, Serialize};

/// How a doctor takes the fee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "payment_policy", rename_all = "snake_case"))]
pub enum PaymentPolicy {
    /// Paid online before the visit: the booking waits for the payment.
    Online,
    /// Paid at the practice.
    #[default]
    AtClinic,
    /// No fee is taken.
    Free,
}

/// Who moved the money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "payment_provider", rename_all = "snake_case"))]
pub enum PaymentProvider {
    Stripe,
    Sslcommerz,
    /// The development-only test gateway: no real money moves.
    Dev,
}

impl PaymentProvider {
    pub const ALL: [PaymentProvider; 3] = [PaymentProvider::Stripe, PaymentProvider::Sslcommerz, PaymentProvider::Dev];

    /// The database and URL name ("sslcommerz").
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentProvider::Stripe => "stripe",
            PaymentProvider::Sslcommerz => "sslcommerz",
            PaymentProvider::Dev => "dev",
        }
    }

    /// A name from a form or a query string; None for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentProvider::Stripe => "Stripe",
            PaymentProvider::Sslcommerz => "SSLCommerz",
            PaymentProvider::Dev => "Test gateway (development only)",
        }
    }
}

/// Where a payment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "payment_status", rename_all = "snake_case"))]
pub enum PaymentStatus {
    Created,
    Pending,
    Succeeded,
    Failed,
    Expired,
    Cancelled,
    Refunded,
    PartiallyRefunded,
}

impl PaymentStatus {
    pub const ALL: [PaymentStatus; 8] = [
        PaymentStatus::Created,
        PaymentStatus::Pending,
        PaymentStatus::Succeeded,
        PaymentStatus::Failed,
        PaymentStatus::Expired,
        PaymentStatus::Cancelled,
        PaymentStatus::Refunded,
        PaymentStatus::PartiallyRefunded,
    ];

    /// The database and URL name ("partially_refunded").
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Created => "created",
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Expired => "expired",
            PaymentStatus::Cancelled => "cancelled",
            PaymentStatus::Refunded => "refunded",
            PaymentStatus::PartiallyRefunded => "partially_refunded",
        }
    }

    /// A name from a form or a query string; None for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            PaymentStatus::Created | PaymentStatus::Pending => "Waiting for the payment",
            PaymentStatus::Succeeded => "Paid",
            PaymentStatus::Failed => "Failed",
            PaymentStatus::Expired => "Expired",
            PaymentStatus::Cancelled => "Cancelled",
            PaymentStatus::Refunded => "Refunded",
            PaymentStatus::PartiallyRefunded => "Partly refunded",
        }
    }

    /// The money arrived (and may since have gone back, in part or whole).
    pub fn was_paid(self) -> bool {
        matches!(self, PaymentStatus::Succeeded | PaymentStatus::Refunded | PaymentStatus::PartiallyRefunded)
    }
}

/// What the patient's payment page shows for one appointment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentResult {
    pub appointment: crate::model::booking::AppointmentView,
    /// The latest payment attempt, if any.
    pub status: Option<PaymentStatus>,
    pub provider: Option<PaymentProvider>,
    /// "$250.00", the amount frozen on the appointment.
    pub amount_label: String,
    /// Refunded so far ("$250.00"), when anything was.
    pub refunded_label: Option<String>,
    /// Until when the time is kept for the payment ("14:35"), while the window is open.
    pub window_closes_label: Option<String>,
    /// The patient may start (another) payment now.
    pub can_pay: bool,
    /// What cancelling gets back, as the practice set it: shown before paying.
    pub refund_policy: String,
}
