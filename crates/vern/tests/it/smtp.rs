//! Message delivery: a small real SMTP server on 127.0.0.1 that keeps what it receives, and the
//! outbox job sending to it, writing files, retrying and giving up.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use time::macros::datetime;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use vern_core::request::RequestKind;
use vern_server::outbox::{self as delivery, Deliverer};
use vern_server::{Clock, MailSettings, SmtpSettings, SmtpTls, message as messages};
use vern_store::model::{
    Controller, NewMessage, OutboxMessage, Person, PersonInput, Profile, RequestDetails,
    RequestInput,
};
use vern_store::store::{ControllerStore, LedgerStore, OutboxStore, PeopleStore, RequestStore};
use vern_store::{Actor, LedgerEntry, SqlStore, Store};

use crate::harness::{TestDb, backends};

// ---- the test SMTP server ----

/// A message as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The envelope sender (MAIL FROM).
    pub from: String,
    /// The envelope recipients (RCPT TO).
    pub to: Vec<String>,
    /// The data after DATA, dot-unstuffed, lines ending in CRLF.
    pub data: String,
}

impl Message {
    /// The header section, unfolded: one line a header.
    fn headers(&self) -> Vec<(String, String)> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        let mut out: Vec<(String, String)> = Vec::new();
        for line in head.split("\r\n") {
            if line.starts_with([' ', '\t']) {
                if let Some(last) = out.last_mut() {
                    last.1.push_str(line);
                }
            } else if let Some((name, value)) = line.split_once(':') {
                out.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        out
    }

    /// A header's value, encoded words (RFC 2047) decoded.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers()
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| decode_words(&v))
    }

    /// The body, its transfer encoding undone, with `\n` line ends.
    pub fn body(&self) -> String {
        let raw = self.data.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "quoted-printable" => decode_qp(raw),
            "base64" => decode_base64(raw),
            _ => raw.as_bytes().to_vec(),
        };
        String::from_utf8(bytes).unwrap().replace("\r\n", "\n")
    }
}

fn decode_qp(text: &str) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if b[i + 1..].starts_with(b"\r\n") {
                i += 3;
                continue;
            }
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn decode_base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let v = ALPHABET.iter().position(|a| *a == c).unwrap() as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Decode `=?charset?B|Q?text?=` words; the space between two of them goes.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    let mut pending_space = String::new();
    let mut after_word = false;
    while !rest.is_empty() {
        if let Some(word) = rest.strip_prefix("=?") {
            let mut parts = word.splitn(3, '?');
            let (_charset, kind, tail) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let (text, after) = tail.split_once("?=").unwrap();
            let bytes = if kind.eq_ignore_ascii_case("b") {
                decode_base64(text)
            } else {
                decode_qp(&text.replace('_', " "))
            };
            if !after_word {
                out.push_str(&pending_space);
            }
            pending_space.clear();
            out.push_str(&String::from_utf8(bytes).unwrap());
            after_word = true;
            rest = after;
        } else {
            let c = rest.chars().next().unwrap();
            if c.is_whitespace() {
                pending_space.push(c);
            } else {
                out.push_str(&pending_space);
                pending_space.clear();
                out.push(c);
                after_word = false;
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// A plain SMTP server on 127.0.0.1, port 0, that keeps every message in memory.
pub struct SmtpServer {
    addr: SocketAddr,
    messages: Arc<Mutex<Vec<Message>>>,
    count: watch::Sender<usize>,
    task: JoinHandle<()>,
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SmtpServer {
    pub async fn start() -> SmtpServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let messages = Arc::new(Mutex::new(Vec::new()));
        let (count, _) = watch::channel(0usize);
        let task = {
            let messages = Arc::clone(&messages);
            let count = count.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    let messages = Arc::clone(&messages);
                    let count = count.clone();
                    tokio::spawn(async move {
                        let _ = session(stream, &messages, &count).await;
                    });
                }
            })
        };
        SmtpServer {
            addr,
            messages,
            count,
            task,
        }
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Message> {
        self.messages.lock().unwrap().clone()
    }

    /// The first message that satisfies `predicate`, waiting at most `timeout` for it.
    pub async fn wait_for(
        &self,
        predicate: impl Fn(&Message) -> bool,
        timeout: Duration,
    ) -> Message {
        let deadline = tokio::time::Instant::now() + timeout;
        let mut changes = self.count.subscribe();
        loop {
            if let Some(m) = self.received().into_iter().find(|m| predicate(m)) {
                return m;
            }
            if tokio::time::timeout_at(deadline, changes.changed())
                .await
                .is_err()
            {
                panic!(
                    "no matching message within {timeout:?}; received: {:#?}",
                    self.received()
                );
            }
        }
    }
}

/// The address inside `<…>` of `MAIL FROM:<a> PARAMS`.
fn angle_address(arg: &str) -> Option<String> {
    let start = arg.find('<')?;
    let end = arg[start..].find('>')? + start;
    Some(arg[start + 1..end].to_owned())
}

async fn session(
    stream: TcpStream,
    messages: &Mutex<Vec<Message>>,
    count: &watch::Sender<usize>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 vern-test ESMTP ready\r\n").await?;
    let mut from: Option<String> = None;
    let mut to: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if lines.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        let (verb, arg) = text.split_once(' ').unwrap_or((text, ""));
        let reply: &[u8] = match verb.to_ascii_uppercase().as_str() {
            "EHLO" => b"250-vern-test greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 vern-test\r\n",
            "MAIL" => match angle_address(arg) {
                Some(a) if arg.to_ascii_uppercase().starts_with("FROM:") => {
                    from = Some(a);
                    to.clear();
                    b"250 2.1.0 OK\r\n"
                }
                _ => b"501 5.5.4 syntax: MAIL FROM:<address>\r\n",
            },
            "RCPT" => match (angle_address(arg), &from) {
                (_, None) => b"503 5.5.1 MAIL first\r\n",
                (Some(a), Some(_)) if arg.to_ascii_uppercase().starts_with("TO:") => {
                    to.push(a);
                    b"250 2.1.5 OK\r\n"
                }
                _ => b"501 5.5.4 syntax: RCPT TO:<address>\r\n",
            },
            "DATA" if from.is_none() || to.is_empty() => b"503 5.5.1 RCPT first\r\n",
            "DATA" => {
                write
                    .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                    .await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(());
                    }
                    let l = String::from_utf8_lossy(&line);
                    let l = l.trim_end_matches(['\r', '\n']);
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(l));
                    data.push_str("\r\n");
                }
                let message = Message {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data,
                };
                let n = {
                    let mut all = messages.lock().unwrap();
                    all.push(message);
                    all.len()
                };
                count.send_replace(n);
                b"250 2.0.0 OK queued\r\n"
            }
            "RSET" => {
                from = None;
                to.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                write.write_all(b"221 2.0.0 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"500 5.5.2 command not recognized\r\n",
        };
        write.write_all(reply).await?;
    }
}

// ---- the tests ----

const T0: OffsetDateTime = datetime!(2027-01-31 12:00 UTC);
const WAIT: Duration = Duration::from_secs(10);

struct Setup {
    db: TestDb,
    store: SqlStore,
    controller: Controller,
    person: Person,
}

async fn setup(backend: crate::harness::Backend) -> Setup {
    let db = TestDb::new(backend).await;
    let store = vern_server::open_store(&db.settings()).await.unwrap();
    let controller = store.list_controllers().await.unwrap().remove(0);
    let input = PersonInput {
        profile: Profile {
            name: "Åsa Öberg".to_owned(),
            emails: vec!["asa@example.se".to_owned()],
            phones: vec!["+46701234567".to_owned()],
            language: Some("sv".to_owned()),
            ..Profile::default()
        },
        digests: Vec::new(),
        lists: Vec::new(),
        business_contact: None,
        source: Default::default(),
    };
    let (person, _) = store
        .create_person(&Actor::Cli, T0, controller.id, &input)
        .await
        .unwrap();
    Setup {
        db,
        store,
        controller,
        person,
    }
}

impl Setup {
    async fn finish(self) {
        self.store.close().await;
        self.db.drop_database().await;
    }

    /// Queue messages outside any request; their outbox ids.
    async fn queue(&self, messages: &[NewMessage]) -> Vec<String> {
        let before = self.store.ledger_head().await.unwrap();
        self.store
            .queue_messages(
                &Actor::Cli,
                T0,
                &self.person.id,
                self.controller.id,
                messages,
            )
            .await
            .unwrap();
        self.entries_after(before, "message.queued")
            .await
            .iter()
            .map(|e| payload(e)["message"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Open a request with one message; the request's id.
    async fn request_with(&self, message: NewMessage) -> String {
        let input = RequestInput {
            controller: self.controller.id,
            kind: RequestKind::Erasure,
            person: Some(self.person.id.clone()),
            digests: Vec::new(),
            received_via: "api".to_owned(),
            received_at: T0,
            details: RequestDetails::default(),
            agent_key: None,
            language: Some("sv".to_owned()),
            verified_by: Some("test".to_owned()),
        };
        let (record, _) = self
            .store
            .create_request(&Actor::Cli, T0, &input, &[message])
            .await
            .unwrap();
        record.id
    }

    async fn entries_after(&self, after: i64, kind: &str) -> Vec<LedgerEntry> {
        self.store
            .ledger_after(after, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == kind)
            .collect()
    }

    /// The ledger entries of `kind` about outbox message `id`.
    async fn entries_for(&self, id: &str, kind: &str) -> Vec<serde_json::Value> {
        self.entries_after(0, kind)
            .await
            .iter()
            .map(payload)
            .filter(|p| p["message"] == id)
            .collect()
    }

    async fn only_message(&self, request: &str) -> OutboxMessage {
        let mut all = self.store.request_messages(request).await.unwrap();
        assert_eq!(all.len(), 1);
        all.remove(0)
    }
}

fn payload(e: &LedgerEntry) -> serde_json::Value {
    serde_json::from_str(&e.payload).unwrap()
}

fn smtp_to(port: u16) -> Deliverer {
    Deliverer::new(&MailSettings {
        sms_gateway: None,
        smtp: Some(SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: Some(port),
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: "Vern Test <privacy@vern.example>".to_owned(),
        }),
        outbox_dir: None,
    })
    .unwrap()
}

/// A port nothing listens on: bound, then closed.
async fn refusing_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

/// The Swedish acknowledgement of an erasure request, by e-mail or SMS.
fn received_message(s: &Setup, channel: &str, to: &str) -> NewMessage {
    let rendered = messages::request_received(
        "sv",
        channel,
        &s.controller,
        RequestKind::Erasure,
        datetime!(2027-02-28 12:00 UTC).date(),
    );
    messages::to_message(
        to,
        channel,
        messages::template::REQUEST_RECEIVED,
        "sv",
        rendered,
    )
}

#[tokio::test]
async fn the_test_server_speaks_smtp() {
    let server = SmtpServer::start().await;
    let stream = TcpStream::connect(("127.0.0.1", server.port()))
        .await
        .unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    let mut expect = async |code: &str| {
        let line = lines.next_line().await.unwrap().unwrap();
        assert!(line.starts_with(code), "{line}");
    };
    expect("220").await;
    for (command, code) in [
        ("HELO client", "250"),
        ("NOOP", "250"),
        ("RCPT TO:<x@example.com>", "503"),
        ("MAIL FROM:<a@example.com>", "250"),
        ("RCPT TO:<dropped@example.com>", "250"),
        ("RSET", "250"),
        ("DATA", "503"),
        ("MAIL FROM:<b@example.com> BODY=8BITMIME", "250"),
        ("RCPT TO:<c@example.com>", "250"),
        ("RCPT TO:<d@example.com>", "250"),
        ("DATA", "354"),
    ] {
        write
            .write_all(format!("{command}\r\n").as_bytes())
            .await
            .unwrap();
        expect(code).await;
    }
    write
        .write_all(b"Subject: dots\r\n\r\n..leading dot\r\nplain\r\n.\r\n")
        .await
        .unwrap();
    expect("250").await;
    write.write_all(b"QUIT\r\n").await.unwrap();
    expect("221").await;

    let m = server.wait_for(|m| m.from == "b@example.com", WAIT).await;
    assert_eq!(m.to, vec!["c@example.com", "d@example.com"]);
    assert_eq!(m.data, "Subject: dots\r\n\r\n.leading dot\r\nplain\r\n");
    assert_eq!(m.header("subject").as_deref(), Some("dots"));
    assert_eq!(server.received().len(), 1);
    assert_eq!(
        decode_words("=?utf-8?b?w4VzYQ==?= =?utf-8?q?_=C3=96berg?= x"),
        "Åsa Öberg x"
    );
}

#[tokio::test]
async fn queued_mail_is_sent_by_smtp_once() {
    for backend in backends() {
        let server = SmtpServer::start().await;
        let s = setup(backend).await;
        let deliverer = smtp_to(server.port());
        let clock = Clock::starting_at(T0);

        let mut mail = received_message(&s, "email", "asa@example.se");
        // A line that SMTP must dot-stuff, and one long enough to be wrapped.
        mail.body.push_str(".signature\n");
        mail.body.push_str(&"lång rad ".repeat(20));
        let ids = s.queue(std::slice::from_ref(&mail)).await;
        assert_eq!(ids.len(), 1);
        let request = s
            .request_with(received_message(&s, "email", "asa@example.se"))
            .await;

        let sent = delivery::deliver_due(&s.store, &clock, &deliverer, 10)
            .await
            .unwrap();
        assert_eq!(sent, 2);

        let got = server
            .wait_for(
                |m| {
                    m.header("Message-ID")
                        .is_some_and(|h| h.contains(ids[0].as_str()))
                },
                WAIT,
            )
            .await;
        assert_eq!(got.from, "privacy@vern.example");
        assert_eq!(got.to, vec!["asa@example.se"]);
        assert_eq!(got.header("To").as_deref(), Some("asa@example.se"));
        assert_eq!(
            got.header("From").as_deref(),
            Some("\"Vern Test\" <privacy@vern.example>")
        );
        assert_eq!(got.header("Subject"), Some(mail.subject.clone()));
        assert!(mail.subject.starts_with("Vi har tagit emot din begäran – "));
        assert_eq!(got.body().trim_end(), mail.body.trim_end());
        assert!(got.body().contains("radering av dina personuppgifter"));
        assert_eq!(
            got.header("Date").as_deref(),
            Some("Sun, 31 Jan 2027 12:00:00 +0000")
        );

        // The ledger says sent, once, and the request's message reads sent.
        let entries = s.entries_for(&ids[0], "message.sent").await;
        assert_eq!(entries.len(), 1, "{entries:?}");
        assert_eq!(entries[0]["attempts"], 1);
        let on_request = s.only_message(&request).await;
        assert_eq!(on_request.state, "sent");
        assert!(on_request.sent_at.is_some());
        assert_eq!(on_request.attempts, 1);
        assert_eq!(on_request.last_error, None);
        server
            .wait_for(
                |m| {
                    m.header("Message-ID")
                        .is_some_and(|h| h.contains(on_request.id.as_str()))
                },
                WAIT,
            )
            .await;

        // Nothing is sent twice, however often the job runs.
        let later = Clock::starting_at(T0 + time::Duration::days(1));
        for clock in [clock, later] {
            let again = delivery::deliver_due(&s.store, &clock, &deliverer, 10)
                .await
                .unwrap();
            assert_eq!(again, 0);
        }
        assert_eq!(server.received().len(), 2);
        s.finish().await;
    }
}

#[tokio::test]
async fn without_smtp_messages_are_written_to_the_outbox_directory() {
    for backend in backends() {
        let s = setup(backend).await;
        let dir = s.db.dir.path().join("outbox");
        let deliverer = Deliverer::new(&MailSettings {
            sms_gateway: None,
            smtp: None,
            outbox_dir: Some(dir.clone()),
        })
        .unwrap();
        let clock = Clock::starting_at(T0);
        let email = received_message(&s, "email", "asa@example.se");
        let sms = received_message(&s, "sms", "+46701234567");
        let ids = s.queue(&[email.clone(), sms.clone()]).await;

        let sent = delivery::deliver_due(&s.store, &clock, &deliverer, 10)
            .await
            .unwrap();
        assert_eq!(sent, 2);

        let eml = std::fs::read_to_string(dir.join(format!("{}.eml", ids[0]))).unwrap();
        let parsed = Message {
            from: String::new(),
            to: Vec::new(),
            data: eml,
        };
        assert_eq!(parsed.header("To").as_deref(), Some("asa@example.se"));
        assert_eq!(parsed.header("Subject"), Some(email.subject.clone()));
        assert_eq!(parsed.body().trim_end(), email.body.trim_end());

        let text = std::fs::read_to_string(dir.join(format!("{}.sms.txt", ids[1]))).unwrap();
        assert!(text.starts_with("To: +46701234567\n"), "{text}");
        assert!(text.contains(&sms.body), "{text}");
        assert!(sms.body.chars().count() <= 160, "{}", sms.body);

        for id in &ids {
            assert_eq!(s.entries_for(id, "message.sent").await.len(), 1);
        }
        let again = delivery::deliver_due(&s.store, &clock, &deliverer, 10)
            .await
            .unwrap();
        assert_eq!(again, 0);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        s.finish().await;
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_with_backoff_then_given_up() {
    for backend in backends() {
        let s = setup(backend).await;
        let deliverer = smtp_to(refusing_port().await);
        let request = s
            .request_with(received_message(&s, "email", "asa@example.se"))
            .await;
        let id = s.only_message(&request).await.id;

        let mut at = T0;
        let waits = [
            time::Duration::minutes(1),
            time::Duration::minutes(5),
            time::Duration::minutes(30),
            time::Duration::hours(2),
            time::Duration::hours(12),
        ];
        for (attempt, wait) in waits.iter().enumerate() {
            let sent = delivery::deliver_due(&s.store, &Clock::starting_at(at), &deliverer, 10)
                .await
                .unwrap();
            assert_eq!(sent, 0);
            let m = s.only_message(&request).await;
            assert_eq!(m.state, "pending");
            assert_eq!(m.attempts, attempt as i64 + 1);
            let error = m.last_error.unwrap();
            assert_eq!(error, "could not connect to the SMTP server");
            // Due again after the wait, not before.
            assert!(m.next_attempt_at >= at + *wait, "attempt {attempt}");
            assert!(
                m.next_attempt_at <= at + *wait + time::Duration::seconds(30),
                "attempt {attempt}"
            );
            let early = s
                .store
                .claim_outbox(
                    m.next_attempt_at - time::Duration::seconds(1),
                    delivery::LEASE,
                    10,
                )
                .await
                .unwrap();
            assert!(early.is_empty(), "claimed before it was due");
            at = m.next_attempt_at;
        }
        let retrying = s.entries_for(&id, "message.retrying").await;
        assert_eq!(retrying.len(), 5);
        assert!(
            retrying
                .iter()
                .all(|p| !p.to_string().contains("asa@example.se"))
        );

        // The sixth failure is final.
        delivery::deliver_due(&s.store, &Clock::starting_at(at), &deliverer, 10)
            .await
            .unwrap();
        let m = s.only_message(&request).await;
        assert_eq!(m.state, "failed");
        assert_eq!(m.attempts, 6);
        let failed = s.entries_for(&id, "message.failed").await;
        assert_eq!(failed.len(), 1);
        assert_eq!(failed[0]["attempts"], 6);
        let later = Clock::starting_at(at + time::Duration::days(2));
        let claimed = s
            .store
            .claim_outbox(later.now(), delivery::LEASE, 10)
            .await
            .unwrap();
        assert!(claimed.is_empty());
        s.finish().await;
    }
}

#[tokio::test]
async fn an_erased_persons_message_fails_at_once_without_personal_data() {
    for backend in backends() {
        let server = SmtpServer::start().await;
        let s = setup(backend).await;
        let ids = s
            .queue(&[received_message(&s, "email", "asa@example.se")])
            .await;
        s.store
            .keyring()
            .destroy(std::slice::from_ref(&s.person.id))
            .await
            .unwrap();

        let deliverer = smtp_to(server.port());
        let sent = delivery::deliver_due(&s.store, &Clock::starting_at(T0), &deliverer, 10)
            .await
            .unwrap();
        assert_eq!(sent, 0);
        let failed = s.entries_for(&ids[0], "message.failed").await;
        assert_eq!(failed.len(), 1, "failed at the first attempt");
        let error = failed[0]["error"].as_str().unwrap();
        assert!(error.contains("cannot be opened"), "{error}");
        assert!(s.entries_for(&ids[0], "message.retrying").await.is_empty());
        assert!(server.received().is_empty());
        s.finish().await;
    }
}

#[tokio::test]
async fn with_no_delivery_configured_messages_stay_pending() {
    for backend in backends() {
        let s = setup(backend).await;
        let request = s
            .request_with(received_message(&s, "email", "asa@example.se"))
            .await;
        let sent = delivery::deliver_due(&s.store, &Clock::starting_at(T0), &Deliverer::none(), 10)
            .await
            .unwrap();
        assert_eq!(sent, 0);
        let m = s.only_message(&request).await;
        assert_eq!((m.state.as_str(), m.attempts), ("pending", 0));

        // The job stops when told to.
        let server = SmtpServer::start().await;
        let (stop, stopped) = watch::channel(false);
        let store: Arc<dyn Store> = Arc::new(s.store.clone());
        let job = tokio::spawn(delivery::run(
            Arc::clone(&store),
            Clock::starting_at(T0),
            Arc::new(smtp_to(server.port())),
            Duration::from_millis(50),
            stopped,
        ));
        server
            .wait_for(|m| m.to == vec!["asa@example.se"], WAIT)
            .await;
        stop.send(true).unwrap();
        tokio::time::timeout(WAIT, job).await.unwrap().unwrap();
        assert_eq!(s.only_message(&request).await.state, "sent");
        s.finish().await;
    }
}
