//! Account pages every signed-in user has.

mod devices;
mod security;

pub use devices::Devices;
pub use security::Security;
