//! Public pages: server-rendered, crawlable, complete without JavaScript.

mod home;
mod not_found;

pub use home::Home;
pub use not_found::NotFound;
