//! List washing with the files real senders have: old-Mac line endings, several phone columns,
//! spreadsheet formulas, Latin-1 read as UTF-8, rows without end, bodies over the limit, and
//! clients that go away in the middle of a wash.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use vern_core::Role;

use crate::harness::{TestApp, TestDb, backends, run};

async fn setup(app: &TestApp) -> String {
    let body = json!({"key": "telemarketing", "name": "Telemarketing", "legal_basis": "legitimate_interests", "direct_marketing": true, "channels": ["phone", "sms", "email", "post"]});
    assert_eq!(app.post("/v1/purposes", &app.admin, &body).await.0, 201);
    app.key(Role::Marketer).await
}

/// Record a direct-marketing objection on a phone number.
async fn object(app: &TestApp, phone: &str) {
    let po = app.key(Role::PrivacyOfficer).await;
    let body =
        json!({"identifiers": {"phone": phone}, "kind": "direct_marketing", "source": "subject"});
    assert_eq!(app.post("/v1/objections", &po, &body).await.0, 202);
}

/// `vern wash` on `list`: exit code, stdout and stderr, the allowed and the rejected file.
fn wash_cli(db: &TestDb, list: &[u8]) -> (i32, String, String, String, String) {
    let dir = db.dir.path();
    for f in ["ok.csv", "no.csv"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    std::fs::write(dir.join("list.csv"), list).unwrap();
    let (code, out, err) = run(
        db,
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
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap_or_default();
    (code, out, err, read("ok.csv"), read("no.csv"))
}

/// `POST /v1/wash`: status, body and the wash's record (when one was made).
async fn wash_api(app: &TestApp, key: &str, output: &str, list: &[u8]) -> (u16, String, Value) {
    let r = app
        .http
        .post(app.url(&format!(
            "/v1/wash?purpose=telemarketing&channel=phone&output={output}"
        )))
        .bearer_auth(key)
        .header("content-type", "text/csv")
        .body(list.to_vec())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let id = r
        .headers()
        .get("x-vern-wash-id")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = r.text().await.unwrap();
    let record = match id {
        Some(id) if status == 200 => app.get(&format!("/v1/washes/{id}"), key).await.1,
        _ => Value::Null,
    };
    (status, body, record)
}

/// The issue's repro: a list whose rows end in a bare CR (old Mac), washed after an objection
/// on its second number. It used to be read as a header only ("rows read: 0") and copied whole,
/// objector included, to the allowed output. CRLF and mixed endings are read the same way.
#[tokio::test]
async fn old_mac_and_mixed_line_endings_are_rows() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = setup(&app).await;
        object(&app, "+46701112233").await;
        for (list, rows, allowed_rows, objector_line) in [
            (
                &b"phone,name\r+46709998877,A\r+46701112233,B\r"[..],
                2,
                1,
                3,
            ),
            (b"phone,name\r+46709998877,A\r+46701112233,B", 2, 1, 3),
            (
                b"phone,name\r\n+46709998877,A\r\n+46701112233,B\r\n",
                2,
                1,
                3,
            ),
            (
                b"phone,name\n+46709998877,A\r+46702223344,\"C\rD\"\r\n+46701112233,B\r",
                3,
                2,
                5,
            ),
        ] {
            let shown = String::from_utf8_lossy(list).escape_debug().to_string();
            let (code, out, err, allowed, rejected) = wash_cli(&app.db, list);
            assert_eq!(code, 0, "{shown}: {out}{err}");
            assert!(
                out.contains(&format!("rows read:     {rows}\n")),
                "{shown}: {out}"
            );
            assert!(
                out.contains(&format!("allowed:       {allowed_rows}\n")),
                "{shown}: {out}"
            );
            assert!(!allowed.contains("+46701112233"), "{shown}: {allowed:?}");
            assert!(
                allowed.starts_with("phone,name\n+46709998877,A\n"),
                "{shown}: {allowed:?}"
            );
            assert_eq!(
                allowed.lines().count(),
                1 + allowed_rows,
                "{shown}: {allowed:?}"
            );
            assert!(
                rejected.contains(&format!(
                    "+46701112233,B,{objector_line},objection.direct_marketing,phone\n"
                )),
                "{shown}: {rejected:?}"
            );
            let (status, body, record) = wash_api(&app, &key, "allowed", list).await;
            assert_eq!(status, 200, "{shown}: {body}");
            assert_eq!(body, allowed, "{shown}: the API and the CLI agree");
            let counts = &record["counts"];
            assert_eq!(counts["rows"], rows, "{record}");
            assert_eq!(counts["allowed"], allowed_rows, "{record}");
            assert_eq!(counts["rejected"], rows - allowed_rows, "{record}");
        }
        app.stop().await;
    }
}

/// A list with `mobil` and `telefon` columns is allowed only when every number on the row is;
/// the rejected file names the column that failed. A cell that is not an identifier keeps its
/// row out of the allowed file too.
#[tokio::test]
async fn every_phone_and_email_column_is_washed() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = setup(&app).await;
        object(&app, "+46701112233").await;
        let list = "namn;mobil;telefon;e-post\n\
            A;0709998877;070-111 22 33;a@example.se\n\
            B;0709998866;;b@example.se\n\
            C;0701112233;0709998855;\n\
            D;0709998844;ring efter 17;d@example.se\n\
            E;0709998833;0709998822;inte en adress\n";
        let (code, out, err, allowed, rejected) = wash_cli(&app.db, list.as_bytes());
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(
            allowed,
            "namn;mobil;telefon;e-post\nB;0709998866;;b@example.se\n"
        );
        for row in [
            "A;0709998877;070-111 22 33;a@example.se;2;objection.direct_marketing;telefon\n",
            "C;0701112233;0709998855;;4;objection.direct_marketing;mobil\n",
            "D;0709998844;ring efter 17;d@example.se;5;identifier.unparseable;telefon\n",
            "E;0709998833;0709998822;inte en adress;6;identifier.unparseable;e-post\n",
        ] {
            assert!(rejected.contains(row), "{row} in {rejected}");
        }
        assert!(out.contains("unparseable:   2"), "{out}");
        let (status, body, _) = wash_api(&app, &key, "rejected", list.as_bytes()).await;
        assert_eq!(status, 200);
        assert_eq!(body, rejected);
        app.stop().await;
    }
}

/// Cells a spreadsheet would run are written with a leading `'` in both files, over the CLI
/// and the API, and counted; a phone number that looks like a formula is written in E.164.
/// (OWASP, "CSV Injection"; the same rule as the access report.)
#[tokio::test]
async fn formulas_are_neutralized_in_both_files() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = setup(&app).await;
        object(&app, "+46701112233").await;
        let list = "name,phone,note\n\
            \"=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",+46 (0)70 999 88 77,@SUM(A1)\n\
            Bo,+46 70 999 88 66,-2+3\n\
            -1500,+46701112233,\"\tcmd\"\n";
        let (code, out, err, allowed, rejected) = wash_cli(&app.db, list.as_bytes());
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(
            allowed,
            "name,phone,note\n\
             \"'=HYPERLINK(\"\"http://x.example\"\",\"\"y\"\")\",+46709998877,'@SUM(A1)\n\
             Bo,+46 70 999 88 66,'-2+3\n"
        );
        assert!(
            rejected.ends_with("-1500,+46701112233,'\tcmd,4,objection.direct_marketing,phone\n"),
            "{rejected:?}"
        );
        assert!(out.contains("neutralized:   5 cells"), "{out}");
        let (status, body, record) = wash_api(&app, &key, "allowed", list.as_bytes()).await;
        assert_eq!(status, 200);
        assert_eq!(body, allowed);
        assert_eq!(record["counts"]["neutralized"], 5, "{record}");
        // A header that is a formula is neutralized too.
        let (_, _, _, allowed, _) = wash_cli(&app.db, b"phone,=1+1\n0709998877,x\n");
        assert_eq!(allowed, "phone,'=1+1\n0709998877,x\n");
        app.stop().await;
    }
}

/// A Latin-1 list read as UTF-8 used to garble its names in silence. It is refused, naming the
/// line and `--encoding`, and nothing is written or recorded; a binary file the same.
#[tokio::test]
async fn text_that_is_not_utf8_is_refused() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = setup(&app).await;
        let latin1 = b"namn;telefon\nAnna;0709998877\n\xc5sa \xd6berg;0709998866\n";
        let (code, out, err, allowed, _) = wash_cli(&app.db, latin1);
        assert_eq!(code, 2, "{out}");
        assert!(
            err.contains("line 3: the text is not valid UTF-8")
                && err.contains("--encoding windows-1252"),
            "{err}"
        );
        assert!(
            !app.db.dir.path().join("ok.csv").exists(),
            "no output is left: {allowed}"
        );
        let (status, body, _) = wash_api(&app, &key, "allowed", latin1).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("encoding=windows-1252"), "{body}");
        let binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        let (code, _, err, _, _) = wash_cli(&app.db, binary);
        assert_eq!(code, 2);
        assert!(err.contains("line 1: the text is not valid UTF-8"), "{err}");
        let (status, body, _) = wash_api(&app, &key, "allowed", binary).await;
        assert_eq!(status, 422, "{body}");
        let (_, washes) = app.get("/v1/washes", &key).await;
        assert_eq!(washes["washes"], json!([]), "nothing was recorded");
        app.stop().await;
    }
}

/// A body over `wash.max_body_bytes` is answered with 413; a row without end (no line break,
/// or a quote never closed) is refused naming its line, after reading a bounded amount.
#[tokio::test]
async fn wash_bounds() {
    for backend in backends() {
        let db = TestDb::new(backend).await;
        let app = TestApp::spawn_with(db, |s| s.wash.max_body_bytes = 4 << 20).await;
        let key = setup(&app).await;
        let addr = app.base.strip_prefix("http://").unwrap().to_owned();
        // A declared length over the limit: refused before the body is read.
        let answer = raw_post(&addr, &key, Some(5 << 20), &[]).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains("too_large"), "{answer}");
        // Without a declared length the limit holds too.
        let mut big = b"phone\n".to_vec();
        while big.len() <= 4 << 20 {
            big.extend_from_slice(b"N/A\n");
        }
        let answer = raw_post(&addr, &key, None, &big).await;
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        let (_, washes) = app.get("/v1/washes", &key).await;
        assert_eq!(washes["washes"], json!([]), "nothing was recorded");

        // Three MiB without a line break: refused at its line, quickly.
        let mut endless = b"phone,name\n0709998877,A\n0709998866,".to_vec();
        endless.resize(3 << 20, b'x');
        let started = Instant::now();
        let (status, body, _) = wash_api(&app, &key, "allowed", &endless).await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body.contains("line 3: the row is longer than 1 MiB"),
            "{body}"
        );
        let (code, _, err, _, _) = wash_cli(&app.db, &endless);
        assert_eq!(code, 2);
        assert!(
            err.contains("line 3: the row is longer than 1 MiB"),
            "{err}"
        );
        assert!(started.elapsed() < Duration::from_secs(20));
        // A quote inside a cell (`32" TV`) opens nothing, however far the list goes on.
        let mut inches = b"phone,note\n0709998877,32\" TV\n".to_vec();
        for _ in 0..100_000 {
            inches.extend_from_slice(b"0709998866,x\n");
        }
        let (code, out, err, _, _) = wash_cli(&app.db, &inches);
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("allowed:       100001\n"), "{out}");
        // A quote opened and never closed.
        let (code, _, err, _, _) = wash_cli(
            &app.db,
            b"phone,name\n0709998877,A\n0709998866,\"B\n0709998855,C\n",
        );
        assert_eq!(code, 2);
        assert!(
            err.contains("line 3: a quote opened on this row is never closed"),
            "{err}"
        );
        app.stop().await;
    }
}

/// `POST /v1/wash` spoken by hand: with a declared length (and no body sent), or with `body`
/// in chunks. The beginning of the answer.
async fn raw_post(addr: &str, key: &str, length: Option<usize>, body: &[u8]) -> String {
    use tokio::io::AsyncReadExt;
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let framing = match length {
        Some(n) => format!("content-length: {n}"),
        None => "transfer-encoding: chunked".to_owned(),
    };
    let head = format!(
        "POST /v1/wash?purpose=telemarketing&channel=phone HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {key}\r\ncontent-type: text/csv\r\n{framing}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    if length.is_none() {
        // The server may answer and close before the end: later writes may fail.
        for chunk in body.chunks(64 * 1024) {
            let framed = [format!("{:x}\r\n", chunk.len()).as_bytes(), chunk, b"\r\n"].concat();
            if stream.write_all(&framed).await.is_err() {
                break;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    }
    let mut answer = vec![0; 4096];
    let mut got = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    while got < answer.len() && Instant::now() < deadline {
        // The whole answer within the deadline: a debug build on a loaded machine may take
        // several seconds to read a 4 MiB list of a million rows before it refuses it.
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, stream.read(&mut answer[got..])).await {
            Ok(Ok(n)) if n > 0 => got += n,
            _ => break,
        }
        if answer[..got].windows(4).any(|w| w == b"\r\n\r\n") && got > 200 {
            break;
        }
    }
    String::from_utf8_lossy(&answer[..got]).into_owned()
}

/// Threads and resident memory of a process, from /proc.
fn threads_and_rss(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap()
    };
    (field("Threads:"), field("VmRSS:"))
}

/// A client that goes away cancels its wash and frees everything. Fifty washes are abandoned
/// in the middle of their response (the client stops reading, then closes); they used to leave
/// their reader blocked forever, ~3 threads and ~20 MB each, and the server no longer stopped
/// on SIGTERM.
#[tokio::test]
async fn abandoned_washes_free_everything_and_sigterm_stops_the_server() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        let key = setup(&app).await;
        // The release binary's server, on the same database.
        let mut child = app
            .db
            .command()
            .args(["serve", "--listen", "127.0.0.1:0", "--http-threads", "2"])
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stderr).lines().map_while(Result::ok);
            let addr = lines.find_map(|line| {
                line.split("addr=")
                    .nth(1)
                    .map(|a| a.split_whitespace().next().unwrap_or("").to_owned())
            });
            let _ = tx.send(addr);
            // Keep reading, so that the server's log never blocks.
            lines.for_each(drop);
        });
        let Ok(Some(addr)) = rx.recv_timeout(Duration::from_secs(60)) else {
            child.kill().unwrap();
            panic!("the server never said where it listens");
        };
        let pid = child.id();
        let health = reqwest::get(format!("http://{addr}/healthz"))
            .await
            .unwrap();
        assert_eq!(health.status().as_u16(), 200);
        let (threads_before, rss_before) = threads_and_rss(pid);

        // Long rows, all allowed: the response is as large as the list, so a client that does
        // not read it stops the wash's writer, then its workers, then its reader.
        let mut row = b"0709998877,".to_vec();
        row.resize(2000, b'x');
        row.push(b'\n');
        let list: Vec<u8> = b"phone,note\n"
            .iter()
            .chain(row.iter().cycle().take(row.len() * 20_000))
            .copied()
            .collect();
        let head = format!(
            "POST /v1/wash?purpose=telemarketing&channel=phone HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer {key}\r\ncontent-type: text/csv\r\ncontent-length: {}\r\n\r\n",
            list.len() * 2
        );
        let started = Instant::now();
        for _ in 0..50 {
            let socket = tokio::net::TcpSocket::new_v4().unwrap();
            socket.set_recv_buffer_size(4096).unwrap();
            let mut stream = socket.connect(addr.parse().unwrap()).await.unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            // Send until the server stops reading (its pipeline is full), then go away.
            for chunk in list.chunks(64 * 1024) {
                let write = stream.write_all(chunk);
                if !matches!(
                    tokio::time::timeout(Duration::from_millis(300), write).await,
                    Ok(Ok(()))
                ) {
                    break;
                }
            }
            drop(stream);
        }

        println!("abandoned 50 washes in {:?}", started.elapsed());
        // Every wash stops and frees its threads and memory.
        let deadline = Instant::now() + Duration::from_secs(30);
        let (threads, rss) = loop {
            let (threads, rss) = threads_and_rss(pid);
            if threads <= threads_before + 4 && rss <= rss_before + 200_000 {
                break (threads, rss);
            }
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!(
                    "abandoned washes hold {} threads and {} kB more than before",
                    threads - threads_before,
                    rss.saturating_sub(rss_before)
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        println!("threads {threads_before} -> {threads}, RSS {rss_before} -> {rss} kB");

        let term = std::process::Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()
            .unwrap();
        assert!(term.success());
        let deadline = Instant::now() + Duration::from_secs(30);
        let exit = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if Instant::now() > deadline {
                child.kill().unwrap();
                panic!("the server did not stop on SIGTERM");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        assert!(exit.success(), "{exit:?}");
        app.stop().await;
    }
}

/// The block list is read like a wash: old-Mac line endings, and every phone column.
#[tokio::test]
async fn block_list_with_cr_endings_and_two_phone_columns() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        setup(&app).await;
        let path = app.db.dir.path().join("block.csv");
        std::fs::write(
            &path,
            "namn;mobil;telefon\rA;0709998801;0709998802\rB;;0709998803\rC;;N/A\r",
        )
        .unwrap();
        let (code, out, err) = run(&app.db, &["blocklist", "import", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{out}{err}");
        assert!(out.contains("rows read:    3"), "{out}");
        assert!(out.contains("added:        3"), "{out}");
        assert!(
            out.contains("unparseable:  1") && out.contains("on lines:   4"),
            "{out}"
        );
        let (code, out, err, allowed, _) = wash_cli(
            &app.db,
            b"phone\n0709998801\n0709998802\n0709998803\n0709998804\n",
        );
        assert_eq!(code, 0, "{out}{err}");
        assert_eq!(allowed, "phone\n0709998804\n");
        app.stop().await;
    }
}
