//! vern's storage: the [`Store`] port and its SQL backend for SQLite (embedded, the default)
//! and PostgreSQL (shared by several servers).
//!
//! Every use case that changes state is one store method that writes the state and its
//! ledger entry in the same transaction. Personal data is sealed with a key per person; the
//! keys live in a keyring apart from the data.

pub mod api_key;
mod codec;
pub mod db;
pub mod error;
pub mod keyring;
pub mod ledger;
pub mod master_key;
pub mod model;
pub mod seal;
mod sql;
pub mod store;
pub mod time_codec;
pub mod user;

pub use api_key::ApiKey;
pub use db::{Dialect, Location};
pub use error::{StoreError, StoreResult};
pub use ledger::{Actor, LedgerEntry, LedgerEvent, NewEntry, Verification};
pub use seal::{InstallationKeys, PersonKey};
pub use sql::SqlStore;
/// The name index's write, for every write that sets or changes a person's name.
pub use sql::index_name;
pub use store::{MarketingStore, Store};
