//! The SMS gateway's test double: a small HTTP server on 127.0.0.1 that answers 503 to the
//! first posts it is told to refuse, then 200, and keeps every body it accepted. A post to a
//! number in `refusing` is answered 400 (refused for good: the gateway will never deliver it).

use serde_json::Value;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::sync::Mutex;
use vern_server::outbox::Deliverer;
use vern_server::{MailSettings, SmsGatewaySettings};

/// A received request: its authorization header and JSON body.
#[derive(Debug, Clone)]
pub struct Posted {
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub body: Value,
}

/// An SMS gateway that answers 503 to the first `failing` posts, then 200, keeping each body it
/// accepted.
pub struct GatewayDouble {
    pub port: u16,
    pub posted: Arc<Mutex<Vec<Posted>>>,
    pub attempts: Arc<AtomicUsize>,
    /// Numbers (as the gateway is sent them) answered 400.
    pub refusing: Arc<Mutex<Vec<String>>>,
}

impl GatewayDouble {
    pub async fn start(failing: usize) -> GatewayDouble {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let posted = Arc::new(Mutex::new(Vec::new()));
        let attempts = Arc::new(AtomicUsize::new(0));
        let refusing = Arc::new(Mutex::new(Vec::<String>::new()));
        let (kept, tried) = (Arc::clone(&posted), Arc::clone(&attempts));
        let refused_numbers = Arc::clone(&refusing);
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let (kept, tried) = (Arc::clone(&kept), Arc::clone(&tried));
                let refused_numbers = Arc::clone(&refused_numbers);
                tokio::spawn(async move {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    let (head, length) = loop {
                        let n = stream.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                            let head = String::from_utf8_lossy(&buf[..end]).to_string();
                            let length = header(&head, "content-length")
                                .and_then(|v| v.parse::<usize>().ok())
                                .unwrap_or(0);
                            buf.drain(..end + 4);
                            break (head, length);
                        }
                    };
                    while buf.len() < length {
                        let n = stream.read(&mut chunk).await.unwrap_or(0);
                        if n == 0 {
                            return;
                        }
                        buf.extend_from_slice(&chunk[..n]);
                    }
                    let attempt = tried.fetch_add(1, Ordering::SeqCst);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    let refused = refused_numbers
                        .lock()
                        .await
                        .iter()
                        .any(|n| text.contains(n.as_str()));
                    let answer = if refused {
                        "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    } else if attempt < failing {
                        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    } else {
                        kept.lock().await.push(Posted {
                            authorization: header(&head, "authorization"),
                            idempotency_key: header(&head, "idempotency-key"),
                            body: serde_json::from_slice(&buf).unwrap_or(Value::Null),
                        });
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 11\r\nconnection: close\r\n\r\n{\"ok\":true}"
                    };
                    let _ = stream.write_all(answer.as_bytes()).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        GatewayDouble {
            port,
            posted,
            attempts,
            refusing,
        }
    }

    pub fn deliverer(&self) -> Deliverer {
        Deliverer::new(&MailSettings {
            smtp: None,
            outbox_dir: None,
            sms_gateway: Some(self.settings()),
        })
        .unwrap()
    }

    /// The settings of a server that sends its SMS here.
    pub fn settings(&self) -> SmsGatewaySettings {
        SmsGatewaySettings {
                url: format!("http://127.0.0.1:{}/messages", self.port),
                auth_header: None,
                auth_value: Some("Bearer gateway-token".to_owned()),
                template: Some(
                    r#"{"destination": "{{to}}", "source": "{{from}}", "userData": "{{text}}", "ref": "{{id}}"}"#
                        .to_owned(),
                ),
                from: Some("Acme".to_owned()),
                timeout_ms: Some(5000),
        }
    }
}

fn header(head: &str, name: &str) -> Option<String> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().to_owned())
    })
}
