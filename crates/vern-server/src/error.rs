//! The one mapping from failures to HTTP responses: `{code, message, details?}` with a stable
//! snake_case code. 5xx bodies are generic; the cause goes to the log.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;
use vern_store::StoreError;

/// An error body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ErrorBody {
    /// A stable machine-readable code.
    pub code: &'static str,
    /// What went wrong, for people. Never contains personal data.
    pub message: String,
    /// Per-field problems, when the request was invalid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<FieldError>,
}

/// One invalid field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The field, as a JSON path (`identifiers.phone`).
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

/// An error a handler returns.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    body: ErrorBody,
    /// The request's body was left unread: the answer says the connection closes.
    closes: bool,
}

impl ApiError {
    pub(crate) fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
    ) -> ApiError {
        ApiError {
            status,
            body: ErrorBody {
                code,
                message: message.into(),
                details: Vec::new(),
            },
            closes: false,
        }
    }

    /// The same error, answered with `Connection: close`: the client's body was not all read,
    /// so the connection cannot carry another request, and the client is told so.
    pub(crate) fn closing(mut self) -> ApiError {
        self.closes = true;
        self
    }

    /// 401: no valid credentials.
    pub(crate) fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid API key is required: send Authorization: Bearer <key>",
        )
    }

    /// 403: the caller's role may not do this.
    pub(crate) fn forbidden() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "your role does not allow this",
        )
    }

    /// 413: the body is over the endpoint's limit; nothing was read into vern.
    pub(crate) fn too_large() -> ApiError {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "the body is larger than this endpoint accepts",
        )
    }

    /// 400: a JSON route was sent another content type.
    pub(crate) fn json_required() -> ApiError {
        ApiError::bad_request("send the body as JSON with Content-Type: application/json")
    }

    /// 408: the client stopped sending its body.
    pub(crate) fn body_timeout() -> ApiError {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "timeout",
            "the rest of the body did not arrive in time",
        )
        .closing()
    }

    /// 503: the server is serving as many connections as it may.
    pub(crate) fn too_many_connections() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "too_many_connections",
            "the server is serving as many connections as it may; try again shortly",
        )
    }

    /// 404.
    pub(crate) fn not_found(what: &str) -> ApiError {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }

    /// 409.
    pub(crate) fn conflict(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "conflict", message)
    }

    /// 400: the request could not be read at all.
    pub(crate) fn bad_request(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// 422: the request was read, but fields are invalid; nothing was changed.
    pub(crate) fn invalid(details: Vec<FieldError>) -> ApiError {
        let message = match details.as_slice() {
            [one] => format!("{}: {}", one.field, one.message),
            _ => "some fields are invalid".to_owned(),
        };
        let mut e = ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", message);
        e.body.details = details;
        e
    }

    /// 422 for one field.
    pub(crate) fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError::invalid(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    /// 503.
    pub(crate) fn unavailable() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "the service is temporarily unavailable",
        )
    }

    /// 500, logging the cause.
    pub(crate) fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "an internal error occurred",
        )
    }

    /// The body, for embedding in a larger answer.
    pub(crate) fn into_body(self) -> ErrorBody {
        self.body
    }

    /// The status.
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found("the record was"),
            StoreError::Conflict(m) => ApiError::conflict(m),
            StoreError::Invalid(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid", m),
            StoreError::Unavailable(m) => {
                tracing::warn!(error = %m, "database unavailable");
                ApiError::unavailable()
            }
            other @ (StoreError::Integrity(_) | StoreError::Other(_)) => ApiError::internal(&other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.body)).into_response();
        if self.closes {
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

/// What handlers return.
pub(crate) type ApiResult<T> = Result<T, ApiError>;

/// The answer to a path no route has.
pub(crate) async fn no_route() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "no such route; the API is described at /openapi.json",
    )
}

/// The answer to a method the path's route does not take.
pub(crate) async fn no_method() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "this path does not take this method; the API is described at /openapi.json",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(
            ApiError::from(StoreError::NotFound).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            ApiError::from(StoreError::Conflict("x".into())).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(
            ApiError::from(StoreError::Unavailable("x".into())).status(),
            StatusCode::SERVICE_UNAVAILABLE
        );
        let internal = ApiError::from(StoreError::Other("secret detail".into()));
        assert_eq!(internal.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert!(!internal.body.message.contains("secret"));
        assert_eq!(ApiError::unauthorized().status(), StatusCode::UNAUTHORIZED);
    }
}
