//! The storage port: every use case that must be atomic is one method here; the backend opens
//! the transaction, writes the state and its ledger entries, and commits them together.
//!
//! The port is cut by aggregate: each sub-trait below lives in `store/<aggregate>.rs` and is
//! implemented for the SQL backend in `sql/<aggregate>.rs`. [`Store`] is all of them together,
//! so `Arc<dyn Store>` reaches every method. A new method goes into the sub-trait of the
//! aggregate it writes or reads (or a new sub-trait, added to the `store_of!` list below).

mod breaches;

pub use breaches::BreachStore;
use std::fmt::Debug;

mod admin;
mod api_keys;
mod controllers;
mod erasure;
mod history;
mod ledger;
mod outbox;
mod people;
mod registers;
mod requests;
mod retention;
mod share_links;
mod suppressions;
mod users;
mod webhooks;

pub use admin::AdminStore;
pub use api_keys::ApiKeyStore;
pub use controllers::ControllerStore;
pub use erasure::ErasureStore;
pub use history::HistoryStore;
pub use ledger::LedgerStore;
pub use outbox::OutboxStore;
pub use people::{PeopleSink, PeopleStore};
pub use registers::RegisterStore;
pub use requests::RequestStore;
pub use retention::RetentionStore;
pub use share_links::ShareLinkStore;
pub use suppressions::SuppressionStore;
pub use users::UserStore;
pub use webhooks::WebhookStore;

mod customers;
mod restrictions;
mod terms;

pub use customers::CustomerStore;
pub use restrictions::{LiftedWithNotice, RestrictionStore};
pub use terms::TermsStore;

mod marketing;

pub use marketing::MarketingStore;

mod preferences;

pub use preferences::PreferenceStore;
mod sms;

pub use sms::SmsStore;

mod processors;

pub use processors::ProcessorStore;
mod notices;

pub use notices::NoticeStore;

mod directory;

pub use directory::DirectoryStore;

/// Receives packed chunks: digests (16 bytes each), and for registers one channel byte each.
pub type PackedSink<'s> = dyn for<'a> FnMut(&'a [u8], Option<&'a [u8]>) + Send + 's;

/// `Store` is every sub-trait below, and whatever implements them all is a `Store`: the list is
/// written once, here.
macro_rules! store_of {
    ($($part:ident),+ $(,)?) => {
        /// vern's storage: every aggregate's store in one.
        pub trait Store: Send + Sync + Debug $(+ $part)+ {}

        impl<T> Store for T where T: ?Sized + Send + Sync + Debug $(+ $part)+ {}
    };
}

store_of!(
    AdminStore,
    LedgerStore,
    ApiKeyStore,
    UserStore,
    ControllerStore,
    PeopleStore,
    SuppressionStore,
    RegisterStore,
    HistoryStore,
    RequestStore,
    OutboxStore,
    ShareLinkStore,
    ErasureStore,
    RetentionStore,
    WebhookStore,
    CustomerStore,
    RestrictionStore,
    TermsStore,
    MarketingStore,
    BreachStore,
    PreferenceStore,
    SmsStore,
    ProcessorStore,
    NoticeStore,
    DirectoryStore,
);
