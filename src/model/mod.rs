//! Shared data types (DTOs) that cross the wire between server functions and pages, plus the pure rules
//! both sides run (formatting, slugs, validation). No server-only dependencies here.

pub mod admin;
pub mod application;
pub mod auth;
pub mod booking;
pub mod booking_form;
mod compact;
pub mod directory;
pub mod doctor;
pub mod fold;
pub mod html;
pub mod ledger;
pub mod mail;
pub mod money;
pub mod notification;
pub mod payment;
pub mod profile;
pub mod reminder;
pub mod review;
pub mod schedule;
pub mod search;
pub mod slug;
pub mod specialty;
pub mod waitlist;

pub use auth::{Role, SessionUser};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};

/// What a URL query value must escape: everything but RFC 3986 unreserved characters.
pub const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// `s` percent-encoded (all but RFC 3986 unreserved): a query value, a form field or a path segment.
pub fn form_value(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, QUERY_VALUE).to_string()
}
pub use directory::{DirectoryStats, DoctorSummary, HomeData, Specialty};
