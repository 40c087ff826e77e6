//! Creating a person and correcting one (rectification, Art. 16) from the staff UI, through the
//! same use cases as `POST /v1/people` and `PATCH /v1/people/{id}`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use vern_core::notice::Source;

use super::card::load_error;
use crate::auth::roles::{ManagePeople, WorkPeople};
use crate::error::ApiError;
use crate::people::{Confirmation, PersonFields};
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Form, Layout, Me, UiResult, render, render_status, see_other};
use crate::ui::session::Staff;

pub(crate) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "ui/person_form.html")]
struct PersonForm {
    l: Layout,
    t: &'static Texts,
    /// The person corrected; `None` when creating one.
    id: Option<String>,
    title: String,
    controllers: Vec<Choice>,
    sources: Vec<Choice>,
    name: String,
    phones: String,
    emails: String,
    national_id: String,
    lists: String,
    supplier: String,
    request: String,
}

/// The lines of a text area, trimmed, without blank ones.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn controllers(state: &AppState, selected: Option<&str>) -> Vec<Choice> {
    let index = state.follower.index();
    let default = index.default_controller().map(|c| c.record.key.clone());
    let selected = selected.map(str::to_owned).or(default);
    index
        .controllers()
        .map(|c| Choice {
            selected: selected.as_deref() == Some(c.record.key.as_str()),
            value: c.record.key.clone(),
            label: c.record.name.clone(),
        })
        .collect()
}

fn sources(t: &Texts, selected: &str) -> Vec<Choice> {
    Source::ALL
        .into_iter()
        .map(|s| Choice {
            selected: s.as_str() == selected,
            value: s.as_str().to_owned(),
            label: t.source_option(s).to_owned(),
        })
        .collect()
}

/// What the use case refused, as a line on the form: each field with its reason.
fn refusal(me: &Me, e: ApiError) -> String {
    let body = e.into_body();
    let details: Vec<String> = body
        .details
        .iter()
        .map(|d| format!("{}: {}", d.field, d.message))
        .collect();
    let what = if details.is_empty() {
        body.message
    } else {
        details.join("; ")
    };
    format!("{} {what}", me.t.not_done)
}

fn blank_form(me: &Me, state: &AppState) -> PersonForm {
    PersonForm {
        l: me.layout("people"),
        t: me.t,
        id: None,
        title: me.t.new_person.to_owned(),
        controllers: controllers(state, None),
        sources: sources(me.t, "subject"),
        name: String::new(),
        phones: String::new(),
        emails: String::new(),
        national_id: String::new(),
        lists: String::new(),
        supplier: String::new(),
        request: String::new(),
    }
}

/// The form for a new person.
pub(crate) async fn new_page(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
) -> UiResult {
    render(&blank_form(&me, &state))
}

/// Create a person: controller, name, identifiers, lists, and where the data came from (the
/// Art. 14 notice is owed when not from the person).
pub(crate) async fn create(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    form: Form,
) -> UiResult {
    let source = form.text("source");
    let fields = PersonFields {
        controller: form.get("controller").filter(|c| !c.trim().is_empty()),
        name: Some(form.text("name")),
        phones: Some(lines(&form.text("phones"))),
        emails: Some(lines(&form.text("emails"))),
        national_id: form.get("national_id").filter(|n| !n.trim().is_empty()),
        lists: Some(lines(&form.text("lists"))),
        source: (!source.is_empty()).then(|| source.clone()),
        supplier: form.get("supplier").filter(|s| !s.trim().is_empty()),
        ..PersonFields::default()
    };
    match crate::people::create(&state, &me.actor, fields).await {
        Ok(view) => Ok(see_other(&format!(
            "/ui/people/{}?done=created",
            view.person.id
        ))),
        Err(e) if e.status().is_client_error() => {
            let status = e.status();
            let mut page = blank_form(&me, &state);
            page.l = me.layout("people").with_error(Some(refusal(&me, e)));
            page.controllers = controllers(&state, form.get("controller").as_deref());
            page.sources = sources(me.t, &source);
            page.name = form.text("name");
            page.phones = form.text("phones");
            page.emails = form.text("emails");
            page.national_id = form.text("national_id");
            page.lists = form.text("lists");
            page.supplier = form.text("supplier");
            render_status(status, &page)
        }
        Err(e) => Err(me.fail(e)),
    }
}

/// The form correcting a person, filled with what is held.
pub(crate) async fn edit_page(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(|e| load_error(&me, e))?;
    let p = person.profile;
    render(&PersonForm {
        l: me.layout("people"),
        t: me.t,
        title: format!("{}: {}", me.t.edit_person, p.name),
        id: Some(person.id),
        controllers: Vec::new(),
        sources: Vec::new(),
        name: p.name,
        phones: p.phones.join("\n"),
        emails: p.emails.join("\n"),
        national_id: p.national_id.unwrap_or_default(),
        lists: person.lists.join("\n"),
        supplier: String::new(),
        request: String::new(),
    })
}

/// Correct a person (rectification, Art. 16): the fields replace what is held; the ledger keeps
/// old and new values as digests, the person gets a confirmation naming what changed (Art.
/// 12(3)) and recipients are told (Art. 19). The notice says which of these happened.
pub(crate) async fn update(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    let fields = PersonFields {
        name: Some(form.text("name")),
        phones: Some(lines(&form.text("phones"))),
        emails: Some(lines(&form.text("emails"))),
        // Blank removes it.
        national_id: Some(form.text("national_id")),
        lists: Some(lines(&form.text("lists"))),
        request: form.get("request").filter(|r| !r.trim().is_empty()),
        ..PersonFields::default()
    };
    match crate::people::update(&state, &me.actor, &id, fields).await {
        Ok((_, told)) => {
            let done = match told {
                Confirmation::Queued { .. } => "corrected",
                Confirmation::NoAddress { .. } => "corrected_no_address",
                Confirmation::Unchanged => "unchanged",
            };
            Ok(see_other(&format!("/ui/people/{id}?done={done}")))
        }
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            let status = e.status();
            render_status(
                status,
                &PersonForm {
                    l: me.layout("people").with_error(Some(refusal(&me, e))),
                    t: me.t,
                    title: me.t.edit_person.to_owned(),
                    id: Some(id),
                    controllers: Vec::new(),
                    sources: Vec::new(),
                    name: form.text("name"),
                    phones: form.text("phones"),
                    emails: form.text("emails"),
                    national_id: form.text("national_id"),
                    lists: form.text("lists"),
                    supplier: String::new(),
                    request: form.text("request"),
                },
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::lines;

    #[test]
    fn a_text_area_gives_its_non_blank_lines_trimmed() {
        assert_eq!(
            lines(" 070-123 45 67 \r\n\n  \n+46 70 765 43 21"),
            vec!["070-123 45 67".to_owned(), "+46 70 765 43 21".to_owned()]
        );
        assert!(lines("\n \n").is_empty());
    }
}
