//! Profiles: read and update, the photo, account deletion (personal data erased, history kept) and
//! admin deactivation.

use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::profile::Profile;
use crate::server::auth::audit::{self, Event, Outcome};
use crate::server::auth::session::{self, ClientInfo};
use crate::server::AppState;

/// The URL a user's photo is served at (authorised per request), versioned by its storage key.
pub fn photo_url(user_id: Uuid, key: &str) -> String {
    format!("/media/users/{user_id}/photo?v={key}")
}

/// `user_id`'s profile.
pub async fn get(state: &AppState, user_id: Uuid) -> Result<Profile, AppError> {
    let r = sqlx::query!(
        r#"select full_name, email::text as "email!", phone, date_of_birth, gender, address, time_zone, photo_key
           from users where id = $1 and deleted_at is null"#,
        user_id
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::NotFound("Account".into()))?;
    Ok(Profile {
        full_name: r.full_name,
        email: r.email,
        phone: r.phone.unwrap_or_default(),
        date_of_birth: r.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
        gender: r.gender.unwrap_or_default(),
        address: r.address.unwrap_or_default(),
        time_zone: r.time_zone,
        photo_url: r.photo_key.map(|k| photo_url(user_id, &k)),
    })
}

/// Save `profile` for `user_id` (the email and photo are not changed here).
pub async fn update(state: &AppState, user_id: Uuid, profile: Profile) -> Result<Profile, AppError> {
    let today = state.clock.now().date_naive();
    profile.validate(today)?;
    if profile.time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::field("time_zone", "Unknown time zone. Use a name like America/New_York."));
    }
    let opt = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
    let dob = opt(&profile.date_of_birth).and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    sqlx::query!(
        r#"update users set full_name = $2, phone = $3, date_of_birth = $4, gender = $5, address = $6, time_zone = $7
           where id = $1 and deleted_at is null"#,
        user_id,
        profile.full_name.trim(),
        opt(&profile.phone),
        dob,
        opt(&profile.gender),
        opt(&profile.address),
        profile.time_zone
    )
    .execute(&state.db)
    .await?;
    get(state, user_id).await
}

/// Set only the zone of `user_id`'s profile (same rule as the profile form's field).
pub async fn set_time_zone(state: &AppState, user_id: Uuid, time_zone: &str) -> Result<(), AppError> {
    if !crate::model::profile::plausible_time_zone(time_zone) || time_zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(AppError::field("time_zone", "Unknown time zone. Use a name like America/New_York."));
    }
    sqlx::query!("update users set time_zone = $2 where id = $1 and deleted_at is null", user_id, time_zone)
        .execute(&state.db)
        .await?;
    Ok(())
}

/// Store a new photo (already normalised) and drop the previous one. Returns its URL.
pub async fn set_photo(state: &AppState, user_id: Uuid, jpeg: Vec<u8>) -> Result<String, AppError> {
    let key = Uuid::new_v4().to_string();
    state.store.put(&format!("photos/{key}.jpg"), jpeg).await.map_err(AppError::internal)?;
    let old = sqlx::query_scalar!(
        r#"update users u set photo_key = $2 from (select photo_key from users where id = $1 for update) old
           where u.id = $1 returning old.photo_key"#,
        user_id,
        key
    )
    .fetch_one(&state.db)
    .await?;
    if let Some(old) = old {
        let _ = state.store.delete(&format!("photos/{old}.jpg")).await;
    }
    Ok(photo_url(user_id, &key))
}

/// The photo bytes of `user_id`, if any.
pub async fn photo(state: &AppState, user_id: Uuid) -> Result<Option<Vec<u8>>, AppError> {
    let key = sqlx::query_scalar!("select photo_key from users where id = $1 and deleted_at is null", user_id)
        .fetch_optional(&state.db)
        .await?
        .flatten();
    match key {
        Some(k) => state.store.get(&format!("photos/{k}.jpg")).await.map_err(AppError::internal),
        None => Ok(None),
    }
}

/// Delete the account: every session ends, personal data is erased, the row stays (anonymised) so
/// appointments, audit entries and other history keep their references.
pub async fn delete_account(
    state: &AppState,
    client: &ClientInfo,
    user_id: Uuid,
    current: String,
) -> Result<(), AppError> {
    super::check_current_password(state, user_id, current).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin().await?;
    let photo = sqlx::query_scalar!(
        r#"update users u set email = 'deleted-' || u.id || '@deleted.invalid', full_name = 'Deleted user',
                  phone = null, date_of_birth = null, gender = null, address = null, password_hash = null,
                  photo_key = null, is_active = false, deleted_at = $2
           from (select photo_key from users where id = $1 for update) old
           where u.id = $1 returning old.photo_key"#,
        user_id,
        now
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!("delete from user_totp where user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("delete from recovery_codes where user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("delete from email_tokens where user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!("update doctors set status = 'suspended' where user_id = $1", user_id).execute(&mut *tx).await?;
    sqlx::query!(
        "update sessions set ended_at = $2, ended_reason = 'account_deleted' where user_id = $1 and ended_at is null",
        user_id,
        now
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    if let Some(k) = photo {
        let _ = state.store.delete(&format!("photos/{k}.jpg")).await;
    }
    audit::self_action(&state.db, user_id, "account.delete", Outcome::Success, client, json!({})).await;
    Ok(())
}

/// Deactivate (sessions end, sign-in refused) or reactivate an account. Admins only; not themselves.
pub async fn set_active(
    state: &AppState,
    client: &ClientInfo,
    admin: Uuid,
    user_id: Uuid,
    active: bool,
) -> Result<(), AppError> {
    if admin == user_id {
        return Err(AppError::Conflict("You can't deactivate your own account.".into()));
    }
    let now = state.clock.now();
    let res = sqlx::query!(
        r#"update users set is_active = $2, deactivated_at = case when $2 then null else $3::timestamptz end
           where id = $1 and deleted_at is null"#,
        user_id,
        active,
        now
    )
    .execute(&state.db)
    .await?;
    if res.rows_affected() == 0 {
        return Err(AppError::NotFound("Account".into()));
    }
    if !active {
        session::end_others(&state.db, user_id, None, "deactivated", now).await?;
    }
    let action = if active { "admin.user_reactivate" } else { "admin.user_deactivate" };
    audit::record(
        &state.db,
        Event {
            actor: Some(admin),
            subject: Some(user_id),
            action,
            outcome: Outcome::Success,
            client,
            detail: json!({}),
        },
    )
    .await;
    Ok(())
}
