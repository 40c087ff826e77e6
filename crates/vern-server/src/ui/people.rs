//! Finding a person, and the person card: identifiers, fields with their purposes, consent per
//! purpose and channel, what blocks contact (as a banner nobody can miss), the history, and the
//! actions the role may take.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::json;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{Channel, Identifier, IdentifierDigest};
use vern_store::model::{ObjectionInput, ObjectionSource, Person, PersonInput};

use super::i18n::Texts;
use super::page::{Form, Layout, Me, UiError, UiResult, render, render_status, see_other};
use super::policies::Erase;
use super::session::Staff;
use crate::auth::roles::{AdminOnly, Inbox, ManagePeople, Report, SubmitObjections, WorkPeople};
use crate::error::ApiError;
use crate::input::Reading;
use crate::lang::Lang;
use crate::report::{self, Page};
use crate::routes::people::{self as api, ConsentIn, EvidenceIn, PersonIn};
use crate::share_link;
use crate::state::AppState;

#[derive(Debug, Deserialize, Default)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    done: Option<String>,
}

pub(crate) struct Found {
    id: String,
    name: String,
    controller: String,
    identifiers: String,
    blocked: bool,
    restricted: bool,
}

#[derive(Template)]
#[template(path = "ui/people.html")]
struct SearchPage {
    l: Layout,
    t: &'static Texts,
    q: String,
    searched: bool,
    found: Vec<Found>,
}

/// The digests a typed identifier may stand for: an e-mail address, or whichever of a phone
/// number and a national id the text reads as (a ten-digit Swedish number may be either).
fn typed_digests(state: &AppState, reading: &Reading, text: &str) -> Vec<IdentifierDigest> {
    let key = state.store.keys().digest();
    let mut out = Vec::new();
    if text.contains('@') {
        if let Ok(e) = reading.email(text, "q") {
            out.push(Identifier::Email(e).digest(key));
        }
        return out;
    }
    if let Ok(p) = reading.phone(text, "q") {
        out.push(Identifier::Phone(p).digest(key));
    }
    if let Ok(n) = reading.national_id(text, "q") {
        out.push(Identifier::NationalId(n).digest(key));
    }
    out
}

/// Find people by a phone number, an e-mail address or a national id, in every controller.
pub(crate) async fn search(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    Query(q): Query<SearchQuery>,
) -> UiResult {
    let text = q.q.unwrap_or_default().trim().to_owned();
    let mut found = Vec::new();
    let mut error = None;
    if !text.is_empty() {
        let now = state.clock.now();
        let controllers: Vec<_> = state.follower.index().controllers().cloned().collect();
        let mut any = false;
        for c in controllers {
            let reading = Reading::of(&c, now, None);
            let digests = typed_digests(&state, &reading, &text);
            if digests.is_empty() {
                continue;
            }
            any = true;
            let people = state
                .store
                .find_people(c.record.id, &digests)
                .await
                .map_err(|e| me.fail(e.into()))?;
            for p in people {
                let out = api::person_out(&state, p).await.map_err(|e| me.fail(e))?;
                let mut ids: Vec<String> = out.phones.clone();
                ids.extend(out.emails.iter().cloned());
                found.push(Found {
                    controller: c.record.name.clone(),
                    identifiers: ids.join(", "),
                    blocked: out.status.do_not_contact_for_marketing,
                    restricted: out.restricted,
                    name: out.name,
                    id: out.id,
                });
            }
        }
        if !any {
            error = Some(me.t.not_an_identifier.to_owned());
        }
    }
    render(&SearchPage {
        l: me
            .layout("people")
            .done(q.done.as_deref())
            .with_error(error),
        t: me.t,
        searched: !text.is_empty(),
        q: text,
        found,
    })
}

pub(crate) struct FieldRow {
    name: String,
    value: String,
    purpose: String,
    description: String,
}

pub(crate) struct Cell {
    channel: &'static str,
    state: &'static str,
    label: &'static str,
    icon: &'static str,
    since: String,
}

pub(crate) struct ConsentRow {
    purpose: String,
    key: String,
    cells: Vec<Cell>,
}

pub(crate) struct Objection {
    text: String,
    scope: String,
}

pub(crate) struct Event {
    at: String,
    sort: time::OffsetDateTime,
    what: String,
    detail: String,
}

pub(crate) struct DealRow {
    title: String,
    amount: String,
    stage: String,
    owner: String,
    opened: String,
}

pub(crate) struct TodoRow {
    text: String,
    owner: String,
    due: String,
    done: bool,
}

pub(crate) struct RequestRow {
    id: String,
    kind: &'static str,
    state: &'static str,
    due: String,
}

pub(crate) struct PurposeOption {
    key: String,
    name: String,
    channels: String,
}

pub(crate) struct Option2 {
    value: &'static str,
    label: &'static str,
}

/// What the role may do on the card.
pub(crate) struct May {
    consent: bool,
    object: bool,
    restrict: bool,
    report: bool,
    erase: bool,
    anonymize: bool,
    inbox: bool,
}

#[derive(Template)]
#[template(path = "ui/person.html")]
struct CardPage {
    l: Layout,
    t: &'static Texts,
    id: String,
    name: String,
    controller: String,
    phones: Vec<String>,
    emails: Vec<String>,
    national_id: String,
    address: String,
    lists: String,
    language: String,
    banner: Vec<String>,
    restricted: Option<String>,
    fields: Vec<FieldRow>,
    consents: Vec<ConsentRow>,
    objections: Vec<Objection>,
    timeline: Vec<Event>,
    deals: Vec<DealRow>,
    todos: Vec<TodoRow>,
    requests: Vec<RequestRow>,
    purposes: Vec<PurposeOption>,
    channels: Vec<Option2>,
    sources: Vec<Option2>,
    share_url: Option<String>,
    may: May,
}

fn load_error(me: &Me, e: vern_store::StoreError) -> UiError {
    me.fail(crate::people::not_found(e))
}

fn icon(state: &str) -> &'static str {
    match state {
        "granted" => "✔",
        "withdrawn" => "✖",
        "expired" => "⌛",
        _ => "?",
    }
}

fn channel_label(t: &Texts, c: &str) -> &'static str {
    c.parse::<Channel>().map_or("?", |c| t.channel_name(c))
}

async fn card_view(
    me: &Me,
    state: &AppState,
    id: &str,
    error: Option<String>,
    done: Option<&str>,
    share_url: Option<String>,
) -> Result<CardPage, UiError> {
    let t = me.t;
    let person = state
        .store
        .get_person(id)
        .await
        .map_err(|e| load_error(me, e))?;
    let restricted_at = person.restricted_at;
    let consents = api::consents_out(state, &person)
        .await
        .map_err(|e| me.fail(e))?;
    let purposes = state
        .store
        .list_purposes(Some(person.controller))
        .await
        .map_err(|e| me.fail(e.into()))?;
    let activities = state
        .store
        .list_activities(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let deals = state
        .store
        .list_deals(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let todos = state
        .store
        .list_todos(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let restrictions = state
        .store
        .list_restrictions(id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    let requests = if me.may::<Inbox>() {
        state
            .store
            .list_requests(&vern_store::model::RequestFilter {
                person: Some(id.to_owned()),
                limit: 100,
                ..Default::default()
            })
            .await
            .map_err(|e| me.fail(e.into()))?
    } else {
        Vec::new()
    };
    let controller_name = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .map_or_else(|| person.controller.to_string(), |c| c.record.name.clone());
    let out = api::person_out(state, person)
        .await
        .map_err(|e| me.fail(e))?;
    let purpose_name = |key: &str| {
        purposes
            .iter()
            .find(|p| p.purpose.key.as_str() == key)
            .map_or_else(|| key.to_owned(), |p| p.purpose.name.clone())
    };

    // What blocks contact, said plainly.
    let banner: Vec<String> = out
        .status
        .suppressions
        .iter()
        .map(|s| {
            let scope = if s.scope == "all" {
                format!(" ({})", t.all_controllers)
            } else {
                String::new()
            };
            format!(
                "{}: {}, {}{scope}",
                t.do_not_contact_marketing,
                t.suppression_source(&s.source),
                me.day(s.since)
            )
        })
        .collect();
    let restricted = restricted_at.map(|at| format!("{} {}", t.restricted_since, me.day(at)));

    let mut consent_rows: Vec<ConsentRow> = Vec::new();
    for c in &consents.current {
        let cell = Cell {
            channel: channel_label(t, &c.channel),
            state: match c.state.as_str() {
                "granted" => "granted",
                "withdrawn" => "withdrawn",
                "expired" => "expired",
                _ => "unknown",
            },
            label: t.consent_state(&c.state),
            icon: icon(&c.state),
            since: c.since.map(|s| me.day(s)).unwrap_or_default(),
        };
        match consent_rows.iter_mut().find(|r| r.key == c.purpose) {
            Some(row) => row.cells.push(cell),
            None => consent_rows.push(ConsentRow {
                purpose: purpose_name(&c.purpose),
                key: c.purpose.clone(),
                cells: vec![cell],
            }),
        }
    }

    let mut timeline: Vec<Event> = Vec::new();
    for a in &activities {
        timeline.push(Event {
            at: me.when(a.at),
            sort: a.at,
            what: t.activity_kind(&a.kind).to_owned(),
            detail: [
                a.channel.map(|c| t.channel_name(c).to_owned()),
                a.owner.clone(),
                a.note.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · "),
        });
    }
    for c in &consents.history {
        timeline.push(Event {
            at: me.when(c.given_at),
            sort: c.given_at,
            what: match c.action {
                vern_core::consent::ConsentAction::Granted => t.consent_granted_event,
                vern_core::consent::ConsentAction::Withdrawn => t.consent_withdrawn_event,
            }
            .to_owned(),
            detail: format!(
                "{} · {} · {}",
                purpose_name(&c.purpose),
                t.channel_name(c.channel),
                t.consent_source(&c.source)
            ),
        });
    }
    for s in &out.status.suppressions {
        timeline.push(Event {
            at: me.when(s.since),
            sort: s.since,
            what: t.objection_event.to_owned(),
            detail: t.suppression_source(&s.source).to_owned(),
        });
    }
    for r in &restrictions {
        timeline.push(Event {
            at: me.when(r.placed_at),
            sort: r.placed_at,
            what: t.restriction_placed.to_owned(),
            detail: if me.may::<ManagePeople>() {
                r.reason.clone().unwrap_or_default()
            } else {
                String::new()
            },
        });
        if let Some(at) = r.lifted_at {
            timeline.push(Event {
                at: me.when(at),
                sort: at,
                what: t.restriction_lifted.to_owned(),
                detail: String::new(),
            });
        }
    }
    for r in &requests {
        timeline.push(Event {
            at: me.when(r.received_at),
            sort: r.received_at,
            what: t.request_received_event.to_owned(),
            detail: format!("{} ({})", t.request_kind(r.kind), r.kind.article()),
        });
    }
    timeline.sort_by_key(|e| std::cmp::Reverse(e.sort));
    timeline.truncate(100);

    let address = out
        .address
        .as_ref()
        .map(|a| {
            [a.street.as_str(), &format!("{} {}", a.postal_code, a.city)]
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();

    let channels = Channel::ALL
        .into_iter()
        .map(|c| Option2 {
            value: c.as_str(),
            label: t.channel_name(c),
        })
        .collect();
    let sources = api::SOURCES
        .into_iter()
        .map(|s| Option2 {
            value: s,
            label: t.consent_source(s),
        })
        .collect();
    Ok(CardPage {
        l: me.layout("people").done(done).with_error(error),
        t,
        id: out.id.clone(),
        name: out.name.clone(),
        controller: controller_name.clone(),
        phones: out.phones.clone(),
        emails: out.emails.clone(),
        national_id: out.national_id.clone().unwrap_or_default(),
        address,
        lists: out.lists.join(", "),
        language: out.language.clone().unwrap_or_default(),
        banner,
        restricted,
        fields: out
            .custom_fields
            .iter()
            .map(|f| FieldRow {
                name: f.name.clone(),
                value: f.value.clone(),
                purpose: purpose_name(&f.purpose),
                description: f.purpose_description.clone().unwrap_or_default(),
            })
            .collect(),
        consents: consent_rows,
        objections: out
            .status
            .suppressions
            .iter()
            .map(|s| Objection {
                text: format!(
                    "{}, {} ({})",
                    t.suppression_source(&s.source),
                    me.day(s.since),
                    t.identifier_kind(&s.identifier_kind)
                ),
                // Only the person's own controller's objections (or everyone's) are shown.
                scope: if s.scope == "all" {
                    t.all_controllers.to_owned()
                } else {
                    controller_name.clone()
                },
            })
            .collect(),
        timeline,
        deals: deals
            .into_iter()
            .map(|d| DealRow {
                title: d.title.unwrap_or_default(),
                amount: money(d.amount_minor, &d.currency, me.lang),
                stage: d.stage,
                owner: d.owner.unwrap_or_default(),
                opened: me.day(d.opened_at),
            })
            .collect(),
        todos: todos
            .into_iter()
            .map(|td| TodoRow {
                text: td.text.unwrap_or_default(),
                owner: td.owner.unwrap_or_default(),
                due: td.due_at.map(|d| me.day(d)).unwrap_or_default(),
                done: td.done_at.is_some(),
            })
            .collect(),
        requests: requests
            .into_iter()
            .map(|r| RequestRow {
                kind: t.request_kind(r.kind),
                state: t.request_state(r.state),
                due: me.day(r.due_at),
                id: r.id,
            })
            .collect(),
        purposes: purposes
            .iter()
            .map(|p| PurposeOption {
                key: p.purpose.key.to_string(),
                name: p.purpose.name.clone(),
                channels: p
                    .purpose
                    .channels
                    .iter()
                    .map(|c| t.channel_name(c))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
            .collect(),
        channels,
        sources,
        share_url,
        may: May {
            consent: me.may::<WorkPeople>(),
            object: me.may::<SubmitObjections>(),
            restrict: me.may::<ManagePeople>(),
            report: me.may::<Report>(),
            erase: me.may::<Erase>(),
            anonymize: me.may::<AdminOnly>(),
            inbox: me.may::<Inbox>(),
        },
    })
}

fn money(minor: i64, currency: &str, lang: Lang) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let a = minor.unsigned_abs();
    let sep = if lang == Lang::En { '.' } else { ',' };
    format!("{sign}{}{sep}{:02} {currency}", a / 100, a % 100)
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct CardQuery {
    done: Option<String>,
}

/// The person card.
pub(crate) async fn card(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<CardQuery>,
) -> UiResult {
    render(&card_view(&me, &state, &id, None, q.done.as_deref(), None).await?)
}

/// After an action: back to the card with a notice, or the card again with the error.
async fn after(
    me: &Me,
    state: &AppState,
    id: &str,
    done: &str,
    result: Result<(), ApiError>,
) -> UiResult {
    match result {
        Ok(()) => Ok(see_other(&format!("/ui/people/{id}?done={done}"))),
        Err(e) if e.status().is_client_error() && e.status() != StatusCode::NOT_FOUND => {
            let status = e.status();
            let message = format!("{} {}", me.t.not_done, e.into_body().message);
            render_status(
                status,
                &card_view(me, state, id, Some(message), None, None).await?,
            )
        }
        Err(e) => Err(me.fail(e)),
    }
}

/// Record a consent heard or read: purpose, channels, granted or withdrawn, with evidence.
pub(crate) async fn record_consent(
    Staff { me, .. }: Staff<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    let result = async {
        let person = state
            .store
            .get_person(&id)
            .await
            .map_err(crate::people::not_found)?;
        let input = ConsentIn {
            purpose: form.text("purpose"),
            channels: form.all("channels"),
            state: form.text("state"),
            evidence: EvidenceIn {
                source: form.text("source"),
                text: form.get("text"),
                reference: form.get("reference"),
                ..EvidenceIn::default()
            },
            expires_at: None,
        };
        let consent = api::consent_input(&state, &person, input, &me.user.email)?;
        let (_, seq) = state
            .store
            .record_consent(&me.actor, state.clock.now(), &id, &consent)
            .await?;
        state.follower.sync_to(seq).await?;
        Ok(())
    }
    .await;
    after(&me, &state, &id, "consent", result).await
}

/// The person's identifiers with their kinds and digests, as the API's person merge makes them.
fn person_input(state: &AppState, person: &Person) -> Result<PersonInput, ApiError> {
    let controller = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let mut profile = person.profile.clone();
    let mut lists = person.lists.clone();
    api::merge(
        state,
        &controller,
        &mut profile,
        &mut lists,
        PersonIn::default(),
    )
}

/// Record an objection for every identifier of the person.
pub(crate) async fn record_objection(
    Staff { me, .. }: Staff<SubmitObjections>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    let result = async {
        let person = state
            .store
            .get_person(&id)
            .await
            .map_err(crate::people::not_found)?;
        let kind = match form.text("kind").as_str() {
            "general" => ObjectionKind::General,
            "direct_marketing" => ObjectionKind::DirectMarketing,
            _ => {
                return Err(ApiError::invalid_field(
                    "kind",
                    "direct_marketing or general",
                ));
            }
        };
        let source_kind = match form.text("source").as_str() {
            "subject" => ObjectionSourceKind::Subject,
            "authorized_agent" => ObjectionSourceKind::AuthorizedAgent,
            "sms" => ObjectionSourceKind::Sms,
            "staff" => ObjectionSourceKind::Staff,
            _ => {
                return Err(ApiError::invalid_field(
                    "source",
                    "subject, authorized_agent, sms or staff",
                ));
            }
        };
        let source = if source_kind == ObjectionSourceKind::AuthorizedAgent {
            let (agent, mandate, verification) = (
                form.get("agent_name"),
                form.get("mandate_reference"),
                form.get("mandate_verification"),
            );
            if agent.is_none() || mandate.is_none() || verification.is_none() {
                return Err(ApiError::invalid_field(
                    "agent_name",
                    me.t.agent_fields_required,
                ));
            }
            ObjectionSource {
                kind: source_kind,
                agent_name: agent,
                mandate_reference: mandate,
                mandate_verification: verification,
            }
        } else {
            ObjectionSource {
                kind: source_kind,
                agent_name: None,
                mandate_reference: None,
                mandate_verification: None,
            }
        };
        let input = person_input(&state, &person)?;
        if input.digests.is_empty() {
            return Err(ApiError::invalid_field("identifiers", me.t.no_identifiers));
        }
        let objection = ObjectionInput {
            kind,
            source,
            controller: (form.text("scope") != "all").then_some(person.controller),
            request_controller: person.controller,
            digests: input.digests,
            agent_key: None,
        };
        let (_, seq) = state
            .store
            .record_objection(&me.actor, state.clock.now(), &objection)
            .await?;
        state.follower.sync_to(seq).await?;
        Ok(())
    }
    .await;
    after(&me, &state, &id, "objection", result).await
}

/// Place or lift a restriction (Art. 18).
pub(crate) async fn restriction(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    let place = form.text("action") != "lift";
    let result = async {
        state
            .store
            .get_person(&id)
            .await
            .map_err(crate::people::not_found)?;
        let reason = match form.get("reason") {
            Some(r) => {
                crate::input::text(&r, "reason", 2000).map_err(|e| ApiError::invalid(vec![e]))?
            }
            None if place => return Err(ApiError::invalid_field("reason", me.t.reason_required)),
            None => "lifted".to_owned(),
        };
        let (_, seq) = state
            .store
            .set_restriction(&me.actor, state.clock.now(), &id, place, &reason, None)
            .await?;
        state.follower.sync_to(seq).await?;
        Ok(())
    }
    .await;
    after(
        &me,
        &state,
        &id,
        if place { "restricted" } else { "lifted" },
        result,
    )
    .await
}

/// Make a share link: the person's own page with their data, for 24 hours. The link is shown
/// this once.
pub(crate) async fn share_link(
    Staff { me, .. }: Staff<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    _form: Form,
) -> UiResult {
    let made = share_link::make(
        &state,
        &me.actor,
        &id,
        share_link::base_url(&headers).as_deref(),
    )
    .await
    .map_err(|e| load_error(&me, e))?;
    let url = made.absolute_url.unwrap_or(made.url);
    render(&card_view(&me, &state, &id, None, Some("share_link"), Some(url)).await?)
}

/// The printable access report (Art. 15). A disclosure: recorded in the ledger.
pub(crate) async fn report(
    Staff { me, .. }: Staff<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(|e| load_error(&me, e))?;
    let now = state.clock.now();
    let lang = person
        .profile
        .language
        .as_deref()
        .and_then(Lang::from_code)
        .unwrap_or(me.lang);
    let gathered = report::gather(&state, person, now)
        .await
        .map_err(|e| me.fail(e))?;
    let html = report::to_html(&gathered, lang, Page::Report)
        .map_err(|e| me.fail(ApiError::internal(&e)))?;
    state
        .store
        .record_disclosure(
            &me.actor,
            now,
            &id,
            "report.generated",
            json!({ "format": "html", "schema": report::SCHEMA, "via": "ui" }),
            None,
        )
        .await
        .map_err(|e| me.fail(e.into()))?;
    let mut r = axum::response::Html(html).into_response();
    // The printable page carries its own style sheet inline, and no script at all.
    r.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    Ok(r)
}

/// Everything held, as a zip of CSV files (Art. 20). A disclosure: recorded in the ledger.
pub(crate) async fn export(
    Staff { me, .. }: Staff<Report>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    let person = state
        .store
        .get_person(&id)
        .await
        .map_err(|e| load_error(&me, e))?;
    let now = state.clock.now();
    let gathered = report::gather(&state, person, now)
        .await
        .map_err(|e| me.fail(e))?;
    let body = report::to_zip(&gathered).map_err(|e| me.fail(ApiError::internal(&e)))?;
    state
        .store
        .record_disclosure(
            &me.actor,
            now,
            &id,
            "report.generated",
            json!({ "format": "csv", "schema": report::SCHEMA, "via": "ui" }),
            None,
        )
        .await
        .map_err(|e| me.fail(e.into()))?;
    let name: String = id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(64)
        .collect();
    let disposition = HeaderValue::from_str(&format!(
        "attachment; filename=\"vern-access-report-{name}.zip\""
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/zip"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "ui/confirm.html")]
struct ConfirmPage {
    l: Layout,
    t: &'static Texts,
    id: String,
    name: String,
    action: &'static str,
    title: &'static str,
    text: &'static str,
    button: &'static str,
}

async fn confirm(me: &Me, state: &AppState, id: &str, action: &'static str) -> UiResult {
    let person = state
        .store
        .get_person(id)
        .await
        .map_err(|e| load_error(me, e))?;
    let t = me.t;
    let (title, text, button) = if action == "erase" {
        (t.erase_title, t.erase_text, t.erase)
    } else {
        (t.anonymize_title, t.anonymize_text, t.anonymize)
    };
    render(&ConfirmPage {
        l: me.layout("people"),
        t,
        id: id.to_owned(),
        name: person.profile.name,
        action,
        title,
        text,
        button,
    })
}

/// Asks before erasing.
pub(crate) async fn erase_page(
    Staff { me, .. }: Staff<Erase>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    confirm(&me, &state, &id, "erase").await
}

/// Asks before anonymizing (administrators only).
pub(crate) async fn anonymize_page(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> UiResult {
    confirm(&me, &state, &id, "anonymize").await
}

/// Erase the person (Art. 17): to the recycle bin at once, purged later; the API's use case.
pub(crate) async fn erase(
    Staff { me, .. }: Staff<Erase>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    if form.get("confirm").is_none() {
        return Err(UiError::from_api(
            ApiError::invalid_field("confirm", me.t.confirm_required),
            Some(&me),
        ));
    }
    let reason = form
        .get("reason")
        .unwrap_or_else(|| "erased by staff in the web UI".to_owned());
    crate::people::erase(&state, &me.actor, &id, &reason, true)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(see_other("/ui/people?done=erased"))
}

/// Anonymize the person: history kept for statistics, nothing left about who it was; the
/// API's use case (administrators only).
pub(crate) async fn anonymize(
    Staff { me, .. }: Staff<AdminOnly>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    if form.get("confirm").is_none() {
        return Err(UiError::from_api(
            ApiError::invalid_field("confirm", me.t.confirm_required),
            Some(&me),
        ));
    }
    crate::people::anonymize(&state, &me.actor, &id)
        .await
        .map_err(|e| me.fail(e.into()))?;
    Ok(see_other("/ui/people?done=anonymized"))
}
