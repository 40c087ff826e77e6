//! Art. 14 notices: owed, queued, sent, failed, exempted, and their text.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::NoticeArt14Owed(Art14Step {
                person: "p".into(),
                source: Some("purchased_list".into()),
                due_at: Some(1_800_000_000),
                message: None,
                via: None,
                exemption: None,
                failure: None,
                cause: None,
            }),
            json!({ "person": "p", "source": "purchased_list", "due_at": 1_800_000_000 }),
        ),
        (
            LedgerEvent::NoticeArt14Queued(art14_message("email")),
            json!({ "person": "p", "message": "m", "via": "email" }),
        ),
        (
            LedgerEvent::NoticeArt14Sent(art14_message("email")),
            json!({ "person": "p", "message": "m", "via": "email" }),
        ),
        (
            LedgerEvent::NoticeArt14Failed(art14_message("sms")),
            json!({ "person": "p", "message": "m", "via": "sms" }),
        ),
        (
            LedgerEvent::NoticeArt14Exempted(Art14Step {
                person: "p".into(),
                source: None,
                due_at: None,
                message: None,
                via: None,
                exemption: Some("required_by_law".into()),
                failure: None,
                cause: None,
            }),
            json!({ "person": "p", "exemption": "required_by_law" }),
        ),
        (
            LedgerEvent::NoticeArt14Requeued(Art14Step {
                person: "p".into(),
                source: None,
                due_at: None,
                message: None,
                via: None,
                exemption: None,
                failure: None,
                cause: Some("address_changed".into()),
            }),
            json!({ "person": "p", "cause": "address_changed" }),
        ),
        (
            LedgerEvent::NoticeArt14TextSet(Art14TextSet {
                controller: 1,
                language: "sv".into(),
                set: true,
            }),
            json!({ "controller": 1, "language": "sv", "set": true }),
        ),
    ]
}

pub(super) fn art14_message(via: &str) -> Art14Step {
    Art14Step {
        person: "p".into(),
        source: None,
        due_at: None,
        message: Some("m".into()),
        via: Some(via.into()),
        exemption: None,
        failure: None,
        cause: None,
    }
}
