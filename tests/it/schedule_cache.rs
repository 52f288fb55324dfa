//! The hold's schedule cache across two app instances: a change written to the database reaches both
//! instances' caches through LISTEN/NOTIFY before it can be booked against, and a lost listener connection
//! empties the cache and subscribes again.

use crate::common::booking::*;
use sqlx::PgPool;

#[sqlx::test]
async fn a_day_off_reaches_both_instances_and_its_slots_can_no_longer_be_held(pool: PgPool) {
    let w = world(pool).await;
    let (_, cookie) = patient(&w, 1).await;
    // Each instance caches the rules it checked a hold against.
    assert_eq!(hold(&w.a, &w, &cookie, w.consult, at(0), "cache-a-0900").await.status, 200);
    assert_eq!(hold(&w.b, &w, &cookie, w.consult, at(30), "cache-b-0930").await.status, 200);
    assert_eq!((w.caches[0].cached(w.doctor_id), w.caches[1].cached(w.doctor_id)), (1, 1));
    // The doctor takes that Monday off, straight in the database (as another instance would write it).
    sqlx::query!("insert into availability_exceptions (doctor_id, on_date) values ($1, $2)", w.doctor_id, monday())
        .execute(&w.pool)
        .await
        .unwrap();
    w.settle().await; // times out unless the trigger's notification evicts the doctor on both instances
    for (router, key) in [(&w.a, "cache-a-1000"), (&w.b, "cache-b-1000")] {
        let refused = hold(router, &w, &cookie, w.consult, at(60), key).await;
        assert_eq!(refused.status, 409, "a slot on a day off: {}", refused.body);
    }
    let held: i64 = sqlx::query_scalar!(
        r#"select count(*) as "n!" from appointments where doctor_id = $1 and status = 'held'"#,
        w.doctor_id
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(held, 2, "only the two holds made before the day off");
}

#[sqlx::test]
async fn changes_to_types_and_settings_evict_only_that_doctor(pool: PgPool) {
    let w = world(pool).await;
    let (_, cookie) = patient(&w, 1).await;
    assert_eq!(hold(&w.a, &w, &cookie, w.consult, at(0), "evict-0900").await.status, 200);
    assert_eq!(w.caches[0].cached(w.doctor_id), 1);
    // A change to another doctor leaves this one's entry alone.
    sqlx::query!(
        "update doctors set min_notice_minutes = min_notice_minutes + 5 where id <> $1 and status = 'approved'",
        w.doctor_id
    )
    .execute(&w.pool)
    .await
    .unwrap();
    // A column holds don't read (the soonest-slot bookkeeping) sends nothing.
    sqlx::query!("update doctors set next_available_stale = true where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    // The type's new length is what the next hold is checked against: 09:45 is off a 30-minute grid.
    sqlx::query!("update consultation_types set duration_minutes = 45, buffer_minutes = 0 where id = $1", w.consult)
        .execute(&w.pool)
        .await
        .unwrap();
    w.settle().await;
    let off_grid = hold(&w.a, &w, &cookie, w.consult, at(60), "evict-1000").await;
    assert_eq!(off_grid.status, 409, "10:00 is not a slot of a 45-minute type: {}", off_grid.body);
    let on_grid = hold(&w.a, &w, &cookie, w.consult, at(90), "evict-1030").await;
    assert_eq!(on_grid.status, 200, "10:30 is: {}", on_grid.body);
    let ends: chrono::DateTime<chrono::Utc> = on_grid.json()["ends_at"].as_str().unwrap().parse().unwrap();
    assert_eq!(ends, at(135), "10:30 + 45 minutes");
}

#[sqlx::test]
async fn a_lost_listener_connection_empties_the_cache_and_subscribes_again(pool: PgPool) {
    let w = world(pool).await;
    let (_, cookie) = patient(&w, 1).await;
    assert_eq!(hold(&w.a, &w, &cookie, w.consult, at(0), "lost-0900").await.status, 200);
    assert_eq!(w.caches[0].cached(w.doctor_id), 1);
    let ended: i64 = sqlx::query_scalar!(
        // Materialized first: a plain WHERE may call pg_terminate_backend before the other tests are filtered out.
        r#"with mine as materialized (
               select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%')
           select count(*) filter (where pg_terminate_backend(pid)) as "n!" from mine"#
    )
    .fetch_one(&w.pool)
    .await
    .unwrap();
    assert_eq!(ended, 2, "one listener per instance");
    // Changes made while nobody listened went unheard: the entry must go, then caching resumes.
    wait_for("the cache to empty", || w.caches[0].cached(w.doctor_id) == 0).await;
    wait_for("a new subscription", || w.caches.iter().all(|c| c.is_listening())).await;
    assert_eq!(hold(&w.a, &w, &cookie, w.consult, at(30), "lost-0930").await.status, 200);
    assert_eq!(w.caches[0].cached(w.doctor_id), 1);
    sqlx::query!("update doctors set horizon_days = horizon_days + 1 where id = $1", w.doctor_id)
        .execute(&w.pool)
        .await
        .unwrap();
    w.settle().await;
}
