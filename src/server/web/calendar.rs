//! Calendar downloads: one appointment as `.ics` (its patient, doctor or an admin), and a doctor's private
//! subscribable feed at `/calendar/{token}.ics` (the token is the credential; revoking it ends access).

use axum::extract::Path;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use uuid::Uuid;

use crate::error::AppError;
use crate::model::Role;
use crate::server::auth::extract::Req;
use crate::server::booking::{self, ics, queries, Caller};
use crate::server::scheduling::schedule;

fn calendar_response(body: String, file: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// `GET /api/appointments/{id}/ics`: the appointment for the caller's calendar.
pub async fn appointment(Path(id): Path<Uuid>, req: Req) -> Result<Response, AppError> {
    let session = req.session().await?.ok_or(AppError::Unauthorized)?;
    let user = session.user.id;
    let caller = Caller { user, role: session.user.role };
    let (row, _) = booking::get(&req.state, caller, id).await?;
    let v = &row.view;
    let summary = if row.doctor_user_id == user {
        format!("{} — {}", v.patient_name, v.type_name)
    } else {
        format!("{} with {}", v.type_name, v.doctor_name)
    };
    let body = ics::calendar(
        "Carebook",
        &[ics::Event { view: v, summary, host: req.state.config.public_host(), stamp: req.state.clock.now() }],
    );
    Ok(calendar_response(body, "appointment.ics"))
}

/// `GET /calendar/{token}.ics`: the doctor's appointments from 30 days back to a year ahead.
pub async fn feed(Path(file): Path<String>, req: Req) -> Result<Response, AppError> {
    let token = file.strip_suffix(".ics").unwrap_or(&file);
    let (doctor, _user) =
        schedule::feed_owner(&req.state.db, token).await?.ok_or(AppError::NotFound("Calendar".into()))?;
    let now = req.state.clock.now();
    let filter = queries::Filter {
        doctor: Some(doctor),
        from: Some(now - Duration::days(30)),
        to: Some(now + Duration::days(366)),
        bookings_only: true,
        limit: 5000,
        ..Default::default()
    };
    let rows = queries::find(&req.state.db, &filter, chrono_tz::UTC, Role::Doctor, now).await?;
    let host = req.state.config.public_host();
    let events: Vec<ics::Event<'_>> = rows
        .iter()
        .map(|r| ics::Event {
            view: &r.view,
            summary: format!("{} — {}", r.view.patient_name, r.view.type_name),
            host,
            stamp: now,
        })
        .collect();
    Ok(calendar_response(ics::calendar("Carebook appointments", &events), "carebook.ics"))
}
