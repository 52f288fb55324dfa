//! Patient area pages.

mod appointments;
mod home;
mod payment;

pub use appointments::PatientAppointments;
pub use home::PatientHome;
pub use payment::PatientPayment;
