//! Reviews of real visits: a patient reviews their own completed appointment once (within 90 days, editable
//! for 7), the doctor replies, anyone signed in marks one helpful or reports it. The rating summaries are
//! the database's job (migration 33); moderation is in `moderation`, the public lists in `lists`.

pub mod invite;
pub mod lists;
pub mod moderation;

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::AppointmentStatus;
use crate::model::review::{
    validate_reason, validate_reply, ReviewDraft, ReviewForm, EDIT_WINDOW_DAYS, REVIEW_WINDOW_DAYS,
};
use crate::server::{notify, AppState};

/// The appointment a patient wants to review, with its review if written.
struct Visit {
    patient_id: Uuid,
    status: AppointmentStatus,
    ends_at: DateTime<Utc>,
    doctor_id: Uuid,
    doctor_user: Uuid,
    doctor_name: String,
    doctor_slug: String,
    review_created: Option<DateTime<Utc>>,
    existing: Option<ReviewForm>,
}

async fn visit(state: &AppState, patient: Uuid, appointment: Uuid) -> Result<Visit, AppError> {
    let row = sqlx::query!(
        r#"select a.patient_id, a.status as "status: AppointmentStatus", a.ends_at, d.id as doctor_id,
                  d.user_id as doctor_user, u.full_name as doctor_name, d.slug as doctor_slug,
                  r.created_at as "review_created?", r.stars as "stars?", r.waiting, r.manner, r.explanation,
                  r.body as "body?", r.anonymous as "anonymous?"
           from appointments a
           join doctors d on d.id = a.doctor_id
           join users u on u.id = d.user_id
           left join reviews r on r.appointment_id = a.id
           where a.id = $1"#,
        appointment
    )
    .fetch_optional(&state.db)
    .await?;
    // Someone else's appointment answers exactly like a missing one.
    let row = row.filter(|r| r.patient_id == patient).ok_or_else(|| AppError::NotFound("Appointment".into()))?;
    let existing = row.stars.map(|stars| ReviewForm {
        stars,
        waiting: row.waiting,
        manner: row.manner,
        explanation: row.explanation,
        body: row.body.clone().unwrap_or_default(),
        anonymous: row.anonymous.unwrap_or(false),
    });
    Ok(Visit {
        patient_id: row.patient_id,
        status: row.status,
        ends_at: row.ends_at,
        doctor_id: row.doctor_id,
        doctor_user: row.doctor_user,
        doctor_name: row.doctor_name,
        doctor_slug: row.doctor_slug,
        review_created: row.review_created,
        existing,
    })
}

/// Why `v` cannot be reviewed (or its review edited) at `now`, if it cannot.
fn refusal(v: &Visit, now: DateTime<Utc>) -> Option<String> {
    if v.status != AppointmentStatus::Completed {
        return Some("You can review a visit once the doctor has marked it completed.".into());
    }
    match v.review_created {
        Some(at) if now > at + Duration::days(EDIT_WINDOW_DAYS) => {
            Some("Reviews can be changed for 7 days after writing; this one is final now.".into())
        }
        Some(_) => None,
        None if now > v.ends_at + Duration::days(REVIEW_WINDOW_DAYS) => {
            Some("Visits can be reviewed for 90 days; this one is too long ago.".into())
        }
        None => None,
    }
}

fn draft_of(appointment: Uuid, v: Visit, now: DateTime<Utc>, zone: &chrono_tz::Tz) -> ReviewDraft {
    let why_not = refusal(&v, now);
    ReviewDraft {
        appointment_id: appointment,
        visit_date: v.ends_at.with_timezone(zone).format("%Y-%m-%d").to_string(),
        doctor_name: v.doctor_name,
        doctor_slug: v.doctor_slug,
        existing: v.existing,
        can_save: why_not.is_none(),
        why_not: why_not.unwrap_or_default(),
    }
}

/// The review page of `appointment` for its patient: the review if written, and whether it can be saved.
pub async fn draft(state: &AppState, patient: Uuid, zone: &str, appointment: Uuid) -> Result<ReviewDraft, AppError> {
    let v = visit(state, patient, appointment).await?;
    Ok(draft_of(appointment, v, state.clock.now(), &crate::server::scheduling::rules::zone(zone)))
}

/// Write (or, within 7 days, change) the review of `appointment` by its patient.
pub async fn save(
    state: &AppState,
    patient: Uuid,
    zone: &str,
    appointment: Uuid,
    form: ReviewForm,
) -> Result<ReviewDraft, AppError> {
    form.validate().map_err(AppError::Validation)?;
    let now = state.clock.now();
    let v = visit(state, patient, appointment).await?;
    if let Some(why) = refusal(&v, now) {
        return Err(AppError::Conflict(why));
    }
    let body = form.body.trim();
    // Insert, or edit the patient's own review while it is editable: decided by the row itself, so two
    // submits racing each other make one review (and the second is an edit of it).
    let written = sqlx::query_scalar!(
        r#"insert into reviews (appointment_id, doctor_id, patient_id, stars, waiting, manner, explanation, body,
                                anonymous, created_at)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           on conflict (appointment_id) do update
               set stars = excluded.stars, waiting = excluded.waiting, manner = excluded.manner,
                   explanation = excluded.explanation, body = excluded.body, anonymous = excluded.anonymous,
                   edited_at = excluded.created_at
               where reviews.patient_id = excluded.patient_id
                 and reviews.created_at + make_interval(days => $11) >= excluded.created_at
           returning (xmax = 0) as "inserted!""#,
        appointment,
        v.doctor_id,
        v.patient_id,
        form.stars,
        form.waiting,
        form.manner,
        form.explanation,
        body,
        form.anonymous,
        now,
        EDIT_WINDOW_DAYS as i32
    )
    .fetch_optional(&state.db)
    .await?;
    match written {
        None => return Err(AppError::Conflict("This review can no longer be changed.".into())),
        Some(true) => {
            let title = format!("New {}-star review", form.stars);
            let line = format!("A patient reviewed their visit of {}.", v.ends_at.format("%Y-%m-%d"));
            notify::in_app(&state.db, v.doctor_user, &title, &line, "/doctor/reviews").await?;
        }
        Some(false) => {}
    }
    draft(state, patient, zone, appointment).await
}

/// The doctor's public reply to a review of one of their visits (posting again replaces it).
pub async fn reply(state: &AppState, doctor_user: Uuid, review: Uuid, text: &str) -> Result<(), AppError> {
    validate_reply(text).map_err(AppError::Validation)?;
    let row = sqlx::query!(
        r#"update reviews r set reply = $3, replied_at = $4
           from doctors d
           where r.id = $1 and d.id = r.doctor_id and d.user_id = $2
           returning r.patient_id, d.slug"#,
        review,
        doctor_user,
        text.trim(),
        state.clock.now()
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::NotFound("Review".into()))?;
    let link = format!("/doctors/{}#review-{review}", row.slug);
    notify::in_app(
        &state.db,
        row.patient_id,
        "Your doctor replied to your review",
        "See the reply on their page.",
        &link,
    )
    .await?;
    Ok(())
}

/// Mark a visible review helpful (once per user; not one's own). Answers its new count.
pub async fn helpful(state: &AppState, user: Uuid, review: Uuid) -> Result<i32, AppError> {
    let row = sqlx::query!(
        r#"with target as (select id, patient_id from reviews where id = $1 and hidden_at is null),
                vote as (insert into review_votes (review_id, user_id)
                         select id, $2 from target where patient_id <> $2
                         on conflict do nothing returning review_id)
           update reviews r set helpful = r.helpful + (select count(*) from vote)::integer
           from target where r.id = target.id
           returning r.helpful"#,
        review,
        user
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::NotFound("Review".into()))?;
    Ok(row.helpful)
}

/// Report a visible review to the moderators (once per user).
pub async fn report(state: &AppState, user: Uuid, review: Uuid, reason: &str) -> Result<(), AppError> {
    validate_reason(reason).map_err(AppError::Validation)?;
    let visible = sqlx::query_scalar!(
        // The report that puts a review in the queue (no open one before) tells every active admin in the app;
        // the notice names no one (the queue shows the review).
        r#"with target as (select id from reviews where id = $1 and hidden_at is null),
                added as (insert into review_reports (review_id, reporter_id, reason)
                          select id, $2, $3 from target on conflict (review_id, reporter_id) do nothing
                          returning review_id),
                opened as (select 1 from added where not exists
                               (select 1 from review_reports o where o.review_id = $1 and o.resolved_at is null)),
                told as (insert into notifications (user_id, title, body, link)
                         select u.id, 'A review was reported', 'A patient review waits for a moderator''s decision.',
                                '/admin/reviews'
                         from users u, opened where u.role = 'admin' and u.is_active and u.deleted_at is null)
           select count(*) as "n!" from target"#,
        review,
        user,
        reason.trim()
    )
    .fetch_one(&state.db)
    .await?;
    if visible == 0 {
        return Err(AppError::NotFound("Review".into()));
    }
    Ok(())
}
