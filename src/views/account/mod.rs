//! Account pages every signed-in user has.

mod devices;

pub use devices::Devices;
