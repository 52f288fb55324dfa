//! Booking benchmark fixtures (`carebook bench booking-setup DIR`): every seeded doctor open around the
//! clock for a year, one bench patient per doctor with a session, and two disjoint lists of free slots
//! (computed by the same slot function the app uses): one for HTTP holds through the server function
//! (`DIR/booking_http.txt`: "cookie<TAB>json body" lines for wrk), one for raw INSERTs by pgbench (table
//! `bench_slots`, consumed through sequence `bench_booking_seq`). Each patient only books their own
//! doctor, so neither list can trip the patient-overlap constraint; both insert under the same doctor one.

use std::io::Write;

use chrono::Duration;
use sqlx::PgPool;

use crate::model::booking::ConsultationMode;
use crate::server::auth::session::{self, ClientInfo, Lifetime};
use crate::server::scheduling::rules;

/// Prepare the fixtures; returns (HTTP slots, pgbench slots).
pub async fn setup(db: &PgPool, dir: &std::path::Path, per_list: usize) -> anyhow::Result<(usize, usize)> {
    sqlx::raw_sql(
        "update doctors set min_notice_minutes = 0, horizon_days = 365, daily_cap = null, approval_required = false
           where status = 'approved';
         delete from availability_intervals where doctor_id in (select id from doctors where status = 'approved');
         insert into availability_intervals (doctor_id, weekday, start_time, end_time)
           select d.id, w, '00:00', '23:59' from doctors d, generate_series(1, 7) w where d.status = 'approved';
         create table if not exists bench_slots (n bigint primary key, doctor_id uuid, patient_id uuid, type_id uuid,
           starts_at timestamptz, ends_at timestamptz, blocked_until timestamptz);
         truncate bench_slots;
         create sequence if not exists bench_booking_seq;
         alter sequence bench_booking_seq restart with 1;",
    )
    .execute(db)
    .await?;
    let doctors = sqlx::query_scalar!("select id from doctors where status = 'approved' and listed order by slug")
        .fetch_all(db)
        .await?;
    let now = chrono::Utc::now();
    let life = Lifetime { idle: Duration::days(1), absolute: Duration::days(2) };
    let mut lists = Vec::new(); // per doctor: (cookie, patient, type, slots)
    for (i, id) in doctors.iter().enumerate() {
        let Some(doctor) = rules::doctor(db, *id).await? else { continue };
        let Some(kind) = rules::types(db, *id).await?.into_iter().find(|t| t.mode == ConsultationMode::InPerson) else {
            continue;
        };
        let location = rules::locations(db, *id).await?.first().map(|l| l.0);
        let patient = sqlx::query_scalar!(
            r#"insert into users (email, full_name, role, email_verified_at) values ($1, $2, 'patient', now())
               on conflict (email) do update set full_name = excluded.full_name returning id"#,
            format!("bench-patient-{i}@bench.carebook.test"),
            format!("Bench Patient {i}")
        )
        .fetch_one(db)
        .await?;
        let token = session::create(db, patient, life, false, &ClientInfo::default(), now).await?.token;
        let r = rules::rules(db, &doctor, &kind, location, now).await?;
        let today = now.with_timezone(&doctor.tz).date_naive();
        let slots =
            rules::free(db, &doctor, &r, today + Duration::days(1), today + Duration::days(360), now, None).await?;
        lists.push((format!("carebook_session={token}"), patient, doctor.id, kind.id, location, r.buffer, slots));
    }
    anyhow::ensure!(!lists.is_empty(), "no bookable doctors: seed the database first");
    // Interleave by time across doctors; the first `per_list` go to HTTP, the next to pgbench.
    let longest = lists.iter().map(|l| l.6.len()).max().unwrap_or(0);
    let mut file = std::io::BufWriter::new(std::fs::File::create(dir.join("booking_http.txt"))?);
    let (mut http, mut raw) = (0usize, Vec::new());
    'outer: for k in 0..longest {
        for (cookie, patient, doctor, kind, location, buffer, slots) in &lists {
            let Some(s) = slots.get(k) else { continue };
            if http < per_list {
                let body = serde_json::json!({ "doctor_id": doctor, "type_id": kind, "location": location,
                                               "start": s.start, "key": format!("bench-{http:08}") });
                writeln!(file, "{cookie}\t{body}")?;
                http += 1;
            } else if raw.len() < per_list {
                raw.push((*doctor, *patient, *kind, s.start, s.end, s.end + *buffer));
            } else {
                break 'outer;
            }
        }
    }
    file.flush()?;
    for (chunk_no, chunk) in raw.chunks(10_000).enumerate() {
        let base = (chunk_no * 10_000) as i64;
        let n: Vec<i64> = (1..=chunk.len() as i64).map(|i| base + i).collect();
        let d: Vec<_> = chunk.iter().map(|r| r.0).collect();
        let p: Vec<_> = chunk.iter().map(|r| r.1).collect();
        let t: Vec<_> = chunk.iter().map(|r| r.2).collect();
        let s: Vec<_> = chunk.iter().map(|r| r.3).collect();
        let e: Vec<_> = chunk.iter().map(|r| r.4).collect();
        let b: Vec<_> = chunk.iter().map(|r| r.5).collect();
        // Unchecked on purpose: `bench_slots` exists only in bench databases (created above), not in migrations.
        sqlx::query(
            "insert into bench_slots select * from unnest($1::bigint[], $2::uuid[], $3::uuid[], $4::uuid[],
                                                        $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])",
        )
        .bind(&n)
        .bind(&d)
        .bind(&p)
        .bind(&t)
        .bind(&s)
        .bind(&e)
        .bind(&b)
        .execute(db)
        .await?;
    }
    Ok((http, raw.len()))
}
