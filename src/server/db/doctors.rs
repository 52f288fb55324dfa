//! Public doctor reads: one approved profile by slug (with qualifications and locations), a specialty by
//! slug, and what the sitemap lists.

use sqlx::PgPool;

use crate::model::money::Currency;

use crate::model::doctor::{DoctorProfile, PracticeLocation, Qualification};
use crate::model::{DoctorSummary, Specialty};

/// The approved, active doctor with this slug, with their id, or None; "online now" and the next slot as
/// seen at `now`.
pub async fn profile(
    db: &PgPool,
    slug: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<(uuid::Uuid, DoctorProfile)>, sqlx::Error> {
    let Some(row) = sqlx::query!(
        r#"select d.id, d.slug, d.title || ' ' || u.full_name as "name!", d.gender,
                  s.slug as specialty_slug, s.name as specialty_name, s.description as specialty_description,
                  d.city, d.area, d.years_experience, d.fee_minor, d.currency as "currency: Currency",
                  d.rating_avg::float8 as rating_avg, d.rating_count, d.offers_video, d.offers_in_person,
                  d.languages, carebook_online_now(d.online_now, d.last_active_at, $2) as "online_now!", case when u.photo_key is not null then '/media/users/' || u.id || '/photo?v=' || u.photo_key end as photo_url, d.bio, d.registration_council, d.last_active_at,
                  carebook_next_available_label(d.next_available_at, d.time_zone, $2) as next_available
           from doctors d
           join users u on u.id = d.user_id
           join specialties s on s.id = d.primary_specialty_id
           where d.slug = $1 and d.status = 'approved' and u.is_active"#,
        slug,
        now
    )
    .fetch_optional(db)
    .await?
    else {
        return Ok(None);
    };
    let (qualifications, locations) = tokio::try_join!(
        sqlx::query_as!(
            Qualification,
            r#"select degree, institute, passing_year::int4 as "passing_year!"
               from doctor_qualifications where doctor_id = $1 order by position"#,
            row.id
        )
        .fetch_all(db),
        sqlx::query_as!(
            PracticeLocation,
            r#"select name, address, area, city, latitude, longitude
               from doctor_locations where doctor_id = $1 order by position"#,
            row.id
        )
        .fetch_all(db),
    )?;
    Ok(Some((
        row.id,
        DoctorProfile {
            summary: DoctorSummary {
                slug: row.slug,
                name: row.name,
                gender: row.gender,
                specialty_slug: row.specialty_slug,
                specialty_name: row.specialty_name,
                city: row.city,
                area: row.area,
                years_experience: row.years_experience,
                fee_minor: row.fee_minor,
                currency: row.currency,
                rating_avg: row.rating_avg,
                rating_count: row.rating_count,
                offers_video: row.offers_video,
                languages: row.languages,
                online_now: row.online_now,
                distance_km: None,
                photo_url: row.photo_url,
                next_available: row.next_available,
            },
            bio: row.bio,
            specialty_description: row.specialty_description,
            offers_in_person: row.offers_in_person,
            registration_council: row.registration_council,
            qualifications,
            locations,
            last_active_at: row.last_active_at.map(|t| t.to_rfc3339()),
        },
    )))
}

/// One specialty by slug, with its approved-doctor count.
pub async fn specialty(db: &PgPool, slug: &str) -> Result<Option<Specialty>, sqlx::Error> {
    sqlx::query_as!(
        Specialty,
        r#"select s.slug, s.name, s.description, s.icon,
                  (select count(*) from doctors d where d.primary_specialty_id = s.id and d.status = 'approved')
                    as "doctor_count!"
           from specialties s where s.slug = $1"#,
        slug
    )
    .fetch_optional(db)
    .await
}

/// Slugs and last-modified dates of every approved doctor (for the sitemap), newest first.
pub async fn sitemap_doctors(db: &PgPool) -> Result<Vec<(String, chrono::DateTime<chrono::Utc>)>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select d.slug, d.updated_at from doctors d join users u on u.id = d.user_id
           where d.status = 'approved' and u.is_active order by d.updated_at desc limit 50000"#
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| (r.slug, r.updated_at)).collect())
}

/// Every specialty slug (for the sitemap).
pub async fn specialty_slugs(db: &PgPool) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!("select slug from specialties order by slug").fetch_all(db).await
}
