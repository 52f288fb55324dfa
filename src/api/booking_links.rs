//! One-click links from emails: see, cancel or reschedule a visit, or answer a waitlist offer, without
//! signing in. The token travels in the POST body (the page's URL carries it once, from the email).

use chrono::{DateTime, Utc};
use dioxus::prelude::*;

use crate::error::AppError;
use crate::model::booking::AppointmentView;

#[cfg(feature = "server")]
use crate::server::{auth::extract::Req, booking::links};

/// The visit a manage link is for (time in the patient's zone; no reason, notes or history).
/// Auth: the holder of a valid manage link (signed for this appointment and its current start), acting as
/// the appointment's patient.
#[post("/api/booking-links/manage", req: Req)]
pub async fn open_manage_link(token: String) -> Result<AppointmentView, AppError> {
    links::visit(&req.state, &token, links::Purpose::Manage).await
}

/// Cancel the visit with a reason, up to the doctor's cut-off.
/// Auth: the holder of a valid manage link, acting as the appointment's patient.
#[post("/api/booking-links/cancel", req: Req)]
pub async fn cancel_by_link(token: String, reason: String) -> Result<AppointmentView, AppError> {
    links::cancel(&req.state, &token, &reason).await
}

/// Move the visit to another free start (same doctor, type and place), up to the doctor's cut-off.
/// Auth: the holder of a valid manage link, acting as the appointment's patient.
#[post("/api/booking-links/reschedule", req: Req)]
pub async fn reschedule_by_link(token: String, start: DateTime<Utc>) -> Result<AppointmentView, AppError> {
    links::reschedule(&req.state, &token, start).await
}

/// The slot an offer link holds for the patient.
/// Auth: the holder of a valid offer link (signed for this held slot), acting as its patient.
#[post("/api/booking-links/offer", req: Req)]
pub async fn open_offer_link(token: String) -> Result<AppointmentView, AppError> {
    links::visit(&req.state, &token, links::Purpose::Offer).await
}

/// Book the held slot (`accept`), or let it go to the next patient waiting.
/// Auth: the holder of a valid offer link, acting as its patient.
#[post("/api/booking-links/offer/answer", req: Req)]
pub async fn answer_offer_link(token: String, accept: bool) -> Result<AppointmentView, AppError> {
    links::answer_offer(&req.state, &token, accept).await
}
