//! Admin area pages.

mod home;

pub use home::AdminHome;
