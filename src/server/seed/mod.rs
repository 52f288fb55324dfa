//! Idempotent demo data: the specialty catalogue, the demo accounts and an approved doctor directory with
//! reviews of real (seeded) past visits.
//! Safe to run at every start: existing rows (by slug or email) are left alone.

#[cfg(feature = "bench")]
pub mod bench;
#[cfg(feature = "bench")]
mod bench_reviews;
#[cfg(feature = "bench")]
pub mod booking_bench;
mod doctors;
#[cfg(feature = "bench")]
pub mod reminder_bench;
mod reviews;
mod specialties;
#[cfg(feature = "bench")]
pub mod webhook_bench;

use sqlx::PgPool;

use crate::model::slug::slugify;
use crate::model::Role;
use crate::server::auth::password;

pub use specialties::SPECIALTIES;

/// Demo accounts printed at start and listed in the README: (email, role, name).
pub const DEMO_ACCOUNTS: &[(&str, Role, &str)] = &[
    ("patient@carebook.test", Role::Patient, "Pat Demo"),
    ("doctor@carebook.test", Role::Doctor, "Amara Okafor"),
    ("admin@carebook.test", Role::Admin, "Ada Admin"),
];
/// The password of every demo account (only ever seeded into demo databases).
pub const DEMO_PASSWORD: &str = "carebook-demo";

/// Insert the specialty catalogue (always: the product needs it, demo or not).
pub async fn specialties(db: &PgPool) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for (slug, name, icon, description) in SPECIALTIES {
        sqlx::query!(
            r#"insert into specialties (slug, name, icon, description) values ($1, $2, $3, $4)
               on conflict (slug) do nothing"#,
            slug,
            name,
            icon,
            description
        )
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// Insert the demo accounts and the demo doctor directory. Returns how many doctors were added.
/// The demo doctors who take the fee online: in dollars (Stripe, or the development gateway) and in taka
/// (SSLCommerz, or its development stand-in).
pub const PAYS_ONLINE: &[&str] = &["dr-rafael-souza", "dr-nusrat-rahman"];

pub async fn demo(db: &PgPool) -> anyhow::Result<usize> {
    specialties(db).await?;
    for (email, role, name) in DEMO_ACCOUNTS {
        let exists = sqlx::query_scalar!("select exists(select 1 from users where email = $1::citext)", email)
            .fetch_one(db)
            .await?
            .unwrap_or(false);
        if exists {
            continue;
        }
        let hash = password::hash(DEMO_PASSWORD.to_string()).await?;
        sqlx::query!(
            r#"insert into users (email, full_name, role, password_hash, email_verified_at)
               values ($1, $2, $3, $4, now())
               on conflict (email) do nothing"#,
            email,
            name,
            *role as Role,
            hash
        )
        .execute(db)
        .await?;
    }

    let mut added = 0;
    let mut tx = db.begin().await?;
    let reviewers = reviews::reviewers(&mut tx).await?;
    for (index, d) in doctors::DOCTORS.iter().enumerate() {
        let full_name = format!("{} {}", d.first, d.last);
        // Amara Okafor is the demo doctor account; the others are directory-only accounts without a password.
        let email = if full_name == DEMO_ACCOUNTS[1].2 {
            DEMO_ACCOUNTS[1].0.to_string()
        } else {
            format!("{}@doctors.carebook.test", slugify(&full_name).replace('-', "."))
        };
        let user_id = sqlx::query_scalar!(
            r#"insert into users (email, full_name, role) values ($1, $2, 'doctor')
               on conflict (email) do update set role = 'doctor'
               returning id"#,
            email,
            full_name
        )
        .fetch_one(&mut *tx)
        .await?;
        let slug = slugify(&format!("dr {full_name}"));
        let languages: Vec<String> = d.languages.iter().map(|l| l.to_string()).collect();
        let bio = format!(
            "Dr. {last} is a {spec} physician with {years} years of experience, trained at {trained}. \
             Patients in {area}, {city} see Dr. {last} for {focus}.",
            last = d.last,
            spec = specialty_name(d.specialty).to_lowercase(),
            years = d.years,
            trained = d.trained,
            area = d.area,
            city = d.city,
            focus = d.focus,
        );
        let id = sqlx::query_scalar!(
            r#"insert into doctors (user_id, slug, bio, gender, languages, years_experience, fee_minor, currency,
                                    primary_specialty_id, city, area, status, offers_video, featured, registration_no,
                                    registration_council, submitted_at)
               select $1, $2, $3, $4, $5, $6, $7, upper($13)::currency_code, s.id, $8, $9, 'approved', $10, $11,
                      'SEED-' || upper(left(md5($2), 10)), 'State Medical Board', now()
               from specialties s where s.slug = $12
               on conflict (slug) do nothing
               returning id"#,
            user_id,
            slug,
            bio,
            d.gender,
            &languages,
            d.years,
            d.fee * 100,
            d.city,
            d.area,
            d.video,
            d.featured,
            d.specialty,
            d.currency
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else { continue };
        let (lat, lng) = coordinates(d.city, d.area);
        sqlx::query!(
            r#"insert into doctor_locations (doctor_id, position, name, address, area, city, latitude, longitude)
               values ($1, 0, $2, $3, $4, $5, $6, $7)"#,
            id,
            format!("{} {} Clinic", d.area, specialty_name(d.specialty)),
            format!("{} {} Street, {}", 10 + d.years * 7, d.last, d.area),
            d.area,
            d.city,
            lat,
            lng
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query!(
            r#"insert into doctor_qualifications (doctor_id, position, degree, institute, passing_year)
               values ($1, 0, 'MD', $2, $3)"#,
            id,
            d.trained,
            (2026 - d.years - 4) as i16
        )
        .execute(&mut *tx)
        .await?;
        booking_setup(&mut tx, id, d.city, d.fee * 100, d.video).await?;
        reviews::seed(&mut tx, id, index, d.rating, &reviewers).await?;
        if email == DEMO_ACCOUNTS[1].0 {
            let patient = sqlx::query_scalar!("select id from users where email = $1::citext", DEMO_ACCOUNTS[0].0)
                .fetch_one(&mut *tx)
                .await?;
            reviews::demo_visit(&mut tx, id, patient).await?;
        }
        // Two demo practices take their fee online, so the paid flow can be walked through (with the
        // development gateway when no real one is configured).
        if PAYS_ONLINE.contains(&slug.as_str()) {
            sqlx::query!("update doctors set payment_policy = 'online' where id = $1", id).execute(&mut *tx).await?;
        }
        added += 1;
    }
    tx.commit().await?;
    Ok(added)
}

/// A seeded doctor's booking setup: their city's zone, a 20-minute visit with a 10-minute buffer (and a
/// video call when they offer one), weekdays 09:00–12:00 and 13:00–17:00 plus Saturday mornings.
async fn booking_setup(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    doctor: uuid::Uuid,
    city: &str,
    fee_minor: i32,
    video: bool,
) -> Result<(), sqlx::Error> {
    let zone = match city {
        "Chicago" | "Austin" => "America/Chicago",
        "San Francisco" | "Seattle" => "America/Los_Angeles",
        "Dhaka" => "Asia/Dhaka",
        _ => "America/New_York",
    };
    sqlx::query!("update doctors set time_zone = $2 where id = $1", doctor, zone).execute(&mut **tx).await?;
    sqlx::query!(
        r#"insert into consultation_types (doctor_id, mode, name, duration_minutes, buffer_minutes, fee_minor, position)
           values ($1, 'in_person', 'Consultation', 20, 10, $2, 0)"#,
        doctor,
        fee_minor
    )
    .execute(&mut **tx)
    .await?;
    if video {
        sqlx::query!(
            r#"insert into consultation_types (doctor_id, mode, name, duration_minutes, buffer_minutes, fee_minor, position)
               values ($1, 'video', 'Video consultation', 20, 5, $2, 1)"#,
            doctor,
            fee_minor * 4 / 5
        )
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query!(
        r#"insert into availability_intervals (doctor_id, weekday, start_time, end_time)
           select $1::uuid, d, s, e from generate_series(1, 5) d,
                  (values ('09:00'::time, '12:00'::time), ('13:00'::time, '17:00'::time)) h(s, e)
           union all select $1::uuid, 6, '09:00', '12:00'"#,
        doctor
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Approximate coordinates of a seeded area: the city centre plus a small, stable offset per area.
fn coordinates(city: &str, area: &str) -> (f64, f64) {
    let (lat, lng) = match city {
        "New York" => (40.7128, -74.0060),
        "San Francisco" => (37.7749, -122.4194),
        "Chicago" => (41.8781, -87.6298),
        "Boston" => (42.3601, -71.0589),
        "Austin" => (30.2672, -97.7431),
        "Dhaka" => (23.8103, 90.4125),
        _ => (47.6062, -122.3321),
    };
    let h = area.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let dx = f64::from(h % 100) / 1000.0 - 0.05;
    let dy = f64::from((h / 100) % 100) / 1000.0 - 0.05;
    (lat + dy, lng + dx)
}

fn specialty_name(slug: &str) -> &'static str {
    SPECIALTIES.iter().find(|s| s.0 == slug).map(|s| s.1).unwrap_or("medical")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_seeded_doctor_has_a_known_specialty_and_a_unique_slug() {
        let mut slugs = std::collections::HashSet::new();
        for d in doctors::DOCTORS {
            assert!(SPECIALTIES.iter().any(|s| s.0 == d.specialty), "{} {}", d.first, d.specialty);
            assert!(slugs.insert(slugify(&format!("dr {} {}", d.first, d.last))), "duplicate {}", d.last);
        }
        assert!(doctors::DOCTORS.len() >= 30);
        assert!(SPECIALTIES.len() >= 30);
    }

    #[test]
    fn specialty_slugs_are_url_safe_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (slug, ..) in SPECIALTIES {
            assert_eq!(*slug, slugify(slug), "{slug} is not canonical");
            assert!(seen.insert(*slug));
        }
    }
}
