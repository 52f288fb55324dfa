//! Admin area pages.

mod applications;
mod home;
mod specialties;
mod users;

pub use applications::{AdminApplication, AdminApplications};
pub use home::AdminHome;
pub use specialties::AdminSpecialties;
pub use users::AdminUsers;
