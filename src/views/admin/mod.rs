//! Admin area pages.

mod applications;
mod home;
mod users;

pub use applications::{AdminApplication, AdminApplications};
pub use home::AdminHome;
pub use users::AdminUsers;
