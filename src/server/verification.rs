//! Admin verification of doctor applications: the queue (oldest first), and decisions — approve (the user
//! becomes a doctor), reject with a reason, or send back for changes. Every decision is recorded and
//! audited, and the applicant is told.

use serde_json::json;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::application::{Decision, DoctorStatus, QueueItem};
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::ClientInfo;
use crate::server::{notify, AppState};

/// Pending applications, oldest submission first.
pub async fn queue(state: &AppState) -> Result<Vec<QueueItem>, AppError> {
    let rows = sqlx::query!(
        r#"select d.id, u.full_name, u.email::text as "email!", coalesce(s.name, '') as "specialty!",
                  coalesce(d.registration_no, '') as "registration_no!", d.submitted_at as "submitted_at!",
                  (select count(*) from doctor_documents x where x.doctor_id = d.id) as "documents!"
           from doctors d join users u on u.id = d.user_id
           left join specialties s on s.id = d.primary_specialty_id
           where d.status = 'pending'
           order by d.submitted_at, d.id
           limit 500"#
    )
    .fetch_all(&state.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| QueueItem {
            doctor_id: r.id,
            name: r.full_name,
            email: r.email,
            specialty: r.specialty,
            registration_no: r.registration_no,
            submitted_at: r.submitted_at.to_rfc3339(),
            documents: r.documents,
        })
        .collect())
}

/// Decide on a pending application. Rejections and change requests need a note for the applicant.
pub async fn decide(
    state: &AppState,
    admin: Uuid,
    client: &ClientInfo,
    doctor_id: Uuid,
    decision: Decision,
    note: String,
) -> Result<(), AppError> {
    let note = note.trim().to_string();
    if decision != Decision::Approve && note.chars().count() < 10 {
        return Err(AppError::field("note", "Tell the applicant what to fix (at least 10 characters)."));
    }
    if note.chars().count() > 2000 {
        return Err(AppError::field("note", "Use at most 2000 characters."));
    }
    let (status, label) = match decision {
        Decision::Approve => (DoctorStatus::Approved, "approved"),
        Decision::Reject => (DoctorStatus::Rejected, "rejected"),
        Decision::RequestChanges => (DoctorStatus::Draft, "changes_requested"),
    };
    let mut tx = state.db.begin().await?;
    let user = sqlx::query_scalar!(
        r#"update doctors set status = $2, reviewed_at = $4, review_note = $3
           where id = $1 and status = 'pending' returning user_id"#,
        doctor_id,
        status as DoctorStatus,
        note,
        state.clock.now()
    )
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        AppError::Conflict("This application is not waiting for review (someone may have decided already).".into())
    })?;
    sqlx::query!(
        "insert into doctor_verifications (doctor_id, admin_id, decision, note) values ($1, $2, $3, $4)",
        doctor_id,
        admin,
        label,
        note
    )
    .execute(&mut *tx)
    .await?;
    if decision == Decision::Approve {
        sqlx::query!("update users set role = 'doctor' where id = $1 and role = 'patient'", user)
            .execute(&mut *tx)
            .await?;
        // Sessions read the role from `users` on every request, so it applies at once.
    }
    tx.commit().await?;
    audit::record(
        &state.db,
        Event {
            actor: Some(admin),
            subject: Some(user),
            action: "doctor.application_review",
            outcome: Outcome::Success,
            client,
            detail: json!({ "doctor_id": doctor_id, "decision": label }),
        },
    )
    .await;
    let (subject, text) = match decision {
        Decision::Approve => (
            "Your Carebook doctor profile is approved",
            "Welcome aboard: your profile is now listed in the Carebook directory.".to_string(),
        ),
        Decision::Reject => {
            ("Your Carebook doctor application", format!("We couldn't approve your application. Reason: {note}"))
        }
        Decision::RequestChanges => (
            "Changes needed on your Carebook application",
            format!("Please update your application and submit it again. What to change: {note}"),
        ),
    };
    notify::applicant_of_decision(state, doctor_id, subject, &text).await
}
