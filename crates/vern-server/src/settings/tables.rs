//! The tables of the settings file that belong to one part of vern: `[erasure]`, `[wash]`,
//! `[ui]` and `[mail]`. They live with the settings, not with the code that reads them, so that
//! the settings and the application state import nothing above them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::PathBuf;

/// Erasure settings (`[erasure]` in the settings file).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ErasureSettings {
    /// Days a person stays in the recycle bin before the purge (default 30).
    #[serde(default = "default_recycle_days")]
    pub recycle_days: u32,
    /// Installation-wide retention rules.
    #[serde(default)]
    pub rules: Vec<RetentionRule>,
}

fn default_recycle_days() -> u32 {
    30
}

impl Default for ErasureSettings {
    fn default() -> Self {
        ErasureSettings {
            recycle_days: default_recycle_days(),
            rules: Vec::new(),
        }
    }
}

/// A retention rule.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum RetentionRule {
    /// People with no consent in force and no activity for this many months are erased
    /// (to the recycle bin).
    Inactive {
        /// Months.
        months: u32,
        /// Tell each person that their data will be erased (default: no message).
        #[serde(default)]
        notify: bool,
    },
    /// Messages to data subjects are deleted this many days after they were queued.
    MessageMetadata {
        /// Days.
        days: u32,
    },
}

/// The `[wash]` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WashSettings {
    /// The largest list `POST /v1/wash` accepts, in bytes (default 4 GiB). A larger body is
    /// answered with 413. The web UI's limit is 64 MiB, as it keeps the files in memory.
    #[serde(default = "default_max_body_bytes")]
    pub max_body_bytes: u64,
}

fn default_max_body_bytes() -> u64 {
    4 << 30
}

impl Default for WashSettings {
    fn default() -> Self {
        WashSettings {
            max_body_bytes: default_max_body_bytes(),
        }
    }
}

/// The `[preferences]` settings: what a person's own changes keep as evidence.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreferenceSettings {
    /// Keep the client's IP address in the evidence of a consent changed on the preference
    /// centre or withdrawn by a one-click unsubscribe (default off: the address is personal
    /// data, and the signed link already shows who acted). Behind a proxy, set
    /// `trusted_proxies` so that the address is the client's.
    #[serde(default)]
    pub record_client_address: bool,
    /// The address people reach vern's public pages at (`https://vern.example.se`). With it,
    /// the messages vern writes outside a request (the Art. 14 notice) carry a link to the
    /// person's preference centre; without it they do not, since a job has no request to take
    /// the host from.
    #[serde(default)]
    pub public_url: Option<String>,
}

impl PreferenceSettings {
    pub(crate) fn validated(self) -> Result<Self, super::SettingsError> {
        if let Some(url) = &self.public_url {
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"))
                .unwrap_or_default();
            if rest.is_empty() || rest.contains(['?', '#', ' ']) {
                return Err(super::SettingsError(
                    "preferences.public_url must be an http(s) address without query, such as https://vern.example.se"
                        .to_owned(),
                ));
            }
        }
        Ok(self)
    }

    /// The preference centre's address for a path from [`crate::preferences::link_path`].
    pub(crate) fn public_link(&self, path: &str) -> Option<String> {
        let base = self.public_url.as_deref()?.trim_end_matches('/');
        Some(format!("{base}{path}"))
    }
}

/// The `[ui]` settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UiSettings {
    /// Mark cookies `Secure` with the `__Host-` prefix (default). Turn off only to use the UI
    /// over plain HTTP on another host than localhost, or in tests.
    #[serde(default = "yes")]
    pub secure_cookies: bool,
}

fn yes() -> bool {
    true
}

impl Default for UiSettings {
    fn default() -> Self {
        UiSettings {
            secure_cookies: true,
        }
    }
}

/// How messages leave vern (the `[mail]` table of the settings file).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MailSettings {
    /// Send e-mail through this SMTP server.
    #[serde(default)]
    pub smtp: Option<SmtpSettings>,
    /// Write messages to this directory instead: e-mail when no SMTP server is configured,
    /// SMS when no SMS gateway is.
    #[serde(default)]
    pub outbox_dir: Option<PathBuf>,
    /// Send SMS through this HTTP gateway.
    #[serde(default)]
    pub sms_gateway: Option<SmsGatewaySettings>,
}

/// An SMS gateway reached over HTTP (`[mail.sms_gateway]`): each message is one POST of a JSON
/// body made from `template`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SmsGatewaySettings {
    /// Where each message is posted (https, or http for a gateway on the same host).
    pub url: String,
    /// The header that carries the credentials (default `Authorization`).
    #[serde(default)]
    pub auth_header: Option<String>,
    /// The header's value (`Bearer …`, `Basic …`). A secret: never printed.
    #[serde(default)]
    pub auth_value: Option<String>,
    /// The JSON body, with `{{to}}`, `{{from}}`, `{{text}}` and `{{id}}` in its strings; by
    /// default `{"to": "{{to}}", "from": "{{from}}", "text": "{{text}}", "reference": "{{id}}"}`.
    #[serde(default)]
    pub template: Option<String>,
    /// The sender of messages that name none (a number, a short code or a name).
    #[serde(default)]
    pub from: Option<String>,
    /// How long one request may take, in milliseconds (default 10000).
    #[serde(default)]
    pub timeout_ms: Option<u64>,
}

impl fmt::Debug for SmsGatewaySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmsGatewaySettings")
            .field("url", &self.url)
            .field("auth_header", &self.auth_header)
            .field("auth_value", &self.auth_value.as_ref().map(|_| "<secret>"))
            .field("template", &self.template)
            .field("from", &self.from)
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// An SMTP server to send e-mail through (`[mail.smtp]`).
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SmtpSettings {
    /// Host name (also the name its TLS certificate must carry).
    pub host: String,
    /// Port; by default 25 without TLS, 587 with STARTTLS, 465 with TLS.
    #[serde(default)]
    pub port: Option<u16>,
    /// `none`, `starttls` (the default) or `tls`.
    #[serde(default)]
    pub tls: SmtpTls,
    /// User name to authenticate with.
    #[serde(default)]
    pub username: Option<String>,
    /// Password to authenticate with. A secret: never printed.
    #[serde(default)]
    pub password: Option<String>,
    /// The sender: `privacy@example.com` or `Example AB <privacy@example.com>`.
    pub from: String,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<secret>"))
            .field("from", &self.from)
            .finish()
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text: only for a relay on the same host or a test server.
    None,
    /// Upgrade with STARTTLS, which is required: the message is not sent otherwise.
    #[default]
    Starttls,
    /// TLS from the first byte (SMTPS).
    Tls,
}

impl SmtpSettings {
    /// The port, or the usual one for the TLS mode.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(match self.tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        })
    }
}
