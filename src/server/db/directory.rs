//! Directory queries: specialties with doctor counts, headline stats, and approved doctor summaries.

use sqlx::PgPool;

use crate::model::{DirectoryStats, DoctorSummary, Specialty};

/// All specialties with the number of approved doctors in each, most populated first.
pub async fn specialties(db: &PgPool) -> Result<Vec<Specialty>, sqlx::Error> {
    sqlx::query_as!(
        Specialty,
        r#"select s.slug, s.name, s.description, s.icon,
                  count(d.id) filter (where d.status = 'approved') as "doctor_count!"
           from specialties s
           left join doctors d on d.primary_specialty_id = s.id
           group by s.id
           order by count(d.id) filter (where d.status = 'approved') desc, s.name"#
    )
    .fetch_all(db)
    .await
}

/// Counts of approved doctors, specialties and cities.
pub async fn stats(db: &PgPool) -> Result<DirectoryStats, sqlx::Error> {
    sqlx::query_as!(
        DirectoryStats,
        r#"select (select count(*) from doctors where status = 'approved') as "doctors!",
                  (select count(*) from specialties) as "specialties!",
                  (select count(distinct city) from doctors where status = 'approved') as "cities!""#
    )
    .fetch_one(db)
    .await
}

/// Top-rated listed doctors, optionally within one specialty. Featured doctors come first. (`listed` is
/// an approved doctor whose account is active: what the directory shows; the top-doctors index is on it.)
pub async fn top_doctors(db: &PgPool, specialty: Option<&str>, limit: i64) -> Result<Vec<DoctorSummary>, sqlx::Error> {
    sqlx::query_as!(
        DoctorSummary,
        r#"select d.slug, d.title || ' ' || u.full_name as "name!", d.gender,
                  s.slug as specialty_slug, s.name as specialty_name, d.city, d.area,
                  d.years_experience, d.fee_minor, d.currency::text as "currency!",
                  d.rating_avg::float8 as rating_avg, d.rating_count, d.offers_video, d.languages,
                  carebook_online_now(d.online_now, d.last_active_at) as "online_now!", null::float8 as distance_km,
                  case when u.photo_key is not null then '/media/users/' || u.id || '/photo?v=' || u.photo_key end as photo_url,
                  carebook_next_available_label(d.next_available_at, d.time_zone) as next_available
           from doctors d
           join users u on u.id = d.user_id
           join specialties s on s.id = d.primary_specialty_id
           where d.status = 'approved' and d.listed
             and ($1::text is null or s.slug = $1)
           order by d.featured desc, d.rating_avg desc nulls last, d.rating_count desc, d.id
           limit $2"#,
        specialty,
        limit
    )
    .fetch_all(db)
    .await
}
