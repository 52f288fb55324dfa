//! Development-only pages.

mod outbox;

pub use outbox::DevOutbox;
