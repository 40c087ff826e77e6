//! A person's life: created, updated, consents, restrictions, erasure, purge, anonymization, retention.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    let consent = ConsentChanged {
        person: "p".into(),
        event: "e".into(),
        purpose: "offers".into(),
        channels: json!(["email"]),
        source: "web_form".into(),
        given_at: 1_700_000_000_000_000,
    };
    let old_consent = json!({
        "person": "p", "event": "e", "purpose": "offers", "channels": ["email"],
        "source": "web_form", "given_at": 1_700_000_000_000_000_i64,
    });
    let restriction = RestrictionChanged {
        person: "p".into(),
        restriction: "x".into(),
        request: None,
        recipients: None,
    };
    let old_restriction = json!({ "person": "p", "restriction": "x", "request": null });
    let purged = PersonPurged {
        person: "p".into(),
        digests: vec!["aa".into()],
        shredded: false,
        kept: json!([{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }]),
        consents: 1,
        history_anonymized: 2,
        requests_anonymized: 0,
        recipients: None,
    };
    let old_purged = json!({
        "person": "p", "digests": ["aa"], "shredded": false, "kept": [{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }],
        "consents": 1, "history_anonymized": 2,
        "requests_anonymized": 0,
    });
    vec![
        (
            LedgerEvent::PersonCreated(PersonCreated {
                person: "p".into(),
                identifier_kinds: vec!["email".into(), "phone".into()],
                lists: vec!["vip".into()],
            }),
            json!({ "person": "p", "identifier_kinds": ["email", "phone"], "lists": ["vip"] }),
        ),
        (
            LedgerEvent::PersonUpdated(PersonUpdated {
                person: "p".into(),
                fields: BTreeMap::from([("name".into(), json!({ "old": "d1", "new": "d2" }))]),
                lists: Vec::new(),
                request: Some("r".into()),
                recipients: None,
                person_told: None,
            }),
            json!({ "person": "p", "fields": { "name": { "old": "d1", "new": "d2" } }, "lists": [], "request": "r" }),
        ),
        (
            LedgerEvent::ConsentGranted(consent.clone()),
            old_consent.clone(),
        ),
        (LedgerEvent::ConsentWithdrawn(consent), old_consent),
        (
            LedgerEvent::RestrictionPlaced(restriction.clone()),
            old_restriction.clone(),
        ),
        (LedgerEvent::RestrictionLifted(restriction), old_restriction),
        (
            LedgerEvent::PersonErased(PersonErased {
                person: "p".into(),
                reason: "asked".into(),
                messages: vec!["m".into()],
            }),
            json!({ "person": "p", "reason": "asked", "messages": ["m"] }),
        ),
        (
            LedgerEvent::PersonRestored(PersonRestored {
                person: "p".into(),
                messages_withdrawn: 1,
                messages: Vec::new(),
            }),
            json!({ "person": "p", "messages_withdrawn": 1_usize, "messages": [] }),
        ),
        (
            LedgerEvent::PersonPurged(purged.clone()),
            old_purged.clone(),
        ),
        (LedgerEvent::PersonAnonymized(purged), old_purged),
        (
            LedgerEvent::RetentionFieldsPurged(RetentionFieldsPurged {
                person: "p".into(),
                purposes: vec!["offers".into()],
                fields: 2,
            }),
            json!({ "person": "p", "purposes": ["offers"], "fields": 2_u64 }),
        ),
        (
            LedgerEvent::RetentionMessagesPruned(RetentionMessagesPruned {
                deleted: 3,
                before: -5,
            }),
            json!({ "deleted": 3_u64, "before": -5_i64 }),
        ),
    ]
}
