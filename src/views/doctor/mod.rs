//! Doctor area pages.

mod home;

pub use home::DoctorHome;
