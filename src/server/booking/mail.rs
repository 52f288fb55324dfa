//! Booking emails — received, confirmed (with an .ics and the meeting link), cancelled, rescheduled — each
//! written in its recipient's zone, plus the matching in-app notifications.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{ics, queries};
use crate::model::booking::{AppointmentStatus, AppointmentView};
use crate::model::Role;
use crate::server::scheduling::rules;
use crate::server::{mail, notify, AppState};

/// What happened to the appointment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Confirmed by the patient (pending approval, or confirmed at once).
    Booked,
    /// The doctor approved a pending booking.
    Approved,
    Cancelled,
    /// The doctor declined a pending request (with a reason the patient sees).
    Declined,
    /// Moved; carries the old start.
    Rescheduled(DateTime<Utc>),
    /// A request the doctor did not answer before its start lapsed.
    Expired,
    /// The visit's time is over: the doctor is asked for its outcome (the patient is not told).
    Ended,
}

/// Tell the patient and the doctor (each in their zone) about `change`: the emails and notices are written on
/// `conn` (the job's transaction), so they are recorded exactly once. Runs as the `booking.tell` job.
pub async fn tell(
    state: &AppState,
    conn: &mut sqlx::PgConnection,
    id: Uuid,
    change: Change,
    reason: Option<&str>,
) -> Result<(), sqlx::Error> {
    let now = state.clock.now();
    let Some(base) = queries::one(&state.db, id, chrono_tz::UTC, Role::Admin, now).await? else { return Ok(()) };
    for (user, role) in [(base.patient_id, Role::Patient), (base.doctor_user_id, Role::Doctor)] {
        if change == Change::Ended && role == Role::Patient {
            continue;
        }
        let (email, _name, tz) = queries::contact(&state.db, user).await?;
        let Some(row) = queries::one(&state.db, id, tz, role, now).await? else { continue };
        let v = &row.view;
        let (subject, mut intro) = text(v, role, change, reason, tz);
        if matches!(change, Change::Expired | Change::Declined) && role == Role::Patient {
            intro.push_str(&next_times(state, &row, tz).await?);
        } else if change == Change::Ended {
            intro.push_str(&format!(
                " Without an answer it is marked completed {} hours after its end.",
                state.config.auto_complete.num_hours()
            ));
        }
        let link = match role {
            Role::Doctor => format!("{}/doctor/appointments", state.config.public_url),
            _ => format!("{}/patient/appointments", state.config.public_url),
        };
        let mut body = format!("{intro}\n\nWhen: {} ({})\n", v.when_label, tz.name());
        body.push_str(&format!(
            "What: {} with {}\n",
            v.type_name,
            if role == Role::Doctor { &v.patient_name } else { &v.doctor_name }
        ));
        if !v.place.is_empty() {
            body.push_str(&format!("Where: {}\n", v.place));
        }
        if let (Some(url), AppointmentStatus::Confirmed) = (&v.meeting_url, v.status) {
            body.push_str(&format!("Video link: {url}\n"));
        }
        if !v.reason.is_empty() && role == Role::Doctor {
            body.push_str(&format!("Reason for visit: {}\n", v.reason));
        }
        if role == Role::Patient && v.can_change && v.status != AppointmentStatus::Held {
            // One click, no sign-in (the link's page asks before it changes anything).
            let key = super::links::key(state).await?;
            body.push_str(&format!("\nCan't make it?\n{}", super::links::manage_lines(state, &key, v.id, v.starts_at)));
        }
        body.push_str(&format!("\nManage your appointments: {link}\n"));
        let calendar = matches!(change, Change::Approved | Change::Rescheduled(_))
            || (change == Change::Booked && v.status == AppointmentStatus::Confirmed)
            || change == Change::Cancelled;
        let ics = calendar.then(|| {
            let summary = match role {
                Role::Doctor => format!("{} — {}", v.patient_name, v.type_name),
                _ => format!("{} with {}", v.type_name, v.doctor_name),
            };
            ics::calendar("Carebook", &[ics::Event { view: v, summary, host: state.config.public_host(), stamp: now }])
        });
        // A doctor is asked for each visit's outcome in the app only (an email per visit would be noise).
        if change != Change::Ended {
            mail::queue_with_calendar(&mut *conn, mail::Message { to: &email, subject: &subject, body }, ics).await?;
        }
        notify::in_app(&mut *conn, user, &subject, &v.when_label, &link.replace(&state.config.public_url, "")).await?;
    }
    Ok(())
}

fn text(v: &AppointmentView, role: Role, change: Change, reason: Option<&str>, tz: chrono_tz::Tz) -> (String, String) {
    let other = if role == Role::Doctor { v.patient_name.clone() } else { v.doctor_name.clone() };
    let why = reason.map(|r| format!(" Reason: {r}")).unwrap_or_default();
    match (change, role, v.status) {
        (Change::Booked, Role::Doctor, AppointmentStatus::Pending) => (
            format!("New booking request from {other}"),
            format!("{other} asked for an appointment. Please approve or decline it."),
        ),
        (Change::Booked, Role::Doctor, _) => {
            (format!("New appointment with {other}"), format!("{other} booked an appointment."))
        }
        (Change::Booked, _, AppointmentStatus::Pending) => (
            format!("Booking received: {other}"),
            format!("We've sent your request to {other}. You'll hear from us when it is confirmed."),
        ),
        (Change::Approved, Role::Doctor, _) => {
            (format!("You confirmed {other}"), "The appointment is confirmed.".into())
        }
        (Change::Booked | Change::Approved, _, _) => {
            (format!("Appointment confirmed: {other}"), format!("Your appointment with {other} is confirmed."))
        }
        (Change::Cancelled, _, _) => {
            (format!("Appointment cancelled: {other}"), format!("The appointment with {other} was cancelled.{why}"))
        }
        (Change::Declined, Role::Doctor, _) => {
            (format!("You declined {other}"), format!("You declined the booking request from {other}.{why}"))
        }
        (Change::Declined, _, _) => {
            (format!("Request declined: {other}"), format!("{other} could not accept your request.{why}"))
        }
        (Change::Expired, Role::Doctor, _) => (
            format!("Request lapsed: {other}"),
            format!("The booking request from {other} lapsed: it was not answered before its time."),
        ),
        (Change::Expired, _, _) => (
            format!("Request not confirmed: {other}"),
            format!("{other} did not confirm your request before its time, so it has lapsed."),
        ),
        (Change::Ended, _, _) => (
            format!("Record the outcome: {other}"),
            format!("Your visit with {other} has ended. Please mark it completed or a no-show."),
        ),
        (Change::Rescheduled(old), _, _) => (
            format!("Appointment moved: {other}"),
            format!(
                "The appointment with {other} moved from {} to the time below.{why}",
                old.with_timezone(&tz).format("%a %-d %b %Y, %H:%M")
            ),
        ),
    }
}

/// " Dr. X's next free times: …  Book one: <link>" for a patient whose request lapsed (empty if none).
async fn next_times(state: &AppState, row: &queries::Row, tz: chrono_tz::Tz) -> Result<String, sqlx::Error> {
    let now = state.clock.now();
    let Some(doctor) = rules::doctor(&state.db, row.doctor_id).await? else { return Ok(String::new()) };
    let Some(kind) = rules::consultation_type(&state.db, row.type_id).await? else { return Ok(String::new()) };
    let next = rules::alternatives(&state.db, &doctor, &kind, row.view.location, now, now, tz).await?;
    if next.is_empty() {
        return Ok(String::new());
    }
    let times: Vec<String> = next.iter().map(|s| format!("{} {}", s.day_label, s.label)).collect();
    Ok(format!(
        "\n\nTheir next free times ({}): {}.\nBook one: {}/doctors/{}",
        tz.name(),
        times.join(", "),
        state.config.public_url,
        row.view.doctor_slug
    ))
}
