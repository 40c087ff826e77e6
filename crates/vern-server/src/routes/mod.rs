//! The HTTP API, one module per concept.

pub mod system;
