//! Personal-data breaches: opened, updated, notices.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::BreachOpened(BreachStep {
                breach: "b".into(),
                step: "opened".into(),
                version: 1,
            }),
            json!({ "breach": "b", "step": "opened", "version": 1 }),
        ),
        (
            LedgerEvent::BreachUpdated(BreachStep {
                breach: "b".into(),
                step: "assessed".into(),
                version: 2,
            }),
            json!({ "breach": "b", "step": "assessed", "version": 2 }),
        ),
        (
            LedgerEvent::BreachNotice(BreachNotice {
                breach: "b".into(),
                outcome: "queued".into(),
                message: Some("m".into()),
            }),
            json!({ "breach": "b", "outcome": "queued", "message": "m" }),
        ),
    ]
}
