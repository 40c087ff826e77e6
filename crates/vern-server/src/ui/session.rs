//! Signing in and out, and finding the staff member behind a request.
//!
//! The session cookie holds a random 256-bit token; the database knows it only by its keyed
//! hash. A session ends when signed out, after 12 hours without use, or 7 days after it began.
//! Forms carry a CSRF token derived from the session's own secret. The sign-in form, used before
//! any session exists, carries one derived from a short-lived pre-session cookie instead.

use askama::Template;
use axum::extract::{Extension, FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use serde::Deserialize;
use std::marker::PhantomData;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use vern_core::Role;

use super::UiShared;
use super::i18n::{self, Texts};
use super::page::{
    CsrfExpected, Form, Me, UiError, UiResult, Unverified, csrf_matches, csrf_refused,
    render_status, see_other, token_text,
};
use super::password;
use super::policies::AnyStaff;
use crate::auth::roles::Policy;
use crate::guard::ClientAddr;
use crate::lang::Lang;
use crate::share_link::new_token;
use crate::state::AppState;

/// A session ends after this long without a request.
pub(crate) const IDLE: Duration = Duration::hours(12);
/// And this long after it began, whatever happens.
pub(crate) const MAX_AGE: Duration = Duration::days(7);
/// How stale `last_seen_at` may get before a request writes it again.
const TOUCH_EVERY: Duration = Duration::minutes(5);

fn session_cookie(settings: &super::UiSettings) -> &'static str {
    if settings.secure_cookies {
        "__Host-vern_session"
    } else {
        "vern_session"
    }
}

fn login_cookie(settings: &super::UiSettings) -> &'static str {
    if settings.secure_cookies {
        "__Host-vern_login"
    } else {
        "vern_login"
    }
}

/// `name=value` of a cookie, set for the whole site, never readable by scripts, never sent
/// from another site; `max_age` 0 clears it.
fn set_cookie(settings: &super::UiSettings, name: &str, value: &str, max_age: i64) -> HeaderValue {
    let secure = if settings.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The value of cookie `name`, if sent.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| crate::share_link::well_formed(v))
}

fn shared(parts: &Parts) -> Option<Arc<UiShared>> {
    parts.extensions.get::<Arc<UiShared>>().cloned()
}

/// The session's CSRF token, derived from its secret.
fn csrf_bytes(secret: &[u8; 32]) -> [u8; 32] {
    *blake3::keyed_hash(secret, b"vern ui csrf token v1").as_bytes()
}

/// Find the signed-in user, moving the session's idle clock on.
async fn signed_in(parts: &Parts, state: &AppState, ui: &UiShared) -> Result<Option<Me>, UiError> {
    let Some(token) = cookie(&parts.headers, session_cookie(&ui.settings)) else {
        return Ok(None);
    };
    let hash = state.store.keys().token_hash(token);
    let now = state.clock.now();
    let Some((session, user)) = state.store.find_session(&hash, now).await? else {
        return Ok(None);
    };
    if now - session.last_seen_at > TOUCH_EVERY {
        let expires = (now + IDLE).min(session.created_at + MAX_AGE);
        state.store.touch_session(&hash, now, expires).await?;
    }
    let csrf = csrf_bytes(&session.csrf_secret);
    Ok(Some(Me::new(user, token_text(&csrf))))
}

/// A signed-in staff member whose role policy `P` allows. Without a session, a page asks to sign
/// in (a form post is refused); with a role `P` does not allow, the answer is 403, whatever URL
/// was typed.
#[derive(Debug)]
pub(crate) struct Staff<P> {
    pub(crate) me: Me,
    policy: PhantomData<P>,
}

impl<P: Policy> FromRequestParts<AppState> for Staff<P> {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Some(ui) = shared(parts) else {
            return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
        };
        let me = match signed_in(parts, state, &ui).await {
            Ok(Some(me)) => me,
            Ok(None) if parts.method == Method::GET || parts.method == Method::HEAD => {
                let path = parts.uri.path();
                let next = if safe_next(path) { path } else { "/ui/" };
                return Err(see_other(&format!("/ui/login?next={}", encode(next))));
            }
            Ok(None) => return Err(csrf_refused()),
            Err(e) => return Err(e.into_response()),
        };
        if !P::ROLES.contains(&me.role()) || !me.is_staff() {
            return Err(me.forbidden().into_response());
        }
        if let Some(bytes) = decode_token(&me.csrf) {
            parts.extensions.insert(CsrfExpected(bytes));
        }
        Ok(Staff {
            me,
            policy: PhantomData,
        })
    }
}

fn decode_token(text: &str) -> Option<[u8; 32]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    bytes.as_slice().try_into().ok()
}

/// Only our own pages are places to go after signing in.
fn safe_next(path: &str) -> bool {
    path.starts_with("/ui/")
        && !path.starts_with("/ui/login")
        && !path.contains("//")
        && !path.contains('\\')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.'))
}

fn encode(path: &str) -> String {
    path.replace('/', "%2F")
}

/// `/ui/`: each role's first page.
pub(crate) async fn home(Staff { me, .. }: Staff<AnyStaff>) -> Response {
    let to = match me.role() {
        Role::Admin | Role::PrivacyOfficer => "/ui/inbox",
        Role::Seller => "/ui/people",
        Role::Marketer => "/ui/check",
        Role::Auditor | Role::AuthorizedAgent | Role::Gateway => "/ui/ledger",
    };
    see_other(to)
}

#[derive(Template)]
#[template(path = "ui/login.html")]
struct LoginPage<'a> {
    t: &'static Texts,
    csrf: &'a str,
    next: &'a str,
    email: &'a str,
    error: Option<&'static str>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct LoginQuery {
    next: Option<String>,
}

fn login_csrf(state: &AppState, pre: &str) -> [u8; 32] {
    state
        .store
        .keys()
        .token_hash(&format!("ui-login-csrf:{pre}"))
}

fn browser_lang(headers: &HeaderMap) -> Lang {
    Lang::negotiate(
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

fn login_form(
    state: &AppState,
    ui: &UiShared,
    headers: &HeaderMap,
    status: StatusCode,
    next: &str,
    email: &str,
    error: Option<&'static str>,
) -> UiResult {
    let pre = new_token();
    let csrf = token_text(&login_csrf(state, &pre));
    let next = if safe_next(next) { next } else { "/ui/" };
    let t = i18n::texts(browser_lang(headers));
    let mut r = render_status(
        status,
        &LoginPage {
            t,
            csrf: &csrf,
            next,
            email,
            error: error.map(|_| t.sign_in_failed),
        },
    )?;
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&ui.settings, login_cookie(&ui.settings), &pre, 3600),
    );
    Ok(r)
}

/// The sign-in page.
pub(crate) async fn login_page(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiShared>>,
    Query(q): Query<LoginQuery>,
    headers: HeaderMap,
) -> UiResult {
    let next = q.next.unwrap_or_else(|| "/ui/".to_owned());
    login_form(&state, &ui, &headers, StatusCode::OK, &next, "", None)
}

/// Sign in: check the password, start a session, set its cookie.
pub(crate) async fn login(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiShared>>,
    client: ClientAddr,
    headers: HeaderMap,
    Unverified(form): Unverified,
) -> UiResult {
    let now = state.clock.now();
    let pre = cookie(&headers, login_cookie(&ui.settings));
    let csrf_ok =
        pre.is_some_and(|p| csrf_matches(&login_csrf(&state, p), form.get("csrf").as_deref()));
    if !csrf_ok {
        return Ok(csrf_refused());
    }
    let next = form.get("next").unwrap_or_else(|| "/ui/".to_owned());
    let email = form.text("email");
    if state.limits.sign_ins.blocked(client.0, now) {
        let t = i18n::texts(browser_lang(&headers));
        return Err(UiError::bare(
            StatusCode::TOO_MANY_REQUESTS,
            t.too_many_title,
            t.too_many_text,
        ));
    }
    let password = form
        .0
        .iter()
        .find(|(k, _)| k == "password")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let found = state.store.user_credentials(&email).await?;
    let (user, stored) = match found {
        Some((user, hash)) if user.disabled_at.is_none() => (Some(user), Some(hash)),
        _ => (None, None),
    };
    let ok = password::verify(password, stored).await;
    let Some(user) = user.filter(|_| ok) else {
        state.limits.sign_ins.fail(client.0, now);
        tracing::info!("a sign-in to the web UI failed");
        return login_form(
            &state,
            &ui,
            &headers,
            StatusCode::UNAUTHORIZED,
            &next,
            &email,
            Some("failed"),
        );
    };
    if matches!(user.role, Role::AuthorizedAgent | Role::Gateway) {
        return login_form(
            &state,
            &ui,
            &headers,
            StatusCode::FORBIDDEN,
            &next,
            &email,
            Some("agent"),
        );
    }
    let token = new_token();
    let hash = state.store.keys().token_hash(&token);
    let mut secret = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let expires = now + IDLE;
    let seq = state
        .store
        .start_session(now, &user.id, &hash, &secret, expires)
        .await?;
    state.follower.sync_to(seq).await?;
    let to = if safe_next(&next) {
        next.as_str()
    } else {
        "/ui/"
    };
    let mut r = see_other(to);
    let h = r.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(
            &ui.settings,
            session_cookie(&ui.settings),
            &token,
            MAX_AGE.whole_seconds(),
        ),
    );
    h.append(
        header::SET_COOKIE,
        set_cookie(&ui.settings, login_cookie(&ui.settings), "", 0),
    );
    Ok(r)
}

/// Sign out: end the session and clear its cookie.
pub(crate) async fn logout(
    State(state): State<AppState>,
    Extension(ui): Extension<Arc<UiShared>>,
    Staff { me, .. }: Staff<AnyStaff>,
    headers: HeaderMap,
    _form: Form,
) -> UiResult {
    if let Some(token) = cookie(&headers, session_cookie(&ui.settings)) {
        let hash = state.store.keys().token_hash(token);
        let now: OffsetDateTime = state.clock.now();
        match state.store.end_session(&me.actor, now, &hash).await {
            Ok(seq) => state.follower.sync_to(seq).await?,
            Err(vern_store::StoreError::NotFound) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let mut r = see_other("/ui/login");
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(&ui.settings, session_cookie(&ui.settings), "", 0),
    );
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_pages_are_next() {
        assert!(safe_next("/ui/people/0190"));
        assert!(!safe_next("//evil.example/ui/"));
        assert!(!safe_next("/ui//evil.example"));
        assert!(!safe_next("https://evil.example/"));
        assert!(!safe_next("/ui/login"));
        assert!(!safe_next("/ui/x?y=1"));
    }

    #[test]
    fn cookies_are_read_by_name() {
        let token = new_token();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            HeaderValue::from_str(&format!("a=b; vern_session={token}; c=d")).unwrap(),
        );
        assert_eq!(cookie(&h, "vern_session"), Some(token.as_str()));
        assert_eq!(cookie(&h, "__Host-vern_session"), None);
        let strict = set_cookie(
            &crate::ui::UiSettings::default(),
            "__Host-vern_session",
            "x",
            10,
        );
        let s = strict.to_str().unwrap();
        assert!(
            s.contains("HttpOnly")
                && s.contains("SameSite=Strict")
                && s.contains("Secure")
                && s.contains("Path=/")
        );
    }

    #[test]
    fn csrf_tokens_come_from_the_secret() {
        let a = csrf_bytes(&[1; 32]);
        assert_ne!(a, csrf_bytes(&[2; 32]));
        assert!(csrf_matches(&a, Some(&token_text(&a))));
        assert!(!csrf_matches(&a, Some(&token_text(&csrf_bytes(&[2; 32])))));
        assert!(!csrf_matches(&a, None));
        assert!(!csrf_matches(&a, Some("short")));
    }
}
