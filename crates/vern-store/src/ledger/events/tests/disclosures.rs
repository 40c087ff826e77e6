//! Disclosures of personal data (reports, share links, exports) and retention runs.

use super::*;

/// This family's samples beside the `json!` literals their writers used before typed events.
pub(super) fn written_as_before() -> Vec<(LedgerEvent, Value)> {
    vec![
        // The server's use cases wrote these four as untyped `json!` until they were typed.
        (
            LedgerEvent::ReportGenerated(ReportGenerated {
                format: "html".into(),
                schema: "vern.access-report/1".into(),
                via: Some("ui".into()),
            }),
            json!({ "format": "html", "schema": "vern.access-report/1", "via": "ui" }),
        ),
        (
            LedgerEvent::ShareLinkOpened(LinkDisclosed {
                link: "l".into(),
                format: None,
            }),
            json!({ "link": "l" }),
        ),
        (
            LedgerEvent::ExportDownloaded(LinkDisclosed {
                link: "l".into(),
                format: Some("csv".into()),
            }),
            {
                let mut payload = json!({ "link": "l" });
                payload["format"] = json!("csv");
                payload
            },
        ),
        (
            LedgerEvent::RetentionRun(retention_run()),
            json!({
                "dry_run": false, "inactive": 2usize, "messages": 7u64,
                "notices": 1u64, "fields_purged": 3u64,
                "no_purpose": 0usize,
                "purged": 4u64, "holds_released": 5u64, "rules": retention_rules(),
            }),
        ),
    ]
}

/// The rules as the server's settings serialize them.
pub(super) fn retention_rules() -> Value {
    json!([{ "kind": "inactive", "months": 24, "notify": true }, { "kind": "message_metadata", "days": 90 }])
}

pub(super) fn retention_run() -> RetentionRun {
    RetentionRun {
        dry_run: false,
        inactive: 2,
        messages: 7,
        notices: 1,
        fields_purged: 3,
        no_purpose: 0,
        purged: 4,
        holds_released: 5,
        rules: retention_rules(),
    }
}

/// The other shapes the server wrote: a report through the API has no `via`, a link's page no
/// `format`, a dry run its own flag.
#[test]
fn disclosures_and_runs_in_every_shape_store_the_same_bytes_as_before() {
    let shapes = [
        (
            LedgerEvent::ReportGenerated(ReportGenerated {
                format: "json".into(),
                schema: "vern.access-report/1".into(),
                via: None,
            }),
            json!({ "format": "json", "schema": "vern.access-report/1" }),
        ),
        (
            LedgerEvent::ExportDownloaded(LinkDisclosed {
                link: "l".into(),
                format: Some("json".into()),
            }),
            json!({ "link": "l", "format": "json" }),
        ),
        (
            LedgerEvent::RetentionRun(RetentionRun {
                dry_run: true,
                rules: json!([]),
                ..retention_run()
            }),
            json!({
                "dry_run": true, "inactive": 2, "messages": 7, "notices": 1, "fields_purged": 3,
                "no_purpose": 0, "purged": 4, "holds_released": 5, "rules": [],
            }),
        ),
    ];
    for (event, old) in shapes {
        let stored = old.to_string();
        assert_eq!(event.payload().to_string(), stored, "{}", event.kind());
        let read = LedgerEvent::parse(event.kind(), &stored);
        assert_eq!(read, event, "{} reads back", event.kind());
    }
}
