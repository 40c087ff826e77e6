//! The payloads' bytes, pinned: the chain hashes them.

use super::*;
use serde_json::json;
use vern_core::IdentifierKind;
use vern_core::register::Register;

/// One sample of every kind, with the bytes the release before typed events stored for it
/// (the `json!` literals the writers used). The chain hashes these bytes: they must not
/// change.
fn samples() -> Vec<(LedgerEvent, &'static str)> {
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

const CONTROLLER: &str = r#"{"country":"se","default_region":"SE","dpo_email":null,"dpo_name":"D","dpo_phone":null,"key":"acme","name":"Acme","privacy_notice_url":null,"rules":{"x":1}}"#;

fn controller() -> ControllerSaved {
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

const PURPOSE: &str = r#"{"channels":["phone"],"data_source":null,"description":"","direct_marketing":true,"dk_telemarketing_exception":false,"holds_fields":[],"key":"news","legal_basis":"consent","name":"News","recipients":["r"],"retention":null}"#;

fn purpose() -> PurposeSaved {
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

/// The other kinds: each sample beside the `json!` literal its writer used before typed
/// events, with the same values.
fn written_as_before() -> Vec<(LedgerEvent, Value)> {
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
    let consent = ConsentChanged {
        person: "p".into(),
        event: "e".into(),
        purpose: "offers".into(),
        channels: json!(["email"]),
        source: "web_form".into(),
        given_at: 1_700_000_000_000_000,
    };
    let old_consent = json!({
        "person": "p", "event": "e", "purpose": "offers", "channels": ["email"],
        "source": "web_form", "given_at": 1_700_000_000_000_000_i64,
    });
    let restriction = RestrictionChanged {
        person: "p".into(),
        restriction: "x".into(),
        request: None,
        recipients: None,
    };
    let old_restriction = json!({ "person": "p", "restriction": "x", "request": null });
    let purged = PersonPurged {
        person: "p".into(),
        digests: vec!["aa".into()],
        shredded: false,
        kept: json!([{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }]),
        consents: 1,
        history_anonymized: 2,
        requests_anonymized: 0,
        recipients: None,
    };
    let old_purged = json!({
        "person": "p", "digests": ["aa"], "shredded": false, "kept": [{ "purpose": "bookkeeping", "fields": ["name"], "until": "2033-01-01" }],
        "consents": 1, "history_anonymized": 2,
        "requests_anonymized": 0,
    });
    let session = SessionChanged {
        user: "u".into(),
        session: "s".into(),
    };
    let old_session = json!({ "user": "u", "session": "s" });
    vec![
        (
            LedgerEvent::PersonCreated(PersonCreated {
                person: "p".into(),
                identifier_kinds: vec!["email".into(), "phone".into()],
                lists: vec!["vip".into()],
            }),
            json!({ "person": "p", "identifier_kinds": ["email", "phone"], "lists": ["vip"] }),
        ),
        (
            LedgerEvent::PersonUpdated(PersonUpdated {
                person: "p".into(),
                fields: BTreeMap::from([("name".into(), json!({ "old": "d1", "new": "d2" }))]),
                lists: Vec::new(),
                request: Some("r".into()),
                recipients: None,
                person_told: None,
            }),
            json!({ "person": "p", "fields": { "name": { "old": "d1", "new": "d2" } }, "lists": [], "request": "r" }),
        ),
        (
            LedgerEvent::ConsentGranted(consent.clone()),
            old_consent.clone(),
        ),
        (LedgerEvent::ConsentWithdrawn(consent), old_consent),
        (
            LedgerEvent::RestrictionPlaced(restriction.clone()),
            old_restriction.clone(),
        ),
        (LedgerEvent::RestrictionLifted(restriction), old_restriction),
        (
            LedgerEvent::PersonErased(PersonErased {
                person: "p".into(),
                reason: "asked".into(),
                messages: vec!["m".into()],
            }),
            json!({ "person": "p", "reason": "asked", "messages": ["m"] }),
        ),
        (
            LedgerEvent::PersonRestored(PersonRestored {
                person: "p".into(),
                messages_withdrawn: 1,
                messages: Vec::new(),
            }),
            json!({ "person": "p", "messages_withdrawn": 1_usize, "messages": [] }),
        ),
        (
            LedgerEvent::PersonPurged(purged.clone()),
            old_purged.clone(),
        ),
        (LedgerEvent::PersonAnonymized(purged), old_purged),
        (
            LedgerEvent::RetentionFieldsPurged(RetentionFieldsPurged {
                person: "p".into(),
                purposes: vec!["offers".into()],
                fields: 2,
            }),
            json!({ "person": "p", "purposes": ["offers"], "fields": 2_u64 }),
        ),
        (
            LedgerEvent::RetentionMessagesPruned(RetentionMessagesPruned {
                deleted: 3,
                before: -5,
            }),
            json!({ "deleted": 3_u64, "before": -5_i64 }),
        ),
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
        (
            LedgerEvent::ProcessorCreated(ProcessorSaved {
                processor: "p".into(),
                name: "Mailer AB".into(),
                version: 1,
                document_sha256: Some("aa".into()),
            }),
            json!({ "processor": "p", "name": "Mailer AB", "version": 1, "document_sha256": "aa" }),
        ),
        (
            LedgerEvent::ProcessorUpdated(ProcessorSaved {
                processor: "p".into(),
                name: "Mailer AB".into(),
                version: 2,
                document_sha256: None,
            }),
            json!({ "processor": "p", "name": "Mailer AB", "version": 2, "document_sha256": null }),
        ),
        (
            LedgerEvent::RecordSettingsSet(RecordSettingsSet {
                own_security_measures: true,
                clients: vec!["Kund AB".into()],
            }),
            json!({ "own_security_measures": true, "clients": ["Kund AB"] }),
        ),
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
        (
            LedgerEvent::PeopleListed(PeopleListed {
                people: vec!["p".into()],
                filters: vec!["name".into()],
                via: None,
            }),
            json!({ "people": ["p"], "filters": ["name"] }),
        ),
        (
            LedgerEvent::NameIndexRebuilt(NameIndexRebuilt {
                generation: 2,
                people: 3,
                reason: "rotation".into(),
            }),
            json!({ "generation": 2, "people": 3, "reason": "rotation" }),
        ),
        (
            LedgerEvent::PersonImported(PersonImported {
                person: "p".into(),
                import: "i".into(),
                outcome: "created".into(),
                identifier_kinds: vec!["phone".into()],
                lists: vec!["vip".into()],
                consents: vec!["c".into()],
                relationships: vec![],
                source: Some("purchased_list".into()),
            }),
            json!({
                "person": "p", "import": "i", "outcome": "created", "identifier_kinds": ["phone"],
                "lists": ["vip"], "consents": ["c"], "relationships": [], "source": "purchased_list",
            }),
        ),
        (
            LedgerEvent::ImportBatch(ImportBatchWritten {
                import: "i".into(),
                batch: 1,
                created: 2,
                updated: 1,
                unchanged: 4,
                rejected: 3,
                via: "cli".into(),
            }),
            json!({
                "import": "i", "batch": 1, "created": 2, "updated": 1, "unchanged": 4,
                "rejected": 3, "via": "cli",
            }),
        ),
        (
            LedgerEvent::PeopleExported(PeopleExported {
                format: "csv".into(),
                people: 7,
                via: "cli".into(),
            }),
            json!({ "format": "csv", "people": 7, "via": "cli" }),
        ),
    ]
}

fn art14_message(via: &str) -> Art14Step {
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

fn relationship() -> CustomerRelationshipChanged {
    CustomerRelationshipChanged {
        relationship: "cr".into(),
        person: "p".into(),
        product_category: "broadband".into(),
        started: "2026-01-15".into(),
        ended: None,
        deal: Some("d".into()),
    }
}

fn relationship_json() -> Value {
    json!({ "relationship": "cr", "person": "p", "product_category": "broadband", "started": "2026-01-15", "ended": null, "deal": "d" })
}

/// The rules as the server's settings serialize them.
fn retention_rules() -> Value {
    json!([{ "kind": "inactive", "months": 24, "notify": true }, { "kind": "message_metadata", "days": 90 }])
}

fn retention_run() -> RetentionRun {
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

#[test]
fn every_kind_stores_the_same_bytes_as_before() {
    let samples: Vec<(LedgerEvent, String)> = samples()
        .into_iter()
        .map(|(e, s)| (e, s.to_owned()))
        .chain(
            written_as_before()
                .into_iter()
                .map(|(e, old)| (e, old.to_string())),
        )
        .collect();
    let covered: Vec<&str> = samples.iter().map(|(e, _)| e.kind()).collect();
    assert_eq!(
        covered,
        LedgerEvent::KINDS,
        "a sample for every kind, in order"
    );
    for (event, stored) in samples {
        assert_eq!(event.payload().to_string(), stored, "{}", event.kind());
        // Read back and written again: still the same bytes.
        let read = LedgerEvent::parse(event.kind(), &stored);
        assert_eq!(read, event, "{} reads back", event.kind());
        assert_eq!(read.payload().to_string(), stored, "{}", event.kind());
    }
}

#[test]
fn an_unknown_kind_or_an_unreadable_payload_is_kept_not_fatal() {
    let newer = LedgerEvent::parse("hologram.projected", r#"{"x":1}"#);
    assert_eq!(newer.kind(), "hologram.projected");
    assert_eq!(newer.payload().to_string(), r#"{"x":1}"#);
    let broken = LedgerEvent::parse("blocklist.added", r#"{"digests":7}"#);
    assert!(matches!(broken, LedgerEvent::Other { .. }));
    assert_eq!(broken.kind(), "blocklist.added");
}
