//! The directory search: typo-tolerant full text (tsvector + a trigram-indexed vocabulary) with filters,
//! sorting and a capped count, over approved doctors only.

use chrono::{DateTime, Utc};
use sqlx::PgPool;

use crate::model::money::Currency;

use super::SearchDb;

use crate::model::search::{query_terms, DoctorSearch, SearchFacets, SearchResults, COUNT_CAP, PER_PAGE};
use crate::model::DoctorSummary;

/// Below this trigram similarity a vocabulary word is not offered as a correction.
const MIN_SIMILARITY: f32 = 0.4;

/// A text query compiled for `to_tsquery('simple', …)`, plus what was corrected.
#[derive(Debug, Default, PartialEq)]
pub struct CompiledQuery {
    pub tsquery: Option<String>,
    /// The folded words, space-joined (compared with the folded name for "exact name first").
    pub folded: String,
    pub corrections: Vec<(String, String)>,
    /// Set when the whole query names a specialty ("cardiology", "obstetrics gynecology"): searched as
    /// that specialty's filter, ranked by rating, which the rating index answers without a text scan.
    pub specialty: Option<String>,
    /// Set when the query is one whole indexed word (no prefix, no correction): the ordered postings can
    /// answer it (see [`super::postings`]).
    pub term: Option<String>,
}

/// Turn the words of `q` into a tsquery: an indexed word matches exactly, any other as a prefix; a word no
/// indexed term even starts with also matches its closest vocabulary words ("cardiolgy" → `cardiolgy:* |
/// cardiology`).
pub async fn compile(db: &PgPool, q: &str) -> Result<CompiledQuery, sqlx::Error> {
    let words = query_terms(q);
    if words.is_empty() {
        return Ok(CompiledQuery::default());
    }
    // One round trip: per word, whether it is indexed (whole or as a prefix) and, if not whole, its
    // closest indexed words; and whether the words, corrected, name a specialty.
    let rows = sqlx::query!(
        r#"with w as (
             select w.word, w.n, exists(select 1 from search_terms t where t.term = w.word) as exact
             from unnest($1::text[]) with ordinality as w(word, n)
           ), r as (
             select w.word, w.n, w.exact,
                    w.exact or exists(select 1 from search_terms t where t.term >= w.word and t.term < w.word || '{') as known,
                    case when w.exact then '{}'::text[] else
                    coalesce((select array_agg(x.term order by x.sim desc, x.term)
                              from (select t.term, similarity(t.term, w.word) as sim
                                    from search_terms t where t.term % w.word
                                    order by sim desc, t.term limit 2) x
                              where x.sim >= $2), '{}') end as fixes
             from w
           )
           select r.word as "word!", r.exact as "exact!", r.known as "known!", r.fixes as "fixes!",
                  (select s.slug from specialties s
                   where s.search_key =
                         (select string_agg(case when r2.exact or cardinality(r2.fixes) = 0 then r2.word
                                                 else r2.fixes[1] end, ' ' order by r2.n) from r r2)) as specialty
           from r order by r.n"#,
        &words,
        MIN_SIMILARITY
    )
    .fetch_all(db)
    .await?;
    let specialty = rows.first().and_then(|r| r.specialty.clone());
    let term = match rows.as_slice() {
        [r] if r.exact => Some(r.word.clone()),
        _ => None,
    };
    let mut corrections = Vec::new();
    let clauses: Vec<String> = rows
        .into_iter()
        .map(|r| {
            // Words are [a-z0-9]+ (query_terms guarantees it), so they are safe tsquery lexemes.
            // A whole indexed word matches exactly (fast); an unfinished one as a prefix.
            let mut alts = vec![if r.exact { r.word.clone() } else { format!("{}:*", r.word) }];
            if !r.known {
                if let Some(best) = r.fixes.first() {
                    corrections.push((r.word.clone(), best.clone()));
                }
                alts.extend(r.fixes);
            }
            format!("({})", alts.join(" | "))
        })
        .collect();
    Ok(CompiledQuery { tsquery: Some(clauses.join(" & ")), folded: words.join(" "), corrections, specialty, term })
}

/// One page of approved doctors matching `s`.
///
/// Three round trips: the query's words (cached plan); the page's ids and the count side by side, either
/// read from the ordered postings (one unfiltered word) or planned for the filters that are set; the
/// page's cards (cached plan), planned apart because planning them with the filters cost more than running
/// them (docs/performance.md).
pub async fn search(db: &SearchDb, s: &DoctorSearch, now: DateTime<Utc>) -> Result<SearchResults, sqlx::Error> {
    let mut compiled = compile(&db.cached, &s.q).await?;
    let mut s = std::borrow::Cow::Borrowed(s);
    if let Some(slug) = compiled.specialty.take() {
        if s.specialty.is_empty() || s.specialty == slug {
            (compiled.tsquery, compiled.term) = (None, None);
            s.to_mut().specialty = slug;
        }
    }
    let s = s.as_ref();
    let tsquery = compiled.tsquery.as_deref();
    let fee_max = s.fee_max.map(|f| f as i32 * 100);
    let (page, total) = match compiled.term.as_deref() {
        Some(term) if super::postings::answer(s) => {
            tokio::try_join!(super::postings::page(&db.cached, term, s), super::postings::count(&db.cached, term))?
        }
        _ => tokio::try_join!(
            scan_page(&db.planned, tsquery, &compiled.folded, s, fee_max),
            count(&db.planned, tsquery, s, fee_max)
        )?,
    };
    let (lat, lng) = s.near.map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let doctors =
        if page.is_empty() { Vec::new() } else { cards(&db.cached, &page, lat, lng, s.mode.as_str(), now).await? };
    Ok(SearchResults { doctors, total, page: s.page, corrections: compiled.corrections })
}

/// The ids of page `s.page` of the text search `tsquery` (`folded`: the query's words, for "exact name
/// first") under `s`'s filters and sort: the doctors' own rows, through whichever index the plan for these
/// values picks (the GIN text index, the rating index, a filter's index).
async fn scan_page(
    db: &PgPool,
    tsquery: Option<&str>,
    folded: &str,
    s: &DoctorSearch,
    fee_max: Option<i32>,
) -> Result<Vec<uuid::Uuid>, sqlx::Error> {
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let (lat, lng) = s.near.map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let offset = (i64::from(s.page) - 1) * PER_PAGE;
    let (specialty, city, area, mode, gender, lang) =
        (opt(&s.specialty), opt(&s.city), opt(&s.area), opt(&s.mode), opt(&s.gender), opt(&s.lang));
    let sort = s.sort.as_str();
    sqlx::query_scalar!(
        // Conditions test the parameters themselves so that, planned for the actual values, unused
        // branches fold away and an ORDER BY on rating alone can walk the rating index.
        r#"select d.id from doctors d
           where d.status = 'approved' and d.listed
             and ($1::text is null or d.search_tsv @@ to_tsquery('simple', $1))
             and ($3::text is null or d.primary_specialty_id = (select id from specialties where slug = $3))
             and ($4::text is null or exists (
                    select 1 from doctor_locations l
                    where l.doctor_id = d.id and carebook_filter_key(l.city) = carebook_filter_key($4)
                      and ($5::text is null or carebook_filter_key(l.area) = carebook_filter_key($5))))
             and ($6::text is null or ($6 = 'video' and d.offers_video) or ($6 = 'in_person' and d.offers_in_person))
             and ($7::text is null or d.gender = $7)
             and ($8::text is null or exists (
                    select 1 from unnest(d.languages) x where carebook_filter_key(x) = carebook_filter_key($8)))
             and ($9::int is null or d.fee_minor <= $9)
             and ($12::float8 is null or d.rating_avg >= $12::float8::numeric)
           order by case when $13 = 'distance' then carebook_distance_km(d.id, $10, $11) end asc nulls last,
                    case when $13 = 'soonest' then carebook_soonest_for($6, d.next_video_at, d.next_in_person_at,
                                                                        d.next_available_at) end asc nulls last,
                    case when $13 = 'fee_low' then d.fee_minor end asc,
                    case when $13 = 'fee_high' then d.fee_minor end desc,
                    case when $13 = 'relevance' and $1::text is not null then d.search_name = $2 end desc,
                    case when $13 = 'relevance' and $1::text is not null
                         then ts_rank(d.search_tsv, to_tsquery('simple', $1)) end desc,
                    d.rating_avg desc nulls last, d.rating_count desc, d.id
           limit $14 offset $15"#,
        tsquery,
        folded,
        specialty,
        city,
        area,
        mode,
        gender,
        lang,
        fee_max,
        lat,
        lng,
        s.rating_min,
        sort,
        PER_PAGE,
        offset,
    )
    .fetch_all(db)
    .await
}

/// The cards of `ids`, in that order (a doctor unlisted since the ids were chosen is left out), with the
/// distance from (`lat`, `lng`) when given, and the soonest slot of consultation `mode` ("video",
/// "in_person"; any other value: of any mode) labelled as seen at `now`. The one query that turns doctors
/// into [`DoctorSummary`]s.
pub async fn cards(
    db: &PgPool,
    ids: &[uuid::Uuid],
    lat: Option<f64>,
    lng: Option<f64>,
    mode: &str,
    now: DateTime<Utc>,
) -> Result<Vec<DoctorSummary>, sqlx::Error> {
    sqlx::query_as!(
        DoctorSummary,
        r#"select d.slug, d.title || ' ' || u.full_name as "name!", d.gender,
                  s.slug as specialty_slug, s.name as specialty_name, d.city, d.area,
                  d.years_experience, d.fee_minor, d.currency as "currency: Currency",
                  d.rating_avg::float8 as rating_avg, d.rating_count, d.offers_video, d.languages,
                  carebook_online_now(d.online_now, d.last_active_at, $5) as "online_now!",
                  carebook_distance_km(d.id, $2, $3) as distance_km,
                  case when u.photo_key is not null then '/media/users/' || u.id || '/photo?v=' || u.photo_key end as photo_url,
                  carebook_next_available_label(
                      carebook_soonest_for($4, d.next_video_at, d.next_in_person_at, d.next_available_at), d.time_zone, $5
                  ) as next_available
           from unnest($1::uuid[]) with ordinality as p(id, n)
           join doctors d on d.id = p.id
           join users u on u.id = d.user_id
           join specialties s on s.id = d.primary_specialty_id
           where d.status = 'approved' and d.listed
           order by p.n"#,
        ids,
        lat,
        lng,
        mode,
        now
    )
    .fetch_all(db)
    .await
}

/// How many doctors match, counting at most [`COUNT_CAP`] + 1.
async fn count(db: &PgPool, tsq: Option<&str>, s: &DoctorSearch, fee_max: Option<i32>) -> Result<i64, sqlx::Error> {
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from (
               select 1 from doctors d
               where d.status = 'approved' and d.listed
                 and ($1::text is null or d.search_tsv @@ to_tsquery('simple', $1))
                 and ($2::text is null or d.primary_specialty_id = (select id from specialties where slug = $2))
                 and ($3::text is null or exists (
                        select 1 from doctor_locations l
                        where l.doctor_id = d.id and carebook_filter_key(l.city) = carebook_filter_key($3)
                          and ($4::text is null or carebook_filter_key(l.area) = carebook_filter_key($4))))
                 and ($5::text is null or ($5 = 'video' and d.offers_video) or ($5 = 'in_person' and d.offers_in_person))
                 and ($6::text is null or d.gender = $6)
                 and ($7::text is null or exists (
                        select 1 from unnest(d.languages) x where carebook_filter_key(x) = carebook_filter_key($7)))
                 and ($8::int is null or d.fee_minor <= $8)
                 and ($9::float8 is null or d.rating_avg >= $9::float8::numeric)
               limit $10) m"#,
        tsq,
        opt(&s.specialty),
        opt(&s.city),
        opt(&s.area),
        opt(&s.mode),
        opt(&s.gender),
        opt(&s.lang),
        fee_max,
        s.rating_min,
        COUNT_CAP + 1,
    )
    .fetch_one(db)
    .await
}

/// Filter choices: specialties, cities and languages (of approved doctors).
pub async fn facets(db: &PgPool) -> Result<SearchFacets, sqlx::Error> {
    let specialties = sqlx::query!("select slug, name from specialties order by name").fetch_all(db);
    let cities = sqlx::query_scalar!(
        r#"select distinct l.city as "city!" from doctor_locations l join doctors d on d.id = l.doctor_id
           where d.status = 'approved' and d.listed order by 1 limit 300"#
    )
    .fetch_all(db);
    let languages = sqlx::query_scalar!(
        r#"select distinct x as "x!" from doctors d, unnest(d.languages) x where d.status = 'approved' and d.listed
           order by 1 limit 200"#
    )
    .fetch_all(db);
    let (specialties, cities, languages) = tokio::try_join!(specialties, cities, languages)?;
    Ok(SearchFacets { specialties: specialties.into_iter().map(|r| (r.slug, r.name)).collect(), cities, languages })
}

/// The areas of one city (compared as filters are, `carebook_filter_key`) where approved doctors practise.
pub async fn areas(db: &PgPool, city: &str) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar!(
        r#"select distinct l.area as "area!" from doctor_locations l join doctors d on d.id = l.doctor_id
           where carebook_filter_key(l.city) = carebook_filter_key($1) and d.status = 'approved' and d.listed
           order by 1 limit 300"#,
        city
    )
    .fetch_all(db)
    .await
}
