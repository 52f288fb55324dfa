//! The directory server functions over HTTP: JSON shapes, ordering, and typed errors.
#![cfg(feature = "server")]

use crate::common::{get, seed, test_router};
use sqlx::PgPool;

#[sqlx::test]
async fn home_endpoint_returns_specialties_with_counts_and_stats(pool: PgPool) {
    seed(&pool).await;
    let res = get(&test_router(pool), "/api/home").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let json = res.json();
    let specialties = json["specialties"].as_array().unwrap();
    assert_eq!(specialties.len(), carebook::server::seed::SPECIALTIES.len());
    // Most populated first; counts add up to the number of approved doctors.
    let counts: Vec<i64> = specialties.iter().map(|s| s["doctor_count"].as_i64().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");
    assert_eq!(counts.iter().sum::<i64>(), json["stats"]["doctors"].as_i64().unwrap());
    assert!(json["stats"]["cities"].as_i64().unwrap() >= 5);
}

#[sqlx::test]
async fn top_doctors_filter_by_specialty_and_rank_by_rating(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let res = get(&router, "/api/doctors/top?specialty=cardiology").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let list = res.json();
    let list = list.as_array().unwrap();
    assert!(!list.is_empty());
    assert!(list.iter().all(|d| d["specialty_slug"] == "cardiology"));
    assert_eq!(list[0]["name"], "Dr. Amara Okafor", "the featured, best-rated cardiologist leads");

    let all = get(&router, "/api/doctors/top").await.json();
    assert_eq!(all.as_array().unwrap().len(), carebook::api::doctors::TOP_DOCTORS as usize);

    let unknown = get(&router, "/api/doctors/top?specialty=astrology").await;
    assert_eq!((unknown.status.as_u16(), unknown.body.as_str()), (200, "[]"));
}

#[sqlx::test]
async fn malformed_specialty_gets_a_typed_validation_error(pool: PgPool) {
    let res = get(&test_router(pool), "/api/doctors/top?specialty=Not%20A%20Slug").await;
    assert_eq!(res.status, 422, "{}", res.body);
    let body = res.json();
    assert_eq!(body["data"]["kind"], "validation", "{body}");
    assert!(body["data"]["detail"]["specialty"].is_string(), "{body}");
    assert!(!res.body.to_lowercase().contains("sql"));
}
