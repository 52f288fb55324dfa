//! Public pages: server-rendered, crawlable, complete without JavaScript.

mod booking;
mod directory_parts;
mod doctor_page;
mod doctor_reviews;
mod doctors;
mod home;
mod near_me;
mod not_found;
mod specialty_page;
mod waitlist_box;

pub use doctor_page::DoctorPage;
pub use doctors::Doctors;
pub use home::Home;
pub use not_found::NotFound;
pub use specialty_page::SpecialtyPage;
