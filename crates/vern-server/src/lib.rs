//! vern's HTTP server: the REST API with OpenAPI generated from the code, API-key
//! authentication with roles, and the background jobs that keep every process's views current.
//!
//! The modules are private: what the binary (`vern`), its integration tests and the benchmark
//! use is re-exported here, and nothing else is reachable from outside, so that a route, a page
//! or a use case can change without a look beyond this crate.
#![warn(unreachable_pub)]

mod app;
mod art14;
mod auth;
mod blocklist;
mod breaches;
mod check;
mod clock;
mod customers;
mod delivery;
mod edge;
mod erasure;
mod error;
mod extract;
mod follower;
mod fptable;
mod front;
mod gauges;
mod guard;
mod history;
mod import;
mod index;
mod input;
mod jobs;
mod key_cache;
mod lang;
mod marketing;
mod messages;
mod notify;
mod objection;
mod observe;
mod openapi;
mod people;
mod preferences;
mod processors;
mod proxy;
mod registers;
// Issue 20 §3: files staff load from the UI (a register version, a block list).
mod report;
mod requests;
mod restriction;
mod routes;
mod settings;
mod share_link;
mod sms;
mod spreadsheet;
mod state;
mod ui;
mod uploads;
mod wash;

// Issue 20 §3: the admin's pages and what they share with the API.
mod controllers;
mod statistics;
mod trash;
mod webhooks;

// Serving: `vern serve` and the test harness.
pub use app::{Built, build_app, build_app_without_people, open_store, serve};
pub use clock::Clock;
pub use follower::Follower;
pub use gauges::Gauges;
pub use lang::Lang;
pub use proxy::TrustedProxies;
pub use settings::{Environment, Layer, Settings};

// Work the CLI runs by hand, and the tests run without waiting for the jobs.
pub use erasure::{purge, purge_due, run_retention, signature as webhook_signature};
pub use jobs::deadlines::flag_deadlines;
pub use settings::{
    ErasureSettings, MailSettings, RetentionRule, SmsGatewaySettings, SmtpSettings, SmtpTls,
};

/// Staff passwords: `vern users` sets them, the web UI checks them.
pub mod password {
    pub use crate::ui::password::{acceptable, generate, hash};
}

/// SMS gateways: a new signing secret, for `vern sms gateway`.
pub mod inbound_sms {
    pub use crate::sms::new_gateway_secret;
}

/// Delivering the outbox's messages: the delivery job's work, for the tests that run it by hand.
pub mod outbox {
    pub use crate::delivery::{Deliverer, LEASE, deliver_due, run};
}

/// The messages written to people, for the tests that deliver them.
pub mod message {
    pub use crate::messages::{format_date, request_received, template, to_message};
}

/// Reading a public register's file: `vern registers import`.
pub use registers::parse as parse_register;

/// Bulk imports (issue 20): a block-list file and a register version, for every door.
pub use blocklist::{
    BlocklistFile, BlocklistImport, BlocklistImportError, import as import_blocklist,
};
pub use registers::{
    RegisterImport, RegisterImportError, import_version as import_register_version,
};

/// Washing a list: what `vern wash` and `vern blocklist` use of the engine.
pub mod washing {
    pub use crate::wash::WashError;
    pub use crate::wash::input::{EMAIL_HEADERS, PHONE_HEADERS, find_columns, sniff_delimiter};
    pub use crate::wash::record::{PlanError, PlanInput, Recording, RunError, Washer, plan};
    pub use crate::wash::records::{lines, unix_line_endings};
}

/// Moving in and leaving: `vern import people` and `vern export people` (docs/import.md).
pub mod people_import {
    pub use crate::import::export::{Format, export};
    pub use crate::import::sheet::{Mapping, Sheet, SheetError};
    pub use crate::import::{
        ActivityEntry, BATCH, ConsentEvent, DealEntry, Failure, Importer, Line, ObjectionEntry,
        Options, Outcome, PersonRecord, Relationship, Summary, TodoEntry,
    };
    pub use crate::wash::input::Encoding;
}

// The suppression index's tables, for the check benchmark.
pub use fptable::FpTable;
pub use index::{RegisterIndex, SuppressionTable};
