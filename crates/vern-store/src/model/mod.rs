//! The records the store keeps and returns, one module per aggregate, re-exported here so
//! `vern_store::model::X` keeps working.

mod breaches;
mod consents;
mod controllers;
mod crm;
mod erasure;
mod objections;
mod people;
mod registers;
mod requests;
mod suppressions;
mod webhooks;

pub use breaches::*;
pub use consents::*;
pub use controllers::*;
pub use crm::*;
pub use erasure::*;
pub use objections::*;
pub use people::*;
pub use registers::*;
pub use requests::*;
pub use suppressions::*;
pub use webhooks::*;
