//! The signed-in user's profile: read, update, delete the account. (Photo upload is a plain route:
//! `POST /api/account/photo`, see `server::web::photos`.)

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::profile::Profile;

#[cfg(feature = "server")]
use crate::server::{accounts::profile, auth::extract::Auth};

/// The caller's profile.
/// Auth: any signed-in user, own profile only.
#[get("/api/account/profile", auth: Auth)]
pub async fn get_profile() -> Result<Profile, AppError> {
    profile::get(&auth.req.state, auth.user_id()).await
}

/// Save the caller's profile (name, phone, date of birth, gender, address, time zone).
/// Auth: any signed-in user, own profile only.
#[post("/api/account/profile", auth: Auth)]
pub async fn update_profile(profile: Profile) -> Result<Profile, AppError> {
    profile::update(&auth.req.state, auth.user_id(), profile).await
}

/// Show the caller's times in `time_zone` (an IANA name) from now on: the "use this device's zone" offer.
/// Auth: any signed-in user, own profile only.
#[post("/api/account/time-zone", auth: Auth)]
pub async fn set_time_zone(time_zone: String) -> Result<(), AppError> {
    profile::set_time_zone(&auth.req.state, auth.user_id(), &time_zone).await
}

/// Delete the caller's account (password required): sessions end, personal data is erased, history stays
/// anonymised. Clears the session cookie.
/// Auth: any signed-in user, own account only.
#[post("/api/account/delete", auth: Auth)]
pub async fn delete_account(current_password: String) -> Result<(), AppError> {
    profile::delete_account(&auth.req.state, &auth.req.client, auth.user_id(), current_password).await?;
    if let Some(ctx) = dioxus::fullstack::FullstackContext::current() {
        ctx.add_response_header(axum::http::header::SET_COOKIE, crate::server::auth::cookie::clear(auth.req.secure()));
    }
    Ok(())
}
