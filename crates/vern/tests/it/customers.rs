//! Issue 17 §2 and §4 through the real server: existing customers and the telemarketing
//! registers, and bookkeeping holds counted from the end of the financial year.

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use vern_core::Role;

use crate::harness::{TestApp, backends, run};

async fn send(app: &TestApp, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
    let r = app
        .http
        .request(method, app.url(path))
        .bearer_auth(&app.admin)
        .json(body)
        .send()
        .await
        .unwrap();
    crate::harness::read(r).await
}

async fn check_at(app: &TestApp, key: &str, phone: &str, purpose: &str, at: &str) -> Value {
    let (status, out) = app
        .post(
            "/v1/check",
            key,
            &json!({"identifiers": {"phone": phone}, "channel": "phone", "purpose": purpose, "at": at}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    out
}

fn codes(v: &Value, field: &str) -> Vec<String> {
    v[field]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|r| r["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

async fn person(app: &TestApp, key: &str, name: &str, phone: &str) -> String {
    let (status, p) = app
        .post("/v1/people", key, &json!({"name": name, "phones": [phone]}))
        .await;
    assert_eq!(status, 201, "{p}");
    p["id"].as_str().unwrap().to_owned()
}

/// NIX-Telefon's rules (nixtelefon.org, undantagen): an established customer relationship for
/// the same type of goods or services is exempt, and stays so "minst sex månader men normalt
/// inte mer än ett år" after the contract ends. Markedsføringsloven § 12: Reservasjonsregisteret
/// does not stop a trader's offers of its own similar products to its existing customers.
/// GDPR Art. 21(3): a direct-marketing objection ends direct marketing, customer or not.
#[tokio::test]
async fn existing_customers_are_exempt_from_nix_and_reservasjonsregisteret_within_the_period() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;
        let (status, c) = send(
            &app,
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &json!({"rules": ["nix_telefon", "reservasjonsregisteret"]}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        // The terms: the defaults, then six months for NIX and three for Norway.
        let (status, terms) = app.get("/v1/controllers/default/terms", &marketer).await;
        assert_eq!(status, 200, "{terms}");
        assert_eq!(
            terms,
            json!({"financial_year_start_month": 1, "nix_telefon_months": 12, "reservasjonsregisteret_months": 12})
        );
        for bad in [
            json!({"nix_telefon_months": 5}),
            json!({"nix_telefon_months": 13}),
            json!({"reservasjonsregisteret_months": 13}),
            json!({"financial_year_start_month": 0}),
        ] {
            let (status, out) = send(
                &app,
                reqwest::Method::PUT,
                "/v1/controllers/default/terms",
                &bad,
            )
            .await;
            assert_eq!(status, 422, "{bad}: {out}");
            assert_eq!(out["code"], "invalid", "{out}");
        }
        let (status, terms) = send(
            &app,
            reqwest::Method::PUT,
            "/v1/controllers/default/terms",
            &json!({"nix_telefon_months": 6, "reservasjonsregisteret_months": 3}),
        )
        .await;
        assert_eq!(status, 200, "{terms}");
        assert_eq!(terms["nix_telefon_months"], 6);
        assert_eq!(terms["financial_year_start_month"], 1, "absent: unchanged");

        for body in [
            json!({"key": "broadband_offers", "name": "Broadband offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"], "product_category": "broadband"}),
            json!({"key": "insurance_offers", "name": "Insurance offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"], "product_category": "insurance"}),
        ] {
            let (status, p) = app.post("/v1/purposes", &app.admin, &body).await;
            assert_eq!(status, 201, "{p}");
            assert_eq!(p["product_category"], body["product_category"]);
        }
        let (status, out) = app.post("/v1/purposes", &app.admin, &json!({"key": "bad", "name": "Bad", "legal_basis": "consent", "direct_marketing": true, "channels": ["phone"], "product_category": "Broad Band"})).await;
        assert_eq!(status, 422, "{out}");

        let sven = person(&app, &seller, "Sven Svensson", "+46701234567").await;
        let ola = person(&app, &seller, "Ola Nordmann", "+4791234567").await;
        let (status, r) = app
            .post(
                &format!("/v1/people/{sven}/relationships"),
                &seller,
                &json!({"product_category": "broadband", "started": "2024-02-01", "ended": "2026-05-20"}),
            )
            .await;
        assert_eq!(status, 201, "{r}");
        assert_eq!(r["started"], "2024-02-01");
        assert_eq!(r["ended"], "2026-05-20");
        let (status, open) = app
            .post(
                &format!("/v1/people/{ola}/relationships"),
                &seller,
                &json!({"product_category": "broadband", "started": "2025-03-01"}),
            )
            .await;
        assert_eq!(status, 201, "{open}");
        // Bad input changes nothing.
        let (status, out) = app
            .post(
                &format!("/v1/people/{ola}/relationships"),
                &seller,
                &json!({"product_category": "broadband", "started": "2026-03-01", "ended": "2026-02-01"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        let (_, list) = app
            .get(&format!("/v1/people/{ola}/relationships"), &seller)
            .await;
        assert_eq!(list["relationships"].as_array().unwrap().len(), 1, "{list}");
        // Ola's relationship ends on 15 August: three months on is 15 November.
        let rid = open["id"].as_str().unwrap();
        let (status, ended) = app
            .post(
                &format!("/v1/people/{ola}/relationships/{rid}/end"),
                &seller,
                &json!({"ended": "2026-08-15"}),
            )
            .await;
        assert_eq!(status, 200, "{ended}");
        assert_eq!(ended["ended"], "2026-08-15");
        let (status, _) = app
            .post(
                &format!("/v1/people/{ola}/relationships/{rid}/end"),
                &seller,
                &json!({"ended": "2026-08-16"}),
            )
            .await;
        assert_eq!(status, 409, "an ended relationship does not end again");

        let dir = app.db.dir.path();
        std::fs::write(dir.join("nix.txt"), "0701234567\n").unwrap();
        std::fs::write(dir.join("res.csv"), "telefon;type\n912 34 567;telefon\n").unwrap();
        for (register, file) in [
            ("nix-telefon", "nix.txt"),
            ("reservasjonsregisteret", "res.csv"),
        ] {
            let (code, out, err) = run(
                &app.db,
                &[
                    "registers",
                    "import",
                    register,
                    file,
                    "--version-date",
                    "2026-11-01",
                ],
            );
            assert_eq!(code, 0, "{out}{err}");
        }
        let within = "2026-11-10T10:00:00Z";
        let after = "2026-11-24T10:00:00Z";
        // The server sees each import when it next polls the ledger: wait for both.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let se = check_at(&app, &marketer, "+46701234567", "insurance_offers", within).await;
            let no = check_at(&app, &marketer, "+4791234567", "insurance_offers", within).await;
            if codes(&se, "reasons") == ["register.nix_telefon"]
                && codes(&no, "reasons") == ["register.reservasjonsregisteret"]
            {
                break;
            }
            assert!(Instant::now() < deadline, "imports not seen: {se} {no}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Within the period, for the same product category: allowed, the exemption named.
        for (phone, register) in [
            ("+46701234567", "nix_telefon"),
            ("+4791234567", "reservasjonsregisteret"),
        ] {
            let out = check_at(&app, &marketer, phone, "broadband_offers", within).await;
            assert_eq!(out["allowed"], true, "{out}");
            assert_eq!(codes(&out, "exemptions"), ["register.exempt_customer"]);
            assert_eq!(out["exemptions"][0]["register"], register, "{out}");
        }
        // After the period: the register refuses again.
        let out = check_at(&app, &marketer, "+46701234567", "broadband_offers", after).await;
        assert_eq!(codes(&out, "reasons"), ["register.nix_telefon"], "{out}");
        assert!(out.get("exemptions").is_none(), "{out}");
        let out = check_at(&app, &marketer, "+4791234567", "broadband_offers", after).await;
        assert_eq!(
            codes(&out, "reasons"),
            ["register.reservasjonsregisteret"],
            "{out}"
        );

        // A won deal of a product category starts a relationship; it shows in the access report.
        let karin = person(&app, &seller, "Karin Köpare", "+46709876543").await;
        std::fs::write(dir.join("nix.txt"), "0701234567\n0709876543\n").unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "nix-telefon",
                "nix.txt",
                "--version-date",
                "2026-11-02",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        let (status, deal) = app
            .post(
                &format!("/v1/people/{karin}/deals"),
                &seller,
                &json!({"amount_minor": 49_900, "currency": "SEK", "stage": "won", "closed_at": "2026-10-01T12:00:00Z", "product_category": "broadband"}),
            )
            .await;
        assert_eq!(status, 201, "{deal}");
        let (_, list) = app
            .get(&format!("/v1/people/{karin}/relationships"), &seller)
            .await;
        assert_eq!(list["relationships"][0]["started"], "2026-10-01", "{list}");
        assert_eq!(list["relationships"][0]["deal"], deal["id"], "{list}");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let out = check_at(&app, &marketer, "+46709876543", "broadband_offers", after).await;
            if out["allowed"] == true {
                assert_eq!(codes(&out, "exemptions"), ["register.exempt_customer"]);
                break;
            }
            assert!(Instant::now() < deadline, "import not seen: {out}");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, report) = app.get(&format!("/v1/people/{karin}/report"), &po).await;
        assert_eq!(status, 200, "{report}");
        assert_eq!(
            report["customer_relationships"][0]["product_category"], "broadband",
            "{report}"
        );

        // The objection wins, always.
        let (status, out) = app
            .post(
                "/v1/objections",
                &seller,
                &json!({"identifiers": {"phone": "+46709876543"}, "kind": "direct_marketing", "source": "subject"}),
            )
            .await;
        assert_eq!(status, 202, "{out}");
        let out = check_at(&app, &marketer, "+46709876543", "broadband_offers", after).await;
        assert_eq!(out["allowed"], false, "{out}");
        assert_eq!(
            codes(&out, "reasons"),
            ["objection.direct_marketing"],
            "{out}"
        );
        app.stop().await;
    }
}

/// SE bokföringslagen 7 kap. 2 §: records are kept "till och med det sjunde året efter utgången
/// av det kalenderår då räkenskapsåret avslutades"; NO bokføringsloven § 13 (2): "fem år etter
/// regnskapsårets slutt". A 2027 sale's hold runs from the end of financial year 2027.
#[tokio::test]
async fn a_sale_is_held_from_the_end_of_the_financial_year() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let po = app.key(Role::PrivacyOfficer).await;
        let (status, c) = app
            .post(
                "/v1/controllers",
                &app.admin,
                &json!({"key": "norsk", "name": "Norsk AS", "country": "NO"}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        let (status, c) = send(
            &app,
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &json!({"country": "SE"}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        for controller in ["default", "norsk"] {
            // No period named: the country's statutory one.
            let (status, p) = app.post("/v1/purposes", &app.admin, &json!({"controller": controller, "key": "bookkeeping", "name": "Bookkeeping", "legal_basis": "legal_obligation", "direct_marketing": false, "channels": ["post"], "holds_fields": ["name"]})).await;
            assert_eq!(status, 201, "{p}");
            assert_eq!(p["retention_from"], "financial_year_end", "{p}");
        }
        let (status, out) = app.post("/v1/purposes", &app.admin, &json!({"key": "club", "name": "Club", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"], "retention_from": "financial_year_end"})).await;
        assert_eq!(
            status, 422,
            "only a legal obligation counts from the financial year: {out}"
        );

        let mut kept = Vec::new();
        for (controller, name) in [("default", "Sara Säljsson"), ("norsk", "Nora Nordby")] {
            let (status, p) = app
                .post(
                    "/v1/people",
                    &po,
                    &json!({"controller": controller, "name": name, "emails": [format!("{}@example.se", name.len())]}),
                )
                .await;
            assert_eq!(status, 201, "{p}");
            let id = p["id"].as_str().unwrap().to_owned();
            let (status, d) = app
                .post(
                    &format!("/v1/people/{id}/deals"),
                    &po,
                    &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2027-05-03T10:00:00Z"}),
                )
                .await;
            assert_eq!(status, 201, "{d}");
            let r = app
                .http
                .delete(app.url(&format!("/v1/people/{id}")))
                .bearer_auth(&po)
                .send()
                .await
                .unwrap();
            let (status, erased) = crate::harness::read(r).await;
            assert_eq!(status, 200, "{erased}");
            kept.push(erased["kept"][0]["until"].as_str().unwrap().to_owned());
        }
        // Kept through the last day on the controller's clock (CET in winter), not UTC's.
        assert_eq!(kept[0], "2034-12-31T22:59:59Z", "Sweden: {kept:?}");
        assert_eq!(kept[1], "2032-12-31T22:59:59Z", "Norway: {kept:?}");

        // A financial year from July: the 2027-09-01 sale belongs to the year ending in 2028.
        let (status, _) = send(
            &app,
            reqwest::Method::PUT,
            "/v1/controllers/default/terms",
            &json!({"financial_year_start_month": 7}),
        )
        .await;
        assert_eq!(status, 200);
        let (_, p) = app
            .post(
                "/v1/people",
                &po,
                &json!({"name": "Juli Juhlin", "emails": ["juli@example.se"]}),
            )
            .await;
        let id = p["id"].as_str().unwrap().to_owned();
        app.post(&format!("/v1/people/{id}/deals"), &po, &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2027-09-01T10:00:00Z"})).await;
        let r = app
            .http
            .delete(app.url(&format!("/v1/people/{id}")))
            .bearer_auth(&po)
            .send()
            .await
            .unwrap();
        let (_, erased) = crate::harness::read(r).await;
        assert!(
            erased["kept"][0]["until"]
                .as_str()
                .unwrap()
                .starts_with("2035-12-31"),
            "{erased}"
        );
        app.stop().await;
    }
}

/// The recycle bin names the day a legal hold keeps data through on the controller's clock,
/// whatever the staff member's: a sale late on 3 May (UTC) was on 4 May in Stockholm, and so
/// is its hold's last day; a controller with no country keeps UTC's day.
#[tokio::test]
async fn the_recycle_bin_shows_a_holds_day_on_the_controllers_clock() {
    for backend in backends() {
        let db = crate::harness::TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await;
        let (status, c) = send(
            &app,
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &json!({"country": "SE"}),
        )
        .await;
        assert_eq!(status, 200, "{c}");
        let (status, c) = app
            .post(
                "/v1/controllers",
                &app.admin,
                &json!({"key": "plain", "name": "Plain Ltd"}),
            )
            .await;
        assert_eq!(status, 201, "{c}");
        for controller in ["default", "plain"] {
            let (status, p) = app.post("/v1/purposes", &app.admin, &json!({"controller": controller, "key": "receipts", "name": "Receipts", "legal_basis": "legal_obligation", "channels": ["post"], "holds_fields": ["name"], "retention": "P7Y", "retention_from": "record"})).await;
            assert_eq!(status, 201, "{p}");
            let (status, p) = app
                .post(
                    "/v1/people",
                    &app.admin,
                    &json!({"controller": controller, "name": "Sena Säljsson", "emails": [format!("sena@{controller}.example")]}),
                )
                .await;
            assert_eq!(status, 201, "{p}");
            let id = p["id"].as_str().unwrap().to_owned();
            let (status, d) = app
                .post(
                    &format!("/v1/people/{id}/deals"),
                    &app.admin,
                    &json!({"amount_minor": 1000, "currency": "SEK", "stage": "won", "closed_at": "2027-05-03T23:30:00Z"}),
                )
                .await;
            assert_eq!(status, 201, "{d}");
            let r = app
                .http
                .delete(app.url(&format!("/v1/people/{id}")))
                .bearer_auth(&app.admin)
                .send()
                .await
                .unwrap();
            let (status, erased) = crate::harness::read(r).await;
            assert_eq!(status, 200, "{erased}");
            assert_eq!(
                erased["kept"][0]["until"], "2034-05-03T23:30:00Z",
                "{erased}"
            );
        }
        // The staff member reads Stockholm's clock; the holds keep their controllers'.
        crate::ui::user(&app, Role::PrivacyOfficer, "dpo@bin.example", "en").await;
        let dpo = crate::ui::sign_in(&app, "dpo@bin.example").await;
        let html = dpo.get(&app, "/ui/trash").await.text().await.unwrap();
        assert!(html.contains("kept until 2034-05-04"), "{html}");
        assert!(html.contains("kept until 2034-05-03"), "{html}");
        app.stop().await;
    }
}
