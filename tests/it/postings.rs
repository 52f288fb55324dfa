//! One-word searches read from the ordered postings (migration 19): the same doctors, order and count
//! as the text scan, kept in step with names, ratings and listing, and really read from the postings.
#![cfg(feature = "server")]

use crate::common::{get, seed, test_router};
use carebook::model::search::{query_terms, COUNT_CAP};
use sqlx::PgPool;

/// The slugs and total of a `/doctors` query string, through the search server function.
async fn slugs(router: &axum::Router, query: &str) -> (Vec<String>, i64) {
    let encoded = percent_encoding::utf8_percent_encode(query, carebook::model::QUERY_VALUE);
    let res = get(router, &format!("/api/doctors/search?query={encoded}")).await;
    assert_eq!(res.status, 200, "{query}: {}", res.body);
    let r = &res.json()["results"];
    let slugs = r["doctors"].as_array().unwrap().iter().map(|d| d["slug"].as_str().unwrap().to_string()).collect();
    (slugs, r["total"].as_i64().unwrap())
}

/// The definition the postings must reproduce: the text scan over the doctors' own rows, ranked as the
/// directory ranks a one-word query (relevance) or by rating alone. Every match, in order.
async fn text_scan(pool: &PgPool, word: &str, by_rating: bool) -> Vec<String> {
    sqlx::query_scalar(
        "select slug from doctors d
         where d.status = 'approved' and d.listed and d.search_tsv @@ to_tsquery('simple', $1)
         order by case when not $2 then d.search_name = $1 end desc,
                  case when not $2 then ts_rank(d.search_tsv, to_tsquery('simple', $1)) end desc,
                  d.rating_avg desc nulls last, d.rating_count desc, d.id",
    )
    .bind(word)
    .bind(by_rating)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Every one-word query the postings answer: indexed whole words that are not a specialty's name (those
/// search as the specialty filter) nor filler words.
async fn one_word_queries(pool: &PgPool) -> Vec<String> {
    let terms: Vec<String> = sqlx::query_scalar(
        "select term from search_terms where term in (select term from search_postings) order by term",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut words = Vec::new();
    for t in terms {
        let compiled = carebook::server::db::search::compile(pool, &t).await.unwrap();
        if query_terms(&t) == std::slice::from_ref(&t) && compiled.specialty.is_none() {
            assert_eq!(compiled.term.as_deref(), Some(t.as_str()), "a whole indexed word");
            words.push(t);
        }
    }
    words
}

/// Pages 1 and 2 of `word` sorted by relevance and by rating match the text scan, and so does the total.
async fn assert_same_as_text_scan(pool: &PgPool, router: &axum::Router, word: &str) {
    for by_rating in [false, true] {
        let expected = text_scan(pool, word, by_rating).await;
        let sort = if by_rating { "&sort=rating" } else { "" };
        let (first, total) = slugs(router, &format!("q={word}{sort}")).await;
        let (second, _) = slugs(router, &format!("q={word}{sort}&page=2")).await;
        let end = expected.len().min(40);
        assert_eq!([first, second].concat(), expected[..end], "{word}{sort}: pages 1–2");
        assert_eq!(total, (expected.len() as i64).min(COUNT_CAP + 1), "{word}{sort}: total");
    }
}

#[sqlx::test]
async fn one_word_searches_rank_as_the_text_scan_before_and_after_ratings_names_and_listing_change(pool: PgPool) {
    seed(&pool).await;
    carebook::server::seed::bench::doctors(&pool, 600).await.unwrap();
    let router = test_router(pool.clone());
    let words = one_word_queries(&pool).await;
    assert!(words.len() > 100, "the demo and bench vocabularies: {}", words.len());
    for w in &words {
        assert_same_as_text_scan(&pool, &router, w).await;
    }
    // Some word must span both pages for the comparison to test the order past the first page.
    let (_, okafor_total) = slugs(&router, "q=okafor").await;
    let widest: i64 = sqlx::query_scalar("select count(*) from search_postings group by term order by 1 desc limit 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(widest > 40 && okafor_total >= 1, "widest word: {widest}");

    // Ratings reshuffle, some doctors are suspended or deactivated, some renamed: the keys follow.
    sqlx::raw_sql(
        "update doctors set rating_avg = case when hashint8(rating_count) % 7 = 0 then null
                                              else (10 + abs(hashint8(rating_count + 1)) % 41)::numeric / 10 end,
                            rating_count = abs(hashint8(rating_count + 2)) % 300
         where registration_no like 'BENCH-%';
         update doctors set status = 'suspended' where registration_no like 'BENCH-%' and abs(hashint8(fee_minor)) % 9 = 0;
         update users set is_active = false
          where id in (select user_id from doctors where registration_no like 'BENCH-%' and years_experience % 11 = 0);
         update users set full_name = full_name || ' Okafor'
          where id in (select user_id from doctors where registration_no like 'BENCH-%' and years_experience % 13 = 0);",
    )
    .execute(&pool)
    .await
    .unwrap();
    for w in &words {
        assert_same_as_text_scan(&pool, &router, w).await;
    }
    let (_, renamed_total) = slugs(&router, "q=okafor").await;
    assert!(renamed_total > okafor_total, "renamed doctors are found by their new name");
}

/// The one-word page is read from the postings, not from the doctors' rows: with a doctor's postings
/// gone she drops out of it (while the text scan, under a filter, still finds her), and a write to one
/// of her keys brings them back.
#[sqlx::test]
async fn a_one_word_search_reads_the_postings_which_a_key_change_rewrites(pool: PgPool) {
    seed(&pool).await;
    let router = test_router(pool.clone());
    let okafor = "dr-amara-okafor".to_string();
    assert_eq!(slugs(&router, "q=okafor").await, (vec![okafor.clone()], 1));
    sqlx::query("delete from search_postings where doctor_id = (select id from doctors where slug = $1)")
        .bind(&okafor)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(slugs(&router, "q=okafor").await, (vec![], 0));
    assert_eq!(slugs(&router, "q=okafor&mode=in_person").await.0, vec![okafor.clone()]);
    // An update that changes no key (activity) leaves the postings alone; a rating change rewrites them.
    sqlx::query("update doctors set last_active_at = $2 where slug = $1")
        .bind(&okafor)
        .bind(chrono::Utc::now())
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(slugs(&router, "q=okafor").await.1, 0);
    sqlx::query("update doctors set rating_count = rating_count + 1 where slug = $1")
        .bind(&okafor)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(slugs(&router, "q=okafor").await, (vec![okafor.clone()], 1));
    // Leaving the directory removes them; only listed, approved doctors have postings.
    sqlx::query("update doctors set status = 'suspended' where slug = $1").bind(&okafor).execute(&pool).await.unwrap();
    let left: i64 = sqlx::query_scalar(
        "select count(*) from search_postings p join doctors d on d.id = p.doctor_id
         where not (d.status = 'approved' and d.listed) or d.slug = $1",
    )
    .bind(&okafor)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
}
