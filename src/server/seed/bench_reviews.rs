//! The bench doctors' reviews: bench patients, a consultation type per doctor, completed past visits and a
//! review of each, so the directory's ratings are the database's summaries of real rows at scale.

use sqlx::PgPool;

/// Patients who review bench doctors: each visit goes to patient `g % PATIENTS` of visit number `g`.
const PATIENTS: i64 = 5000;

pub(super) async fn reviewers(db: &PgPool) -> Result<Vec<uuid::Uuid>, sqlx::Error> {
    let mut rows = sqlx::query!(
        r#"insert into users (email, full_name, role)
           select 'bench.patient.' || n || '@patients.bench.test', 'Bench Patient ' || n, 'patient'
           from generate_series(0, $1::int8 - 1) n
           on conflict (email) do update set role = excluded.role
           returning id, (regexp_match(email::text, '^bench[.]patient[.]([0-9]+)@'))[1]::int8 as "n!""#,
        PATIENTS
    )
    .fetch_all(db)
    .await?;
    // In patient-number order, whatever order the rows came back in: the same patient for a visit number on
    // every load.
    rows.sort_by_key(|r| r.n);
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// A consultation type for bench doctors `from + 1..=to`, and 0–11 completed past visits each (none for every
/// tenth doctor), each reviewed. Visit `g = doctor * 12 + k` is patient `g % PATIENTS`'s, at hour
/// `(g / PATIENTS) * 12 + k` after 2024-01-01: distinct hours for each doctor and for each patient.
pub(super) async fn reviews(
    tx: &mut sqlx::Transaction<'_, sqlx::Postgres>,
    from: i64,
    to: i64,
    patients: &[uuid::Uuid],
) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"with d as (select id, (regexp_match(slug, '([0-9]+)$'))[1]::int8 as i, fee_minor, currency from doctors
                      where slug in (select 'dr-bench-' || i from generate_series($1::int8 + 1, $2::int8) i)),
           t as (insert into consultation_types (doctor_id, mode, name, duration_minutes, buffer_minutes, fee_minor, position)
                 select id, 'in_person', 'Consultation', 20, 10, fee_minor, 0 from d returning id, doctor_id),
           v as (select d.id as doctor_id, t.id as type_id, d.fee_minor, d.currency, k, d.i * 12 + k as g
                 from d join t on t.doctor_id = d.id
                 cross join lateral generate_series(0, case when d.i % 10 = 0 then -1
                                                       else abs(hashint8(d.i + 19)) % 12 - 1 end) k),
           a as (insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at,
                                           blocked_until, status, fee_minor, currency, idempotency_key, reason)
                 select v.doctor_id, ($3::uuid[])[(1 + v.g % $4)::int], v.type_id, 'in_person', s.at,
                        s.at + interval '20 minutes', s.at + interval '30 minutes', 'completed', v.fee_minor, v.currency,
                        'bench-visit-' || v.g, 'Consultation'
                 from v cross join lateral (select timestamptz '2024-01-01 00:00Z'
                                                   + make_interval(hours => ((v.g / $4) * 12 + v.k)::int) as at) s
                 returning id, doctor_id, patient_id, ends_at, (regexp_match(idempotency_key, '([0-9]+)$'))[1]::int8 as g)
           insert into reviews (appointment_id, doctor_id, patient_id, stars, waiting, manner, body, anonymous, created_at,
                                reply, replied_at, helpful)
           select a.id, a.doctor_id, a.patient_id, (array[5, 5, 5, 5, 4, 4, 4, 3, 2, 1])[1 + abs(hashint8(a.g + 7)) % 10],
                  1 + abs(hashint8(a.g + 8)) % 5, 1 + abs(hashint8(a.g + 9)) % 5,
                  (array['Thorough and kind.', 'Explained everything clearly.', 'Long wait, good advice.',
                         'Listened carefully and answered all my questions.', ''])[1 + abs(hashint8(a.g + 10)) % 5],
                  a.g % 9 = 0, a.ends_at + interval '1 day',
                  case when a.g % 4 = 0 then 'Thank you for your feedback.' end,
                  case when a.g % 4 = 0 then a.ends_at + interval '2 days' end, (abs(hashint8(a.g + 11)) % 6)::int
           from a"#,
        from,
        to,
        patients,
        PATIENTS
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}
