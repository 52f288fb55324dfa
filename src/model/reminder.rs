//! Appointment reminders: their kinds (Postgres enum `reminder_kind`) and a user's choice of which to get.

use serde::{Deserialize, Serialize};

/// When a reminder goes out, relative to the visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "server", derive(sqlx::Type), sqlx(type_name = "reminder_kind", rename_all = "snake_case"))]
pub enum ReminderKind {
    /// A week before, at 15:00 in the patient's zone (visits booked further ahead).
    Week,
    /// The day before, at 15:00 in the patient's zone.
    Day,
    /// Two hours before.
    Hours,
}

impl ReminderKind {
    pub const ALL: [ReminderKind; 3] = [ReminderKind::Week, ReminderKind::Day, ReminderKind::Hours];

    /// How the account page names it.
    pub fn label(self) -> &'static str {
        match self {
            ReminderKind::Week => "A week before (visits booked further ahead)",
            ReminderKind::Day => "The day before, mid-afternoon",
            ReminderKind::Hours => "2 hours before",
        }
    }

    /// When, in a sentence ("your appointment … is tomorrow").
    pub fn when(self) -> &'static str {
        match self {
            ReminderKind::Week => "in a week",
            ReminderKind::Day => "tomorrow",
            ReminderKind::Hours => "in 2 hours",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReminderKind::Week => "week",
            ReminderKind::Day => "day",
            ReminderKind::Hours => "hours",
        }
    }
}

/// One kind of reminder and whether the user gets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderSetting {
    pub kind: ReminderKind,
    pub on: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_use_the_database_names() {
        for k in ReminderKind::ALL {
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
}
