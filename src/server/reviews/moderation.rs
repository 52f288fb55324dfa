//! Moderating reviews: an admin hides a review with a reason (its reports are resolved with it), restores a
//! hidden one, or dismisses the reports of one that stays. Every decision is audited and the author is told
//! (in the app and by email). The rating summaries follow by themselves (migration 33's triggers).

use uuid::Uuid;

use crate::error::AppError;
use crate::model::review::{validate_reason, ModerationDecision as Decision};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::ClientInfo;
use crate::server::{mail, notify, AppState};

fn action(decision: Decision) -> &'static str {
    match decision {
        Decision::Hide => "review.hide",
        Decision::Restore => "review.restore",
        Decision::Dismiss => "review.dismiss_reports",
    }
}

/// Apply `decision` to `review` as `admin` (`reason` is required to hide, and kept).
pub async fn decide(
    state: &AppState,
    admin: Uuid,
    client: &ClientInfo,
    review: Uuid,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    if decision == Decision::Hide {
        validate_reason(reason).map_err(AppError::Validation)?;
    }
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    // Hide only a visible review and restore only a hidden one; dismissing leaves it as it is.
    let row = sqlx::query!(
        r#"update reviews r set
               hidden_at = case $2 when 'hide' then $3 when 'restore' then null else r.hidden_at end,
               hidden_reason = case $2 when 'hide' then $4 when 'restore' then null else r.hidden_reason end,
               hidden_by = case $2 when 'hide' then $5 when 'restore' then null else r.hidden_by end
           from users u, doctors d join users du on du.id = d.user_id
           where r.id = $1 and u.id = r.patient_id and d.id = r.doctor_id
             and case $2 when 'hide' then r.hidden_at is null when 'restore' then r.hidden_at is not null else true end
           returning r.patient_id, u.email::text as "email!", du.full_name as doctor_name"#,
        review,
        match decision {
            Decision::Hide => "hide",
            Decision::Restore => "restore",
            Decision::Dismiss => "dismiss",
        },
        now,
        reason.trim(),
        admin
    )
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        let exists = sqlx::query_scalar!("select exists(select 1 from reviews where id = $1) as \"e!\"", review)
            .fetch_one(&mut *tx)
            .await?;
        return Err(if exists {
            AppError::Conflict("Someone already made that decision: reload to see the review as it is now.".into())
        } else {
            AppError::NotFound("Review".into())
        });
    };
    sqlx::query!(
        "update review_reports set resolved_at = $2, resolved_by = $3 where review_id = $1 and resolved_at is null",
        review,
        now,
        admin
    )
    .execute(&mut *tx)
    .await?;
    let told = match decision {
        Decision::Hide => Some((
            "Your review was hidden",
            format!(
                "Your review of Dr. {} is no longer shown on their page. The moderator's reason: {}",
                row.doctor_name,
                reason.trim()
            ),
        )),
        Decision::Restore => {
            Some(("Your review is shown again", format!("Your review of Dr. {} is shown again.", row.doctor_name)))
        }
        Decision::Dismiss => None,
    };
    if let Some((title, body)) = &told {
        notify::in_app(&mut *tx, row.patient_id, title, body, "/patient/appointments").await?;
        let mail_body =
            format!("{body}\n\nYour visits and reviews: {}/patient/appointments\n", state.config.public_url);
        mail::queue(&mut *tx, mail::Message { to: &row.email, subject: title, body: mail_body }).await?;
    }
    tx.commit().await?;
    let detail = serde_json::json!({ "review": review, "reason": reason.trim() });
    audit::record(
        &state.db,
        Event {
            actor: Some(admin),
            subject: Some(row.patient_id),
            action: action(decision),
            outcome: Outcome::Success,
            client,
            detail,
        },
    )
    .await;
    Ok(())
}
