//! vern's rules, free of I/O.
//!
//! Everything here is a function over values: identifiers are parsed into types whose only
//! constructor validates, and the contact decision ([`decision::decide`]) is one pure function
//! that every path which could contact a person must ask. Time and randomness come in as
//! arguments; nothing here reads a clock, a file, a socket or a database.

pub mod bookkeeping;
pub mod breach;
pub mod calendar;
pub mod channel;
pub mod consent;
pub mod controller;
pub mod country;
pub mod customer;
pub mod decision;
pub mod digest;
pub mod email;
pub mod fold;
pub mod identifier;
pub mod keyword;
pub mod marketing;
pub mod name_index;
pub mod national_id;
pub mod norway;
pub mod notice;
pub mod objection;
pub mod phone;
pub mod postal;
pub mod preference;
pub mod processor;
pub mod purpose;
pub mod register;
pub mod request;
pub mod retention;
pub mod role;
pub mod sms;
pub mod unsubscribe;
pub mod zone;

pub use bookkeeping::{FinancialYear, RetentionFrom};
pub use channel::{Channel, ChannelSet};
pub use controller::{ControllerFacts, ControllerId, Rule, RuleSet};
pub use country::Country;
pub use customer::{CustomerRelationship, CustomerTerms, ProductCategory};
pub use decision::{
    ContactRequest, ContactState, Decision, PersonFacts, Reason, ReasonCode, decide,
};
pub use digest::{DigestKey, IdentifierDigest};
pub use email::Email;
pub use identifier::{Identifier, IdentifierKind, IdentifierProbe};
pub use national_id::NationalId;
pub use phone::{PhoneNumber, Region};
pub use purpose::{LegalBasis, Purpose, PurposeKey, Retention};
pub use role::Role;
