//! One-word searches read from the ordered postings (`search_postings`, migration 19): a page of the
//! relevance or rating order, and the capped count, from one btree range without visiting doctors' rows.

use sqlx::PgPool;

use crate::model::search::{DoctorSearch, SortKey, COUNT_CAP, PER_PAGE};

/// Whether the postings answer `s` once its text is the one whole indexed word: they hold the text
/// order's keys and the rating, so they serve an unfiltered search sorted by relevance or rating. Any
/// filter, or another sort, needs the doctors' own columns (the text scan).
pub fn answer(s: &DoctorSearch) -> bool {
    !s.has_filters() && matches!(s.sort, SortKey::Relevance | SortKey::Rating)
}

/// The ids of page `s.page` of the listed doctors whose search words include `term`, in the text
/// search's order for `s.sort` (relevance: whole name, text rank, then rating; or rating alone).
pub async fn page(db: &PgPool, term: &str, s: &DoctorSearch) -> Result<Vec<uuid::Uuid>, sqlx::Error> {
    let offset = (i64::from(s.page) - 1) * PER_PAGE;
    if s.sort == SortKey::Rating {
        // All of the word's entries, sorted: still no heap visits (a few thousand index tuples at most).
        sqlx::query_scalar!(
            "select doctor_id from search_postings where term = $1
             order by rating_avg desc nulls last, rating_count desc, doctor_id limit $2 offset $3",
            term,
            PER_PAGE,
            offset
        )
        .fetch_all(db)
        .await
    } else {
        // The index's own order: the first `offset + PER_PAGE` entries of one range.
        sqlx::query_scalar!(
            "select doctor_id from search_postings where term = $1
             order by whole_name desc, rank desc, rating_avg desc nulls last, rating_count desc, doctor_id
             limit $2 offset $3",
            term,
            PER_PAGE,
            offset
        )
        .fetch_all(db)
        .await
    }
}

/// How many listed doctors' search words include `term`, counting at most [`COUNT_CAP`] + 1.
pub async fn count(db: &PgPool, term: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from (select 1 from search_postings where term = $1 limit $2) m"#,
        term,
        COUNT_CAP + 1
    )
    .fetch_one(db)
    .await
}
