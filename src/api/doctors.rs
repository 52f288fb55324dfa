//! Public doctor endpoints: directory search and its filter choices, a doctor's profile, the top doctors.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::doctor::DoctorPage;
use crate::model::search::{SearchFacets, SearchPage};
use crate::model::DoctorSummary;

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

/// How many doctors the home page lists.
pub const TOP_DOCTORS: i64 = 6;

/// The best-rated approved doctors, optionally of one specialty (by slug; unknown slugs give an empty list).
/// Auth: public — anyone may call it.
#[get("/api/doctors/top?specialty", state: axum::Extension<crate::server::AppState>)]
pub async fn list_top_doctors(specialty: Option<String>) -> Result<Vec<DoctorSummary>, AppError> {
    let specialty = specialty.filter(|s| !s.is_empty());
    if let Some(s) = &specialty {
        if s.len() > 80 || crate::model::slug::slugify(s) != *s {
            return Err(AppError::field("specialty", "Unknown specialty."));
        }
    }
    Ok(crate::server::db::directory::top_doctors(&state.db, specialty.as_deref(), TOP_DOCTORS, state.clock.now())
        .await?)
}
