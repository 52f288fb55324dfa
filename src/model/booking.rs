//! Booking DTOs shared by the server functions and the pages: consultation types, free slots, appointments
//! and their history, and the booking form's rules (run in the browser and again on the server).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::booking_form::{validate_cancel_reason, BookingForm};

/// How long a picked slot is held while the patient fills in the form.
pub const HOLD_MINUTES: i64 = 10;
/// Days of free slots returned per request (the date strip pages by this much).
pub const DAYS_PER_PAGE: u32 = 7;
/// How many alternatives a "slot just taken" answer offers.
pub const ALTERNATIVES: usize = 6;

/// In person at a practice location, or a video call (Postgres enum `consultation_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "consultation_mode", rename_all = "snake_case"))]
pub enum ConsultationMode {
    #[default]
    InPerson,
    Video,
}

impl ConsultationMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ConsultationMode::InPerson => "in_person",
            ConsultationMode::Video => "video",
        }
    }

    /// A mode picked in a form or named in a URL; None for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "in_person" => Some(ConsultationMode::InPerson),
            "video" => Some(ConsultationMode::Video),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsultationMode::InPerson => "In person",
            ConsultationMode::Video => "Video call",
        }
    }
}

/// A kind of visit a doctor offers, with its own length, buffer and fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsultationType {
    pub id: uuid::Uuid,
    pub mode: ConsultationMode,
    pub name: String,
    pub duration_minutes: i32,
    pub buffer_minutes: i32,
    pub fee_minor: i32,
    pub currency: super::money::Currency,
}

impl ConsultationType {
    pub fn fee_label(&self) -> String {
        super::money::format_fee(self.fee_minor, self.currency)
    }
}

/// A free start time. `label` is the wall-clock time in the zone the list was rendered for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SlotOffer {
    pub start: DateTime<Utc>,
    pub label: String,
    pub day_label: String,
}

/// One day of the date strip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotDay {
    /// `YYYY-MM-DD` in the display zone.
    pub date: String,
    /// "Mon 23 Nov".
    pub label: String,
    pub slots: Vec<SlotOffer>,
}

/// What a patient sees to pick a time: the types, the places, and free slots for a run of days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Availability {
    pub doctor_id: uuid::Uuid,
    pub doctor_name: String,
    /// The doctor's zone (where the practice is).
    pub doctor_time_zone: String,
    /// The zone the labels are in (the patient's, when known; else the doctor's).
    pub time_zone: String,
    /// The zone came from the signed-in user's profile (their explicit setting, also used in emails and
    /// dashboards), so the browser's zone must not override it.
    pub zone_from_profile: bool,
    pub types: Vec<ConsultationType>,
    /// (position, "name — address") of each practice location.
    pub locations: Vec<(i16, String)>,
    pub type_id: Option<uuid::Uuid>,
    pub location: Option<i16>,
    pub from: String,
    pub days: Vec<SlotDay>,
    /// The first day after `days` that has a slot (for "next available").
    pub next_available: Option<String>,
    pub approval_required: bool,
}

/// Where an appointment is in its life (Postgres enum `appointment_status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "appointment_status", rename_all = "snake_case"))]
pub enum AppointmentStatus {
    Held,
    /// Confirmed by the patient and waiting for the online payment (the slot stays blocked meanwhile).
    AwaitingPayment,
    Pending,
    Confirmed,
    AwaitingCompletion,
    Completed,
    NoShow,
    Cancelled,
    Expired,
}

impl AppointmentStatus {
    pub const ALL: [AppointmentStatus; 9] = [
        AppointmentStatus::Held,
        AppointmentStatus::AwaitingPayment,
        AppointmentStatus::Pending,
        AppointmentStatus::Confirmed,
        AppointmentStatus::AwaitingCompletion,
        AppointmentStatus::Completed,
        AppointmentStatus::NoShow,
        AppointmentStatus::Cancelled,
        AppointmentStatus::Expired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AppointmentStatus::Held => "held",
            AppointmentStatus::AwaitingPayment => "awaiting_payment",
            AppointmentStatus::Pending => "pending",
            AppointmentStatus::Confirmed => "confirmed",
            AppointmentStatus::AwaitingCompletion => "awaiting_completion",
            AppointmentStatus::Completed => "completed",
            AppointmentStatus::NoShow => "no_show",
            AppointmentStatus::Cancelled => "cancelled",
            AppointmentStatus::Expired => "expired",
        }
    }

    /// A status picked in a filter; None for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AppointmentStatus::Held => "Held",
            AppointmentStatus::AwaitingPayment => "Awaiting payment",
            AppointmentStatus::Pending => "Awaiting the doctor's approval",
            AppointmentStatus::Confirmed => "Confirmed",
            AppointmentStatus::AwaitingCompletion => "Awaiting completion",
            AppointmentStatus::Completed => "Completed",
            AppointmentStatus::NoShow => "No-show",
            AppointmentStatus::Cancelled => "Cancelled",
            AppointmentStatus::Expired => "Expired",
        }
    }

    /// Occupies the doctor's calendar (the statuses the exclusion constraints cover).
    pub fn is_active(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Held
                | AppointmentStatus::AwaitingPayment
                | AppointmentStatus::Pending
                | AppointmentStatus::Confirmed
                | AppointmentStatus::AwaitingCompletion
                | AppointmentStatus::Completed
        )
    }

    /// Still ahead and still on: may be cancelled or moved.
    pub fn is_upcoming(self) -> bool {
        matches!(
            self,
            AppointmentStatus::Held
                | AppointmentStatus::AwaitingPayment
                | AppointmentStatus::Pending
                | AppointmentStatus::Confirmed
        )
    }
}

/// An appointment as its patient, its doctor or an admin sees it. Times are labelled in the viewer's zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentView {
    pub id: uuid::Uuid,
    pub doctor_name: String,
    pub doctor_slug: String,
    pub patient_name: String,
    pub type_id: uuid::Uuid,
    pub type_name: String,
    pub mode: ConsultationMode,
    pub place: String,
    pub location: Option<i16>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// "Mon 23 Nov 2026, 09:30–09:50".
    pub when_label: String,
    pub time_zone: String,
    pub status: AppointmentStatus,
    pub reason: String,
    pub notes: String,
    pub fee_label: String,
    pub meeting_url: Option<String>,
    pub hold_expires_at: Option<DateTime<Utc>>,
    /// The caller may cancel or reschedule it now (policy and cut-off applied on the server).
    pub can_change: bool,
    pub history: Vec<AppointmentEvent>,
}

impl AppointmentView {
    /// The start time alone ("09:30"), from `when_label` ("Mon 23 Nov 2026, 09:30–09:50").
    pub fn starts_at_label(&self) -> String {
        self.when_label.rsplit(", ").next().and_then(|t| t.split('–').next()).unwrap_or("").to_string()
    }
}

/// One row of an appointment's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentEvent {
    pub at_label: String,
    pub actor: String,
    pub from: Option<AppointmentStatus>,
    pub to: AppointmentStatus,
    pub reason: Option<String>,
    pub moved_from: Option<String>,
}

/// The caller's appointments, split at "now".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AppointmentLists {
    pub upcoming: Vec<AppointmentView>,
    pub past: Vec<AppointmentView>,
}

/// One day column of the doctor's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaDay {
    /// `YYYY-MM-DD` in the doctor's zone.
    pub date: String,
    pub label: String,
    pub items: Vec<AppointmentView>,
}

/// The doctor's calendar: days from `from`, pending requests, and visits to mark completed or no-show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Agenda {
    pub from: String,
    pub time_zone: String,
    pub days: Vec<AgendaDay>,
    pub pending: Vec<AppointmentView>,
    pub to_mark: Vec<AppointmentView>,
}

/// What the doctor decides about a pending booking, or records after the visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DoctorAction {
    Confirm,
    Completed,
    NoShow,
}

/// Admin filters for the list of all appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct AppointmentFilter {
    pub status: Option<AppointmentStatus>,
    /// Doctor or patient name, or email (contains, case-insensitive).
    pub who: String,
    /// `YYYY-MM-DD` bounds, inclusive, in UTC.
    pub from: String,
    pub to: String,
    pub page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_classify() {
        for s in AppointmentStatus::ALL {
            assert_eq!(AppointmentStatus::parse(s.as_str()), Some(s));
        }
        assert!(AppointmentStatus::Held.is_active() && !AppointmentStatus::Cancelled.is_active());
        assert!(!AppointmentStatus::Expired.is_active() && !AppointmentStatus::NoShow.is_active());
        assert!(AppointmentStatus::Confirmed.is_upcoming() && !AppointmentStatus::Completed.is_upcoming());
        assert_eq!(ConsultationMode::parse("video"), Some(ConsultationMode::Video));
    }
}
