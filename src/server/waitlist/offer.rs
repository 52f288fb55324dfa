//! Offering a freed slot (the `waitlist.offer` job): for each slot of the doctor that is free again inside
//! the freed time, the longest-waiting entry that matches it (mode, day, time of day, never offered this
//! slot before) gets it held for 30 minutes — an ordinary hold under the exclusion constraints, so nobody
//! else can take it meanwhile — and is told in the app and by email. Entries are claimed `for update skip
//! locked` on the job's transaction, so two instances never offer one entry or one slot twice.

use chrono::{DateTime, Duration, Timelike, Utc};
use sqlx::{Acquire, PgConnection};
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::{ConsultationMode, ConsultationType};
use crate::model::money::Currency;
use crate::model::waitlist::{time_bit, OFFER_MINUTES};
use crate::server::booking::links::Purpose;
use crate::server::booking::{OPEN_HOLDS, PATIENT_OVERLAP};
use crate::server::scheduling::rules;
use crate::server::scheduling::slots::{Rules, Slot};
use crate::server::{mail, notify, AppState};

/// Offer the free slots of `doctor` that start inside `from`..`to` to waiting patients (on the job's `conn`).
pub async fn run(
    state: &AppState,
    conn: &mut PgConnection,
    doctor: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<usize, AppError> {
    let now = state.clock.now();
    let Some(doctor) = rules::doctor(&state.db, doctor).await? else { return Ok(0) };
    let types = rules::types(&state.db, doctor.id).await?;
    let locations = rules::locations(&state.db, doctor.id).await?;
    let mut offered = 0;
    for mode in [ConsultationMode::InPerson, ConsultationMode::Video] {
        // The doctor's first type of each mode, at their first practice for in-person visits.
        let Some(kind) = types.iter().find(|t| t.mode == mode) else { continue };
        let location = (mode == ConsultationMode::InPerson).then(|| locations.first().cloned()).flatten();
        let slot_rules = rules::rules(&state.db, &doctor, kind, location.as_ref().map(|l| l.0), now).await?;
        let (first, last) = (from.with_timezone(&doctor.tz).date_naive(), to.with_timezone(&doctor.tz).date_naive());
        let free = rules::free(&state.db, &doctor, &slot_rules, first, last, now, None).await?;
        let ctx = Offering { doctor: &doctor, kind, location: &location, rules: &slot_rules };
        for slot in free.iter().filter(|s| s.start >= from && s.start < to && s.start > now) {
            if offer_slot(state, conn, &ctx, slot).await? {
                offered += 1;
            }
        }
    }
    Ok(offered)
}

/// What a slot is offered as: the doctor's type of one mode, at a place.
struct Offering<'a> {
    doctor: &'a rules::Doctor,
    kind: &'a ConsultationType,
    location: &'a Option<(i16, String)>,
    rules: &'a Rules,
}

/// Hold `slot` for the longest-waiting entry that matches it and whose patient can take it (one that can't —
/// another visit then, or their limit of open holds — is passed over for the next, up to five), and tell
/// them. Each try is a savepoint on the job's transaction. Whether it was offered.
async fn offer_slot(
    state: &AppState,
    conn: &mut PgConnection,
    ctx: &Offering<'_>,
    slot: &Slot,
) -> Result<bool, AppError> {
    let now = state.clock.now();
    let local = slot.start.with_timezone(&ctx.doctor.tz);
    let mut passed: Vec<Uuid> = Vec::new();
    while passed.len() < 5 {
        let mut sp = conn.begin().await?;
        let entry = sqlx::query!(
            r#"select w.id, w.patient_id from waitlist_entries w
               where w.doctor_id = $1 and w.status = 'waiting' and w.mode = $2
                 and $3::date between w.from_date and w.to_date and (w.times & $4) <> 0
                 and not exists (select 1 from waitlist_offers o where o.entry_id = w.id and o.starts_at = $5)
                 and w.id <> all($6)
               order by w.created_at, w.id
               limit 1
               for update skip locked"#,
            ctx.doctor.id,
            ctx.kind.mode as ConsultationMode,
            local.date_naive(),
            time_bit(local.hour()),
            slot.start,
            &passed
        )
        .fetch_optional(&mut *sp)
        .await?;
        let Some(entry) = entry else { return Ok(false) };
        let until = now + Duration::minutes(OFFER_MINUTES);
        let place = ctx.location.as_ref().map(|l| l.1.clone()).unwrap_or_default();
        // The same queue as a patient's hold on this doctor (`booking::hold`), then the hold itself.
        let held = sqlx::query_scalar!(
            r#"insert into appointments (doctor_id, patient_id, consultation_type_id, mode, place, starts_at,
                                         ends_at, blocked_until, status, hold_expires_at, fee_minor, currency,
                                         idempotency_key, change_reason, location_position)
               select $1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8, 'held', $9, $10, $11, $12, 'Offered from the waitlist', $13
               from (select set_config('carebook.now', $14::timestamptz::text, true),
                            pg_advisory_xact_lock(hashtextextended('hold:' || $1::uuid::text, 0))) x
               returning id"#,
            ctx.doctor.id,
            entry.patient_id,
            ctx.kind.id,
            ctx.kind.mode as ConsultationMode,
            place,
            slot.start,
            slot.end,
            slot.end + ctx.rules.buffer,
            until,
            ctx.kind.fee_minor,
            ctx.kind.currency as Currency,
            format!("waitlist-{}-{}", entry.id, slot.start.timestamp()),
            ctx.location.as_ref().map(|l| l.0),
            now
        )
        .fetch_one(&mut *sp)
        .await;
        let appointment = match held {
            Ok(id) => id,
            Err(e) if matches!(crate::server::db::constraint(&e), Some(PATIENT_OVERLAP | OPEN_HOLDS)) => {
                sp.rollback().await?;
                passed.push(entry.id);
                continue;
            }
            // Taken meanwhile, or the day is full: nobody's.
            Err(e) if crate::server::db::constraint(&e).is_some() => {
                tracing::debug!(entry = %entry.id, "waitlist slot not held: {e}");
                sp.rollback().await?;
                return Ok(false);
            }
            Err(e) => return Err(e.into()),
        };
        sqlx::query!(
            r#"with o as (insert into waitlist_offers (entry_id, starts_at, appointment_id, offered_at)
                      values ($1, $2, $3, $4))
           update waitlist_entries set status = 'offered', offered_appointment_id = $3, updated_at = $4
           where id = $1"#,
            entry.id,
            slot.start,
            appointment,
            now
        )
        .execute(&mut *sp)
        .await?;
        tell(state, &mut sp, entry.patient_id, &ctx.doctor.name, (appointment, slot.start), until).await?;
        sp.commit().await?;
        return Ok(true);
    }
    Ok(false)
}

/// Tell the patient a slot is held for them (in their zone).
async fn tell(
    state: &AppState,
    conn: &mut PgConnection,
    patient: Uuid,
    doctor: &str,
    (held, start): (Uuid, DateTime<Utc>),
    until: DateTime<Utc>,
) -> Result<(), AppError> {
    let p = sqlx::query!(r#"select email::text as "email!", full_name, time_zone from users where id = $1"#, patient)
        .fetch_one(&mut *conn)
        .await?;
    let tz = rules::zone(&p.time_zone);
    let when = start.with_timezone(&tz).format("%A %-d %B at %H:%M");
    let by = until.with_timezone(&tz).format("%H:%M");
    let title = format!("A time with {doctor} opened up");
    let line = format!("{when} ({tz}) is held for you until {by}. Accept it to book, or let it go.");
    notify::in_app(&mut *conn, patient, &title, &line, "/patient/waitlist").await?;
    // One click, no sign-in: the link's page asks before it books or lets go.
    let key = crate::server::booking::links::key(state).await?;
    let link = crate::server::booking::links::url(state, &key, Purpose::Offer, held, start);
    let body = format!(
        "Hello {},\n\nGood news from the waitlist: {line}\n\nAccept or decline: {link}\n\nAll your waitlist \
         entries: {}/patient/waitlist\n\nIf you do nothing, the time goes to the next patient waiting.\n",
        p.full_name, state.config.public_url
    );
    mail::queue(&mut *conn, mail::Message { to: &p.email, subject: &title, body }).await?;
    Ok(())
}
