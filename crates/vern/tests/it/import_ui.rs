//! People imported from a spreadsheet in the staff UI (issue 20 §3), driven in Chromium: the
//! file is dry-run first (every line's outcome, a bad line named by its number, nothing
//! written), then imported for real on confirmation, through the importer `vern import people`
//! and `POST /v1/imports` use; the API reads back what the page imported.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{StoreExt, TestApp, TestDb, backends};
use crate::ui::{Browser, sign_in, user};

async fn spawn(backend: crate::harness::Backend) -> TestApp {
    let db = TestDb::new(backend).await;
    TestApp::spawn_with(db, |s| s.ui.secure_cookies = false).await
}

async fn people_with(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, out) = app.get(&format!("/v1/people?{query}"), &app.admin).await;
    assert_eq!(status, 200, "{out}");
    out["people"].as_array().unwrap().clone()
}

async fn kinds_since(app: &TestApp, after: i64) -> Vec<String> {
    app.store
        .ledger_after(after, 10_000)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect()
}

/// Latin-1: every character of the file is below U+0100.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

#[tokio::test]
async fn people_are_imported_in_the_browser_after_a_dry_run_that_writes_nothing() {
    for (i, backend) in backends().into_iter().enumerate() {
        let shots = i == 0;
        let app = spawn(backend).await;
        let (status, out) = app
            .post(
                "/v1/purposes",
                &app.admin,
                &json!({"key": "newsletter", "name": "Newsletter", "legal_basis": "consent", "direct_marketing": true, "channels": ["email"]}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        user(&app, Role::PrivacyOfficer, "dpo@import.example", "en").await;
        user(&app, Role::Auditor, "auditor@import.example", "en").await;
        // As Excel on a Swedish Windows writes it: Latin-1, semicolons, `\r\n`, Swedish
        // headers; line 3 holds a phone number that is none.
        let file = app.db.dir.path().join("kunder.csv");
        std::fs::write(
            &file,
            latin1(
                "Kundnr;Namn;Telefon;E-post;consent:newsletter:email\r\n\
                 K1;Åsa Öberg;070-123 45 67;asa@example.se;ja\r\n\
                 K2;Bo Ek;12;bo@example.se;\r\n\
                 K3;Carl Ström;;carl@example.se;nej\r\n",
            ),
        )
        .unwrap();

        let b = Browser::start().await;
        b.sign_in(&app, "dpo@import.example").await;
        b.goto(&app.url("/ui/people")).await;
        b.click("#import-people").await;
        let head = app.store.ledger_head_for_test().await;
        b.type_into("#imp-file", file.to_str().unwrap()).await;
        b.click("#import-check").await;

        // The dry run: each line's outcome, the bad line by its number and why.
        b.wait_text("#checked h2", "Dry run").await;
        assert_eq!(b.text("#checked-read").await, "3");
        assert_eq!(b.text("#checked-created").await, "2");
        assert_eq!(b.text("#checked-rejected").await, "1");
        b.find("#checked-lines tr[data-line='2'][data-outcome=created]")
            .await;
        b.find("#checked-lines tr[data-line='4'][data-outcome=created]")
            .await;
        let bad = b
            .text("#checked-lines tr[data-line='3'][data-outcome=rejected]")
            .await;
        assert!(bad.contains("phones[0]"), "{bad}");
        assert!(!bad.contains("Bo Ek"), "no line's data in a refusal: {bad}");
        assert_eq!(
            app.store.ledger_head_for_test().await,
            head,
            "a dry run writes nothing"
        );
        assert!(people_with(&app, "email=asa@example.se").await.is_empty());
        b.screenshot("people-import-dry-run", shots).await;

        // The real run imports the file the dry run checked.
        b.click("#import-confirm").await;
        b.wait_text("#imported h2", "The import is done").await;
        b.wait_text("[role=status]", "The file is imported.").await;
        assert_eq!(b.text("#imported-created").await, "2");
        assert_eq!(b.text("#imported-rejected").await, "1");
        assert_eq!(b.text("#imported-batches").await, "1");
        let bad = b.text("#imported-lines tr[data-line='3']").await;
        assert!(bad.contains("phones[0]"), "{bad}");
        let kinds = kinds_since(&app, head).await;
        let count = |k: &str| kinds.iter().filter(|x| *x == k).count();
        assert_eq!(count("person.imported"), 2, "{kinds:?}");
        assert_eq!(count("import.batch"), 1, "{kinds:?}");
        let asa = people_with(&app, "phone=0701234567").await;
        assert_eq!(asa.len(), 1, "{asa:?}");
        assert_eq!(asa[0]["name"], "Åsa Öberg", "read as Latin-1");
        assert_eq!(people_with(&app, "email=carl@example.se").await.len(), 1);
        assert!(people_with(&app, "email=bo@example.se").await.is_empty());
        let (_, check) = app
            .post(
                "/v1/check",
                &app.admin,
                &json!({"identifiers": {"email": "asa@example.se"}, "channel": "email", "purpose": "newsletter"}),
            )
            .await;
        assert_eq!(check["allowed"], true, "the consent came in too: {check}");
        b.quit().await;
        drop(b);

        // The checked file is imported once: its token names nothing now, and a forged one
        // nothing either.
        let dpo = sign_in(&app, "dpo@import.example").await;
        let r = dpo
            .post(
                &app,
                "/ui/people/import/run",
                &[("csrf", dpo.csrf.as_str()), ("token", "forged")],
            )
            .await;
        assert_eq!(r.status(), 409);
        assert!(r.text().await.unwrap().contains("Upload it again"));
        // The roles that may not import people do not see the page.
        let auditor = sign_in(&app, "auditor@import.example").await;
        assert_eq!(auditor.get(&app, "/ui/people/import").await.status(), 403);
        app.stop().await;
    }
}
