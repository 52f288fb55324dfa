//! Outgoing mail goes through the outbox table first (recorded in the request that causes it); a worker
//! delivers it over SMTP (lettre) when one is configured, claiming rows with SKIP LOCKED so several app
//! instances never send a message twice. Without SMTP, the dev-only /dev/outbox page shows it.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::PgPool;

use crate::model::mail::OutboxEmail;

/// The SMTP transport type used for delivery.
pub type Smtp = AsyncSmtpTransport<Tokio1Executor>;

/// Give up on a message after this many failed attempts (the error stays on the row).
const MAX_ATTEMPTS: i32 = 8;

/// A message to record for delivery.
pub struct Message<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: String,
}

/// Record `message` for delivery (on the caller's transaction when given one).
pub async fn queue(db: impl sqlx::PgExecutor<'_>, message: Message<'_>) -> Result<(), sqlx::Error> {
    queue_with_calendar(db, message, None).await
}

/// Record `message` for delivery with an optional iCalendar attachment (`invite.ics`).
pub async fn queue_with_calendar(
    db: impl sqlx::PgExecutor<'_>,
    message: Message<'_>,
    ics: Option<String>,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into outbox_emails (to_address, subject, body_text, ics) values ($1, $2, $3, $4)",
        message.to,
        message.subject,
        message.body,
        ics
    )
    .execute(db)
    .await?;
    Ok(())
}

/// The newest `limit` messages, newest first.
pub async fn recent(db: &PgPool, limit: i64) -> Result<Vec<OutboxEmail>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select to_address::text as "to!", subject, body_text, created_at
           from outbox_emails order by created_at desc limit $1"#,
        limit
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxEmail { to: r.to, subject: r.subject, body: r.body_text, created_at: r.created_at.to_rfc3339() })
        .collect())
}

/// An SMTP transport from a URL such as `smtp://user:pass@mail.example.org:587?tls=required`
/// (`smtps://` for implicit TLS; plain `smtp://host:port` for a local relay).
pub fn smtp_from_url(url: &str) -> anyhow::Result<Smtp> {
    Ok(Smtp::from_url(url)?.timeout(Some(Duration::from_secs(20))).build())
}

/// Send up to `batch` pending messages. Rows are claimed with `for update skip locked` inside one
/// transaction, so concurrent workers (other instances) skip them. Returns how many were sent.
pub async fn deliver_pending(db: &PgPool, smtp: &Smtp, from: &Mailbox, batch: i64) -> Result<usize, sqlx::Error> {
    let mut tx = db.begin().await?;
    let rows = sqlx::query!(
        r#"select id, to_address::text as "to!", subject, body_text, ics from outbox_emails
           where sent_at is null and attempts < $1
           order by created_at
           for update skip locked
           limit $2"#,
        MAX_ATTEMPTS,
        batch
    )
    .fetch_all(&mut *tx)
    .await?;
    let mut sent = 0;
    for row in rows {
        let result = match build(from, &row.to, &row.subject, row.body_text, row.ics) {
            Ok(message) => smtp.send(message).await.map(|_| ()).map_err(|e| e.to_string()),
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                sqlx::query!("update outbox_emails set sent_at = now(), attempts = attempts + 1 where id = $1", row.id)
                    .execute(&mut *tx)
                    .await?;
                sent += 1;
            }
            Err(error) => {
                tracing::warn!(mail = %row.id, "mail delivery failed: {error}");
                sqlx::query!(
                    "update outbox_emails set attempts = attempts + 1, last_error = $2 where id = $1",
                    row.id,
                    error
                )
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(sent)
}

fn build(
    from: &Mailbox,
    to: &str,
    subject: &str,
    body: String,
    ics: Option<String>,
) -> Result<lettre::Message, String> {
    use lettre::message::{header::ContentType, Attachment, MultiPart, SinglePart};
    let to: Mailbox = to.parse().map_err(|e| format!("bad recipient: {e}"))?;
    let builder = lettre::Message::builder().from(from.clone()).to(to).subject(subject);
    let built = match ics {
        None => builder.body(body),
        Some(ics) => {
            let calendar =
                ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH").map_err(|e| e.to_string())?;
            builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(body))
                    .singlepart(Attachment::new("invite.ics".into()).body(ics, calendar)),
            )
        }
    };
    built.map_err(|e| e.to_string())
}

/// Run delivery every `every` until the process ends (one per instance; SKIP LOCKED keeps them apart).
pub fn spawn_worker(db: PgPool, smtp: Smtp, from: Mailbox, every: Duration) {
    tokio::spawn(async move {
        loop {
            match deliver_pending(&db, &smtp, &from, 20).await {
                Ok(0) => tokio::time::sleep(every).await,
                Ok(n) => tracing::info!(sent = n, "mail delivered"),
                Err(e) => {
                    tracing::error!("mail worker: {e}");
                    tokio::time::sleep(every).await;
                }
            }
        }
    });
}
