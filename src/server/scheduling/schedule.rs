//! The doctor's schedule editor: booking settings, consultation types, weekly intervals, date exceptions,
//! and the private calendar feed. Every function acts on the caller's own doctor profile only.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::ConsultationMode;
use crate::model::money::Currency;
use crate::model::payment::PaymentPolicy;
use crate::model::schedule::{
    parse_fee, parse_hhmm, ExceptionForm, IntervalForm, ScheduleForm, ScheduleView, TypeForm,
};
use crate::server::auth::session::{hash_token, new_token};

/// The caller's doctor id (approved or not: a doctor prepares their schedule before being listed).
pub async fn own_doctor(db: &PgPool, user: Uuid) -> Result<Uuid, AppError> {
    sqlx::query_scalar!("select id from doctors where user_id = $1", user)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound("Doctor profile".into()))
}

fn hhmm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn time(s: &str) -> NaiveTime {
    let m = parse_hhmm(s).unwrap_or(0);
    NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap_or(NaiveTime::MIN)
}

/// The editor's data.
pub async fn view(db: &PgPool, user: Uuid, now: DateTime<Utc>) -> Result<ScheduleView, AppError> {
    let doctor = own_doctor(db, user).await?;
    let d = sqlx::query!(
        r#"select time_zone, approval_required, min_notice_minutes, horizon_days, daily_cap, cancel_cutoff_minutes,
                  currency as "currency: Currency", payment_policy as "payment_policy: PaymentPolicy",
                  refund_percent_before_cutoff, refund_percent_after_cutoff
           from doctors where id = $1"#,
        doctor
    )
    .fetch_one(db)
    .await?;
    let zone = d.time_zone.clone();
    let types = super::rules::types(db, doctor).await?.into_iter().map(TypeForm::from).collect();
    let intervals = sqlx::query!(
        "select weekday, start_time, end_time, location_position from availability_intervals where doctor_id = $1 order by weekday, start_time",
        doctor
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|i| IntervalForm { weekday: i.weekday, start: hhmm(i.start_time), end: hhmm(i.end_time), location: i.location_position })
    .collect();
    let exceptions = sqlx::query!(
        "select on_date, starts, ends, note from availability_exceptions where doctor_id = $1 and on_date >= $2 order by on_date",
        doctor,
        now.with_timezone(&super::rules::zone(&zone)).date_naive()
    )
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|e| ExceptionForm {
        date: e.on_date.format("%Y-%m-%d").to_string(),
        intervals: e.starts.into_iter().zip(e.ends).map(|(a, b)| (hhmm(a), hhmm(b))).collect(),
        note: e.note,
    })
    .collect();
    let feed_active = sqlx::query_scalar!(
        "select exists(select 1 from calendar_feeds where doctor_id = $1 and revoked_at is null)",
        doctor
    )
    .fetch_one(db)
    .await?
    .unwrap_or(false);
    Ok(ScheduleView {
        form: ScheduleForm {
            time_zone: d.time_zone,
            payment_policy: d.payment_policy,
            refund_percent_before_cutoff: d.refund_percent_before_cutoff,
            refund_percent_after_cutoff: d.refund_percent_after_cutoff,
            approval_required: d.approval_required,
            min_notice_minutes: d.min_notice_minutes,
            horizon_days: d.horizon_days,
            daily_cap: d.daily_cap,
            cancel_cutoff_minutes: d.cancel_cutoff_minutes,
            types,
            intervals,
        },
        currency: d.currency,
        locations: super::rules::locations(db, doctor).await?,
        exceptions,
        feed_active,
        next_available: super::soonest::soonest(db, doctor, now)
            .await?
            .any()
            .map(|t| t.with_timezone(&super::rules::zone(&zone)).format("%a %-d %b, %H:%M").to_string()),
    })
}

/// Save settings, types and the weekly schedule in one transaction. Types removed from the form are retired
/// (appointments keep pointing at them), not deleted.
pub async fn save(db: &PgPool, user: Uuid, form: ScheduleForm, now: DateTime<Utc>) -> Result<ScheduleView, AppError> {
    let doctor = own_doctor(db, user).await?;
    let locations = super::rules::locations(db, doctor).await?;
    form.validate(locations.len()).map_err(AppError::Validation)?;
    if form.time_zone.parse::<Tz>().is_err() {
        return Err(AppError::field("time_zone", "That time zone doesn't exist. Try a name like Europe/Berlin."));
    }
    let mut tx = db.begin().await?;
    sqlx::query!(
        r#"update doctors set time_zone = $2, approval_required = $3, min_notice_minutes = $4, horizon_days = $5,
                  daily_cap = $6, cancel_cutoff_minutes = $7, payment_policy = $8,
                  refund_percent_before_cutoff = $9, refund_percent_after_cutoff = $10
           where id = $1"#,
        doctor,
        form.time_zone,
        form.approval_required,
        form.min_notice_minutes,
        form.horizon_days,
        form.daily_cap,
        form.cancel_cutoff_minutes,
        form.payment_policy as PaymentPolicy,
        form.refund_percent_before_cutoff,
        form.refund_percent_after_cutoff
    )
    .execute(&mut *tx)
    .await?;
    let kept: Vec<Uuid> = form.types.iter().filter_map(|t| t.id).collect();
    sqlx::query!(
        "update consultation_types set active = false where doctor_id = $1 and not (id = any($2))",
        doctor,
        &kept
    )
    .execute(&mut *tx)
    .await?;
    for (i, t) in form.types.iter().enumerate() {
        let fee = parse_fee(&t.fee).unwrap_or(0);
        // Known ids are updated in place (only the caller's active types: another doctor's id changes
        // nothing); new ones are inserted.
        sqlx::query!(
            r#"insert into consultation_types (id, doctor_id, mode, name, duration_minutes, buffer_minutes, fee_minor, position)
               values (coalesce($1, gen_random_uuid()), $2, $3, $4, $5, $6, $7, $8)
               on conflict (id) do update set mode = excluded.mode, name = excluded.name,
                   duration_minutes = excluded.duration_minutes, buffer_minutes = excluded.buffer_minutes,
                   fee_minor = excluded.fee_minor, position = excluded.position
               where consultation_types.doctor_id = excluded.doctor_id and consultation_types.active"#,
            t.id,
            doctor,
            t.mode as ConsultationMode,
            t.name.trim(),
            t.duration_minutes,
            t.buffer_minutes,
            fee,
            i as i16
        )
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query!("delete from availability_intervals where doctor_id = $1", doctor).execute(&mut *tx).await?;
    for i in &form.intervals {
        sqlx::query!(
            r#"insert into availability_intervals (doctor_id, location_position, weekday, start_time, end_time)
               values ($1, $2, $3, $4, $5)"#,
            doctor,
            i.location,
            i.weekday,
            time(&i.start),
            time(&i.end)
        )
        .execute(&mut *tx)
        .await?;
    }
    // New hours may hold slots someone is waiting for.
    let horizon = now + chrono::Duration::days(form.horizon_days.into());
    crate::server::waitlist::offer_added_hours(&mut tx, doctor, (now, horizon), now).await?;
    tx.commit().await?;
    view(db, user, now).await
}

/// Offer the free slots of `date` (in the doctor's zone) to the waitlist, in `tx`: its hours changed.
async fn offer_day(
    tx: &mut sqlx::PgConnection,
    doctor: Uuid,
    date: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let span = sqlx::query!(
        r#"select ($2::date::timestamp at time zone time_zone) as "from!",
                  (($2::date + 1)::timestamp at time zone time_zone) as "to!"
           from doctors where id = $1"#,
        doctor,
        date
    )
    .fetch_one(&mut *tx)
    .await?;
    crate::server::waitlist::offer_added_hours(tx, doctor, (span.from, span.to), now).await
}

/// Set the hours of one date (none: a day off), replacing what that date had.
pub async fn save_exception(
    db: &PgPool,
    user: Uuid,
    form: ExceptionForm,
    now: DateTime<Utc>,
) -> Result<ScheduleView, AppError> {
    form.validate().map_err(AppError::Validation)?;
    let doctor = own_doctor(db, user).await?;
    let date =
        NaiveDate::parse_from_str(&form.date, "%Y-%m-%d").map_err(|_| AppError::field("date", "Pick a date."))?;
    let starts: Vec<NaiveTime> = form.intervals.iter().map(|(a, _)| time(a)).collect();
    let ends: Vec<NaiveTime> = form.intervals.iter().map(|(_, b)| time(b)).collect();
    let mut tx = db.begin().await?;
    sqlx::query!(
        r#"insert into availability_exceptions (doctor_id, on_date, starts, ends, note) values ($1, $2, $3, $4, $5)
           on conflict (doctor_id, on_date) do update set starts = excluded.starts, ends = excluded.ends, note = excluded.note"#,
        doctor,
        date,
        &starts,
        &ends,
        form.note.trim()
    )
    .execute(&mut *tx)
    .await?;
    offer_day(&mut tx, doctor, date, now).await?;
    tx.commit().await?;
    view(db, user, now).await
}

/// Drop a date's exception (the weekly hours apply again).
pub async fn delete_exception(
    db: &PgPool,
    user: Uuid,
    date: &str,
    now: DateTime<Utc>,
) -> Result<ScheduleView, AppError> {
    let doctor = own_doctor(db, user).await?;
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| AppError::field("date", "Pick a date."))?;
    let mut tx = db.begin().await?;
    sqlx::query!("delete from availability_exceptions where doctor_id = $1 and on_date = $2", doctor, date)
        .execute(&mut *tx)
        .await?;
    offer_day(&mut tx, doctor, date, now).await?;
    tx.commit().await?;
    view(db, user, now).await
}

/// Create the private feed (revoking any earlier one) and return its token; only the hash is kept.
pub async fn new_feed(db: &PgPool, user: Uuid) -> Result<String, AppError> {
    let doctor = own_doctor(db, user).await?;
    let token = new_token();
    let mut tx = db.begin().await?;
    sqlx::query!("update calendar_feeds set revoked_at = now() where doctor_id = $1 and revoked_at is null", doctor)
        .execute(&mut *tx)
        .await?;
    sqlx::query!("insert into calendar_feeds (doctor_id, token_hash) values ($1, $2)", doctor, hash_token(&token))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(token)
}

/// Revoke the feed: its URL stops working at once.
pub async fn revoke_feed(db: &PgPool, user: Uuid) -> Result<(), AppError> {
    let doctor = own_doctor(db, user).await?;
    sqlx::query!("update calendar_feeds set revoked_at = now() where doctor_id = $1 and revoked_at is null", doctor)
        .execute(db)
        .await?;
    Ok(())
}

/// The doctor behind a live feed token: (doctor id, doctor's user id).
pub async fn feed_owner(db: &PgPool, token: &str) -> Result<Option<(Uuid, Uuid)>, sqlx::Error> {
    let row = sqlx::query!(
        r#"select f.doctor_id, d.user_id from calendar_feeds f join doctors d on d.id = f.doctor_id
           where f.token_hash = $1 and f.revoked_at is null"#,
        hash_token(token)
    )
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| (r.doctor_id, r.user_id)))
}
