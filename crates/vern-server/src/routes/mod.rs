//! The HTTP API, one module per concept.

pub mod check;
pub mod controllers;
pub mod objections;
pub mod people;
pub mod system;
pub mod wash;
