//! Sign-in, sign-up and email confirmation pages (inside `AuthShell`).

mod forgot_password;
mod link_account;
mod reset_password;
mod sign_in;
mod sign_up;
mod verify_email;

pub use forgot_password::ForgotPassword;
pub use link_account::LinkAccount;
pub use reset_password::ResetPassword;
pub use sign_in::SignIn;
pub use sign_up::SignUp;
pub use verify_email::VerifyEmail;
