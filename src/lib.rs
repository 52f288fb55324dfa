//! Carebook: an open-source doctor-appointment and patient-management system.
//! One crate, two halves: the server (feature `server`) renders pages and runs server functions against
//! Postgres; the browser half (feature `web`, wasm32) hydrates those pages and calls the same functions.

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod head;
pub mod layouts;
pub mod model;
pub mod route;
pub mod views;

#[cfg(feature = "server")]
pub mod server;
