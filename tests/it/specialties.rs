//! Admin management of specialties: create, rename (search follows), uniqueness, admin-only.
#![cfg(feature = "server")]

use crate::common::{demo_sign_in, get, post_json, sign_in, test_router};
use serde_json::json;
use sqlx::PgPool;

#[sqlx::test]
async fn admins_add_and_rename_specialties(pool: PgPool) {
    let router = test_router(pool.clone());
    let patient = demo_sign_in(&router, &pool, "patient").await;
    let admin = sign_in(&router, "admin@carebook.test", carebook::server::seed::DEMO_PASSWORD, false).await;
    let form = json!({ "original": null, "form": { "slug": "", "name": "Sleep Medicine", "description": "Insomnia, apnoea and other sleep disorders." } });

    assert_eq!(post_json(&router, "/api/admin/specialties", form.clone(), Some(&patient)).await.status, 403);
    // The home page's list and the filters are reused for a minute, so read them first: the change must
    // still show at once on this instance.
    let listed = |json: serde_json::Value| json.to_string().contains("sleep-medicine");
    assert!(!listed(get(&router, "/api/home").await.json()));
    assert!(!listed(get(&router, "/api/doctors/facets").await.json()));
    let created = post_json(&router, "/api/admin/specialties", form.clone(), Some(&admin)).await;
    assert_eq!((created.status.as_u16(), created.json()), (200, json!("sleep-medicine")), "{}", created.body);
    let page = get(&router, "/specialties/sleep-medicine").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Insomnia, apnoea"));
    assert!(get(&router, "/sitemap.xml").await.body.contains("/specialties/sleep-medicine"));
    assert!(listed(get(&router, "/api/home").await.json()));
    assert!(listed(get(&router, "/api/doctors/facets").await.json()));

    let again = post_json(&router, "/api/admin/specialties", form, Some(&admin)).await;
    assert_eq!(again.status, 422, "{}", again.body);
    assert!(again.json()["data"]["detail"]["slug"].is_string() || again.json()["data"]["detail"]["name"].is_string());

    // A name that differs only in case, accents or punctuation is refused on the name field.
    let clash = json!({ "original": null, "form": { "slug": "sleep-medicine-2", "name": "SLEEP-MEDICINE", "description": "Again." } });
    let clash = post_json(&router, "/api/admin/specialties", clash, Some(&admin)).await;
    assert_eq!(clash.status, 422, "{}", clash.body);
    assert!(clash.json()["data"]["detail"]["name"].as_str().unwrap().contains("written differently"), "{}", clash.body);

    // A rename reaches the doctors' search text.
    let renamed = json!({ "original": "cardiology", "form": { "slug": "cardiology", "name": "Cardiology and Heart Health", "description": "Hearts." } });
    assert_eq!(post_json(&router, "/api/admin/specialties", renamed, Some(&admin)).await.status, 200);
    let found = get(&router, "/api/doctors/search?query=q%3Dheart%20health%20okafor").await.json();
    assert_eq!(found["results"]["doctors"][0]["name"], "Dr. Amara Okafor", "{found}");
    let audited: i64 = sqlx::query_scalar("select count(*) from audit_log where action like 'specialty.%'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(audited, 2);
}
