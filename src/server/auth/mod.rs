//! Authentication building blocks: passwords, sessions and their cookie, request extractors, email
//! tokens, rate limits and the audit log.

pub mod audit;
pub mod cookie;
pub mod email_token;
pub mod extract;
pub mod password;
pub mod rate_limit;
pub mod session;
pub mod totp;
