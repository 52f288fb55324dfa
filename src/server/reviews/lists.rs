//! Reading reviews: a doctor's rating summary and visible reviews a page at a time (the public doctor page),
//! and the doctor's own list with hidden ones and their replies.

use chrono::{DateTime, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::model::review::{
    author_label, ManagedReview, RatingSummary, ReviewPage, ReviewReply, ReviewSort, ReviewView, REVIEWS_PER_PAGE,
};

/// The rating summary of `doctor` (empty when they have no visible reviews).
pub async fn summary(db: &PgPool, doctor: Uuid) -> Result<RatingSummary, sqlx::Error> {
    let row = sqlx::query!(
        r#"select review_count, average::float8 as "average", distribution, waiting_avg::float8 as "waiting",
                  manner_avg::float8 as "manner", explanation_avg::float8 as "explanation"
           from review_summaries where doctor_id = $1"#,
        doctor
    )
    .fetch_optional(db)
    .await?;
    Ok(row
        .map(|r| {
            let mut distribution = [0; 5];
            for (slot, n) in distribution.iter_mut().zip(r.distribution) {
                *slot = n;
            }
            RatingSummary {
                count: r.review_count,
                average: r.average,
                distribution,
                waiting: r.waiting,
                manner: r.manner,
                explanation: r.explanation,
            }
        })
        .unwrap_or_default())
}

/// Page `page` (from 1) of the visible reviews of `doctor`, in `sort` order.
pub async fn page(db: &PgPool, doctor: Uuid, sort: ReviewSort, page: i64) -> Result<ReviewPage, sqlx::Error> {
    let page = page.clamp(1, 10_000);
    let rows = sqlx::query_as!(
        ReviewRow,
        r#"select r.id, u.full_name, r.anonymous, r.stars, r.waiting, r.manner, r.explanation, r.body,
                  r.created_at, r.edited_at is not null as "edited!", r.helpful, r.reply, r.replied_at
           from reviews r join users u on u.id = r.patient_id
           where r.doctor_id = $1 and r.hidden_at is null
           order by case when $2 then r.helpful end desc nulls last, r.created_at desc, r.id desc
           limit $3 offset $4"#,
        doctor,
        sort == ReviewSort::Helpful,
        REVIEWS_PER_PAGE + 1,
        (page - 1) * REVIEWS_PER_PAGE
    )
    .fetch_all(db)
    .await?;
    let more = rows.len() as i64 > REVIEWS_PER_PAGE;
    let reviews = rows.into_iter().take(REVIEWS_PER_PAGE as usize).map(ReviewView::from).collect();
    Ok(ReviewPage { reviews, page, more })
}

/// A review as read from the database, before it is shown.
struct ReviewRow {
    id: Uuid,
    full_name: String,
    anonymous: bool,
    stars: i16,
    waiting: Option<i16>,
    manner: Option<i16>,
    explanation: Option<i16>,
    body: String,
    created_at: DateTime<Utc>,
    edited: bool,
    helpful: i32,
    reply: Option<String>,
    replied_at: Option<DateTime<Utc>>,
}

impl From<ReviewRow> for ReviewView {
    fn from(r: ReviewRow) -> Self {
        let day = |at: DateTime<Utc>| at.format("%Y-%m-%d").to_string();
        ReviewView {
            id: r.id,
            author: author_label(&r.full_name, r.anonymous),
            stars: r.stars,
            waiting: r.waiting,
            manner: r.manner,
            explanation: r.explanation,
            body: r.body,
            date: day(r.created_at),
            edited: r.edited,
            helpful: r.helpful,
            reply: r.reply.zip(r.replied_at).map(|(body, at)| ReviewReply { body, date: day(at) }),
        }
    }
}

/// Reviews of the doctor whose account is `doctor_user` (hidden ones too, with why), newest first, 20 a page.
pub async fn for_doctor(db: &PgPool, doctor_user: Uuid, page: i64) -> Result<Vec<ManagedReview>, sqlx::Error> {
    managed(db, Some(doctor_user), false, page).await
}

/// Reviews for moderators: those with open reports (oldest report first), or the hidden ones (`hidden`).
pub async fn for_moderation(db: &PgPool, hidden: bool, page: i64) -> Result<Vec<ManagedReview>, sqlx::Error> {
    managed(db, None, !hidden, page).await
}

async fn managed(
    db: &PgPool,
    doctor_user: Option<Uuid>,
    reported_only: bool,
    page: i64,
) -> Result<Vec<ManagedReview>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select r.id, u.full_name, r.anonymous, r.stars, r.waiting, r.manner, r.explanation, r.body,
                  r.created_at, r.edited_at is not null as "edited!", r.helpful, r.reply, r.replied_at,
                  r.hidden_reason, du.full_name as doctor_name,
                  coalesce(array_agg(rr.reason order by rr.created_at) filter (where rr.id is not null), '{}')
                      as "report_reasons!",
                  coalesce(array_agg(to_char(rr.created_at, 'YYYY-MM-DD') order by rr.created_at)
                      filter (where rr.id is not null), '{}') as "report_dates!"
           from reviews r
           join users u on u.id = r.patient_id
           join doctors d on d.id = r.doctor_id
           join users du on du.id = d.user_id
           left join review_reports rr on rr.review_id = r.id and rr.resolved_at is null
           where ($1::uuid is null or d.user_id = $1)
             and ($1::uuid is not null or $2 or r.hidden_at is not null)
           group by r.id, u.full_name, du.full_name
           having not $2 or count(rr.id) > 0
           order by min(rr.created_at) nulls last, r.created_at desc, r.id desc
           limit 20 offset $3"#,
        doctor_user,
        reported_only,
        (page.clamp(1, 10_000) - 1) * 20
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| ManagedReview {
            review: ReviewRow {
                id: r.id,
                full_name: r.full_name,
                anonymous: r.anonymous,
                stars: r.stars,
                waiting: r.waiting,
                manner: r.manner,
                explanation: r.explanation,
                body: r.body,
                created_at: r.created_at,
                edited: r.edited,
                helpful: r.helpful,
                reply: r.reply,
                replied_at: r.replied_at,
            }
            .into(),
            doctor_name: r.doctor_name,
            hidden_reason: r.hidden_reason,
            reports: r.report_reasons.into_iter().zip(r.report_dates).collect(),
        })
        .collect())
}
