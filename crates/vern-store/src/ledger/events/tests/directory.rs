//! The people directory, the name index, people imported and exported.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::PeopleListed(PeopleListed {
                people: vec!["p".into()],
                filters: vec!["name".into()],
                via: None,
            }),
            json!({ "people": ["p"], "filters": ["name"] }),
        ),
        (
            LedgerEvent::NameIndexRebuilt(NameIndexRebuilt {
                generation: 2,
                people: 3,
                reason: "rotation".into(),
            }),
            json!({ "generation": 2, "people": 3, "reason": "rotation" }),
        ),
        (
            LedgerEvent::PersonImported(PersonImported {
                person: "p".into(),
                import: "i".into(),
                outcome: "created".into(),
                identifier_kinds: vec!["phone".into()],
                lists: vec!["vip".into()],
                consents: vec!["c".into()],
                relationships: vec![],
                source: Some("purchased_list".into()),
            }),
            json!({
                "person": "p", "import": "i", "outcome": "created", "identifier_kinds": ["phone"],
                "lists": ["vip"], "consents": ["c"], "relationships": [], "source": "purchased_list",
            }),
        ),
        (
            LedgerEvent::ImportBatch(ImportBatchWritten {
                import: "i".into(),
                batch: 1,
                created: 2,
                updated: 1,
                unchanged: 4,
                rejected: 3,
                via: "cli".into(),
            }),
            json!({
                "import": "i", "batch": 1, "created": 2, "updated": 1, "unchanged": 4,
                "rejected": 3, "via": "cli",
            }),
        ),
        (
            LedgerEvent::PeopleExported(PeopleExported {
                format: "csv".into(),
                people: 7,
                via: "cli".into(),
            }),
            json!({ "format": "csv", "people": 7, "via": "cli" }),
        ),
    ]
}
