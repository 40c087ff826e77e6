//! The preference centre shown, and SMS numbers, gateways and messages.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::PreferencesShown(PreferencesShown {
                link_issued_at: 1_800_000_000,
            }),
            json!({ "link_issued_at": 1_800_000_000 }),
        ),
        (
            LedgerEvent::SmsNumberSet(SmsNumberSet {
                number: "n".into(),
                purposes: vec!["nyheter".into()],
                has_all_keyword: true,
                confirm_window_minutes: 1440,
            }),
            json!({ "number": "n", "purposes": ["nyheter"], "has_all_keyword": true, "confirm_window_minutes": 1440 }),
        ),
        (
            LedgerEvent::SmsGatewaySet(SmsGatewaySet { key: "k".into() }),
            json!({ "key": "k" }),
        ),
        (
            LedgerEvent::SmsReceived(SmsReceived {
                inbound: "i".into(),
                message_id: "m".into(),
                number: "n".into(),
                effect: "withdrawn".into(),
                purposes: vec!["nyheter".into()],
                digest: "aa".into(),
                reply: None,
            }),
            json!({ "inbound": "i", "message_id": "m", "number": "n", "effect": "withdrawn", "purposes": ["nyheter"], "digest": "aa", "reply": null }),
        ),
        (
            LedgerEvent::SmsOpened(SmsOpened {
                inbound: "i".into(),
            }),
            json!({ "inbound": "i" }),
        ),
    ]
}
