//! Demo reviews with real rows behind them: demo patients, completed past visits with each seeded doctor,
//! and a review of each (varied stars, texts, sub-ratings, some anonymous, some answered by the doctor).
//! The ratings the site shows are then the database's own summaries of these reviews.

use sqlx::{Postgres, Transaction};
use uuid::Uuid;

/// Demo patients who wrote the seeded reviews (directory-only accounts without a password).
const FIRST: &[&str] =
    &["Maria", "James", "Aisha", "Tomás", "Mei", "Rahul", "Fatema", "Oliver", "Sofia", "Kwame", "Hana", "Lucas"];
const LAST: &[&str] = &["Kowalska", "Brown", "Rahman", "Silva", "Wong", "Mehta", "Begum", "Smith", "Rossi", "Owusu"];

const TEXTS: [&[&str]; 5] = [
    &["Waited over an hour and felt rushed once I was in.", "Did not listen to my concerns at all."],
    &["The visit itself was fine but the wait was very long.", "Hard to reach the practice afterwards."],
    &["Competent, though the appointment felt short.", "Good advice; the clinic was running late."],
    &["Thorough and friendly. A bit of a wait.", "Explained the test results clearly.", "Helpful follow-up by email."],
    &[
        "Listened carefully and explained every option.",
        "On time, thorough and kind. Highly recommend.",
        "Made my child feel at ease. Clear plan for next steps.",
        "Best doctor I've seen in years.",
    ],
];

/// How many reviews to seed for a doctor listed as `count` reviews: a quarter (the demo stays quick to
/// seed), at least three.
pub fn seeded_count(count: i32) -> i32 {
    if count == 0 {
        0
    } else {
        (count / 4).max(3)
    }
}

/// `n` star ratings whose mean is `avg` as nearly as whole stars allow: all fives, lowered one review at a
/// time in a fixed, spread-out order, some by more than one star, so the distribution looks like a real one.
pub fn star_pattern(avg: f64, n: usize) -> Vec<i16> {
    let mut stars = vec![5i16; n];
    let mut deficit = ((5.0 - avg) * n as f64).round() as i64;
    let steps = [1i16, 1, 2, 1, 1, 3, 1, 4];
    let mut round = 0usize;
    while deficit > 0 && n > 0 {
        for i in 0..n {
            let at = (i * 7 + round) % n;
            let cut = i64::from(steps[(i + round) % steps.len()]).min(deficit).min(i64::from(stars[at] - 1));
            stars[at] -= cut as i16;
            deficit -= cut;
            if deficit == 0 {
                break;
            }
        }
        round += 1;
        if round > 8 {
            break;
        }
    }
    stars
}

/// The demo patients who review (created once), in a fixed order.
pub async fn reviewers(tx: &mut Transaction<'_, Postgres>) -> Result<Vec<Uuid>, sqlx::Error> {
    let mut ids = Vec::new();
    for (n, first) in FIRST.iter().cycle().take(60).enumerate() {
        let last = LAST[(n * 7 + n / FIRST.len()) % LAST.len()];
        let email = format!("reviewer.{n}@patients.carebook.test");
        let id = sqlx::query_scalar!(
            r#"insert into users (email, full_name, role, email_verified_at) values ($1, $2, 'patient', now())
               on conflict (email) do update set email = excluded.email returning id"#,
            email,
            format!("{first} {last}")
        )
        .fetch_one(&mut **tx)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// Seed doctor number `index` (`doctor`)'s completed visits and their reviews, about `avg` stars over
/// `seeded_count(count)` reviews.
pub async fn seed(
    tx: &mut Transaction<'_, Postgres>,
    doctor: Uuid,
    index: usize,
    (avg, count): (f64, i32),
    reviewers: &[Uuid],
) -> Result<(), sqlx::Error> {
    let stars = star_pattern(avg, seeded_count(count) as usize);
    let n = stars.len();
    let ks: Vec<i32> = (0..n as i32).collect();
    let patients: Vec<Uuid> = (0..n).map(|k| reviewers[(index * 7 + k) % reviewers.len()]).collect();
    let bodies: Vec<String> = stars
        .iter()
        .enumerate()
        .map(|(k, s)| {
            let pool = TEXTS[*s as usize - 1];
            if k % 6 == 5 {
                String::new()
            } else {
                pool[(k + index) % pool.len()].to_string()
            }
        })
        .collect();
    let replies: Vec<String> = stars
        .iter()
        .enumerate()
        .map(|(k, s)| match (k % 4, s) {
            (0, 1..=3) => {
                "I'm sorry about your experience. We have changed how we schedule to cut waiting times.".into()
            }
            (0, _) => "Thank you for taking the time to write this. It was a pleasure to see you.".into(),
            _ => String::new(),
        })
        .collect();
    // Visits on past Sundays (in UTC), twelve a Sunday from 14:00 every 30 minutes, the newest last Sunday:
    // a time no test fixture books (the seeded doctors never work on Sundays, so tests with a fixed week of
    // their own never meet these rows), and a demo patient's two visits never share a time.
    sqlx::query!(
        r#"with input as (
               select * from unnest($2::int[], $3::int2[], $4::uuid[], $5::text[], $6::text[])
                   as t(k, stars, patient, body, reply)),
           kind as (select t.id, t.mode, t.fee_minor, d.currency from consultation_types t join doctors d on d.id = t.doctor_id
                    where t.doctor_id = $1 order by t.position limit 1),
           visit as (
               insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at,
                                         blocked_until, status, fee_minor, currency, idempotency_key, reason)
               select $1, i.patient, kind.id, kind.mode, s.at, s.at + interval '20 minutes',
                      s.at + interval '30 minutes', 'completed', kind.fee_minor, kind.currency,
                      'seed-review-' || i.k, 'Consultation'
               from input i cross join kind
               cross join lateral (select (date_trunc('week', now() at time zone 'UTC') - interval '1 day'
                                           - make_interval(weeks => i.k / 12)
                                           + make_interval(mins => 14 * 60 + (i.k % 12) * 30)) at time zone 'UTC' as at) s
               returning id, ends_at, idempotency_key)
           insert into reviews (appointment_id, doctor_id, patient_id, stars, waiting, manner, explanation, body,
                                anonymous, created_at, reply, replied_at)
           select v.id, $1, i.patient, i.stars,
                  case when i.k % 3 <> 0 then greatest(1, i.stars - (i.k % 2))::int2 end,
                  case when i.k % 3 <> 0 then i.stars end,
                  case when i.k % 3 = 1 then least(5, i.stars + 1)::int2 end,
                  i.body, i.k % 5 = 4, v.ends_at + interval '1 day', nullif(i.reply, ''),
                  case when i.reply <> '' then v.ends_at + interval '2 days' end
           from visit v join input i on v.idempotency_key = 'seed-review-' || i.k"#,
        doctor,
        &ks,
        &stars,
        &patients,
        &bodies,
        &replies
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The demo patient's own completed visit with the demo doctor last Sunday (before the seeded ones), not
/// reviewed yet: the demo
/// walks through writing a review (and the doctor's reply).
pub async fn demo_visit(tx: &mut Transaction<'_, Postgres>, doctor: Uuid, patient: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query!(
        r#"insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at,
                                     blocked_until, status, fee_minor, currency, idempotency_key, reason)
           select $1, $2, t.id, t.mode, s.at, s.at + interval '20 minutes', s.at + interval '30 minutes',
                  'completed', t.fee_minor, d.currency, 'seed-demo-visit', 'Follow-up on blood pressure'
           from consultation_types t join doctors d on d.id = t.doctor_id,
                (select (date_trunc('week', now() at time zone 'UTC') - interval '1 day' + interval '13 hours')
                            at time zone 'UTC' as at) s
           where t.doctor_id = $1 and t.mode = 'in_person'
           on conflict (patient_id, idempotency_key) do nothing"#,
        doctor,
        patient
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_patterns_average_what_the_demo_lists() {
        for (avg, n) in [(4.9, 53), (4.6, 19), (5.0, 24), (4.7, 3), (4.2, 40)] {
            let s = star_pattern(avg, n);
            let mean = s.iter().map(|&x| f64::from(x)).sum::<f64>() / n as f64;
            assert!((mean - avg).abs() < 0.05 || n < 10, "{avg} over {n}: {mean}");
            assert!(s.iter().all(|x| (1..=5).contains(x)));
        }
        assert!(star_pattern(4.2, 40).iter().any(|&x| x <= 3), "some lower ratings");
        assert_eq!(seeded_count(212), 53);
        assert_eq!(seeded_count(8), 3);
        assert_eq!(seeded_count(0), 0);
    }
}
