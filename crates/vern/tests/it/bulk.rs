//! Bulk loads (issue 20): a block list and register versions of many rows, read on every core
//! and stored packed. The decisions after a fast load are the ones a row-by-row load gave: every
//! imported number is suppressed, duplicates and unparseable lines are counted, an entry can be
//! listed and removed one by one, a new register version replaces the old, and a restarted
//! server reads the same from the database.

use serde_json::{Value, json};
use std::time::{Duration, Instant};

use crate::harness::{TestApp, backends, run};

/// Rows in the test files: more than 1 MiB, so that the files are read in several pieces.
const ROWS: usize = 70_000;

fn number(i: usize) -> String {
    // Distinct Swedish mobile numbers, written as a spreadsheet holds them.
    format!(
        "070-{:03} {:02} {:02}",
        i / 10_000,
        (i / 100) % 100,
        i % 100
    )
}

fn e164(i: usize) -> String {
    format!("+4670{:07}", i)
}

async fn telemarketing(app: &TestApp) {
    let body = json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone"]});
    let (status, out) = app.post("/v1/purposes", &app.admin, &body).await;
    assert_eq!(status, 201, "{out}");
}

/// The reason codes of a check of each number, in order.
async fn codes_of(app: &TestApp, numbers: &[String]) -> Vec<Vec<String>> {
    let mut all = Vec::new();
    for chunk in numbers.chunks(1000) {
        let items: Vec<Value> = chunk
            .iter()
            .map(|n| json!({"identifiers": {"phone": n}, "channel": "phone", "purpose": "telemarketing"}))
            .collect();
        let (status, out) = app
            .post("/v1/check/batch", &app.admin, &json!({"items": items}))
            .await;
        assert_eq!(status, 200, "{out}");
        for r in out["results"].as_array().unwrap() {
            all.push(
                r["reasons"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c["code"].as_str().unwrap().to_owned())
                    .collect(),
            );
        }
    }
    all
}

/// Wait until the running server (which follows the ledger) answers `want` for `number`.
async fn until(app: &TestApp, number: &str, want: impl Fn(&[String]) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let codes = codes_of(app, &[number.to_owned()]).await.remove(0);
        if want(&codes) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the server never saw the import: {codes:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

fn field(out: &str, label: &str) -> u64 {
    out.lines()
        .find_map(|l| l.strip_prefix(label))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {label} in {out}"))
}

async fn all_entries(app: &TestApp) -> Vec<Value> {
    let mut entries = Vec::new();
    let mut after = String::new();
    loop {
        let (status, page) = app
            .get(
                &format!("/v1/blocklist?limit=1000&after={after}"),
                &app.admin,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let got = page["entries"].as_array().unwrap().clone();
        entries.extend(got);
        match page["next"].as_str() {
            Some(next) => after = next.to_owned(),
            None => return entries,
        }
    }
}

#[tokio::test]
async fn a_bulk_block_list_suppresses_every_number_and_counts_what_it_skipped() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        telemarketing(&app).await;
        // One entry added by hand before: the file repeats it, and it counts as a duplicate.
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &app.admin,
                &json!({"phone": e164(5), "reason": "asked on the phone"}),
            )
            .await;
        assert_eq!(status, 201, "{out}");
        let mut csv = String::from("\u{feff}namn;telefon;e-post\r\n");
        let mut imported = Vec::new();
        let mut bad_lines = Vec::new();
        let mut repeats = 0;
        for i in 0..ROWS {
            let line = i + 2;
            if i % 1000 == 999 {
                csv.push_str("x;N/A;\r\n");
                bad_lines.push(line as u64);
            } else if i % 500 == 3 {
                // The number of the row before, written another way.
                csv.push_str(&format!("d;{};\r\n", e164(i - 1)));
                repeats += 1;
            } else if i == 10 {
                csv.push_str("e;;someone@example.se\r\n");
            } else {
                csv.push_str(&format!("p;{};\r\n", number(i)));
                imported.push(e164(i));
            }
        }
        let path = app.db.dir.path().join("big.csv");
        std::fs::write(&path, &csv).unwrap();
        assert!(csv.len() > 1 << 20, "the file is read in pieces");
        let (code, out, err) = run(
            &app.db,
            &[
                "blocklist",
                "import",
                path.to_str().unwrap(),
                "--reason",
                "partner list",
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(field(&out, "rows read:"), ROWS as u64, "{out}");
        // Every parsed number and the e-mail address, less the one already listed.
        let added = imported.len() as u64 + 1 - 1;
        assert_eq!(field(&out, "added:"), added, "{out}");
        assert_eq!(field(&out, "duplicates:"), repeats + 1, "{out}");
        assert_eq!(field(&out, "unparseable:"), bad_lines.len() as u64, "{out}");
        let shown: Vec<String> = bad_lines.iter().take(50).map(u64::to_string).collect();
        assert!(
            out.contains(&format!("on lines:   {} and 20 more", shown.join(", "))),
            "{out}"
        );

        // The running server follows the ledger: every number of the file is suppressed.
        until(&app, imported.last().unwrap(), |c| {
            c.iter().any(|c| c == "blocklist")
        })
        .await;
        let codes = codes_of(&app, &imported).await;
        for (n, c) in imported.iter().zip(&codes) {
            assert_eq!(c, &["blocklist"], "{n}");
        }
        let outside = codes_of(&app, &[e164(ROWS + 5)]).await;
        assert!(outside[0].is_empty(), "{outside:?}");

        // Listed one by one, in pages, each once, the hand-added entry among them.
        let entries = all_entries(&app).await;
        assert_eq!(entries.len() as u64, added + 1);
        let mut ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
        let listed = ids.clone();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids, listed, "ids ascend and are distinct");
        assert!(entries.iter().all(|e| e["reason"].is_string()));
        assert_eq!(
            entries
                .iter()
                .filter(|e| e["identifier_kind"] == "email")
                .count(),
            1
        );

        // A number of the file cannot be added again by hand.
        let (status, out) = app
            .post(
                "/v1/blocklist",
                &app.admin,
                &json!({"phone": imported[7], "reason": "again"}),
            )
            .await;
        assert_eq!(status, 409, "{out}");

        // One entry of the import is removed: that number is allowed again, the rest stay.
        let (_, found) = app
            .get(
                &format!(
                    "/v1/blocklist/lookup?phone={}",
                    imported[100].replace('+', "%2B")
                ),
                &app.admin,
            )
            .await;
        let entry = found["entries"][0]["id"].as_str().unwrap().to_owned();
        let (status, removed) = app
            .send(
                reqwest::Method::DELETE,
                &format!("/v1/blocklist/{entry}"),
                &app.admin,
                &json!({"reason": "sent by mistake"}),
            )
            .await;
        assert_eq!(status, 200, "{removed}");
        assert!(removed["removed_at"].is_string(), "{removed}");
        let (status, _) = app
            .send(
                reqwest::Method::DELETE,
                &format!("/v1/blocklist/{entry}"),
                &app.admin,
                &json!({}),
            )
            .await;
        assert_eq!(status, 404, "removed once only");
        assert!(codes_of(&app, &[imported[100].clone()]).await[0].is_empty());
        assert_eq!(all_entries(&app).await.len() as u64, added);

        // A new server builds the same index from the database.
        let app = app.restart_with(|_| {}).await;
        let codes = codes_of(&app, &imported).await;
        for (i, (n, c)) in imported.iter().zip(&codes).enumerate() {
            let want: &[&str] = if i == 100 { &[] } else { &["blocklist"] };
            assert_eq!(c, want, "{n}");
        }

        // The same file again adds back only the removed number.
        let (code, out, err) = run(&app.db, &["blocklist", "import", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(field(&out, "added:"), 1, "{out}");
        assert_eq!(field(&out, "duplicates:"), added + repeats + 1 - 1, "{out}");
        until(&app, &imported[100], |c| c.iter().any(|c| c == "blocklist")).await;
        app.stop().await;
    }
}

#[tokio::test]
async fn a_register_version_loaded_in_bulk_replaces_the_previous_one() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        telemarketing(&app).await;
        let r = app
            .http
            .patch(app.url("/v1/controllers/default"))
            .bearer_auth(&app.admin)
            .json(&json!({"rules": ["nix_telefon"]}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let today = wall_clock().date();
        let date = format!(
            "{:04}-{:02}-{:02}",
            today.year(),
            u8::from(today.month()),
            today.day()
        );
        // More than 1 MiB of numbers, so that the file is read in pieces.
        const LINES: usize = 90_000;
        // Version 1: numbers 0..LINES; version 2: the even ones and LINES.. for the odd ones.
        let mut first = String::new();
        let mut second = String::new();
        let mut bad = Vec::new();
        for i in 0..LINES {
            if i % 1000 == 999 {
                first.push_str("N/A\n");
                second.push_str("N/A\n");
                bad.push((i + 1) as u64);
                continue;
            }
            first.push_str(&number(i));
            first.push('\n');
            second.push_str(&number(if i % 2 == 0 { i } else { LINES + i }));
            second.push('\n');
        }
        let dir = app.db.dir.path();
        std::fs::write(dir.join("nix1.txt"), &first).unwrap();
        std::fs::write(dir.join("nix2.txt"), &second).unwrap();
        assert!(first.len() > 1 << 20, "the file is read in pieces");
        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "nix-telefon",
                dir.join("nix1.txt").to_str().unwrap(),
                "--version-date",
                &date,
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(field(&out, "lines read:"), LINES as u64, "{out}");
        assert_eq!(field(&out, "unparseable:"), bad.len() as u64, "{out}");
        let shown: Vec<String> = bad.iter().take(20).map(u64::to_string).collect();
        assert!(
            out.contains(&format!("on lines:    {}\n", shown.join(", "))),
            "{out}"
        );
        let listed: Vec<String> = (0..LINES).filter(|i| i % 1000 != 999).map(e164).collect();
        until(&app, listed.last().unwrap(), |c| {
            c.iter().any(|c| c == "register.nix_telefon")
        })
        .await;
        for (n, c) in listed.iter().zip(codes_of(&app, &listed).await) {
            assert_eq!(c, ["register.nix_telefon"], "{n}");
        }

        let (code, out, err) = run(
            &app.db,
            &[
                "registers",
                "import",
                "nix-telefon",
                dir.join("nix2.txt").to_str().unwrap(),
                "--version-date",
                &date,
            ],
        );
        assert_eq!(code, 0, "{out}{err}");
        until(&app, &e164(1), |c| c.is_empty()).await;
        let numbers: Vec<(String, bool)> = (0..LINES)
            .filter(|i| i % 1000 != 999)
            .flat_map(|i| {
                if i % 2 == 0 {
                    vec![(e164(i), true)]
                } else {
                    vec![(e164(i), false), (e164(LINES + i), true)]
                }
            })
            .collect();
        let asked: Vec<String> = numbers.iter().map(|(n, _)| n.clone()).collect();
        for ((n, listed), c) in numbers.iter().zip(codes_of(&app, &asked).await) {
            let want: &[&str] = if *listed {
                &["register.nix_telefon"]
            } else {
                &[]
            };
            assert_eq!(c, want, "{n}");
        }
        app.stop().await;
    }
}

/// The wall clock: the CLI dates the import by the real one, and the server judges the
/// version's validity by it too.
#[allow(clippy::disallowed_methods)]
fn wall_clock() -> time::OffsetDateTime {
    time::OffsetDateTime::now_utc()
}
