//! Profile photo upload and download: plain axum routes (binary bodies), authorised per request.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::profile::PHOTO_MAX_BYTES;
use crate::model::Role;
use crate::server::accounts::profile;
use crate::server::auth::audit::{self, Outcome};
use crate::server::auth::extract::{Auth, Req};

/// `POST /api/account/photo` with the image as the body (JPEG, PNG or WebP, up to 5 MB). Answers
/// `{"url": ...}`. Auth: any signed-in user, for their own photo.
pub async fn upload(auth: Auth, body: Bytes) -> Result<Json<serde_json::Value>, AppError> {
    if body.is_empty() {
        return Err(AppError::field("photo", "Choose an image to upload."));
    }
    if body.len() > PHOTO_MAX_BYTES {
        return Err(AppError::TooLarge { max_bytes: PHOTO_MAX_BYTES as u64 });
    }
    let jpeg = tokio::task::spawn_blocking(move || crate::server::photo::normalize(&body))
        .await
        .map_err(AppError::internal)??;
    let url = profile::set_photo(&auth.req.state, auth.user_id(), jpeg).await?;
    let (db, client) = (&auth.req.state.db, &auth.req.client);
    audit::self_action(db, auth.user_id(), "account.photo_update", Outcome::Success, client, json!({})).await;
    Ok(Json(json!({ "url": url })))
}

/// `GET /media/users/{id}/photo`: the photo of a listed (approved) doctor, for anyone; any other user's
/// photo for its owner and admins only; everyone else gets 404 (no probing).
pub async fn download(Path(user_id): Path<Uuid>, req: Req) -> Response {
    let public = sqlx::query_scalar!(
        r#"select exists(select 1 from doctors where user_id = $1 and status = 'approved' and listed) as "x!""#,
        user_id
    )
    .fetch_one(&req.state.db)
    .await
    .unwrap_or(false);
    let allowed = public
        || match req.session().await {
            Ok(Some(s)) => s.user.id == user_id || s.user.role == Role::Admin,
            _ => false,
        };
    if !allowed {
        return AppError::NotFound("Photo".into()).into_response();
    }
    match profile::photo(&req.state, user_id).await {
        // The URL carries the storage key (?v=...), so the browser may keep it; shared caches may not.
        Ok(Some(bytes)) => {
            let cache = if public { "public, max-age=86400" } else { "private, max-age=86400" };
            ([(header::CONTENT_TYPE, "image/jpeg"), (header::CACHE_CONTROL, cache)], bytes).into_response()
        }
        Ok(None) => AppError::NotFound("Photo".into()).into_response(),
        Err(e) => e.into_response(),
    }
}
