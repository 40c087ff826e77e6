//! A file sent with a form (`multipart/form-data`): the form's fields, and the file read in
//! chunks as it streams in, refused past a size. The CSRF token must come before the file, so
//! nothing of a forged post is read.

use axum::extract::Multipart;
use axum::extract::multipart::MultipartRejection;
use axum::response::Response;
use std::collections::HashMap;

use super::page::{CsrfExpected, Me, UiError, csrf_matches, csrf_refused};
use crate::error::ApiError;

/// A form with one file.
#[derive(Debug, Default)]
pub(crate) struct Upload {
    /// The other fields, by name (the last value of each).
    pub(crate) fields: HashMap<String, String>,
    /// The file's name (control characters dropped) and bytes, when one was chosen.
    pub(crate) file: Option<(String, Vec<u8>)>,
}

impl Upload {
    /// A field, trimmed, if not empty.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.fields
            .get(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }
}

/// Read a multipart form whose file field is `file_field`, at most `max` bytes of file.
pub(crate) async fn read(
    me: &Me,
    expected: CsrfExpected,
    multipart: Result<Multipart, MultipartRejection>,
    file_field: &str,
    max: usize,
) -> Result<Upload, Response> {
    use axum::response::IntoResponse;
    // A post that is not a multipart form carries no token either: refused like any other.
    let Ok(mut multipart) = multipart else {
        return Err(csrf_refused());
    };
    let failed = || UiError::from_api(ApiError::bad_request(me.t.upload_failed), Some(me));
    let mut upload = Upload::default();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => return Err(failed().into_response()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        if name == file_field {
            if !csrf_matches(&expected.0, upload.fields.get("csrf").map(String::as_str)) {
                return Err(csrf_refused());
            }
            let file_name: String = field
                .file_name()
                .map(|n| n.chars().filter(|c| !c.is_control()).take(200).collect())
                .unwrap_or_default();
            let mut bytes = Vec::new();
            loop {
                match field.chunk().await {
                    Ok(Some(chunk)) => {
                        if bytes.len() + chunk.len() > max {
                            return Err(UiError::from_api(
                                ApiError::new(
                                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                                    "too_large",
                                    me.t.file_too_large,
                                ),
                                Some(me),
                            )
                            .into_response());
                        }
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok(None) => break,
                    Err(_) => return Err(failed().into_response()),
                }
            }
            if !bytes.is_empty() {
                upload.file = Some((file_name, bytes));
            }
        } else {
            let value = field.text().await.map_err(|_| failed().into_response())?;
            upload.fields.insert(name, value);
        }
    }
    if !csrf_matches(&expected.0, upload.fields.get("csrf").map(String::as_str)) {
        return Err(csrf_refused());
    }
    Ok(upload)
}
