//! Booking's background jobs, safe with any number of app instances: each batch claims its rows with
//! `for update skip locked`, so two instances never process the same appointment, and each transition is a
//! plain status update (so the history trigger records it, with the system as the actor).

use chrono::{DateTime, Duration, Utc};
use sqlx::PgPool;

/// Rows handled per statement (a large backlog drains over several ticks).
const BATCH: i64 = 500;

/// What one run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tick {
    pub holds_expired: u64,
    pub pending_expired: u64,
    pub awaiting_completion: u64,
    pub auto_completed: u64,
}

/// Expire holds past their time, expire pending bookings whose start passed without the doctor's answer
/// (the patient is told, with the doctor's next free times), move confirmed visits that have ended to
/// "awaiting completion" (the doctor is asked for the outcome), and mark completed those left there for
/// `auto_complete` after their end.
pub async fn run(db: &PgPool, now: DateTime<Utc>, auto_complete: Duration) -> Result<Tick, sqlx::Error> {
    // One statement, four disjoint claims (by status), one round trip; the announcements are jobs written
    // by the same statement (`booking.tell`, as `jobs::Job` reads them).
    let r = sqlx::query!(
        r#"with holds as (
               update appointments a set status = 'expired', changed_by = null,
                      change_reason = case when a.status = 'held' then 'Hold expired' else 'Payment window closed' end
               from (select id from appointments where status in ('held', 'awaiting_payment') and hold_expires_at <= $1
                     order by hold_expires_at limit $2 for update skip locked) due
               where a.id = due.id returning 1),
           pending as (
               update appointments a set status = 'expired', changed_by = null,
                      change_reason = 'Not confirmed by the doctor before the start time'
               from (select id from appointments where status = 'pending' and starts_at <= $1
                     order by starts_at limit $2 for update skip locked) due
               where a.id = due.id returning a.id),
           ended as (
               update appointments a set status = 'awaiting_completion', changed_by = null, change_reason = null
               from (select id from appointments where status = 'confirmed' and ends_at <= $1
                     order by starts_at limit $2 for update skip locked) due
               where a.id = due.id returning a.id),
           completed as (
               update appointments a set status = 'completed', changed_by = null,
                      change_reason = 'Completed automatically: no outcome was recorded'
               from (select id from appointments where status = 'awaiting_completion'
                       and ends_at <= $1 - make_interval(secs => $3)
                     order by ends_at limit $2 for update skip locked) due
               where a.id = due.id returning 1),
           told as (
               insert into jobs (kind, payload, run_at)
               select 'booking.tell', jsonb_build_object('appointment', id, 'change', change, 'reason', null), $1
               from (select id, 'expired' as change from pending union all select id, 'ended' from ended) c)
           select (select count(*) from holds) as "holds!", (select count(*) from pending) as "pending!",
                  (select count(*) from ended) as "ended!", (select count(*) from completed) as "completed!",
                  -- The triggers these updates fire (at the statement's end) plan with this run's `now`.
                  set_config('carebook.now', $1::timestamptz::text, true) as "clock!""#,
        now,
        BATCH,
        auto_complete.num_seconds() as f64
    )
    .fetch_one(db)
    .await?;
    Ok(Tick {
        holds_expired: r.holds as u64,
        pending_expired: r.pending as u64,
        awaiting_completion: r.ended as u64,
        auto_completed: r.completed as u64,
    })
}

/// Run the jobs every `every` for the life of the process (one loop per instance).
pub fn spawn(
    db: PgPool,
    clock: std::sync::Arc<dyn crate::server::clock::Clock>,
    every: std::time::Duration,
    auto_complete: Duration,
) {
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            match run(&db, clock.now(), auto_complete).await {
                Ok(t) if t == Tick::default() => {}
                Ok(t) => tracing::info!(?t, "booking jobs"),
                Err(e) => tracing::warn!("booking jobs failed: {e}"),
            }
        }
    });
}
