//! The customer history: activities, deals and todos.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::ActivityRecorded(ActivityRecorded {
                activity: "a".into(),
                person: "p".into(),
                kind: "call".into(),
                channel: json!("phone"),
                owner: None,
            }),
            json!({ "activity": "a", "person": "p", "kind": "call", "channel": "phone", "owner": null }),
        ),
        (
            LedgerEvent::DealRecorded(DealRecorded {
                deal: "d".into(),
                person: "p".into(),
                amount_minor: 129_900,
                currency: "SEK".into(),
                stage: "won".into(),
                owner: Some("sara".into()),
            }),
            json!({ "deal": "d", "person": "p", "amount_minor": 129_900, "currency": "SEK", "stage": "won", "owner": "sara" }),
        ),
        (
            LedgerEvent::TodoRecorded(TodoRecorded {
                todo: "t".into(),
                person: "p".into(),
                owner: None,
            }),
            json!({ "todo": "t", "person": "p", "owner": null }),
        ),
    ]
}
