//! Authentication building blocks. Password hashing now; sessions, extractors and OAuth arrive with accounts.

pub mod password;
