//! Objections, the block list, suppressions kept after erasure and register imports: pinned bytes.

use super::*;

/// This family's samples with the bytes the release before typed events stored for them.
pub(super) fn samples() -> Vec<(LedgerEvent, &'static str)> {
    vec![
        (
            LedgerEvent::ObjectionRecorded(ObjectionRecorded {
                objection: "o1".into(),
                kind: "direct_marketing".into(),
                source: serde_json::json!({ "kind": "agent", "agent_name": "A", "mandate_reference": "m", "mandate_verification": null }),
                controller: Some(3),
                scope: "controller".into(),
                digests: vec!["aa".into(), "bb".into()],
                request: None,
                recipients: Some(BTreeMap::from([
                    ("w2".into(), vec!["h2".into()]),
                    ("w1".into(), vec!["h1".into()]),
                ])),
            }),
            r#"{"controller":3,"digests":["aa","bb"],"kind":"direct_marketing","objection":"o1","recipients":{"w1":["h1"],"w2":["h2"]},"request":null,"scope":"controller","source":{"agent_name":"A","kind":"agent","mandate_reference":"m","mandate_verification":null}}"#,
        ),
        (
            LedgerEvent::ObjectionWithdrawn(ObjectionWithdrawn {
                withdrawal: "w".into(),
                by: serde_json::json!({ "by": "agent", "agent_key": "k", "mandate_reference": "m" }),
                controller: 1,
                objections: vec!["o1".into()],
                suppressions: vec!["s1".into(), "s2".into()],
                digests: vec!["aa".into()],
            }),
            r#"{"by":{"agent_key":"k","by":"agent","mandate_reference":"m"},"controller":1,"digests":["aa"],"objections":["o1"],"suppressions":["s1","s2"],"withdrawal":"w"}"#,
        ),
        (
            LedgerEvent::BlocklistAdded(BlocklistAdded {
                suppression: "s".into(),
                digests: vec!["aa".into()],
                identifier_kind: IdentifierKind::Phone,
                reason: "asked \"never\"".into(),
            }),
            r#"{"digests":["aa"],"identifier_kind":"phone","reason":"asked \"never\"","suppression":"s"}"#,
        ),
        (
            LedgerEvent::BlocklistRemoved(BlocklistRemoved {
                suppression: "s".into(),
                digests: vec!["aa".into()],
                reason: "mistake".into(),
            }),
            r#"{"digests":["aa"],"reason":"mistake","suppression":"s"}"#,
        ),
        (
            LedgerEvent::BlocklistImported(BlocklistImported {
                batch: "b".into(),
                added: 2,
                duplicates: 0,
                reason: "r".into(),
                source: "list.csv".into(),
            }),
            r#"{"added":2,"batch":"b","duplicates":0,"reason":"r","source":"list.csv"}"#,
        ),
        (
            LedgerEvent::SuppressionKept(SuppressionKept {
                person: "p".into(),
                digests: vec!["aa".into()],
            }),
            r#"{"digests":["aa"],"person":"p"}"#,
        ),
        (
            LedgerEvent::RegisterImported(RegisterImported {
                version: "v".into(),
                register: Register::NixTelefon,
                version_date: "2026-11-30".into(),
                entries: 3,
                source: "nix.csv".into(),
                file_digest: "fd".into(),
                replaces: None,
                valid_until: "2026-12-30".into(),
            }),
            r#"{"entries":3,"file_digest":"fd","register":"nix_telefon","replaces":null,"source":"nix.csv","valid_until":"2026-12-30","version":"v","version_date":"2026-11-30"}"#,
        ),
    ]
}
