//! Admin management of specialties. (Listing is public: `get_home` returns them with doctor counts.)

use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::specialty::SpecialtyForm;

#[cfg(feature = "server")]
use crate::{model::Role, server::auth::extract::Auth};

/// Create a specialty (`original` None) or edit the one whose slug is `original`; returns the saved slug.
/// Audited.
/// Auth: admins only.
#[post("/api/admin/specialties", auth: Auth)]
pub async fn save_specialty(original: Option<String>, form: SpecialtyForm) -> Result<String, AppError> {
    auth.require(&[Role::Admin])?;
    crate::server::specialties::save(&auth.req.state, auth.user_id(), &auth.req.client, original, form).await
}
