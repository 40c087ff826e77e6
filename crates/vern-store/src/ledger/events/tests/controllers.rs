//! Controllers, purposes and API keys: pinned bytes.

use super::*;

/// This family's samples with the bytes the release before typed events stored for them.
pub(super) fn samples() -> Vec<(LedgerEvent, &'static str)> {
    vec![
        (LedgerEvent::ControllerCreated(controller()), CONTROLLER),
        (LedgerEvent::ControllerUpdated(controller()), CONTROLLER),
        (LedgerEvent::PurposeCreated(purpose()), PURPOSE),
        (LedgerEvent::PurposeUpdated(purpose()), PURPOSE),
        (
            LedgerEvent::ApiKeyCreated(ApiKeyCreated {
                id: "k".into(),
                name: "crm".into(),
                role: Role::Seller,
                prefix: "vern_abc".into(),
            }),
            r#"{"id":"k","name":"crm","prefix":"vern_abc","role":"seller"}"#,
        ),
        (
            LedgerEvent::ApiKeyRevoked(ApiKeyRevoked {
                id: "k".into(),
                name: "crm".into(),
                role: Role::Seller,
            }),
            r#"{"id":"k","name":"crm","role":"seller"}"#,
        ),
    ]
}

pub(super) const CONTROLLER: &str = r#"{"country":"se","default_region":"SE","dpo_email":null,"dpo_name":"D","dpo_phone":null,"key":"acme","name":"Acme","privacy_notice_url":null,"rules":{"x":1}}"#;

pub(super) fn controller() -> ControllerSaved {
    ControllerSaved {
        key: "acme".into(),
        name: "Acme".into(),
        country: serde_json::json!("se"),
        default_region: "SE".into(),
        dpo_name: Some("D".into()),
        dpo_email: None,
        dpo_phone: None,
        privacy_notice_url: None,
        rules: serde_json::json!({ "x": 1 }),
        public_form: None,
        time_zone: None,
    }
}

pub(super) const PURPOSE: &str = r#"{"channels":["phone"],"data_source":null,"description":"","direct_marketing":true,"dk_telemarketing_exception":false,"holds_fields":[],"key":"news","legal_basis":"consent","name":"News","recipients":["r"],"retention":null}"#;

pub(super) fn purpose() -> PurposeSaved {
    PurposeSaved {
        key: "news".into(),
        name: "News".into(),
        legal_basis: serde_json::json!("consent"),
        direct_marketing: true,
        channels: serde_json::json!(["phone"]),
        retention: Value::Null,
        description: String::new(),
        dk_telemarketing_exception: false,
        recipients: vec!["r".into()],
        data_source: None,
        holds_fields: Vec::new(),
        product_category: None,
        retention_from: None,
        processors: Vec::new(),
    }
}
