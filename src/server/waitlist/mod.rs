//! The waitlist from the patient's side: join (one open entry per doctor), see entries and any slot held
//! for them, accept (books the held slot through the normal confirmation), decline or leave (lets it go,
//! which offers it to the next). Offering is `offer`, a job the database enqueues when a slot frees.

pub mod offer;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::booking::{AppointmentView, BookingForm, ConsultationMode};
use crate::model::waitlist::{WaitlistEntry, WaitlistForm, WaitlistOffer, WaitlistStatus};
use crate::model::Role;
use crate::server::booking::{self, Caller};
use crate::server::scheduling::rules;
use crate::server::AppState;

/// Join doctor `form.doctor_id`'s waitlist (or change the open entry already there).
pub async fn join(state: &AppState, patient: Uuid, form: &WaitlistForm) -> Result<Uuid, AppError> {
    let doctor = rules::doctor(&state.db, form.doctor_id).await?.ok_or_else(|| AppError::NotFound("Doctor".into()))?;
    if doctor.user_id == patient {
        return Err(AppError::BadRequest("You can't join your own waitlist.".into()));
    }
    let now = state.clock.now();
    let (from, to) = form.validate(now.with_timezone(&doctor.tz).date_naive()).map_err(AppError::Validation)?;
    let offered = rules::types(&state.db, doctor.id).await?.iter().any(|t| t.mode == form.mode);
    if !offered {
        return Err(AppError::field("mode", "This doctor does not offer that kind of visit."));
    }
    // An open entry is changed in place (and keeps its place in the queue).
    let id = sqlx::query_scalar!(
        r#"insert into waitlist_entries (doctor_id, patient_id, mode, from_date, to_date, times, created_at, updated_at)
           values ($1, $2, $3, $4, $5, $6, $7, $7)
           on conflict (doctor_id, patient_id) where status in ('waiting', 'offered') do update
               set mode = excluded.mode, from_date = excluded.from_date, to_date = excluded.to_date,
                   times = excluded.times, updated_at = excluded.updated_at
           returning id"#,
        doctor.id,
        patient,
        form.mode as ConsultationMode,
        from,
        to,
        form.times,
        now
    )
    .fetch_one(&state.db)
    .await?;
    Ok(id)
}

/// The patient's entries (open ones first, then the last 20 closed), with any slot held for them.
pub async fn mine(state: &AppState, patient: Uuid, zone: &str) -> Result<Vec<WaitlistEntry>, AppError> {
    let tz: Tz = rules::zone(zone);
    let rows = sqlx::query!(
        r#"select w.id, u.full_name as doctor_name, d.slug, w.mode as "mode: ConsultationMode", w.from_date,
                  w.to_date, w.times, w.status as "status: WaitlistStatus", w.created_at,
                  a.id as "appointment?", a.starts_at as "starts_at?", a.hold_expires_at
           from waitlist_entries w
           join doctors d on d.id = w.doctor_id
           join users u on u.id = d.user_id
           left join appointments a on a.id = w.offered_appointment_id
           where w.patient_id = $1
           order by w.status in ('waiting', 'offered') desc, w.created_at desc
           limit 40"#,
        patient
    )
    .fetch_all(&state.db)
    .await?;
    let label = |at: DateTime<Utc>, f: &str| at.with_timezone(&tz).format(f).to_string();
    Ok(rows
        .into_iter()
        .map(|r| WaitlistEntry {
            id: r.id,
            doctor_name: r.doctor_name,
            doctor_slug: r.slug,
            mode: r.mode,
            from: r.from_date.to_string(),
            to: r.to_date.to_string(),
            times: r.times,
            status: r.status,
            since: r.created_at.format("%Y-%m-%d").to_string(),
            offer: match (r.appointment, r.starts_at, r.hold_expires_at) {
                (Some(appointment_id), Some(start), Some(until)) => Some(WaitlistOffer {
                    appointment_id,
                    when_label: label(start, "%a %-d %b, %H:%M"),
                    until_label: label(until, "%H:%M"),
                }),
                _ => None,
            },
        })
        .collect())
}

/// The slot held for entry `id` of `patient`, if one is (404 for anyone else's entry).
async fn offered(state: &AppState, patient: Uuid, id: Uuid) -> Result<Option<Uuid>, AppError> {
    let row = sqlx::query!(
        r#"select offered_appointment_id, status as "status: WaitlistStatus" from waitlist_entries
           where id = $1 and patient_id = $2"#,
        id,
        patient
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::NotFound("Waitlist entry".into()))?;
    Ok(row.offered_appointment_id.filter(|_| row.status == WaitlistStatus::Offered))
}

/// Availability grew (weekly hours saved, a date's hours changed or its exception removed): plan an offer of
/// `doctor`'s free slots in `from..to` (as instants) to the waitlist, when anyone waits, in the caller's
/// transaction. The job finds what is free then; hours that shrank offer nothing.
pub async fn offer_added_hours(
    conn: &mut sqlx::PgConnection,
    doctor: Uuid,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    now: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    // Only the days someone waits for (entries span at most 90 days; weekly hours reach up to a year).
    sqlx::query!(
        "with span as (
             select greatest($2, min(w.from_date)::timestamp at time zone d.time_zone) as lo,
                    least($3, (max(w.to_date) + 1)::timestamp at time zone d.time_zone) as hi
             from waitlist_entries w join doctors d on d.id = w.doctor_id
             where w.doctor_id = $1 and w.status = 'waiting'
             group by d.time_zone)
         insert into jobs (kind, payload, run_at)
         select 'waitlist.offer', jsonb_build_object('doctor', $1::uuid, 'from', lo, 'to', hi), $4
         from span where lo < hi",
        doctor,
        from,
        to,
        now
    )
    .execute(conn)
    .await?;
    Ok(())
}

/// The entry of `patient` that appointment `held` is offered to (a slot still held for them).
pub async fn entry_offered(state: &AppState, patient: Uuid, held: Uuid) -> Result<Uuid, AppError> {
    sqlx::query_scalar!(
        "select id from waitlist_entries where offered_appointment_id = $1 and patient_id = $2 and status = 'offered'",
        held,
        patient
    )
    .fetch_optional(&state.db)
    .await?
    .ok_or_else(|| AppError::Conflict("This time is no longer held for you.".into()))
}

/// Book the slot held for entry `id` (as a confirmation of the hold: pending approval, payment or confirmed,
/// as the doctor's settings say).
pub async fn accept(state: &AppState, patient: Uuid, id: Uuid) -> Result<AppointmentView, AppError> {
    let appointment = offered(state, patient, id)
        .await?
        .ok_or_else(|| AppError::Conflict("No slot is held for this entry any more.".into()))?;
    let form = BookingForm { reason: "Booked from the waitlist".into(), notes: String::new() };
    booking::confirm(state, patient, appointment, form).await
}

/// Let the held slot go (it is offered to the next patient); the entry keeps waiting for other slots.
pub async fn decline(state: &AppState, patient: Uuid, id: Uuid) -> Result<(), AppError> {
    if let Some(appointment) = offered(state, patient, id).await? {
        let caller = Caller { user: patient, role: Role::Patient };
        booking::cancel(state, caller, appointment, "Declined the waitlist offer").await?;
    }
    Ok(())
}

/// Leave the waitlist (letting any held slot go first).
pub async fn leave(state: &AppState, patient: Uuid, id: Uuid) -> Result<(), AppError> {
    decline(state, patient, id).await?;
    sqlx::query!(
        "update waitlist_entries set status = 'left', updated_at = $3 where id = $1 and patient_id = $2 and status = 'waiting'",
        id,
        patient,
        state.clock.now()
    )
    .execute(&state.db)
    .await?;
    Ok(())
}

/// How many patients wait for the doctor whose account is `doctor_user`.
pub async fn waiting_for(state: &AppState, doctor_user: Uuid) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar!(
        r#"select count(*) as "n!" from waitlist_entries w join doctors d on d.id = w.doctor_id
           where d.user_id = $1 and w.status in ('waiting', 'offered')"#,
        doctor_user
    )
    .fetch_one(&state.db)
    .await?)
}
