//! Shared data types (DTOs) that cross the wire between server functions and pages, plus the pure rules
//! both sides run (formatting, slugs, validation). No server-only dependencies here.

pub mod directory;
pub mod money;
pub mod slug;

pub use directory::{DirectoryStats, DoctorSummary, HomeData, Specialty};
