//! Reviews of real visits: who may write one and when, the doctor's reply, helpful marks, reports and
//! moderation, the invitation after a visit, and summaries that equal the visible rows under concurrent
//! writes over two instances.

use crate::common::booking::*;
use crate::common::{get, get_with, post_json};
use carebook::server::clock::Clock;
use chrono::Duration;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

/// A visit of a new patient `n` with the world's doctor that ended `days_ago` days ago, completed.
async fn completed_visit(w: &World, n: usize, days_ago: i64) -> (Uuid, String, Uuid) {
    let (patient_id, cookie) = patient(w, n).await;
    let start = w.clock.now() - Duration::days(days_ago) - Duration::minutes(30 * n as i64 + 60);
    let id = sqlx::query_scalar!(
        r#"insert into appointments (doctor_id, patient_id, consultation_type_id, mode, starts_at, ends_at,
                                     blocked_until, status, fee_minor, currency, idempotency_key)
           values ($1, $2, $3, 'in_person', $4::timestamptz, $4::timestamptz + interval '20 minutes',
                   $4::timestamptz + interval '30 minutes', 'completed',
                   0, 'USD', $5) returning id"#,
        w.doctor_id,
        patient_id,
        w.consult,
        start,
        format!("visit-{n}-{days_ago}")
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    (patient_id, cookie, id)
}

fn form(stars: i16, body: &str) -> serde_json::Value {
    json!({ "form": { "stars": stars, "waiting": 4, "manner": null, "explanation": 5, "body": body, "anonymous": false } })
}

/// The doctor's summary and directory figures, and the same recomputed from the visible rows.
async fn figures(w: &World) -> ((i32, Option<f64>, Vec<i32>), (i32, Option<f64>), (i32, Option<f64>, Vec<i32>)) {
    let s = sqlx::query!(
        r#"select review_count, average::float8 as "avg", distribution from review_summaries where doctor_id = $1"#,
        w.doctor_id
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    let d = sqlx::query!(r#"select rating_count, rating_avg::float8 as "avg" from doctors where id = $1"#, w.doctor_id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let raw = sqlx::query!(
        r#"select count(*)::int as "n!", round(avg(stars), 2)::float8 as "avg",
                  array[count(*) filter (where stars = 1), count(*) filter (where stars = 2),
                        count(*) filter (where stars = 3), count(*) filter (where stars = 4),
                        count(*) filter (where stars = 5)]::int[] as "dist!"
           from reviews where doctor_id = $1 and hidden_at is null"#,
        w.doctor_id
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    ((s.review_count, s.avg, s.distribution), (d.rating_count, d.avg), (raw.n, raw.avg, raw.dist))
}

async fn assert_in_step(w: &World) -> i32 {
    let (summary, doctor, raw) = figures(w).await;
    assert_eq!(summary, raw, "the summary equals the visible reviews");
    assert_eq!(doctor, (raw.0, raw.1), "the directory's figures equal the visible reviews");
    raw.0
}

#[sqlx::test]
async fn only_the_patient_of_a_completed_visit_reviews_it_once_within_the_windows(pool: PgPool) {
    let w = world(pool).await;
    let before = assert_in_step(&w).await;
    let (_, cookie, visit) = completed_visit(&w, 1, 1).await;
    let (_, stranger) = patient(&w, 2).await;
    let path = format!("/api/appointments/{visit}/review");
    // Not the patient's: answered like a missing appointment, for another patient and for the doctor.
    for other in [&stranger, &w.doctor_cookie] {
        assert_eq!(post_json(&w.a, &path, form(1, "fake"), Some(other)).await.status, 404);
        assert_eq!(get_with(&w.a, &path, other).await.status, 404);
    }
    assert_eq!(post_json(&w.a, &path, form(5, "x"), None).await.status, 401);
    // Bad input: a clear error per field, nothing written.
    let bad = post_json(
        &w.a,
        &path,
        json!({ "form": { "stars": 6, "waiting": 0, "manner": null, "explanation": null,
        "body": "x".repeat(2001), "anonymous": false } }),
        Some(&cookie),
    )
    .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.json()["data"]["detail"].as_object().unwrap().len(), 3, "{}", bad.body);
    // A visit that is not completed cannot be reviewed.
    let (_, c3) = patient(&w, 3).await;
    let upcoming = book(&w, &c3, w.consult, at(0)).await;
    let r = post_json(
        &w.a,
        &format!("/api/appointments/{}/review", upcoming["id"].as_str().unwrap()),
        form(5, ""),
        Some(&c3),
    )
    .await;
    assert_eq!(r.status, 409, "{}", r.body);

    let ok = post_json(&w.b, &path, form(2, "Long wait."), Some(&cookie)).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["existing"]["stars"], 2);
    assert_eq!(assert_in_step(&w).await, before + 1);
    // Within 7 days the same review changes (still one); after, it is final.
    w.clock.advance(Duration::days(6));
    let edit = post_json(&w.a, &path, form(4, "Long wait, but worth it."), Some(&cookie)).await;
    assert_eq!(edit.status, 200, "{}", edit.body);
    assert_eq!(assert_in_step(&w).await, before + 1);
    let n: i64 = sqlx::query_scalar("select count(*) from reviews where appointment_id = $1")
        .bind(visit)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    w.clock.advance(Duration::days(2));
    let late = post_json(&w.a, &path, form(1, "Changed my mind"), Some(&cookie)).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert_eq!(get_with(&w.a, &path, &cookie).await.json()["can_save"], false);
    // 90 days after the visit, an unreviewed visit can no longer be reviewed.
    let (_, old_cookie, old) = completed_visit(&w, 4, 91).await;
    let r = post_json(&w.a, &format!("/api/appointments/{old}/review"), form(5, ""), Some(&old_cookie)).await;
    assert_eq!(r.status, 409, "{}", r.body);
    // The doctor was told of the new review.
    let told: i64 = sqlx::query_scalar("select count(*) from notifications n join doctors d on d.user_id = n.user_id where d.id = $1 and n.title like 'New %-star review'")
        .bind(w.doctor_id).fetch_one(&w.pool).await.unwrap();
    assert_eq!(told, 1);
}

#[sqlx::test]
async fn summaries_equal_the_visible_reviews_after_concurrent_reviews_edits_hides_and_restores(pool: PgPool) {
    let w = world(pool).await;
    let admin = sqlx::query_scalar!("select id from users where email = 'admin@carebook.test'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let admin_cookie = cookie_for(&w.pool, admin, &w.clock).await;
    let mut visits = Vec::new();
    for n in 0..24 {
        visits.push(completed_visit(&w, 10 + n, 2).await);
    }
    let seeded: Vec<Uuid> = sqlx::query_scalar("select id from reviews where doctor_id = $1 order by id limit 12")
        .bind(w.doctor_id)
        .fetch_all(&w.pool)
        .await
        .unwrap();
    let mut tasks = Vec::new();
    for (n, (_, cookie, visit)) in visits.iter().enumerate() {
        let router = if n % 2 == 0 { w.a.clone() } else { w.b.clone() };
        let (cookie, visit) = (cookie.clone(), *visit);
        tasks.push(tokio::spawn(async move {
            let path = format!("/api/appointments/{visit}/review");
            let first = post_json(&router, &path, form(1 + (n % 5) as i16, "First"), Some(&cookie)).await;
            assert_eq!(first.status, 200, "{}", first.body);
            let again = post_json(&router, &path, form(5 - (n % 3) as i16, "Second thoughts"), Some(&cookie)).await;
            assert_eq!(again.status, 200, "{}", again.body);
        }));
    }
    for (n, id) in seeded.iter().enumerate() {
        let router = if n % 2 == 0 { w.b.clone() } else { w.a.clone() };
        let (cookie, id) = (admin_cookie.clone(), *id);
        tasks.push(tokio::spawn(async move {
            let path = format!("/api/admin/reviews/{id}/decide");
            let hide = json!({ "decision": "hide", "reason": "Names another patient" });
            assert_eq!(post_json(&router, &path, hide, Some(&cookie)).await.status, 200);
            if n % 3 == 0 {
                let restore = json!({ "decision": "restore", "reason": "" });
                assert_eq!(post_json(&router, &path, restore, Some(&cookie)).await.status, 200);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_in_step(&w).await;
    let hidden: i64 = sqlx::query_scalar("select count(*) from reviews where hidden_at is not null")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(hidden, 8);
}

#[sqlx::test]
async fn moderation_replies_helpful_marks_and_the_public_page(pool: PgPool) {
    let w = world(pool).await;
    let admin = sqlx::query_scalar!("select id from users where email = 'admin@carebook.test'")
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let admin_cookie = cookie_for(&w.pool, admin, &w.clock).await;
    // The seed dates its reviews by the real clock, the world's clock is a fixed week: age them, so the new
    // review is the newest.
    sqlx::query("update reviews set created_at = created_at - interval '2 years'").execute(&w.pool).await.unwrap();
    let (_, cookie, visit) = completed_visit(&w, 1, 1).await;
    let (_, reader) = patient(&w, 2).await;
    let saved =
        post_json(&w.a, &format!("/api/appointments/{visit}/review"), form(3, "Unusual words zebra"), Some(&cookie))
            .await;
    assert_eq!(saved.status, 200);
    let id: Uuid = sqlx::query_scalar("select id from reviews where appointment_id = $1")
        .bind(visit)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    let page = get(&w.a, "/doctors/dr-amara-okafor").await;
    assert!(page.body.contains("Unusual words zebra"), "the newest review is server-rendered");

    // Replies: only the visit's doctor.
    let reply = json!({ "reply": "Thank you, we have more staff on Mondays now." });
    assert_eq!(post_json(&w.a, &format!("/api/reviews/{id}/reply"), reply.clone(), Some(&reader)).await.status, 403);
    let other_doctor =
        sqlx::query_scalar!("select user_id from doctors where slug = 'dr-mei-chen'").fetch_one(&w.pool).await.unwrap();
    let other = cookie_for(&w.pool, other_doctor, &w.clock).await;
    assert_eq!(post_json(&w.a, &format!("/api/reviews/{id}/reply"), reply.clone(), Some(&other)).await.status, 404);
    assert_eq!(post_json(&w.b, &format!("/api/reviews/{id}/reply"), reply, Some(&w.doctor_cookie)).await.status, 200);
    let list = get(&w.a, "/api/doctors/reviews/dr-amara-okafor?sort=newest&page=1").await.json();
    let mine =
        list["reviews"].as_array().unwrap().iter().find(|r| r["id"] == id.to_string()).expect("newest first").clone();
    assert_eq!(mine["reply"]["body"], "Thank you, we have more staff on Mondays now.");
    assert_eq!(mine["author"], "Patient 1.");

    // Helpful: once per user, never one's own.
    for _ in 0..2 {
        assert_eq!(post_json(&w.a, &format!("/api/reviews/{id}/helpful"), json!({}), Some(&reader)).await.json(), 1);
    }
    assert_eq!(post_json(&w.a, &format!("/api/reviews/{id}/helpful"), json!({}), Some(&cookie)).await.json(), 1);
    let top = get(&w.a, "/api/doctors/reviews/dr-amara-okafor?sort=helpful&page=1").await.json();
    assert_eq!(top["reviews"][0]["id"], id.to_string(), "most helpful first");

    // Reports reach the queue; admins only.
    let report = json!({ "reason": "Mentions another patient by name" });
    assert_eq!(post_json(&w.a, &format!("/api/reviews/{id}/report"), report.clone(), Some(&reader)).await.status, 200);
    assert_eq!(
        post_json(&w.a, &format!("/api/reviews/{id}/report"), report, Some(&reader)).await.status,
        200,
        "again: no double"
    );
    let (told, admins): (i64, i64) = sqlx::query_as(
        "select (select count(*) from notifications where title = 'A review was reported' and link = '/admin/reviews'),
                (select count(*) from users where role = 'admin' and is_active and deleted_at is null)",
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert!(admins > 0 && told == admins, "each admin told once: {told} of {admins}");
    assert_eq!(get_with(&w.a, "/api/admin/reviews?hidden=false&page=1", &reader).await.status, 403);
    let queue = get_with(&w.a, "/api/admin/reviews?hidden=false&page=1", &admin_cookie).await.json();
    assert_eq!(queue.as_array().unwrap().len(), 1);
    assert_eq!(queue[0]["reports"].as_array().unwrap().len(), 1);
    let decide = format!("/api/admin/reviews/{id}/decide");
    assert_eq!(
        post_json(&w.a, &decide, json!({ "decision": "hide", "reason": "x" }), Some(&admin_cookie)).await.status,
        422
    );
    assert_eq!(
        post_json(&w.a, &decide, json!({ "decision": "hide", "reason": "Names another patient" }), Some(&reader))
            .await
            .status,
        403
    );
    let before = assert_in_step(&w).await;
    assert_eq!(
        post_json(&w.a, &decide, json!({ "decision": "hide", "reason": "Names another patient" }), Some(&admin_cookie))
            .await
            .status,
        200
    );
    assert_eq!(assert_in_step(&w).await, before - 1, "hidden reviews leave the rating");
    assert!(!get(&w.a, "/doctors/dr-amara-okafor").await.body.contains("Unusual words zebra"));
    assert_eq!(
        post_json(&w.a, &format!("/api/reviews/{id}/report"), json!({ "reason": "again please" }), Some(&reader))
            .await
            .status,
        404
    );
    let (subject, body) = crate::common::last_mail(&w.pool, "p1@example.test").await;
    assert_eq!(subject, "Your review was hidden");
    assert!(body.contains("Names another patient"));
    let audited: i64 =
        sqlx::query_scalar("select count(*) from audit_log where action = 'review.hide' and actor_id = $1")
            .bind(admin)
            .fetch_one(&w.pool)
            .await
            .unwrap();
    assert_eq!(audited, 1);
    assert_eq!(
        get_with(&w.a, "/api/admin/reviews?hidden=false&page=1", &admin_cookie).await.json().as_array().unwrap().len(),
        0
    );
    let own = get_with(&w.a, "/api/doctor/reviews?page=1", &w.doctor_cookie).await.json();
    assert!(own.as_array().unwrap().iter().any(|m| m["hidden_reason"] == "Names another patient"));
    // Restored: back on the page and in the rating.
    assert_eq!(
        post_json(&w.b, &decide, json!({ "decision": "restore", "reason": "" }), Some(&admin_cookie)).await.status,
        200
    );
    assert_eq!(
        post_json(&w.b, &decide, json!({ "decision": "restore", "reason": "" }), Some(&admin_cookie)).await.status,
        409
    );
    assert_eq!(assert_in_step(&w).await, before);
    assert!(get(&w.a, "/doctors/dr-amara-okafor").await.body.contains("Unusual words zebra"));
}

#[sqlx::test]
async fn a_completed_visit_invites_its_patient_once_and_json_ld_needs_real_reviews(pool: PgPool) {
    let w = world(pool).await;
    let (_, c) = patient(&w, 1).await;
    let v = book(&w, &c, w.consult, at(0)).await;
    let id = v["id"].as_str().unwrap().to_string();
    w.clock.advance(Duration::hours(6));
    let done = post_json(
        &w.a,
        &format!("/api/doctor/appointments/{id}/action"),
        json!({ "action": "completed" }),
        Some(&w.doctor_cookie),
    )
    .await;
    assert_eq!(done.status, 200, "{}", done.body);
    w.run_jobs().await;
    let (subject, body) = crate::common::last_mail(&w.pool, "p1@example.test").await;
    assert_eq!(subject, "How was your visit with Dr. Amara Okafor?");
    assert!(body.contains(&format!("/patient/appointments/{id}/review")), "{body}");
    let invites: i64 =
        sqlx::query_scalar("select count(*) from jobs where kind = 'review.invite'").fetch_one(&w.pool).await.unwrap();
    assert_eq!(invites, 1);

    // A doctor without visible reviews has no rating in JSON-LD, and a message instead of a summary.
    sqlx::query("update reviews set hidden_at = now(), hidden_reason = 'test' where doctor_id = $1")
        .bind(w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    let page = get(&w.a, "/doctors/dr-amara-okafor").await;
    assert!(!page.body.contains("aggregateRating") && !page.body.contains(r#""review""#));
    assert!(page.body.contains("No reviews yet"));
    let rating: Option<f64> = sqlx::query_scalar("select rating_avg::float8 from doctors where id = $1")
        .bind(w.doctor_id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_eq!(rating, None, "the directory's figure follows");
}
