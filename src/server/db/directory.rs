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
pub async fn top_doctors(
    db: &PgPool,
    specialty: Option<&str>,
    limit: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<DoctorSummary>, sqlx::Error> {
    let ids = sqlx::query_scalar!(
        r#"select d.id from doctors d
           where d.status = 'approved' and d.listed
             and ($1::text is null or d.primary_specialty_id = (select id from specialties where slug = $1))
           order by d.featured desc, d.rating_avg desc nulls last, d.rating_count desc, d.id
           limit $2"#,
        specialty,
        limit
    )
    .fetch_all(db)
    .await?;
    super::search::cards(db, &ids, None, None, "", now).await
}
