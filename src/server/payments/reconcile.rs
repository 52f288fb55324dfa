//! The payments job, on every instance: checkouts still pending a while after they started are asked about
//! (a webhook may be lost or late) and settled exactly like a webhook; refunds the provider could not be
//! reached for are sent again, and refunds it is still processing are asked about. Rows are claimed with a
//! lease (`checked_at` / `tried_at`, set under `for update skip locked`) so instances share the work, and no
//! row lock is held across a provider call.

use chrono::Duration;

use super::{refunds, settle, CheckoutState};
use crate::model::payment::PaymentProvider;
use crate::server::auth::session::ClientInfo;
use crate::server::AppState;

/// A checkout is asked about once it has been pending this long, then at most once per this interval.
pub const STALE: Duration = Duration::minutes(5);
/// A checkout still open this long after it started is given up.
pub const ABANDONED: Duration = Duration::hours(24);
/// Rows per run.
const BATCH: i64 = 20;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub checked: u64,
    pub refunds_sent: u64,
    pub refunds_checked: u64,
}

/// One run at the app's now.
pub async fn run(state: &AppState) -> Result<Tick, crate::error::AppError> {
    let providers = state.config.payments.providers();
    if providers.is_empty() {
        return Ok(Tick::default());
    }
    let now = state.clock.now();
    let due = sqlx::query!(
        r#"update payments p set checked_at = $1
           from (select id from payments
                 where status = 'pending' and provider = any($2) and provider_session_id is not null
                   -- pending since before the cutoff by the app's clock (its history's times)
                   and (select max(e.at) from payment_events e where e.payment_id = payments.id) <= $3
                   and (checked_at is null or checked_at <= $3)
                 order by checked_at nulls first limit $4 for update skip locked) due
           where p.id = due.id
           returning p.id, p.provider as "provider: PaymentProvider", p.provider_session_id as "checkout!",
                     (select min(e.at) from payment_events e where e.payment_id = p.id) as "started!""#,
        now,
        &providers as &[PaymentProvider],
        now - STALE,
        BATCH
    )
    .fetch_all(&state.db)
    .await?;
    let mut tick = Tick::default();
    let client = ClientInfo { user_agent: "carebook payments job".into(), ..Default::default() };
    for p in due {
        match state.config.payments.checkout(p.provider, &p.checkout).await {
            Ok(mut checkout) => {
                // A checkout nobody finished in a day is over (Stripe says so itself; SSLCommerz never
                // does). Should its money come after all, the payment is settled from `expired` like any
                // late payment: the time taken again or the money refunded.
                if checkout.state == CheckoutState::Open && now - p.started >= ABANDONED {
                    checkout.state = CheckoutState::Expired;
                }
                settle(state, p.provider, &checkout, None, "job", &client).await?;
                tick.checked += 1;
            }
            Err(e) => tracing::warn!(payment = %p.id, "the payments job could not ask about a checkout: {e}"),
        }
    }
    // Refunds the provider could not be reached for; `process` claims each (a lease), so two instances
    // never send one twice.
    let retry = sqlx::query_scalar!(
        r#"select id from refunds where status = 'requested' and (tried_at is null or tried_at <= $1)
           order by tried_at nulls first limit $2"#,
        now - Duration::minutes(1),
        BATCH
    )
    .fetch_all(&state.db)
    .await?;
    for id in retry {
        refunds::process(state, id).await?;
        tick.refunds_sent += 1;
    }
    tick.refunds_checked = refunds::check(state, BATCH).await?;
    Ok(tick)
}

/// Run the job every `every` for the life of the process.
pub fn spawn(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match run(&state).await {
                Ok(t) if t == Tick::default() => {}
                Ok(t) => tracing::info!(?t, "payments job"),
                Err(e) => tracing::warn!("payments job failed: {e}"),
            }
        }
    });
}
