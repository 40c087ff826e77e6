//! The HTTP API, one module per concept.

pub(crate) mod breaches;
pub(crate) mod check;
pub(crate) mod controllers;
pub(crate) mod customers;
pub(crate) mod erasure;
pub(crate) mod history;
pub(crate) mod marketing;
pub(crate) mod notices;
pub(crate) mod objections;
pub(crate) mod people;
pub(crate) mod preferences;
pub(crate) mod processors;
pub(crate) mod public_form;
pub(crate) mod report;
pub(crate) mod requests;
pub(crate) mod sms;
pub(crate) mod system;
pub(crate) mod wash;
// Moving in (docs/import.md).
pub(crate) mod imports;

// Issue 20 §3.
pub(crate) mod statistics;
