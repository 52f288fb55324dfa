//! Doctor area pages.

mod agenda;
mod home;
mod month;
mod schedule;

pub use agenda::DoctorAppointments;
pub use home::DoctorHome;
pub use schedule::DoctorSchedule;
