//! Page shells by audience: public pages get the header and footer; sign-in pages a bare card; signed-in
//! areas a shell per role behind `RequireRole`.

mod app_shell;
mod auth_shell;
mod menu;
mod public_shell;
pub mod session;

pub use app_shell::{AccountShell, AdminShell, DoctorShell, PatientShell};
pub use auth_shell::AuthShell;
pub use public_shell::PublicShell;
