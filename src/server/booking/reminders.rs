//! Appointment reminders: the database plans them as jobs whenever a visit becomes confirmed or moves
//! (migration 32's trigger); this sends one when it is due — an email and an in-app notice in the patient's
//! zone, with the time, the place or the video link and a link to cancel or reschedule while policy allows —
//! in batches (the job loop hands over every due reminder it claimed), and keeps each user's choice of which
//! kinds they get.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use std::collections::HashMap;

use super::queries;
use crate::model::booking::{AppointmentStatus, ConsultationMode};
use crate::model::reminder::{ReminderKind, ReminderSetting};
use crate::server::scheduling::rules::zone;
use crate::server::AppState;

/// Every kind with whether `user` gets it.
pub async fn settings(db: &sqlx::PgPool, user: Uuid) -> Result<Vec<ReminderSetting>, sqlx::Error> {
    let off =
        sqlx::query_scalar!(r#"select kind as "kind: ReminderKind" from reminder_opt_outs where user_id = $1"#, user)
            .fetch_all(db)
            .await?;
    Ok(ReminderKind::ALL.into_iter().map(|kind| ReminderSetting { kind, on: !off.contains(&kind) }).collect())
}

/// Turn `kind` on or off for `user`.
pub async fn set(db: &sqlx::PgPool, user: Uuid, kind: ReminderKind, on: bool) -> Result<(), sqlx::Error> {
    if on {
        sqlx::query!("delete from reminder_opt_outs where user_id = $1 and kind = $2", user, kind as ReminderKind)
            .execute(db)
            .await?;
    } else {
        sqlx::query!(
            "insert into reminder_opt_outs (user_id, kind) values ($1, $2) on conflict do nothing",
            user,
            kind as ReminderKind
        )
        .execute(db)
        .await?;
    }
    Ok(())
}

/// A reminder the job loop found due (an `appointment.remind` job's arguments).
#[derive(Debug, Clone, Copy)]
pub struct Due {
    pub appointment: Uuid,
    pub which: ReminderKind,
    /// The start it was planned for: a visit moved since has other reminders.
    pub starts_at: DateTime<Utc>,
}

/// Send a batch of due reminders, written on `conn` (the job loop's transaction): one read for the whole
/// batch and one insert each for its emails and its notices. A reminder whose visit is no longer confirmed
/// at the planned time (a stale plan), has started, or whose patient turned that kind off is dropped.
/// Returns how many were sent.
pub async fn send(state: &AppState, conn: &mut sqlx::PgConnection, due: &[Due]) -> Result<usize, sqlx::Error> {
    let now = state.clock.now();
    let ids: Vec<Uuid> = due.iter().map(|d| d.appointment).collect();
    // One plain query for the batch (the lists' catch-all filter query costs more to plan than to run).
    let visits: HashMap<Uuid, Visit> = sqlx::query_as!(
        Visit,
        r#"select a.id, a.status as "status: AppointmentStatus", a.starts_at, a.ends_at,
                  a.mode as "mode: ConsultationMode", a.place, a.meeting_url, d.cancel_cutoff_minutes,
                  'Dr. ' || du.full_name as "doctor_name!", t.name as type_name, a.patient_id,
                  pu.email::text as "email!", pu.full_name as patient_name, pu.time_zone,
                  array(select o.kind::text from reminder_opt_outs o where o.user_id = a.patient_id) as "off!"
           from appointments a
           join doctors d on d.id = a.doctor_id
           join users du on du.id = d.user_id
           join users pu on pu.id = a.patient_id
           join consultation_types t on t.id = a.consultation_type_id
           where a.id = any($1)"#,
        &ids
    )
    .fetch_all(&mut *conn)
    .await?
    .into_iter()
    .map(|v| (v.id, v))
    .collect();
    let key = super::links::key(state).await?;
    let mut mails = Columns::default();
    for d in due {
        let Some(v) = visits.get(&d.appointment) else { continue };
        let current = v.status == AppointmentStatus::Confirmed && v.starts_at == d.starts_at && d.starts_at > now;
        if !current || v.off.iter().any(|k| k == d.which.as_str()) {
            continue;
        }
        let tz = zone(&v.time_zone);
        let when = queries::when_label(v.starts_at, v.ends_at, tz);
        mails.subject.push(format!("Reminder: {} with {} {}", v.type_name, v.doctor_name, d.which.when()));
        mails.body.push(compose(state, &key, v, tz, &when, d.which, now));
        mails.to.push(v.email.clone());
        mails.user.push(v.patient_id);
        mails.link.push(format!("/patient/appointments#appointment-{}", v.id));
        mails.when.push(when);
    }
    sqlx::query!(
        "insert into outbox_emails (to_address, subject, body_text)
         select * from unnest($1::text[], $2::text[], $3::text[])",
        &mails.to,
        &mails.subject,
        &mails.body
    )
    .execute(&mut *conn)
    .await?;
    sqlx::query!(
        "insert into notifications (user_id, title, body, link)
         select * from unnest($1::uuid[], $2::text[], $3::text[], $4::text[])",
        &mails.user,
        &mails.subject,
        &mails.when,
        &mails.link
    )
    .execute(&mut *conn)
    .await?;
    Ok(mails.to.len())
}

/// A due reminder's visit and patient.
struct Visit {
    id: Uuid,
    status: AppointmentStatus,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    mode: ConsultationMode,
    place: String,
    meeting_url: Option<String>,
    cancel_cutoff_minutes: i32,
    doctor_name: String,
    type_name: String,
    patient_id: Uuid,
    email: String,
    patient_name: String,
    time_zone: String,
    /// The kinds the patient turned off (`reminder_kind` names).
    off: Vec<String>,
}

/// The batch's emails and notices, column by column (for `unnest`).
#[derive(Default)]
struct Columns {
    to: Vec<String>,
    subject: Vec<String>,
    body: Vec<String>,
    user: Vec<Uuid>,
    when: Vec<String>,
    link: Vec<String>,
}

/// The reminder's body, in the patient's zone `tz` (`when` is the visit's time there).
fn compose(
    state: &AppState,
    key: &[u8; 32],
    v: &Visit,
    tz: chrono_tz::Tz,
    when: &str,
    which: ReminderKind,
    now: DateTime<Utc>,
) -> String {
    let manage = format!("{}/patient/appointments#appointment-{}", state.config.public_url, v.id);
    let mut body = format!(
        "Hello {},\n\nYour appointment is {}.\n\nWhen: {when} ({})\nWhat: {} with {}\n",
        v.patient_name,
        which.when(),
        tz.name(),
        v.type_name,
        v.doctor_name
    );
    match (v.mode, &v.meeting_url) {
        (ConsultationMode::Video, Some(url)) => body.push_str(&format!("Video link: {url}\n")),
        (ConsultationMode::Video, None) => body.push_str("Where: video call (the link is on your appointment)\n"),
        (ConsultationMode::InPerson, _) => body.push_str(&format!("Where: {}\n", v.place)),
    }
    let cutoff = v.starts_at - chrono::Duration::minutes(v.cancel_cutoff_minutes.into());
    if cutoff > now {
        // One click, no sign-in: the link's page asks before it changes anything.
        body.push_str(&format!(
            "\nCan't make it? Cancel or reschedule until {}:\n{}\nYour appointment: {manage}\n",
            cutoff.with_timezone(&tz).format("%a %-d %b, %H:%M"),
            super::links::manage_lines(state, key, v.id, v.starts_at)
        ));
    } else {
        body.push_str(&format!(
            "\nIt is too late to change it online; please call the practice if you can't make it.\n\
             Your appointment: {manage}\n"
        ));
    }
    body.push_str("\nYou can choose which reminders you get under Account → Profile.\n");
    body
}
