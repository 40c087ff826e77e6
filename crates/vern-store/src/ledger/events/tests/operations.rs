//! List washes, users, their preferences and sessions, and webhooks.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    let session = SessionChanged {
        user: "u".into(),
        session: "s".into(),
    };
    let old_session = json!({ "user": "u", "session": "s" });
    vec![
        (
            LedgerEvent::WashCompleted(WashCompleted {
                wash: "w".into(),
                list: "spring.csv".into(),
                file_digest: "fd".into(),
                purpose: "offers".into(),
                channel: json!("phone"),
                planned_at: 7,
                registers: json!([{ "register": "nix_telefon", "version": "v" }]),
                counts: json!({ "rows": 10, "kept": 8 }),
                via: "api".into(),
            }),
            json!({
                "wash": "w", "list": "spring.csv", "file_digest": "fd", "purpose": "offers",
                "channel": "phone", "planned_at": 7, "registers": [{ "register": "nix_telefon", "version": "v" }],
                "counts": { "rows": 10, "kept": 8 }, "via": "api",
            }),
        ),
        (
            LedgerEvent::UserCreated(UserCreated {
                id: "u".into(),
                role: Role::Auditor,
            }),
            json!({ "id": "u", "role": Role::Auditor }),
        ),
        (
            LedgerEvent::UserPreferencesChanged(UserPreferencesChanged {
                id: "u".into(),
                language: "fi".into(),
                time_zone: "Europe/Helsinki".into(),
            }),
            json!({ "id": "u", "language": "fi", "time_zone": "Europe/Helsinki" }),
        ),
        (
            LedgerEvent::SessionStarted(session.clone()),
            old_session.clone(),
        ),
        (LedgerEvent::SessionEnded(session), old_session),
        (
            LedgerEvent::WebhookCreated(WebhookCreated {
                webhook: "h".into(),
                name: "mailer".into(),
                url: "https://example.com/hook".into(),
                events: vec!["erasure".into()],
                processor: None,
            }),
            json!({ "webhook": "h", "name": "mailer", "url": "https://example.com/hook", "events": ["erasure"] }),
        ),
        (
            LedgerEvent::WebhookDisabled(WebhookDisabled {
                webhook: "h".into(),
            }),
            json!({ "webhook": "h" }),
        ),
    ]
}
