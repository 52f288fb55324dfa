//! Reviews: a doctor's public reviews, the patient's review of a completed visit, the doctor's replies,
//! helpful marks and reports, and the moderators' queue and decisions.

use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::review::{ManagedReview, ModerationDecision, ReviewDraft, ReviewForm, ReviewPage, ReviewSort};

#[cfg(feature = "server")]
use crate::{
    model::Role,
    server::auth::extract::{Auth, Req},
    server::reviews::{self, lists},
};

/// Page `page` (from 1) of an approved doctor's visible reviews, newest or most helpful first.
/// Auth: public — anyone may call it.
#[get("/api/doctors/reviews/{slug}?sort&page", req: Req)]
pub async fn doctor_reviews(slug: String, sort: ReviewSort, page: i64) -> Result<ReviewPage, AppError> {
    let db = &req.state.db;
    let doctor = crate::server::scheduling::rules::doctor_id_by_slug(db, &slug)
        .await?
        .ok_or(AppError::NotFound("Doctor".into()))?;
    Ok(lists::page(db, doctor, sort, page).await?)
}

/// The review of one of the caller's visits: as written, and whether it can be written or changed now.
/// Auth: the appointment's patient only (404 for anyone else).
#[get("/api/appointments/{id}/review", auth: Auth)]
pub async fn my_review(id: Uuid) -> Result<ReviewDraft, AppError> {
    reviews::draft(&auth.req.state, auth.user_id(), &auth.session.user.time_zone, id).await
}

/// Write the review of a completed visit (once, within 90 days of it), or change it within 7 days.
/// Auth: the appointment's patient only (404 for anyone else).
#[post("/api/appointments/{id}/review", auth: Auth)]
pub async fn save_review(id: Uuid, form: ReviewForm) -> Result<ReviewDraft, AppError> {
    reviews::save(&auth.req.state, auth.user_id(), &auth.session.user.time_zone, id, form).await
}

/// Post (or replace) the doctor's public reply to a review.
/// Auth: doctors only, reviews of their own visits (404 for anyone else's).
#[post("/api/reviews/{id}/reply", auth: Auth)]
pub async fn reply_review(id: Uuid, reply: String) -> Result<(), AppError> {
    auth.require(&[Role::Doctor])?;
    reviews::reply(&auth.req.state, auth.user_id(), id, &reply).await
}

/// Mark a review helpful (once; not one's own); answers its helpful count.
/// Auth: any signed-in user.
#[post("/api/reviews/{id}/helpful", auth: Auth)]
pub async fn mark_helpful(id: Uuid) -> Result<i32, AppError> {
    reviews::helpful(&auth.req.state, auth.user_id(), id).await
}

/// Report a review to the moderators, with a reason.
/// Auth: any signed-in user.
#[post("/api/reviews/{id}/report", auth: Auth)]
pub async fn report_review(id: Uuid, reason: String) -> Result<(), AppError> {
    reviews::report(&auth.req.state, auth.user_id(), id, &reason).await
}

/// The caller's reviews as a doctor (hidden ones too, with the moderator's reason), newest first.
/// Auth: doctors only, their own reviews.
#[get("/api/doctor/reviews?page", auth: Auth)]
pub async fn doctor_own_reviews(page: i64) -> Result<Vec<ManagedReview>, AppError> {
    auth.require(&[Role::Doctor])?;
    Ok(lists::for_doctor(&auth.req.state.db, auth.user_id(), page).await?)
}

/// The moderation queue: reviews with open reports (oldest report first), or the hidden ones.
/// Auth: admins only.
#[get("/api/admin/reviews?hidden&page", auth: Auth)]
pub async fn moderation_queue(hidden: bool, page: i64) -> Result<Vec<ManagedReview>, AppError> {
    auth.require(&[Role::Admin])?;
    Ok(lists::for_moderation(&auth.req.state.db, hidden, page).await?)
}

/// Hide a review with a reason, restore a hidden one, or dismiss a review's reports. Audited; the author is told when it is hidden or restored.
/// Auth: admins only.
#[post("/api/admin/reviews/{id}/decide", auth: Auth)]
pub async fn moderate_review(id: Uuid, decision: ModerationDecision, reason: String) -> Result<(), AppError> {
    auth.require(&[Role::Admin])?;
    reviews::moderation::decide(&auth.req.state, auth.user_id(), &auth.req.client, id, decision, &reason).await
}
