//! The doctor's schedule editor over HTTP: the shared rules refuse a bad form field by field, a saved
//! edit keeps a type's identity, new types are added, another doctor's type can't be touched, and the
//! view says from when patients can book (or that they can't).

use crate::common::booking::*;
use crate::common::{get_with, post_json};
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn saving_the_schedule_validates_updates_in_place_and_adds(pool: PgPool) {
    let w = world(pool).await;
    let view = get_with(&w.a, "/api/doctor/schedule", &w.doctor_cookie).await;
    assert_eq!(view.status, 200, "{}", view.body);
    let mut form = view.json()["form"].clone();
    let consult = form["types"][0]["id"].clone();

    let mut bad = form.clone();
    bad["time_zone"] = json!("Nowhere/Atlantis");
    bad["types"][0]["fee"] = json!("eighty");
    let refused = post_json(&w.a, "/api/doctor/schedule", json!({ "form": bad }), Some(&w.doctor_cookie)).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert!(refused.json()["data"]["detail"]["types.0.fee"].is_string(), "{}", refused.body);

    // Edit the first type, add a new one, and slip in another doctor's type id.
    let foreign = sqlx::query_scalar!(
        "select t.id from consultation_types t join doctors d on d.id = t.doctor_id where d.slug = 'dr-jose-alvarez' limit 1"
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    form["types"][0]["fee"] = json!("275.50");
    let types = form["types"].as_array_mut().unwrap();
    types.push(json!({ "id": null, "mode": "in_person", "name": "Follow-up", "duration_minutes": 10, "buffer_minutes": 5, "fee": "90" }));
    types.push(json!({ "id": foreign, "mode": "video", "name": "Hijacked", "duration_minutes": 10, "buffer_minutes": 0, "fee": "1" }));
    let saved = post_json(&w.a, "/api/doctor/schedule", json!({ "form": form }), Some(&w.doctor_cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let names: Vec<String> = saved.json()["form"]["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap().to_string())
        .collect();
    assert!(names.contains(&"Follow-up".to_string()) && !names.contains(&"Hijacked".to_string()), "{names:?}");
    assert_eq!(saved.json()["form"]["types"][0]["id"], consult, "an edit keeps the type's identity");
    assert_eq!(saved.json()["form"]["types"][0]["fee"], "275.50");
    let theirs = sqlx::query_scalar!("select name from consultation_types where id = $1", foreign)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    assert_ne!(theirs, "Hijacked", "another doctor's type is untouched");
}

#[sqlx::test]
async fn the_schedule_says_when_patients_can_book_and_why_not(pool: PgPool) {
    let w = world(pool).await;
    // Monday 06:00 in New York with two hours' notice: 09:00 is the first free slot.
    let view = get_with(&w.a, "/api/doctor/schedule", &w.doctor_cookie).await.json();
    assert_eq!(view["next_available"], "Mon 23 Nov, 09:00");

    // Saving the form without any weekly hours: nothing bookable, and the answer says so at once.
    let mut form = view["form"].clone();
    form["intervals"] = json!([]);
    let saved = post_json(&w.a, "/api/doctor/schedule", json!({ "form": form }), Some(&w.doctor_cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.json()["next_available"].is_null(), "{}", saved.body);
}
