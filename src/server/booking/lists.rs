//! The appointment lists: the patient's (upcoming and past), the doctor's agenda, the admin's search.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

use super::queries::{self, Filter};
use crate::error::AppError;
use crate::model::booking::{
    Agenda, AgendaDay, AppointmentFilter, AppointmentLists, AppointmentStatus, AppointmentView,
};
use crate::model::Role;
use crate::server::AppState;

/// The patient's bookings: upcoming soonest first, then past newest first (200 of each at most). A visit
/// that was cancelled or expired is not upcoming any more, whatever its date: it is listed with the past.
pub async fn patient(state: &AppState, user: Uuid) -> Result<AppointmentLists, AppError> {
    let (_, _, tz) = queries::contact(&state.db, user).await?;
    let now = state.clock.now();
    let upcoming =
        Filter { patient: Some(user), upcoming_at: Some(now), bookings_only: true, limit: 200, ..Default::default() };
    let past = Filter {
        patient: Some(user),
        past_at: Some(now),
        bookings_only: true,
        newest_first: true,
        limit: 200,
        ..Default::default()
    };
    let strip = |rows: Vec<queries::Row>| rows.into_iter().map(|r| r.view).collect::<Vec<AppointmentView>>();
    Ok(AppointmentLists {
        upcoming: strip(queries::find(&state.db, &upcoming, tz, Role::Patient, now).await?),
        past: strip(queries::find(&state.db, &past, tz, Role::Patient, now).await?),
    })
}

/// The doctor's agenda for `days` days from `from` in their practice zone.
pub async fn agenda(state: &AppState, user: Uuid, from: Option<&str>, days: u32) -> Result<Agenda, AppError> {
    let doctor = crate::server::scheduling::schedule::own_doctor(&state.db, user).await?;
    let zone = sqlx::query_scalar!("select time_zone from doctors where id = $1", doctor).fetch_one(&state.db).await?;
    let tz = crate::server::scheduling::rules::zone(&zone);
    let now = state.clock.now();
    let days = days.clamp(1, 31);
    let today = now.with_timezone(&tz).date_naive();
    let from = from.and_then(|f| NaiveDate::parse_from_str(f, "%Y-%m-%d").ok()).unwrap_or(today);
    let start = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()).earliest().map(|t| t.with_timezone(&Utc))
    };
    let (lo, hi) = (start(from).unwrap_or(now), start(from + Duration::days(days.into())).unwrap_or(now));
    let f = Filter {
        doctor: Some(doctor),
        from: Some(lo),
        to: Some(hi),
        bookings_only: true,
        limit: 2000,
        ..Default::default()
    };
    let rows = queries::find(&state.db, &f, tz, Role::Doctor, now).await?;
    let mut out = Vec::new();
    for i in 0..i64::from(days) {
        let date = from + Duration::days(i);
        let items = rows
            .iter()
            .filter(|r| r.view.starts_at.with_timezone(&tz).date_naive() == date && r.view.status.is_active())
            .map(|r| r.view.clone())
            .collect();
        out.push(AgendaDay {
            date: date.format("%Y-%m-%d").to_string(),
            label: date.format("%a %-d %b").to_string(),
            items,
        });
    }
    let pending =
        Filter { doctor: Some(doctor), status: Some(AppointmentStatus::Pending), limit: 200, ..Default::default() };
    let to_mark = Filter {
        doctor: Some(doctor),
        status: Some(AppointmentStatus::AwaitingCompletion),
        limit: 200,
        ..Default::default()
    };
    let strip = |rows: Vec<queries::Row>| rows.into_iter().map(|r| r.view).collect::<Vec<AppointmentView>>();
    Ok(Agenda {
        from: from.format("%Y-%m-%d").to_string(),
        time_zone: tz.name().to_string(),
        days: out,
        pending: strip(queries::find(&state.db, &pending, tz, Role::Doctor, now).await?),
        to_mark: strip(queries::find(&state.db, &to_mark, tz, Role::Doctor, now).await?),
    })
}

/// Page size of the admin list.
pub const ADMIN_PAGE: i64 = 50;

/// Every appointment matching the admin's filter, newest first.
pub async fn admin(state: &AppState, user: Uuid, filter: &AppointmentFilter) -> Result<Vec<AppointmentView>, AppError> {
    let (_, _, tz) = queries::contact(&state.db, user).await?;
    let day = |s: &str| {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)).map(|d| d.and_utc())
    };
    let f = Filter {
        status: filter.status,
        who: Some(filter.who.chars().take(100).collect()),
        from: day(&filter.from),
        to: day(&filter.to).map(|t| t + Duration::days(1)),
        bookings_only: filter.status != Some(AppointmentStatus::Held),
        newest_first: true,
        limit: ADMIN_PAGE,
        offset: i64::from(filter.page.min(1000)) * ADMIN_PAGE,
        ..Default::default()
    };
    let now = state.clock.now();
    Ok(queries::find(&state.db, &f, tz, Role::Admin, now).await?.into_iter().map(|r| r.view).collect())
}
