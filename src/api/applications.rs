//! Doctor applications: the applicant's draft, documents and submission; the admins' review queue and
//! decisions. (Document upload and download are plain routes: `POST /api/applications/documents`,
//! `GET /api/doctor-documents/{id}`, see `server::web::documents`.)

use dioxus::prelude::*;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::application::{ApplicationForm, ApplicationView, Decision, QueueItem, Step};

#[cfg(feature = "server")]
use crate::{model::Role, server::applications, server::auth::extract::Auth, server::verification};

/// The caller's application (None before they start one).
/// Auth: any signed-in user, own application only.
#[get("/api/applications/mine", auth: Auth)]
pub async fn my_application() -> Result<Option<ApplicationView>, AppError> {
    applications::mine(&auth.req.state, auth.user_id()).await
}

/// Save the form after `step` (validating that step); creates the draft on first save. On an approved
/// profile, applies the edit (a changed licence goes back to review).
/// Auth: any signed-in user, own application only.
#[post("/api/applications/mine", auth: Auth)]
pub async fn save_application(form: ApplicationForm, step: Step) -> Result<ApplicationView, AppError> {
    applications::save_draft(&auth.req.state, auth.user_id(), form, step).await
}

/// Submit the application for review (every step valid, a licence uploaded).
/// Auth: any signed-in user, own application only.
#[post("/api/applications/mine/submit", auth: Auth)]
pub async fn submit_application(form: ApplicationForm) -> Result<ApplicationView, AppError> {
    applications::submit(&auth.req.state, auth.user_id(), form).await
}

/// Remove a document from the caller's draft application.
/// Auth: any signed-in user, own documents only (404 for anyone else's).
#[post("/api/applications/mine/documents/{id}/delete", auth: Auth)]
pub async fn delete_document(id: Uuid) -> Result<(), AppError> {
    applications::delete_document(&auth.req.state, auth.user_id(), id).await
}

/// Pending applications, oldest first.
/// Auth: admins only.
#[get("/api/admin/applications", auth: Auth)]
pub async fn review_queue() -> Result<Vec<QueueItem>, AppError> {
    auth.require(&[Role::Admin])?;
    verification::queue(&auth.req.state).await
}

/// One application with its documents.
/// Auth: admins only.
#[get("/api/admin/applications/{id}", auth: Auth)]
pub async fn get_application(id: Uuid) -> Result<ApplicationView, AppError> {
    auth.require(&[Role::Admin])?;
    applications::view(&auth.req.state.db, id).await?.ok_or(AppError::NotFound("Application".into()))
}

/// Approve, reject (with a reason) or ask for changes (with what to change). Audited; the applicant is
/// told in the app and by email.
/// Auth: admins only.
#[post("/api/admin/applications/{id}/decision", auth: Auth)]
pub async fn review_application(id: Uuid, decision: Decision, note: String) -> Result<(), AppError> {
    auth.require(&[Role::Admin])?;
    verification::decide(&auth.req.state, auth.user_id(), &auth.req.client, id, decision, note).await
}

/// Show (or stop showing) "Online now" on the caller's public profile; it shows only while they are also
/// active in the app (within 10 minutes).
/// Auth: doctors only, own profile.
#[post("/api/doctor/online", auth: Auth)]
pub async fn set_online(online: bool) -> Result<bool, AppError> {
    auth.require(&[Role::Doctor])?;
    crate::server::directory::set_online(&auth.req.state, auth.user_id(), online).await
}

/// Whether the caller shows as "Online now".
/// Auth: doctors only, own profile.
#[get("/api/doctor/online", auth: Auth)]
pub async fn get_online() -> Result<bool, AppError> {
    auth.require(&[Role::Doctor])?;
    crate::server::directory::online(&auth.req.state, auth.user_id()).await
}
