//! Outgoing mail goes through the outbox table first (recorded in the same request); delivery over SMTP
//! happens from there. Without SMTP configured, the dev-only /dev/outbox page shows what was sent.

use sqlx::PgPool;

use crate::model::mail::OutboxEmail;

/// A message waiting in (or delivered from) the outbox.
pub struct Message<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: String,
}

/// Record `message` for delivery.
pub async fn queue(db: &PgPool, message: Message<'_>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into outbox_emails (to_address, subject, body_text) values ($1, $2, $3)",
        message.to,
        message.subject,
        message.body
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
        .map(|r| OutboxEmail {
            to: r.to,
            subject: r.subject,
            body: r.body_text,
            created_at: r.created_at.to_rfc3339(),
        })
        .collect())
}
