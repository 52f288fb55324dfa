//! The public directory's page data: search results with filter choices, doctor pages, specialty pages.

use crate::error::AppError;
use crate::model::doctor::{DoctorPage, SpecialtyPage};
use crate::model::review::ReviewSort;
use crate::model::search::{DoctorSearch, SearchFacets, SearchPage, SortKey};
use crate::model::HomeData;
use crate::server::db;
use crate::server::AppState;

/// One page of results for `/doctors`.
pub async fn search_page(state: &AppState, search: &DoctorSearch) -> Result<SearchPage, AppError> {
    // Boxed: the search's state machine is large, and the page's resource moves this future several
    // times before it first runs; a box moves as a pointer.
    let results = Box::pin(db::search::search(&state.search_db, search, state.clock.now())).await?;
    Ok(SearchPage { results, base_url: state.config.public_url.clone() })
}

/// `/doctors/{slug}`: approved doctors only.
pub async fn doctor_page(state: &AppState, slug: &str) -> Result<DoctorPage, AppError> {
    if slug.len() > 120 {
        return Err(AppError::NotFound("Doctor".into()));
    }
    let (doctor_id, profile) = db::doctors::profile(&state.db, slug, state.clock.now())
        .await?
        .ok_or_else(|| AppError::NotFound("Doctor".into()))?;
    let (ratings, reviews) = tokio::try_join!(
        crate::server::reviews::lists::summary(&state.db, doctor_id),
        crate::server::reviews::lists::page(&state.db, doctor_id, ReviewSort::Newest, 1)
    )?;
    Ok(DoctorPage { doctor_id, profile, ratings, reviews, base_url: state.config.public_url.clone() })
}

/// `/specialties/{slug}`: the specialty and its best-rated doctors.
pub async fn specialty_page(state: &AppState, slug: &str) -> Result<SpecialtyPage, AppError> {
    if slug.len() > 80 {
        return Err(AppError::NotFound("Specialty".into()));
    }
    let specialty =
        db::doctors::specialty(&state.db, slug).await?.ok_or_else(|| AppError::NotFound("Specialty".into()))?;
    let search =
        DoctorSearch { specialty: specialty.slug.clone(), sort: SortKey::Rating, page: 1, ..Default::default() };
    let doctors = db::search::search(&state.search_db, &search, state.clock.now()).await?;
    Ok(SpecialtyPage { specialty, doctors, base_url: state.config.public_url.clone() })
}

/// The filter choices of `/doctors` (reused per instance for a minute).
pub async fn facets(state: &AppState) -> Result<SearchFacets, AppError> {
    let pool = state.db.clone();
    state.facets.get(|| async move { Ok(db::search::facets(&pool).await?) }).await
}

/// The home page's specialties with doctor counts, and headline stats (reused per instance for a minute).
pub async fn home(state: &AppState) -> Result<HomeData, AppError> {
    let pool = state.db.clone();
    state
        .home
        .get(|| async move {
            let (specialties, stats) =
                tokio::try_join!(db::directory::specialties(&pool), db::directory::stats(&pool))?;
            Ok(HomeData { specialties, stats })
        })
        .await
}

/// Set whether `user` (a doctor) shows as "Online now"; it shows only while they are also active in the
/// app. Returns the new setting, or NotFound for a user without a doctor profile.
pub async fn set_online(state: &AppState, user: uuid::Uuid, online: bool) -> Result<bool, AppError> {
    sqlx::query_scalar!(
        "update doctors set online_now = $2, last_active_at = $3 where user_id = $1 returning online_now",
        user,
        online,
        state.clock.now()
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("Doctor profile".into()))
}

/// Whether `user` has "Online now" switched on.
pub async fn online(state: &AppState, user: uuid::Uuid) -> Result<bool, AppError> {
    let online = sqlx::query_scalar!("select online_now from doctors where user_id = $1", user)
        .fetch_optional(&state.db)
        .await?;
    Ok(online.unwrap_or(false))
}
