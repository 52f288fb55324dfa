//! Patient area pages.

mod appointments;
mod home;

pub use appointments::PatientAppointments;
pub use home::PatientHome;
