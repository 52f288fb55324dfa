//! The directory search: typo-tolerant full text (tsvector + a trigram-indexed vocabulary) with filters,
//! sorting and a capped count, over approved doctors only.

use sqlx::PgPool;

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
}

/// Turn the words of `q` into a tsquery: each word matches as a prefix; a word no indexed term starts with
/// also matches its closest vocabulary words ("cardiolgy" → `cardiolgy:* | cardiology`).
pub async fn compile(db: &PgPool, q: &str) -> Result<CompiledQuery, sqlx::Error> {
    let words = query_terms(q);
    if words.is_empty() {
        return Ok(CompiledQuery::default());
    }
    let rows = sqlx::query!(
        r#"select w.word as "word!",
                  exists(select 1 from search_terms t where t.term like w.word || '%') as "known!",
                  coalesce((select array_agg(x.term order by x.sim desc, x.term)
                            from (select t.term, similarity(t.term, w.word) as sim
                                  from search_terms t where t.term % w.word
                                  order by sim desc, t.term limit 2) x
                            where x.sim >= $2), '{}') as "fixes!"
           from unnest($1::text[]) with ordinality as w(word, n)
           order by w.n"#,
        &words,
        MIN_SIMILARITY
    )
    .fetch_all(db)
    .await?;
    let mut corrections = Vec::new();
    let clauses: Vec<String> = rows
        .into_iter()
        .map(|r| {
            // Words are [a-z0-9]+ (query_terms guarantees it), so they are safe tsquery lexemes.
            let mut alts = vec![format!("{}:*", r.word)];
            if !r.known {
                if let Some(best) = r.fixes.first() {
                    corrections.push((r.word.clone(), best.clone()));
                }
                alts.extend(r.fixes);
            }
            format!("({})", alts.join(" | "))
        })
        .collect();
    Ok(CompiledQuery { tsquery: Some(clauses.join(" & ")), folded: words.join(" "), corrections })
}

/// One page of approved doctors matching `s`.
pub async fn search(db: &PgPool, s: &DoctorSearch) -> Result<SearchResults, sqlx::Error> {
    let compiled = compile(db, &s.q).await?;
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    let (lat, lng) = s.near.map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let fee_max = s.fee_max.map(|f| f as i32 * 100);
    let offset = (i64::from(s.page) - 1) * PER_PAGE;
    let (specialty, city, area, mode, gender, lang) =
        (opt(&s.specialty), opt(&s.city), opt(&s.area), opt(&s.mode), opt(&s.gender), opt(&s.lang));
    let sort = s.sort.as_str();
    let (doctors, total) = tokio::try_join!(
        sqlx::query_as!(
            DoctorSummary,
            r#"with q as (select to_tsquery('simple', $1) as tsq)
               select d.slug, d.title || ' ' || u.full_name as "name!", d.gender,
                      s.slug as specialty_slug, s.name as specialty_name, d.city, d.area,
                      d.years_experience, d.fee_minor, d.currency::text as "currency!",
                      d.rating_avg::float8 as rating_avg, d.rating_count, d.offers_video, d.languages,
                      d.online_now, dist.km as distance_km
               from doctors d
               join users u on u.id = d.user_id
               join specialties s on s.id = d.primary_specialty_id
               cross join q
               left join lateral (
                   select min(2 * 6371 * asin(sqrt(power(sin(radians(l.latitude - $10) / 2), 2)
                          + cos(radians($10)) * cos(radians(l.latitude))
                          * power(sin(radians(l.longitude - $11) / 2), 2)))) as km
                   from doctor_locations l
                   where $10::float8 is not null and l.doctor_id = d.id and l.latitude is not null
               ) dist on true
               where d.status = 'approved' and u.is_active
                 and (q.tsq is null or d.search_tsv @@ q.tsq)
                 and ($3::text is null or s.slug = $3)
                 and ($4::text is null or exists (
                        select 1 from doctor_locations l where l.doctor_id = d.id and lower(l.city) = lower($4)
                          and ($5::text is null or lower(l.area) = lower($5))))
                 and ($6::text is null or ($6 = 'video' and d.offers_video) or ($6 = 'in_person' and d.offers_in_person))
                 and ($7::text is null or d.gender = $7)
                 and ($8::text is null or exists (select 1 from unnest(d.languages) x where lower(x) = lower($8)))
                 and ($9::int is null or d.fee_minor <= $9)
                 and ($12::float8 is null or d.rating_avg >= $12::float8::numeric)
               order by
                 case when $13 = 'distance' then dist.km end asc nulls last,
                 case when $13 = 'fee_low' then d.fee_minor end asc,
                 case when $13 = 'fee_high' then d.fee_minor end desc,
                 case when $13 = 'relevance' and q.tsq is not null then (d.search_name = $2) end desc,
                 case when $13 = 'relevance' and q.tsq is not null then ts_rank_cd(d.search_tsv, q.tsq) end desc,
                 d.rating_avg desc nulls last, d.rating_count desc, d.id
               limit $14 offset $15"#,
            compiled.tsquery.as_deref(),
            compiled.folded,
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
        .fetch_all(db),
        count(db, compiled.tsquery.as_deref(), s, fee_max),
    )?;
    Ok(SearchResults { doctors, total, page: s.page, corrections: compiled.corrections })
}

/// How many doctors match, counting at most [`COUNT_CAP`] + 1.
async fn count(db: &PgPool, tsq: Option<&str>, s: &DoctorSearch, fee_max: Option<i32>) -> Result<i64, sqlx::Error> {
    let opt = |v: &str| (!v.is_empty()).then(|| v.to_string());
    sqlx::query_scalar!(
        r#"select count(*) as "n!" from (
               select 1 from doctors d
               join users u on u.id = d.user_id
               join specialties s on s.id = d.primary_specialty_id
               where d.status = 'approved' and u.is_active
                 and ($1::text is null or d.search_tsv @@ to_tsquery('simple', $1))
                 and ($2::text is null or s.slug = $2)
                 and ($3::text is null or exists (
                        select 1 from doctor_locations l where l.doctor_id = d.id and lower(l.city) = lower($3)
                          and ($4::text is null or lower(l.area) = lower($4))))
                 and ($5::text is null or ($5 = 'video' and d.offers_video) or ($5 = 'in_person' and d.offers_in_person))
                 and ($6::text is null or d.gender = $6)
                 and ($7::text is null or exists (select 1 from unnest(d.languages) x where lower(x) = lower($7)))
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

/// Filter choices: specialties, cities with their areas, languages (of approved doctors).
pub async fn facets(db: &PgPool) -> Result<SearchFacets, sqlx::Error> {
    let specialties = sqlx::query!("select slug, name from specialties order by name").fetch_all(db);
    let cities = sqlx::query!(
        r#"select l.city as "city!", array_agg(distinct l.area order by l.area) as "areas!"
           from doctor_locations l join doctors d on d.id = l.doctor_id
           where d.status = 'approved' group by l.city order by l.city limit 200"#
    )
    .fetch_all(db);
    let languages = sqlx::query_scalar!(
        r#"select distinct x as "x!" from doctors d, unnest(d.languages) x where d.status = 'approved'
           order by 1 limit 200"#
    )
    .fetch_all(db);
    let (specialties, cities, languages) = tokio::try_join!(specialties, cities, languages)?;
    Ok(SearchFacets {
        specialties: specialties.into_iter().map(|r| (r.slug, r.name)).collect(),
        cities: cities.into_iter().map(|r| (r.city, r.areas)).collect(),
        languages,
    })
}
