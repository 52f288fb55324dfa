//! Applying as a doctor: drafts saved step by step (as JSON), submission (validated in full, then written
//! to the profile columns and tables, status `pending`), and edits of an approved profile (licence
//! changes send it back to review).

use chrono::Datelike;
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::application::{
    normalize_registration, ApplicationForm, ApplicationView, DoctorStatus, DocumentInfo, Step,
};
use crate::model::doctor::{PracticeLocation, Qualification};
use crate::model::money::Currency;
use crate::model::slug::slugify;
use crate::server::db::OnConstraint;
use crate::server::AppState;

fn this_year(state: &AppState) -> i32 {
    state.clock.now().year()
}

/// The doctor row id of `user`, if they have started an application.
pub async fn doctor_id_of(db: &PgPool, user: Uuid) -> Result<Option<Uuid>, sqlx::Error> {
    sqlx::query_scalar!("select id from doctors where user_id = $1", user).fetch_optional(db).await
}

/// The application of doctor row `doctor_id` (owner or admin view; callers check access).
pub async fn view(db: &PgPool, doctor_id: Uuid) -> Result<Option<ApplicationView>, AppError> {
    let Some(row) = sqlx::query!(
        r#"select d.id, d.slug, d.status as "status: DoctorStatus", d.review_note, d.submitted_at, d.application_form,
                  u.full_name, u.email::text as "email!"
           from doctors d join users u on u.id = d.user_id where d.id = $1"#,
        doctor_id
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let form = row.application_form.and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default();
    Ok(Some(ApplicationView {
        doctor_id: row.id,
        applicant_name: row.full_name,
        applicant_email: row.email,
        status: row.status,
        slug: row.slug,
        review_note: row.review_note,
        submitted_at: row.submitted_at.map(|t| t.to_rfc3339()),
        form,
        documents: documents(db, doctor_id).await?,
    }))
}

/// Uploaded documents of an application, oldest first.
pub async fn documents(db: &PgPool, doctor_id: Uuid) -> Result<Vec<DocumentInfo>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select id, kind, file_name, content_type, size_bytes, uploaded_at from doctor_documents
           where doctor_id = $1 order by uploaded_at, id"#,
        doctor_id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| DocumentInfo {
            id: r.id,
            kind: r.kind,
            file_name: r.file_name,
            content_type: r.content_type,
            size_bytes: r.size_bytes,
            uploaded_at: r.uploaded_at.to_rfc3339(),
        })
        .collect())
}

/// The caller's own application (None before they start one).
pub async fn mine(state: &AppState, user: Uuid) -> Result<Option<ApplicationView>, AppError> {
    match doctor_id_of(&state.db, user).await? {
        Some(id) => view(&state.db, id).await,
        None => Ok(None),
    }
}

/// Create the caller's draft row if there is none; returns its id and status.
async fn ensure_draft(state: &AppState, user: Uuid) -> Result<(Uuid, DoctorStatus), AppError> {
    if let Some(r) =
        sqlx::query!(r#"select id, status as "status: DoctorStatus" from doctors where user_id = $1"#, user)
            .fetch_optional(&state.db)
            .await?
    {
        return Ok((r.id, r.status));
    }
    let name = sqlx::query_scalar!("select full_name from users where id = $1", user).fetch_one(&state.db).await?;
    let base = slugify(&format!("dr {name}"));
    let base = if base.is_empty() { "dr".to_string() } else { base };
    let suffix = Uuid::new_v4().simple().to_string();
    let slug = format!("{base}-{}", &suffix[..6]);
    let id = sqlx::query_scalar!(
        r#"insert into doctors (user_id, slug, status) values ($1, $2, 'draft')
           on conflict (user_id) do update set user_id = excluded.user_id returning id"#,
        user,
        slug
    )
    .fetch_one(&state.db)
    .await?;
    Ok((id, DoctorStatus::Draft))
}

/// Save the form as it stands after `step` (only that step is validated). Drafts and rejected or
/// sent-back applications may be edited; a pending one is locked until reviewed; an approved profile is
/// edited through [`update_approved`].
pub async fn save_draft(
    state: &AppState,
    user: Uuid,
    form: ApplicationForm,
    step: Step,
) -> Result<ApplicationView, AppError> {
    let errors = form.step_errors(step, this_year(state));
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (id, status) = ensure_draft(state, user).await?;
    match status {
        DoctorStatus::Pending => {
            return Err(AppError::Conflict("Your application is being reviewed; it can't be changed right now.".into()))
        }
        DoctorStatus::Approved => return update_approved(state, user, form).await,
        DoctorStatus::Suspended => return Err(AppError::Forbidden),
        DoctorStatus::Draft | DoctorStatus::Rejected => {}
    }
    if step == Step::Professional {
        check_registration_free(&state.db, id, &form.registration_no).await?;
    }
    let json = serde_json::to_value(&form).map_err(|_| AppError::BadRequest("Unreadable form.".into()))?;
    sqlx::query!(
        "update doctors set application_form = $2, status = 'draft' where id = $1 and status in ('draft', 'rejected')",
        id,
        json
    )
    .execute(&state.db)
    .await?;
    view(&state.db, id).await?.ok_or(AppError::NotFound("Application".into()))
}

/// A registration number another doctor already uses is refused (normalised comparison).
async fn check_registration_free(db: &PgPool, id: Uuid, no: &str) -> Result<(), AppError> {
    let taken = sqlx::query_scalar!(
        r#"select exists(select 1 from doctors where registration_no = $1 and id <> $2) as "taken!""#,
        normalize_registration(no),
        id
    )
    .fetch_one(db)
    .await?;
    if taken {
        return Err(AppError::field("registration_no", "Another doctor is already registered with this number."));
    }
    Ok(())
}

/// Submit for review: every step must be valid and a licence document uploaded. Writes the profile and
/// tells the admins.
pub async fn submit(state: &AppState, user: Uuid, form: ApplicationForm) -> Result<ApplicationView, AppError> {
    form.validate(this_year(state))?;
    let (id, status) = ensure_draft(state, user).await?;
    if !status.editable_draft() {
        return Err(AppError::Conflict("This application has already been submitted.".into()));
    }
    check_registration_free(&state.db, id, &form.registration_no).await?;
    let has_licence = sqlx::query_scalar!(
        r#"select exists(select 1 from doctor_documents where doctor_id = $1 and kind = 'licence') as "x!""#,
        id
    )
    .fetch_one(&state.db)
    .await?;
    if !has_licence {
        return Err(AppError::field(
            "documents",
            "Upload your licence or registration certificate (PDF, JPEG or PNG).",
        ));
    }
    let mut tx = state.db.begin().await?;
    write_profile(&mut tx, id, &form).await?;
    sqlx::query!("update doctors set status = 'pending', submitted_at = now(), review_note = '' where id = $1", id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await.on_constraint(unique_registration)?;
    super::notify::admins_of_application(state, id).await?;
    view(&state.db, id).await?.ok_or(AppError::NotFound("Application".into()))
}

/// Edit an approved profile: validated in full and applied at once, except that a changed licence
/// (number or council) sends the profile back to review.
pub async fn update_approved(state: &AppState, user: Uuid, form: ApplicationForm) -> Result<ApplicationView, AppError> {
    form.validate(this_year(state))?;
    let row = sqlx::query!(
        "select id, registration_no, registration_council from doctors where user_id = $1 and status = 'approved'",
        user
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::Forbidden)?;
    check_registration_free(&state.db, row.id, &form.registration_no).await?;
    let licence_changed = row.registration_no.as_deref()
        != Some(normalize_registration(&form.registration_no).as_str())
        || row.registration_council != form.registration_council.trim();
    let mut tx = state.db.begin().await?;
    write_profile(&mut tx, row.id, &form).await?;
    if licence_changed {
        sqlx::query!("update doctors set status = 'pending', submitted_at = now() where id = $1", row.id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await.on_constraint(unique_registration)?;
    if licence_changed {
        super::notify::admins_of_application(state, row.id).await?;
    }
    view(&state.db, row.id).await?.ok_or(AppError::NotFound("Application".into()))
}

/// A licence number another doctor registered is a field error.
fn unique_registration(c: &str) -> Option<AppError> {
    (c == "doctors_registration_no_key")
        .then(|| AppError::field("registration_no", "Another doctor is already registered with this number."))
}

/// Write the form into the profile columns, qualifications and locations (replacing the old rows).
async fn write_profile(tx: &mut Transaction<'_, Postgres>, id: Uuid, f: &ApplicationForm) -> Result<(), AppError> {
    let specialty = sqlx::query_scalar!("select id from specialties where slug = $1", f.specialty)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| AppError::field("specialty", "Choose a specialty from the list."))?;
    let first = f.locations.first().cloned().unwrap_or_default();
    let json = serde_json::to_value(f).map_err(|_| AppError::BadRequest("Unreadable form.".into()))?;
    sqlx::query!(
        r#"update doctors set title = $2, gender = $3, languages = $4, bio = $5, primary_specialty_id = $6,
                  years_experience = $7, fee_minor = $8, currency = $9, registration_no = $10,
                  registration_council = $11, offers_in_person = $12, offers_video = $13, city = $14, area = $15,
                  application_form = $16
           where id = $1"#,
        id,
        f.title,
        f.gender,
        &f.language_list(),
        f.bio.trim(),
        specialty,
        f.years_experience,
        f.fee_minor().unwrap_or(0),
        Currency::parse(&f.currency).ok_or_else(|| AppError::field("currency", "Choose a currency."))? as Currency,
        normalize_registration(&f.registration_no),
        f.registration_council.trim(),
        f.offers_in_person,
        f.offers_video,
        first.city.trim(),
        first.area.trim(),
        json,
    )
    .execute(&mut **tx)
    .await
    .on_constraint(unique_registration)?;
    sqlx::query!("delete from doctor_qualifications where doctor_id = $1", id).execute(&mut **tx).await?;
    for (i, Qualification { degree, institute, passing_year }) in f.qualifications.iter().enumerate() {
        sqlx::query!(
            "insert into doctor_qualifications (doctor_id, position, degree, institute, passing_year) values ($1, $2, $3, $4, $5)",
            id,
            i as i16,
            degree.trim(),
            institute.trim(),
            *passing_year as i16
        )
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query!("delete from doctor_locations where doctor_id = $1", id).execute(&mut **tx).await?;
    for (i, PracticeLocation { name, address, area, city, latitude, longitude }) in f.locations.iter().enumerate() {
        sqlx::query!(
            r#"insert into doctor_locations (doctor_id, position, name, address, area, city, latitude, longitude)
               values ($1, $2, $3, $4, $5, $6, $7, $8)"#,
            id,
            i as i16,
            name.trim(),
            address.trim(),
            area.trim(),
            city.trim(),
            *latitude,
            *longitude
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Remove a document from one's own draft application.
pub async fn delete_document(state: &AppState, user: Uuid, doc_id: Uuid) -> Result<(), AppError> {
    let key = sqlx::query_scalar!(
        r#"delete from doctor_documents x using doctors d
           where x.id = $1 and d.id = x.doctor_id and d.user_id = $2 and d.status in ('draft', 'rejected')
           returning x.storage_key"#,
        doc_id,
        user
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound("Document".into()))?;
    state.store.delete(&key).await.map_err(AppError::internal)?;
    Ok(())
}
