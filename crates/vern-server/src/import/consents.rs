//! A record's consent events as the consent use case reads them, and whether one is already
//! recorded.

use vern_store::model::{ConsentInput, ConsentRecord};

use super::instant_text;
use super::record::ConsentEvent;
use crate::people::{ConsentFields, EvidenceFields};

/// Whether the consent event `c` is already recorded on every channel it names (at the same
/// instant when the line dates it).
pub(super) fn recorded(history: &[ConsentRecord], c: &ConsentInput, dated: bool) -> bool {
    c.channels.iter().all(|channel| {
        history.iter().any(|r| {
            r.purpose == c.purpose
                && r.channel == channel
                && r.action == c.action
                && r.source == c.source
                && (!dated || r.given_at == c.given_at)
                && r.expires_at == c.expires_at
                && r.evidence.as_ref().is_some_and(|e| {
                    e.text == c.evidence.text
                        && e.version == c.evidence.version
                        && e.reference == c.evidence.reference
                })
        })
    })
}

/// A consent event as the consent use case reads it.
pub(super) fn consent_fields(c: &ConsentEvent) -> ConsentFields {
    ConsentFields {
        purpose: c.purpose.trim().to_owned(),
        channels: c.channels.iter().map(|x| x.trim().to_owned()).collect(),
        state: c.state.trim().to_owned(),
        evidence: EvidenceFields {
            source: c.source.clone().unwrap_or_else(|| "import".to_owned()),
            at: c.date.as_deref().map(instant_text),
            by: c.by.clone(),
            text: c.text.clone(),
            version: c.version.clone(),
            reference: c.reference.clone(),
            ip: c.ip.clone(),
        },
        expires_at: c.expires.as_deref().map(instant_text),
    }
}
