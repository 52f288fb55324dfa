//! Admin area pages.

mod applications;
mod appointments;
mod home;
mod payments;
mod reviews;
mod specialties;
mod users;

pub use applications::{AdminApplication, AdminApplications};
pub use appointments::AdminAppointments;
pub use home::AdminHome;
pub use payments::{AdminPayment, AdminPayments};
pub use reviews::AdminReviews;
pub use specialties::AdminSpecialties;
pub use users::AdminUsers;
