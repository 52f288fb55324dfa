//! Directory search over HTTP: relevance, typo tolerance, filters, sorting, stable pagination, and the
//! server-rendered `/doctors`, doctor and specialty pages (JSON-LD, canonical, 404s, sitemap).
#![cfg(feature = "server")]

use crate::common::{get, seed, test_router, title_of};
use sqlx::PgPool;

/// Call the search server function with a `/doctors` query string.
async fn search(router: &axum::Router, query: &str) -> serde_json::Value {
    let encoded = percent_encoding::utf8_percent_encode(query, carebook::model::QUERY_VALUE);
    let res = get(router, &format!("/api/doctors/search?query={encoded}")).await;
    assert_eq!(res.status, 200, "{query}: {}", res.body);
    res.json()["results"].clone()
}

fn names(results: &serde_json::Value) -> Vec<String> {
    results["doctors"].as_array().unwrap().iter().map(|d| d["name"].as_str().unwrap().to_string()).collect()
}

#[sqlx::test]
async fn exact_name_comes_first_and_accents_do_not_matter(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let r = search(&router, "q=mei chen").await;
    assert_eq!(names(&r)[0], "Dr. Mei Chen");
    // Folded both ways: "jose alvarez" finds "José Álvarez", and "Zoë" finds "Zoë Laurent".
    assert_eq!(names(&search(&router, "q=jose alvarez").await), ["Dr. José Álvarez"]);
    assert_eq!(names(&search(&router, "q=Zoë").await), ["Dr. Zoë Laurent"]);
    // Prefixes match while typing.
    assert!(names(&search(&router, "q=okaf").await).contains(&"Dr. Amara Okafor".to_string()));
}

#[sqlx::test]
async fn misspelt_specialty_is_corrected(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let r = search(&router, "q=cardiolgy").await;
    let doctors = r["doctors"].as_array().unwrap();
    assert!(doctors.len() >= 2, "{r}");
    assert!(doctors.iter().all(|d| d["specialty_slug"] == "cardiology"), "{r}");
    assert_eq!(r["corrections"][0], serde_json::json!(["cardiolgy", "cardiology"]));
    // A word that resembles nothing gives an empty page, not an error.
    let none = search(&router, "q=xqzzv").await;
    assert_eq!((none["total"].as_i64(), none["doctors"].as_array().unwrap().len()), (Some(0), 0));
    // Text and area together: "cardiologist" is corrected too, and the area narrows it.
    let r = search(&router, "q=dermatology chelsea").await;
    assert_eq!(names(&r), ["Dr. Mei Chen"]);
}

#[sqlx::test]
async fn filters_narrow_and_sorts_order(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let r = search(&router, "city=New York&area=Chelsea").await;
    assert_eq!(names(&r), ["Dr. Mei Chen"]);
    let r = search(&router, "city=chicago&sort=fee_low").await;
    let fees: Vec<i64> = r["doctors"].as_array().unwrap().iter().map(|d| d["fee_minor"].as_i64().unwrap()).collect();
    assert!(fees.len() >= 5 && fees.windows(2).all(|w| w[0] <= w[1]), "{fees:?}");
    assert!(r["doctors"].as_array().unwrap().iter().all(|d| d["city"] == "Chicago"));
    let r = search(&router, "mode=video&gender=female&lang=spanish&fee_max=150").await;
    for d in r["doctors"].as_array().unwrap() {
        assert_eq!((d["offers_video"].as_bool(), d["gender"].as_str()), (Some(true), Some("female")), "{d}");
        assert!(d["languages"].as_array().unwrap().iter().any(|l| l == "Spanish"));
        assert!(d["fee_minor"].as_i64().unwrap() <= 15_000);
    }
    assert!(!names(&r).is_empty());
    let r = search(&router, "rating_min=4.9&sort=rating").await;
    assert!(r["doctors"].as_array().unwrap().iter().all(|d| d["rating_avg"].as_f64().unwrap() >= 4.9));
    // Nearest first from the Upper East Side, with distances.
    let r = search(&router, "near=40.77,-73.96&sort=distance").await;
    let km: Vec<f64> = r["doctors"].as_array().unwrap().iter().map(|d| d["distance_km"].as_f64().unwrap()).collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]) && km[0] < 10.0, "{km:?}");
    assert_eq!(r["doctors"][0]["city"], "New York");
}

#[sqlx::test]
async fn pagination_is_stable_and_complete(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let first = search(&router, "sort=rating").await;
    let total = first["total"].as_i64().unwrap();
    assert!(total > 20, "need two pages: {total}");
    let again = search(&router, "sort=rating").await;
    assert_eq!(names(&first), names(&again), "same page, same order");
    let second = search(&router, "sort=rating&page=2").await;
    let mut all = names(&first);
    all.extend(names(&second));
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!((all.len() as i64, unique.len() as i64), (total, total), "pages overlap or miss doctors");
}

/// A text query's total is every match, page after page and past the last page (where no card is shown);
/// with a filter beside the text it counts only what passes the filter.
#[sqlx::test]
async fn a_text_querys_total_counts_every_match(pool: PgPool) {
    seed(&pool).await;
    let listed: i64 = sqlx::query_scalar("select count(*) from doctors where status = 'approved' and listed")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(listed > 20, "need two pages: {listed}");
    let router = test_router(pool);
    // Every demo doctor holds an MD.
    let first = search(&router, "q=md").await;
    assert_eq!(first["total"].as_i64(), Some(listed), "{first}");
    let second = search(&router, "q=md&page=2").await;
    assert_eq!(second["total"].as_i64(), Some(listed));
    let mut all = names(&first);
    all.extend(names(&second));
    let unique: std::collections::HashSet<_> = all.iter().collect();
    assert_eq!((all.len() as i64, unique.len() as i64), (listed.min(40), listed.min(40)), "pages overlap or miss");
    // Past the last page: no cards, and the count still comes back.
    let beyond = search(&router, "q=md&page=9").await;
    assert_eq!((beyond["total"].as_i64(), names(&beyond).len()), (Some(listed), 0));
    // With a filter beside the text.
    let video = search(&router, "q=md&mode=video").await;
    let shown = video["doctors"].as_array().unwrap();
    assert!(shown.iter().all(|d| d["offers_video"] == true), "{video}");
    assert!(video["total"].as_i64().unwrap() < listed && video["total"].as_i64().unwrap() >= shown.len() as i64);
}

#[sqlx::test]
async fn directory_page_is_server_rendered_with_results_and_seo_tags(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let res = get(&router, "/doctors?q=cardiolgy&city=New+York").await;
    assert_eq!(res.status, 200);
    assert_eq!(title_of(&res.body), "Doctors in New York matching “cardiolgy” — book online | Carebook");
    assert!(res.body.contains("Dr. Amara Okafor"), "results are in the HTML");
    // `&` is escaped as `&#38;` in the attribute: the canonical URL is the normalised query.
    assert!(res
        .body
        .contains(r#"<link rel="canonical" href="http://127.0.0.1:8080/doctors?q=cardiolgy&#38;city=New%20York""#));
    assert!(res.body.contains(r#"name="description""#) && res.body.contains(r#"property="og:title""#));
    assert!(res.body.contains(r#"action="/doctors""#), "the form works without JavaScript");
    let empty = get(&router, "/doctors?q=xqzzv").await;
    assert!(empty.body.contains("No doctors match this search"));
}

#[sqlx::test]
async fn doctor_page_embeds_valid_physician_json_ld(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let res = get(&router, "/doctors/dr-amara-okafor").await;
    assert_eq!(res.status, 200);
    assert_eq!(title_of(&res.body), "Dr. Amara Okafor, Cardiology in New York | Carebook");
    let start = res.body.find(r#"type="application/ld+json""#).expect("JSON-LD script");
    let open = res.body[start..].find('>').unwrap() + start + 1;
    let close = res.body[open..].find("</script>").unwrap() + open;
    let ld: serde_json::Value = serde_json::from_str(&res.body[open..close]).expect("valid JSON-LD");
    assert_eq!((ld["@type"].as_str(), ld["medicalSpecialty"].as_str()), (Some("Physician"), Some("Cardiology")));
    // The seed's real reviews: 53 of them, and the page's first ten in `review`, the same as the rows.
    let (count, avg) = sqlx::query_as::<_, (i64, f64)>(
        "select count(*), round(avg(stars), 1)::float8 from reviews r join doctors d on d.id = r.doctor_id
         where d.slug = 'dr-amara-okafor' and r.hidden_at is null",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(count, 53);
    assert_eq!(ld["aggregateRating"]["reviewCount"], count);
    assert_eq!(ld["aggregateRating"]["ratingValue"], format!("{avg:.1}"));
    assert_eq!(ld["review"].as_array().unwrap().len(), 10);
    assert!(res.body.contains(r#"data-testid="rating-summary""#));
    assert_eq!(ld["address"]["addressLocality"], "New York");
    assert!(res.body.contains("Columbia University"), "qualifications are listed");
    assert!(res.body.contains(r#"<link rel="canonical" href="http://127.0.0.1:8080/doctors/dr-amara-okafor""#));

    let missing = get(&router, "/doctors/dr-nobody").await;
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("We couldn&#39;t find that page"));
}

#[sqlx::test]
async fn specialty_pages_and_sitemap(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool);
    let res = get(&router, "/specialties/cardiology").await;
    assert_eq!(res.status, 200);
    assert!(title_of(&res.body).starts_with("Cardiology doctors"));
    assert!(res.body.contains("Dr. Amara Okafor"));
    assert_eq!(get(&router, "/specialties/astrology").await.status, 404);

    let sitemap = get(&router, "/sitemap.xml").await;
    assert_eq!(sitemap.status, 200);
    assert!(sitemap.header("content-type").starts_with("application/xml"));
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/doctors/dr-amara-okafor</loc>"));
    assert!(sitemap.body.contains("<loc>http://127.0.0.1:8080/specialties/cardiology</loc>"));
    let robots = get(&router, "/robots.txt").await;
    assert!(robots.body.contains("Sitemap: http://127.0.0.1:8080/sitemap.xml"));
}

#[sqlx::test]
async fn deactivated_doctors_leave_the_directory_and_come_back(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let set_active = |on: bool| {
        let pool = pool.clone();
        async move {
            sqlx::query("update users set is_active = $1 where email = 'doctor@carebook.test'")
                .bind(on)
                .execute(&pool)
                .await
                .unwrap();
        }
    };
    set_active(false).await;
    assert!(!names(&search(&router, "q=okafor").await).contains(&"Dr. Amara Okafor".to_string()));
    assert_eq!(get(&router, "/doctors/dr-amara-okafor").await.status, 404);
    set_active(true).await;
    assert_eq!(names(&search(&router, "q=okafor").await), ["Dr. Amara Okafor"]);
}

#[sqlx::test]
async fn places_with_query_delimiters_are_offered_and_found(pool: PgPool) {
    use carebook::model::search::filter_value;
    seed(&pool).await;
    // The key the server compares filters by is the browser's rule, lower-cased.
    for s in ["Chelsea & Hudson Yards", "  A+B=C#D\tE  ", "Old Town", "x&&y"] {
        let key: String = sqlx::query_scalar("select carebook_filter_key($1)").bind(s).fetch_one(&pool).await.unwrap();
        assert_eq!(key, filter_value(s).to_lowercase(), "{s:?}");
    }
    sqlx::query("update doctor_locations set area = 'Chelsea & Hudson Yards' where area = 'Chelsea'")
        .execute(&pool)
        .await
        .unwrap();
    let router = test_router(pool);
    // The area select offers the place under its own name, with a value that survives a query string.
    let page = get(&router, "/doctors?city=New+York").await;
    assert!(page.body.contains(r#"value="Chelsea Hudson Yards""#), "option value");
    assert!(page.body.contains("Chelsea &#38; Hudson Yards"), "option label");
    // Filters match in any case, and the form shows the city chosen in another case as chosen.
    let page = get(&router, "/doctors?city=new+york&area=chelsea+hudson+yards").await;
    assert!(page.body.contains("Dr. Mei Chen"), "SSR results");
    assert!(page.body.contains(r#"<option value="New York" selected>"#), "city selected");
    assert!(page.body.contains(r#"value="Chelsea Hudson Yards" selected"#), "area selected");
    // What the plain GET form submits for it (`+` for spaces) finds the doctor, server-rendered…
    let page = get(&router, "/doctors?city=New+York&area=Chelsea+Hudson+Yards").await;
    assert!(page.body.contains("Dr. Mei Chen"), "SSR results");
    // …and so does the search the page runs after hydration, in any case.
    assert_eq!(names(&search(&router, "city=new york&area=chelsea hudson yards").await), ["Dr. Mei Chen"]);
    // A link the app builds from the place as written (a doctor page's "more doctors in…") finds it too.
    let link = carebook::model::search::DoctorSearch {
        city: "New York".into(),
        area: "Chelsea & Hudson Yards".into(),
        ..Default::default()
    };
    assert_eq!(names(&search(&router, &link.to_string()).await), ["Dr. Mei Chen"]);
}

#[sqlx::test]
async fn a_query_naming_a_whole_specialty_searches_that_specialty(pool: PgPool) {
    use carebook::server::db::search::compile;
    seed(&pool).await;
    let slug = |q: &'static str| {
        let pool = pool.clone();
        async move { compile(&pool, q).await.unwrap().specialty }
    };
    // Folded, misspelt or punctuated, the words name the specialty; a part of a name does not.
    assert_eq!(slug("Obstetrics & Gynecology").await.as_deref(), Some("obstetrics-gynecology"));
    assert_eq!(slug("cardiolgy").await.as_deref(), Some("cardiology"));
    assert_eq!(slug("gynecology").await, None);
    // Two names that fold alike cannot both exist, so a query never names two specialties.
    let clash = sqlx::query("insert into specialties (slug, name) values ('zz-cardiology', 'CARDIOLOGY')")
        .execute(&pool)
        .await
        .unwrap_err();
    assert_eq!(clash.as_database_error().and_then(|d| d.constraint()), Some("specialties_search_key_key"));
    // Renamed by an admin, a specialty is found by its new name at once.
    sqlx::query("update specialties set name = 'Heart Care' where slug = 'cardiology'").execute(&pool).await.unwrap();
    assert_eq!(slug("heart care").await.as_deref(), Some("cardiology"));
    assert_eq!(slug("cardiology").await, None);
}
