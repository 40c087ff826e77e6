//! The person card: identifiers, fields with their purposes, consent per purpose and channel,
//! what blocks contact (as a banner nobody can miss), the history, and the actions the role may take.

use askama::Template;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use vern_core::{Channel, LegalBasis};

use crate::auth::roles::{AdminOnly, Inbox, ManagePeople, Report, SubmitObjections, WorkPeople};
use crate::lang::Lang;
use crate::state::AppState;
use crate::ui::i18n::Texts;
use crate::ui::page::{Layout, Me, UiError, UiResult, render};
use crate::ui::policies::Erase;
use crate::ui::session::Staff;

pub(crate) struct FieldRow {
    name: String,
    value: String,
    purpose: String,
    description: String,
}

pub(crate) struct Cell {
    channel: &'static str,
    state: &'static str,
    label: String,
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

/// Where the data came from and the Art. 14 notice, as the card shows them.
pub(crate) struct Art14Card {
    /// The source in words, with its supplier.
    source: String,
    /// Where the notice stands, in words.
    state: String,
    /// Whether an exemption may still be recorded (owed, queued or failed).
    open: bool,
    /// Whether the outbox gave it up: staff may send it again.
    failed: bool,
}

/// Why an Art. 14 notice failed for good, in words (`Art14Notice::failure`).
pub(crate) fn art14_failure(t: &Texts, code: Option<&str>) -> &'static str {
    match code {
        Some("invalid_address") => t.art14_failure_invalid_address,
        Some("refused") => t.art14_failure_refused,
        Some("retries_exhausted") => t.art14_failure_retries_exhausted,
        Some("erased") => t.art14_failure_erased,
        _ => t.art14_failure_other,
    }
}

/// A customer relationship, as the card shows it.
pub(crate) struct RelationshipRow {
    category: String,
    started: String,
    /// Empty while it lasts.
    ended: String,
}

/// What the role may do on the card.
pub(crate) struct May {
    edit: bool,
    art14: bool,
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
pub(super) struct CardPage {
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
    art14: Option<Art14Card>,
    art14_grounds: Vec<Option2>,
    banner: Vec<String>,
    restricted: Option<String>,
    fields: Vec<FieldRow>,
    consents: Vec<ConsentRow>,
    objections: Vec<Objection>,
    timeline: Vec<Event>,
    deals: Vec<DealRow>,
    todos: Vec<TodoRow>,
    requests: Vec<RequestRow>,
    relationships: Vec<RelationshipRow>,
    purposes: Vec<PurposeOption>,
    channels: Vec<Option2>,
    sources: Vec<Option2>,
    share_url: Option<String>,
    may: May,
}

pub(super) fn load_error(me: &Me, e: vern_store::StoreError) -> UiError {
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

pub(super) async fn card_view(
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
    let consents = crate::people::consents(state, &person)
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
    let relationships = crate::customers::list(state, id)
        .await
        .map_err(|e| me.fail(e))?
        .into_iter()
        .map(|r| RelationshipRow {
            category: r.product_category.as_str().to_owned(),
            started: r.started.to_string(),
            ended: r.ended.map(|d| d.to_string()).unwrap_or_default(),
        })
        .collect();
    let controller_name = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .map_or_else(|| person.controller.to_string(), |c| c.record.name.clone());
    let view = crate::people::view(state, person)
        .await
        .map_err(|e| me.fail(e))?;
    let purpose_name = |key: &str| {
        purposes
            .iter()
            .find(|p| p.purpose.key.as_str() == key)
            .map_or_else(|| key.to_owned(), |p| p.purpose.name.clone())
    };

    // What blocks contact, said plainly.
    let banner: Vec<String> = view
        .suppressions
        .iter()
        .map(|s| &s.record)
        .map(|s| {
            let scope = if s.controller.is_none() {
                format!(" ({})", t.all_controllers)
            } else {
                String::new()
            };
            format!(
                "{}: {}, {}{scope}",
                t.do_not_contact_marketing,
                t.suppression_source(&s.source),
                me.day(s.created_at)
            )
        })
        .collect();
    let restricted = restricted_at.map(|at| format!("{} {}", t.restricted_since, me.day(at)));
    let mut banner = banner;
    let art14 = view.art14.as_ref().map(|a| {
        let n = &a.notice;
        let source = crate::messages::art14::source_words(
            me.lang,
            vern_core::notice::Source::parse(&n.source)
                .unwrap_or(vern_core::notice::Source::PurchasedList),
            n.supplier.as_deref(),
        );
        let owed = format!(
            "{} {} ({} {})",
            t.art14_owed_since,
            me.day(n.obtained_at),
            t.art14_due,
            me.day(n.due_at)
        );
        let state = match n.state.as_str() {
            "owed" if a.no_address => format!("{owed}: {}", t.art14_no_address),
            "owed" => owed,
            "queued" => format!(
                "{owed}; {} {}",
                t.art14_queued,
                n.queued_at.map(|at| me.day(at)).unwrap_or_default()
            ),
            "failed" => format!(
                "{owed}; {} ({}, {})",
                t.art14_failed,
                art14_failure(t, n.failure.as_deref()),
                n.failed_at.map(|at| me.day(at)).unwrap_or_default()
            ),
            "sent" => {
                let at = n.sent_at.map(|at| me.day(at)).unwrap_or_default();
                if n.sent_via.as_deref() == Some("first_communication") {
                    format!("{} {at}, {}", t.art14_sent, t.art14_first_communication)
                } else {
                    format!("{} {at}", t.art14_sent)
                }
            }
            "exempt" => format!(
                "{}: {} — {}",
                t.art14_exempt,
                t.art14_ground(n.exemption.as_deref().unwrap_or_default()),
                n.exemption_reason.as_deref().unwrap_or_default()
            ),
            other => other.to_owned(),
        };
        if n.pending() {
            banner.push(format!("{}. {state}", t.art14_pending_banner));
        }
        Art14Card {
            source,
            state,
            open: n.pending(),
            failed: n.state == "failed",
        }
    });

    let mut consent_rows: Vec<ConsentRow> = Vec::new();
    for c in &consents.current {
        let state = match c.state.as_str() {
            "granted" => "granted",
            "withdrawn" => "withdrawn",
            "expired" => "expired",
            _ => "unknown",
        };
        let purpose = purposes
            .iter()
            .find(|p| p.purpose.key.as_str() == c.purpose);
        let channel = Some(c.channel);
        // No consent recorded says nothing wrong when the purpose does not rest on consent; but
        // direct marketing by e-mail, SMS, MMS or messaging needs consent (or a soft opt-in)
        // whatever the legal basis (`docs/marketing-law.md`), so there "unknown" stays a gap.
        let electronic_marketing = purpose.is_some_and(|p| p.purpose.direct_marketing)
            && channel.is_some_and(vern_core::marketing::is_electronic_mail);
        let basis = purpose.map(|p| p.purpose.legal_basis);
        let cell = match (state, basis) {
            ("unknown", Some(basis)) if basis != LegalBasis::Consent && !electronic_marketing => {
                Cell {
                    channel: channel_label(t, c.channel.as_str()),
                    state: "not_needed",
                    label: format!(
                        "{} ({})",
                        t.consent_not_needed,
                        t.legal_basis(basis.as_str())
                    ),
                    icon: "–",
                    since: String::new(),
                }
            }
            _ => Cell {
                channel: channel_label(t, c.channel.as_str()),
                state,
                label: if state == "unknown" && electronic_marketing {
                    t.consent_needed_electronic.to_owned()
                } else {
                    t.consent_state(c.state.as_str()).to_owned()
                },
                icon: icon(c.state.as_str()),
                since: c.since.map(|s| me.day(s)).unwrap_or_default(),
            },
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
    for s in view.suppressions.iter().map(|s| &s.record) {
        timeline.push(Event {
            at: me.when(s.created_at),
            sort: s.created_at,
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

    let profile = &view.person.profile;
    let address = profile
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
    let sources = crate::people::SOURCES
        .into_iter()
        .map(|s| Option2 {
            value: s,
            label: t.consent_source(s),
        })
        .collect();
    Ok(CardPage {
        l: me.layout("people").done(done).with_error(error),
        t,
        id: view.person.id.clone(),
        name: profile.name.clone(),
        controller: controller_name.clone(),
        phones: profile.phones.clone(),
        emails: profile.emails.clone(),
        national_id: profile.national_id.clone().unwrap_or_default(),
        address,
        lists: view.person.lists.join(", "),
        language: profile.language.clone().unwrap_or_default(),
        art14,
        art14_grounds: vern_core::notice::Exemption::ALL
            .iter()
            .map(|e| Option2 {
                value: e.as_str(),
                label: t.art14_ground(e.as_str()),
            })
            .collect(),
        banner,
        restricted,
        fields: profile
            .custom_fields
            .iter()
            .map(|f| FieldRow {
                name: f.name.clone(),
                value: f.value.clone(),
                purpose: purpose_name(&f.purpose),
                description: view
                    .purpose_descriptions
                    .get(&f.purpose)
                    .cloned()
                    .unwrap_or_default(),
            })
            .collect(),
        consents: consent_rows,
        objections: view
            .suppressions
            .iter()
            .map(|s| &s.record)
            .map(|s| Objection {
                text: format!(
                    "{}, {} ({})",
                    t.suppression_source(&s.source),
                    me.day(s.created_at),
                    t.identifier_kind(s.identifier_kind.as_str())
                ),
                // Only the person's own controller's objections (or everyone's) are shown.
                scope: if s.controller.is_none() {
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
        relationships,
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
            edit: me.may::<ManagePeople>(),
            art14: me.may::<ManagePeople>(),
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
