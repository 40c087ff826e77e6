//! The payloads' bytes, pinned: the chain hashes them. One file per family of events, each
//! giving its samples in the order of `LedgerEvent::KINDS`.

use super::*;
use serde_json::json;
use vern_core::IdentifierKind;
use vern_core::register::Register;

mod breaches;
mod controllers;
mod customers;
mod directory;
mod disclosures;
mod marketing;
mod notices;
mod operations;
mod people;
mod processors;
mod requests;
mod sms;
mod suppressions;

/// One sample of every kind, with the bytes the release before typed events stored for it
/// (the `json!` literals the writers used). The chain hashes these bytes: they must not
/// change.
fn samples() -> Vec<(LedgerEvent, &'static str)> {
    suppressions::samples()
        .into_iter()
        .chain(controllers::samples())
        .collect()
}

/// The other kinds: each sample beside the `json!` literal its writer used before typed
/// events, with the same values.
fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    people::written_as_before()
        .into_iter()
        .chain(requests::written_as_before())
        .chain(customers::written_as_before())
        .chain(operations::written_as_before())
        .chain(disclosures::written_as_before())
        .chain(marketing::written_as_before())
        .chain(breaches::written_as_before())
        .chain(sms::written_as_before())
        .chain(processors::written_as_before())
        .chain(notices::written_as_before())
        .chain(directory::written_as_before())
        .collect()
}

#[test]
fn every_kind_stores_the_same_bytes_as_before() {
    let samples: Vec<(LedgerEvent, String)> = samples()
        .into_iter()
        .map(|(e, s)| (e, s.to_owned()))
        .chain(
            written_as_before()
                .into_iter()
                .map(|(e, old)| (e, old.to_string())),
        )
        .collect();
    let covered: Vec<&str> = samples.iter().map(|(e, _)| e.kind()).collect();
    assert_eq!(
        covered,
        LedgerEvent::KINDS,
        "a sample for every kind, in order"
    );
    for (event, stored) in samples {
        assert_eq!(event.payload().to_string(), stored, "{}", event.kind());
        // Read back and written again: still the same bytes.
        let read = LedgerEvent::parse(event.kind(), &stored);
        assert_eq!(read, event, "{} reads back", event.kind());
        assert_eq!(read.payload().to_string(), stored, "{}", event.kind());
    }
}

#[test]
fn an_unknown_kind_or_an_unreadable_payload_is_kept_not_fatal() {
    let newer = LedgerEvent::parse("hologram.projected", r#"{"x":1}"#);
    assert_eq!(newer.kind(), "hologram.projected");
    assert_eq!(newer.payload().to_string(), r#"{"x":1}"#);
    let broken = LedgerEvent::parse("blocklist.added", r#"{"digests":7}"#);
    assert!(matches!(broken, LedgerEvent::Other { .. }));
    assert_eq!(broken.kind(), "blocklist.added");
}
