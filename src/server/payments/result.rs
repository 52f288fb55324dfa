//! The patient's payment page: how paying for a booking stands (asking the provider first while a checkout
//! is open), and the cancellation terms in words.

use uuid::Uuid;

use super::settle;
use crate::error::AppError;
use crate::model::booking::AppointmentStatus;
use crate::model::money::Currency;
use crate::model::payment::{PaymentProvider, PaymentStatus};
use crate::server::AppState;

/// The patient's view of paying for appointment `id`. When the latest attempt is still open, the provider
/// is asked first (the browser is usually back before the webhook), and its answer settled like a webhook.
pub async fn result(
    state: &AppState,
    client: &crate::server::auth::session::ClientInfo,
    patient: Uuid,
    id: Uuid,
) -> Result<crate::model::payment::PaymentResult, AppError> {
    use crate::server::booking;
    let tz = booking::viewer_zone(state, patient).await?;
    booking::own_view(state, patient, id, tz).await?;
    let latest = latest(state, id).await?;
    if let Some(p) = latest.as_ref().filter(|p| p.status == PaymentStatus::Pending) {
        if let Some(checkout) = &p.provider_session_id {
            match state.config.payments.checkout(p.provider, checkout).await {
                Ok(c) => {
                    settle(state, p.provider, &c, None, "return", client).await?;
                }
                Err(e) => tracing::warn!(payment = %p.id, "asking the provider about a checkout failed: {e}"),
            }
        }
    }
    let view = booking::own_view(state, patient, id, tz).await?;
    let latest = self::latest(state, id).await?;
    let now = state.clock.now();
    let window = view.hold_expires_at.filter(|t| *t > now && view.status == AppointmentStatus::AwaitingPayment);
    let terms = sqlx::query!(
        r#"select d.cancel_cutoff_minutes, d.refund_percent_before_cutoff, d.refund_percent_after_cutoff
           from appointments a join doctors d on d.id = a.doctor_id where a.id = $1"#,
        id
    )
    .fetch_one(&state.db)
    .await?;
    let refund_policy = refund_policy(
        terms.cancel_cutoff_minutes,
        terms.refund_percent_before_cutoff,
        terms.refund_percent_after_cutoff,
    );
    Ok(crate::model::payment::PaymentResult {
        amount_label: view.fee_label.clone(),
        refunded_label: latest
            .as_ref()
            .filter(|p| p.refunded_minor > 0)
            .map(|p| crate::model::money::format_fee(p.refunded_minor as i32, p.currency)),
        window_closes_label: window.map(|t| t.with_timezone(&tz).format("%H:%M").to_string()),
        can_pay: window.is_some()
            && state.config.payments.online()
            && !latest.as_ref().is_some_and(|p| p.status.was_paid()),
        refund_policy,
        status: latest.as_ref().map(|p| p.status),
        provider: latest.as_ref().map(|p| p.provider),
        appointment: view,
    })
}

struct Latest {
    id: Uuid,
    provider: PaymentProvider,
    provider_session_id: Option<String>,
    status: PaymentStatus,
    refunded_minor: i64,
    currency: Currency,
}

async fn latest(state: &AppState, appointment: Uuid) -> Result<Option<Latest>, sqlx::Error> {
    sqlx::query_as!(
        Latest,
        r#"select id, provider as "provider: PaymentProvider", provider_session_id,
                  status as "status: PaymentStatus", refunded_minor, currency as "currency: Currency"
           from payments where appointment_id = $1 order by created_at desc limit 1"#,
        appointment
    )
    .fetch_optional(&state.db)
    .await
}

/// The cancellation terms in words: "Cancel up to 2 hours before the visit: 100% back. Later: no refund.
/// If the practice cancels, everything comes back."
pub fn refund_policy(cutoff_minutes: i32, before: i16, after: i16) -> String {
    let cutoff = if cutoff_minutes % 60 == 0 {
        let h = cutoff_minutes / 60;
        format!("{h} hour{}", if h == 1 { "" } else { "s" })
    } else {
        format!("{cutoff_minutes} minutes")
    };
    let share = |p: i16| if p == 0 { "no refund".to_string() } else { format!("{p}% back") };
    format!(
        "Cancel up to {cutoff} before the visit: {}. Later: {}. If the practice cancels, everything comes back.",
        share(before),
        share(after)
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_refund_terms_read_as_the_practice_set_them() {
        assert_eq!(
            super::refund_policy(120, 100, 0),
            "Cancel up to 2 hours before the visit: 100% back. Later: no refund. If the practice cancels, \
             everything comes back."
        );
        assert!(super::refund_policy(90, 80, 25)
            .starts_with("Cancel up to 90 minutes before the visit: 80% back. Later: 25% back."));
        assert!(super::refund_policy(60, 100, 0).starts_with("Cancel up to 1 hour before"));
    }
}
