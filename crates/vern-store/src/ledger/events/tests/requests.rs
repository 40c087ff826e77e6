//! Requests and their steps, the messages sent about them and share links.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    let step = RequestStep {
        request: "r".into(),
        kind: "access".into(),
        state: "in_progress".into(),
        details: json!({ "months": 2, "reason": "many" }),
    };
    let old_step = json!({ "request": "r", "kind": "access", "state": "in_progress", "details": { "months": 2, "reason": "many" } });
    let attempt = MessageAttempt {
        message: "m".into(),
        request: None,
        template: "erasure_confirmation".into(),
        attempts: 1,
        error: Some("refused".into()),
    };
    let old_attempt = json!({ "message": "m", "request": null, "template": "erasure_confirmation", "attempts": 1, "error": "refused" });
    vec![
        (
            LedgerEvent::RequestReceived(RequestReceived {
                request: "r".into(),
                kind: "access".into(),
                received_via: "letter".into(),
                received_at: 10,
                due_at: 20,
                person: Some("p".into()),
                verified: Some(None),
            }),
            json!({
                "request": "r", "kind": "access", "received_via": "letter", "received_at": 10,
                "due_at": 20, "person": "p", "verified": null,
            }),
        ),
        (
            LedgerEvent::RequestVerificationRequested(step.clone()),
            old_step.clone(),
        ),
        (LedgerEvent::RequestVerified(step.clone()), old_step.clone()),
        (LedgerEvent::RequestExtended(step.clone()), old_step.clone()),
        (
            LedgerEvent::RequestCompleted(step.clone()),
            old_step.clone(),
        ),
        (LedgerEvent::RequestRejected(step.clone()), old_step.clone()),
        (LedgerEvent::RequestAssigned(step.clone()), old_step.clone()),
        (LedgerEvent::RequestLinked(step.clone()), old_step.clone()),
        (LedgerEvent::RequestNoted(step), old_step),
        (
            LedgerEvent::RequestFlagged(RequestFlagged {
                request: "r".into(),
                flag: "overdue".into(),
            }),
            json!({ "request": "r", "flag": "overdue" }),
        ),
        (
            LedgerEvent::MessageQueued(MessageQueued {
                message: "m".into(),
                request: Some("r".into()),
                template: "code".into(),
                channel: "sms".into(),
                language: "sv".into(),
            }),
            json!({ "message": "m", "request": "r", "template": "code", "channel": "sms", "language": "sv" }),
        ),
        (
            LedgerEvent::MessageSent(attempt.clone()),
            old_attempt.clone(),
        ),
        (
            LedgerEvent::MessageRetrying(attempt.clone()),
            old_attempt.clone(),
        ),
        (LedgerEvent::MessageFailed(attempt), old_attempt),
        (
            LedgerEvent::ShareLinkCreated(ShareLinkCreated {
                link: "l".into(),
                person: "p".into(),
                expires_at: 99,
            }),
            json!({ "link": "l", "person": "p", "expires_at": 99 }),
        ),
        (
            LedgerEvent::ShareLinkRevoked(ShareLinkRevoked {
                link: "l".into(),
                person: "p".into(),
            }),
            json!({ "link": "l", "person": "p" }),
        ),
    ]
}
