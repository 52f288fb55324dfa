//! Telling people what happened: an in-app notification row and, where it matters, an email through the
//! outbox (delivered by the mail worker).

use uuid::Uuid;

use crate::error::AppError;
use crate::server::{mail, AppState};

/// Add an in-app notification for `user` (on the caller's transaction when given one).
pub async fn in_app(
    db: impl sqlx::PgExecutor<'_>,
    user: Uuid,
    title: &str,
    body: &str,
    link: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "insert into notifications (user_id, title, body, link) values ($1, $2, $3, $4)",
        user,
        title,
        body,
        link
    )
    .execute(db)
    .await?;
    Ok(())
}

/// A doctor application arrived (or came back for review): every active admin gets an in-app note, and an
/// email when `CAREBOOK_EMAIL_ADMINS_ON_APPLICATION=1`.
pub async fn admins_of_application(state: &AppState, doctor_id: Uuid) -> Result<(), AppError> {
    let who = sqlx::query_scalar!(
        "select u.full_name from doctors d join users u on u.id = d.user_id where d.id = $1",
        doctor_id
    )
    .fetch_one(&state.db)
    .await?;
    let admins = sqlx::query!(
        r#"select id, email::text as "email!" from users where role = 'admin' and is_active and deleted_at is null"#
    )
    .fetch_all(&state.db)
    .await?;
    let link = format!("/admin/applications/{doctor_id}");
    let title = format!("New doctor application: {who}");
    for a in admins {
        in_app(
            &state.db,
            a.id,
            &title,
            "Review the licence and documents, then approve, reject or ask for changes.",
            &link,
        )
        .await?;
        if state.config.email_admins_on_application {
            let body = format!(
                "{who} applied to join Carebook as a doctor.\n\nReview it: {}{link}\n",
                state.config.public_url
            );
            mail::queue(&state.db, mail::Message { to: &a.email, subject: &title, body }).await?;
        }
    }
    Ok(())
}

/// The applicant hears the decision in the app and by email.
pub async fn applicant_of_decision(
    state: &AppState,
    doctor_id: Uuid,
    subject: &str,
    text: &str,
) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"select u.id, u.email::text as "email!", u.full_name from doctors d join users u on u.id = d.user_id
           where d.id = $1"#,
        doctor_id
    )
    .fetch_one(&state.db)
    .await?;
    in_app(&state.db, row.id, subject, text, "/apply").await?;
    let body =
        format!("Hello {},\n\n{text}\n\nSee your application: {}/apply\n", row.full_name, state.config.public_url);
    mail::queue(&state.db, mail::Message { to: &row.email, subject, body }).await?;
    Ok(())
}

/// The newest `limit` notifications of `user`, unread first.
pub async fn list(
    state: &AppState,
    user: Uuid,
    limit: i64,
) -> Result<Vec<crate::model::notification::Notification>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select id, title, body, link, created_at, read_at is not null as "read!"
           from notifications where user_id = $1
           order by read_at is not null, created_at desc, id desc limit $2"#,
        user,
        limit
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::notification::Notification {
            id: r.id,
            title: r.title,
            body: r.body,
            link: r.link,
            created_at: r.created_at.to_rfc3339(),
            read: r.read,
        })
        .collect())
}

/// Mark one of `user`'s notifications (or all of them) read.
pub async fn mark_read(state: &AppState, user: Uuid, id: Option<i64>) -> Result<(), sqlx::Error> {
    sqlx::query!(
        "update notifications set read_at = now() where user_id = $1 and read_at is null and ($2::int8 is null or id = $2)",
        user,
        id
    )
    .execute(&state.db)
    .await?;
    Ok(())
}
