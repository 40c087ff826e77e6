//! One-click unsubscribe links and the preference centre over HTTP: the API that issues links
//! (marketers put unsubscribe links on their mail, staff hand a person their preference link),
//! and the public pages a person reaches by them. The pages set no cookie, run no script, and
//! answer with the public pages' security headers.

use askama::Template;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::objection::ObjectionSourceKind;

use crate::auth::Auth;
use crate::auth::roles::{IssueUnsubscribeLinks, WorkPeople};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::Body;
use crate::guard::ClientAddr;
use crate::lang::Lang;
use crate::preferences::{self, Centre, Refused, Texts, Unsubscribed, texts};
use crate::share_link::base_url;
use crate::state::AppState;

/// Public pages take small forms only: a few hundred switches at most.
const PUBLIC_BODY_LIMIT: usize = 16 * 1024;

const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(unsubscribe_links))
        .routes(routes!(preference_link))
}

pub(crate) fn public_router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/u/{token}", get(unsubscribe_page).post(one_click))
        .route("/p/{token}", get(centre_page).post(centre_change))
        .route("/p/{token}/object", post(centre_object))
        .route("/.well-known/gpc.json", get(gpc_support))
        .layer(DefaultBodyLimit::max(PUBLIC_BODY_LIMIT))
}

// ---------------------------------------------------------------------------------------------
// The API
// ---------------------------------------------------------------------------------------------

/// The addresses to make unsubscribe links for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnsubscribeLinksIn {
    /// The controller's key (default: the default controller).
    pub(crate) controller: Option<String>,
    /// The purpose the mail is sent for; it must declare the channel `email`.
    pub(crate) purpose: String,
    /// One address.
    pub(crate) email: Option<String>,
    /// Or a batch of up to 1000 addresses.
    pub(crate) emails: Option<Vec<String>>,
}

/// The header fields a mailing tool puts on the message (RFC 2369, RFC 8058).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct MailHeaders {
    /// `<https://…/u/{token}>`.
    #[serde(rename = "List-Unsubscribe")]
    pub(crate) list_unsubscribe: String,
    /// Always `List-Unsubscribe=One-Click`.
    #[serde(rename = "List-Unsubscribe-Post")]
    pub(crate) list_unsubscribe_post: &'static str,
}

/// An unsubscribe link for one address.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnsubscribeLinkOut {
    /// The address, as given.
    pub(crate) email: String,
    /// The link.
    pub(crate) url: String,
    /// The message's header fields.
    pub(crate) headers: MailHeaders,
}

/// Unsubscribe links, in the order the addresses were given.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct UnsubscribeLinksOut {
    /// One per address.
    pub(crate) links: Vec<UnsubscribeLinkOut>,
}

/// One-click unsubscribe links (RFC 8058) for marketing e-mail: for each address, the
/// `List-Unsubscribe` and `List-Unsubscribe-Post` header fields to put on the message. The
/// links are signed and stateless (nothing is stored); they carry no address in clear.
#[utoipa::path(post, path = "/v1/unsubscribe-links", tag = "objections",
    request_body = UnsubscribeLinksIn,
    security(("api_key" = ["admin", "marketer"])),
    responses((status = 200, body = UnsubscribeLinksOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn unsubscribe_links(
    _: Auth<IssueUnsubscribeLinks>,
    State(state): State<AppState>,
    headers: HeaderMap,
    Body(input): Body<UnsubscribeLinksIn>,
) -> ApiResult<Json<UnsubscribeLinksOut>> {
    let emails = match (input.email, input.emails) {
        (Some(one), None) => vec![one],
        (None, Some(many)) => many,
        _ => {
            return Err(ApiError::invalid_field(
                "emails",
                "give either email or emails",
            ));
        }
    };
    let controller =
        crate::input::controller(&state.follower.index(), input.controller.as_deref())?;
    let base = base_url(&headers)
        .ok_or_else(|| ApiError::bad_request("the request names no host to make the links on"))?;
    let links = preferences::issue(&state, &controller, &input.purpose, &emails, &base)?;
    Ok(Json(UnsubscribeLinksOut {
        links: links
            .into_iter()
            .map(|l| UnsubscribeLinkOut {
                email: l.email,
                headers: MailHeaders {
                    list_unsubscribe: format!("<{}>", l.url),
                    list_unsubscribe_post: preferences::ONE_CLICK,
                },
                url: l.url,
            })
            .collect(),
    }))
}

/// A link to a person's preference centre.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct PreferenceLinkOut {
    /// The page, relative to vern's address: `/p/{token}`.
    pub(crate) url: String,
    /// The page on the address the request came to, when it named a host.
    pub(crate) absolute_url: Option<String>,
    /// When the link stops working.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub(crate) expires_at: OffsetDateTime,
}

/// A signed link to the person's preference centre, valid for 30 days, to send them: there
/// they switch the controller's consent purposes on and off and can object to all marketing.
/// Nothing is stored.
#[utoipa::path(post, path = "/v1/people/{id}/preference-links", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = PreferenceLinkOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn preference_link(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<(StatusCode, Json<PreferenceLinkOut>)> {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(crate::people::not_found)?;
    let (url, expires_at) = preferences::issue_link(&state, &person)?;
    let absolute_url = base_url(&headers).map(|base| format!("{base}{url}"));
    Ok((
        StatusCode::CREATED,
        Json(PreferenceLinkOut {
            url,
            absolute_url,
            expires_at,
        }),
    ))
}

// ---------------------------------------------------------------------------------------------
// The public pages
// ---------------------------------------------------------------------------------------------

/// The day vern's handling of the GPC signal last changed, as the support resource reports it.
const GPC_LAST_UPDATE: &str = "2026-12-07";

/// The GPC support resource: this site honours the signal (docs/preferences.md says how).
async fn gpc_support() -> Response {
    let mut response =
        Json(serde_json::json!({"gpc": true, "lastUpdate": GPC_LAST_UPDATE})).into_response();
    // Anyone may read it, from any origin: it says nothing about anybody.
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// A public page with its security headers.
fn page(status: StatusCode, rendered: Result<String, askama::Error>) -> Response {
    let mut response = match rendered {
        Ok(html) => (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            html,
        )
            .into_response(),
        Err(e) => ApiError::internal(&e).into_response(),
    };
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CACHE_CONTROL, "no-store"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    headers.insert(
        "x-robots-tag",
        HeaderValue::from_static("noindex, nofollow"),
    );
    response
}

#[derive(Template)]
#[template(path = "unsubscribe.html")]
struct UnsubscribePage<'a> {
    lang: &'static str,
    t: &'static Texts,
    title: &'a str,
    /// The text above the button, or of the outcome.
    text: &'a str,
    /// The controller and purpose the text is about.
    about: String,
    /// The form's action, while nothing has been done.
    action: Option<String>,
    preferences: Option<String>,
}

/// A page that says only that something is wrong.
fn notice(status: StatusCode, lang: Lang, text: fn(&Texts) -> &'static str) -> Response {
    let t = texts(lang);
    page(
        status,
        UnsubscribePage {
            lang: lang.code(),
            t,
            title: t.unsubscribe_title,
            text: text(t),
            about: String::new(),
            action: None,
            preferences: None,
        }
        .render(),
    )
}

/// The client's address, when the installation keeps it in evidence.
fn recorded(state: &AppState, client: ClientAddr) -> Option<std::net::IpAddr> {
    state.preferences.record_client_address.then_some(client.0)
}

fn accept_language(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
}

fn browser_lang(headers: &HeaderMap) -> Lang {
    Lang::negotiate(accept_language(headers))
}

/// The language of an unsubscribe page: the person's, else the controller's country's, else the
/// browser's.
fn unsubscribe_lang(
    headers: &HeaderMap,
    person: Option<&vern_store::model::Person>,
    opened: &preferences::Opened,
) -> Lang {
    person
        .and_then(|p| p.profile.language.as_deref())
        .and_then(Lang::from_code)
        .or_else(|| opened.controller.record.country.map(Lang::of_country))
        .unwrap_or_else(|| browser_lang(headers))
}

fn about(opened: &preferences::Opened) -> String {
    match &opened.purpose {
        Some(p) => format!("{} ({})", opened.controller.record.name, p.name),
        None => opened.controller.record.name.clone(),
    }
}

/// The page behind an unsubscribe link: one button that unsubscribes, and a way to the
/// preference centre. A GET changes nothing: mail scanners follow links.
async fn unsubscribe_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Ok(opened) = preferences::open_unsubscribe(&state, &token) else {
        return notice(StatusCode::NOT_FOUND, browser_lang(&headers), |t| {
            t.link_invalid
        });
    };
    let person = match preferences::unsubscriber(&state, &opened).await {
        Ok(p) => p,
        Err(e) => {
            tracing::error!(status = %e.status(), "unsubscribe page: finding the person failed");
            return notice(
                StatusCode::INTERNAL_SERVER_ERROR,
                browser_lang(&headers),
                |t| t.failed,
            );
        }
    };
    let lang = unsubscribe_lang(&headers, person.as_ref(), &opened);
    let t = texts(lang);
    let preferences = person
        .as_ref()
        .and_then(|p| preferences::issue_link(&state, p).ok())
        .map(|(url, _)| url);
    let (text, about) = match preferences::what_a_click_does(&opened, person.as_ref()) {
        Unsubscribed::ConsentWithdrawn => (t.unsubscribe_ask, about(&opened)),
        Unsubscribed::Objected => (
            t.unsubscribe_ask_objection,
            opened.controller.record.name.clone(),
        ),
    };
    page(
        StatusCode::OK,
        UnsubscribePage {
            lang: lang.code(),
            t,
            title: t.unsubscribe_title,
            text,
            about,
            action: Some(format!("/u/{token}")),
            preferences,
        }
        .render(),
    )
}

/// The one-click POST (RFC 8058 §3.2): unsubscribes at once, with no cookie, confirmation or
/// redirect; a second POST records nothing new and answers the same.
async fn one_click(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(opened) = preferences::open_unsubscribe(&state, &token) else {
        return ApiError::not_found("unsubscribe link").into_response();
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    if !preferences::is_one_click(content_type, &body) {
        return ApiError::invalid_field("body", "must be List-Unsubscribe=One-Click")
            .into_response();
    }
    let (outcome, person) =
        match preferences::unsubscribe(&state, &opened, recorded(&state, client)).await {
            Ok(o) => o,
            Err(e) => return e.into_response(),
        };
    // The page a person sees after pressing the button on the GET page; a mail client reads
    // only the status.
    let lang = unsubscribe_lang(&headers, person.as_ref(), &opened);
    let t = texts(lang);
    let preferences = person
        .as_ref()
        .and_then(|p| preferences::issue_link(&state, p).ok())
        .map(|(url, _)| url);
    let (text, about) = match outcome {
        Unsubscribed::ConsentWithdrawn => (t.unsubscribed_consent, about(&opened)),
        Unsubscribed::Objected => (
            t.unsubscribed_objection,
            opened.controller.record.name.clone(),
        ),
    };
    page(
        StatusCode::OK,
        UnsubscribePage {
            lang: lang.code(),
            t,
            title: t.unsubscribe_title,
            text,
            about,
            action: None,
            preferences,
        }
        .render(),
    )
}

#[derive(Template)]
#[template(path = "preferences.html")]
struct CentrePage<'a> {
    lang: &'static str,
    t: &'static Texts,
    controller: &'a str,
    token: &'a str,
    notices: Vec<&'static str>,
    error: Option<&'static str>,
    objected: bool,
    switches: Vec<SwitchRow>,
}

/// One switch as the page shows it, grouped under its purpose.
struct SwitchRow {
    opens_group: bool,
    closes_group: bool,
    field: String,
    name: String,
    description: String,
    channel: &'static str,
    on: bool,
}

fn refused(lang: Lang, why: Refused) -> Response {
    match why {
        Refused::Invalid => notice(StatusCode::NOT_FOUND, lang, |t| t.link_invalid),
        Refused::Expired => notice(StatusCode::GONE, lang, |t| t.link_expired),
        Refused::Gone => notice(StatusCode::GONE, lang, |t| t.link_gone),
        Refused::Failed => notice(StatusCode::INTERNAL_SERVER_ERROR, lang, |t| t.failed),
    }
}

/// Honour `Sec-GPC: 1` from the person the link identifies: their objection to direct
/// marketing, by automated means (Art. 21(5)), with the signal as its source.
async fn honour_gpc(
    state: &AppState,
    centre: &Centre,
    headers: &HeaderMap,
) -> ApiResult<Option<&'static str>> {
    if !preferences::gpc(headers) {
        return Ok(None);
    }
    let lang = centre.lang(accept_language(headers));
    match preferences::object(state, centre, ObjectionSourceKind::Gpc).await? {
        preferences::Objected::Stands => Ok(Some(texts(lang).gpc_honoured)),
        preferences::Objected::NoIdentifier => Ok(Some(texts(lang).no_identifier)),
    }
}

/// Render the centre as it now stands (recording the disclosure first).
async fn show(
    state: &AppState,
    centre: &Centre,
    token: &str,
    headers: &HeaderMap,
    status: StatusCode,
    notices: Vec<&'static str>,
    error: Option<&'static str>,
) -> Response {
    let lang = centre.lang(accept_language(headers));
    let t = texts(lang);
    let view = match preferences::view(state, centre).await {
        Ok(v) => v,
        Err(e) => {
            tracing::error!(status = %e.status(), "preference centre: reading failed");
            return notice(StatusCode::INTERNAL_SERVER_ERROR, lang, |t| t.failed);
        }
    };
    let purposes: Vec<String> = view.switches.iter().map(|s| s.purpose.clone()).collect();
    let switches = view
        .switches
        .into_iter()
        .enumerate()
        .map(|(i, s)| SwitchRow {
            opens_group: i == 0 || purposes[i - 1] != s.purpose,
            closes_group: purposes.get(i + 1) != Some(&s.purpose),
            field: s.field(),
            channel: t.channel(s.channel),
            name: s.name,
            description: s.description,
            on: s.on,
        })
        .collect();
    page(
        status,
        CentrePage {
            lang: lang.code(),
            t,
            controller: &centre.controller.record.name,
            token,
            notices,
            error,
            objected: view.objected,
            switches,
        }
        .render(),
    )
}

/// Open the link behind a request, or the page that says why not.
async fn opened(state: &AppState, token: &str, headers: &HeaderMap) -> Result<Centre, Response> {
    preferences::open_centre(state, token)
        .await
        .map_err(|why| refused(browser_lang(headers), why))
}

/// The preference centre.
async fn centre_page(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let centre = match opened(&state, &token, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let notices = match honour_gpc(&state, &centre, &headers).await {
        Ok(n) => n.into_iter().collect(),
        Err(e) => return e.into_response(),
    };
    show(
        &state,
        &centre,
        &token,
        &headers,
        StatusCode::OK,
        notices,
        None,
    )
    .await
}

/// The switches, as the page's form sends them: `shown=purpose:channel` for every switch on the
/// page and `on=purpose:channel` for each left on.
async fn centre_change(
    State(state): State<AppState>,
    client: ClientAddr,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let centre = match opened(&state, &token, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let mut notices: Vec<&'static str> = match honour_gpc(&state, &centre, &headers).await {
        Ok(n) => n.into_iter().collect(),
        Err(e) => return e.into_response(),
    };
    let mut shown = BTreeSet::new();
    let mut on = BTreeSet::new();
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "shown" => shown.insert(value.into_owned()),
            "on" => on.insert(value.into_owned()),
            _ => false,
        };
    }
    let lang = centre.lang(accept_language(&headers));
    let t = texts(lang);
    match preferences::change(&state, &centre, &shown, &on, lang, recorded(&state, client)).await {
        Ok(true) => notices.push(t.saved),
        Ok(false) => notices.push(t.unchanged),
        Err(e) if e.status().is_client_error() => {
            return show(
                &state,
                &centre,
                &token,
                &headers,
                StatusCode::UNPROCESSABLE_ENTITY,
                notices,
                Some(t.bad_form),
            )
            .await;
        }
        Err(e) => return e.into_response(),
    }
    show(
        &state,
        &centre,
        &token,
        &headers,
        StatusCode::OK,
        notices,
        None,
    )
    .await
}

/// "Stop all marketing": the person's objection to the controller's direct marketing (Art. 21(2)).
async fn centre_object(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let centre = match opened(&state, &token, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let t = texts(centre.lang(accept_language(&headers)));
    match preferences::object(&state, &centre, ObjectionSourceKind::Subject).await {
        Ok(preferences::Objected::Stands) => {
            show(
                &state,
                &centre,
                &token,
                &headers,
                StatusCode::OK,
                vec![t.objection_recorded],
                None,
            )
            .await
        }
        Ok(preferences::Objected::NoIdentifier) => {
            show(
                &state,
                &centre,
                &token,
                &headers,
                StatusCode::CONFLICT,
                Vec::new(),
                Some(t.no_identifier),
            )
            .await
        }
        Err(e) => e.into_response(),
    }
}
