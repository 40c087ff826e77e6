//! Art. 14 notices through the real server (issue 19 §2, docs/notices.md): a person whose data
//! were not obtained from them is told who holds the data, where they came from and what their
//! rights are, and direct marketing waits until they have been told.
//!
//! GDPR Art. 14(1)-(2) (what the notice holds), 14(3) ("within a reasonable period after
//! obtaining the personal data, but at the latest within one month", and "at the latest at the
//! time of the first communication"), 14(5) (the only grounds for not telling), Art. 21(4) (the
//! right to object to direct marketing "presented clearly and separately").

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::datetime;
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::{TestApp, TestDb, backends};

/// The test clock: the server reads this instant at start and runs on from it.
const T0: OffsetDateTime = datetime!(2027-01-19 10:00 UTC);

pub(crate) struct Setup {
    pub(crate) app: TestApp,
    pub(crate) outbox: PathBuf,
    pub(crate) seller: String,
    pub(crate) marketer: String,
    pub(crate) officer: String,
}

async fn setup(backend: crate::harness::Backend) -> Setup {
    setup_delivering(backend, true).await
}

/// With `deliver` false no message is delivered and no SMS path exists.
async fn setup_delivering(backend: crate::harness::Backend, deliver: bool) -> Setup {
    setup_with(backend, move |s, dir| {
        if deliver {
            s.mail.outbox_dir = Some(dir.to_owned());
        }
    })
    .await
}

/// The server's settings adjusted by `adjust`, given the outbox directory's path.
pub(crate) async fn setup_with(
    backend: crate::harness::Backend,
    adjust: impl FnOnce(&mut vern_server::Settings, &Path),
) -> Setup {
    let db = TestDb::new(backend).await;
    let outbox = db.dir.path().join("outbox");
    let dir = outbox.clone();
    let app = TestApp::spawn_with(db, move |s| {
        s.clock = vern_server::Clock::starting_at(T0);
        s.ui.secure_cookies = false;
        s.preferences.public_url = Some("https://vern.example.se/".into());
        adjust(s, &dir);
    })
    .await;
    let (status, out) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &json!({"country": "SE", "dpo": {"email": "dpo@acme.example"}, "privacy_notice_url": "https://acme.example/privacy"}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    let (status, out) = app
        .post(
            "/v1/purposes",
            &app.admin,
            &json!({"key": "letters", "name": "Offers by letter", "legal_basis": "legitimate_interests",
                    "direct_marketing": true, "channels": ["post", "phone", "email"], "retention": "P24M",
                    "description": "We send offers on our bicycles by post", "recipients": ["Tryckeriet AB (printing)"]}),
        )
        .await;
    assert_eq!(status, 201, "{out}");
    // The letters are printed by a processor from the agreements register (Art. 28): the
    // notice names it among the recipients (Art. 14(1)(e)).
    let (status, agreement) = app
        .post(
            "/v1/processors",
            &app.admin,
            &json!({"name": "Utskicket AB", "contact": "dpa@utskicket.example", "purposes": ["letters"],
                    "data_categories": ["postal addresses"], "signed_on": "2026-01-15",
                    "expires_on": "2028-01-15", "review_on": "2027-12-01"}),
        )
        .await;
    assert_eq!(status, 201, "{agreement}");
    let (status, out) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/purposes/letters",
            &app.admin,
            &json!({"processors": [agreement["id"]]}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    Setup {
        seller: app.key(Role::Seller).await,
        marketer: app.key(Role::Marketer).await,
        officer: app.key(Role::PrivacyOfficer).await,
        outbox,
        app,
    }
}

impl Setup {
    pub(crate) async fn create(&self, body: Value) -> Value {
        let (status, out) = self.app.post("/v1/people", &self.seller, &body).await;
        assert_eq!(status, 201, "{body}: {out}");
        out
    }

    pub(crate) async fn person(&self, id: &str) -> Value {
        let (status, out) = self
            .app
            .get(&format!("/v1/people/{id}"), &self.seller)
            .await;
        assert_eq!(status, 200, "{out}");
        out
    }

    /// A marketing letter to the holder of `ids`, as a dialer or print run would ask.
    pub(crate) async fn check(&self, ids: Value, carries: bool) -> Value {
        let mut body = json!({"identifiers": ids, "channel": "post", "purpose": "letters"});
        if carries {
            body["carries_art14_notice"] = json!(true);
        }
        let (status, out) = self.app.post("/v1/check", &self.marketer, &body).await;
        assert_eq!(status, 200, "{body}: {out}");
        out
    }

    pub(crate) async fn kinds(&self, person: &str) -> Vec<String> {
        self.app
            .store
            .ledger_for(person)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.kind)
            .filter(|k| k.starts_with("notice."))
            .collect()
    }

    /// Wait (a few of the job's rounds at most) until the person's notice is in `state`.
    pub(crate) async fn until_state(&self, id: &str, state: &str) -> Value {
        for _ in 0..100 {
            let person = self.person(id).await;
            if person["art14_notice"]["state"] == state {
                return person;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "the notice never reached {state}: {}",
            self.person(id).await
        );
    }
}

pub(crate) fn codes(v: &Value) -> Vec<&str> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

fn time_of(v: &Value) -> OffsetDateTime {
    OffsetDateTime::parse(v.as_str().unwrap(), &Rfc3339).unwrap()
}

/// One gauge's value in the `/metrics` text.
pub(crate) fn gauge(metrics: &str, name: &str) -> i64 {
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {metrics}"))
}

/// The e-mail written to the outbox directory for `to`, its body decoded from
/// quoted-printable.
pub(crate) fn mail_to(dir: &Path, to: &str) -> String {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.contains(&format!("To: {to}\r\n")) {
            return quoted_printable(&text);
        }
    }
    panic!("no message to {to} in {}", dir.display());
}

fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap().replace("\r\n", "\n")
}

#[tokio::test]
async fn a_bought_person_waits_for_the_notice_which_goes_at_once_in_their_language() {
    for backend in backends() {
        let s = setup(backend).await;

        // Known by a national id only: nowhere to send the notice. Marketing waits for it
        // (Art. 14(3)(b): the first communication would otherwise come before the notice).
        let anna = s
            .create(
                json!({"name": "Anna Berg", "national_id": "811228-9874", "language": "sv",
                           "source": "purchased_list", "supplier": "Listmäklaren AB"}),
            )
            .await;
        let anna_id = anna["id"].as_str().unwrap().to_owned();
        assert_eq!(anna["source"], "purchased_list");
        assert_eq!(anna["supplier"], "Listmäklaren AB");
        assert_eq!(anna["art14_notice"]["state"], "owed");
        assert_eq!(anna["art14_notice"]["pending"], true);
        assert_eq!(anna["art14_notice"]["no_address"], true);
        // Art. 14(3)(a): one month after obtaining the data at the latest.
        assert_eq!(
            time_of(&anna["art14_notice"]["due_at"]) - time_of(&anna["art14_notice"]["owed_since"]),
            time::Duration::days(31)
        );
        let anna_ids = json!({"national_id": "811228-9874"});
        let refused = s.check(anna_ids.clone(), false).await;
        assert_eq!(refused["allowed"], false);
        assert_eq!(codes(&refused), ["notice.art14_pending"]);

        // A person who gave their data themself is unaffected (Art. 13, not Art. 14).
        let self_given = s
            .create(json!({"name": "Bo Ek", "national_id": "900101-1239"}))
            .await;
        assert_eq!(self_given["source"], "subject");
        assert!(self_given.get("art14_notice").is_none(), "{self_given}");
        let allowed = s.check(json!({"national_id": "900101-1239"}), false).await;
        assert_eq!(allowed["allowed"], true, "{allowed}");
        assert!(s.kinds(self_given["id"].as_str().unwrap()).await.is_empty());

        // With an e-mail address the job sends the notice at once, in the person's language,
        // with the source and the right to object set apart.
        let kaisa = s
            .create(
                json!({"name": "Kaisa Virtanen", "emails": ["kaisa@example.fi"], "language": "fi",
                           "source": "purchased_list", "supplier": "Listmäklaren AB"}),
            )
            .await;
        let kaisa_id = kaisa["id"].as_str().unwrap();
        let sent = s.until_state(kaisa_id, "sent").await;
        let notice = &sent["art14_notice"];
        assert_eq!(notice["pending"], false);
        assert_eq!(notice["sent_via"], "email");
        let took = time_of(&notice["sent_at"]) - time_of(&notice["owed_since"]);
        assert!(took < time::Duration::minutes(5), "sent after {took}");
        assert!(time_of(&notice["sent_at"]) < time_of(&notice["due_at"]));
        let mail = mail_to(&s.outbox, "kaisa@example.fi");
        for needle in [
            "Olemme saaneet henkilötietosi muualta kuin sinulta itseltäsi.",
            "ostamamme osoiteluettelo (toimittaja: Listmäklaren AB)",
            "Offers by letter",
            "Tryckeriet AB (printing)",
            "Utskicket AB",
            "dpo@acme.example",
            "https://acme.example/privacy",
            "Integritetsskyddsmyndigheten",
            "\n\nOIKEUTESI VASTUSTAA SUORAMARKKINOINTIA\n",
            "vastustaa henkilötietojesi käyttöä suoramarkkinointiin",
        ] {
            assert!(mail.contains(needle), "no {needle:?} in:\n{mail}");
        }
        // Issue 18 §3: vern's own messages lead to the person's preference centre, by a signed
        // link on the configured public address, and the link opens it.
        let prefix = "Valitse, mitä haluat meiltä saada, tai lopeta kaikki markkinointi: https://vern.example.se/p/";
        let at = mail
            .find(prefix)
            .unwrap_or_else(|| panic!("no link in:\n{mail}"));
        let token: String = mail[at + prefix.len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        let page = s
            .app
            .http
            .get(s.app.url(&format!("/p/{token}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{token}");
        assert_eq!(
            s.kinds(kaisa_id).await,
            [
                "notice.art14_owed",
                "notice.art14_queued",
                "notice.art14_sent"
            ]
        );
        // The delivery job wrote `notice.art14_sent`; this server's index follows the ledger
        // within its sync interval.
        let mut allowed = s.check(json!({"email": "kaisa@example.fi"}), false).await;
        for _ in 0..40 {
            if allowed["allowed"] == true {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            allowed = s.check(json!({"email": "kaisa@example.fi"}), false).await;
        }
        assert_eq!(allowed["allowed"], true, "{allowed}");

        // Anna still waits: the job found no address. The gauges say so.
        // The job counts at the end of each round: wait for the round after the delivery.
        let mut metrics = s.app.metrics().await;
        for _ in 0..100 {
            if gauge(&metrics, "vern_art14_notices_owed") == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            metrics = s.app.metrics().await;
        }
        assert_eq!(gauge(&metrics, "vern_art14_notices_owed"), 1, "{metrics}");
        assert_eq!(gauge(&metrics, "vern_art14_notices_no_address"), 1);
        assert_eq!(gauge(&metrics, "vern_art14_notices_overdue"), 0);
        assert_eq!(s.person(&anna_id).await["art14_notice"]["state"], "owed");

        // A first communication that carries the notice is allowed, and is the notice given:
        // later contact is allowed without it.
        let carried = s.check(anna_ids.clone(), true).await;
        assert_eq!(carried["allowed"], true, "{carried}");
        let anna = s.person(&anna_id).await;
        assert_eq!(anna["art14_notice"]["state"], "sent");
        assert_eq!(anna["art14_notice"]["sent_via"], "first_communication");
        assert_eq!(
            s.kinds(&anna_id).await,
            ["notice.art14_owed", "notice.art14_sent"]
        );
        let later = s.check(anna_ids, false).await;
        assert_eq!(later["allowed"], true, "{later}");
        // A batch cannot carry it: nothing would record it.
        let (status, out) = s
            .app
            .post(
                "/v1/check/batch",
                &s.marketer,
                &json!({"items": [{"identifiers": {"national_id": "900101-1239"}, "channel": "post", "purpose": "letters", "carries_art14_notice": true}]}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "items[0].carries_art14_notice");
        s.app.stop().await;
    }
}

#[tokio::test]
async fn an_art14_5_exemption_is_recorded_with_its_reason_by_the_privacy_officer_only() {
    for backend in backends() {
        let s = setup(backend).await;
        let p = s
            .create(json!({"name": "Cecilia Lund", "national_id": "850505-4562", "source": "public_register"}))
            .await;
        let id = p["id"].as_str().unwrap().to_owned();
        let ids = json!({"national_id": "850505-4562"});
        assert_eq!(
            codes(&s.check(ids.clone(), false).await),
            ["notice.art14_pending"]
        );
        let path = format!("/v1/people/{id}/art14-exemption");
        let body = json!({"exemption": "disproportionate_effort", "reason": "50 000 names from the vehicle register; published on acme.example/privacy"});

        // Least privilege: those who sell and market cannot excuse themselves from telling.
        for key in [&s.seller, &s.marketer] {
            let (status, out) = s.app.post(&path, key, &body).await;
            assert_eq!(status, 403, "{out}");
        }
        // Never silent: the ground and its reason are required.
        let (status, out) = s
            .app
            .post(
                &path,
                &s.officer,
                &json!({"exemption": "disproportionate_effort"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "reason");
        let (status, out) = s
            .app
            .post(
                &path,
                &s.officer,
                &json!({"exemption": "too_busy", "reason": "x"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "exemption");
        assert_eq!(s.kinds(&id).await, ["notice.art14_owed"]);

        let (status, out) = s.app.post(&path, &s.officer, &body).await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(out["state"], "exempt");
        assert_eq!(out["pending"], false);
        let person = s.person(&id).await;
        let notice = &person["art14_notice"];
        assert_eq!(notice["exemption"], "disproportionate_effort");
        assert_eq!(notice["exemption_reason"], body["reason"]);
        assert_eq!(
            s.kinds(&id).await,
            ["notice.art14_owed", "notice.art14_exempted"]
        );
        let allowed = s.check(ids, false).await;
        assert_eq!(allowed["allowed"], true, "{allowed}");
        // Once excused, not again.
        let (status, _) = s.app.post(&path, &s.officer, &body).await;
        assert_eq!(status, 409);
        // A person whose data came from themself owes no notice to excuse.
        let own = s
            .create(json!({"name": "Dan Ås", "national_id": "760303-3213"}))
            .await;
        let (status, _) = s
            .app
            .post(
                &format!("/v1/people/{}/art14-exemption", own["id"].as_str().unwrap()),
                &s.officer,
                &body,
            )
            .await;
        assert_eq!(status, 409);
        s.app.stop().await;
    }
}

#[tokio::test]
async fn an_unknown_source_or_a_list_without_its_supplier_is_refused_and_nothing_is_stored() {
    for backend in backends() {
        let s = setup(backend).await;
        for (body, field) in [
            (
                json!({"name": "Eva", "national_id": "811228-9874", "source": "scraped"}),
                "source",
            ),
            (
                json!({"name": "Eva", "national_id": "811228-9874", "source": "purchased_list"}),
                "supplier",
            ),
            (
                json!({"name": "Eva", "national_id": "811228-9874", "supplier": "Listmäklaren AB"}),
                "supplier",
            ),
        ] {
            let (status, out) = s.app.post("/v1/people", &s.seller, &body).await;
            assert_eq!(status, 422, "{body}: {out}");
            assert_eq!(out["details"][0]["field"], field, "{out}");
        }
        let (status, out) = s
            .app
            .get("/v1/people?national_id=811228-9874", &s.seller)
            .await;
        assert_eq!(status, 200);
        assert_eq!(out["people"], json!([]));
        // The source is set when the data are obtained, not changed afterwards.
        let p = s
            .create(json!({"name": "Eva", "national_id": "811228-9874"}))
            .await;
        let (status, out) = s
            .app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{}", p["id"].as_str().unwrap()),
                &s.officer,
                &json!({"source": "referral"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "source");
        s.app.stop().await;
    }
}

#[tokio::test]
async fn a_controllers_own_introduction_replaces_the_default_and_the_facts_still_follow() {
    for backend in backends() {
        let s = setup(backend).await;
        let (status, out) = s
            .app
            .send(
                reqwest::Method::PUT,
                "/v1/controllers/default/art14-texts/sv",
                &s.officer,
                &json!({"intro": "Hej! Vi på Acme har fått din adress från en adresslista."}),
            )
            .await;
        assert_eq!(status, 204, "{out}");
        let (status, out) = s
            .app
            .send(
                reqwest::Method::PUT,
                "/v1/controllers/default/art14-texts/de",
                &s.officer,
                &json!({"intro": "Hallo"}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "language");
        let (status, _) = s
            .app
            .send(
                reqwest::Method::PUT,
                "/v1/controllers/default/art14-texts/sv",
                &s.marketer,
                &json!({"intro": "x"}),
            )
            .await;
        assert_eq!(status, 403);
        let (status, out) = s
            .app
            .get("/v1/controllers/default/art14-texts", &s.marketer)
            .await;
        assert_eq!(status, 200);
        assert_eq!(out["texts"][0]["language"], "sv");

        // No language of their own: the controller's country's (Sweden).
        let p = s
            .create(json!({"name": "Gustav Holm", "emails": ["gustav@example.se"], "source": "referral"}))
            .await;
        s.until_state(p["id"].as_str().unwrap(), "sent").await;
        let mail = mail_to(&s.outbox, "gustav@example.se");
        for needle in [
            "Hej! Vi på Acme har fått din adress från en adresslista.",
            "någon som tipsade oss om dig",
            "Offers by letter",
            "DIN RÄTT ATT INVÄNDA MOT DIREKTMARKNADSFÖRING",
        ] {
            assert!(mail.contains(needle), "no {needle:?} in:\n{mail}");
        }
        assert!(!mail.contains("Vi har fått dina personuppgifter från någon annan än dig"));

        // Known by phone only, with an SMS path (here the outbox directory): by SMS.
        let p = s
            .create(json!({"name": "Lars Ek", "phones": ["070-777 88 99"], "source": "customer_relationship"}))
            .await;
        let sent = s.until_state(p["id"].as_str().unwrap(), "sent").await;
        assert_eq!(sent["art14_notice"]["sent_via"], "sms");
        let sms = std::fs::read_dir(&s.outbox)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .find(|t| t.starts_with("To: +46707778899"))
            .expect("an SMS file");
        assert!(sms.contains("en befintlig kundrelation"), "{sms}");
        assert!(
            sms.contains("DIN RÄTT ATT INVÄNDA MOT DIREKTMARKNADSFÖRING"),
            "{sms}"
        );
        s.app.stop().await;
    }
}

#[tokio::test]
async fn a_list_wash_never_lets_a_person_still_owed_the_notice_through() {
    // The wash decides each row with `decide` and never carries the notice: a campaign list
    // must not reach a person before they were told (Art. 14(3)(b)).
    for backend in backends() {
        let s = setup_delivering(backend, false).await;
        // Known by phone only, and no SMS path: the notice stays owed.
        let bought = s
            .create(json!({"name": "Hanna Nyberg", "phones": ["070-111 22 33"], "source": "purchased_list", "supplier": "Listmäklaren AB"}))
            .await;
        s.create(json!({"name": "Ivar Strand", "phones": ["070-444 55 66"]}))
            .await;
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        let person = s.person(bought["id"].as_str().unwrap()).await;
        assert_eq!(person["art14_notice"]["state"], "owed");
        assert_eq!(person["art14_notice"]["no_address"], true);
        let list = "Namn;Mobil\nHanna;0701112233\nIvar;0704445566\n";
        let wash = |output: &'static str| {
            let s = &s;
            async move {
                let r = s
                    .app
                    .http
                    .post(s.app.url(&format!(
                        "/v1/wash?purpose=letters&channel=phone&output={output}"
                    )))
                    .bearer_auth(&s.marketer)
                    .header("content-type", "text/csv")
                    .body(list)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                r.text().await.unwrap()
            }
        };
        let allowed = wash("allowed").await;
        assert!(allowed.contains("Ivar"), "{allowed}");
        assert!(!allowed.contains("Hanna"), "{allowed}");
        let rejected = wash("rejected").await;
        assert!(
            rejected.contains("Hanna") && rejected.contains("notice.art14_pending"),
            "{rejected}"
        );
        s.app.stop().await;
    }
}

#[tokio::test]
async fn the_person_card_shows_the_source_and_the_notice_and_takes_the_exemption() {
    for backend in backends() {
        let s = setup_delivering(backend, false).await;
        let p = s
            .create(json!({"name": "Jon Dahl", "national_id": "811228-9874", "source": "purchased_list", "supplier": "Listmäklaren AB"}))
            .await;
        let id = p["id"].as_str().unwrap();
        crate::ui::user(&s.app, Role::Seller, "seller@acme.example", "en").await;
        crate::ui::user(&s.app, Role::PrivacyOfficer, "po@acme.example", "en").await;
        let seller = crate::ui::sign_in(&s.app, "seller@acme.example").await;
        let html = seller
            .get(&s.app, &format!("/ui/people/{id}"))
            .await
            .text()
            .await
            .unwrap();
        for needle in [
            "a list of addresses we bought (supplier: Listmäklaren AB)",
            "Owed since",
            "no address",
            "The Art. 14 notice has not been given",
        ] {
            assert!(html.contains(needle), "no {needle:?} in the card");
        }
        // The seller may not excuse the notice: no form, and the door is shut.
        assert!(!html.contains("art14-form"));
        let r = seller
            .post(
                &s.app,
                &format!("/ui/people/{id}/art14-exemption"),
                &[
                    ("csrf", seller.csrf.as_str()),
                    ("exemption", "already_informed"),
                    ("reason", "x"),
                ],
            )
            .await;
        assert_eq!(r.status(), 403);

        let po = crate::ui::sign_in(&s.app, "po@acme.example").await;
        let html = po
            .get(&s.app, &format!("/ui/people/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("art14-form"));
        let r = po
            .post(
                &s.app,
                &format!("/ui/people/{id}/art14-exemption"),
                &[
                    ("csrf", po.csrf.as_str()),
                    ("exemption", "already_informed"),
                    ("reason", "Told on the phone on 18 January, call recorded"),
                ],
            )
            .await;
        assert_eq!(r.status(), 303);
        let html = po
            .get(&s.app, &format!("/ui/people/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Exemption (Art. 14(5)): The person already has the information — Told on the phone on 18 January, call recorded"),
            "the card does not show the exemption"
        );
        assert!(!html.contains("The Art. 14 notice has not been given"));
        s.app.stop().await;
    }
}
