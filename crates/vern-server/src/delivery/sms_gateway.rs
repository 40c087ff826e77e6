//! Sending SMS through an HTTP gateway: one generic adapter for the providers that take a JSON
//! POST (LINK Mobility, 46elks, Twilio's JSON proxies, a company's own relay). The body is the
//! configured template with the message's fields put into its strings, so no provider needs
//! code of its own; the credentials go in one configured header.
//!
//! Numbers and texts are personal data: an error names the HTTP status or what failed, never
//! the gateway's answer, which may quote the number.

use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;
use std::fmt;
use vern_store::model::NewMessage;

use super::error::DeliveryError;
use crate::settings::SmsGatewaySettings;

/// The body when the settings give no template.
const DEFAULT_TEMPLATE: &str =
    r#"{"to": "{{to}}", "from": "{{from}}", "text": "{{text}}", "reference": "{{id}}"}"#;

/// How long one request may take by default.
const DEFAULT_TIMEOUT_MS: u64 = 10_000;

/// A configured HTTP SMS gateway.
pub(crate) struct SmsGateway {
    client: reqwest::Client,
    url: reqwest::Url,
    auth: Option<(HeaderName, HeaderValue)>,
    template: Value,
    from: String,
}

impl fmt::Debug for SmsGateway {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the header: it holds the credentials.
        f.debug_struct("SmsGateway")
            .field("url", &self.label())
            .finish_non_exhaustive()
    }
}

impl SmsGateway {
    /// The gateway of the settings; an error names the setting that is wrong.
    pub(crate) fn new(s: &SmsGatewaySettings) -> anyhow::Result<SmsGateway> {
        let url = reqwest::Url::parse(s.url.trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "https" | "http") && u.host().is_some())
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "mail.sms_gateway.url must be an http(s) URL, such as https://sms.example.com/send"
                )
            })?;
        let auth = match (&s.auth_header, &s.auth_value) {
            (_, None) => None,
            (name, Some(value)) => {
                let name = HeaderName::from_bytes(
                    name.as_deref().unwrap_or("Authorization").trim().as_bytes(),
                )
                .map_err(|_| {
                    anyhow::anyhow!("mail.sms_gateway.auth_header is not a header name")
                })?;
                let mut value = HeaderValue::from_str(value.trim()).map_err(|_| {
                    anyhow::anyhow!("mail.sms_gateway.auth_value cannot be sent in a header")
                })?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        let template: Value =
            serde_json::from_str(s.template.as_deref().unwrap_or(DEFAULT_TEMPLATE))
                .map_err(|e| anyhow::anyhow!("mail.sms_gateway.template is not JSON: {e}"))?;
        anyhow::ensure!(
            template.to_string().contains("{{text}}") && template.to_string().contains("{{to}}"),
            "mail.sms_gateway.template must put {{{{to}}}} and {{{{text}}}} somewhere"
        );
        let timeout = s.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS);
        anyhow::ensure!(
            (100..=120_000).contains(&timeout),
            "mail.sms_gateway.timeout_ms must be between 100 and 120000"
        );
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_millis(timeout))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| anyhow::anyhow!("no HTTP client for the SMS gateway: {e}"))?;
        Ok(SmsGateway {
            client,
            url,
            auth,
            template,
            from: s.from.clone().unwrap_or_default(),
        })
    }

    /// Where messages go, for logs: the gateway's host, never its path or query (which may
    /// carry a token).
    pub(crate) fn label(&self) -> String {
        format!(
            "{}://{}",
            self.url.scheme(),
            self.url.host_str().unwrap_or_default()
        )
    }

    /// The body of one message: the template with the fields put into its strings. Values are
    /// put in after the template was parsed, so a text can never change the JSON's shape.
    pub(crate) fn body(&self, id: &str, message: &NewMessage) -> Value {
        let from = message.from.as_deref().unwrap_or(&self.from);
        fill(
            &self.template,
            &[
                ("{{to}}", message.to.trim()),
                ("{{from}}", from),
                ("{{text}}", &message.body),
                ("{{id}}", id),
            ],
        )
    }

    /// Post one message. 2xx is sent; 408, 429 and 5xx, or no answer, are tried again; any
    /// other answer is final.
    pub(crate) async fn send(&self, id: &str, message: &NewMessage) -> Result<(), DeliveryError> {
        let mut request = self
            .client
            .post(self.url.clone())
            .header("Idempotency-Key", id)
            .json(&self.body(id, message));
        if let Some((name, value)) = &self.auth {
            request = request.header(name.clone(), value.clone());
        }
        let response = request.send().await.map_err(|e| {
            DeliveryError::retry(if e.is_timeout() {
                "the SMS gateway did not answer in time"
            } else {
                "could not reach the SMS gateway"
            })
        })?;
        let status = response.status();
        if status.is_success() {
            Ok(())
        } else if status.is_server_error()
            || status == reqwest::StatusCode::TOO_MANY_REQUESTS
            || status == reqwest::StatusCode::REQUEST_TIMEOUT
        {
            Err(DeliveryError::retry(format!(
                "the SMS gateway answered {} for now",
                status.as_u16()
            )))
        } else {
            Err(DeliveryError::permanent(format!(
                "the SMS gateway refused the message ({})",
                status.as_u16()
            )))
        }
    }
}

/// `template` with every placeholder in its strings replaced.
fn fill(template: &Value, values: &[(&str, &str)]) -> Value {
    match template {
        Value::String(s) => {
            let mut out = s.clone();
            for (name, value) in values {
                out = out.replace(name, value);
            }
            Value::String(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| fill(v, values)).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), fill(v, values)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(template: Option<&str>) -> SmsGatewaySettings {
        SmsGatewaySettings {
            url: "https://sms.example.com/send?token=abc".to_owned(),
            auth_header: None,
            auth_value: Some("Bearer hunter2".to_owned()),
            template: template.map(str::to_owned),
            from: Some("Acme".to_owned()),
            timeout_ms: None,
        }
    }

    fn message(body: &str, from: Option<&str>) -> NewMessage {
        NewMessage {
            from: from.map(str::to_owned),
            channel: "sms".to_owned(),
            to: " +46701234567 ".to_owned(),
            subject: String::new(),
            body: body.to_owned(),
            template: "sms_help".to_owned(),
            language: "sv".to_owned(),
        }
    }

    #[test]
    fn the_template_is_filled_without_changing_its_shape() {
        let g = SmsGateway::new(&settings(Some(
            r#"{"destinations": [{"to": "{{to}}"}], "source": "{{from}}", "message": {"text": "{{text}}", "ref": "id-{{id}}"}, "class": 0}"#,
        )))
        .unwrap();
        // A text that looks like JSON stays a string.
        let body = g.body(
            "m1",
            &message("\", \"to\": \"+4600\"} {{to}}", Some("72080")),
        );
        assert_eq!(
            body,
            serde_json::json!({
                "destinations": [{"to": "+46701234567"}],
                "source": "72080",
                "message": {"text": "\", \"to\": \"+4600\"} {{to}}", "ref": "id-m1"},
                "class": 0
            })
        );
        // No sender on the message: the gateway's own.
        let body = g.body("m2", &message("Hej", None));
        assert_eq!(body["source"], "Acme");
    }

    #[test]
    fn the_default_template_and_bad_settings() {
        let g = SmsGateway::new(&settings(None)).unwrap();
        assert_eq!(
            g.body("m1", &message("Hej", None)),
            serde_json::json!({"to": "+46701234567", "from": "Acme", "text": "Hej", "reference": "m1"})
        );
        let e = SmsGateway::new(&settings(Some("{not json"))).unwrap_err();
        assert!(e.to_string().contains("mail.sms_gateway.template"), "{e}");
        let e = SmsGateway::new(&settings(Some(r#"{"to": "{{to}}"}"#))).unwrap_err();
        assert!(e.to_string().contains("{{text}}"), "{e}");
        let mut bad = settings(None);
        bad.url = "ftp://sms.example.com".to_owned();
        assert!(SmsGateway::new(&bad).is_err());
    }

    #[test]
    fn neither_the_credentials_nor_the_token_in_the_url_are_printed() {
        let s = settings(None);
        let printed = format!("{s:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(printed.contains("<secret>"), "{printed}");
        let g = SmsGateway::new(&s).unwrap();
        let printed = format!("{g:?} {}", g.label());
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("token=abc"), "{printed}");
        assert_eq!(g.label(), "https://sms.example.com");
    }
}
