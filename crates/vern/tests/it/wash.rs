//! List washing and the national registers.

use serde_json::{Value, json};
use std::time::{Duration, Instant};
use vern_core::Role;

use crate::harness::{TestApp, backends, run};

async fn setup(app: &TestApp) {
    for body in [
        json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "sms", "email", "post"]}),
        json!({"key": "service", "name": "Service", "legal_basis": "contract", "direct_marketing": false, "channels": ["phone", "sms", "email"]}),
    ] {
        assert_eq!(app.post("/v1/purposes", &app.admin, &body).await.0, 201);
    }
}

/// A campaign list the way a Nordic spreadsheet writes it: semicolons, a byte-order mark,
/// Swedish headers, messy numbers, quoted fields with separators and line breaks inside.
const LIST: &str = "\u{feff}Kundnr;Namn;Mobil;E-post\n\
1;Anna Berg;070-123 45 67;anna@example.se\n\
2;\"Berg; Olle\";+46 (0)70 765 43 21;\n\
3;Kalle;N/A;kalle@example.se\n\
4;\"Lisa\nLund\";0046 73 111 22 33;LISA@EXAMPLE.SE\n\
5;Per;;per@example.se\n\
6;Blocked Bo;0739998877;bo@example.se\n\
7;Åsa Öberg;+47 912 34 567;asa@example.no\n";

fn rows(csv: &str) -> Vec<String> {
    csv.lines().map(str::to_owned).collect()
}

async fn wash_http(
    app: &TestApp,
    key: &str,
    query: &str,
    body: Vec<u8>,
) -> (u16, String, Option<String>) {
    let r = app
        .http
        .post(app.url(&format!("/v1/wash?{query}")))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let id = r
        .headers()
        .get("x-vern-wash-id")
        .map(|v| v.to_str().unwrap().to_owned());
    (status, r.text().await.unwrap(), id)
}

#[tokio::test]
async fn cli_and_http_give_the_same_wash() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let po = app.key(Role::PrivacyOfficer).await;
        assert_eq!(app.post("/v1/objections", &po, &json!({"identifiers": {"phone": "+46739998877"}, "kind": "direct_marketing", "source": "subject"})).await.0, 202);
        let dir = app.db.dir.path();
        std::fs::write(dir.join("list.csv"), LIST).unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "wash",
                "list.csv",
                "--purpose",
                "telemarketing",
                "--channel",
                "phone",
                "--out",
                "ok.csv",
                "--rejected",
                "no.csv",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("rows read:     7"), "{out}");
        assert!(out.contains("allowed:       4"), "{out}");
        assert!(out.contains("objection.direct_marketing"), "{out}");
        assert!(
            out.contains("unparseable:   1") && out.contains("on lines:    4"),
            "{out}"
        );
        let allowed = std::fs::read_to_string(dir.join("ok.csv")).unwrap();
        let rejected = std::fs::read_to_string(dir.join("no.csv")).unwrap();
        // Input columns kept as they came, multi-line quoted fields included.
        assert!(
            allowed.starts_with("\u{feff}Kundnr;Namn;Mobil;E-post\n"),
            "{allowed}"
        );
        // `+46 (0)70 …` would be a formula in a spreadsheet: a phone number that is one is
        // written in E.164, which stays a number to call.
        assert!(
            allowed.contains("2;\"Berg; Olle\";+46707654321;\n"),
            "{allowed}"
        );
        assert!(out.contains("neutralized:   1 cells"), "{out}");
        assert!(
            allowed.contains("4;\"Lisa\nLund\";0046 73 111 22 33;LISA@EXAMPLE.SE\n"),
            "{allowed}"
        );
        assert!(
            allowed.contains("7;Åsa Öberg;"),
            "a Norwegian number is reachable by phone too"
        );
        assert!(
            rejected.contains("3;Kalle;N/A;kalle@example.se;4;identifier.unparseable"),
            "{rejected}"
        );
        assert!(
            rejected.contains("5;Per;;per@example.se;7;identifier.missing"),
            "{rejected}"
        );
        assert!(
            rejected.contains("6;Blocked Bo;0739998877;bo@example.se;8;objection.direct_marketing"),
            "{rejected}"
        );

        // The same over HTTP, both outputs.
        let marketer = app.key(Role::Marketer).await;
        let (status, body, id) = wash_http(
            &app,
            &marketer,
            "purpose=telemarketing&channel=phone&name=list.csv",
            LIST.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(rows(&body), rows(&allowed));
        let (_, body, _) = wash_http(
            &app,
            &marketer,
            "purpose=telemarketing&channel=phone&output=rejected",
            LIST.as_bytes().to_vec(),
        )
        .await;
        assert_eq!(rows(&body), rows(&rejected));
        // The record is there when the response has ended.
        let (status, record) = app
            .get(&format!("/v1/washes/{}", id.unwrap()), &marketer)
            .await;
        assert_eq!(status, 200, "{record}");
        assert_eq!(record["counts"]["rows"], 7);
        assert_eq!(record["counts"]["allowed"], 4);
        assert_eq!(
            record["counts"]["by_reason"]["objection.direct_marketing"],
            1
        );
        assert_eq!(record["list_name"], "list.csv");
        assert_eq!(record["file_digest"].as_str().unwrap().len(), 64);
        let (_, washes) = app.get("/v1/washes", &marketer).await;
        assert_eq!(washes["washes"].as_array().unwrap().len(), 3, "{washes}");
        // A seller may not wash; a list without identifier columns is refused with a clear error.
        assert_eq!(
            wash_http(
                &app,
                &app.key(Role::Seller).await,
                "purpose=telemarketing&channel=phone",
                LIST.as_bytes().to_vec()
            )
            .await
            .0,
            403
        );
        let (status, body, _) = wash_http(
            &app,
            &marketer,
            "purpose=telemarketing&channel=phone",
            b"a;b\n1;2\n".to_vec(),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("phone"), "{body}");
        app.stop().await;
    }
}

#[tokio::test]
async fn latin1_input_and_named_columns() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        // ISO-8859-1: Å is 0xC5, Ö is 0xD6.
        let mut latin1 = b"id,Kunde,Nummer\n1,\xc5sa \xd6berg,070-123 45 67\n".to_vec();
        latin1.extend_from_slice(b"2,Bo,0701\n");
        let dir = app.db.dir.path();
        std::fs::write(dir.join("l1.csv"), &latin1).unwrap();
        let (code, out, _err) = run(
            &app.db,
            &[
                "wash",
                "l1.csv",
                "--purpose",
                "service",
                "--channel",
                "sms",
                "--out",
                "ok.csv",
                "--encoding",
                "iso-8859-1",
                "--phone-column",
                "Nummer",
            ],
        );
        assert_eq!(code, 0, "{out}{_err}");
        let allowed = std::fs::read_to_string(dir.join("ok.csv")).unwrap();
        assert!(allowed.contains("1,Åsa Öberg,070-123 45 67"), "{allowed}");
        assert!(!allowed.contains("2,Bo"));
        let (code, _, err) = run(
            &app.db,
            &[
                "wash",
                "l1.csv",
                "--purpose",
                "service",
                "--channel",
                "sms",
                "--out",
                "ok.csv",
                "--phone-column",
                "Telefax",
            ],
        );
        assert_eq!(code, 2);
        assert!(err.contains("Telefax"), "{err}");
        let (code, _, _) = run(
            &app.db,
            &[
                "wash",
                "missing.csv",
                "--purpose",
                "service",
                "--channel",
                "sms",
                "--out",
                "ok.csv",
            ],
        );
        assert_eq!(code, 2);
        app.stop().await;
    }
}

async fn check_at(app: &TestApp, ids: Value, channel: &str, at: &str) -> Vec<String> {
    let (status, out) = app
        .post(
            "/v1/check",
            &app.admin,
            &json!({"identifiers": ids, "channel": channel, "purpose": "telemarketing", "at": at}),
        )
        .await;
    assert_eq!(status, 200, "{out}");
    out["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn national_registers_and_hours() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        // A fresh default controller honours nothing: no wall of refusals.
        assert!(
            check_at(
                &app,
                json!({"phone": "0701234567"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await
            .is_empty()
        );
        let (status, c) = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"country": "SE"}))
            .send()
            .await
            .map(|r| (r.status().as_u16(), r))
            .unwrap();
        assert_eq!(status, 200);
        let c: Value = c.json().await.unwrap();
        assert_eq!(
            c["proposed_rules"],
            json!(["nix_telefon"]),
            "setting the country proposes its rules: {c}"
        );
        assert_eq!(c["rules"], json!([]));
        let r = app.http.patch(app.url("/v1/controllers/default")).bearer_auth(&app.admin)
            .json(&json!({"rules": ["nix_telefon", "reservasjonsregisteret", "no_telemarketing_hours", "dk_telemarketing_ban"]})).send().await.unwrap();
        assert_eq!(r.status(), 200);

        // Honoured but never imported: stale.
        let codes = check_at(
            &app,
            json!({"phone": "0701234567"}),
            "phone",
            "2026-11-24T10:00:00Z",
        )
        .await;
        assert_eq!(codes, ["register.stale"]);

        let dir = app.db.dir.path();
        std::fs::write(
            dir.join("nix.txt"),
            "0701234567\n+46 8 123 456 78\nrubbish\n",
        )
        .unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "nix-telefon",
                "nix.txt",
                "--version-date",
                "2026-11-01",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("unparseable:   1"), "{out}");
        std::fs::write(
            dir.join("res.csv"),
            "telefon;type\n912 34 567;telefon\n41234567;adressert reklame\n",
        )
        .unwrap();
        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "reservasjonsregisteret",
                "res.csv",
                "--version-date",
                "2026-11-10",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        let (code, _, _) = run(
            &app.db,
            &[
                "registers",
                "import",
                "nix-telefon",
                "nix.txt",
                "--version-date",
                "someday",
            ],
        );
        assert_eq!(code, 2);

        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let codes = check_at(
                &app,
                json!({"phone": "070-123 45 67"}),
                "phone",
                "2026-11-24T10:00:00Z",
            )
            .await;
            // The server sees each import when it next polls the ledger: wait for the last.
            let norwegian = check_at(
                &app,
                json!({"phone": "+4791234567"}),
                "phone",
                "2026-11-24T10:00:00Z",
            )
            .await;
            if codes == ["register.nix_telefon"] && norwegian == ["register.reservasjonsregisteret"]
            {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "imports not seen: {codes:?} {norwegian:?}"
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Not on the register, SMS, or a number of another country: no NIX verdict.
        assert!(
            check_at(
                &app,
                json!({"phone": "0707777777"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await
            .is_empty()
        );
        // (An SMS is refused for want of consent, marknadsföringslagen 19 §, not by NIX.)
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "0701234567"}),
                "sms",
                "2026-11-24T10:00:00Z"
            )
            .await,
            ["consent.required_electronic"]
        );
        // Two months after the version date the version is stale.
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "0707777777"}),
                "phone",
                "2027-01-02T10:00:00Z"
            )
            .await,
            ["register.stale"]
        );
        // Reservasjonsregisteret: telephone reservation on the phone, address reservation on post.
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "+4791234567"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await,
            ["register.reservasjonsregisteret"]
        );
        assert!(
            check_at(
                &app,
                json!({"phone": "+4741234567"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await
            .is_empty()
        );
        // Norwegian hours: Saturday, and 21:30 Oslo time on a Tuesday.
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "+4741234567"}),
                "phone",
                "2026-11-28T12:00:00Z"
            )
            .await,
            ["quiet_hours"]
        );
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "+4741234567"}),
                "phone",
                "2026-11-24T21:30:00+01:00"
            )
            .await,
            ["quiet_hours"]
        );
        // Danish telephone sales.
        assert_eq!(
            check_at(
                &app,
                json!({"phone": "+4520123456"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await,
            ["dk_telemarketing_ban"]
        );
        // A newer NIX version replaces the old one.
        std::fs::write(dir.join("nix2.txt"), "0707777777\n").unwrap();
        assert_eq!(
            run(
                &app.db,
                &[
                    "registers",
                    "import",
                    "nix-telefon",
                    "nix2.txt",
                    "--version-date",
                    "2026-11-20"
                ]
            )
            .0,
            0
        );
        let deadline = Instant::now() + Duration::from_secs(5);
        while check_at(
            &app,
            json!({"phone": "0707777777"}),
            "phone",
            "2026-11-24T10:00:00Z",
        )
        .await
            != ["register.nix_telefon"]
        {
            assert!(Instant::now() < deadline, "the new version never arrived");
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        assert!(
            check_at(
                &app,
                json!({"phone": "0701234567"}),
                "phone",
                "2026-11-24T10:00:00Z"
            )
            .await
            .is_empty()
        );
        let (_, regs) = app.get("/v1/registers", &app.admin).await;
        let statuses: Vec<&str> = regs
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses.iter().filter(|s| **s == "superseded").count(),
            1,
            "{regs}"
        );
        let (code, out, _) = run(&app.db, &["registers", "list"]);
        assert_eq!(code, 0);
        assert!(
            out.contains("nix_telefon") && out.contains("superseded"),
            "{out}"
        );
        let (code, out, _) = run(&app.db, &["audit", "verify"]);
        assert_eq!(code, 0, "{out}");
        app.stop().await;
    }
}

#[tokio::test]
async fn robinsonlisten_for_addressed_mail() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let r = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"country": "DK", "rules": ["robinsonlisten"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let file = robinson_file();
        let dir = app.db.dir.path();
        std::fs::write(dir.join("robinson.txt"), &file).unwrap();
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
        assert!(out.contains("(2 listings)"), "{out}");
        let list = "navn,adresse,postnr,email\nMette Sørensen,Nørregade 12 3 th,8000,m@example.dk\nMette Sørensen,Nørregade 14,8000,m2@example.dk\n";
        std::fs::write(dir.join("post.csv"), list).unwrap();
        let (code, out, _) = run(
            &app.db,
            &[
                "wash",
                "post.csv",
                "--purpose",
                "telemarketing",
                "--channel",
                "post",
                "--out",
                "ok.csv",
                "--rejected",
                "no.csv",
                "--at",
                "2026-11-24T10:00:00Z",
            ],
        );
        assert_eq!(code, 0, "{out}");
        let rejected = std::fs::read_to_string(dir.join("no.csv")).unwrap();
        assert!(
            rejected.contains("Nørregade 12 3 th,8000,m@example.dk,2,register.robinsonlisten"),
            "{rejected}"
        );
        let allowed = std::fs::read_to_string(dir.join("ok.csv")).unwrap();
        assert!(allowed.contains("Nørregade 14"), "{allowed}");
        app.stop().await;
    }
}

/// A Robinsonlisten file in the CPR's fixed-field layout (ISO-8859-1, `#` separators) listing
/// Mette Sørensen, Nørregade 12, 3. th., 8000 Aarhus C and Jens Hansen, Vestergade 1, 5000
/// Odense C; published 2026-10-01.
pub(crate) fn robinson_file() -> Vec<u8> {
    fn field(s: &str, n: usize) -> Vec<u8> {
        let mut v: Vec<u8> = s
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap())
            .collect();
        v.resize(n, b' ');
        v
    }
    let mut file = b"Robinsonlisten udgivet 2026-10-01\n".to_vec();
    for (name, street, town, code) in [
        (
            "S\u{f8}rensen,Mette",
            "N\u{f8}rregade 12, 3. th.",
            "Aarhus",
            "8000 Aarhus C",
        ),
        ("Hansen,Jens", "Vestergade 1", "Odense", "5000 Odense C"),
    ] {
        for (i, part) in [
            field(name, 34),
            field(street, 34),
            field(town, 34),
            field(code, 25),
            field("", 3),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                file.push(b'#');
            }
            file.extend(part);
        }
        file.extend(b"#0751#1234#12  #\n");
    }
    file
}
