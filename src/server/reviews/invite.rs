//! The invitation to review a completed visit (a `review.invite` job the database enqueues when a visit
//! completes): in the app and by email, unless the visit was reviewed or is no longer completed.

use sqlx::PgConnection;
use uuid::Uuid;

use crate::error::AppError;
use crate::server::{mail, notify, AppState};

/// Invite the patient of `appointment` to review it (on the job's transaction).
pub async fn send(state: &AppState, conn: &mut PgConnection, appointment: Uuid) -> Result<(), AppError> {
    let row = sqlx::query!(
        r#"select a.patient_id, p.email::text as "email!", p.full_name, du.full_name as doctor_name
           from appointments a
           join users p on p.id = a.patient_id
           join doctors d on d.id = a.doctor_id
           join users du on du.id = d.user_id
           where a.id = $1 and a.status = 'completed' and p.is_active
             and not exists (select 1 from reviews r where r.appointment_id = a.id)"#,
        appointment
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(()) };
    let link = format!("/patient/appointments/{appointment}/review");
    let title = format!("How was your visit with Dr. {}?", row.doctor_name);
    let line = "Your review helps other patients choose, and your doctor improve. It takes a minute.";
    notify::in_app(&mut *conn, row.patient_id, &title, line, &link).await?;
    let body = format!(
        "Hello {},\n\n{line}\n\nReview your visit (within 90 days): {}{link}\n\nYou can show your first name and \
         initial, or stay anonymous.\n",
        row.full_name, state.config.public_url
    );
    mail::queue(&mut *conn, mail::Message { to: &row.email, subject: &title, body }).await?;
    Ok(())
}
