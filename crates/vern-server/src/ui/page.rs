//! What every page shares: the signed-in staff member, the layout around each page (navigation
//! for the role, the CSRF token, notices), errors as pages, and form bodies.

use askama::Template;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use time::OffsetDateTime;
use vern_core::Role;
use vern_core::zone::Zone;
use vern_store::Actor;
use vern_store::user::User;

use super::i18n::Texts;
use super::policies::{AnyStaff, ReadLedger};
use super::{allows, i18n};
use crate::auth::roles;
use crate::error::ApiError;
use crate::lang::Lang;

/// The signed-in staff member.
#[derive(Debug, Clone)]
pub(crate) struct Me {
    /// The user.
    pub(crate) user: User,
    /// For the ledger.
    pub(crate) actor: Actor,
    /// The user's language.
    pub(crate) lang: Lang,
    /// Texts in it.
    pub(crate) t: &'static Texts,
    /// The user's time zone.
    pub(crate) zone: Zone,
    /// The session's CSRF token, for forms.
    pub(crate) csrf: String,
}

impl Me {
    /// Build from a user, with the session's CSRF token.
    pub(crate) fn new(user: User, csrf: String) -> Me {
        let lang = Lang::from_code(&user.language).unwrap_or(Lang::En);
        Me {
            actor: Actor::User(user.id.clone()),
            t: i18n::texts(lang),
            zone: Zone::from_name(&user.time_zone).unwrap_or(Zone::Utc),
            lang,
            csrf,
            user,
        }
    }

    /// The role.
    pub(crate) fn role(&self) -> Role {
        self.user.role
    }

    /// Whether the role is in policy `P`.
    pub(crate) fn may<P: roles::Policy>(&self) -> bool {
        allows::<P>(self.user.role)
    }

    /// A time as the user reads it: `2026-11-02 14:05` in their zone.
    pub(crate) fn when(&self, at: OffsetDateTime) -> String {
        let l = self.zone.local(at);
        format!(
            "{:04}-{:02}-{:02} {:02}:{:02}",
            l.year(),
            u8::from(l.month()),
            l.day(),
            l.hour(),
            l.minute()
        )
    }

    /// A date as the user reads it: `2026-11-02`.
    pub(crate) fn day(&self, at: OffsetDateTime) -> String {
        let l = self.zone.local(at);
        format!("{:04}-{:02}-{:02}", l.year(), u8::from(l.month()), l.day())
    }

    /// An optional time.
    pub(crate) fn when_opt(&self, at: Option<OffsetDateTime>) -> String {
        at.map(|t| self.when(t)).unwrap_or_default()
    }

    /// The layout of a page, with `active` marked in the navigation.
    pub(crate) fn layout(&self, active: &'static str) -> Layout {
        let role = self.user.role;
        Layout {
            t: self.t,
            email: self.user.email.clone(),
            role: self.t.role_name(role),
            csrf: self.csrf.clone(),
            active,
            zone: self.zone.name(),
            nav: Nav {
                inbox: allows::<roles::Inbox>(role),
                people: allows::<roles::WorkPeople>(role),
                check: allows::<roles::Check>(role),
                wash: allows::<roles::Wash>(role),
                registers: allows::<roles::ReadWashes>(role),
                blocklist: allows::<roles::ReadBlocklist>(role),
                purposes: allows::<roles::ReadConfig>(role),
                processors: allows::<roles::ReadProcessors>(role),
                ledger: allows::<ReadLedger>(role),
                breaches: allows::<roles::ReadBreaches>(role),
                users: allows::<roles::AdminOnly>(role),
                trash: allows::<roles::ManagePeople>(role),
                // Issue 20 §3.
                statistics: allows::<roles::ReadStatistics>(role),
                webhooks: allows::<roles::AdminOnly>(role),
            },
            notice: None,
            error: None,
        }
    }

    /// An error page in the user's language.
    pub(crate) fn fail(&self, e: ApiError) -> UiError {
        UiError::from_api(e, Some(self))
    }

    /// The 403 page.
    pub(crate) fn forbidden(&self) -> UiError {
        UiError {
            status: StatusCode::FORBIDDEN,
            title: self.t.forbidden_title,
            message: self.t.forbidden_text.to_owned(),
            layout: Some(Box::new(self.layout(""))),
        }
    }

    /// Any staff role at all.
    pub(crate) fn is_staff(&self) -> bool {
        self.may::<AnyStaff>()
    }
}

/// The navigation: a link for each page the role may open.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Nav {
    pub(crate) inbox: bool,
    pub(crate) people: bool,
    pub(crate) check: bool,
    pub(crate) wash: bool,
    pub(crate) registers: bool,
    pub(crate) blocklist: bool,
    pub(crate) purposes: bool,
    pub(crate) processors: bool,
    pub(crate) ledger: bool,
    pub(crate) breaches: bool,
    pub(crate) users: bool,
    /// The recycle bin, mass erasure and retention (issue 20 §3).
    pub(crate) trash: bool,
    // Issue 20 §3.
    pub(crate) statistics: bool,
    pub(crate) webhooks: bool,
}

/// The frame of every page.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) t: &'static Texts,
    pub(crate) email: String,
    pub(crate) role: &'static str,
    pub(crate) csrf: String,
    pub(crate) active: &'static str,
    pub(crate) zone: &'static str,
    pub(crate) nav: Nav,
    /// A success message.
    pub(crate) notice: Option<String>,
    /// A failure message.
    pub(crate) error: Option<String>,
}

impl Layout {
    /// With the notice a `?done=` parameter names.
    pub(crate) fn done(mut self, done: Option<&str>) -> Layout {
        self.notice = done.and_then(|d| self.t.done(d)).map(str::to_owned);
        self
    }

    /// With an error message.
    pub(crate) fn with_error(mut self, error: Option<String>) -> Layout {
        self.error = error;
        self
    }
}

/// Render a template into a page.
pub(crate) fn render(template: &impl Template) -> Result<Response, UiError> {
    template
        .render()
        .map(|html| Html(html).into_response())
        .map_err(|e| UiError::from_api(ApiError::internal(&e), None))
}

/// Render with a status.
pub(crate) fn render_status(
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, UiError> {
    let mut r = render(template)?;
    *r.status_mut() = status;
    Ok(r)
}

/// After a change: back to a page, with a notice (Post/Redirect/Get).
pub(crate) fn see_other(location: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// A failure, shown as a page.
#[derive(Debug)]
pub(crate) struct UiError {
    pub(crate) status: StatusCode,
    pub(crate) title: &'static str,
    pub(crate) message: String,
    pub(crate) layout: Option<Box<Layout>>,
}

#[derive(Template)]
#[template(path = "ui/error.html")]
struct ErrorPage<'a> {
    l: &'a Layout,
    title: &'a str,
    message: &'a str,
}

#[derive(Template)]
#[template(path = "ui/bare_error.html")]
struct BareErrorPage<'a> {
    title: &'a str,
    message: &'a str,
}

impl UiError {
    /// From an API error: its status, and its message (which never holds personal data).
    pub(crate) fn from_api(e: ApiError, me: Option<&Me>) -> UiError {
        let status = e.status();
        let body = e.into_body();
        let t = me.map_or(i18n::texts(Lang::En), |m| m.t);
        let (title, message) = match status {
            StatusCode::NOT_FOUND => (t.not_found_title, t.not_found_text.to_owned()),
            StatusCode::FORBIDDEN => (t.forbidden_title, t.forbidden_text.to_owned()),
            s if s.is_server_error() => (t.error_title, t.error_text.to_owned()),
            _ => (t.refused_title, body.message),
        };
        UiError {
            status,
            title,
            message,
            layout: me.map(|m| Box::new(m.layout(""))),
        }
    }

    /// A bare page, before anyone is signed in.
    pub(crate) fn bare(status: StatusCode, title: &'static str, message: &str) -> UiError {
        UiError {
            status,
            title,
            message: message.to_owned(),
            layout: None,
        }
    }
}

impl From<ApiError> for UiError {
    fn from(e: ApiError) -> Self {
        UiError::from_api(e, None)
    }
}

impl From<vern_store::StoreError> for UiError {
    fn from(e: vern_store::StoreError) -> Self {
        UiError::from_api(e.into(), None)
    }
}

impl IntoResponse for UiError {
    fn into_response(self) -> Response {
        let html = match &self.layout {
            Some(l) => ErrorPage {
                l,
                title: self.title,
                message: &self.message,
            }
            .render(),
            None => BareErrorPage {
                title: self.title,
                message: &self.message,
            }
            .render(),
        };
        let mut r = Html(html.unwrap_or_else(|_| self.title.to_owned())).into_response();
        *r.status_mut() = self.status;
        r
    }
}

/// What handlers return.
pub(crate) type UiResult = Result<Response, UiError>;

/// The CSRF token the session expects, put in the request by the session extractor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CsrfExpected(pub(crate) [u8; 32]);

/// Whether `submitted` (base64url) is the token `expected` holds, compared in constant time.
pub(crate) fn csrf_matches(expected: &[u8; 32], submitted: Option<&str>) -> bool {
    use base64::Engine;
    let Some(bytes) = submitted.and_then(|s| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(s.trim())
            .ok()
    }) else {
        return false;
    };
    let Ok(bytes) = <[u8; 32]>::try_from(bytes.as_slice()) else {
        return false;
    };
    // blake3's Hash compares in constant time.
    blake3::Hash::from(bytes) == blake3::Hash::from(*expected)
}

/// The token form of a CSRF value.
pub(crate) fn token_text(bytes: &[u8; 32]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A URL-encoded form body whose CSRF token matched the session's. Fields may repeat
/// (check boxes).
#[derive(Debug, Clone, Default)]
pub(crate) struct Form(pub(crate) Vec<(String, String)>);

impl Form {
    /// The first value of `name`, trimmed, if not empty.
    pub(crate) fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    /// Every value of `name`.
    pub(crate) fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// The value of `name`, or empty.
    pub(crate) fn text(&self, name: &str) -> String {
        self.get(name).unwrap_or_default()
    }
}

/// The refusal of a form without a valid token.
pub(crate) fn csrf_refused() -> Response {
    UiError::bare(
        StatusCode::FORBIDDEN,
        "403",
        "The form's security token is missing or wrong: reload the page and try again.",
    )
    .into_response()
}

impl<S: Send + Sync> FromRequest<S> for Form {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = req.extensions().get::<CsrfExpected>().copied();
        let Some(expected) = expected else {
            return Err(csrf_refused());
        };
        let Unverified(form) = Unverified::from_request(req, state).await?;
        if csrf_matches(&expected.0, form.get("csrf").as_deref()) {
            Ok(form)
        } else {
            Err(csrf_refused())
        }
    }
}

/// A form body whose CSRF token the handler checks itself (the sign-in form, before any
/// session). A body that cannot be read as a form carries no token either, so it is refused
/// like every other form without one (403); a field holding NUL is refused with 422 naming it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Unverified(pub(crate) Form);

impl<S: Send + Sync> FromRequest<S> for Unverified {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_form = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|v| {
                v.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            });
        if !is_form {
            return Err(csrf_refused());
        }
        let Ok(bytes) = axum::body::Bytes::from_request(req, state).await else {
            return Err(csrf_refused());
        };
        if let Some(field) = crate::extract::nul_in_pairs(&bytes) {
            return Err(UiError::bare(
                StatusCode::UNPROCESSABLE_ENTITY,
                "422",
                &format!("{field}: {}", crate::extract::NUL_REFUSED),
            )
            .into_response());
        }
        let pairs = form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        Ok(Unverified(Form(pairs)))
    }
}
