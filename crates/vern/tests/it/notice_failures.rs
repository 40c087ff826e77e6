//! Art. 14 notices the outbox gave up (docs/notices.md, "When delivery fails"): nobody was
//! told, so the notice must not vanish. It is listed and counted for staff, goes again when the
//! person's address is corrected or staff ask, and never twice once delivered.
//!
//! GDPR Art. 14(3): the person must be told "within a reasonable period …, but at the latest
//! within one month". Failures are made by the SMS gateway's test double, which answers 400 (a
//! final refusal) to the numbers it is told to refuse.

use serde_json::{Value, json};
use vern_core::Role;
use vern_store::store::LedgerStore;

use crate::harness::backends;
use crate::notices::{Setup, codes, gauge, setup_with};
use crate::sms::double::GatewayDouble;

/// A server whose SMS go to `double` and whose e-mail is written to the outbox directory.
async fn setup(backend: crate::harness::Backend, double: &GatewayDouble) -> Setup {
    let gateway = double.settings();
    setup_with(backend, move |s, dir| {
        s.mail.outbox_dir = Some(dir.to_owned());
        s.mail.sms_gateway = Some(gateway);
    })
    .await
}

/// The texts of the notices the gateway accepted for `number` (the Swedish notice ends with
/// the right to object, in capitals).
async fn notices_to(double: &GatewayDouble, number: &str) -> usize {
    double
        .posted
        .lock()
        .await
        .iter()
        .filter(|p| {
            p.body["destination"] == number
                && p.body["userData"]
                    .as_str()
                    .is_some_and(|t| t.contains("DIN RÄTT ATT INVÄNDA MOT DIREKTMARKNADSFÖRING"))
        })
        .count()
}

/// The `cause` of each `notice.art14_requeued` of the person.
async fn requeue_causes(s: &Setup, person: &str) -> Vec<String> {
    s.app
        .store
        .ledger_for(person)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "notice.art14_requeued")
        .map(|e| {
            let p: Value = serde_json::from_str(&e.payload).unwrap();
            p["cause"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

/// Wait (a few of the job's rounds at most) until the gauge reads `want`.
async fn until_gauge(s: &Setup, name: &str, want: i64) {
    for _ in 0..100 {
        if gauge(&s.app.metrics().await, name) == want {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{name} never read {want}: {}", s.app.metrics().await);
}

async fn listed(s: &Setup, key: &str, query: &str) -> (u16, Value) {
    s.app.get(&format!("/v1/art14-notices{query}"), key).await
}

#[tokio::test]
async fn a_refused_notice_is_listed_and_counted_and_goes_again_to_a_corrected_number() {
    for backend in backends() {
        let double = GatewayDouble::start(0).await;
        double.refusing.lock().await.push("+46701112233".to_owned());
        let s = setup(backend, &double).await;
        let p = s
            .create(
                json!({"name": "Hanna Nyberg", "phones": ["070-111 22 33"], "language": "sv",
                           "source": "purchased_list", "supplier": "Listmäklaren AB"}),
            )
            .await;
        let id = p["id"].as_str().unwrap().to_owned();

        // The gateway refuses the number for good: the notice failed, with its reason's
        // category, and the person is still owed it (marketing waits).
        let failed = s.until_state(&id, "failed").await;
        let notice = &failed["art14_notice"];
        assert_eq!(notice["failure"], "refused", "{notice}");
        assert!(notice["failed_at"].is_string(), "{notice}");
        assert_eq!(notice["attempts"], 1);
        assert_eq!(notice["pending"], true);
        assert_eq!(
            codes(&s.check(json!({"phone": "0701112233"}), false).await),
            ["notice.art14_pending"]
        );
        assert_eq!(
            s.kinds(&id).await,
            [
                "notice.art14_owed",
                "notice.art14_queued",
                "notice.art14_failed"
            ]
        );
        // No personal data in the ledger's failure: the category only.
        let entries = s.app.store.ledger_for(&id).await.unwrap();
        let failure = entries
            .iter()
            .find(|e| e.kind == "notice.art14_failed")
            .unwrap();
        assert!(
            !failure.payload.contains("46701112233"),
            "{}",
            failure.payload
        );
        assert!(
            failure.payload.contains("\"failure\":\"refused\""),
            "{}",
            failure.payload
        );

        // Listed where staff work: the API's list of notices not yet given, and the board.
        let (status, out) = listed(&s, &s.officer, "?state=failed").await;
        assert_eq!(status, 200, "{out}");
        let rows = out["notices"].as_array().unwrap();
        assert_eq!(rows.len(), 1, "{out}");
        assert_eq!(rows[0]["person_id"], id.as_str());
        assert_eq!(rows[0]["controller"], "default");
        assert_eq!(rows[0]["overdue"], false);
        assert_eq!(rows[0]["notice"]["failure"], "refused");
        let (status, out) = listed(&s, &s.officer, "").await;
        assert_eq!(status, 200);
        assert_eq!(out["notices"][0]["notice"]["state"], "failed", "{out}");
        let (status, out) = listed(&s, &s.officer, "?state=sent").await;
        assert_eq!(status, 422, "{out}");
        assert_eq!(out["details"][0]["field"], "state");
        for key in [&s.seller, &s.marketer] {
            assert_eq!(listed(&s, key, "").await.0, 403);
        }
        // Counted: still owed, and failed.
        until_gauge(&s, "vern_art14_notices_failed", 1).await;
        assert_eq!(gauge(&s.app.metrics().await, "vern_art14_notices_owed"), 1);
        crate::ui::user(&s.app, Role::PrivacyOfficer, "po@acme.example", "en").await;
        let po = crate::ui::sign_in(&s.app, "po@acme.example").await;
        let board = po.get(&s.app, "/ui/breaches").await.text().await.unwrap();
        for needle in [
            "Art. 14 notices nobody received",
            &format!("href=\"/ui/people/{id}\">Hanna Nyberg</a>"),
            "refused by the mail server or SMS gateway",
        ] {
            assert!(board.contains(needle), "no {needle:?} on the board");
        }
        let card = po
            .get(&s.app, &format!("/ui/people/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(card.contains("id=\"art14-retry\""), "no retry on the card");

        // A corrected number: the notice goes again, to it, and is delivered.
        let (status, out) = s
            .app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{id}"),
                &s.officer,
                &json!({"phones": ["070-999 88 77"]}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        let sent = s.until_state(&id, "sent").await;
        assert_eq!(sent["art14_notice"]["sent_via"], "sms");
        assert_eq!(sent["art14_notice"]["attempts"], 2);
        assert!(sent["art14_notice"].get("failure").is_none(), "{sent}");
        assert_eq!(notices_to(&double, "+46709998877").await, 1);
        assert_eq!(notices_to(&double, "+46701112233").await, 0);
        assert_eq!(requeue_causes(&s, &id).await, ["address_changed"]);
        until_gauge(&s, "vern_art14_notices_failed", 0).await;
        let (_, out) = listed(&s, &s.officer, "?state=failed").await;
        assert_eq!(out["notices"], json!([]));

        // Delivered: never again, whatever the address becomes, and no retry.
        let kinds = s.kinds(&id).await;
        let (status, out) = s
            .app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{id}"),
                &s.officer,
                &json!({"phones": ["070-222 33 44"], "emails": ["hanna@example.se"]}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        // Past two of the job's rounds.
        tokio::time::sleep(std::time::Duration::from_millis(4500)).await;
        assert_eq!(s.kinds(&id).await, kinds);
        assert_eq!(s.person(&id).await["art14_notice"]["state"], "sent");
        assert_eq!(notices_to(&double, "+46702223344").await, 0);
        let (status, out) = s
            .app
            .post(
                &format!("/v1/people/{id}/art14-notice/retry"),
                &s.officer,
                &json!({}),
            )
            .await;
        assert_eq!(status, 409, "{out}");
        assert_eq!(notices_to(&double, "+46709998877").await, 1);
        s.app.stop().await;
    }
}

#[tokio::test]
async fn staff_send_a_failed_notice_again_and_only_the_privacy_officer_may() {
    for backend in backends() {
        let double = GatewayDouble::start(0).await;
        double.refusing.lock().await.push("+46704445566".to_owned());
        let s = setup(backend, &double).await;
        let p = s
            .create(
                json!({"name": "Ivar Strand", "phones": ["070-444 55 66"], "language": "sv",
                           "source": "public_register"}),
            )
            .await;
        let id = p["id"].as_str().unwrap().to_owned();
        s.until_state(&id, "failed").await;
        let path = format!("/v1/people/{id}/art14-notice/retry");

        // Those who sell and market cannot make the notice go again; nothing is written.
        for key in [&s.seller, &s.marketer] {
            let (status, out) = s.app.post(&path, key, &json!({})).await;
            assert_eq!(status, 403, "{out}");
        }
        assert!(requeue_causes(&s, &id).await.is_empty());

        // Nor in the staff UI: the card's button is the same use case.
        crate::ui::user(&s.app, Role::Seller, "seller@acme.example", "en").await;
        crate::ui::user(&s.app, Role::PrivacyOfficer, "po@acme.example", "en").await;
        let seller = crate::ui::sign_in(&s.app, "seller@acme.example").await;
        let card = seller
            .get(&s.app, &format!("/ui/people/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !card.contains("id=\"art14-retry\""),
            "the seller is offered the retry"
        );
        let ui_path = format!("/ui/people/{id}/art14-retry");
        let r = seller
            .post(&s.app, &ui_path, &[("csrf", seller.csrf.as_str())])
            .await;
        assert_eq!(r.status(), 403);
        assert!(requeue_causes(&s, &id).await.is_empty());

        // The privacy officer retries on the card while the gateway still refuses: it fails
        // again.
        let po = crate::ui::sign_in(&s.app, "po@acme.example").await;
        let r = po
            .post(&s.app, &ui_path, &[("csrf", po.csrf.as_str())])
            .await;
        assert_eq!(r.status(), 303);
        for _ in 0..100 {
            let n = &s.person(&id).await["art14_notice"];
            if n["state"] == "failed" && n["attempts"] == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let n = s.person(&id).await["art14_notice"].clone();
        assert_eq!(
            (n["state"].as_str(), n["attempts"].as_i64()),
            (Some("failed"), Some(2)),
            "{n}"
        );

        // The gateway takes the number again (the operator fixed it): the next retry (by the
        // API) delivers.
        double.refusing.lock().await.clear();
        let (status, out) = s.app.post(&path, &s.officer, &json!({})).await;
        assert_eq!(status, 200, "{out}");
        assert!(out["state"] == "owed" || out["state"] == "queued", "{out}");
        let sent = s.until_state(&id, "sent").await;
        assert_eq!(sent["art14_notice"]["attempts"], 3);
        assert_eq!(notices_to(&double, "+46704445566").await, 1);
        assert_eq!(
            requeue_causes(&s, &id).await,
            ["staff_retry", "staff_retry"]
        );
        assert_eq!(
            s.kinds(&id).await,
            [
                "notice.art14_owed",
                "notice.art14_queued",
                "notice.art14_failed",
                "notice.art14_requeued",
                "notice.art14_queued",
                "notice.art14_failed",
                "notice.art14_requeued",
                "notice.art14_queued",
                "notice.art14_sent"
            ]
        );
        // Delivered: a retry is refused and nothing goes again.
        let (status, out) = s.app.post(&path, &s.officer, &json!({})).await;
        assert_eq!(status, 409, "{out}");
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        assert_eq!(notices_to(&double, "+46704445566").await, 1);

        // Nothing to retry for a person who gave their data themself, or one unknown.
        let own = s
            .create(json!({"name": "Bo Ek", "phones": ["070-555 66 77"]}))
            .await;
        let (status, _) = s
            .app
            .post(
                &format!(
                    "/v1/people/{}/art14-notice/retry",
                    own["id"].as_str().unwrap()
                ),
                &s.officer,
                &json!({}),
            )
            .await;
        assert_eq!(status, 409);
        let (status, _) = s
            .app
            .post(
                "/v1/people/nobody/art14-notice/retry",
                &s.officer,
                &json!({}),
            )
            .await;
        assert_eq!(status, 404);

        // An erased person's failed notice is neither listed nor sent again.
        double.refusing.lock().await.push("+46706667788".to_owned());
        let gone = s
            .create(
                json!({"name": "Cecilia Lund", "phones": ["070-666 77 88"], "source": "referral"}),
            )
            .await;
        let gone = gone["id"].as_str().unwrap().to_owned();
        s.until_state(&gone, "failed").await;
        let r = s
            .app
            .http
            .delete(s.app.url(&format!("/v1/people/{gone}")))
            .bearer_auth(&s.officer)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let (_, out) = listed(&s, &s.officer, "?state=failed").await;
        assert_eq!(out["notices"], json!([]), "{out}");
        let (status, _) = s
            .app
            .post(
                &format!("/v1/people/{gone}/art14-notice/retry"),
                &s.officer,
                &json!({}),
            )
            .await;
        assert_eq!(status, 404);
        s.app.stop().await;
    }
}
