//! Page shells by audience. Public pages get the header and footer; role shells arrive with accounts.

mod public_shell;

pub use public_shell::PublicShell;
