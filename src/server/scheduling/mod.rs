//! Scheduling: doctors' availability rules and the free slots they leave (booking builds on this).

pub mod cache;
pub mod rules;
pub mod schedule;
pub mod slots;
pub mod soonest;
