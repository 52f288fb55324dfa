//! User queries for administration.

use sqlx::PgPool;

use crate::model::admin::{UserPage, UserRow};
use crate::model::Role;

/// Users whose email or name contains `q` (case-insensitive), newest first, `per_page` at a time.
pub async fn search(db: &PgPool, q: &str, page: u32, per_page: u32) -> Result<UserPage, sqlx::Error> {
    let pattern = format!("%{}%", q.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let rows = sqlx::query!(
        r#"select id, email::text as "email!", full_name, role as "role: Role", is_active,
                  email_verified_at is not null as "verified!", created_at, last_sign_in_at,
                  count(*) over () as "total!"
           from users
           where deleted_at is null and (email::text ilike $1 or full_name ilike $1)
           order by created_at desc, id
           limit $2 offset $3"#,
        pattern,
        i64::from(per_page),
        offset
    )
    .fetch_all(db)
    .await?;
    let total = rows.first().map(|r| r.total).unwrap_or(0);
    let users = rows
        .into_iter()
        .map(|r| UserRow {
            id: r.id,
            email: r.email,
            full_name: r.full_name,
            role: r.role,
            active: r.is_active,
            email_verified: r.verified,
            created_at: r.created_at.to_rfc3339(),
            last_sign_in_at: r.last_sign_in_at.map(|t| t.to_rfc3339()),
        })
        .collect();
    Ok(UserPage { users, total, page, per_page })
}
