//! The access report, and share links: the data subject's own page with their data.
//!
//! Staff (`admin`, `privacy_officer`) produce a report as JSON, a zip of CSV files or a
//! printable page, and make share links. A share link is a random token of 32 bytes from the
//! operating system, stored only as its keyed hash and valid for 24 hours. The public pages
//! under `/s/{token}` are outside the API (and its OpenAPI document); each opening and each
//! download is a disclosure in the ledger, and failed lookups are rate limited per client
//! address.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_store::ledger::{LinkDisclosed, ReportGenerated};
use vern_store::model::{Disclosure, Person, ShareLink};
use vern_store::{Actor, StoreError};

use crate::auth::Auth;
use crate::auth::roles::Report;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Params;
use crate::guard::{ClientAddr, GuessLimiter};
use crate::lang::Lang;
use crate::people::not_found;
use crate::report::{self, AccessReport, LinkStatus, Page};
use crate::share_link;
use crate::state::AppState;

pub(crate) use crate::share_link::well_formed;

/// The security headers of every public page and download: nothing cached, no referrer, no
/// scripts, no framing, nothing loaded from elsewhere (the style sheet is inline).
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_report))
        .routes(routes!(get_export))
        .routes(routes!(create_share_link, list_share_links))
        .routes(routes!(revoke_share_link))
}

/// The data subject's pages: not part of the API, not in the OpenAPI document.
pub(crate) fn public_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/s/{token}", get(share_page))
        .route("/s/{token}/data.csv", get(share_csv))
        .route("/s/{token}/data.json", get(share_json))
}

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

/// How to render the report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportQuery {
    /// `json` (default), `csv` (a zip of CSV files, one per section) or `html` (printable).
    pub format: Option<String>,
    /// The language of the HTML page: sv, nb, da, fi or en (default: the person's language,
    /// else English).
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
    Html,
}

impl Format {
    fn as_str(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Html => "html",
        }
    }
}

/// Everything vern holds about a person (GDPR Art. 15; the Art. 20 export is
/// `/v1/people/{id}/export`).
/// Producing it is a disclosure: it is recorded in the ledger as `report.generated`.
#[utoipa::path(get, path = "/v1/people/{id}/report", tag = "register",
    params(("id" = String, Path, description = "The person's id"), ReportQuery),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses(
        (status = 200, description = "The report: JSON (`vern.access-report/1`), a zip of CSV files, or a printable HTML page", content(
            (AccessReport = "application/json"),
            (String = "application/zip"),
            (String = "text/html"),
        )),
        (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn get_report(
    Auth { caller, .. }: Auth<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Params(q): Params<ReportQuery>,
) -> ApiResult<Response> {
    let format = match q.format.as_deref() {
        None | Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some("html") => Format::Html,
        Some(_) => return Err(ApiError::invalid_field("format", "json, csv or html")),
    };
    let lang = q
        .lang
        .as_deref()
        .map(|l| {
            Lang::from_code(l)
                .ok_or_else(|| ApiError::invalid_field("lang", "one of sv, nb, da, fi, en"))
        })
        .transpose()?;
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    let now = state.clock.now();
    let country = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .and_then(|c| c.record.country);
    let lang =
        lang.unwrap_or_else(|| Lang::for_recipient(person.profile.language.as_deref(), country));
    let report = report::gather(&state, person, now).await?;
    // Render first: nothing is disclosed, or recorded, when rendering fails.
    let response = match format {
        Format::Json => Json(&report).into_response(),
        Format::Csv => {
            let body = report::to_zip(&report)?;
            let disposition = format!(
                "attachment; filename=\"vern-access-report-{}.zip\"",
                file_safe(&id)
            );
            (
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/zip"),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition).map_err(|e| ApiError::internal(&e))?,
                    ),
                ],
                body,
            )
                .into_response()
        }
        Format::Html => page_response(
            StatusCode::OK,
            report::to_html(
                &report,
                lang,
                report::zone_of(&state, &report),
                Page::Report,
            )?,
        ),
    };
    state
        .store
        .record_disclosure(
            &caller.actor(),
            now,
            &id,
            Disclosure::Report(ReportGenerated {
                format: format.as_str().to_owned(),
                schema: report::SCHEMA.to_owned(),
                via: None,
            }),
        )
        .await?;
    Ok(response)
}

/// The portability export (GDPR Art. 20, `vern.portability/1`): the data the person provided and
/// the data observed about them, machine-readable, without staff notes, inferences or the audit
/// trail (the access report, Art. 15, has everything). Recorded as `export.downloaded`.
#[utoipa::path(get, path = "/v1/people/{id}/export", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = report::PortabilityExport), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_export(
    Auth { caller, .. }: Auth<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<report::PortabilityExport>> {
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(
        report::portability(&state, &caller.actor(), person).await?,
    ))
}

/// Only letters, digits, `-` and `_` in a file name.
fn file_safe(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .take(64)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Share links (staff)
// ---------------------------------------------------------------------------------------------

/// A new share link. The token is in `url` and shown this once; vern keeps only its hash.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShareLinkCreated {
    /// The link's id (to list or revoke it).
    pub id: String,
    /// The page, relative to vern's address: `/s/{token}`.
    pub url: String,
    /// The page with the host the request came through (`X-Forwarded-Host` or `Host`), when
    /// one was sent; a convenience for pasting into a message, nothing else.
    pub absolute_url: Option<String>,
    /// When it stops working (24 hours).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
}

/// A share link, without its token.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShareLinkOut {
    /// Id.
    pub id: String,
    /// The person.
    pub person: String,
    /// `active`, `expired` or `revoked`.
    pub state: &'static str,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Expires.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Revoked.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub revoked_at: Option<OffsetDateTime>,
    /// How many times the page was opened or the data downloaded through it.
    pub opened: i64,
}

impl ShareLinkOut {
    fn of(link: ShareLink, now: OffsetDateTime) -> ShareLinkOut {
        ShareLinkOut {
            state: link_state(&link, now),
            id: link.id,
            person: link.person_id,
            created_at: link.created_at,
            expires_at: link.expires_at,
            revoked_at: link.revoked_at,
            opened: link.opened,
        }
    }
}

fn link_state(link: &ShareLink, now: OffsetDateTime) -> &'static str {
    if link.revoked_at.is_some() {
        "revoked"
    } else if link.expires_at <= now {
        "expired"
    } else {
        "active"
    }
}

/// A person's share links.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ShareLinksOut {
    /// Newest first.
    pub links: Vec<ShareLinkOut>,
}

/// Make a share link for the person: their own page with their data, for 24 hours.
#[utoipa::path(post, path = "/v1/people/{id}/share-links", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = ShareLinkCreated), (status = 404, body = ErrorBody)))]
pub(crate) async fn create_share_link(
    Auth { caller, .. }: Auth<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<ShareLinkCreated>)> {
    let made = share_link::make(
        &state,
        &caller.actor(),
        &id,
        share_link::base_url(&headers).as_deref(),
    )
    .await
    .map_err(not_found)?;
    Ok((
        StatusCode::CREATED,
        Json(ShareLinkCreated {
            id: made.link.id,
            url: made.url,
            absolute_url: made.absolute_url,
            expires_at: made.link.expires_at,
        }),
    ))
}

/// A person's share links, newest first (never their tokens).
#[utoipa::path(get, path = "/v1/people/{id}/share-links", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = ShareLinksOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn list_share_links(
    _: Auth<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ShareLinksOut>> {
    state.store.get_person(&id).await.map_err(not_found)?;
    let now = state.clock.now();
    let links = state.store.list_share_links(&id).await?;
    Ok(Json(ShareLinksOut {
        links: links
            .into_iter()
            .map(|l| ShareLinkOut::of(l, now))
            .collect(),
    }))
}

/// Revoke a share link: its page shows no data from now on.
#[utoipa::path(delete, path = "/v1/share-links/{id}", tag = "register",
    params(("id" = String, Path, description = "The link's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = ShareLinkOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub(crate) async fn revoke_share_link(
    Auth { caller, .. }: Auth<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ShareLinkOut>> {
    let now = state.clock.now();
    let (link, seq) = state
        .store
        .revoke_share_link(&caller.actor(), now, &id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("share link"),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(Json(ShareLinkOut::of(link, now)))
}

// ---------------------------------------------------------------------------------------------
// The public pages
// ---------------------------------------------------------------------------------------------

/// A response from a public page, with its security headers.
fn secured(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

fn page_response(status: StatusCode, html: String) -> Response {
    secured(
        (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
    )
}

fn status_response(lang: Lang, status: LinkStatus) -> Response {
    let code = match status {
        LinkStatus::NotFound => StatusCode::NOT_FOUND,
        LinkStatus::Gone => StatusCode::GONE,
        LinkStatus::Limited => StatusCode::TOO_MANY_REQUESTS,
        LinkStatus::Error => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut response = page_response(code, report::status_html(lang, status));
    if status == LinkStatus::Limited {
        response.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&crate::guard::SHARE_LINK_WINDOW.whole_seconds().to_string())
                .unwrap_or(HeaderValue::from_static("600")),
        );
    }
    response
}

/// A link that works, with the person it is for.
struct Opened {
    link: ShareLink,
    person: Person,
    lang: Lang,
    now: OffsetDateTime,
}

/// Look the token up, refusing before any lookup when the client has guessed too often.
async fn open(
    state: &AppState,
    limiter: &GuessLimiter,
    client: ClientAddr,
    token: &str,
    headers: &HeaderMap,
) -> Result<Opened, Response> {
    let now = state.clock.now();
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let browser = Lang::negotiate(accept);
    if limiter.blocked(client.0, now) {
        return Err(status_response(browser, LinkStatus::Limited));
    }
    if !well_formed(token) {
        limiter.fail(client.0, now);
        return Err(status_response(browser, LinkStatus::NotFound));
    }
    let hash = state.store.keys().token_hash(token);
    let link = match state.store.find_share_link(&hash).await {
        Ok(Some(link)) => link,
        Ok(None) => {
            limiter.fail(client.0, now);
            return Err(status_response(browser, LinkStatus::NotFound));
        }
        Err(e) => {
            tracing::error!(error = %e, "share link lookup failed");
            return Err(status_response(browser, LinkStatus::Error));
        }
    };
    let person = match state.store.get_person(&link.person_id).await {
        Ok(p) => p,
        // Erased since: the link has nothing left to show.
        Err(StoreError::NotFound) => return Err(status_response(browser, LinkStatus::Gone)),
        Err(e) => {
            tracing::error!(error = %e, "share link: reading the person failed");
            return Err(status_response(browser, LinkStatus::Error));
        }
    };
    let country = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .and_then(|c| c.record.country);
    let lang = Lang::for_page(person.profile.language.as_deref(), country, accept);
    if link.revoked_at.is_some() || link.expires_at <= now {
        return Err(status_response(lang, LinkStatus::Gone));
    }
    Ok(Opened {
        link,
        person,
        lang,
        now,
    })
}

/// Gather the report for an opened link, render it, record the disclosure, and answer; the
/// page or file goes out only once the ledger holds the disclosure.
async fn disclose(
    state: &AppState,
    opened: Opened,
    kind: fn(LinkDisclosed) -> Disclosure,
    format: Option<&'static str>,
    render: impl FnOnce(&AccessReport, &Opened) -> Result<Response, report::RenderError>,
) -> Response {
    let person_id = opened.person.id.clone();
    let report = match report::gather(state, opened.person.clone(), opened.now).await {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(status = %e.status(), "share link: gathering the report failed");
            return status_response(opened.lang, LinkStatus::Error);
        }
    };
    let response = match render(&report, &opened) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!(error = %e, "share link: rendering failed");
            return status_response(opened.lang, LinkStatus::Error);
        }
    };
    let disclosure = kind(LinkDisclosed {
        link: opened.link.id.clone(),
        format: format.map(str::to_owned),
    });
    if let Err(e) = state
        .store
        .record_disclosure(&Actor::Subject, opened.now, &person_id, disclosure)
        .await
    {
        tracing::error!(error = %e, "share link: recording the disclosure failed");
        return status_response(opened.lang, LinkStatus::Error);
    }
    secured(response)
}

fn download(body: Vec<u8>, content_type: &'static str, file_name: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(file_name),
            ),
        ],
        body,
    )
        .into_response()
}

/// The person's page.
async fn share_page(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match open(&state, &state.limits.share_links, client, &token, &headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    disclose(&state, opened, Disclosure::LinkOpened, None, |report, o| {
        let csv_url = format!("/s/{token}/data.csv");
        let json_url = format!("/s/{token}/data.json");
        let html = report::to_html(
            report,
            o.lang,
            report::zone_of(&state, report),
            Page::Share {
                csv_url: &csv_url,
                json_url: &json_url,
                expires_at: o.link.expires_at,
            },
        )?;
        Ok(page_response(StatusCode::OK, html))
    })
    .await
}

/// All the person's data as one CSV file (`section,item,field,value`).
async fn share_csv(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match open(&state, &state.limits.share_links, client, &token, &headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    disclose(
        &state,
        opened,
        Disclosure::Downloaded,
        Some("csv"),
        |report, _| {
            Ok(download(
                report::to_single_csv(report)?,
                "text/csv; charset=utf-8",
                "attachment; filename=\"personal-data.csv\"",
            ))
        },
    )
    .await
}

/// The report as JSON (`vern.access-report/1`).
async fn share_json(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let opened = match open(&state, &state.limits.share_links, client, &token, &headers).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    disclose(
        &state,
        opened,
        Disclosure::Downloaded,
        Some("json"),
        |report, _| {
            Ok(download(
                serde_json::to_vec_pretty(report)?,
                "application/json",
                "attachment; filename=\"personal-data.json\"",
            ))
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;
    use time::macros::datetime;

    #[test]
    fn link_states() {
        let now = datetime!(2026-03-01 12:00 UTC);
        let mut link = ShareLink {
            id: "l".into(),
            person_id: "p".into(),
            created_at: now,
            expires_at: now + Duration::hours(24),
            revoked_at: None,
            opened: 0,
        };
        assert_eq!(link_state(&link, now), "active");
        assert_eq!(link_state(&link, now + Duration::hours(24)), "expired");
        link.revoked_at = Some(now);
        assert_eq!(link_state(&link, now), "revoked");
    }

    #[test]
    fn public_pages_carry_security_headers() {
        let r = status_response(Lang::Da, LinkStatus::Gone);
        assert_eq!(r.status(), StatusCode::GONE);
        assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
        assert_eq!(r.headers()[header::REFERRER_POLICY], "no-referrer");
        let csp = r.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap();
        assert!(csp.contains("default-src 'none'") && !csp.contains("script-src"));
        let r = status_response(Lang::En, LinkStatus::Limited);
        assert_eq!(r.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.headers()[header::RETRY_AFTER], "600");
    }

    #[test]
    fn file_names_are_safe() {
        assert_eq!(file_safe("0190a-b_c\"; x=y"), "0190a-b_cxy");
    }
}
