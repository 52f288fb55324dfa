//! Account pages every signed-in user has.

mod devices;
mod profile;
mod reminders;
mod security;
mod two_factor;

pub use devices::Devices;
pub use profile::Profile;
pub use security::Security;
