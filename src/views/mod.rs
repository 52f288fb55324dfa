//! Pages, grouped by audience. One page per file.

pub mod account;
pub mod admin;
pub mod apply;
pub mod auth;
pub mod dev;
pub mod doctor;
pub mod links;
pub mod patient;
pub mod public;
