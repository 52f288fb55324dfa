//! Appointment reminders: the database plans them as jobs whenever a visit becomes confirmed or moves
//! (migration 32's trigger); this sends one when it is due — an email and an in-app notice in the patient's
//! zone, with the time, the place or the video link and a link to cancel or reschedule while policy allows —
//! and keeps each user's choice of which kinds they get.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::queries;
use crate::model::booking::{AppointmentStatus, ConsultationMode};
use crate::model::reminder::{ReminderKind, ReminderSetting};
use crate::model::Role;
use crate::server::{mail, notify, AppState};

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

/// Send the `which` reminder of appointment `id` planned for a visit at `starts_at`, written on `conn` (the
/// `appointment.remind` job's transaction). Nothing is sent when the visit is no longer confirmed at that
/// time (a stale plan) or the patient turned this kind off. Returns whether it was sent.
pub async fn send(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    id: Uuid,
    which: ReminderKind,
    starts_at: DateTime<Utc>,
) -> Result<bool, sqlx::Error> {
    let now = state.clock.now();
    let Some(a) = sqlx::query!(
        r#"select a.patient_id, a.status as "status: AppointmentStatus", a.starts_at,
                  exists (select 1 from reminder_opt_outs o where o.user_id = a.patient_id and o.kind = $2) as "off!"
           from appointments a where a.id = $1"#,
        id,
        which as ReminderKind
    )
    .fetch_optional(&mut *conn)
    .await?
    else {
        return Ok(false);
    };
    if a.status != AppointmentStatus::Confirmed || a.starts_at != starts_at || a.off || starts_at <= now {
        return Ok(false);
    }
    let (email, name, tz) = queries::contact(&mut *conn, a.patient_id).await?;
    let Some(row) = queries::one(&mut *conn, id, tz, Role::Patient, now).await? else { return Ok(false) };
    let v = &row.view;
    let subject = format!("Reminder: {} with {} {}", v.type_name, v.doctor_name, which.when());
    let manage = format!("{}/patient/appointments#appointment-{id}", state.config.public_url);
    let mut body = format!(
        "Hello {name},\n\nYour appointment is {}.\n\nWhen: {} ({})\nWhat: {} with {}\n",
        which.when(),
        v.when_label,
        tz.name(),
        v.type_name,
        v.doctor_name
    );
    match (v.mode, &v.meeting_url) {
        (ConsultationMode::Video, Some(url)) => body.push_str(&format!("Video link: {url}\n")),
        (ConsultationMode::Video, None) => body.push_str("Where: video call (the link is on your appointment)\n"),
        (ConsultationMode::InPerson, _) => body.push_str(&format!("Where: {}\n", v.place)),
    }
    let cutoff = v.starts_at - row.cancel_cutoff;
    if cutoff > now {
        body.push_str(&format!(
            "\nCan't make it? Cancel or reschedule until {}: {manage}\n",
            cutoff.with_timezone(&tz).format("%a %-d %b, %H:%M")
        ));
    } else {
        body.push_str(&format!(
            "\nIt is too late to change it online; please call the practice if you can't make it.\n\
             Your appointment: {manage}\n"
        ));
    }
    body.push_str("\nYou can choose which reminders you get under Account → Profile.\n");
    mail::queue(&mut *conn, mail::Message { to: &email, subject: &subject, body }).await?;
    let link = format!("/patient/appointments#appointment-{id}");
    notify::in_app(&mut *conn, a.patient_id, &subject, &v.when_label, &link).await?;
    Ok(true)
}
