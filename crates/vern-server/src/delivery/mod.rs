//! Delivering the outbox: the messages queued for data subjects (see [`crate::messages`]) are
//! claimed from the store, sent, and their result recorded, each with its ledger entry.
//!
//! E-mail goes out by SMTP ([`SmtpSettings`]) when it is configured, else it is written to the
//! outbox directory as `<id>.eml`. SMS goes out through the HTTP SMS gateway when one is
//! configured ([`sms_gateway`]), else it is written to the outbox directory as
//! `<id>.sms.txt`. With no way to deliver at all, messages stay pending and a warning is logged
//! once.
//!
//! Several servers may run this job at once: a claim leases each message for [`LEASE`], so no
//! two send the same one. A failed attempt is retried after 1 minute, 5 minutes, 30 minutes,
//! 2 hours and 12 hours; the sixth failure is final. Delivery is at least once: a message
//! whose result cannot be recorded (the database went away right after sending) is sent again
//! when its lease runs out.
//!
//! Addresses and texts are personal data: nothing here logs them or puts them in an error.
//! Logs and recorded reasons name message ids, channels and SMTP status codes only.

use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, header};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use time::OffsetDateTime;
use tokio::sync::watch;
use vern_store::model::{NewMessage, OutboxMessage};
use vern_store::{Actor, Store};

use crate::clock::Clock;

mod error;
mod sms_gateway;

pub(crate) use error::DeliveryError;
use sms_gateway::SmsGateway;

/// The loop that delivers due messages lives with the other background jobs; this name stays
/// for the callers that start it by hand.
pub use crate::jobs::delivery::run;
pub(crate) use crate::settings::{MailSettings, SmtpSettings, SmtpTls};

/// How long a claim keeps other servers off a message.
pub const LEASE: time::Duration = time::Duration::minutes(5);

/// The waits after the first, second … fifth failed attempt.
pub(crate) const BACKOFF: [time::Duration; 5] = [
    time::Duration::minutes(1),
    time::Duration::minutes(5),
    time::Duration::minutes(30),
    time::Duration::hours(2),
    time::Duration::hours(12),
];

/// The attempt whose failure is final.
pub(crate) const MAX_ATTEMPTS: i64 = 6;

/// How many messages one round claims.
pub(crate) const BATCH: i64 = 50;

/// How long one SMTP command may take.
const SMTP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// A batch stops this long before its lease runs out, leaving the rest for the next round.
const LEASE_MARGIN: time::Duration = time::Duration::seconds(90);

/// The actor of the ledger entries this job writes.
const ACTOR: Actor = Actor::System("delivery");

struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// host:port (mode), for logs.
    label: String,
}

/// Sends messages the way the settings say.
pub struct Deliverer {
    smtp: Option<Smtp>,
    sms_gateway: Option<SmsGateway>,
    outbox_dir: Option<PathBuf>,
    warned: AtomicBool,
}

impl fmt::Debug for Deliverer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the transport: it holds the credentials.
        f.debug_struct("Deliverer")
            .field("smtp", &self.smtp.as_ref().map(|s| &s.label))
            .field("sms_gateway", &self.sms_gateway)
            .field("outbox_dir", &self.outbox_dir)
            .finish_non_exhaustive()
    }
}

impl Deliverer {
    /// A deliverer for the settings; an error names the setting that is wrong.
    pub fn new(settings: &MailSettings) -> anyhow::Result<Deliverer> {
        let smtp = settings.smtp.as_ref().map(build_smtp).transpose()?;
        let sms_gateway = settings
            .sms_gateway
            .as_ref()
            .map(SmsGateway::new)
            .transpose()?;
        Ok(Deliverer {
            smtp,
            sms_gateway,
            outbox_dir: settings.outbox_dir.clone(),
            warned: AtomicBool::new(false),
        })
    }

    /// A deliverer that delivers nothing: messages stay pending.
    pub fn none() -> Deliverer {
        Deliverer {
            smtp: None,
            sms_gateway: None,
            outbox_dir: None,
            warned: AtomicBool::new(false),
        }
    }

    /// Whether any way of delivering is configured.
    pub fn is_configured(&self) -> bool {
        self.smtp.is_some() || self.sms_gateway.is_some() || self.outbox_dir.is_some()
    }

    /// Where messages go, for the start-up log (no secrets).
    pub fn describe(&self) -> String {
        let dir = self
            .outbox_dir
            .as_ref()
            .map(|d| format!("the outbox directory {}", d.display()));
        let email = match (&self.smtp, &dir) {
            (Some(s), _) => format!("e-mail by SMTP via {}", s.label),
            (None, Some(d)) => format!("e-mail to {d}"),
            (None, None) => "e-mail not delivered".to_owned(),
        };
        let sms = match (&self.sms_gateway, &dir) {
            (Some(g), _) => format!("SMS through the gateway {}", g.label()),
            (None, Some(d)) => format!("SMS to {d}"),
            (None, None) => "SMS not delivered (no gateway)".to_owned(),
        };
        format!("{email}; {sms}")
    }

    /// Send one message. `id` is the outbox id; `now` dates the e-mail.
    pub async fn send(
        &self,
        id: &str,
        message: &NewMessage,
        now: OffsetDateTime,
    ) -> Result<(), DeliveryError> {
        match message.channel.as_str() {
            "email" => self.send_email(id, message, now).await,
            "sms" => match (&self.sms_gateway, &self.outbox_dir) {
                (Some(gateway), _) => gateway.send(id, message).await,
                (None, Some(dir)) => {
                    write_file(dir, &format!("{id}.sms.txt"), &sms_file(message)).await
                }
                (None, None) => Err(DeliveryError::retry("no SMS gateway is configured")),
            },
            _ => Err(DeliveryError::permanent("unsupported channel")),
        }
    }

    async fn send_email(
        &self,
        id: &str,
        message: &NewMessage,
        now: OffsetDateTime,
    ) -> Result<(), DeliveryError> {
        let to: Mailbox =
            message.to.trim().parse().map_err(|_| {
                DeliveryError::permanent("the recipient is not a valid e-mail address")
            })?;
        match (&self.smtp, &self.outbox_dir) {
            (Some(smtp), _) => {
                let email = build_email(id, smtp.from.clone(), to, message, now)?;
                smtp.transport
                    .send(email)
                    .await
                    .map(|_| ())
                    .map_err(|e| DeliveryError::retry(smtp_reason(&e)))
            }
            (None, Some(dir)) => {
                // Not sent by anyone: built like the real thing, without a sender.
                let placeholder = Mailbox::new(
                    None,
                    lettre::Address::new("vern", "localhost").map_err(|_| {
                        DeliveryError::permanent("internal: bad placeholder address")
                    })?,
                );
                let mut email = build_email(id, placeholder, to, message, now)?;
                email.headers_mut().remove::<header::From>();
                write_file(dir, &format!("{id}.eml"), &email.formatted()).await
            }
            (None, None) => Err(DeliveryError::retry("e-mail delivery is not configured")),
        }
    }

    fn warn_unconfigured_once(&self) {
        if !self.warned.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "message delivery is not configured (no [mail] smtp or outbox_dir): queued messages stay pending"
            );
        }
    }
}

fn build_smtp(s: &SmtpSettings) -> anyhow::Result<Smtp> {
    let host = s.host.trim();
    anyhow::ensure!(!host.is_empty(), "mail.smtp.host is empty");
    let from: Mailbox = s.from.trim().parse().map_err(|_| {
        anyhow::anyhow!(
            "mail.smtp.from is not a valid sender: use privacy@example.com or \"Example AB <privacy@example.com>\""
        )
    })?;
    let tls = match s.tls {
        SmtpTls::None => Tls::None,
        SmtpTls::Starttls => Tls::Required(tls_parameters(host)?),
        SmtpTls::Tls => Tls::Wrapper(tls_parameters(host)?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(s.port())
        .tls(tls)
        .timeout(Some(SMTP_TIMEOUT));
    match (&s.username, &s.password) {
        (Some(user), Some(password)) => {
            builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
        }
        (None, None) => {}
        (Some(_), None) => anyhow::bail!("mail.smtp.username is set but mail.smtp.password is not"),
        (None, Some(_)) => anyhow::bail!("mail.smtp.password is set but mail.smtp.username is not"),
    }
    let mode = match s.tls {
        SmtpTls::None => "no TLS",
        SmtpTls::Starttls => "STARTTLS",
        SmtpTls::Tls => "TLS",
    };
    Ok(Smtp {
        transport: builder.build(),
        from,
        label: format!("{host}:{} ({mode})", s.port()),
    })
}

fn tls_parameters(host: &str) -> anyhow::Result<TlsParameters> {
    TlsParameters::new(host.to_owned())
        .map_err(|_| anyhow::anyhow!("mail.smtp.host: cannot set up TLS for this host name"))
}

/// The e-mail: plain UTF-8 text, quoted-printable, dated by vern's clock, with a Message-ID
/// made of the outbox id and marked as sent automatically (RFC 3834).
fn build_email(
    id: &str,
    from: Mailbox,
    to: Mailbox,
    message: &NewMessage,
    now: OffsetDateTime,
) -> Result<Message, DeliveryError> {
    let domain = from.email.domain().to_owned();
    Message::builder()
        .message_id(Some(format!("<{id}@{domain}>")))
        .date(std::time::SystemTime::from(now))
        .from(from)
        .to(to)
        .subject(message.subject.trim())
        .header(ContentType::TEXT_PLAIN)
        .header(ContentTransferEncoding::QuotedPrintable)
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            "auto-generated".to_owned(),
        ))
        .body(message.body.clone())
        .map_err(|_| DeliveryError::permanent("the e-mail could not be built"))
}

fn sms_file(message: &NewMessage) -> Vec<u8> {
    format!(
        "To: {}\nTemplate: {}\nLanguage: {}\n\n{}\n",
        message.to.trim(),
        message.template,
        message.language,
        message.body
    )
    .into_bytes()
}

/// Write `name` in `dir` whole or not at all (a temporary file renamed into place), readable
/// by its owner only: it holds personal data.
async fn write_file(dir: &Path, name: &str, content: &[u8]) -> Result<(), DeliveryError> {
    let io = |what: &str, e: std::io::Error| {
        DeliveryError::retry(format!(
            "cannot {what} in the outbox directory: {}",
            e.kind()
        ))
    };
    tokio::fs::create_dir_all(dir)
        .await
        .map_err(|e| io("create it", e))?;
    let target = dir.join(name);
    let partial = dir.join(format!(".{name}.partial"));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options
        .open(&partial)
        .await
        .map_err(|e| io("create a file", e))?;
    tokio::io::AsyncWriteExt::write_all(&mut file, content)
        .await
        .map_err(|e| io("write a file", e))?;
    file.sync_all().await.map_err(|e| io("write a file", e))?;
    drop(file);
    tokio::fs::rename(&partial, &target)
        .await
        .map_err(|e| io("rename a file", e))
}

/// An SMTP failure without the server's own words: they may quote the address.
fn smtp_reason(e: &lettre::transport::smtp::Error) -> String {
    let code = e
        .status()
        .map(|c| format!(" (SMTP {c})"))
        .unwrap_or_default();
    if e.is_permanent() {
        format!("the SMTP server refused the message permanently{code}")
    } else if e.is_transient() {
        format!("the SMTP server refused the message for now{code}")
    } else if e.is_timeout() {
        "the SMTP server did not answer in time".to_owned()
    } else if e.is_tls() {
        "TLS with the SMTP server failed".to_owned()
    } else if e.is_response() {
        "the SMTP server gave an answer that could not be read".to_owned()
    } else if e.is_client() {
        "the SMTP client could not go on with the server".to_owned()
    } else {
        "could not connect to the SMTP server".to_owned()
    }
}

/// When to try again after the failed attempt number `attempt` (from 1), or `None` when that
/// was the last one.
pub(crate) fn retry_at(attempt: i64, now: OffsetDateTime) -> Option<OffsetDateTime> {
    if attempt >= MAX_ATTEMPTS {
        return None;
    }
    let index = usize::try_from(attempt.max(1) - 1).unwrap_or(0);
    BACKOFF.get(index).map(|wait| now + *wait)
}

/// Claim the due messages (at most `limit`), send each and record the result. Returns how many
/// were sent. With no delivery configured nothing is claimed: messages stay pending.
pub async fn deliver_due(
    store: &dyn Store,
    clock: &Clock,
    deliverer: &Deliverer,
    limit: i64,
) -> anyhow::Result<usize> {
    deliver(store, clock, deliverer, limit, None).await
}

pub(crate) async fn deliver(
    store: &dyn Store,
    clock: &Clock,
    deliverer: &Deliverer,
    limit: i64,
    shutdown: Option<&watch::Receiver<bool>>,
) -> anyhow::Result<usize> {
    if !deliverer.is_configured() {
        deliverer.warn_unconfigured_once();
        return Ok(0);
    }
    let claimed_at = clock.now();
    let claimed = store.claim_outbox(claimed_at, LEASE, limit).await?;
    let mut sent = 0;
    for outbox in claimed {
        if clock.now() >= claimed_at + LEASE - LEASE_MARGIN || shutdown.is_some_and(|s| *s.borrow())
        {
            // The rest come due again when their lease runs out.
            break;
        }
        if record(store, clock, deliverer, &outbox).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Send one claimed message and record the outcome; whether it was sent.
async fn record(
    store: &dyn Store,
    clock: &Clock,
    deliverer: &Deliverer,
    outbox: &OutboxMessage,
) -> anyhow::Result<bool> {
    let id = outbox.id.as_str();
    let result = match &outbox.message {
        Some(message) => deliverer.send(id, message, clock.now()).await,
        None => Err(DeliveryError::permanent(
            "the message cannot be opened: the person's key was destroyed (erased)",
        )),
    };
    let channel = match outbox.message.as_ref().map(|m| m.channel.as_str()) {
        Some("email") => "email",
        Some("sms") => "sms",
        _ => "other",
    };
    let attempt = outbox.attempts + 1;
    let now = clock.now();
    match result {
        Ok(()) => {
            store.finish_outbox(&ACTOR, now, id, Ok(()), None).await?;
            metrics::counter!("vern_messages_total", "channel" => channel, "outcome" => "sent")
                .increment(1);
            tracing::info!(message = %id, channel, attempt, "message sent");
            Ok(true)
        }
        Err(e) => {
            let retry = if e.permanent {
                None
            } else {
                retry_at(attempt, now)
            };
            store
                .finish_outbox(&ACTOR, now, id, Err(e.reason.clone()), retry)
                .await?;
            let outcome = if retry.is_some() {
                "retrying"
            } else {
                "failed"
            };
            metrics::counter!("vern_messages_total", "channel" => channel, "outcome" => outcome)
                .increment(1);
            match retry {
                Some(at) => {
                    tracing::warn!(message = %id, channel, attempt, error = %e, retry_at = %at, "message not delivered; will retry");
                }
                None => {
                    tracing::warn!(message = %id, channel, attempt, error = %e, "message not delivered; giving up");
                }
            }
            Ok(false)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn parse(text: &str) -> Result<MailSettings, toml::de::Error> {
        toml::from_str(text)
    }

    fn message(channel: &str, to: &str) -> NewMessage {
        NewMessage {
            from: None,
            channel: channel.to_owned(),
            to: to.to_owned(),
            subject: "Vi har tagit emot din begäran – Acme AB".to_owned(),
            body: "Hej!\n\nDin kod är 123456.\n.\nVänliga hälsningar\nAcme AB\n".to_owned(),
            template: "verification_code".to_owned(),
            language: "sv".to_owned(),
        }
    }

    fn temp_dir() -> PathBuf {
        std::env::temp_dir().join(format!("vern-delivery-{}", uuid::Uuid::now_v7().simple()))
    }

    #[test]
    fn settings_read_from_toml() {
        let s = parse(
            r#"
            outbox_dir = "/var/spool/vern"
            [smtp]
            host = "smtp.example.com"
            tls = "tls"
            username = "vern"
            password = "hunter2"
            from = "Acme AB <privacy@acme.example>"
            "#,
        )
        .unwrap();
        let smtp = s.smtp.clone().unwrap();
        assert_eq!(smtp.tls, SmtpTls::Tls);
        assert_eq!(smtp.port(), 465);
        assert_eq!(s.outbox_dir, Some(PathBuf::from("/var/spool/vern")));
        assert!(Deliverer::new(&s).is_ok());

        let s = parse("[smtp]\nhost = \"h\"\nfrom = \"a@b.example\"\n").unwrap();
        let smtp = s.smtp.unwrap();
        assert_eq!(smtp.tls, SmtpTls::Starttls);
        assert_eq!(smtp.port(), 587);
        let s =
            parse("[smtp]\nhost = \"h\"\nport = 2525\ntls = \"none\"\nfrom = \"a@b.example\"\n")
                .unwrap();
        assert_eq!(s.smtp.unwrap().port(), 2525);
        assert_eq!(parse("").unwrap(), MailSettings::default());
    }

    #[test]
    fn unknown_or_bad_settings_are_refused() {
        assert!(parse("outbox = \"x\"").is_err());
        assert!(parse("[smtp]\nhost = \"h\"\nfrom = \"a@b.example\"\nsecure = true\n").is_err());
        assert!(parse("[smtp]\nhost = \"h\"\nfrom = \"a@b.example\"\ntls = \"ssl\"\n").is_err());
        assert!(parse("[smtp]\nhost = \"h\"\n").is_err(), "from is required");

        let bad_from = parse("[smtp]\nhost = \"h\"\nfrom = \"not an address\"\n").unwrap();
        let e = Deliverer::new(&bad_from).unwrap_err().to_string();
        assert!(e.contains("mail.smtp.from"), "{e}");
        let half =
            parse("[smtp]\nhost = \"h\"\nfrom = \"a@b.example\"\nusername = \"u\"\n").unwrap();
        let e = Deliverer::new(&half).unwrap_err().to_string();
        assert!(e.contains("mail.smtp.password"), "{e}");
    }

    #[test]
    fn the_password_is_never_printed() {
        let s = parse(
            "[smtp]\nhost = \"h\"\nfrom = \"a@b.example\"\nusername = \"u\"\npassword = \"hunter2\"\n",
        )
        .unwrap();
        let printed = format!("{s:?} {:?}", s.smtp);
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("<secret>"), "{printed}");
        let deliverer = Deliverer::new(&s).unwrap();
        let printed = format!("{deliverer:?} {}", deliverer.describe());
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("h:587 (STARTTLS)"), "{printed}");
    }

    #[test]
    fn retries_back_off_then_give_up() {
        let now = datetime!(2027-01-31 12:00 UTC);
        let waits: Vec<Option<time::Duration>> =
            (1..=7).map(|a| retry_at(a, now).map(|t| t - now)).collect();
        assert_eq!(
            waits,
            vec![
                Some(time::Duration::minutes(1)),
                Some(time::Duration::minutes(5)),
                Some(time::Duration::minutes(30)),
                Some(time::Duration::hours(2)),
                Some(time::Duration::hours(12)),
                None,
                None,
            ]
        );
    }

    #[tokio::test]
    async fn with_an_outbox_directory_messages_become_files() {
        let dir = temp_dir();
        let deliverer = Deliverer::new(&MailSettings {
            sms_gateway: None,
            smtp: None,
            outbox_dir: Some(dir.clone()),
        })
        .unwrap();
        assert!(deliverer.is_configured());
        let now = datetime!(2027-01-31 12:00 UTC);
        deliverer
            .send("m1", &message("email", "anna@example.se"), now)
            .await
            .unwrap();
        deliverer
            .send("m2", &message("sms", "+46701234567"), now)
            .await
            .unwrap();

        let eml = std::fs::read_to_string(dir.join("m1.eml")).unwrap();
        assert!(eml.contains("To: anna@example.se\r\n"), "{eml}");
        assert!(eml.contains("Subject: "), "{eml}");
        assert!(eml.contains("Message-ID: <m1@localhost>\r\n"), "{eml}");
        assert!(
            eml.contains("Date: Sun, 31 Jan 2027 12:00:00 +0000\r\n"),
            "{eml}"
        );
        assert!(
            eml.contains("Content-Transfer-Encoding: quoted-printable\r\n"),
            "{eml}"
        );
        assert!(eml.contains("Auto-Submitted: auto-generated\r\n"), "{eml}");
        assert!(!eml.contains("From:"), "{eml}");
        assert!(eml.contains("\r\n\r\nHej!\r\n"), "{eml}");
        assert!(eml.contains("Din kod =C3=A4r 123456."), "{eml}");

        let sms = std::fs::read_to_string(dir.join("m2.sms.txt")).unwrap();
        assert!(sms.starts_with("To: +46701234567\n"), "{sms}");
        assert!(sms.contains("\n\nHej!\n\nDin kod är 123456.\n"), "{sms}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("m2.sms.txt"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), 2, "no partial files left: {names:?}");

        let e = deliverer
            .send("m3", &message("email", "not an address"), now)
            .await
            .unwrap_err();
        assert!(e.permanent);
        assert!(!e.reason.contains("not an address"), "{e}");
        let e = deliverer
            .send("m4", &message("fax", "x"), now)
            .await
            .unwrap_err();
        assert!(e.permanent);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[tokio::test]
    async fn sms_without_a_gateway_or_directory_waits() {
        let s = parse(
            "[smtp]\nhost = \"127.0.0.1\"\ntls = \"none\"\nport = 9\nfrom = \"a@b.example\"\n",
        )
        .unwrap();
        let deliverer = Deliverer::new(&s).unwrap();
        let e = deliverer
            .send(
                "m1",
                &message("sms", "+46701234567"),
                datetime!(2027-01-31 12:00 UTC),
            )
            .await
            .unwrap_err();
        assert!(!e.permanent);
        assert!(e.reason.contains("SMS"), "{e}");
        assert!(!Deliverer::none().is_configured());
    }
}
