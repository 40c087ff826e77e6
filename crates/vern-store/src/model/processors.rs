//! Processor agreements (GDPR Art. 28) and what the Art. 30 record adds to the configuration.

use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use vern_core::ControllerId;
use vern_core::processor::Transfer;

/// The signed agreement kept in the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementDocument {
    /// Its file name.
    pub name: String,
    /// Its media type.
    pub content_type: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// One data processing agreement (Art. 28(3)) as the register keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorRecord {
    /// Its id.
    pub id: String,
    /// The controller that engaged the processor.
    pub controller: ControllerId,
    /// The processor's name.
    pub name: String,
    /// How to reach the processor (a company address, a function mailbox).
    pub contact: String,
    /// Its sub-processors (Art. 28(2), (4)).
    pub sub_processors: Vec<String>,
    /// The keys of the controller's purposes the agreement covers.
    pub purposes: Vec<String>,
    /// The categories of personal data it covers.
    pub data_categories: Vec<String>,
    /// When it was signed.
    pub signed_on: Date,
    /// When it expires; none while it runs until terminated.
    pub expires_on: Option<Date>,
    /// When it is next to be reviewed.
    pub review_on: Option<Date>,
    /// The transfer to a third country, if any.
    pub transfer: Transfer,
    /// A link to the document kept elsewhere.
    pub document_url: Option<String>,
    /// The document kept here: its name, type and size (the bytes are read on their own).
    pub document: Option<DocumentInfo>,
    /// How many times it was written.
    pub version: i64,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
    /// When it was last changed.
    pub updated_at: OffsetDateTime,
}

/// The stored document's description.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// File name.
    pub name: String,
    /// Media type.
    pub content_type: String,
    /// Size in bytes.
    pub size: u64,
}

/// What an agreement is recorded or replaced with. `document: None` keeps the stored document
/// on a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessorFields {
    /// The controller.
    pub controller: ControllerId,
    /// Name.
    pub name: String,
    /// Contact.
    pub contact: String,
    /// Sub-processors.
    pub sub_processors: Vec<String>,
    /// Purposes covered.
    pub purposes: Vec<String>,
    /// Data categories covered.
    pub data_categories: Vec<String>,
    /// Signed.
    pub signed_on: Date,
    /// Expires.
    pub expires_on: Option<Date>,
    /// Review.
    pub review_on: Option<Date>,
    /// Transfer.
    pub transfer: Transfer,
    /// Link to the document.
    pub document_url: Option<String>,
    /// The document to keep.
    pub document: Option<AgreementDocument>,
}

/// A client controller for whom this controller processes data (Art. 30(2)): a call centre's
/// client, say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientController {
    /// (a) The client's name.
    pub name: String,
    /// (a) Its contact details.
    #[serde(default)]
    pub contact: String,
    /// (a) Its data protection officer, if it has one.
    #[serde(default)]
    pub dpo: Option<String>,
    /// (b) The categories of processing carried out for it.
    #[serde(default)]
    pub processing: Vec<String>,
    /// (c) Transfers to third countries made for it, as text (country and safeguard).
    #[serde(default)]
    pub transfers: Vec<String>,
}

/// What the Art. 30 record needs that the configuration does not say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecordSettings {
    /// Art. 30(1)(g): the security measures, when the controller wrote its own.
    pub security_measures: Option<String>,
    /// Art. 30(2): the client controllers it processes for.
    pub clients: Vec<ClientController>,
}
