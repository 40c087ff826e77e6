//! The router's own edge: what every request and answer passes through before a handler and
//! after it. Here, rather than in `error.rs` or `extract.rs`, because under `/ui` the answer is
//! a page: these are the two places that know both the API's error format and the UI's pages,
//! so that neither of those low modules has to import the UI.

use axum::extract::{FromRequestParts as _, RawPathParams, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse as _, Response};

use crate::error::ApiError;
use crate::extract::{NUL_REFUSED, nul_in_pairs};

/// Refuse, before routing to a handler, a path parameter or query value that holds NUL: a 422
/// naming it. Mounted on every route; a URI without `%00` costs one scan.
pub(crate) async fn refuse_nul_in_uri(request: Request, next: axum::middleware::Next) -> Response {
    let uri = request.uri();
    let raw = uri.path_and_query().map_or("", |p| p.as_str());
    if memchr::memmem::find(raw.as_bytes(), b"%00").is_none() {
        return next.run(request).await;
    }
    let page = uri.path().starts_with("/ui/");
    let in_query = uri.query().and_then(|q| nul_in_pairs(q.as_bytes()));
    let (mut parts, body) = request.into_parts();
    let in_path = match RawPathParams::from_request_parts(&mut parts, &()).await {
        Ok(params) => params
            .iter()
            .find(|(_, v)| v.contains('\0'))
            .map(|(k, _)| k.to_owned()),
        Err(_) => None,
    };
    match in_path.or(in_query) {
        Some(field) if page => crate::ui::error_page(ApiError::invalid_field(field, NUL_REFUSED)),
        Some(field) => ApiError::invalid_field(field, NUL_REFUSED).into_response(),
        None => next.run(Request::from_parts(parts, body)).await,
    }
}

/// Every error in one format: an error answer made outside vern's own code (axum's extractor
/// rejections, in plain text, such as a path id that is not valid UTF-8) or without a body
/// becomes `{code, message}` too, or under `/ui` an error page. Their text is not kept: it may
/// quote what was sent. Pages (HTML) and JSON answers pass untouched.
pub(crate) async fn uniform(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let page = request.uri().path().starts_with("/ui/");
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let plain = match response.headers().get(header::CONTENT_TYPE) {
        None => true,
        Some(t) => t.as_bytes().starts_with(b"text/plain"),
    };
    if !plain {
        return response;
    }
    let (code, message) = match status {
        StatusCode::BAD_REQUEST => (
            "bad_request",
            "the request could not be read: check its path, query and headers",
        ),
        StatusCode::NOT_FOUND => ("not_found", "not found"),
        StatusCode::METHOD_NOT_ALLOWED => {
            ("method_not_allowed", "this path does not take this method")
        }
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("too_large", "the body is larger than this endpoint accepts")
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => (
            "unsupported_media_type",
            "this endpoint does not take a body of this content type",
        ),
        StatusCode::UNPROCESSABLE_ENTITY => (
            "invalid",
            "the request does not fit what this endpoint takes",
        ),
        s if s.is_server_error() => ("internal", "an internal error occurred"),
        _ => ("bad_request", "the request was refused"),
    };
    let (mut parts, _) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let error = ApiError::new(status, code, message);
    let error = if page {
        crate::ui::error_page(error)
    } else {
        error.into_response()
    };
    let (fresh, body) = error.into_parts();
    parts.headers.extend(fresh.headers);
    axum::response::Response::from_parts(parts, body)
}
