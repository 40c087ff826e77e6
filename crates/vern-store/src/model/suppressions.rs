//! Suppressions, block-list imports and what the in-memory index holds of them.

use serde::Serialize;
use time::OffsetDateTime;
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind};

/// A suppression as stored (digest only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SuppressionRecord {
    /// Id.
    pub id: String,
    /// The digest, hex.
    pub digest: String,
    /// Which kind of identifier it is the digest of.
    pub identifier_kind: IdentifierKind,
    /// One controller, or none for all.
    pub controller: Option<ControllerId>,
    /// Channels covered.
    pub channels: ChannelSet,
    /// `blocklist` or `objection:<source>`.
    pub source: String,
    /// The objection behind it.
    pub objection_id: Option<String>,
    /// Why (block list entries).
    pub reason: Option<String>,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Removed (block list entries can be removed; objections cannot).
    #[serde(with = "time::serde::rfc3339::option")]
    pub removed_at: Option<OffsetDateTime>,
}

/// The result of a bulk block-list import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ImportOutcome {
    /// New entries.
    pub added: u64,
    /// Entries already on the list (or repeated in the input).
    pub duplicates: u64,
}

/// An active suppression as the index holds it.
#[derive(Debug, Clone, Copy)]
pub struct IndexedSuppression {
    /// The digest.
    pub digest: IdentifierDigest,
    /// The suppression.
    pub suppression: vern_core::objection::Suppression,
}

impl SuppressionRecord {
    /// The digest and the suppression as the decision reads them.
    pub fn as_indexed(&self) -> crate::error::StoreResult<IndexedSuppression> {
        let digest = IdentifierDigest::from_hex(&self.digest)
            .ok_or_else(|| crate::codec::integrity("digest"))?;
        let suppression = crate::codec::suppression_from(
            self.controller.map(|c| c.0),
            crate::codec::channels_to_i64(self.channels),
            &self.source,
        )?;
        Ok(IndexedSuppression {
            digest,
            suppression,
        })
    }
}
