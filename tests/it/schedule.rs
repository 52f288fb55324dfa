//! The doctor's schedule editor over HTTP: the shared rules refuse a bad form field by field, a saved
//! edit keeps a type's identity, new types are added, another doctor's type can't be touched, and the
//! view says from when patients can book (or that they can't); the modes a doctor is listed for follow
//! their active types.

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
    assert_eq!(view["next_available"], format!("{}, 09:00", monday().format("%a %-d %b")));

    // Saving the form without any weekly hours: nothing bookable, and the answer says so at once.
    let mut form = view["form"].clone();
    form["intervals"] = json!([]);
    let saved = post_json(&w.a, "/api/doctor/schedule", json!({ "form": form }), Some(&w.doctor_cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert!(saved.json()["next_available"].is_null(), "{}", saved.body);
}

/// Whether `slug` is among the New York results for `mode`, and the flag its card carries.
async fn listed_for(w: &World, mode: &str, slug: &str) -> Option<bool> {
    let url = format!("/api/doctors/search?query=city%3DNew%20York%26mode%3D{mode}");
    let page = crate::common::get(&w.a, &url).await.json();
    let doctors = page["results"]["doctors"].as_array().unwrap().clone();
    doctors.into_iter().find(|d| d["slug"] == slug).map(|d| d["offers_video"].as_bool().unwrap())
}

#[sqlx::test]
async fn the_modes_a_doctor_offers_follow_their_active_consultation_types(pool: PgPool) {
    let w = world(pool).await;
    let amara = "dr-amara-okafor";
    assert_eq!(listed_for(&w, "video", amara).await, Some(true));

    // Saving the schedule without the video type retires it: no longer found, or labelled, for video.
    let mut form = get_with(&w.a, "/api/doctor/schedule", &w.doctor_cookie).await.json()["form"].clone();
    form["types"].as_array_mut().unwrap().retain(|t| t["mode"] != "video");
    let saved = post_json(&w.a, "/api/doctor/schedule", json!({ "form": form.clone() }), Some(&w.doctor_cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(listed_for(&w, "video", amara).await, None);
    assert_eq!(listed_for(&w, "in_person", amara).await, Some(false));

    // A profile write can't claim video while no video type is active.
    let claim = "update doctors set offers_video = true, offers_in_person = false where id = $1";
    sqlx::query(claim).bind(w.doctor_id).execute(&w.pool).await.unwrap();
    assert_eq!(listed_for(&w, "video", amara).await, None);
    assert_eq!(listed_for(&w, "in_person", amara).await, Some(false));

    // Adding a video type back lists her for video again.
    let video = json!({ "id": null, "mode": "video", "name": "Video call", "duration_minutes": 20, "buffer_minutes": 5, "fee": "150" });
    form["types"].as_array_mut().unwrap().push(video);
    let saved = post_json(&w.a, "/api/doctor/schedule", json!({ "form": form }), Some(&w.doctor_cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(listed_for(&w, "video", amara).await, Some(true));

    // With no active types at all (not bookable), the declared modes stand.
    sqlx::query!("update consultation_types set active = false where doctor_id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    sqlx::query(claim).bind(w.doctor_id).execute(&w.pool).await.unwrap();
    assert_eq!(listed_for(&w, "video", amara).await, Some(true));
    assert_eq!(listed_for(&w, "in_person", amara).await, None);
}
