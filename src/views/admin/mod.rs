//! Admin area pages.

mod home;
mod users;

pub use home::AdminHome;
pub use users::AdminUsers;
