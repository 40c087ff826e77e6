//! The HTTP API, one module per concept.

pub mod breaches;
pub mod check;
pub mod controllers;
pub mod erasure;
pub mod history;
pub mod objections;
pub mod people;
pub mod public_form;
pub mod report;
pub mod requests;
pub mod system;
pub mod wash;
