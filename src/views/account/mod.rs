//! Account pages every signed-in user has.

mod devices;
mod security;
mod two_factor;

pub use devices::Devices;
pub use security::Security;
