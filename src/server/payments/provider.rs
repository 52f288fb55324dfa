//! What Carebook needs from a payment provider, whichever protocol it speaks (Stripe's or SSLCommerz's):
//! open a checkout, ask how one stands, refund, and ask how a refund stands. The rest of the payments code
//! only sees [`Checkout`] and [`RefundAnswer`].

use uuid::Uuid;

use super::{sslcommerz, stripe, PaymentSettings};
use crate::model::money::Currency;
use crate::model::payment::PaymentProvider;

/// A provider's failure, without its response body (which may echo customer data).
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("the payment provider could not be reached: {0}")]
    Unreachable(String),
    #[error("the payment provider refused the request (HTTP {status}, {code})")]
    Refused { status: u16, code: String },
    #[error("the payment provider's answer was not understood")]
    Garbled,
    #[error("no payment provider is configured for {0:?}")]
    NotConfigured(PaymentProvider),
}

/// How a checkout stands at the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutState {
    Open,
    Paid,
    Expired,
    Failed,
    Cancelled,
}

/// A checkout as the provider reports it.
#[derive(Debug, Clone)]
pub struct Checkout {
    /// Its id at the provider, as our payment keeps it: a Stripe Checkout Session id, an SSLCommerz `tran_id`.
    pub id: String,
    pub state: CheckoutState,
    /// The provider's id of the money (Stripe's payment intent, SSLCommerz's `bank_tran_id`): refunds name it.
    pub payment_ref: Option<String>,
    pub amount_minor: Option<i64>,
    /// ISO code, any case.
    pub currency: Option<String>,
    /// Our appointment id as the provider echoes it back.
    pub reference: Option<String>,
}

impl From<stripe::Session> for Checkout {
    fn from(s: stripe::Session) -> Self {
        let state = match (s.status.as_str(), s.payment_status.as_str()) {
            ("complete", "paid") => CheckoutState::Paid,
            ("expired", _) => CheckoutState::Expired,
            _ => CheckoutState::Open,
        };
        Checkout {
            id: s.id,
            state,
            payment_ref: s.payment_intent,
            amount_minor: s.amount_total,
            currency: s.currency,
            reference: s.client_reference_id,
        }
    }
}

/// A refund as the provider answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundAnswer {
    pub id: String,
    pub state: RefundState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundState {
    /// Accepted, the money not back yet: asked about again later.
    Pending,
    Succeeded,
    Failed,
}

/// What Carebook asks a checkout to charge.
pub struct NewCheckout<'a> {
    pub payment_id: Uuid,
    pub appointment_id: Uuid,
    pub amount_minor: i64,
    pub currency: Currency,
    pub description: &'a str,
    pub customer_name: &'a str,
    pub customer_email: &'a str,
    pub customer_phone: &'a str,
    /// The page the patient comes back to (`/patient/appointments/{id}/payment`).
    pub result_url: &'a str,
    /// This server's public URL, for the provider's callbacks.
    pub public_url: &'a str,
}

impl PaymentSettings {
    /// Whether patients can pay online at all.
    pub fn online(&self) -> bool {
        self.gateway.is_some() || self.sslcommerz.is_some()
    }

    /// The provider a fee in `currency` is paid through: SSLCommerz for taka when it is configured, the
    /// Stripe-protocol gateway otherwise (and SSLCommerz, which converts, when it is the only one).
    pub fn provider_for(&self, currency: Currency) -> Option<PaymentProvider> {
        let stripe = self.gateway.as_ref().map(|g| g.provider);
        let sslcommerz = self.sslcommerz.as_ref().map(|_| PaymentProvider::Sslcommerz);
        if currency == Currency::Bdt {
            sslcommerz.or(stripe)
        } else {
            stripe.or(sslcommerz)
        }
    }

    fn stripe(&self, provider: PaymentProvider) -> Result<&stripe::Client, GatewayError> {
        self.gateway
            .as_ref()
            .filter(|g| g.provider == provider)
            .map(|g| &g.api)
            .ok_or(GatewayError::NotConfigured(provider))
    }

    fn ssl(&self) -> Result<&sslcommerz::Client, GatewayError> {
        self.sslcommerz.as_ref().ok_or(GatewayError::NotConfigured(PaymentProvider::Sslcommerz))
    }

    /// Open a checkout at `provider`: its id (kept on the payment) and the URL to send the patient to.
    pub async fn open_checkout(
        &self,
        provider: PaymentProvider,
        c: &NewCheckout<'_>,
    ) -> Result<(String, String), GatewayError> {
        if provider == PaymentProvider::Sslcommerz {
            let tran_id = sslcommerz::tran_id(c.payment_id);
            let callback = |what: &str| format!("{}/payments/sslcommerz/{what}", c.public_url);
            let url = self
                .ssl()?
                .init(&sslcommerz::Init {
                    tran_id: &tran_id,
                    amount_minor: c.amount_minor,
                    currency: c.currency.code(),
                    product_name: c.description,
                    customer_name: c.customer_name,
                    customer_email: c.customer_email,
                    customer_phone: c.customer_phone,
                    success_url: &callback("success"),
                    fail_url: &callback("fail"),
                    cancel_url: &callback("cancel"),
                    ipn_url: &callback("ipn"),
                    reference: &c.appointment_id.to_string(),
                })
                .await?;
            return Ok((tran_id, url));
        }
        let s = self
            .stripe(provider)?
            .create_session(&stripe::NewSession {
                payment_id: c.payment_id,
                appointment_id: c.appointment_id,
                amount_minor: c.amount_minor,
                currency: &c.currency.code().to_ascii_lowercase(),
                description: c.description,
                customer_email: c.customer_email,
                success_url: c.result_url,
                // Back to the same page: it shows the window's end and "Pay" again while the checkout is open.
                cancel_url: c.result_url,
            })
            .await?;
        let url = s.url.clone().ok_or(GatewayError::Garbled)?;
        Ok((s.id, url))
    }

    /// How checkout `id` stands at `provider`.
    pub async fn checkout(&self, provider: PaymentProvider, id: &str) -> Result<Checkout, GatewayError> {
        if provider == PaymentProvider::Sslcommerz {
            return self.ssl()?.query(id).await;
        }
        Ok(self.stripe(provider)?.session(id).await?.into())
    }

    /// Refund `amount_minor` of the money `payment_ref`; `refund` (our id) makes a retry the same refund.
    pub async fn refund(
        &self,
        provider: PaymentProvider,
        payment_ref: &str,
        amount_minor: i64,
        reason: &str,
        refund: Uuid,
    ) -> Result<RefundAnswer, GatewayError> {
        if provider == PaymentProvider::Sslcommerz {
            return self.ssl()?.refund(payment_ref, amount_minor, reason, refund).await;
        }
        let r = self.stripe(provider)?.refund(payment_ref, amount_minor, &format!("carebook-refund-{refund}")).await?;
        Ok(r.answer())
    }

    /// How refund `refund_ref` (the provider's id) stands.
    pub async fn refund_status(
        &self,
        provider: PaymentProvider,
        refund_ref: &str,
    ) -> Result<RefundAnswer, GatewayError> {
        if provider == PaymentProvider::Sslcommerz {
            return self.ssl()?.refund_status(refund_ref).await;
        }
        Ok(self.stripe(provider)?.refund_status(refund_ref).await?.answer())
    }

    /// The providers this instance can talk to (the payments job asks only them).
    pub fn providers(&self) -> Vec<PaymentProvider> {
        self.gateway
            .iter()
            .map(|g| g.provider)
            .chain(self.sslcommerz.iter().map(|_| PaymentProvider::Sslcommerz))
            .collect()
    }
}
