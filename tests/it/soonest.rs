//! Soonest availability: the stored first free slot follows bookings, cancellations and days off (through
//! the triggers and the job), two instances never recompute the same doctor at once, and the directory
//! sorts by it.

use std::collections::HashSet;

use carebook::server::clock::Clock;
use carebook::server::scheduling::soonest;
use chrono::{DateTime, Duration, TimeZone, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::booking::*;
use crate::common::{get, post_json};

async fn stored(w: &World) -> (Option<DateTime<Utc>>, bool) {
    let r = sqlx::query!("select next_available_at, next_available_stale from doctors where id = $1", w.doctor_id)
        .fetch_one(&w.pool)
        .await
        .unwrap();
    (r.next_available_at, r.next_available_stale)
}

/// The first slot the booking widget offers for one type (an independent path through the slot rules).
async fn first_offer(w: &World, kind: Uuid) -> DateTime<Utc> {
    let url = format!("/api/doctors/availability/dr-amara-okafor?type_id={kind}&from={}&tz=UTC", day(0));
    let a = get(&w.a, &url).await.json();
    let slot = a["days"].as_array().unwrap().iter().flat_map(|d| d["slots"].as_array().unwrap()).next().unwrap();
    slot["start"].as_str().unwrap().parse().unwrap()
}

async fn refresh_all(pool: &PgPool, now: DateTime<Utc>) {
    while !soonest::refresh(pool, now).await.unwrap().is_empty() {}
}

#[sqlx::test]
async fn the_soonest_slot_follows_bookings_cancellations_and_days_off(pool: PgPool) {
    let w = world(pool).await;
    let now = w.clock.now();
    refresh_all(&w.pool, now).await;
    // Monday 06:00 with two hours' notice: 09:00 is the first slot of both types.
    assert_eq!(stored(&w).await, (Some(at(0)), false));

    // A booking hours later cannot move it (a slot and its buffer span at most 6 hours): nothing is marked.
    let (_, p1) = patient(&w, 1).await;
    book(&w, &p1, w.consult, at(390)).await;
    assert_eq!(stored(&w).await, (Some(at(0)), false));

    // Taking the soonest slot marks the doctor; the job moves it to what the booking widget offers.
    let (_, p2) = patient(&w, 2).await;
    let taken = book(&w, &p2, w.consult, at(0)).await;
    assert!(stored(&w).await.1, "booking the soonest slot marks the doctor stale");
    refresh_all(&w.pool, now).await;
    let expected = first_offer(&w, w.consult).await.min(first_offer(&w, w.video).await);
    assert!(expected > at(0) && expected < at(60), "{expected}");
    assert_eq!(stored(&w).await, (Some(expected), false));

    // Cancelling it frees 09:00 again.
    let id = taken["id"].as_str().unwrap();
    let body = serde_json::json!({ "reason": "Feeling better" });
    assert_eq!(post_json(&w.a, &format!("/api/appointments/{id}/cancel"), body, Some(&p2)).await.status, 200);
    assert!(stored(&w).await.1);
    refresh_all(&w.pool, now).await;
    assert_eq!(stored(&w).await, (Some(at(0)), false));

    // A day off on Monday: Tuesday 09:00.
    sqlx::query!("insert into availability_exceptions (doctor_id, on_date) values ($1, $2)", w.doctor_id, monday())
        .execute(&w.pool)
        .await
        .unwrap();
    assert!(stored(&w).await.1);
    refresh_all(&w.pool, now).await;
    assert_eq!(stored(&w).await, (Some(at(24 * 60)), false));

    // Time passing makes a stored slot due again without any mark.
    let later = at(24 * 60) + Duration::minutes(1);
    let due = soonest::refresh(&w.pool, later).await.unwrap();
    assert!(due.contains(&w.doctor_id));
}

#[sqlx::test]
async fn two_instances_never_recompute_the_same_doctor(pool: PgPool) {
    let w = world(pool).await;
    let now = w.clock.now();
    let eligible: HashSet<Uuid> = sqlx::query_scalar!(
        r#"select id as "id!" from doctors d where status = 'approved' and listed
             and exists (select 1 from consultation_types t where t.doctor_id = d.id and t.active)"#
    )
    .fetch_all(&w.pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert!(eligible.len() > 5, "the seed has bookable doctors");
    let second = sqlx::postgres::PgPoolOptions::new().connect_with((*w.pool.connect_options()).clone()).await.unwrap();
    let (a, b) = tokio::join!(soonest::refresh(&w.pool, now), soonest::refresh(&second, now));
    let (a, b): (HashSet<Uuid>, HashSet<Uuid>) = (a.unwrap().into_iter().collect(), b.unwrap().into_iter().collect());
    assert!(a.is_disjoint(&b), "a doctor was claimed twice");
    assert_eq!(&a | &b, eligible);
    // Nothing is due until something changes (or time passes).
    assert!(soonest::refresh(&w.pool, now).await.unwrap().is_empty());
    let unset: i64 = sqlx::query_scalar!(
        r#"select count(*) as "n!" from doctors where id = any($1) and next_available_at is null"#,
        &eligible.into_iter().collect::<Vec<_>>()
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(unset, 0, "every seeded schedule has a free slot within its horizon");
}

#[sqlx::test]
async fn the_directory_sorts_by_soonest_availability(pool: PgPool) {
    let w = world(pool).await;
    refresh_all(&w.pool, w.clock.now()).await;
    // New York's doctors all start at 09:00 on Monday; give one a day off then, another no hours at all.
    let ny: Vec<Uuid> = sqlx::query_scalar!(
        "select id from doctors where city = 'New York' and slug <> 'dr-amara-okafor' order by slug limit 2"
    )
    .fetch_all(&w.pool)
    .await
    .unwrap();
    sqlx::query!("insert into availability_exceptions (doctor_id, on_date) values ($1, $2)", ny[0], monday())
        .execute(&w.pool)
        .await
        .unwrap();
    sqlx::query!("delete from availability_intervals where doctor_id = $1", ny[1]).execute(&w.pool).await.unwrap();
    refresh_all(&w.pool, w.clock.now()).await;
    let page = get(&w.a, "/api/doctors/search?query=city%3DNew%20York%26sort%3Dsoonest").await.json();
    let slugs: Vec<String> = page["results"]["doctors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["slug"].as_str().unwrap().to_string())
        .collect();
    assert!(!slugs.is_empty());
    let order = sqlx::query!(
        "select slug, next_available_at from doctors where slug = any($1) order by array_position($1, slug)",
        &slugs
    )
    .fetch_all(&w.pool)
    .await
    .unwrap();
    let times: Vec<Option<DateTime<Utc>>> = order.iter().map(|r| r.next_available_at).collect();
    let mut sorted = times.clone();
    sorted.sort_by_key(|t| (t.is_none(), *t));
    assert_eq!(times, sorted, "soonest first, nothing-free last: {slugs:?}");
    assert_eq!(times.first().unwrap(), &Some(at(0)));
    assert_eq!(times.iter().filter(|t| **t == Some(at(24 * 60))).count(), 1, "the doctor off on Monday: Tuesday");
    assert_eq!(times.last().unwrap(), &None, "the doctor without hours comes last");
    let labels: Vec<bool> =
        page["results"]["doctors"].as_array().unwrap().iter().map(|d| d["next_available"].is_string()).collect();
    assert_eq!(labels, times.iter().map(|t| t.is_some_and(|t| t > w.clock.now())).collect::<Vec<_>>());
}

#[sqlx::test]
async fn slot_labels_name_today_tomorrow_or_the_date_as_seen_at_the_apps_now(pool: PgPool) {
    // The app's now, late on a Dhaka evening (the database's own clock is never asked).
    let evening = monday().and_hms_opt(22, 30, 0).unwrap();
    let now = chrono_tz::Asia::Dhaka.from_local_datetime(&evening).unwrap().with_timezone(&Utc);
    let r = sqlx::query!(
        r#"select carebook_next_available_label($1::timestamptz + interval '30 minutes', 'Asia/Dhaka', $1) as today,
                  carebook_next_available_label($1::timestamptz + interval '2 hours', 'Asia/Dhaka', $1) as tomorrow,
                  carebook_next_available_label($1::timestamptz - interval '1 minute', 'UTC', $1) as past,
                  carebook_next_available_label(null, 'UTC', $1) as none,
                  carebook_next_available_label('2100-01-05 14:30+00', 'America/New_York', $1) as later"#,
        now
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((r.today.as_deref(), r.tomorrow.as_deref()), (Some("Today, 23:00"), Some("Tomorrow, 00:30")));
    assert_eq!((r.past, r.none), (None, None));
    assert_eq!(r.later.as_deref(), Some("Tue 5 Jan, 09:30"));
}

/// Each result's slug and slot label for a directory query string.
async fn results(w: &World, query: &str) -> Vec<(String, Option<String>)> {
    let encoded = query.replace('=', "%3D").replace('&', "%26").replace(' ', "%20");
    let url = format!("/api/doctors/search?query={encoded}");
    let page = get(&w.a, &url).await.json();
    let doctors = page["results"]["doctors"].as_array().unwrap();
    doctors.iter().map(|d| (d["slug"].as_str().unwrap().into(), d["next_available"].as_str().map(Into::into))).collect()
}

#[sqlx::test]
async fn each_mode_keeps_its_own_soonest_slot_and_a_mode_filter_sorts_and_labels_by_it(pool: PgPool) {
    let w = world(pool).await;
    let now = w.clock.now();
    // A 200-minute video call fits no morning (09:00–12:00): its first slot is Monday 13:00, while a visit in
    // person is still free at 09:00.
    sqlx::query!("update consultation_types set duration_minutes = 200 where id = $1", w.video)
        .execute(&w.pool)
        .await
        .unwrap();
    refresh_all(&w.pool, now).await;
    let video_first = first_offer(&w, w.video).await;
    assert_eq!(video_first, at(240));
    let r = sqlx::query!(
        r#"select next_available_at, next_video_at, next_in_person_at,
                  carebook_next_available_label(next_video_at, time_zone, $2) as video_label,
                  carebook_next_available_label(next_in_person_at, time_zone, $2) as in_person_label
           from doctors where id = $1"#,
        w.doctor_id,
        now
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!((r.next_video_at, r.next_in_person_at, r.next_available_at), (Some(at(240)), Some(at(0)), Some(at(0))));

    // Video + soonest: New York's other video doctors (free at 09:00) come first, and Dr Okafor's card names
    // her first video slot, not the in-person one.
    let video = results(&w, "city=New York&mode=video&sort=soonest").await;
    let slugs: Vec<&str> = video.iter().map(|(s, _)| s.as_str()).collect();
    assert_eq!(slugs.last(), Some(&"dr-amara-okafor"), "{slugs:?}");
    assert!(slugs.len() >= 3 && !slugs.contains(&"dr-daniel-kowalski"), "video doctors only: {slugs:?}");
    assert_eq!(video.last().unwrap().1, r.video_label);
    // In person + soonest: she is free at 09:00 like the rest, and her card names that slot.
    let in_person = results(&w, "city=New York&mode=in_person&sort=soonest").await;
    let amara = in_person.iter().find(|(s, _)| s == "dr-amara-okafor").expect("listed in person");
    assert_eq!(amara.1, r.in_person_label);
    let times = sqlx::query_scalar!(
        "select next_in_person_at from doctors where slug = any($1) order by array_position($1, slug)",
        &in_person.iter().map(|(s, _)| s.clone()).collect::<Vec<_>>()
    )
    .fetch_all(&w.pool)
    .await
    .unwrap();
    assert!(times.windows(2).all(|p| (p[0].is_none(), p[0]) <= (p[1].is_none(), p[1])), "{times:?}");

    // Retiring the video type leaves nothing free by video. Nothing to recheck hourly for that mode then;
    // a mode the doctor offers with nothing free is.
    sqlx::query!("update consultation_types set active = false where id = $1", w.video).execute(&w.pool).await.unwrap();
    refresh_all(&w.pool, now).await;
    let (video_at, any_at) =
        sqlx::query!("select next_video_at, next_available_at from doctors where id = $1", w.doctor_id)
            .fetch_one(&w.pool)
            .await
            .map(|r| (r.next_video_at, r.next_available_at))
            .unwrap();
    assert_eq!((video_at, any_at), (None, Some(at(0))));
    let checked_long_ago = "update doctors set next_available_checked_at = $2 where id = $1";
    sqlx::query(checked_long_ago).bind(w.doctor_id).bind(now - Duration::hours(2)).execute(&w.pool).await.unwrap();
    assert!(!soonest::refresh(&w.pool, now).await.unwrap().contains(&w.doctor_id), "no video type: not rechecked");
    sqlx::query!("update consultation_types set active = true where id = $1", w.video).execute(&w.pool).await.unwrap();
    refresh_all(&w.pool, now).await;
    sqlx::query!("update doctors set next_video_at = null where id = $1", w.doctor_id).execute(&w.pool).await.unwrap();
    sqlx::query(checked_long_ago).bind(w.doctor_id).bind(now - Duration::hours(2)).execute(&w.pool).await.unwrap();
    assert!(soonest::refresh(&w.pool, now).await.unwrap().contains(&w.doctor_id), "nothing free by video: rechecked");
}
