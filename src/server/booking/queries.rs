//! Reading appointments: one query with optional filters serves the patient's, the doctor's and the
//! admin's lists and single appointments; times are labelled in the viewer's zone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::PgPool;
use uuid::Uuid;

use crate::model::booking::{AppointmentEvent, AppointmentStatus, AppointmentView, ConsultationMode};
use crate::model::money::{format_fee, Currency};
use crate::model::Role;

/// Which appointments to read. Every field narrows; `None` leaves it open.
#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub id: Option<Uuid>,
    pub patient: Option<Uuid>,
    pub doctor: Option<Uuid>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub status: Option<AppointmentStatus>,
    /// Contains (case-insensitive) in the doctor's or patient's name or email.
    pub who: Option<String>,
    /// Leave out holds that never became bookings.
    pub bookings_only: bool,
    /// Only visits still ahead at this instant: starting from it, and still held, pending or confirmed.
    pub upcoming_at: Option<DateTime<Utc>>,
    /// Only what is no longer ahead at this instant: started before it, or closed (cancelled, expired, …).
    pub past_at: Option<DateTime<Utc>>,
    pub newest_first: bool,
    pub limit: i64,
    pub offset: i64,
}

/// An appointment as stored, with the names its view shows: the one place a view is made from
/// ([`AppointmentRow::into_row`]), for reads and for the hold's answer alike.
#[derive(Debug, Clone)]
pub struct AppointmentRow {
    pub id: Uuid,
    pub status: AppointmentStatus,
    pub mode: ConsultationMode,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location_position: Option<i16>,
    pub reason: String,
    pub notes: String,
    pub fee_minor: i32,
    pub currency: Currency,
    pub meeting_url: Option<String>,
    pub hold_expires_at: Option<DateTime<Utc>>,
    pub patient_id: Uuid,
    pub doctor_id: Uuid,
    pub consultation_type_id: Uuid,
    pub doctor_user_id: Uuid,
    pub doctor_slug: String,
    pub cancel_cutoff_minutes: i32,
    /// "Dr. Amara Okafor".
    pub doctor_name: String,
    pub patient_name: String,
    pub type_name: String,
}

impl AppointmentRow {
    /// The view as `role` sees it at `now`, times labelled in `tz` (history not loaded).
    pub fn into_row(self, tz: Tz, role: Role, now: DateTime<Utc>) -> Row {
        let cutoff = chrono::Duration::minutes(self.cancel_cutoff_minutes.into());
        Row {
            patient_id: self.patient_id,
            doctor_id: self.doctor_id,
            doctor_user_id: self.doctor_user_id,
            type_id: self.consultation_type_id,
            cancel_cutoff: cutoff,
            view: AppointmentView {
                id: self.id,
                doctor_name: self.doctor_name,
                doctor_slug: self.doctor_slug,
                patient_name: self.patient_name,
                type_id: self.consultation_type_id,
                type_name: self.type_name,
                location: self.location_position,
                mode: self.mode,
                place: self.place,
                starts_at: self.starts_at,
                ends_at: self.ends_at,
                when_label: when_label(self.starts_at, self.ends_at, tz),
                time_zone: tz.name().to_string(),
                status: self.status,
                reason: self.reason,
                notes: self.notes,
                fee_label: format_fee(self.fee_minor, self.currency),
                meeting_url: self.meeting_url,
                hold_expires_at: self.hold_expires_at,
                can_change: can_change(role, self.status, self.starts_at, cutoff, now),
                history: Vec::new(),
            },
        }
    }
}

/// An appointment row with what authorisation needs (owner ids) next to the view.
#[derive(Debug, Clone)]
pub struct Row {
    pub view: AppointmentView,
    pub patient_id: Uuid,
    pub doctor_id: Uuid,
    pub doctor_user_id: Uuid,
    pub type_id: Uuid,
    pub cancel_cutoff: chrono::Duration,
}

/// "Mon 23 Nov 2026, 09:30–09:50".
pub fn when_label(start: DateTime<Utc>, end: DateTime<Utc>, tz: Tz) -> String {
    let (s, e) = (start.with_timezone(&tz), end.with_timezone(&tz));
    format!("{}–{}", s.format("%a %-d %b %Y, %H:%M"), e.format("%H:%M"))
}

/// Whether `role` (as this appointment's patient, doctor or an admin) may cancel or move it at `now`.
pub fn can_change(
    role: Role,
    status: AppointmentStatus,
    starts_at: DateTime<Utc>,
    cutoff: chrono::Duration,
    now: DateTime<Utc>,
) -> bool {
    if !matches!(status, AppointmentStatus::Pending | AppointmentStatus::Confirmed) || starts_at <= now {
        return false;
    }
    match role {
        Role::Patient => now < starts_at - cutoff,
        Role::Doctor | Role::Admin => true,
    }
}

/// Appointments matching `f`, labelled in `tz`, with `can_change` computed for `role` at `now`.
pub async fn find(
    db: impl sqlx::PgExecutor<'_>,
    f: &Filter,
    tz: Tz,
    role: Role,
    now: DateTime<Utc>,
) -> Result<Vec<Row>, sqlx::Error> {
    let who =
        f.who.as_deref().filter(|w| !w.trim().is_empty()).map(|w| format!("%{}%", w.trim().replace(['%', '_'], "")));
    let rows = sqlx::query_as!(
        AppointmentRow,
        r#"select a.id, a.status as "status: AppointmentStatus", a.mode as "mode: ConsultationMode", a.place,
                  a.starts_at, a.ends_at, a.location_position, a.reason, a.notes, a.fee_minor,
                  a.currency as "currency: Currency", a.meeting_url, a.hold_expires_at, a.patient_id, a.doctor_id,
                  a.consultation_type_id, d.user_id as doctor_user_id, d.slug as doctor_slug, d.cancel_cutoff_minutes,
                  'Dr. ' || du.full_name as "doctor_name!", pu.full_name as patient_name, t.name as type_name
           from appointments a
           join doctors d on d.id = a.doctor_id
           join users du on du.id = d.user_id
           join users pu on pu.id = a.patient_id
           join consultation_types t on t.id = a.consultation_type_id
           where ($1::uuid is null or a.id = $1)
             and ($2::uuid is null or a.patient_id = $2)
             and ($3::uuid is null or a.doctor_id = $3)
             and ($4::timestamptz is null or a.starts_at >= $4)
             and ($5::timestamptz is null or a.starts_at < $5)
             and ($6::appointment_status is null or a.status = $6)
             and ($7::text is null or du.full_name ilike $7 or pu.full_name ilike $7
                  or du.email::text ilike $7 or pu.email::text ilike $7)
             -- A hold that was never confirmed has no reason: it is not a booking.
             and (not $8 or not (a.status in ('held', 'expired') and a.reason = ''))
             and ($12::timestamptz is null
                  or (a.starts_at >= $12 and a.status in ('held', 'awaiting_payment', 'pending', 'confirmed')))
             and ($13::timestamptz is null
                  or a.starts_at < $13 or a.status not in ('held', 'awaiting_payment', 'pending', 'confirmed'))
           order by case when $9 then a.starts_at end desc, a.starts_at
           limit $10 offset $11"#,
        f.id,
        f.patient,
        f.doctor,
        f.from,
        f.to,
        f.status as Option<AppointmentStatus>,
        who,
        f.bookings_only,
        f.newest_first,
        f.limit,
        f.offset,
        f.upcoming_at,
        f.past_at
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|r| r.into_row(tz, role, now)).collect())
}

/// One appointment by id (no ownership check: callers check it against the row).
pub async fn one(
    db: impl sqlx::PgExecutor<'_>,
    id: Uuid,
    tz: Tz,
    role: Role,
    now: DateTime<Utc>,
) -> Result<Option<Row>, sqlx::Error> {
    let f = Filter { id: Some(id), limit: 1, ..Default::default() };
    Ok(find(db, &f, tz, role, now).await?.into_iter().next())
}

/// The appointment's history, oldest first.
pub async fn history(db: &PgPool, id: Uuid, tz: Tz) -> Result<Vec<AppointmentEvent>, sqlx::Error> {
    let rows = sqlx::query!(
        r#"select e.at, e.from_status as "from_status: AppointmentStatus", e.to_status as "to_status: AppointmentStatus", e.reason,
                  e.from_starts_at, e.to_starts_at, u.full_name as "actor?"
           from appointment_events e left join users u on u.id = e.actor_id
           where e.appointment_id = $1 order by e.id"#,
        id
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| AppointmentEvent {
            at_label: r.at.with_timezone(&tz).format("%-d %b %Y, %H:%M").to_string(),
            actor: r.actor.unwrap_or_else(|| "Carebook".into()),
            from: r.from_status,
            to: r.to_status,
            reason: r.reason,
            moved_from: r
                .from_starts_at
                .filter(|f| *f != r.to_starts_at)
                .map(|f| f.with_timezone(&tz).format("%a %-d %b %Y, %H:%M").to_string()),
        })
        .collect())
}

/// A user's zone and contact: (email, full name, zone).
pub async fn contact(db: impl sqlx::PgExecutor<'_>, user: Uuid) -> Result<(String, String, Tz), sqlx::Error> {
    let r = sqlx::query!(r#"select email::text as "email!", full_name, time_zone from users where id = $1"#, user)
        .fetch_one(db)
        .await?;
    Ok((r.email, r.full_name, super::super::scheduling::rules::zone(&r.time_zone)))
}
