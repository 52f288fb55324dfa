//! Patient area pages.

mod home;

pub use home::PatientHome;
