//! Background jobs kept in Postgres (`jobs`): enqueued on the transaction of the change that causes them, so
//! a committed change always has its follow-up and a rolled-back one never does (the transactional outbox).
//! Any number of instances run them: a batch is claimed `for update skip locked` and worked inside the
//! claiming transaction, each job under a savepoint, so its writes and its "done" commit together and a
//! crash hands the job back untouched (nothing is ever left claimed). A failure is retried with backoff
//! until `max_attempts`, then kept as `failed` with its error.

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{Acquire, PgConnection};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::reminder::ReminderKind;
use crate::server::booking::mail::Change;
use crate::server::booking::reminders::{self, Due};
use crate::server::AppState;

/// Jobs claimed per transaction.
const BATCH: i64 = 50;

/// A job: its kind (`kind` column) and its arguments (`payload`), ids only where possible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload")]
pub enum Job {
    /// Tell the patient and the doctor about a change to their appointment (emails and in-app notices).
    #[serde(rename = "booking.tell")]
    BookingTell { appointment: Uuid, change: Change, reason: Option<String> },
    /// Email the patient the receipt of a payment that booked their visit.
    #[serde(rename = "payment.receipt")]
    PaymentReceipt { payment: Uuid },
    /// Remind the patient of a visit (planned by the database: migration 32).
    #[serde(rename = "appointment.remind")]
    Remind { appointment: Uuid, which: ReminderKind, starts_at: DateTime<Utc> },
    /// Invite the patient to review a completed visit (enqueued by the database: migration 33).
    #[serde(rename = "review.invite")]
    ReviewInvite { appointment: Uuid },
    /// Offer a doctor's slots freed inside `from`..`to` to the waitlist (enqueued by migration 34's trigger).
    #[serde(rename = "waitlist.offer")]
    WaitlistOffer { doctor: Uuid, from: DateTime<Utc>, to: DateTime<Utc> },
}

impl Job {
    /// The `kind` and `payload` columns for this job.
    pub fn columns(&self) -> (String, serde_json::Value) {
        let mut v = serde_json::to_value(self).expect("a job serialises");
        let kind = v["kind"].as_str().expect("tagged").to_owned();
        (kind, v["payload"].take())
    }

    fn from_columns(kind: &str, payload: serde_json::Value) -> Result<Job, serde_json::Error> {
        serde_json::from_value(serde_json::json!({ "kind": kind, "payload": payload }))
    }
}

/// Enqueue `job` to run from `run_at`, on `conn` (the caller's transaction). With a `dedupe` key there is at
/// most one such job: enqueuing it again while it waits (or after it was cancelled) moves it (new time and
/// arguments); once it has run it is not run again.
pub async fn enqueue(
    conn: &mut PgConnection,
    job: &Job,
    run_at: DateTime<Utc>,
    dedupe: Option<&str>,
) -> Result<(), sqlx::Error> {
    let (kind, payload) = job.columns();
    sqlx::query!(
        r#"insert into jobs (kind, payload, run_at, dedupe_key) values ($1, $2, $3, $4)
           on conflict (dedupe_key) do update set payload = excluded.payload, run_at = excluded.run_at,
               status = 'queued', finished_at = null, attempts = 0, last_error = null
           where jobs.status in ('queued', 'cancelled')"#,
        kind,
        payload,
        run_at,
        dedupe
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// Cancel the waiting jobs whose dedupe key starts with `prefix`. Returns how many.
pub async fn cancel(conn: &mut PgConnection, prefix: &str, now: DateTime<Utc>) -> Result<u64, sqlx::Error> {
    let pattern = format!("{}%", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    Ok(sqlx::query!(
        "update jobs set status = 'cancelled', finished_at = $2 where status = 'queued' and dedupe_key like $1",
        pattern,
        now
    )
    .execute(conn)
    .await?
    .rows_affected())
}

/// Wait before attempt `attempts + 1`: 30 s, doubling, at most an hour.
pub fn backoff(attempts: i32) -> Duration {
    Duration::seconds((30i64 << (attempts.clamp(1, 8) - 1)).min(3600))
}

/// What one batch did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ran {
    pub done: usize,
    pub retried: usize,
    pub failed: usize,
}

/// Run one batch of due jobs (by the app's clock). Returns what happened to them.
pub async fn run_due(state: &AppState) -> Result<Ran, sqlx::Error> {
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    sqlx::query_scalar!("select set_config('carebook.now', $1::text, true)", now.to_rfc3339())
        .fetch_one(&mut *tx)
        .await?;
    let due = sqlx::query!(
        r#"select id, kind, payload, attempts, max_attempts from jobs
           where status = 'queued' and run_at <= $1 order by run_at, id limit $2 for update skip locked"#,
        now,
        BATCH
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut ran = Ran::default();
    let mut done = Vec::new();
    // Reminders go as one batch (their reads and inserts are set-based); other jobs one by one. An unreadable
    // job (a kind or shape this version does not know) fails at once; work that fails is retried.
    let mut reminders = Vec::new();
    let mut each = Vec::new();
    for j in due {
        let c = Claimed { id: j.id, kind: j.kind, attempts: j.attempts, max: j.max_attempts };
        match Job::from_columns(&c.kind, j.payload) {
            Ok(Job::Remind { appointment, which, starts_at }) => {
                reminders.push((c, Due { appointment, which, starts_at }))
            }
            Ok(job) => each.push((c, job)),
            Err(e) => failed(&mut tx, &c, &format!("not a job this version knows: {e}"), true, now, &mut ran).await?,
        }
    }
    if !reminders.is_empty() {
        let batch: Vec<Due> = reminders.iter().map(|(_, d)| *d).collect();
        let mut sp = tx.begin().await?;
        match reminders::send(state, &mut sp, &batch).await {
            Ok(_) => {
                sp.commit().await?;
                done.extend(reminders.iter().map(|(c, _)| c.id));
            }
            Err(e) => {
                sp.rollback().await?;
                for (c, _) in &reminders {
                    failed(&mut tx, c, &e.to_string(), false, now, &mut ran).await?;
                }
            }
        }
    }
    for (c, job) in each {
        let mut sp = tx.begin().await?;
        match work(state, &mut sp, &job).await {
            Ok(()) => {
                sp.commit().await?;
                done.push(c.id);
            }
            Err(e) => {
                sp.rollback().await?;
                failed(&mut tx, &c, &e.to_string(), false, now, &mut ran).await?;
            }
        }
    }
    sqlx::query!(
        "update jobs set status = 'done', attempts = attempts + 1, finished_at = $2 where id = any($1)",
        &done,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    ran.done = done.len();
    Ok(ran)
}

/// A claimed job's bookkeeping.
struct Claimed {
    id: i64,
    kind: String,
    attempts: i32,
    max: i32,
}

/// Record a failed attempt: retried after its backoff, or (`unreadable`, or out of attempts) failed for good.
async fn failed(
    tx: &mut PgConnection,
    c: &Claimed,
    error: &str,
    unreadable: bool,
    now: DateTime<Utc>,
    ran: &mut Ran,
) -> Result<(), sqlx::Error> {
    let attempts = c.attempts + 1;
    let fatal = unreadable || attempts >= c.max;
    tracing::warn!(job = c.id, kind = %c.kind, attempts, fatal, "job failed: {error}");
    sqlx::query!(
        r#"update jobs set attempts = $2, last_error = $3, run_at = $4,
               status = case when $5 then 'failed' else 'queued' end::job_status,
               finished_at = case when $5 then $6::timestamptz end
           where id = $1"#,
        c.id,
        attempts,
        error,
        now + backoff(attempts),
        fatal,
        now
    )
    .execute(tx)
    .await?;
    if fatal {
        ran.failed += 1;
    } else {
        ran.retried += 1;
    }
    Ok(())
}

/// Run due jobs until none is left (tests, and a backlog after a pause).
pub async fn drain(state: &AppState) -> Result<Ran, sqlx::Error> {
    let mut total = Ran::default();
    loop {
        let r = run_due(state).await?;
        total.done += r.done;
        total.retried += r.retried;
        total.failed += r.failed;
        if r.done + r.retried + r.failed < BATCH as usize {
            return Ok(total);
        }
    }
}

async fn work(state: &AppState, conn: &mut PgConnection, job: &Job) -> Result<(), AppError> {
    match job {
        Job::BookingTell { appointment, change, reason } => {
            crate::server::booking::mail::tell(state, conn, *appointment, *change, reason.as_deref()).await?
        }
        Job::PaymentReceipt { payment } => crate::server::payments::receipts::email(state, conn, *payment).await?,
        Job::Remind { appointment, which, starts_at } => {
            let due = Due { appointment: *appointment, which: *which, starts_at: *starts_at };
            reminders::send(state, conn, &[due]).await?;
        }
        Job::ReviewInvite { appointment } => crate::server::reviews::invite::send(state, conn, *appointment).await?,
        Job::WaitlistOffer { doctor, from, to } => {
            crate::server::waitlist::offer::run(state, conn, *doctor, *from, *to).await?;
        }
    }
    Ok(())
}

/// Run due jobs every `every` for the life of the process (one loop per instance; a full batch is followed
/// at once by the next).
pub fn spawn(state: AppState, every: std::time::Duration) {
    tokio::spawn(async move {
        loop {
            match drain(&state).await {
                Ok(r) if r == Ran::default() => {}
                Ok(r) => tracing::debug!(?r, "jobs"),
                Err(e) => tracing::warn!("jobs failed: {e}"),
            }
            tokio::time::sleep(every).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_round_trips_through_its_columns() {
        let job = Job::BookingTell { appointment: Uuid::nil(), change: Change::Cancelled, reason: Some("ill".into()) };
        let (kind, payload) = job.columns();
        assert_eq!(kind, "booking.tell");
        assert_eq!(payload["appointment"], Uuid::nil().to_string());
        assert_eq!(Job::from_columns(&kind, payload).unwrap(), job);
        let moved = Job::BookingTell {
            appointment: Uuid::nil(),
            change: Change::Rescheduled(DateTime::from_timestamp(1_800_000_000, 0).unwrap()),
            reason: None,
        };
        let (kind, payload) = moved.columns();
        assert_eq!(Job::from_columns(&kind, payload).unwrap(), moved);
    }

    #[test]
    fn an_unknown_kind_is_an_error_not_a_default() {
        assert!(Job::from_columns("booking.unknown", serde_json::json!({})).is_err());
        assert!(Job::from_columns("payment.receipt", serde_json::json!({ "payment": "not a uuid" })).is_err());
    }

    #[test]
    fn backoff_doubles_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(5), Duration::seconds(480));
        assert_eq!(backoff(8), Duration::seconds(3600));
        assert_eq!(backoff(50), Duration::seconds(3600));
    }
}
