#![allow(unreachable_pub, missing_debug_implementations, dead_code)]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stdout
)]
//! vern's black-box tests: the real server on port 0 with its own database, spoken to over
//! HTTP, and the real binary. Every test runs on SQLite, and on PostgreSQL too whenever
//! `VERN_TEST_POSTGRES_URL` is set (then a failure to connect fails the test: nothing skips).

mod accountability;
// Issue 20 §3: the admin's pages.
mod admin_ui;
mod breach_notices;
mod breaches;
// Issue 20: bulk loads.
mod bulk;
mod customers;
mod dates;
mod desk;
mod directory;
mod edge;
mod erasure;
mod foundation;
mod harness;
// Moving in and leaving (docs/import.md).
mod import;
// People imported from a spreadsheet in the staff UI.
mod import_ui;
mod ledger_upgrade;
mod marketing;
// Art. 14 notices the outbox gave up.
mod notice_failures;
mod notices;
mod preferences;
// Issue 20: the confirmation of a correction.
mod rectification;
mod register;
mod report;
mod requests;
mod rights;
mod sms;
mod smtp;
mod ui;
mod wash;
mod wash_input;
