//! Reading request bodies and queries into our error format, without echoing personal data.

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::response::{IntoResponse as _, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON body. Errors say where the body is wrong but never repeat what was sent.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Body<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let JsonBytes(bytes) = JsonBytes::from_request(req, state).await?;
        refuse_nul_in_json(&bytes)?;
        parse_json(&bytes).map(Body)
    }
}

/// An optional JSON body (a `DELETE` may carry a reason): empty or blank is `T::default()`.
pub(crate) fn optional_json<T: DeserializeOwned + Default>(bytes: &[u8]) -> Result<T, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    refuse_nul_in_json(bytes)?;
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::invalid_field("body", redact(&e.to_string())))
}

/// What a field holding NUL is told. PostgreSQL cannot store NUL in text, and no name, address,
/// reason or id has one: it is refused at the edge, on both backends alike, before anything
/// reaches a store.
pub(crate) const NUL_REFUSED: &str = "must not contain the NUL character (U+0000)";

/// 422 naming the first field of a JSON body whose text (or key) holds NUL.
pub(crate) fn refuse_nul_in_json(bytes: &[u8]) -> Result<(), ApiError> {
    match nul_in_json(bytes) {
        Some(field) => Err(ApiError::invalid_field(field, NUL_REFUSED)),
        None => Ok(()),
    }
}

/// Where a JSON body holds NUL, as a path (`identifiers.phone`, `items[3].reason`; `body` for
/// the body itself). JSON can carry NUL only as the escape `\u0000`, so a body without that
/// text is passed by one scan; only a body with it is parsed to find where.
fn nul_in_json(bytes: &[u8]) -> Option<String> {
    memchr::memmem::find(bytes, br"\u0000")?;
    let value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    nul_in_value(&value, "")
}

fn nul_in_value(value: &serde_json::Value, at: &str) -> Option<String> {
    let here = || {
        if at.is_empty() {
            "body".to_owned()
        } else {
            at.to_owned()
        }
    };
    match value {
        serde_json::Value::String(s) => s.contains('\0').then(here),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| nul_in_value(v, &format!("{at}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(k, v)| {
            if k.contains('\0') {
                // A key with NUL cannot be named by itself: name the object holding it.
                return Some(here());
            }
            let field = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            nul_in_value(v, &field)
        }),
        _ => None,
    }
}

/// The name of the first URL-encoded pair (a query or a form body) whose name or value holds
/// NUL, written `%00` (or, in a body, as the byte itself). A name that holds it is given as
/// `query`.
pub(crate) fn nul_in_pairs(encoded: &[u8]) -> Option<String> {
    if memchr::memmem::find(encoded, b"%00").is_none() && memchr::memchr(0, encoded).is_none() {
        return None;
    }
    form_urlencoded::parse(encoded).find_map(|(k, v)| {
        if k.contains('\0') {
            Some("query".to_owned())
        } else {
            v.contains('\0').then(|| k.into_owned())
        }
    })
}

/// The bytes of a JSON body, for a handler that parses them into values borrowing from them
/// with [`parse_json`] (a check's strings are read without a copy).
#[derive(Debug, Clone, Default)]
pub(crate) struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = ApiError;

    async fn from_request(req: Request, _: &S) -> Result<Self, Self::Rejection> {
        if !json_content_type(req.headers()) {
            return Err(ApiError::json_required());
        }
        read_body(req).await.map(JsonBytes)
    }
}

/// Parse a JSON body. A body that does not fit is a 422 naming where (`items[3].channel: …`), a
/// body that is not JSON a 400; neither repeats what was sent.
pub(crate) fn parse_json<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> Result<T, ApiError> {
    // The fast path: plain serde_json. Only a body that fails is parsed again, tracking the path
    // to the error for the message (which costs a few per cent of a 10 000-item batch when done
    // for every body).
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let error = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => {
            return match deserializer.end() {
                Ok(()) => Ok(value),
                Err(e) => Err(ApiError::bad_request(format!(
                    "the body is not valid JSON: {}",
                    redact(&e.to_string())
                ))),
            };
        }
        Err(e) => e,
    };
    match error.inner().classify() {
        serde_json::error::Category::Data => Err(ApiError::invalid_field(
            "body",
            redact(&format!("the body does not fit: {error}")),
        )),
        _ => Err(ApiError::bad_request(format!(
            "the body is not valid JSON: {}",
            redact(&error.to_string())
        ))),
    }
}

/// The largest JSON body (axum's default limit, which every JSON route used): a batch of
/// 10 000 checks fits in well under half of it.
pub(crate) const JSON_LIMIT: usize = 2 * 1024 * 1024;

/// How much of a body over [`JSON_LIMIT`] is still read, and thrown away, before the 413 is
/// sent. Most HTTP clients write the whole body before they read an answer; if the server
/// stopped reading and closed at the limit, such a client would see a broken pipe or a reset
/// connection instead of the 413. A body declared larger than both together is refused at once.
const DRAIN_LIMIT: usize = 16 * 1024 * 1024;

/// The whole body, up to [`JSON_LIMIT`]. Read here rather than through axum's `Bytes`
/// extractor, which collects every body through a queue of frames: a small body arrives as one
/// frame, returned without a copy.
///
/// A body of a given length is complete with its last byte. It is returned then, without
/// waiting for the connection to report the end: hyper reports it only on its next turn, so
/// waiting would leave a check's answer for a second poll of the connection.
async fn read_body(req: Request) -> Result<Bytes, ApiError> {
    use axum::body::HttpBody;
    use futures_util::StreamExt;
    let declared = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > (JSON_LIMIT + DRAIN_LIMIT) as u64) {
        return Err(ApiError::too_large().closing());
    }
    let unreadable = |e: axum::Error| {
        ApiError::bad_request(format!(
            "the body could not be read: {}",
            redact(&e.to_string())
        ))
    };
    let mut chunks = req.into_body().into_data_stream();
    let Some(first) = chunks.next().await.transpose().map_err(unreadable)? else {
        return Ok(Bytes::new());
    };
    if first.len() <= JSON_LIMIT && chunks.is_end_stream() {
        return Ok(first);
    }
    // The declared length, when there is one, saves growing the buffer chunk by chunk.
    let expected = declared.and_then(|n| usize::try_from(n).ok());
    let mut all = Vec::with_capacity(expected.unwrap_or(first.len()).min(JSON_LIMIT));
    let mut chunk = first;
    loop {
        if all.len() + chunk.len() > JSON_LIMIT {
            return Err(if drain(&mut chunks, all.len() + chunk.len()).await {
                ApiError::too_large()
            } else {
                ApiError::too_large().closing()
            });
        }
        all.extend_from_slice(&chunk);
        if chunks.is_end_stream() {
            break;
        }
        chunk = match chunks.next().await.transpose().map_err(unreadable)? {
            Some(chunk) => chunk,
            None => break,
        };
    }
    Ok(Bytes::from(all))
}

/// Read and throw away the rest of a body over the limit, `read` bytes in, up to
/// [`DRAIN_LIMIT`] more, so that its client has sent it all when the 413 arrives; whether the
/// body ended within them.
async fn drain(chunks: &mut axum::body::BodyDataStream, mut read: usize) -> bool {
    use axum::body::HttpBody;
    use futures_util::StreamExt;
    while read <= JSON_LIMIT + DRAIN_LIMIT && !chunks.is_end_stream() {
        match chunks.next().await {
            Some(Ok(more)) => read += more.len(),
            Some(Err(_)) => return false,
            None => return true,
        }
    }
    chunks.is_end_stream()
}

/// `application/json` or any `application/…+json`, parameters aside.
pub(crate) fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(axum::http::header::CONTENT_TYPE) else {
        return false;
    };
    // What nearly every client sends, compared without splitting anything.
    if value.as_bytes().eq_ignore_ascii_case(b"application/json") {
        return true;
    }
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    kind.eq_ignore_ascii_case("application")
        && (subtype.eq_ignore_ascii_case("json")
            || subtype.len() > 5
                && subtype
                    .get(subtype.len() - 5..)
                    .is_some_and(|s| s.eq_ignore_ascii_case("+json")))
}

/// A URL-encoded form body (the public pages' forms): a field holding NUL is a 422 naming it,
/// a body that does not fit a 422 that does not repeat it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct UrlForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for UrlForm<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::extract::RawForm(bytes) = axum::extract::RawForm::from_request(req, state)
            .await
            .map_err(axum::response::IntoResponse::into_response)?;
        if let Some(field) = nul_in_pairs(&bytes) {
            return Err(ApiError::invalid_field(field, NUL_REFUSED).into_response());
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(UrlForm)
            .map_err(|e| ApiError::invalid_field("body", redact(&e.to_string())).into_response())
    }
}

/// Query parameters, with the same care.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Params<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(v)) => Ok(Params(v)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(ApiError::invalid_field("query", redact(&e.body_text())))
            }
            Err(e) => Err(ApiError::bad_request(redact(&e.body_text()))),
        }
    }
}

/// Serde's messages quote the offending value; a phone number or an address could be one. Keep
/// the message, drop quoted text and long runs of digits.
pub(crate) fn redact(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_quote: Option<char> = None;
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        if digits.len() >= 4 {
            out.push('…');
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in message.chars() {
        if let Some(q) = in_quote {
            if c == q {
                in_quote = None;
                out.push('…');
                out.push(q);
            }
            continue;
        }
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        flush(&mut digits, &mut out);
        if c == '"' || c == '`' {
            // Backticks quote enum variants and field names in serde's messages: keep those.
            if c == '"' {
                in_quote = Some(c);
            }
            out.push(c);
            continue;
        }
        out.push(c);
    }
    flush(&mut digits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn recognises_json_content_types() {
        let with = |v: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(
                axum::http::header::CONTENT_TYPE,
                axum::http::HeaderValue::from_str(v).unwrap(),
            );
            super::json_content_type(&h)
        };
        assert!(with("application/json"));
        assert!(with("Application/JSON; charset=utf-8"));
        assert!(with("application/problem+json"));
        assert!(!with("text/json"));
        assert!(!with("application/+json"));
        assert!(!with("application/jsonx"));
        assert!(!with("text/plain"));
        assert!(!super::json_content_type(&axum::http::HeaderMap::new()));
    }

    #[test]
    fn redacts_values() {
        let m = super::redact(
            "invalid type: string \"anna@example.se\", expected u64 at line 1 column 12",
        );
        assert!(!m.contains("anna"), "{m}");
        let m = super::redact(
            "invalid type: integer `46701234567`, expected a string at line 1 column 20",
        );
        assert!(!m.contains("46701234567"), "{m}");
        assert!(m.contains("line 1 column 20"), "{m}");
        let m = super::redact("unknown variant `fax`, expected one of `phone`, `sms`");
        assert!(m.contains("`fax`"));
    }
}
