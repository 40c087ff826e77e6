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
    )
)]
pub struct ApiDoc;

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
