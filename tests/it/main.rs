//! Integration tests in one binary (one link instead of one per file): each module is a former `tests/*.rs`
//! file, all over the real router and a fresh database per test (`#[sqlx::test]`).

mod common;

mod api_directory;
mod applications;
mod auth_flow;
mod booking_lifecycle;
mod booking_links;
mod booking_race;
mod compression;
mod crash;
mod deadlock;
mod dev_outbox;
mod errors;
mod health;
mod hostile_input;
mod housekeeping;
mod jobs;
mod ledger;
mod mail_smtp;
mod oidc;
mod password_reset;
mod payments;
mod postings;
mod profile;
mod reminders;
mod reviews;
mod schedule;
mod schedule_cache;
mod search;
mod security;
mod seed;
mod sessions;
mod soonest;
mod specialties;
mod sslcommerz;
mod ssr_smoke;
mod stripe_refunds;
mod two_factor;
mod waitlist;
