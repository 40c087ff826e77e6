//! The OpenAPI document, generated from the routes.

use utoipa::Modify;
use utoipa::OpenApi;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};

use crate::error::{ErrorBody, FieldError};

/// The document's fixed parts; paths are added as routes are mounted.
#[derive(OpenApi, Debug)]
#[openapi(
    info(
        title = "vern",
        description = "The privacy-rights engine for businesses that contact people. Every endpoint under /v1 takes `Authorization: Bearer <API key>`; the roles each operation allows are listed in its security requirement.",
        license(name = "AGPL-3.0-or-later")
    ),
    modifiers(&Security),
    components(schemas(ErrorBody, FieldError)),
    tags(
        (name = "operations", description = "Health, readiness, metrics, identity"),
        (name = "register", description = "Controllers, purposes, people, consent, restrictions"),
        (name = "objections", description = "Objections and the global block list"),
        (name = "check", description = "May we contact this person?"),
        (name = "requests", description = "The request inbox: data-subject rights through their lifecycle"),
        (name = "erasure", description = "Erasure, anonymization, the recycle bin, recipients' notices"),
        (name = "accountability", description = "The breach register and its 72-hour clock (GDPR Art. 33, 34); processor agreements (Art. 28) and the record of processing (Art. 30)"),
        (name = "sms", description = "SMS keywords: replies by text from people, receiving numbers, gateways"),
    )
)]
pub(crate) struct ApiDoc;

#[derive(Debug)]
struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                Http::builder()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API key made with `vern keys create`"))
                    .build(),
            ),
        );
    }
}

/// The statuses every operation may answer whatever its handler does, added where the
/// operation does not describe them itself: the refusals made at the edge, before a handler
/// runs (no or a wrong key, a role not allowed, a body or parameter that cannot be read or holds
/// NUL, a body too large or too slow), and the database being unavailable.
///
/// Applied to the whole document once the routes are mounted (`app::routes`).
#[derive(Debug)]
pub(crate) struct EdgeStatuses;

impl Modify for EdgeStatuses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::path::ParameterIn;
        for (path, item) in &mut openapi.paths.paths {
            let always_up = matches!(path.as_str(), "/healthz" | "/metrics");
            for operation in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                let params = operation.parameters.as_deref().unwrap_or_default();
                let in_path = params.iter().any(|p| p.parameter_in == ParameterIn::Path);
                let in_query = params.iter().any(|p| p.parameter_in == ParameterIn::Query);
                let body = operation.request_body.is_some();
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let mut add = |status: &str, why: &str| {
                    operation
                        .responses
                        .responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error_response(why));
                };
                if secured {
                    add("401", "No valid API key");
                    add("403", "The key's role does not allow this");
                }
                if in_path || in_query || body {
                    add("400", "The request could not be read");
                    add(
                        "422",
                        "A field is invalid (such as text holding NUL); nothing was changed",
                    );
                }
                if in_path {
                    add("404", "Not found");
                }
                if body {
                    add("408", "The body did not arrive in time");
                    add("413", "The body is larger than this endpoint accepts");
                }
                if !always_up {
                    add("503", "The database is unavailable; retry");
                }
            }
        }
    }
}

fn error_response(
    description: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::response::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}
