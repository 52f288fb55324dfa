//! Reminder benchmark (`carebook bench reminders N`), run after the webhook benchmark on its database: the
//! 2-hours reminders of up to N of its confirmed bookings (planned by the trigger) are made due, every other
//! waiting job is cancelled, and the job loop's `drain` sends them (an email and a notice each, through the
//! outbox). The reference then writes the same rows raw with the same statements (one set-based insert of a
//! batch's emails, one of its notices, the jobs' "done", per transaction of the loop's 50), with no reads
//! and no formatting.

use std::time::Instant;

use sqlx::PgPool;

use crate::server::{config::Config, jobs, AppState};

/// Run both sides; returns (reminders, sent per second by the jobs, the same rows per second raw).
pub async fn run(db: &PgPool, config: Config, n: i64) -> anyhow::Result<(usize, f64, f64)> {
    sqlx::raw_sql("update jobs set status = 'cancelled', finished_at = now() where status = 'queued'")
        .execute(db)
        .await?;
    // Unchecked: bench-only maintenance over the jobs table.
    let picked = sqlx::query(
        "update jobs set status = 'queued', finished_at = null, run_at = now() - interval '1 second'
         where id in (select j.id from jobs j join appointments a on a.id = (j.payload->>'appointment')::uuid
                      where j.kind = 'appointment.remind' and j.payload->>'which' = 'hours'
                        and a.status = 'confirmed' and a.starts_at > now() + interval '1 hour'
                      order by j.id limit $1)",
    )
    .bind(n)
    .execute(db)
    .await?
    .rows_affected() as usize;
    let state = AppState::new(db.clone(), config);
    let before = count(db, "select count(*) from outbox_emails where subject like 'Reminder:%'").await?;
    let started = Instant::now();
    let ran = jobs::drain(&state).await?;
    let jobs_secs = started.elapsed().as_secs_f64();
    let sent = count(db, "select count(*) from outbox_emails where subject like 'Reminder:%'").await? - before;
    anyhow::ensure!(ran.done == picked && sent as usize == picked, "{ran:?}, {sent} sent of {picked}");

    // The same rows again, raw.
    let emails: Vec<(String, String, String)> = sqlx::query_as(
        "select to_address::text, subject, body_text from outbox_emails where subject like 'Reminder:%'
         order by created_at desc limit $1",
    )
    .bind(picked as i64)
    .fetch_all(db)
    .await?;
    let notices: Vec<(uuid::Uuid, String, String)> = sqlx::query_as(
        "select user_id, body, link from notifications where title like 'Reminder:%' order by id desc limit $1",
    )
    .bind(picked as i64)
    .fetch_all(db)
    .await?;
    let done: Vec<i64> = sqlx::query_scalar(
        "select id from jobs where kind = 'appointment.remind' and status = 'done' order by id desc limit $1",
    )
    .bind(picked as i64)
    .fetch_all(db)
    .await?;
    let rows: Vec<Raw> = emails
        .into_iter()
        .zip(notices)
        .zip(done)
        .map(|(((to, subject, body), (user, notice, link)), job)| (to, subject, body, user, notice, link, job))
        .collect();
    let started = Instant::now();
    for batch in rows.chunks(50) {
        let mut tx = db.begin().await?;
        let col = |f: fn(&Raw) -> String| batch.iter().map(f).collect::<Vec<_>>();
        sqlx::query(
            "insert into outbox_emails (to_address, subject, body_text)
             select * from unnest($1::text[], $2::text[], $3::text[])",
        )
        .bind(col(|r| r.0.clone()))
        .bind(col(|r| r.1.clone()))
        .bind(col(|r| r.2.clone()))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "insert into notifications (user_id, title, body, link)
             select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])",
        )
        .bind(batch.iter().map(|r| r.3).collect::<Vec<_>>())
        .bind(col(|r| r.1.clone()))
        .bind(col(|r| r.4.clone()))
        .bind(col(|r| r.5.clone()))
        .execute(&mut *tx)
        .await?;
        sqlx::query("update jobs set status = 'done', finished_at = now() where id = any($1)")
            .bind(batch.iter().map(|r| r.6).collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let raw_secs = started.elapsed().as_secs_f64();
    Ok((picked, picked as f64 / jobs_secs, rows.len() as f64 / raw_secs))
}

/// One reminder's rows: the email (to, subject, body), the notice (user, body, link) and its job.
type Raw = (String, String, String, uuid::Uuid, String, String, i64);

async fn count(db: &PgPool, sql: &'static str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(sql).fetch_one(db).await
}
