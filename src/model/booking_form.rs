//! The booking form's rules (reason and notes; a cancellation's reason), run in the browser and again on
//! the server.

use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;

/// The reason and notes a patient gives when confirming a held slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BookingForm {
    pub reason: String,
    pub notes: String,
}

impl BookingForm {
    /// The same checks in the browser and on the server.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = self.reason.trim();
        if reason.chars().count() < 3 {
            errors.insert("reason".into(), "Tell the doctor briefly why you're coming (at least 3 characters).".into());
        } else if reason.chars().count() > 500 {
            errors.insert("reason".into(), "Keep the reason under 500 characters.".into());
        }
        if self.notes.chars().count() > 2000 {
            errors.insert("notes".into(), "Keep notes under 2,000 characters.".into());
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// A cancellation needs a reason (it is shown to the other side and kept in the history).
pub fn validate_cancel_reason(reason: &str) -> Result<(), FieldErrors> {
    let n = reason.trim().chars().count();
    if n < 3 {
        return Err(FieldErrors::from([("reason".into(), "Please give a reason (at least 3 characters).".into())]));
    }
    if n > 500 {
        return Err(FieldErrors::from([("reason".into(), "Keep the reason under 500 characters.".into())]));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booking_form_rules() {
        assert!(BookingForm { reason: "Chest pain on stairs".into(), notes: String::new() }.validate().is_ok());
        let e = BookingForm { reason: " a ".into(), notes: "x".repeat(2001) }.validate().unwrap_err();
        assert_eq!(e.keys().collect::<Vec<_>>(), ["notes", "reason"]);
        assert!(validate_cancel_reason("ok").is_err());
        assert!(validate_cancel_reason("Feeling better").is_ok());
    }
}
