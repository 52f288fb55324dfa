//! The server half (never compiled to wasm): configuration, database, domain rules, and the axum
//! router that serves the Dioxus app, its server functions and a few plain routes.

pub mod accounts;
pub mod applications;
pub mod auth;
#[cfg(feature = "bench")]
mod bench_cli;
pub mod booking;
pub mod cache;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod directory;
pub mod embedded_pg;
pub mod housekeeping;
pub mod jobs;
pub mod mail;
pub mod notify;
pub mod oidc;
pub mod payments;
pub mod photo;
pub mod reviews;
pub mod scheduling;
pub mod seed;
pub mod specialties;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod verification;
pub mod waitlist;
mod web;

pub use state::AppState;
pub use web::router;
