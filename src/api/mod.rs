//! Server functions: thin, one file per resource, each with an explicit route. They check the caller,
//! call into `server::*`, and return `model::*` types or a typed `AppError`. Compiled on both sides: the
//! macros turn each into an HTTP client stub in the browser.

pub mod account;
pub mod admin;
pub mod applications;
pub mod appointments;
pub mod auth;
pub mod booking_links;
pub mod dev;
pub mod doctors;
pub mod notifications;
pub mod payments;
pub mod profile;
pub mod reminders;
pub mod reviews;
pub mod schedule;
pub mod specialties;
pub mod two_factor;
pub mod waitlist;
