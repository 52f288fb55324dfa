//! Public doctor endpoints: directory search, a doctor's profile, a specialty page.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::doctor::{DoctorPage, SpecialtyPage};
use crate::model::search::{SearchFacets, SearchPage};

/// Search approved doctors. `query` is the `/doctors` query string (see `DoctorSearch`); malformed parts
/// are ignored.
/// Auth: public — anyone may call it.
#[get("/api/doctors/search?query", state: axum::Extension<crate::server::AppState>)]
pub async fn search_doctors(query: String) -> Result<SearchPage, AppError> {
    if query.len() > 1000 {
        return Err(AppError::field("query", "That search is too long."));
    }
    let search = crate::model::search::DoctorSearch::from(query.as_str());
    crate::server::directory::search_page(&state, &search).await
}

/// An approved doctor's public profile; unknown, unapproved or deactivated doctors are `NotFound`.
/// Auth: public — anyone may call it.
#[get("/api/doctors/profile/{slug}", state: axum::Extension<crate::server::AppState>)]
pub async fn get_doctor(slug: String) -> Result<DoctorPage, AppError> {
    crate::server::directory::doctor_page(&state, &slug).await
}

/// A specialty with its best-rated doctors (first page); unknown slugs are `NotFound`.
/// Auth: public — anyone may call it.
#[get("/api/specialties/{slug}", state: axum::Extension<crate::server::AppState>)]
pub async fn get_specialty(slug: String) -> Result<SpecialtyPage, AppError> {
    crate::server::directory::specialty_page(&state, &slug).await
}

/// The filter choices of `/doctors`: specialties, cities with areas, languages.
/// Auth: public — anyone may call it.
#[get("/api/doctors/facets", state: axum::Extension<crate::server::AppState>)]
pub async fn search_facets() -> Result<SearchFacets, AppError> {
    crate::server::directory::facets(&state).await
}

/// The areas of `city` where approved doctors practise (for the area filter).
/// Auth: public — anyone may call it.
#[get("/api/doctors/areas?city", state: axum::Extension<crate::server::AppState>)]
pub async fn search_areas(city: String) -> Result<Vec<String>, AppError> {
    if city.is_empty() || city.chars().count() > 80 {
        return Ok(Vec::new());
    }
    Ok(crate::server::db::search::areas(&state.db, &city).await?)
}
