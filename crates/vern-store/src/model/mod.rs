//! The records the store keeps and returns, one module per aggregate, re-exported here so
//! `vern_store::model::X` keeps working.

mod breaches;
mod consents;
mod controllers;
mod customers;
mod erasure;
mod history;
mod imports;
mod marketing;
mod notices;
mod objections;
mod outbox;
mod people;
mod processors;
mod registers;
mod requests;
mod share_links;
mod sms;
mod suppressions;
mod webhooks;

mod directory;

pub use breaches::*;
pub use consents::*;
pub use controllers::*;
pub use customers::*;
pub use erasure::*;
pub use history::*;
pub use imports::*;
pub use marketing::*;
pub use notices::*;
pub use objections::*;
pub use outbox::*;
pub use people::*;
pub use processors::*;
pub use registers::*;
pub use requests::*;
pub use share_links::*;
pub use sms::*;
pub use suppressions::*;
pub use webhooks::*;

pub use directory::*;
