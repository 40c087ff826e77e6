//! Processor agreements and the record of processing's settings.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::ProcessorCreated(ProcessorSaved {
                processor: "p".into(),
                name: "Mailer AB".into(),
                version: 1,
                document_sha256: Some("aa".into()),
            }),
            json!({ "processor": "p", "name": "Mailer AB", "version": 1, "document_sha256": "aa" }),
        ),
        (
            LedgerEvent::ProcessorUpdated(ProcessorSaved {
                processor: "p".into(),
                name: "Mailer AB".into(),
                version: 2,
                document_sha256: None,
            }),
            json!({ "processor": "p", "name": "Mailer AB", "version": 2, "document_sha256": null }),
        ),
        (
            LedgerEvent::RecordSettingsSet(RecordSettingsSet {
                own_security_measures: true,
                clients: vec!["Kund AB".into()],
            }),
            json!({ "own_security_measures": true, "clients": ["Kund AB"] }),
        ),
    ]
}
