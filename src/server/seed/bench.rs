//! Benchmark data: N approved doctors with realistic, accented names spread over many cities and areas
//! (with coordinates), qualifications, and real reviews of completed past visits (0–11 each; the ratings
//! are the database's summaries of them) — generated inside Postgres in batches. Only for the
//! benchmark database (`carebook bench seed-doctors N`), never the app's.

use sqlx::PgPool;

const FIRST: &[&str] = &[
    "José",
    "María",
    "Zoë",
    "Björn",
    "Ngozi",
    "Łukasz",
    "Ana",
    "François",
    "Søren",
    "Chloé",
    "Mehmet",
    "Aigerim",
    "Priya",
    "Wei",
    "Yuki",
    "Olusegun",
    "Fatima",
    "Dmitri",
    "Inès",
    "Mateo",
    "Siobhán",
    "Jürgen",
    "Amara",
    "Kwame",
    "Leila",
    "Hiroshi",
    "Ayşe",
    "Rafael",
    "Nguyễn",
    "Elena",
    "Tomás",
    "Anaïs",
    "Ravi",
    "Grace",
    "Omar",
    "Ingrid",
    "Chidi",
    "Lucía",
    "Pedro",
    "Hana",
    "Sipho",
    "Camille",
    "Arjun",
    "Małgorzata",
    "Éamon",
    "Daniela",
    "Thabo",
    "Noémie",
    "Kenji",
    "Zainab",
];
const LAST: &[&str] = &[
    "Álvarez",
    "Okafor",
    "Müller",
    "Nguyễn",
    "Kowalski",
    "Dubois",
    "Haddad",
    "Rossi",
    "Lindqvist",
    "Mensah",
    "Fernández",
    "Chen",
    "Petrova",
    "Yılmaz",
    "Tanaka",
    "O'Connor",
    "Souza",
    "Novák",
    "Karimi",
    "García",
    "Schröder",
    "Adeyemi",
    "Bianchi",
    "Jensen",
    "Ramírez",
    "Kim",
    "Papadopoulos",
    "Horváth",
    "Dlamini",
    "Ivanović",
    "Mehta",
    "Laurent",
    "Sato",
    "Costa",
    "Öztürk",
    "Nowak",
    "Bello",
    "Sørensen",
    "Martín",
    "Wójcik",
    "Eze",
    "Moreau",
    "Hoang",
    "Kovács",
    "Pérez",
    "Lefèvre",
    "Singh",
    "Abubakar",
    "Virtanen",
    "Žukauskas",
];
/// (city, latitude, longitude).
const CITIES: &[(&str, f64, f64)] = &[
    ("New York", 40.7128, -74.0060),
    ("Los Angeles", 34.0522, -118.2437),
    ("Chicago", 41.8781, -87.6298),
    ("Houston", 29.7604, -95.3698),
    ("Phoenix", 33.4484, -112.0740),
    ("Philadelphia", 39.9526, -75.1652),
    ("San Antonio", 29.4241, -98.4936),
    ("San Diego", 32.7157, -117.1611),
    ("Dallas", 32.7767, -96.7970),
    ("Austin", 30.2672, -97.7431),
    ("San Francisco", 37.7749, -122.4194),
    ("Seattle", 47.6062, -122.3321),
    ("Boston", 42.3601, -71.0589),
    ("Miami", 25.7617, -80.1918),
    ("Denver", 39.7392, -104.9903),
    ("Atlanta", 33.7490, -84.3880),
    ("Montréal", 45.5019, -73.5674),
    ("Toronto", 43.6532, -79.3832),
    ("London", 51.5074, -0.1278),
    ("Paris", 48.8566, 2.3522),
    ("Berlin", 52.5200, 13.4050),
    ("Madrid", 40.4168, -3.7038),
    ("Lisbon", 38.7223, -9.1393),
    ("Kraków", 50.0647, 19.9450),
    ("São Paulo", -23.5505, -46.6333),
    ("México City", 19.4326, -99.1332),
    ("Bogotá", 4.7110, -74.0721),
    ("Lagos", 6.5244, 3.3792),
    ("Nairobi", -1.2921, 36.8219),
    ("Dhaka", 23.8103, 90.4125),
    ("Mumbai", 19.0760, 72.8777),
    ("Istanbul", 41.0082, 28.9784),
    ("Zürich", 47.3769, 8.5417),
    ("Malmö", 55.6050, 13.0038),
    ("Reykjavík", 64.1466, -21.9426),
    ("Tokyo", 35.6762, 139.6503),
    ("Seoul", 37.5665, 126.9780),
    ("Sydney", -33.8688, 151.2093),
    ("Cape Town", -33.9249, 18.4241),
    ("Dublin", 53.3498, -6.2603),
];
const AREAS: &[&str] = &[
    "Old Town",
    "Riverside",
    "Harbourfront",
    "Northgate",
    "Saint-Jean",
    "Eastfield",
    "University District",
    "Hillcrest",
    "Market Square",
    "Westbrook",
    "Southbank",
    "Greenwood",
    "Lakeside",
    "Midtown",
    "Château Park",
    "Kingsbridge",
    "Parkview",
    "Bayside",
];
const DEGREES: &[&str] = &["MD", "MBBS", "DO", "MBChB", "Dr. med.", "MD, PhD", "MBBS, FRCP", "MD, MPH"];
const SCHOOLS: &[&str] = &[
    "Universidad de Salamanca",
    "Karolinska Institutet",
    "University of Lagos",
    "Université Paris Cité",
    "Charité – Universitätsmedizin Berlin",
    "Jagiellonian University",
    "University of Tokyo",
    "AIIMS New Delhi",
    "Harvard Medical School",
    "Universidade de São Paulo",
    "University of Cape Town",
    "McGill University",
    "Trinity College Dublin",
    "Universität Zürich",
    "Dhaka Medical College",
    "Seoul National University",
];

/// Add `n` approved doctors (and their users, one location and one qualification each). Returns how many
/// doctors the database now has.
pub async fn doctors(db: &PgPool, n: i64) -> anyhow::Result<i64> {
    super::specialties(db).await?;
    let first: Vec<String> = FIRST.iter().map(|s| s.to_string()).collect();
    let last: Vec<String> = LAST.iter().map(|s| s.to_string()).collect();
    let cities: Vec<String> = CITIES.iter().map(|c| c.0.to_string()).collect();
    let lats: Vec<f64> = CITIES.iter().map(|c| c.1).collect();
    let lngs: Vec<f64> = CITIES.iter().map(|c| c.2).collect();
    let areas: Vec<String> = AREAS.iter().map(|s| s.to_string()).collect();
    let degrees: Vec<String> = DEGREES.iter().map(|s| s.to_string()).collect();
    let schools: Vec<String> = SCHOOLS.iter().map(|s| s.to_string()).collect();
    let start: i64 = sqlx::query_scalar!(r#"select count(*) as "n!" from doctors"#).fetch_one(db).await?;
    let patients = super::bench_reviews::reviewers(db).await?;
    let batch = 10_000;
    let mut from = start;
    while from < start + n {
        let to = (from + batch).min(start + n);
        let mut tx = db.begin().await?;
        // Locations are written with the doctor; the touch trigger would refresh each doctor twice.
        sqlx::query!("alter table doctor_locations disable trigger doctor_locations_touch").execute(&mut *tx).await?;
        sqlx::query!("alter table doctor_qualifications disable trigger doctor_qualifications_touch")
            .execute(&mut *tx)
            .await?;
        sqlx::query!(
            r#"with spec as (select array_agg(id order by id) ids from specialties),
               g as (select i, $3::text[] as fi, $4::text[] as la from generate_series($1::int8 + 1, $2::int8) i),
               u as (
                 insert into users (email, full_name, role)
                 select 'bench' || i || '@doctors.bench.test',
                        fi[1 + abs(hashint8(i)) % array_length(fi, 1)] || ' ' || la[1 + abs(hashint8(i + 1000000007)) % array_length(la, 1)],
                        'doctor'
                 from g
                 returning id, (regexp_match(email::text, '^bench([0-9]+)@'))[1]::int8 as i
               ),
               d as (
                 insert into doctors (user_id, slug, bio, gender, languages, years_experience, fee_minor, currency,
                                      primary_specialty_id, city, area, status, offers_video, offers_in_person,
                                      registration_no, registration_council, submitted_at, online_now)
                 select u.id, 'dr-bench-' || u.i, 'Experienced clinician seeing adults and children.',
                        (array['female', 'male'])[1 + abs(hashint8(u.i + 11)) % 2],
                        case abs(hashint8(u.i + 12)) % 4 when 0 then array['English', 'Spanish'] when 1 then array['English']
                             when 2 then array['English', 'French'] else array['English', 'Hindi'] end,
                        1 + abs(hashint8(u.i + 13)) % 40, (50 + abs(hashint8(u.i + 14)) % 300) * 100, 'USD',
                        spec.ids[1 + abs(hashint8(u.i + 15)) % array_length(spec.ids, 1)],
                        ($5::text[])[1 + abs(hashint8(u.i + 16)) % array_length($5::text[], 1)],
                        ($8::text[])[1 + abs(hashint8(u.i + 17)) % array_length($8::text[], 1)],
                        'approved', abs(hashint8(u.i + 20)) % 3 <> 0, true, 'BENCH-' || u.i, 'Medical Council', now(), u.i % 20 = 0
                 from u, spec
                 returning id, city, area, (regexp_match(slug, '([0-9]+)$'))[1]::int8 as i
               ),
               l as (
                 insert into doctor_locations (doctor_id, position, name, address, area, city, latitude, longitude)
                 select d.id, 0, d.area || ' Medical Centre', (1 + d.i % 200) || ' ' || d.area || ' Road', d.area, d.city,
                        ($6::float8[])[array_position($5::text[], d.city)] + (abs(hashint8(d.i + 21)) % 100 - 50) / 1000.0,
                        ($7::float8[])[array_position($5::text[], d.city)] + (abs(hashint8(d.i + 22)) % 100 - 50) / 1000.0
                 from d returning doctor_id
               )
               insert into doctor_qualifications (doctor_id, position, degree, institute, passing_year)
               select d.id, 0, ($9::text[])[1 + abs(hashint8(d.i + 23)) % array_length($9::text[], 1)],
                      ($10::text[])[1 + abs(hashint8(d.i + 24)) % array_length($10::text[], 1)],
                      (1975 + abs(hashint8(d.i + 25)) % 45)::int2
               from d"#,
            from,
            to,
            &first,
            &last,
            &cities,
            &lats,
            &lngs,
            &areas,
            &degrees,
            &schools,
        )
        .execute(&mut *tx)
        .await?;
        super::bench_reviews::reviews(&mut tx, from, to, &patients).await?;
        sqlx::query!("alter table doctor_locations enable trigger doctor_locations_touch").execute(&mut *tx).await?;
        sqlx::query!("alter table doctor_qualifications enable trigger doctor_qualifications_touch")
            .execute(&mut *tx)
            .await?;
        // Now that qualifications and locations exist, refresh the search columns of this batch.
        sqlx::query!(
            "update doctors set updated_at = now() where registration_no like 'BENCH-%' and slug in \
             (select 'dr-bench-' || i from generate_series($1::int8 + 1, $2::int8) i)",
            from,
            to
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        from = to;
        tracing::info!(doctors = to, "bench doctors loaded");
    }
    // The batch refresh left a dead version of every row (and of every posting): rewrite the tables
    // compactly, as long-lived tables would be after autovacuum, so scans read realistic pages.
    // VACUUM FULL leaves the visibility map empty, which autovacuum would have filled on a long-lived
    // table; without it counts read every heap page (the directory's count took twice as long). A plain
    // VACUUM afterwards sets it.
    // (One statement per call: several in one simple query would run as one transaction, where VACUUM
    // can't.)
    sqlx::raw_sql("vacuum full doctors").execute(db).await?;
    sqlx::raw_sql("vacuum full search_postings").execute(db).await?;
    sqlx::raw_sql(
        "vacuum analyze doctors, doctor_locations, doctor_qualifications, users, search_terms, search_postings",
    )
    .execute(db)
    .await?;
    Ok(sqlx::query_scalar!(r#"select count(*) as "n!" from doctors"#).fetch_one(db).await?)
}

/// The searches the benchmark mixes: names, specialties, typos, areas, filters.
pub const BENCH_QUERIES: &[&str] = &[
    "q=cardiology",
    "q=maria garcia",
    "q=cardiolgy",
    "q=dermatology paris",
    "q=jose alvarez&sort=rating",
    "q=pediatrics old town",
    "q=muller berlin&mode=video",
    "q=okafor&page=2",
];

/// Time `rounds` passes over [`BENCH_QUERIES`] through the app's search (words, page and count, cards);
/// returns (p50, p95, p99) in milliseconds.
pub async fn search_latency(db: &crate::server::db::SearchDb, rounds: usize) -> anyhow::Result<(f64, f64, f64)> {
    let mut ms = Vec::with_capacity(rounds * BENCH_QUERIES.len());
    // One unrecorded pass first: connections, plans and caches warm, as in a running server.
    for q in BENCH_QUERIES {
        crate::server::db::search::search(db, &crate::model::search::DoctorSearch::from(*q), chrono::Utc::now())
            .await?;
    }
    let mut per_query = vec![0.0; BENCH_QUERIES.len()];
    for _ in 0..rounds {
        for (i, q) in BENCH_QUERIES.iter().enumerate() {
            let search = crate::model::search::DoctorSearch::from(*q);
            let t = std::time::Instant::now();
            crate::server::db::search::search(db, &search, chrono::Utc::now()).await?;
            let took = t.elapsed().as_secs_f64() * 1000.0;
            per_query[i] += took / rounds as f64;
            ms.push(took);
        }
    }
    for (q, avg) in BENCH_QUERIES.iter().zip(per_query) {
        eprintln!("{avg:8.2} ms  {q}");
    }
    ms.sort_by(f64::total_cmp);
    let at = |p: f64| ms[((ms.len() as f64 * p).ceil() as usize).clamp(1, ms.len()) - 1];
    Ok((at(0.50), at(0.95), at(0.99)))
}
