//! Doctor area pages.

mod agenda;
mod earnings;
mod home;
mod month;
mod reviews;
mod schedule;

pub use agenda::DoctorAppointments;
pub use earnings::DoctorEarnings;
pub use home::DoctorHome;
pub use reviews::DoctorReviews;
pub use schedule::DoctorSchedule;
