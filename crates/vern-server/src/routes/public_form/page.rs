//! Rendering the form's page: the choices it offers, its languages, the national id label, and
//! where the sender is (the empty form, a code sent, verified, marketing stopped or resumed).

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use vern_core::Country;
use vern_core::request::RequestKind;

use super::texts::{Texts, texts};
use crate::index::ControllerView;
use crate::lang::Lang;

/// The form's own choices beside the request kinds: stop all direct marketing, at once; and
/// hear from the controller again, which withdraws the objection.
pub(super) const STOP_MARKETING: &str = "stop_marketing";
pub(super) const RESUME_MARKETING: &str = "resume_marketing";

/// Where the sender is in the form.
pub(super) enum Shown {
    /// The empty form.
    Form,
    /// A code was sent for request `id`; `marketing` for the stop-marketing choice.
    Code { id: String, marketing: bool },
    /// The identity is confirmed; the answer is due on this date.
    Verified {
        due: String,
        /// What the page says about the browser's GPC signal, when it was honoured.
        gpc: Option<&'static str>,
        /// The person's preference centre, with the words of its link.
        preferences: Option<(String, &'static str)>,
    },
    /// The objection to direct marketing is recorded.
    Stopped {
        /// The person's preference centre, with the words of its link.
        preferences: Option<(String, &'static str)>,
    },
    /// The objection to direct marketing is withdrawn.
    Resumed,
    /// There was no objection to withdraw.
    NothingToResume,
}

#[derive(Template)]
#[template(path = "request_form.html")]
pub(super) struct FormPage<'a> {
    lang: &'static str,
    t: &'static Texts,
    controller: &'a str,
    /// Where the form posts: `/request`, or `/request/{key}` for a controller's own.
    action: &'a str,
    /// The national id field's label, where the controller's country uses one.
    national_id: Option<String>,
    /// The form in each language.
    languages: Vec<LanguageLink>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<&'static str>,
    shown: Shown,
}

/// A link to the form in another language.
pub(super) struct LanguageLink {
    code: &'static str,
    name: &'static str,
    link: String,
    current: bool,
}

/// The controller a form is for, as the page shows it.
pub(super) struct FormFor {
    name: String,
    /// `/request` or `/request/{key}`.
    action: String,
    country: Option<Country>,
}

impl FormFor {
    pub(super) fn of(view: &ControllerView, own: bool) -> FormFor {
        FormFor {
            name: view.record.name.clone(),
            action: if own {
                format!("/request/{}", view.record.key)
            } else {
                "/request".to_owned()
            },
            country: view.record.country,
        }
    }
}

/// What the country calls its personal identity number.
pub(super) fn national_id_term(country: Country) -> &'static str {
    match country {
        Country::Se => "personnummer",
        Country::No => "fødselsnummer",
        Country::Dk => "CPR-nummer",
        Country::Fi => "henkilötunnus",
    }
}

/// The national id field's label: the country's own word in its language, else the
/// language's words with the country's beside them.
pub(super) fn national_id_label(lang: Lang, country: Country) -> String {
    if Lang::of_country(country) == lang {
        texts(lang).national_id.to_owned()
    } else {
        format!(
            "{} ({})",
            texts(lang).national_id,
            national_id_term(country)
        )
    }
}

pub(super) fn page(
    lang: Lang,
    form: &FormFor,
    status: StatusCode,
    error: Option<&'static str>,
    shown: Shown,
) -> Response {
    let t = texts(lang);
    let kinds = [
        (STOP_MARKETING, t.stop_marketing),
        (RESUME_MARKETING, t.resume_marketing),
    ]
    .into_iter()
    .chain(
        RequestKind::ALL
            .iter()
            .zip(t.kinds)
            .map(|(k, label)| (k.as_str(), label)),
    )
    .collect();
    let body = FormPage {
        lang: lang.code(),
        t,
        controller: &form.name,
        action: &form.action,
        national_id: form.country.map(|c| national_id_label(lang, c)),
        languages: Lang::ALL
            .into_iter()
            .map(|l| LanguageLink {
                code: l.code(),
                name: texts(l).language,
                link: format!("{}?lang={}", form.action, l.code()),
                current: l == lang,
            })
            .collect(),
        kinds,
        error,
        shown,
    }
    .render();
    let mut response = match body {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => crate::error::ApiError::internal(&e).into_response(),
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"));
    response
}
