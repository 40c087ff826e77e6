//! The register and the contact check.

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{Backend, StoreExt, TestApp, TestDb, backends};

async fn purposes(app: &TestApp) {
    for body in [
        json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "sms", "email", "post", "messaging", "mms", "in_person"], "description": "Offers by phone"}),
        json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email", "sms"]}),
        json!({"key": "customer_service", "name": "Customer service", "legal_basis": "contract", "direct_marketing": false, "channels": ["phone", "sms", "email"], "description": "Help with orders"}),
    ] {
        let (status, out) = app.post("/v1/purposes", &app.admin, &body).await;
        assert_eq!(status, 201, "{out}");
    }
}

async fn check(app: &TestApp, key: &str, ids: Value, channel: &str, purpose: &str) -> Value {
    let (status, out) = app
        .post(
            "/v1/check",
            key,
            &json!({"identifiers": ids, "channel": channel, "purpose": purpose}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    out
}

fn codes(v: &Value) -> Vec<String> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn agent_objection_for_an_unknown_number_holds_forever() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        let agent = app.key(Role::AuthorizedAgent).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;

        let objection = json!({
            "identifiers": {"phone": "+46 70 123 45 67"},
            "kind": "direct_marketing",
            "source": {"type": "authorized_agent", "agent_name": "Blockr", "mandate_reference": "M-2026-118", "mandate_verification": "BankID"},
        });
        let (status, unknown) = app.post("/v1/objections", &agent, &objection).await;
        assert_eq!(status, 202, "{unknown}");
        assert_eq!(unknown["status"], "recorded");

        for channel in [
            "phone",
            "sms",
            "email",
            "post",
            "messaging",
            "mms",
            "in_person",
        ] {
            let out = check(
                &app,
                &marketer,
                json!({"phone": "070-123 45 67", "email": "x@example.se"}),
                channel,
                "telemarketing",
            )
            .await;
            assert_eq!(out["allowed"], false, "{channel}: {out}");
            assert!(
                codes(&out).iter().any(|c| c.starts_with("objection")),
                "{channel}: {out}"
            );
            let reason = out["reasons"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == "objection.direct_marketing")
                .unwrap();
            assert_eq!(reason["source"], "authorized_agent");
        }

        // The person arrives later, the number written another way, and gives consent.
        let (status, person) = app
            .post("/v1/people", &seller, &json!({"name": "Anna Berg", "phones": ["0046701234567"], "emails": ["Anna.Berg@Example.se"], "lists": ["kundklubb"]}))
            .await;
        assert_eq!(status, 201, "{person}");
        let id = person["id"].as_str().unwrap().to_owned();
        assert_eq!(person["phones"][0], "+46701234567");
        assert_eq!(person["emails"][0], "anna.berg@example.se");
        assert_eq!(
            person["status"]["do_not_contact_for_marketing"], true,
            "{person}"
        );
        let (status, out) = app
            .post(
                &format!("/v1/people/{id}/consents"),
                &seller,
                &json!({"purpose": "newsletter", "channels": ["email", "sms"], "state": "granted", "evidence": {"source": "call", "text": "Vill du ha vårt nyhetsbrev?", "reference": "call-77"}}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        for (purpose, channel) in [
            ("newsletter", "email"),
            ("newsletter", "sms"),
            ("telemarketing", "phone"),
        ] {
            let out = check(
                &app,
                &marketer,
                json!({"email": "anna.berg@example.se"}),
                channel,
                purpose,
            )
            .await;
            if channel == "email" {
                assert_eq!(out["allowed"], false, "{purpose}/{channel}: {out}");
                assert!(
                    codes(&out).contains(&"objection.direct_marketing".to_owned()),
                    "{out}"
                );
            }
            let out = check(
                &app,
                &marketer,
                json!({"phone": "+46701234567"}),
                channel,
                purpose,
            )
            .await;
            assert_eq!(out["allowed"], false, "{purpose}/{channel}: {out}");
        }
        // Customer service is not direct marketing: still allowed.
        let out = check(
            &app,
            &marketer,
            json!({"phone": "070 123 45 67"}),
            "phone",
            "customer_service",
        )
        .await;
        assert_eq!(out["allowed"], true, "{out}");

        // The person's data and membership are untouched.
        let (status, again) = app.get(&format!("/v1/people/{id}"), &seller).await;
        assert_eq!(status, 200);
        assert_eq!(again["name"], "Anna Berg");
        assert_eq!(again["lists"], json!(["kundklubb"]));
        assert_eq!(again["restricted"], false);

        // The agent learns nothing: the same answer for a known person; no reads.
        let (status, known) = app.post("/v1/objections", &agent, &json!({"identifiers": {"email": "anna.berg@example.se"}, "kind": "direct_marketing", "source": {"type": "authorized_agent", "mandate_reference": "M-2", "mandate_verification": "BankID"}})).await;
        assert_eq!(status, 202);
        let shape = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
        assert_eq!(shape(&known), shape(&unknown));
        assert_eq!(known["status"], unknown["status"]);
        for path in [
            format!("/v1/people/{id}"),
            "/v1/people?phone=0701234567".to_owned(),
            format!("/v1/people/{id}/consents"),
        ] {
            assert_eq!(app.get(&path, &agent).await.0, 403, "{path}");
        }
        let (status, _) = app.post("/v1/check", &agent, &json!({"identifiers": {"phone": "0701234567"}, "channel": "phone", "purpose": "telemarketing"})).await;
        assert_eq!(status, 403);
        // An agent cannot pose as another source.
        let (status, body) = app.post("/v1/objections", &agent, &json!({"identifiers": {"phone": "0701112233"}, "kind": "direct_marketing", "source": "subject"})).await;
        assert_eq!(status, 422, "{body}");

        let (code, out, _) = run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn bad_identifiers_are_refused_and_change_nothing() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let head = app.store.ledger_head_for_test().await;
        let (status, out) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "X", "phones": ["0701234567", "N/A"]}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["code"], "invalid");
        assert_eq!(out["details"][0]["field"], "phones[1]");
        assert!(!out.to_string().contains("N/A"));
        let (status, out) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "X", "emails": ["anna@"]}),
            )
            .await;
        assert_eq!(
            (status, out["details"][0]["field"].as_str()),
            (422, Some("emails[0]"))
        );
        let (status, out) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "X", "national_id": "8001613294"}),
            )
            .await;
        assert_eq!(
            (status, out["details"][0]["field"].as_str()),
            (422, Some("national_id"))
        );
        let (status, out) = app
            .post(
                "/v1/objections",
                &app.admin,
                &json!({"identifiers": {"phone": "12"}, "kind": "direct_marketing"}),
            )
            .await;
        assert_eq!(
            (status, out["details"][0]["field"].as_str()),
            (422, Some("identifiers.phone"))
        );
        let (status, _) = app
            .post(
                "/v1/check",
                &app.admin,
                &json!({"identifiers": {"phone": "0701234567"}, "channel": "fax", "purpose": "x"}),
            )
            .await;
        assert_eq!(status, 422);
        let (status, _) = app
            .post(
                "/v1/people",
                &app.admin,
                &json!({"name": "X", "unknown_field": 1}),
            )
            .await;
        assert_eq!(status, 422);
        assert_eq!(
            app.store.ledger_head_for_test().await,
            head,
            "a refused request wrote to the ledger"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn blocklist_restriction_consent_and_batch() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"phone": "+47 912 34 567", "reason": "reserved on a call"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let entry = out["entries"][0]["id"].as_str().unwrap().to_owned();
        assert!(!out.to_string().contains("91234567"));
        let (status, _) = app
            .post(
                "/v1/blocklist",
                &po,
                &json!({"phone": "+4791234567", "reason": "again"}),
            )
            .await;
        assert_eq!(status, 409);
        let out = check(
            &app,
            &po,
            json!({"phone": "+4791234567"}),
            "sms",
            "telemarketing",
        )
        .await;
        // SMS marketing on legitimate interests needs consent too (markedsføringsloven § 15).
        assert_eq!(codes(&out), ["blocklist", "consent.required_electronic"]);
        let (status, found) = app
            .get("/v1/blocklist/lookup?phone=%2B4791234567", &po)
            .await;
        assert_eq!(status, 200);
        assert_eq!(found["entries"].as_array().unwrap().len(), 1);
        let r = app
            .http
            .delete(app.url(&format!("/v1/blocklist/{entry}")))
            .bearer_auth(&po)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let out = check(
            &app,
            &po,
            json!({"phone": "+4791234567"}),
            "sms",
            "telemarketing",
        )
        .await;
        // Off the block list; what is left is the want of SMS consent (markedsføringsloven § 15).
        assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");

        // Consent: withdraw as easily as grant; history kept.
        let (_, person) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Ola Nordmann", "emails": ["ola@example.no"]}),
            )
            .await;
        let id = person["id"].as_str().unwrap().to_owned();
        for state in ["granted", "withdrawn"] {
            let (status, out) = app
                .post(&format!("/v1/people/{id}/consents"), &po, &json!({"purpose": "newsletter", "channels": ["email"], "state": state, "evidence": {"source": "web_form", "version": "v3"}}))
                .await;
            assert_eq!(status, 201, "{out}");
            let current = out["current"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["purpose"] == "newsletter" && c["channel"] == "email")
                .unwrap();
            assert_eq!(current["state"], state);
            let out = check(
                &app,
                &po,
                json!({"email": "ola@example.no"}),
                "email",
                "newsletter",
            )
            .await;
            assert_eq!(out["allowed"], state == "granted", "{out}");
        }
        let (_, consents) = app.get(&format!("/v1/people/{id}/consents"), &po).await;
        assert_eq!(consents["history"].as_array().unwrap().len(), 2);
        assert_eq!(consents["history"][0]["evidence"]["version"], "v3");
        let sms = consents["current"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["purpose"] == "newsletter" && c["channel"] == "sms")
            .unwrap();
        assert_eq!(sms["state"], "unknown");

        // Restriction denies everything, even customer service; lifting restores.
        let (status, _) = app
            .post(
                &format!("/v1/people/{id}/restriction"),
                &po,
                &json!({"reason": "accuracy contested"}),
            )
            .await;
        assert_eq!(status, 201);
        let out = check(
            &app,
            &po,
            json!({"email": "ola@example.no"}),
            "email",
            "customer_service",
        )
        .await;
        assert_eq!(codes(&out), ["restricted"]);
        let (status, _) = app
            .post(
                &format!("/v1/people/{id}/restriction"),
                &po,
                &json!({"reason": "again"}),
            )
            .await;
        assert_eq!(status, 409);
        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{id}/restriction")))
            .bearer_auth(&po)
            .json(&json!({"reason": "verified"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let out = check(
            &app,
            &po,
            json!({"email": "ola@example.no"}),
            "email",
            "customer_service",
        )
        .await;
        assert_eq!(out["allowed"], true);
        let seller = app.key(Role::Seller).await;
        assert_eq!(
            app.post(
                &format!("/v1/people/{id}/restriction"),
                &seller,
                &json!({"reason": "x"})
            )
            .await
            .0,
            403
        );

        // Batch: answers in order, an invalid item reported in place.
        let (_, _) = app.post("/v1/objections", &po, &json!({"identifiers": {"email": "no@example.se"}, "kind": "direct_marketing", "source": "subject"})).await;
        // Addressed post: e-mail marketing on legitimate interests would need consent anyway
        // (marknadsföringslagen 19 §), which is not what this batch is about.
        let items = json!({"items": [
            {"identifiers": {"email": "yes@example.se"}, "channel": "post", "purpose": "telemarketing"},
            {"identifiers": {"email": "NO@example.se "}, "channel": "post", "purpose": "telemarketing"},
            {"identifiers": {"phone": "junk"}, "channel": "sms", "purpose": "telemarketing"},
            {"identifiers": {"email": "no@example.se"}, "channel": "email", "purpose": "customer_service"},
        ]});
        let (status, out) = app.post("/v1/check/batch", &po, &items).await;
        assert_eq!(status, 200, "{out}");
        let r = out["results"].as_array().unwrap();
        assert_eq!(r.len(), 4);
        assert_eq!(
            (
                r[0]["allowed"].as_bool(),
                r[1]["allowed"].as_bool(),
                r[3]["allowed"].as_bool()
            ),
            (Some(true), Some(false), Some(true))
        );
        assert_eq!(
            r[2]["error"]["details"][0]["field"],
            "items[2].identifiers.phone"
        );

        // A batch large enough to be split over threads keeps its order and its item numbers.
        let items: Vec<_> = (0..3_000)
            .map(|i| match i {
                2_345 => json!({"identifiers": {"phone": "junk"}, "channel": "sms", "purpose": "telemarketing"}),
                i if i % 3 == 0 => json!({"identifiers": {"email": "no@example.se"}, "channel": "post", "purpose": "telemarketing"}),
                _ => json!({"identifiers": {"email": format!("p{i}@example.se")}, "channel": "post", "purpose": "telemarketing"}),
            })
            .collect();
        let (status, out) = app
            .post("/v1/check/batch", &po, &json!({ "items": items }))
            .await;
        assert_eq!(status, 200);
        let r = out["results"].as_array().unwrap();
        assert_eq!(r.len(), 3_000);
        for (i, result) in r.iter().enumerate() {
            let expected = i % 3 != 0 && i != 2_345;
            assert_eq!(result["allowed"], expected, "item {i}: {result}");
        }
        assert_eq!(
            r[2_345]["error"]["details"][0]["field"],
            "items[2345].identifiers.phone"
        );
        // A body over the 2 MiB limit is refused as too large, before it is parsed.
        let long = "x".repeat(300);
        let big: Vec<_> = (0..10_000)
            .map(|_| json!({"identifiers": {"email": "p@example.se"}, "channel": "email", "purpose": long}))
            .collect();
        let (status, out) = app
            .post("/v1/check/batch", &po, &json!({ "items": big }))
            .await;
        assert_eq!(
            (status, out["code"].as_str()),
            (413, Some("too_large")),
            "{out}"
        );
        // A body declared far over the limit is refused before any of it is read.
        let addr = app.url("").trim_start_matches("http://").to_owned();
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let head = |length: usize| {
            format!(
                "POST /v1/check/batch HTTP/1.1\r\nHost: vern\r\nAuthorization: Bearer {po}\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
            )
        };
        let sent = format!("{}{{\"items\": [", head(100_000_000));
        stream.write_all(sent.as_bytes()).await.unwrap();
        assert!(read_response(&mut stream).await.starts_with("HTTP/1.1 413"));
        // A body over the limit is still read to its end before the 413, so a client that sends
        // all of it first gets the answer, and the connection stays open for the next request.
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let body = vec![b' '; 3 * 1024 * 1024];
        stream.write_all(head(body.len()).as_bytes()).await.unwrap();
        stream.write_all(&body).await.unwrap();
        assert!(read_response(&mut stream).await.starts_with("HTTP/1.1 413"));
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: vern\r\n\r\n")
            .await
            .unwrap();
        assert!(read_response(&mut stream).await.starts_with("HTTP/1.1 200"));
        // More than 10 000 items, or a body that does not fit, is refused whole, naming where.
        let one = json!({"identifiers": {"email": "p@example.se"}, "channel": "email", "purpose": "telemarketing"});
        let (status, out) = app
            .post(
                "/v1/check/batch",
                &po,
                &json!({ "items": vec![one.clone(); 10_001] }),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "items", "{out}");
        let (status, out) = app
            .post(
                "/v1/check/batch",
                &po,
                &json!({ "items": [one, {"identifiers": {"email": "x@example.se"}, "channel": 7, "purpose": "telemarketing"}] }),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert!(
            out["details"][0]["message"]
                .as_str()
                .unwrap()
                .contains("items[1].channel"),
            "{out}"
        );

        // A general objection opens a request instead of a suppression.
        let (status, out) = app.post("/v1/objections", &po, &json!({"identifiers": {"email": "ola@example.no"}, "kind": "general", "source": "subject"})).await;
        assert_eq!(status, 202);
        assert!(out["request"].is_string(), "{out}");
        let out = check(
            &app,
            &po,
            json!({"email": "ola@example.no"}),
            "post",
            "telemarketing",
        )
        .await;
        assert_eq!(
            out["allowed"], true,
            "a general objection is not a marketing block: {out}"
        );
        app.stop().await;
    }
}

fn run(db: &TestDb, args: &[&str]) -> (i32, String, String) {
    let out = db.command().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn blocklist_import_from_csv() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        let csv = "\u{feff}Namn;Telefon;E-post\nA;070-111 22 33;a@example.se\nB;N/A;\nC;+46 70 111 22 33;\nD;08-123 456 78;d@Example.se\n";
        let path = app.db.dir.path().join("block.csv");
        std::fs::write(&path, csv).unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "blocklist",
                "import",
                path.to_str().unwrap(),
                "--reason",
                "client list",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("rows read:    4"), "{out}");
        assert!(out.contains("added:        4"), "{out}");
        assert!(out.contains("duplicates:   1"), "{out}");
        assert!(
            out.contains("unparseable:  1") && out.contains("on lines:   3"),
            "{out}"
        );
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let out = check(
                &app,
                &app.admin,
                json!({"phone": "+4681234 5678"}),
                "phone",
                "telemarketing",
            )
            .await;
            if codes(&out) == ["blocklist"] {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "the import never reached the running server: {out}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let out = check(
            &app,
            &app.admin,
            json!({"email": "d@example.se"}),
            "email",
            "telemarketing",
        )
        .await;
        // E-mail marketing on legitimate interests needs consent too (marknadsföringslagen 19 §).
        assert_eq!(codes(&out), ["blocklist", "consent.required_electronic"]);
        app.stop().await;
    }
}

/// No table holds personal data in the clear: the raw files never contain a person's name,
/// e-mail address or phone number. SQLite only: it reads the database's own files byte by byte,
/// which PostgreSQL does not hand a client.
#[tokio::test]
async fn personal_data_is_sealed_at_rest() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    purposes(&app).await;
    let (status, person) = app
        .post("/v1/people", &app.admin, &json!({
            "name": "Zlatana Quixote-Öberg", "phones": ["+46 73 987 65 43"], "emails": ["zlatana.quixote@example.se"],
            "national_id": "811228-9874", "address": {"street": "Quixotegatan 17", "postal_code": "11122", "city": "Stockholm"},
            "custom_fields": [{"name": "bank_balance", "value": "Quixote savings 98765", "purpose": "customer_service"}]
        }))
        .await;
    assert_eq!(status, 201, "{person}");
    let id = person["id"].as_str().unwrap();
    let (status, _) = app.post(&format!("/v1/people/{id}/consents"), &app.admin, &json!({"purpose": "newsletter", "channels": ["email"], "state": "granted", "evidence": {"source": "web_form", "by": "Quixote Staffer", "ip": "203.0.113.77"}})).await;
    assert_eq!(status, 201);
    let (status, _) = app
        .post(
            &format!("/v1/people/{id}/restriction"),
            &app.admin,
            &json!({"reason": "Quixote disputes"}),
        )
        .await;
    assert_eq!(status, 201);
    let dir = app.db.dir.path().to_owned();
    let needles = [
        "Zlatana",
        "Quixote",
        "quixote",
        "+46739876543",
        "46739876543",
        "739876543",
        "198112289874",
        "811228",
        "203.0.113.77",
    ];
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.contains(".db") {
            continue;
        }
        files += 1;
        let bytes = std::fs::read(&path).unwrap();
        for needle in needles {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{name} contains {needle}"
            );
        }
    }
    assert!(files >= 3, "expected the database, its WAL and the keyring");
    // And the API still reads it back.
    let (_, back) = app.get(&format!("/v1/people/{id}"), &app.admin).await;
    assert_eq!(back["name"], "Zlatana Quixote-Öberg");
    assert_eq!(
        back["custom_fields"][0]["purpose_description"],
        "Help with orders"
    );
    app.stop().await;
}

/// Two servers on one PostgreSQL: an objection written to one is denied by the other within
/// two seconds.
#[tokio::test]
async fn two_servers_converge() {
    if !backends().contains(&Backend::Postgres) {
        return;
    }
    let a = TestApp::spawn(Backend::Postgres).await;
    purposes(&a).await;
    let b = TestApp::spawn_on(a.db.clone_for_second_server()).await;
    let marketer_b = b.key(Role::Marketer).await;
    let out = check(
        &b,
        &marketer_b,
        json!({"phone": "0739998877"}),
        "phone",
        "telemarketing",
    )
    .await;
    assert_eq!(out["allowed"], true, "{out}");
    let (status, _) = a.post("/v1/objections", &a.admin, &json!({"identifiers": {"phone": "+46739998877"}, "kind": "direct_marketing", "source": "subject"})).await;
    assert_eq!(status, 202);
    let written = Instant::now();
    loop {
        let out = check(
            &b,
            &marketer_b,
            json!({"phone": "0739998877"}),
            "phone",
            "telemarketing",
        )
        .await;
        if out["allowed"] == false {
            break;
        }
        assert!(
            written.elapsed() < Duration::from_secs(2),
            "the second server did not see the objection within two seconds"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    b.stop_keep_database().await;
    a.stop().await;
}

/// One HTTP/1.1 response read off a raw connection (head and a `Content-Length` body), within
/// ten seconds.
async fn read_response(stream: &mut tokio::net::TcpStream) -> String {
    let read = async {
        let mut got = Vec::new();
        loop {
            let text = String::from_utf8_lossy(&got);
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| {
                        l.to_ascii_lowercase()
                            .strip_prefix("content-length:")
                            .map(|v| v.trim().parse::<usize>().unwrap())
                    })
                    .unwrap_or(0);
                if got.len() >= end + 4 + length {
                    return text.into_owned();
                }
            }
            let mut buf = [0; 8192];
            let n = stream.read(&mut buf).await.unwrap();
            assert!(
                n > 0,
                "the connection closed before the answer was complete"
            );
            got.extend_from_slice(&buf[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read)
        .await
        .expect("no answer within ten seconds")
}

/// Withdraw an objection for `ids` as `key`, with the rest of the body in `extra`.
async fn withdraw(app: &TestApp, key: &str, ids: &Value, extra: Value) -> (u16, Value) {
    let mut body = json!({ "identifiers": ids });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post("/v1/objections/withdrawals", key, &body).await
}

/// Whether contact is allowed.
async fn allowed(app: &TestApp, key: &str, ids: &Value, channel: &str, purpose: &str) -> bool {
    check(app, key, ids.clone(), channel, purpose).await["allowed"]
        .as_bool()
        .unwrap()
}

/// The kinds of `entries`.
fn kinds_of(entries: Vec<vern_store::LedgerEntry>) -> Vec<String> {
    entries.into_iter().map(|e| e.kind).collect()
}

/// Only the person, or the agent that filed it, can withdraw an objection to direct marketing
/// (Art. 21(3) gives the right to the person; Art. 7(3) by analogy: the person may change their
/// mind). The withdrawal is a ledger entry, the objection stays in the history, and the
/// suppression ends for that person's identifiers only; meanwhile a consent answers that the
/// objection still applies.
#[tokio::test]
async fn an_objection_is_withdrawn_by_the_person_only() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        purposes(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let seller = app.key(Role::Seller).await;
        let agent = app.key(Role::AuthorizedAgent).await;
        let other_agent = app.key(Role::AuthorizedAgent).await;
        let (status, p) = app
            .post("/v1/people", &po, &json!({"name": "Kim Lind", "emails": ["kim@example.se"], "phones": ["0701112233"]}))
            .await;
        assert_eq!(status, 201, "{p}");
        let pid = p["id"].as_str().unwrap().to_owned();
        // The agent objects for the phone, the person themselves for the e-mail address, and a
        // stranger for another number.
        let by_agent = json!({"identifiers": {"phone": "0701112233"}, "kind": "direct_marketing", "source": {"type": "authorized_agent", "agent_name": "Blockr", "mandate_reference": "M-1", "mandate_verification": "BankID"}});
        assert_eq!(app.post("/v1/objections", &agent, &by_agent).await.0, 202);
        let by_person = json!({"identifiers": {"email": "kim@example.se"}, "kind": "direct_marketing", "source": "subject"});
        assert_eq!(app.post("/v1/objections", &seller, &by_person).await.0, 202);
        let stranger = json!({"identifiers": {"phone": "0709990000"}, "kind": "direct_marketing", "source": "subject"});
        assert_eq!(app.post("/v1/objections", &seller, &stranger).await.0, 202);

        // A consent recorded while the objection stands says so.
        let consent = json!({"purpose": "newsletter", "channels": ["email", "sms"], "state": "granted", "evidence": {"source": "call", "reference": "call-9"}});
        let (status, out) = app
            .post(&format!("/v1/people/{pid}/consents"), &seller, &consent)
            .await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(
            out["warnings"][0]["code"], "objection.direct_marketing",
            "{out}"
        );
        let email = json!({"email": "kim@example.se"});
        let phone = json!({"phone": "0701112233"});
        assert!(
            codes(&check(&app, &seller, email.clone(), "email", "newsletter").await)
                .contains(&"objection.direct_marketing".to_owned())
        );

        // Nobody else lifts it, and a refused withdrawal changes nothing.
        for (key, ids, extra, expected) in [
            (&seller, email.clone(), json!({}), 422),
            (
                &seller,
                email.clone(),
                json!({"verification": "a colleague said so"}),
                422,
            ),
            (
                &seller,
                email.clone(),
                json!({"mandate_reference": "M-1"}),
                422,
            ),
            (&agent, phone.clone(), json!({}), 422),
            (
                &agent,
                phone.clone(),
                json!({"mandate_reference": "M-2"}),
                404,
            ),
            (
                &other_agent,
                phone.clone(),
                json!({"mandate_reference": "M-1"}),
                404,
            ),
            (
                &agent,
                email.clone(),
                json!({"mandate_reference": "M-1"}),
                404,
            ),
        ] {
            let (status, out) = withdraw(&app, key, &ids, extra.clone()).await;
            assert_eq!(status, expected, "{ids} {extra}: {out}");
        }
        // A request names the person only once their own code verified it.
        let (_, r) = app
            .post(
                "/v1/requests",
                &po,
                &json!({"kind": "objection", "person": pid, "verified": "known_sender"}),
            )
            .await;
        let (status, out) = withdraw(&app, &po, &email, json!({"request": r["id"]})).await;
        assert_eq!(status, 409, "{out}");
        assert!(!allowed(&app, &seller, &phone, "sms", "newsletter").await);

        // The agent that filed it, with its mandate: its own objection ends, the person's stands.
        let (status, out) =
            withdraw(&app, &agent, &phone, json!({"mandate_reference": "M-1"})).await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(out["lifted"], 1, "{out}");
        let (_, card) = app.get(&format!("/v1/people/{pid}"), &po).await;
        let standing: Vec<(&str, &str)> = card["status"]["suppressions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["source"].as_str().unwrap(),
                    s["identifier_kind"].as_str().unwrap(),
                )
            })
            .collect();
        assert_eq!(standing, [("objection:subject", "email")], "{card}");
        assert!(!allowed(&app, &seller, &phone, "sms", "newsletter").await);

        // The person, met in person: the next consented contact is allowed.
        let (status, out) =
            withdraw(&app, &seller, &email, json!({"verification": "in_person"})).await;
        assert_eq!(status, 201, "{out}");
        let answer = check(&app, &seller, email.clone(), "email", "newsletter").await;
        assert!(answer["allowed"].as_bool().unwrap(), "{answer}");
        // Withdrawn once is withdrawn: a second time finds nothing.
        let (status, _) =
            withdraw(&app, &seller, &email, json!({"verification": "in_person"})).await;
        assert_eq!(status, 404);
        // Nobody else's objection moved, and no consent warns any more.
        assert!(
            codes(
                &check(
                    &app,
                    &seller,
                    json!({"phone": "0709990000"}),
                    "phone",
                    "telemarketing"
                )
                .await
            )
            .contains(&"objection.direct_marketing".to_owned())
        );
        let (_, out) = app
            .post(&format!("/v1/people/{pid}/consents"), &seller, &consent)
            .await;
        assert!(out.get("warnings").is_none(), "{out}");
        // The history keeps both objections and both withdrawals.
        let kinds: Vec<String> = kinds_of(app.store.ledger_after(0, 10_000).await.unwrap());
        assert_eq!(
            kinds.iter().filter(|k| *k == "objection.recorded").count(),
            3
        );
        assert_eq!(
            kinds.iter().filter(|k| *k == "objection.withdrawn").count(),
            2
        );
        let history: Vec<String> = kinds_of(app.store.ledger_for(&pid).await.unwrap());
        assert!(
            history.iter().any(|k| k == "objection.withdrawn"),
            "{history:?}"
        );
        // Both objections about Kim (the agent's and their own) name Kim, by id only, so they
        // are in Kim's history; the stranger's names nobody.
        let recorded: Vec<_> = app
            .store
            .ledger_after(0, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "objection.recorded")
            .collect();
        let subjects: Vec<Option<&str>> = recorded.iter().map(|e| e.subject.as_deref()).collect();
        assert_eq!(
            subjects,
            [Some(pid.as_str()), Some(pid.as_str()), None],
            "{recorded:?}"
        );
        assert!(recorded.iter().all(|e| !e.has_sealed), "{recorded:?}");
        assert_eq!(
            history
                .iter()
                .filter(|k| *k == "objection.recorded")
                .count(),
            2,
            "{history:?}"
        );
        app.stop().await;
    }
}

/// Art. 19 notices a recipient can act on: each webhook gets its own HMAC-SHA-256 of the
/// objector's identifier, keyed with its secret, so it can hash its own records and match;
/// vern's digests, which only vern can compute, are not sent, and the two recipients' hashes
/// differ, so a leaked notice links nobody across recipients.
#[tokio::test]
async fn a_recipient_matches_an_objection_notice_by_its_own_hash() {
    for backend in backends() {
        let receiver = crate::erasure::Receiver::start().await;
        let app = TestApp::spawn(backend).await;
        let mut secrets = Vec::new();
        for name in ["mailer", "dialer"] {
            let (status, hook) = app
                .post(
                    "/v1/webhooks",
                    &app.admin,
                    &json!({"name": name, "url": format!("http://127.0.0.1:{}/{name}", receiver.port), "events": ["objection"]}),
                )
                .await;
            assert_eq!(status, 201, "{hook}");
            secrets.push((name, hook["secret"].as_str().unwrap().to_owned()));
        }
        let seller = app.key(Role::Seller).await;
        let objection = json!({"identifiers": {"phone": "070-123 45 67"}, "kind": "direct_marketing", "source": "subject"});
        assert_eq!(app.post("/v1/objections", &seller, &objection).await.0, 202);

        // Under a loaded machine a first attempt may fail and be retried after 30 s.
        let deadline = Instant::now() + Duration::from_secs(60);
        let notices = loop {
            let got = receiver.got.lock().unwrap().clone();
            if got.len() >= 2 || Instant::now() > deadline {
                break got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(notices.len(), 2, "{notices:?}");
        let mut seen = Vec::new();
        for (name, secret) in &secrets {
            let (_, body) = notices
                .iter()
                .find(|(head, _)| head.starts_with(&format!("POST /{name} ")))
                .unwrap_or_else(|| panic!("no notice to {name}: {notices:?}"));
            let notice: Value = serde_json::from_str(body).unwrap();
            assert_eq!(notice["event"], "objection", "{notice}");
            assert!(notice["details"].get("digests").is_none(), "{notice}");
            // What the recipient computes from its own customer record.
            let mine = crate::erasure::recipient_hash(secret, "phone:+46701234567");
            assert_eq!(notice["details"]["identifiers"], json!([mine]), "{notice}");
            assert_eq!(notice["details"]["identifier_hash"], "hmac-sha256");
            seen.push(mine);
        }
        assert_ne!(seen[0], seen[1]);
        app.stop().await;
    }
}
