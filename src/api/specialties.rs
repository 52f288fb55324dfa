//! Specialties: the public specialty page, the home page's specialties with counts, and their
//! management by admins.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::doctor::SpecialtyPage;
use crate::model::specialty::SpecialtyForm;
use crate::model::HomeData;

#[cfg(feature = "server")]
use crate::{model::Role, server::auth::extract::Auth};

/// Specialties (with doctor counts) and directory stats for the home page.
/// Auth: public — anyone, signed in or not, may call it.
#[get("/api/home", state: axum::Extension<crate::server::AppState>)]
pub async fn get_home() -> Result<HomeData, AppError> {
    crate::server::directory::home(&state).await
}

/// A specialty with its best-rated doctors (first page); unknown slugs are `NotFound`.
/// Auth: public — anyone may call it.
#[get("/api/specialties/{slug}", state: axum::Extension<crate::server::AppState>)]
pub async fn get_specialty(slug: String) -> Result<SpecialtyPage, AppError> {
    crate::server::directory::specialty_page(&state, &slug).await
}

/// Create a specialty (`original` None) or edit the one whose slug is `original`; returns the saved slug.
/// Audited.
/// Auth: admins only.
#[post("/api/admin/specialties", auth: Auth)]
pub async fn save_specialty(original: Option<String>, form: SpecialtyForm) -> Result<String, AppError> {
    auth.require(&[Role::Admin])?;
    crate::server::specialties::save(&auth.req.state, auth.user_id(), &auth.req.client, original, form).await
}
