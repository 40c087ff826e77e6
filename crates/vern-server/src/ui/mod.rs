//! The staff web UI at `/ui/`: server-rendered pages (askama templates, auto-escaped), no
//! front-end build, its style sheet and one small script embedded in the binary. Every page
//! works without JavaScript; the script only makes the contact check answer while typing.
//!
//! Staff sign in with an e-mail and a password (argon2id); a session lives in a `HttpOnly`,
//! `SameSite=Strict` cookie (`Secure` and `__Host-` prefixed unless `ui.secure_cookies` is off),
//! every form carries a CSRF token derived from the session's secret, and every response carries
//! a strict content security policy. Pages use the API's role policies: what a role may not do
//! answers 403 whatever URL is typed, and the pages show only what the role may use.

mod admin;
// Issue 20 §3: the recycle bin, mass erasure, retention; registering a request; uploads.
mod bin;
mod breaches;
mod i18n;
mod inbox;
mod intake;
mod lists;
mod page;
pub(crate) mod password;
mod people;
mod processors;
mod session;
mod upload;

// Issue 20 §3: the admin's pages.
mod controllers;
mod statistics;
mod webhooks;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use std::sync::Arc;
use vern_core::Role;

use crate::auth::roles::Policy;
use crate::state::AppState;

pub(crate) use crate::settings::UiSettings;

/// What the UI's handlers share beside the application state.
#[derive(Debug)]
pub(crate) struct UiShared {
    pub(crate) settings: UiSettings,
    /// Washed lists waiting to be downloaded.
    pub(crate) washes: lists::WashFiles,
    /// Import files checked by a dry run, waiting for their real run.
    pub(crate) imports: people::CheckedImports,
}

/// Roles the UI adds to the API's policies, for pages the API has no endpoint for.
pub(crate) mod policies {
    use vern_core::Role::{self, *};

    use crate::auth::roles::Policy;

    /// Every staff role (authorized agents use the API, not the UI).
    #[derive(Debug)]
    pub(crate) struct AnyStaff;
    impl Policy for AnyStaff {
        const ROLES: &'static [Role] = &[Admin, PrivacyOfficer, Seller, Marketer, Auditor];
    }

    /// Who may browse and verify the ledger.
    #[derive(Debug)]
    pub(crate) struct ReadLedger;
    impl Policy for ReadLedger {
        const ROLES: &'static [Role] = &[Admin, PrivacyOfficer, Auditor];
    }

    /// Who may erase a person (Art. 17).
    #[derive(Debug)]
    pub(crate) struct Erase;
    impl Policy for Erase {
        const ROLES: &'static [Role] = &[Admin, PrivacyOfficer];
    }

    /// Who may run the retention rules from the UI (the API has no door for it; they erase
    /// people, so the roles that may erase).
    #[derive(Debug)]
    pub(crate) struct Retention;
    impl Policy for Retention {
        const ROLES: &'static [Role] = &[Admin, PrivacyOfficer];
    }

    /// Who may load a national register's new version (`vern registers import` on the
    /// command line; no API door): those who manage the block list.
    #[derive(Debug)]
    pub(crate) struct ImportRegisters;
    impl Policy for ImportRegisters {
        const ROLES: &'static [Role] = &[Admin, PrivacyOfficer];
    }
}

/// An error as a page, for a refusal made under `/ui` before any page's handler runs (the
/// edge's own checks): pages stay HTML.
pub(crate) fn error_page(e: crate::error::ApiError) -> Response {
    page::UiError::from_api(e, None).into_response()
}

/// Whether `role` is among the roles of policy `P`.
pub(crate) fn allows<P: Policy>(role: Role) -> bool {
    P::ROLES.contains(&role)
}

/// The content security policy of every UI page: our own script and style sheet only, forms
/// post only to us, no framing.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Security headers on everything under `/ui`. A handler may set its own CSP (the printable
/// report needs its inline style sheet); the rest are always these.
async fn secure_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

const CSS: &str = include_str!("../../assets/ui.css");
const JS: &str = include_str!("../../assets/ui.js");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            ),
        ],
        body,
    )
        .into_response()
}

/// Any other address under `/ui`: a 404 page, with the UI's headers.
async fn not_found() -> Response {
    page::UiError::bare(
        axum::http::StatusCode::NOT_FOUND,
        "404",
        "There is no such page.",
    )
    .into_response()
}

/// The UI's routes, mounted at `/ui`.
pub(crate) fn router(settings: UiSettings) -> Router<AppState> {
    let shared = Arc::new(UiShared {
        settings,
        washes: lists::WashFiles::default(),
        imports: people::CheckedImports::default(),
    });
    let pages = Router::new()
        .route("/ui", get(|| async { Redirect::to("/ui/") }))
        .route("/ui/", get(session::home))
        .route("/ui/login", get(session::login_page).post(session::login))
        .route("/ui/logout", post(session::logout))
        .route(
            "/ui/settings",
            get(admin::settings_page).post(admin::save_settings),
        )
        .route("/ui/users", get(admin::users_page).post(admin::create_user))
        .route("/ui/inbox", get(inbox::inbox))
        .route("/ui/requests/{id}", get(inbox::request_page))
        .route("/ui/requests/{id}/{action}", post(inbox::request_action))
        .route("/ui/breaches", get(breaches::board).post(breaches::open))
        .route("/ui/breaches/{id}", get(breaches::page))
        .route("/ui/breaches/{id}/document", get(breaches::document))
        .route("/ui/breaches/{id}/{action}", post(breaches::action))
        .route("/ui/people", get(people::search))
        .route("/ui/people/{id}", get(people::card))
        // The people directory: creating and correcting a person.
        .route("/ui/people/new", get(people::new_page).post(people::create))
        .route(
            "/ui/people/import",
            get(people::import_form)
                .post(people::import_check)
                .layer(DefaultBodyLimit::max(people::MAX_IMPORT_FILE + 64 * 1024)),
        )
        .route("/ui/people/import/run", post(people::import_run))
        .route(
            "/ui/people/{id}/edit",
            get(people::edit_page).post(people::update),
        )
        .route("/ui/people/{id}/consent", post(people::record_consent))
        .route("/ui/people/{id}/objection", post(people::record_objection))
        .route("/ui/people/{id}/restriction", post(people::restriction))
        .route(
            "/ui/people/{id}/art14-exemption",
            post(people::art14_exemption),
        )
        .route("/ui/people/{id}/art14-retry", post(people::art14_retry))
        .route("/ui/people/{id}/share-link", post(people::share_link))
        .route("/ui/people/{id}/report", get(people::report))
        .route("/ui/people/{id}/export", get(people::export))
        .route(
            "/ui/people/{id}/erase",
            get(people::erase_page).post(people::erase),
        )
        .route(
            "/ui/people/{id}/anonymize",
            get(people::anonymize_page).post(people::anonymize),
        )
        .route("/ui/check", get(lists::check))
        .route("/ui/check/result", get(lists::check_fragment))
        .route(
            "/ui/wash",
            get(lists::wash_page)
                .post(lists::wash_upload)
                .layer(DefaultBodyLimit::max(lists::MAX_UPLOAD)),
        )
        .route("/ui/washes/{id}", get(lists::wash_result))
        .route("/ui/washes/{id}/{file}", get(lists::wash_download))
        .route("/ui/registers", get(lists::registers))
        .route(
            "/ui/blocklist",
            get(lists::blocklist).post(lists::blocklist_change),
        )
        .route("/ui/purposes", get(admin::purposes))
        .route("/ui/processors", get(processors::processors_page))
        .route("/ui/ledger", get(admin::ledger))
        .route("/ui/ledger/verify", post(admin::verify_ledger))
        // Issue 20 §3: the staff UI does the whole job.
        .route(
            "/ui/requests/new",
            get(intake::new_request).post(intake::register_request),
        )
        .route("/ui/trash", get(bin::trash))
        .route("/ui/trash/{id}/restore", post(bin::restore))
        .route(
            "/ui/erasures",
            get(bin::erasures)
                .post(bin::erasures_dry_run)
                .layer(DefaultBodyLimit::max(bin::MAX_IDENTIFIER_FILE + 64 * 1024)),
        )
        .route("/ui/erasures/run", post(bin::erasures_run))
        .route(
            "/ui/retention",
            get(bin::retention).post(bin::retention_run),
        )
        .route(
            "/ui/registers/upload",
            post(lists::register_upload)
                .layer(DefaultBodyLimit::max(lists::MAX_REGISTER_FILE + 64 * 1024)),
        )
        .route(
            "/ui/blocklist/import",
            post(lists::blocklist_import)
                .layer(DefaultBodyLimit::max(lists::MAX_BLOCKLIST_FILE + 64 * 1024)),
        )
        // Issue 20 §3: controllers and purposes edited in the UI.
        .route("/ui/controllers", post(controllers::create_controller))
        .route("/ui/controllers/new", get(controllers::new_controller))
        .route(
            "/ui/controllers/{key}",
            get(controllers::edit_controller).post(controllers::update_controller),
        )
        .route("/ui/purposes/new", get(controllers::new_purpose))
        .route(
            "/ui/controllers/{key}/purposes",
            post(controllers::create_purpose),
        )
        .route(
            "/ui/controllers/{key}/purposes/{purpose}",
            get(controllers::edit_purpose).post(controllers::update_purpose),
        )
        .route("/ui/statistics", get(statistics::statistics_page))
        .route(
            "/ui/webhooks",
            get(webhooks::webhooks_page).post(webhooks::create_webhook),
        )
        .route("/ui/webhooks/{id}", get(webhooks::deliveries_page))
        .route("/ui/webhooks/{id}/delete", post(webhooks::delete_webhook))
        .route("/ui/{*rest}", get(not_found).post(not_found))
        .route(
            "/ui/assets/ui.css",
            get(|| async { asset("text/css; charset=utf-8", CSS) }),
        )
        .route(
            "/ui/assets/ui.js",
            get(|| async { asset("text/javascript; charset=utf-8", JS) }),
        );
    pages
        .layer(axum::Extension(shared))
        .layer(middleware::from_fn(secure_headers))
}
