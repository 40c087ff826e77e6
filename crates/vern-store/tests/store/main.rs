#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
//! vern-store's own tests: one short story per sub-trait of the [`vern_store::Store`] port, run
//! against a real `SqlStore` on SQLite (in a temporary directory) and, when
//! `VERN_TEST_POSTGRES_URL` is set, on PostgreSQL (a fresh database per story, dropped at its
//! end). Each story writes through the trait, reads back, and checks the ledger entries the
//! writes left (every state change and every disclosure is one, GDPR Art. 5(2) accountability)
//! and that the chain still verifies.

mod harness;

mod admin;
mod api_keys;
mod breaches;
mod controllers;
mod erasure;
mod facts;
mod history;
mod ledger;
mod notices;
mod outbox;
mod people;
mod preferences;
mod processors;
mod registers;
mod requests;
mod retention;
mod share_links;
mod stored_people;
mod suppressions;
mod users;
mod webhooks;
