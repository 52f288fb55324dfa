//! Admin management of the specialty catalogue: add and edit (rename, describe, re-slug). Audited.

use serde_json::json;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::specialty::SpecialtyForm;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::ClientInfo;
use crate::server::db::OnConstraint;
use crate::server::AppState;

/// Create a specialty (`original` None) or update the one with slug `original`. Names and slugs are unique,
/// names also once folded (as searches compare them).
pub async fn save(
    state: &AppState,
    admin: Uuid,
    client: &ClientInfo,
    original: Option<String>,
    form: SpecialtyForm,
) -> Result<String, AppError> {
    form.validate()?;
    let slug = form.effective_slug();
    let (name, description) = (form.name.trim(), form.description.trim());
    let res = match &original {
        None => {
            sqlx::query_scalar!(
                "insert into specialties (slug, name, description) values ($1, $2, $3) returning slug",
                slug,
                name,
                description
            )
            .fetch_optional(&state.db)
            .await
        }
        Some(old) => {
            sqlx::query_scalar!(
                "update specialties set slug = $2, name = $3, description = $4 where slug = $1 returning slug",
                old,
                slug,
                name,
                description
            )
            .fetch_optional(&state.db)
            .await
        }
    };
    let saved = res
        .on_constraint(|c| match c {
            "specialties_slug_key" => Some(AppError::field("slug", "Another specialty already uses this address.")),
            "specialties_name_key" => Some(AppError::field("name", "Another specialty already has this name.")),
            "specialties_search_key_key" => Some(AppError::field(
                "name",
                "Another specialty has this name written differently (case, accents or punctuation).",
            )),
            _ => None,
        })?
        .ok_or(AppError::NotFound("Specialty".into()))?;
    // Doctors' search text includes the specialty name: refresh theirs after a rename.
    if original.is_some() {
        sqlx::query!(
            "update doctors set updated_at = now() where primary_specialty_id = (select id from specialties where slug = $1)",
            saved
        )
        .execute(&state.db)
        .await?;
    }
    let action = if original.is_some() { "specialty.update" } else { "specialty.create" };
    let detail = json!({ "slug": saved, "from": original });
    audit::record(
        &state.db,
        Event { actor: Some(admin), subject: None, action, outcome: Outcome::Success, client, detail },
    )
    .await;
    state.facets.clear();
    state.home.clear();
    Ok(saved)
}
