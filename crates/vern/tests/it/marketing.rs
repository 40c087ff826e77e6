//! Nordic marketing law through the real server (issue 17 §1 and §3, docs/marketing-law.md):
//! electronic mail needs consent or a soft opt-in, business contacts by country, Robinsonlisten
//! by telephone and post, the Danish prior call request.

use serde_json::{Value, json};
use vern_core::Role;

use crate::harness::{TestApp, backends, run};
use crate::wash::robinson_file;

const AT: &str = "2026-11-24T10:00:00Z";

/// Change the default controller (country, rules) as the admin.
async fn default_controller(app: &TestApp, body: Value) {
    let (status, out) = app
        .send(
            reqwest::Method::PATCH,
            "/v1/controllers/default",
            &app.admin,
            &body,
        )
        .await;
    assert_eq!(status, 200, "{out}");
}

async fn put(app: &TestApp, path: &str, key: &str, body: &Value) -> (u16, Value) {
    app.send(reqwest::Method::PUT, path, key, body).await
}

async fn created(app: &TestApp, path: &str, key: &str, body: &Value) -> Value {
    let (status, out) = app.post(path, key, body).await;
    assert_eq!(status, 201, "{path}: {out}");
    out
}

async fn person(app: &TestApp, key: &str, body: Value) -> String {
    created(app, "/v1/people", key, &body).await["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A check now (consents are given now, by the server's clock).
async fn check(app: &TestApp, key: &str, body: Value) -> Value {
    let (status, out) = app.post("/v1/check", key, &body).await;
    assert_eq!(status, 200, "{body}: {out}");
    out
}

/// A check on the day the Robinsonlisten version in `robinson_file` is valid.
async fn check_at(app: &TestApp, key: &str, body: Value) -> Value {
    let mut body = body;
    body["at"] = json!(AT);
    let (status, out) = app.post("/v1/check", key, &body).await;
    assert_eq!(status, 200, "{body}: {out}");
    out
}

fn codes(v: &Value) -> Vec<&str> {
    v["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect()
}

async fn consent(app: &TestApp, key: &str, id: &str, purpose: &str, state: &str) {
    created(
        app,
        &format!("/v1/people/{id}/consents"),
        key,
        &json!({"purpose": purpose, "channels": ["email"], "state": state, "evidence": {"source": "web_form", "version": "v1"}}),
    )
    .await;
}

#[tokio::test]
async fn electronic_marketing_needs_consent_or_a_soft_opt_in() {
    // SE marknadsföringslagen 19 § (NO § 15, DK § 10, FI § 200): e-mail and SMS marketing need
    // prior consent whatever the GDPR basis; the soft opt-in (19 § andra stycket) allows the
    // controller's own similar products to an address from its own sale, until the opt-out.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;
        default_controller(&app, json!({"country": "SE"})).await;
        let offers = created(
            &app,
            "/v1/purposes",
            &app.admin,
            &json!({"key": "bike_offers", "name": "Bike offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["email", "sms", "phone"], "product_category": "bicycles"}),
        )
        .await;
        assert_eq!(offers["product_category"], "bicycles");
        let warning = offers["warnings"][0].as_str().unwrap();
        assert!(
            warning.contains("consent.required_electronic") && warning.contains("sms, email"),
            "{offers}"
        );
        let service = created(
            &app,
            "/v1/purposes",
            &app.admin,
            &json!({"key": "service", "name": "Service", "legal_basis": "contract", "channels": ["email"]}),
        )
        .await;
        assert_eq!(service["warnings"], json!([]));

        // No consent: e-mail and SMS refused, a call allowed (it has its own rules).
        let anna = person(
            &app,
            &seller,
            json!({"name": "Anna Berg", "emails": ["anna@example.se"], "phones": ["070-123 45 67"]}),
        )
        .await;
        for (ids, channel) in [
            (json!({"email": "anna@example.se"}), "email"),
            (json!({"phone": "0701234567"}), "sms"),
        ] {
            let out = check(
                &app,
                &marketer,
                json!({"identifiers": ids, "channel": channel, "purpose": "bike_offers"}),
            )
            .await;
            assert_eq!(out["allowed"], false, "{out}");
            assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");
        }
        let call = check(
            &app,
            &marketer,
            json!({"identifiers": {"phone": "0701234567"}, "channel": "phone", "purpose": "bike_offers"}),
        )
        .await;
        assert_eq!(call["allowed"], true, "{call}");
        assert!(call.get("obligations").is_none(), "{call}");

        // With consent on e-mail: allowed on consent, with the opt-out obligation.
        consent(&app, &seller, &anna, "bike_offers", "granted").await;
        let out = check(
            &app,
            &marketer,
            json!({"identifiers": {"email": "anna@example.se"}, "channel": "email", "purpose": "bike_offers"}),
        )
        .await;
        assert_eq!(out["allowed"], true, "{out}");
        assert_eq!(out["basis"], "consent");
        assert_eq!(out["obligations"], json!(["offer_opt_out"]));

        // The soft opt-in: a won deal, its category, the address obtained in it.
        let bo = person(
            &app,
            &seller,
            json!({"name": "Bo Ek", "emails": ["bo@example.se"]}),
        )
        .await;
        let lost = created(
            &app,
            &format!("/v1/people/{bo}/deals"),
            &seller,
            &json!({"amount_minor": 100, "currency": "SEK", "stage": "lost"}),
        )
        .await;
        let won = created(
            &app,
            &format!("/v1/people/{bo}/deals"),
            &seller,
            &json!({"amount_minor": 899_900, "currency": "SEK", "stage": "won", "closed_at": "2026-06-01T12:00:00Z"}),
        )
        .await;
        let soft = |deal: &Value, email: &str| json!({"identifier": {"email": email}, "deal": deal["id"], "product_category": "bicycles", "opt_out_offered": true, "obtained_at": "2026-06-01T12:00:00Z"});
        let path = format!("/v1/people/{bo}/soft-opt-ins");
        // Refused, changing nothing: a deal that is not a sale, an address Bo does not hold, a
        // category that is not a category key (it could never equal a purpose's).
        let mut capitalised = soft(&won, "bo@example.se");
        capitalised["product_category"] = json!("Bicycles");
        for body in [
            soft(&lost, "bo@example.se"),
            soft(&won, "other@example.se"),
            capitalised,
        ] {
            let (status, out) = app.post(&path, &seller, &body).await;
            assert_eq!(status, 422, "{out}");
        }
        let bo_email = json!({"identifiers": {"email": "bo@example.se"}, "channel": "email", "purpose": "bike_offers"});
        let out = check(&app, &marketer, bo_email.clone()).await;
        assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");
        let recorded = created(&app, &path, &seller, &soft(&won, "Bo@Example.se")).await;
        assert_eq!(recorded["product_category"], "bicycles");
        let out = check(&app, &marketer, bo_email.clone()).await;
        assert_eq!(out["allowed"], true, "{out}");
        assert_eq!(out["basis"], "soft_opt_in");
        assert_eq!(out["obligations"], json!(["offer_opt_out"]));
        // Not for another category of products.
        created(
            &app,
            "/v1/purposes",
            &app.admin,
            &json!({"key": "car_offers", "name": "Car offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["email"], "product_category": "cars"}),
        )
        .await;
        let mut cars = bo_email.clone();
        cars["purpose"] = json!("car_offers");
        assert_eq!(
            codes(&check(&app, &marketer, cars).await),
            ["consent.required_electronic"]
        );
        // The opt-out used ends it.
        consent(&app, &seller, &bo, "bike_offers", "withdrawn").await;
        let out = check(&app, &marketer, bo_email).await;
        assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");

        // The batch check says the same.
        let (status, batch) = app
            .post(
                "/v1/check/batch",
                &marketer,
                &json!({"items": [
                    {"identifiers": {"email": "anna@example.se"}, "channel": "email", "purpose": "bike_offers"},
                    {"identifiers": {"email": "bo@example.se"}, "channel": "email", "purpose": "bike_offers"},
                ]}),
            )
            .await;
        assert_eq!(status, 200, "{batch}");
        assert_eq!(batch["results"][0]["basis"], "consent");
        assert_eq!(batch["results"][1]["allowed"], false);

        let (code, out, _) = run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn business_contacts_follow_the_controllers_country() {
    // SE marknadsföringslagen 19 § protects natural persons: a company's role address is
    // outside. DK markedsføringsloven § 10 protects every recipient, businesses included.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;
        default_controller(&app, json!({"country": "SE"})).await;
        created(
            &app,
            "/v1/controllers",
            &app.admin,
            &json!({"key": "dk", "name": "Dansk ApS", "country": "DK"}),
        )
        .await;
        for controller in ["default", "dk"] {
            let mut body = json!({"key": "offers", "name": "Offers", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["email"]});
            if controller == "dk" {
                body["controller"] = json!("dk");
            }
            created(&app, "/v1/purposes", &app.admin, &body).await;
        }
        let se = person(
            &app,
            &seller,
            json!({"name": "Info", "emails": ["info@firma.se"]}),
        )
        .await;
        let dk = person(
            &app,
            &seller,
            json!({"name": "Info", "emails": ["info@firma.dk"], "controller": "dk"}),
        )
        .await;
        let ask = |email: &str, controller: &str| json!({"identifiers": {"email": email}, "channel": "email", "purpose": "offers", "controller": controller});
        // Consumers until marked.
        for (email, controller) in [("info@firma.se", "default"), ("info@firma.dk", "dk")] {
            let out = check(&app, &marketer, ask(email, controller)).await;
            assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");
        }
        for id in [&se, &dk] {
            let (status, out) = put(
                &app,
                &format!("/v1/people/{id}/business-contact"),
                &seller,
                &json!({"business_contact": true}),
            )
            .await;
            assert_eq!(status, 200, "{out}");
            assert_eq!(out["business_contact"], true);
        }
        let out = check(&app, &marketer, ask("info@firma.se", "default")).await;
        assert_eq!(out["allowed"], true, "{out}");
        assert_eq!(out["basis"], "business_contact");
        let out = check(&app, &marketer, ask("info@firma.dk", "dk")).await;
        assert_eq!(codes(&out), ["consent.required_electronic"], "{out}");
        // Unmarked again through a correction of the person: protected again.
        let (status, out) = app
            .send(
                reqwest::Method::PATCH,
                &format!("/v1/people/{se}"),
                &app.admin,
                &json!({"business_contact": false}),
            )
            .await;
        assert_eq!(status, 200, "{out}");
        assert_eq!(out["business_contact"], false, "{out}");
        let out = check(&app, &marketer, ask("info@firma.se", "default")).await;
        assert_eq!(out["allowed"], false, "{out}");
        // Marked when created.
        let (status, out) = app
            .post(
                "/v1/people",
                &seller,
                &json!({"name": "Sales", "emails": ["sales@firma.se"], "business_contact": true}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        assert_eq!(out["business_contact"], true, "{out}");
        let out = check(&app, &marketer, ask("sales@firma.se", "default")).await;
        assert_eq!(out["basis"], "business_contact", "{out}");
        let (status, _) = put(
            &app,
            "/v1/people/nobody/business-contact",
            &seller,
            &json!({"business_contact": true}),
        )
        .await;
        assert_eq!(status, 404);
        app.stop().await;
    }
}

#[tokio::test]
async fn robinsonlisten_refuses_calls_and_post_and_a_call_request_lifts_only_the_ban() {
    // Markedsføringsloven § 10 stk. 4: no telephone call or addressed post to a person on
    // Robinsonlisten, whatever the product (forbrugeraftaleloven § 4's exceptions do not lift
    // it). Forbrugeraftaleloven § 4 stk. 1: telephone sales need the consumer's prior request,
    // which lifts that ban for the trader but not Robinsonlisten.
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let seller = app.key(Role::Seller).await;
        let marketer = app.key(Role::Marketer).await;
        default_controller(
            &app,
            json!({"country": "DK", "rules": ["robinsonlisten", "dk_telemarketing_ban"]}),
        )
        .await;
        for body in [
            json!({"key": "newspaper", "name": "Avisabonnement", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "post"], "dk_telemarketing_exception": true}),
            json!({"key": "solar", "name": "Solceller", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"]}),
        ] {
            created(&app, "/v1/purposes", &app.admin, &body).await;
        }
        let dir = app.db.dir.path();
        std::fs::write(dir.join("robinson.txt"), robinson_file()).unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "robinsonlisten",
                "robinson.txt",
                "--version-date",
                "2026-10-01",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");

        // A known person, matched by the name and address vern holds.
        let mette = person(
            &app,
            &seller,
            json!({"name": "Mette Sørensen", "phones": ["+45 20 12 34 56"], "address": {"street": "Nørregade 12, 3. th.", "postal_code": "8000", "city": "Aarhus C"}}),
        )
        .await;
        for channel in ["phone", "post"] {
            let out = check_at(
                &app,
                &marketer,
                json!({"identifiers": {"phone": "20123456"}, "channel": channel, "purpose": "newspaper"}),
            )
            .await;
            assert_eq!(codes(&out), ["register.robinsonlisten"], "{channel}: {out}");
            assert_eq!(out["reasons"][0]["register"], "robinsonlisten");
        }
        // An unknown person, by the address in the request; without it, the newspaper call
        // (a § 4 exception) is allowed.
        let jens = |address: bool| {
            let mut body = json!({"identifiers": {"phone": "+4520999999"}, "channel": "phone", "purpose": "newspaper"});
            if address {
                body["address"] =
                    json!({"name": "Jens Hansen", "street": "Vestergade 1", "postal_code": "5000"});
            }
            body
        };
        let out = check_at(&app, &marketer, jens(true)).await;
        assert_eq!(codes(&out), ["register.robinsonlisten"], "{out}");
        let out = check_at(&app, &marketer, jens(false)).await;
        assert_eq!(out["allowed"], true, "{out}");
        let mut item = jens(true);
        item["at"] = json!(AT);
        let (status, batch) = app
            .post("/v1/check/batch", &marketer, &json!({"items": [item]}))
            .await;
        assert_eq!(status, 200, "{batch}");
        assert_eq!(
            codes(&batch["results"][0]),
            ["register.robinsonlisten"],
            "{batch}"
        );
        // A bad address is a 422 naming the field.
        let mut bad = jens(false);
        bad["address"] = json!({"name": "Jens Hansen", "street": "", "postal_code": "5000"});
        bad["at"] = json!(AT);
        let (status, out) = app.post("/v1/check", &marketer, &bad).await;
        assert_eq!(status, 422, "{out}");

        // A wash of a call list: the listed row is refused for the telephone too.
        let list = "navn,adresse,postnr,telefon\nMette Sørensen,Nørregade 12 3 th,8000,+4520123456\nOle Dam,Nørregade 14,8000,+4520555555\n";
        std::fs::write(dir.join("calls.csv"), list).unwrap();
        let (code, out, _) = run(
            &app.db,
            &[
                "wash",
                "calls.csv",
                "--purpose",
                "newspaper",
                "--channel",
                "phone",
                "--out",
                "ok.csv",
                "--rejected",
                "no.csv",
                "--at",
                AT,
            ],
        );
        assert_eq!(code, 0, "{out}");
        let rejected = std::fs::read_to_string(dir.join("no.csv")).unwrap();
        assert!(
            rejected.contains("Mette Sørensen") && rejected.contains("register.robinsonlisten"),
            "{rejected}"
        );
        let allowed = std::fs::read_to_string(dir.join("ok.csv")).unwrap();
        assert!(allowed.contains("Ole Dam"), "{allowed}");

        // The telephone-sales ban, and the consumer's prior request.
        let ole = person(
            &app,
            &seller,
            json!({"name": "Ole Dam", "phones": ["+4520555555"]}),
        )
        .await;
        let solar = |phone: &str| json!({"identifiers": {"phone": phone}, "channel": "phone", "purpose": "solar"});
        let out = check_at(&app, &marketer, solar("+4520555555")).await;
        assert_eq!(codes(&out), ["dk_telemarketing_ban"], "{out}");
        let request = json!({"requested_at": "2026-11-20T09:00:00Z", "evidence": "Kontaktformular 2026-11-20, ref. K-118"});
        let (status, out) = app
            .post(
                &format!("/v1/people/{ole}/call-requests"),
                &seller,
                &json!({"evidence": " "}),
            )
            .await;
        assert_eq!(status, 422, "{out}");
        let out = check_at(&app, &marketer, solar("+4520555555")).await;
        assert_eq!(codes(&out), ["dk_telemarketing_ban"], "{out}");
        for id in [&ole, &mette] {
            let recorded = created(
                &app,
                &format!("/v1/people/{id}/call-requests"),
                &seller,
                &request,
            )
            .await;
            assert_eq!(recorded["requested_at"], "2026-11-20T09:00:00Z");
        }
        let out = check_at(&app, &marketer, solar("+4520555555")).await;
        assert_eq!(out["allowed"], true, "{out}");
        // Mette asked to be called too, but she is on Robinsonlisten.
        let out = check_at(&app, &marketer, solar("+4520123456")).await;
        assert_eq!(codes(&out), ["register.robinsonlisten"], "{out}");

        let (code, out, _) = run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}
