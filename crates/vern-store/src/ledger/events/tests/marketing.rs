//! Customer relationships, controller terms, business contacts, soft opt-ins and call requests.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        (
            LedgerEvent::CustomerRelationshipStarted(relationship()),
            relationship_json(),
        ),
        (
            LedgerEvent::CustomerRelationshipEnded(relationship()),
            relationship_json(),
        ),
        (
            LedgerEvent::ControllerTermsSet(ControllerTermsSet {
                controller: 1,
                financial_year_start_month: 7,
                nix_telefon_months: 6,
                reservasjonsregisteret_months: 12,
            }),
            json!({ "controller": 1, "financial_year_start_month": 7, "nix_telefon_months": 6, "reservasjonsregisteret_months": 12 }),
        ),
        (
            LedgerEvent::BusinessContactSet(BusinessContactSet {
                person: "p".into(),
                business_contact: true,
            }),
            json!({ "person": "p", "business_contact": true }),
        ),
        (
            LedgerEvent::SoftOptInRecorded(SoftOptInRecorded {
                soft_opt_in: "s".into(),
                person: "p".into(),
                deal: "d".into(),
                identifier_kind: "email".into(),
                digest: "aa".into(),
                product_category: "bikes".into(),
                opt_out_offered: true,
                obtained_at: 7,
            }),
            json!({ "soft_opt_in": "s", "person": "p", "deal": "d", "identifier_kind": "email", "digest": "aa", "product_category": "bikes", "opt_out_offered": true, "obtained_at": 7 }),
        ),
        (
            LedgerEvent::CallRequestRecorded(CallRequestRecorded {
                call_request: "c".into(),
                person: "p".into(),
                requested_at: 7,
            }),
            json!({ "call_request": "c", "person": "p", "requested_at": 7 }),
        ),
    ]
}

pub(super) fn relationship() -> CustomerRelationshipChanged {
    CustomerRelationshipChanged {
        relationship: "cr".into(),
        person: "p".into(),
        product_category: "broadband".into(),
        started: "2026-01-15".into(),
        ended: None,
        deal: Some("d".into()),
    }
}

pub(super) fn relationship_json() -> Value {
    json!({ "relationship": "cr", "person": "p", "product_category": "broadband", "started": "2026-01-15", "ended": null, "deal": "d" })
}
