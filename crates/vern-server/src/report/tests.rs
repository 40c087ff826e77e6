//! Unit tests of the report's structure and renderings.

use super::csv::{CSV_SECTIONS, safe_cell, section_rows};
use super::html::money;
use super::texts::texts;
use super::*;
use crate::lang::Lang;
use std::io::Cursor;
use std::io::Read;
use time::macros::datetime;
use vern_core::zone::Zone;
use vern_core::{
    Channel, ChannelSet, IdentifierKind, LegalBasis, Purpose, PurposeKey, Retention, RuleSet,
};
use vern_store::model::{Address, CustomField, Evidence};

fn sample() -> AccessReport {
    let now = datetime!(2026-03-01 12:00 UTC);
    let controller = Controller {
        id: ControllerId(1),
        key: "default".into(),
        name: "Kundklubben AB".into(),
        country: Some(vern_core::Country::Se),
        default_region: "SE".into(),
        dpo_name: Some("Dana Dataskydd".into()),
        dpo_email: Some("dpo@example.se".into()),
        dpo_phone: None,
        privacy_notice_url: Some("https://example.se/integritet".into()),
        rules: RuleSet::default(),
        public_form: true,
        time_zone: None,
        created_at: now,
        updated_at: now,
    };
    let purpose = PurposeRecord {
        controller: ControllerId(1),
        purpose: Purpose {
            key: PurposeKey::parse("newsletter").unwrap(),
            name: "Nyhetsbrev".into(),
            legal_basis: LegalBasis::Consent,
            direct_marketing: true,
            channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
            retention: Some(Retention::parse("P2Y").unwrap()),
            description: "Erbjudanden <varje> vecka".into(),
            dk_telemarketing_exception: false,
            product_category: None,
            retention_from: None,
        },
        processors: Vec::new(),
        recipients: vec!["Mailer AB".into(), "Print Oy".into()],
        data_source: Some("=cmd|' /C calc'!A0".into()),
        holds_fields: Vec::new(),
        created_at: now,
        updated_at: now,
    };
    let person = Person {
        id: "p-1".into(),
        controller: ControllerId(1),
        profile: Profile {
            name: "Anna <script>alert(1)</script> Berg".into(),
            phones: vec!["+46701234567".into()],
            emails: vec!["anna@example.se".into()],
            national_id: Some("19900101-0017".into()),
            national_id_country: Some("SE".into()),
            address: Some(Address {
                street: "Storgatan 1".into(),
                postal_code: "111 22".into(),
                city: "Stockholm".into(),
                country: Some("SE".into()),
            }),
            custom_fields: vec![CustomField {
                name: "shoe_size".into(),
                value: "39".into(),
                purpose: "newsletter".into(),
            }],
            language: Some("sv".into()),
            external_id: None,
        },
        lists: vec!["kundklubb".into(), "vip".into()],
        restricted_at: Some(now),
        created_at: now,
        updated_at: now,
    };
    let consent = ConsentRecord {
        id: "c-1".into(),
        event_id: "e-1".into(),
        purpose: "newsletter".into(),
        channel: Channel::Email,
        action: ConsentAction::Granted,
        given_at: datetime!(2026-01-01 10:00 UTC),
        expires_at: Some(datetime!(2027-01-01 10:00 UTC)),
        source: "web_form".into(),
        evidence: Some(Evidence {
            by: Some("web".into()),
            text: Some("Ja, skicka nyhetsbrev".into()),
            version: Some("v3".into()),
            reference: Some("form-9".into()),
            ip: Some("192.0.2.1".into()),
        }),
        recorded_at: datetime!(2026-01-01 10:00 UTC),
    };
    let suppression = SuppressionRecord {
        id: "s-1".into(),
        digest: "00".into(),
        identifier_kind: IdentifierKind::Phone,
        controller: None,
        channels: ChannelSet::ALL,
        source: "objection:authorized_agent".into(),
        objection_id: Some("o-1".into()),
        reason: Some("asked on the phone".into()),
        created_at: now,
        removed_at: Some(now),
    };
    let opened = LedgerEntry {
        seq: 7,
        at: now,
        actor: "subject".into(),
        kind: "export.downloaded".into(),
        controller: Some(1),
        subject: Some("p-1".into()),
        payload: r#"{"link":"l-1","format":"csv"}"#.into(),
        has_sealed: false,
        hash: "ab".into(),
    };
    let created = LedgerEntry {
        kind: "person.created".into(),
        seq: 1,
        ..opened.clone()
    };
    let request = RequestRecord {
        id: "q-1".into(),
        controller: ControllerId(1),
        kind: vern_core::request::RequestKind::Access,
        state: vern_core::request::RequestState::Completed,
        person_id: Some("p-1".into()),
        received_via: "email".into(),
        received_at: now,
        due_at: now,
        extended_months: 1,
        assignee: None,
        verified_at: None,
        verification: None,
        closed_at: Some(now),
        flag: "on_time".into(),
        agent_key: None,
        language: None,
        details: None,
    };
    let sources = Sources {
        person,
        controller,
        controller_keys: BTreeMap::new(),
        purposes: vec![purpose],
        consents: vec![consent],
        suppressions: vec![(
            suppression,
            Some(IdentifierInfo {
                kind: "phone".into(),
                value: "+46701234567".into(),
                country: None,
            }),
        )],
        restrictions: vec![RestrictionRecord {
            id: "r-1".into(),
            reason: Some("accuracy contested".into()),
            placed_at: now,
            lifted_at: Some(now),
            lift_reason: Some("corrected".into()),
        }],
        activities: vec![Activity {
            id: "a-1".into(),
            person_id: Some("p-1".into()),
            kind: "call".into(),
            note: Some("Ringde om leverans".into()),
            channel: Some(Channel::Phone),
            owner: Some("Sven".into()),
            at: now,
        }],
        deals: vec![Deal {
            id: "d-1".into(),
            person_id: Some("p-1".into()),
            title: Some("Årsabonnemang".into()),
            amount_minor: 123_450,
            currency: "SEK".into(),
            stage: "won".into(),
            owner: Some("Sven".into()),
            opened_at: now,
            closed_at: Some(now),
            product_category: Some(vern_core::ProductCategory::parse("magazines").unwrap()),
        }],
        relationships: vec![CustomerRelationshipRecord {
            id: "cr-1".into(),
            person_id: "p-1".into(),
            controller: ControllerId(1),
            product_category: vern_core::ProductCategory::parse("magazines").unwrap(),
            started: now.date(),
            ended: None,
            deal: Some("d-1".into()),
            created_at: now,
        }],
        todos: vec![Todo {
            id: "t-1".into(),
            person_id: Some("p-1".into()),
            text: Some("Skicka offert".into()),
            owner: Some("Sven".into()),
            due_at: Some(now),
            done_at: Some(now),
        }],
        requests: vec![request],
        ledger: vec![created, opened],
    };
    build(sources, now)
}

#[test]
fn builds_every_section() {
    let r = sample();
    assert_eq!(r.schema, "vern.access-report/1");
    assert_eq!(r.identifiers.len(), 3);
    assert_eq!(r.identifiers[2].kind, "national_id");
    assert_eq!(r.identifiers[2].country.as_deref(), Some("SE"));
    assert_eq!(
        r.custom_fields[0].purpose_name.as_deref(),
        Some("Nyhetsbrev")
    );
    assert_eq!(r.custom_fields[0].legal_basis.as_deref(), Some("consent"));
    // One current state per declared channel of each purpose.
    assert_eq!(r.consents.current.len(), 2);
    let email = r
        .consents
        .current
        .iter()
        .find(|c| c.channel == "email")
        .unwrap();
    assert_eq!(email.state, "granted");
    let sms = r
        .consents
        .current
        .iter()
        .find(|c| c.channel == "sms")
        .unwrap();
    assert_eq!(sms.state, "unknown");
    assert_eq!(r.suppressions[0].scope, "all");
    assert_eq!(
        r.suppressions[0].identifier.as_deref(),
        Some("+46701234567")
    );
    // Only disclosures come from the ledger.
    assert_eq!(r.disclosures.len(), 1);
    assert_eq!(r.disclosures[0].format.as_deref(), Some("csv"));
    assert_eq!(r.disclosures[0].link.as_deref(), Some("l-1"));
    assert_eq!(r.purposes[0].legal_basis_article, "GDPR Art. 6(1)(a)");
    assert_eq!(r.purposes[0].retention.as_deref(), Some("P2Y"));
    assert_eq!(r.requests[0].article, "Art. 15");
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["generated_at"], "2026-03-01T12:00:00Z");
    assert_eq!(json["controller"]["dpo"]["email"], "dpo@example.se");
}

/// Every field of a fully filled report has a CSV column: nothing is left out of the zip.
#[test]
fn csv_columns_cover_every_field() {
    let json = serde_json::to_value(sample()).unwrap();
    let mut covered: Vec<&str> = vec!["/schema", "/generated_at"];
    for section in &CSV_SECTIONS {
        covered.push(section.pointer);
        let rows = section_rows(&json, section);
        assert!(
            !rows.is_empty(),
            "{} has no rows in the sample",
            section.name
        );
        for row in rows {
            for key in row.keys() {
                assert!(
                    section.columns.contains(&key.as_str()),
                    "{}: no column for {key}",
                    section.name
                );
            }
        }
    }
    // And every top-level section is rendered.
    for key in json.as_object().unwrap().keys() {
        assert!(
            covered
                .iter()
                .any(|p| p.trim_start_matches('/').split('/').next() == Some(key)),
            "section {key} has no CSV file"
        );
    }
}

#[test]
fn zip_holds_one_csv_per_section() {
    let bytes = to_zip(&sample()).unwrap();
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = archive
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .collect();
    for file in [
        "profile.csv",
        "identifiers.csv",
        "custom_fields.csv",
        "consents.csv",
        "consent_history.csv",
        "suppressions.csv",
        "restrictions.csv",
        "activities.csv",
        "deals.csv",
        "todos.csv",
        "requests.csv",
        "disclosures.csv",
        "purposes.csv",
    ] {
        assert!(names.iter().any(|n| n == file), "{file} missing: {names:?}");
    }
    let mut text = String::new();
    archive
        .by_name("consent_history.csv")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let row = reader.records().next().unwrap().unwrap();
    let at = |c: &str| {
        row.get(headers.iter().position(|h| h == c).unwrap())
            .unwrap()
            .to_owned()
    };
    assert_eq!(at("evidence.text"), "Ja, skicka nyhetsbrev");
    assert_eq!(at("given_at"), "2026-01-01T10:00:00Z");
    let mut purposes = String::new();
    archive
        .by_name("purposes.csv")
        .unwrap()
        .read_to_string(&mut purposes)
        .unwrap();
    // A formula is neutralized; lists are joined.
    assert!(purposes.contains("'=cmd"), "{purposes}");
    assert!(purposes.contains("Mailer AB; Print Oy"), "{purposes}");
    let mut identifiers = String::new();
    archive
        .by_name("identifiers.csv")
        .unwrap()
        .read_to_string(&mut identifiers)
        .unwrap();
    assert!(identifiers.contains("+46701234567"), "{identifiers}");
    assert!(!identifiers.contains("'+46"), "{identifiers}");
}

#[test]
fn single_csv_has_every_filled_field() {
    let bytes = to_single_csv(&sample()).unwrap();
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = ::csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let find = |section: &str, field: &str| {
        rows.iter()
            .find(|r| &r[0] == section && &r[2] == field)
            .map(|r| (r[1].to_owned(), r[3].to_owned()))
    };
    assert_eq!(find("report", "schema").unwrap().1, SCHEMA);
    assert_eq!(
        find("profile", "name").unwrap(),
        (
            String::new(),
            "Anna <script>alert(1)</script> Berg".to_owned()
        )
    );
    assert_eq!(
        find("identifiers", "value").unwrap(),
        ("1".to_owned(), "+46701234567".to_owned())
    );
    assert_eq!(find("activities", "note").unwrap().1, "Ringde om leverans");
    assert_eq!(find("deals", "title").unwrap().1, "Årsabonnemang");
    assert_eq!(
        find("consent_history", "evidence.ip").unwrap().1,
        "192.0.2.1"
    );
}

#[test]
fn cells_that_would_be_formulas_are_neutralized() {
    assert_eq!(safe_cell("=1+1"), "'=1+1");
    assert_eq!(safe_cell("@SUM(A1)"), "'@SUM(A1)");
    assert_eq!(safe_cell("+cmd|x"), "'+cmd|x");
    assert_eq!(safe_cell("-2+3"), "'-2+3");
    assert_eq!(safe_cell("+46701234567"), "+46701234567");
    assert_eq!(safe_cell("-1500"), "-1500");
    assert_eq!(safe_cell("Anna"), "Anna");
    assert_eq!(safe_cell(""), "");
}

#[test]
fn html_escapes_and_localizes() {
    let r = sample();
    let html = to_html(&r, Lang::Sv, Zone::Utc, Page::Report).unwrap();
    assert!(html.contains("<html lang=\"sv\">"), "{html}");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&#60;script&#62;"), "{html}");
    assert!(html.contains("Registerutdrag"));
    assert!(html.contains("Samtycke (GDPR art. 6.1 a)"));
    assert!(html.contains("2 år"));
    assert!(html.contains("1234,50 SEK"));
    assert!(html.contains("Dana Dataskydd"));
    assert!(html.contains("href=\"https://example.se/integritet\""));
    assert!(html.contains("Integritetsskyddsmyndigheten"));
    assert!(html.contains("Samtyckeshistorik"));
    assert!(html.contains("Utlämnanden av dina uppgifter"));
    assert!(!html.contains("<script"), "no scripts at all");

    let share = to_html(
        &r,
        Lang::Fi,
        Zone::Helsinki,
        Page::Share {
            csv_url: "/s/abc/data.csv",
            json_url: "/s/abc/data.json",
            expires_at: datetime!(2026-03-02 12:00 UTC),
        },
    )
    .unwrap();
    assert!(share.contains("<html lang=\"fi\">"));
    assert!(share.contains("Henkilötietosi"));
    assert!(share.contains("href=\"/s/abc/data.csv\""));
    assert!(share.contains("href=\"/s/abc/data.json\""));
    // The controller's clock: noon UTC is two in the afternoon in Helsinki in March.
    assert!(
        share.contains("Linkki toimii 2026-03-02 14:00 Europe/Helsinki asti."),
        "{share}"
    );
    assert!(share.contains("Suostumus (GDPR 6 artiklan 1 kohdan a alakohta)"));
    assert!(share.contains("Ringde om leverans"));
    // The staff-only sections are not on the share page.
    assert!(!share.contains("Suostumushistoria"));
    assert!(!share.contains("Tietojesi luovutukset"));
}

#[test]
fn every_language_has_every_text() {
    for lang in Lang::ALL {
        let t = texts(lang);
        assert_eq!(Lang::from_code(t.code), Some(lang));
        assert!(t.intro.contains("{controller}"), "{}", t.code);
        assert!(t.valid_until.contains("{time}"), "{}", t.code);
        assert!(t.generated.contains("{time}"), "{}", t.code);
        assert!(t.article.contains("{letter}"), "{}", t.code);
        assert!(t.authority.contains("{authority}"), "{}", t.code);
        for status in [
            LinkStatus::NotFound,
            LinkStatus::Gone,
            LinkStatus::Limited,
            LinkStatus::Error,
        ] {
            let page = status_html(lang, status);
            assert!(page.contains(&format!("lang=\"{}\"", t.code)));
        }
    }
    // The languages differ where it matters.
    let titles: std::collections::BTreeSet<&str> =
        Lang::ALL.iter().map(|l| texts(*l).gone_title).collect();
    assert_eq!(titles.len(), 5);
}

#[test]
fn retention_and_money_read_naturally() {
    assert_eq!(texts(Lang::En).retention(Some("P1Y6M")), "1 year, 6 months");
    assert_eq!(texts(Lang::Fi).retention(Some("P90D")), "90 päivää");
    assert_eq!(texts(Lang::Da).retention(None), "Ikke angivet");
    assert_eq!(money(-5, "EUR", Lang::En), "-0.05 EUR");
    assert_eq!(money(100_000, "NOK", Lang::Nb), "1000,00 NOK");
}
