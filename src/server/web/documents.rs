//! Application documents (licences, certificates): upload by the applicant, download by the applicant or
//! an admin only. Plain axum routes because the bodies are binary.

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::application::{check_document, DoctorStatus};
use crate::model::Role;
use crate::server::applications;
use crate::server::auth::extract::{Auth, Req};

/// Query of an upload: what the file is and its original name.
#[derive(Deserialize)]
pub struct UploadMeta {
    kind: String,
    name: String,
}

/// `POST /api/applications/documents?kind=licence&name=licence.pdf` with the file as the body (PDF, JPEG
/// or PNG, up to 10 MB; sniffed, not trusted). Answers the document as JSON.
/// Auth: any signed-in user, to their own application while it is a draft (or sent back).
pub async fn upload(
    auth: Auth,
    Query(meta): Query<UploadMeta>,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    if !["licence", "certificate", "other"].contains(&meta.kind.as_str()) {
        return Err(AppError::field("kind", "Choose what the document is."));
    }
    let name: String = meta.name.chars().filter(|c| !c.is_control() && !"/\\\"".contains(*c)).take(120).collect();
    let declared = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let declared = if declared == "application/octet-stream" { "" } else { declared };
    check_document(&name, declared, body.len(), &body[..body.len().min(16)])
        .map_err(|m| AppError::field("documents", m))?;
    let content_type = match body.first() {
        Some(b'%') => "application/pdf",
        Some(0xFF) => "image/jpeg",
        _ => "image/png",
    };
    let state = &auth.req.state;
    let user = auth.user_id();
    let id = match sqlx::query!(r#"select id, status as "status: DoctorStatus" from doctors where user_id = $1"#, user)
        .fetch_optional(&state.db)
        .await?
    {
        Some(r) if r.status.editable_draft() => r.id,
        Some(_) => {
            return Err(AppError::Conflict("Documents can only be added while the application is a draft.".into()))
        }
        None => {
            return Err(AppError::Conflict(
                "Start your application (the first step) before uploading documents.".into(),
            ))
        }
    };
    let count = sqlx::query_scalar!(r#"select count(*) as "n!" from doctor_documents where doctor_id = $1"#, id)
        .fetch_one(&state.db)
        .await?;
    if count >= 10 {
        return Err(AppError::field("documents", "Up to 10 documents per application; remove one first."));
    }
    let doc_id = Uuid::new_v4();
    let key = format!("documents/{id}/{doc_id}");
    let sha = data_encoding::HEXLOWER.encode(&Sha256::digest(&body));
    let size = body.len() as i32;
    state.store.put(&key, body.to_vec()).await.map_err(AppError::internal)?;
    sqlx::query!(
        r#"insert into doctor_documents (id, doctor_id, kind, file_name, content_type, size_bytes, sha256, storage_key)
           values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
        doc_id,
        id,
        meta.kind,
        name,
        content_type,
        size,
        sha,
        key
    )
    .execute(&state.db)
    .await?;
    let docs = applications::documents(&state.db, id).await?;
    let doc = docs.into_iter().find(|d| d.id == doc_id).ok_or(AppError::NotFound("Document".into()))?;
    Ok(Json(doc).into_response())
}

/// `GET /api/doctor-documents/{id}`: the file, inline. Only its applicant and admins; anyone else gets 404
/// (no probing), anonymous callers 401.
pub async fn download(Path(doc_id): Path<Uuid>, req: Req) -> Result<Response, AppError> {
    let session = req.session().await?.ok_or(AppError::Unauthorized)?;
    let row = sqlx::query!(
        r#"select x.storage_key, x.content_type, x.file_name, d.user_id
           from doctor_documents x join doctors d on d.id = x.doctor_id where x.id = $1"#,
        doc_id
    )
    .fetch_optional(&req.state.db)
    .await?
    .ok_or(AppError::NotFound("Document".into()))?;
    if row.user_id != session.user.id && session.user.role != Role::Admin {
        return Err(AppError::NotFound("Document".into()));
    }
    let bytes = req
        .state
        .store
        .get(&row.storage_key)
        .await
        .map_err(AppError::internal)?
        .ok_or(AppError::NotFound("Document".into()))?;
    let disposition =
        format!("inline; filename=\"{}\"", row.file_name.replace(|c: char| !c.is_ascii_graphic() && c != ' ', "_"));
    Ok((
        [
            (header::CONTENT_TYPE, row.content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
            (
                header::CONTENT_SECURITY_POLICY,
                "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'".to_string(),
            ),
        ],
        bytes,
    )
        .into_response())
}
