//! Paying for a booking online. A booking whose doctor takes the fee online waits in `awaiting_payment`
//! (blocking its slot) for a payment window; the patient is sent to the provider's checkout; the booking is
//! confirmed only when the server has the provider's word for it: a signed webhook, or the provider's API
//! asked when the browser comes back. Each word is applied once ([`settle`]), in one transaction with the
//! appointment's change.

pub mod dev_gateway;
pub mod dev_sslcommerz;
pub mod earnings;
pub mod ledger;
pub mod manual;
pub mod provider;
pub mod receipts;
pub mod reconcile;
pub mod refunds;
mod result;
mod settle;
pub mod sslcommerz;
pub mod stripe;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::AppointmentStatus;
use crate::model::money::Currency;
use crate::model::payment::{PaymentProvider, PaymentStatus};
use crate::server::auth::rate_limit::{Quota, HOLDS_PER_IP};
use crate::server::config::Secret;
use crate::server::AppState;
pub use provider::{Checkout, CheckoutState, GatewayError};
pub use result::{refund_policy, result};
pub use settle::{settle, Settled};

/// The development gateway's keys: it only runs in development mode on loopback (`dev_gateway`).
pub const DEV_SECRET_KEY: &str = "sk_dev_carebook_not_secret";
pub const DEV_WEBHOOK_SECRET: &str = "whsec_dev_carebook_not_secret";
/// The development-only SSLCommerz stand-in's store (served at `/dev/sslcommerz`); not a secret either.
pub const DEV_SSLCOMMERZ_STORE_ID: &str = "carebook_dev_store";
pub const DEV_SSLCOMMERZ_PASSWORD: &str = "carebook_dev_store@ssl";

/// The payment gateway this instance uses: Stripe, or the development gateway (which speaks Stripe's
/// protocol from `/dev/gateway` of this server).
#[derive(Clone, Debug)]
pub struct Gateway {
    pub provider: PaymentProvider,
    pub api: stripe::Client,
    pub webhook_secret: Secret,
}

/// Payment settings (`CAREBOOK_STRIPE_SECRET_KEY` + `CAREBOOK_STRIPE_WEBHOOK_SECRET`, `CAREBOOK_STRIPE_API_BASE`;
/// `CAREBOOK_SSLCOMMERZ_STORE_ID` + `CAREBOOK_SSLCOMMERZ_STORE_PASSWORD`, `CAREBOOK_SSLCOMMERZ_BASE`;
/// `CAREBOOK_PAYMENT_WINDOW_SECS`, default 15 minutes; `CAREBOOK_MAX_OPEN_HOLDS`, default 2;
/// `CAREBOOK_HOLDS_PER_IP`, the burst of holds one client IP may take, default 30, 0 for none).
#[derive(Clone, Debug)]
pub struct PaymentSettings {
    /// Stripe, or the development gateway that speaks its protocol.
    pub gateway: Option<Gateway>,
    /// SSLCommerz (taka fees go through it when it is configured).
    pub sslcommerz: Option<sslcommerz::Client>,
    pub window: chrono::Duration,
    pub max_open_holds: i32,
    /// Holds per client IP (every account behind it together); a burst of 0 turns the limit off.
    pub holds_per_ip: Quota,
}

impl PaymentSettings {
    /// From the environment. Without Stripe keys, development mode uses the development gateway.
    pub fn from_env(dev_mode: bool, public_url: &str) -> Self {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let stripe = match (var("CAREBOOK_STRIPE_SECRET_KEY"), var("CAREBOOK_STRIPE_WEBHOOK_SECRET")) {
            (Some(key), Some(hook)) => Some(Gateway {
                provider: PaymentProvider::Stripe,
                api: stripe::Client::new(
                    &var("CAREBOOK_STRIPE_API_BASE").unwrap_or("https://api.stripe.com".into()),
                    &key,
                ),
                webhook_secret: Secret(hook),
            }),
            _ => None,
        };
        let sslcommerz = match (var("CAREBOOK_SSLCOMMERZ_STORE_ID"), var("CAREBOOK_SSLCOMMERZ_STORE_PASSWORD")) {
            (Some(store), Some(password)) => Some(sslcommerz::Client::new(
                &var("CAREBOOK_SSLCOMMERZ_BASE").unwrap_or("https://securepay.sslcommerz.com".into()),
                &store,
                &password,
            )),
            _ => None,
        };
        // The development stand-ins (one per protocol) only stand in when no real provider is configured.
        let (gateway, sslcommerz) = if dev_mode && stripe.is_none() && sslcommerz.is_none() {
            (Some(Self::dev_gateway(public_url)), Some(Self::dev_sslcommerz(public_url)))
        } else {
            (stripe, sslcommerz)
        };
        PaymentSettings {
            gateway,
            sslcommerz,
            window: var("CAREBOOK_PAYMENT_WINDOW_SECS")
                .and_then(|v| v.parse::<i64>().ok())
                .filter(|s| *s > 0)
                .map(chrono::Duration::seconds)
                .unwrap_or(chrono::Duration::minutes(15)),
            max_open_holds: var("CAREBOOK_MAX_OPEN_HOLDS").and_then(|v| v.parse().ok()).filter(|n| *n > 0).unwrap_or(2),
            holds_per_ip: Quota {
                burst: var("CAREBOOK_HOLDS_PER_IP").and_then(|v| v.parse().ok()).unwrap_or(HOLDS_PER_IP.burst),
                ..HOLDS_PER_IP
            },
        }
    }

    /// The development gateway served by this server at `{public_url}/dev/gateway`.
    pub fn dev_gateway(public_url: &str) -> Gateway {
        Gateway {
            provider: PaymentProvider::Dev,
            api: stripe::Client::new(&format!("{public_url}/dev/gateway"), DEV_SECRET_KEY),
            webhook_secret: Secret(DEV_WEBHOOK_SECRET.into()),
        }
    }

    /// The development SSLCommerz stand-in served by this server at `{public_url}/dev/sslcommerz`.
    pub fn dev_sslcommerz(public_url: &str) -> sslcommerz::Client {
        sslcommerz::Client::new(
            &format!("{public_url}/dev/sslcommerz"),
            DEV_SSLCOMMERZ_STORE_ID,
            DEV_SSLCOMMERZ_PASSWORD,
        )
    }

    /// Whether taka payments go to the development SSLCommerz stand-in.
    pub fn sslcommerz_is_dev(&self) -> bool {
        self.sslcommerz.as_ref().is_some_and(|c| c.store_id == DEV_SSLCOMMERZ_STORE_ID)
    }

    /// No gateway, the defaults otherwise (tests turn one on).
    pub fn none() -> Self {
        PaymentSettings {
            gateway: None,
            sslcommerz: None,
            window: chrono::Duration::minutes(15),
            max_open_holds: 2,
            holds_per_ip: HOLDS_PER_IP,
        }
    }
}

/// Send the patient to pay for appointment `id`: the checkout URL of an open attempt, or of a new one.
pub async fn start(state: &AppState, patient: Uuid, id: Uuid) -> Result<String, AppError> {
    let now = state.clock.now();
    let a = sqlx::query!(
        r#"select a.status as "status: AppointmentStatus", a.hold_expires_at, a.fee_minor,
                  a.currency as "currency: Currency", 'Dr. ' || du.full_name as "doctor!", t.name as kind,
                  pu.email::text as "email!", pu.full_name as patient_name, coalesce(pu.phone, '') as "phone!"
           from appointments a join doctors d on d.id = a.doctor_id join users du on du.id = d.user_id
           join users pu on pu.id = a.patient_id join consultation_types t on t.id = a.consultation_type_id
           where a.id = $1 and a.patient_id = $2"#,
        id,
        patient
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("Appointment".into()))?;
    let provider = state.config.payments.provider_for(a.currency).ok_or(AppError::Conflict(
        "Online payment isn't available at the moment. Please contact the practice.".into(),
    ))?;
    if a.status != AppointmentStatus::AwaitingPayment || a.hold_expires_at.is_none_or(|t| t <= now) {
        return Err(AppError::Conflict(
            "This booking isn't waiting for a payment any more. Please pick the time again.".into(),
        ));
    }
    // An attempt already under way (a double click, the browser's back button): the same checkout.
    let open = sqlx::query!(
        r#"select checkout_url from payments
           where appointment_id = $1 and provider = $2 and status = 'pending' and checkout_url is not null
           order by created_at desc limit 1"#,
        id,
        provider as PaymentProvider
    )
    .fetch_optional(&state.db)
    .await?;
    if let Some(url) = open.and_then(|o| o.checkout_url) {
        return Ok(url);
    }
    let payment = sqlx::query_scalar!(
        r#"with p as (
               insert into payments (appointment_id, patient_id, provider, amount_minor, currency)
               values ($1, $2, $3, $4, $5) returning id)
           insert into payment_events (payment_id, at, to_status, source, actor_id)
           select id, $6, 'created', 'patient', $2 from p returning payment_id"#,
        id,
        patient,
        provider as PaymentProvider,
        i64::from(a.fee_minor),
        a.currency as Currency,
        now
    )
    .fetch_one(&state.db)
    .await?;
    let base = &state.config.public_url;
    let result = format!("{base}/patient/appointments/{id}/payment");
    let description = format!("{} with {}", a.kind, a.doctor);
    let opened = state
        .config
        .payments
        .open_checkout(
            provider,
            &provider::NewCheckout {
                payment_id: payment,
                appointment_id: id,
                amount_minor: i64::from(a.fee_minor),
                currency: a.currency,
                description: &description,
                customer_name: &a.patient_name,
                customer_email: &a.email,
                customer_phone: &a.phone,
                result_url: &result,
                public_url: base,
            },
        )
        .await;
    match opened {
        Ok((checkout, url)) => {
            move_payment(state, payment, PaymentStatus::Pending, "patient", Some(patient), now, |q| {
                q.provider_session_id = Some(checkout);
                q.checkout_url = Some(url.clone());
            })
            .await?;
            Ok(url)
        }
        Err(e) => {
            tracing::warn!(%payment, "starting a checkout failed: {e}");
            move_payment(state, payment, PaymentStatus::Failed, "patient", Some(patient), now, |q| {
                q.detail = e.to_string();
            })
            .await?;
            Err(AppError::Conflict(format!(
                "The payment service didn't answer. Your time is still kept for you until the payment window \
                 closes; please try again in a moment. ({})",
                provider.label()
            )))
        }
    }
}

/// Fields a status change may also set.
#[derive(Default)]
pub(crate) struct PaymentChange {
    pub provider_session_id: Option<String>,
    pub checkout_url: Option<String>,
    pub detail: String,
}

/// Move `payment` to `to` with its history row, in one statement.
async fn move_payment(
    state: &AppState,
    payment: Uuid,
    to: PaymentStatus,
    source: &str,
    actor: Option<Uuid>,
    now: DateTime<Utc>,
    fill: impl FnOnce(&mut PaymentChange),
) -> Result<(), sqlx::Error> {
    let mut change = PaymentChange::default();
    fill(&mut change);
    // `old` reads the statement's snapshot (the status before this update); `for update` there would skip
    // the row the update changes.
    sqlx::query!(
        r#"with old as (select status from payments where id = $1),
           upd as (
               update payments set status = $2,
                      provider_session_id = coalesce($3, provider_session_id),
                      checkout_url = coalesce($4, checkout_url)
               where id = $1 returning id)
           insert into payment_events (payment_id, at, from_status, to_status, source, actor_id, detail)
           select upd.id, $5, old.status, $2, $6, $7, $8 from upd, old"#,
        payment,
        to as PaymentStatus,
        change.provider_session_id,
        change.checkout_url,
        now,
        source,
        actor,
        change.detail
    )
    .execute(&state.db)
    .await?;
    Ok(())
}
