//! Public directory endpoints: the home page's data and the top doctors of a specialty.

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::{DoctorSummary, HomeData};

/// How many doctors the home page lists.
pub const TOP_DOCTORS: i64 = 6;

/// Specialties (with doctor counts) and directory stats for the home page.
/// Auth: public — anyone, signed in or not, may call it.
#[get("/api/home", state: axum::Extension<crate::server::AppState>)]
pub async fn get_home() -> Result<HomeData, AppError> {
    crate::server::directory::home(&state).await
}

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
