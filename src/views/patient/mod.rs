//! Patient area pages.

mod appointments;
mod home;
mod payment;
mod payments;
mod review;
mod waitlist;

pub use appointments::PatientAppointments;
pub use home::PatientHome;
pub use payment::PatientPayment;
pub use payments::{PatientPayments, PatientReceipt};
pub use review::PatientReview;
pub use waitlist::PatientWaitlist;
