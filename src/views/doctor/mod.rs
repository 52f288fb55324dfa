//! Doctor area pages.

mod agenda;
mod earnings;
mod home;
mod month;
mod schedule;

pub use agenda::DoctorAppointments;
pub use earnings::DoctorEarnings;
pub use home::DoctorHome;
pub use schedule::DoctorSchedule;
