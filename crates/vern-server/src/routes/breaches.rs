//! The breach register over HTTP: record, assess, notify, close, and the documents for the
//! supervisory authority (GDPR Art. 33, 34). Privacy officers and admins write; auditors read.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::breach::{Art34Exemption, Risk};
use vern_store::model::{BreachDetails, BreachRecord};

use crate::auth::Auth;
use crate::auth::roles::{ManageBreaches, ReadBreaches};
use crate::breaches::{self, NewBreach, Step, found, when};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input;
use crate::lang::Lang;
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, open))
        .routes(routes!(get_one))
        .routes(routes!(versions))
        .routes(routes!(details))
        .routes(routes!(assess))
        .routes(routes!(notify_authority))
        .routes(routes!(notify_people))
        .routes(routes!(notice_preview))
        .routes(routes!(notice_send))
        .routes(routes!(close))
        .routes(routes!(document))
        .routes(routes!(register))
}

/// What happened (GDPR Art. 33(3)).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DetailsIn {
    /// (a) What happened and how it was found.
    pub nature: String,
    /// (a) Categories of people concerned.
    #[serde(default)]
    pub subject_categories: Vec<String>,
    /// (a) Approximately how many people.
    pub subjects_approx: Option<u64>,
    /// (a) Categories of personal data records concerned.
    #[serde(default)]
    pub record_categories: Vec<String>,
    /// (a) Approximately how many records.
    pub records_approx: Option<u64>,
    /// (c) Likely consequences.
    #[serde(default)]
    pub consequences: String,
    /// (d) Measures taken or proposed.
    #[serde(default)]
    pub measures: String,
    /// (b) A contact point other than the controller's DPO.
    pub contact: Option<String>,
}

impl From<DetailsIn> for BreachDetails {
    fn from(d: DetailsIn) -> BreachDetails {
        BreachDetails {
            nature: d.nature,
            subject_categories: d.subject_categories,
            subjects_approx: d.subjects_approx,
            record_categories: d.record_categories,
            records_approx: d.records_approx,
            consequences: d.consequences,
            measures: d.measures,
            contact: d.contact,
        }
    }
}

/// A breach to record: when the controller became aware of it, and what happened.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BreachIn {
    /// The controller's key (default: the default controller).
    pub(crate) controller: Option<String>,
    /// When it happened, if known (RFC 3339).
    pub(crate) occurred_at: Option<String>,
    /// When the controller became aware of it (RFC 3339): the 72 hours run from here.
    pub(crate) aware_at: String,
    /// (a) What happened and how it was found.
    pub(crate) nature: String,
    /// (a) Categories of people concerned.
    #[serde(default)]
    pub(crate) subject_categories: Vec<String>,
    /// (a) Approximately how many people.
    pub(crate) subjects_approx: Option<u64>,
    /// (a) Categories of personal data records concerned.
    #[serde(default)]
    pub(crate) record_categories: Vec<String>,
    /// (a) Approximately how many records.
    pub(crate) records_approx: Option<u64>,
    /// (c) Likely consequences.
    #[serde(default)]
    pub(crate) consequences: String,
    /// (d) Measures taken or proposed.
    #[serde(default)]
    pub(crate) measures: String,
    /// (b) A contact point other than the controller's DPO.
    pub(crate) contact: Option<String>,
}

impl BreachIn {
    /// What happened, apart from when and whose.
    fn details(self) -> BreachDetails {
        BreachDetails {
            nature: self.nature,
            subject_categories: self.subject_categories,
            subjects_approx: self.subjects_approx,
            record_categories: self.record_categories,
            records_approx: self.records_approx,
            consequences: self.consequences,
            measures: self.measures,
            contact: self.contact,
        }
    }
}

/// A breach and its clock.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BreachOut {
    /// Its id.
    pub id: String,
    /// The controller's key.
    pub controller: String,
    /// `open`, `assessed`, `authority_notified`, `people_notified` or `closed`.
    pub stage: String,
    /// When it happened, if known.
    pub occurred_at: Option<String>,
    /// When the controller became aware.
    pub aware_at: String,
    /// Awareness + 72 hours (Art. 33(1)).
    pub deadline: String,
    /// Whole hours left to notify the authority, negative when overdue; absent when no
    /// notification is owed.
    pub hours_left: Option<i64>,
    /// `not_due`, `due`, `urgent` (under 12 hours) or `overdue`.
    pub urgency: String,
    /// `unlikely`, `risk` or `high`, once assessed.
    pub risk: Option<String>,
    /// Why.
    pub risk_reasoning: Option<String>,
    /// When the authority was notified.
    pub authority_notified_at: Option<String>,
    /// The authority's reference.
    pub authority_reference: Option<String>,
    /// The reasons for a notification after 72 hours.
    pub reasons_for_delay: Option<String>,
    /// When the people affected were told.
    pub people_notified_at: Option<String>,
    /// The Art. 34(3) ground for not telling them.
    pub people_exemption: Option<String>,
    /// How they were told, or why they were not.
    pub people_note: Option<String>,
    /// When it was closed.
    pub closed_at: Option<String>,
    /// The record's version; every version is kept.
    pub version: i64,
    /// What happened.
    #[schema(value_type = Object)]
    pub details: BreachDetails,
    /// Where the Art. 34 notices sent through vern stand (one breach's answer and the list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notices: Option<NoticeCountsOut>,
}

/// Where a breach's Art. 34 notices stand, from the outbox's delivery state.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NoticeCountsOut {
    /// Queued, not yet delivered (or being retried).
    pub pending: u64,
    /// Delivered.
    pub sent: u64,
    /// Given up after the last attempt.
    pub failed: u64,
    /// Found with no e-mail address or phone number: not sent; tell them another way.
    pub no_address: u64,
}

impl From<vern_store::model::BreachNoticeCounts> for NoticeCountsOut {
    fn from(c: vern_store::model::BreachNoticeCounts) -> NoticeCountsOut {
        NoticeCountsOut {
            pending: c.pending,
            sent: c.sent,
            failed: c.failed,
            no_address: c.no_address,
        }
    }
}

fn out(state: &AppState, r: BreachRecord) -> BreachOut {
    let s = breaches::standing(&r, state.clock.now());
    let controller = state
        .follower
        .index()
        .controller_by_id(r.controller)
        .map(|c| c.record.key.clone())
        .unwrap_or_default();
    BreachOut {
        id: r.id,
        controller,
        stage: s.stage.as_str().to_owned(),
        occurred_at: r.occurred_at.map(when),
        aware_at: when(r.aware_at),
        deadline: when(s.deadline),
        hours_left: s.hours_left,
        urgency: s.urgency.as_str().to_owned(),
        risk: r.risk.map(|x| x.as_str().to_owned()),
        risk_reasoning: r.notes.risk_reasoning,
        authority_notified_at: r.authority_notified_at.map(when),
        authority_reference: r.authority_reference,
        reasons_for_delay: r.notes.delay_reasons,
        people_notified_at: r.people_notified_at.map(when),
        people_exemption: r.people_exemption.map(|e| e.as_str().to_owned()),
        people_note: r.notes.people,
        closed_at: r.closed_at.map(when),
        version: r.version,
        details: r.details,
        notices: None,
    }
}

/// Record a personal-data breach. The 72-hour clock starts at `aware_at`.
#[utoipa::path(post, path = "/v1/breaches", tag = "accountability", request_body = BreachIn,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = BreachOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn open(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Body(input): Body<BreachIn>,
) -> ApiResult<(StatusCode, Json<BreachOut>)> {
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let aware_at = input::instant(Some(&input.aware_at), "aware_at")?
        .ok_or_else(|| ApiError::invalid_field("aware_at", "required"))?;
    let occurred_at = input::instant(input.occurred_at.as_deref(), "occurred_at")?;
    let record = breaches::open(
        &state,
        &caller.actor(),
        NewBreach {
            controller: controller.record.id,
            occurred_at,
            aware_at,
            details: input.details(),
        },
    )
    .await?;
    Ok((StatusCode::CREATED, Json(out(&state, record))))
}

/// Which breaches.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct ListQuery {
    /// Only this controller's (its key).
    pub controller: Option<String>,
}

/// Breaches.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BreachesOut {
    /// Newest awareness first.
    pub breaches: Vec<BreachOut>,
}

/// The breach register, with each breach's clock.
#[utoipa::path(get, path = "/v1/breaches", tag = "accountability", params(ListQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = BreachesOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn list(
    _: Auth<ReadBreaches>,
    State(state): State<AppState>,
    Params(q): Params<ListQuery>,
) -> ApiResult<Json<BreachesOut>> {
    let controller = input::controller_filter(&state.follower.index(), q.controller.as_deref())?;
    let records = state.store.list_breaches(controller).await?;
    let mut counts = state.store.breach_notice_counts(None).await?;
    Ok(Json(BreachesOut {
        breaches: records
            .into_iter()
            .map(|r| {
                let c = counts.remove(&r.id).unwrap_or_default();
                let mut b = out(&state, r);
                b.notices = Some(c.into());
                b
            })
            .collect(),
    }))
}

/// One breach.
#[utoipa::path(get, path = "/v1/breaches/{id}", tag = "accountability",
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn get_one(
    _: Auth<ReadBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<BreachOut>> {
    let record = state.store.get_breach(&id).await.map_err(found)?;
    let counts = breaches::notice_counts(&state, &id).await?;
    let mut answer = out(&state, record);
    answer.notices = Some(counts.into());
    Ok(Json(answer))
}

/// A kept version.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionOut {
    /// Its number.
    pub version: i64,
    /// When it was written.
    pub at: String,
    /// Who wrote it.
    pub actor: String,
    /// The step that wrote it.
    pub step: String,
    /// The record as it then stood.
    pub breach: BreachOut,
}

/// Versions.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct VersionsOut {
    /// Oldest first.
    pub versions: Vec<VersionOut>,
}

/// Every version of a breach's record (Art. 33(4) phases, Art. 33(5) documentation).
#[utoipa::path(get, path = "/v1/breaches/{id}/versions", tag = "accountability",
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = VersionsOut), (status = 404, body = ErrorBody)))]
pub(crate) async fn versions(
    _: Auth<ReadBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<VersionsOut>> {
    let versions = state.store.breach_versions(&id).await.map_err(found)?;
    Ok(Json(VersionsOut {
        versions: versions
            .into_iter()
            .map(|v| VersionOut {
                version: v.version,
                at: when(v.at),
                actor: v.actor,
                step: v.step,
                breach: out(&state, v.record),
            })
            .collect(),
    }))
}

async fn take(
    state: &AppState,
    caller: &crate::auth::Caller,
    id: &str,
    step: Step,
) -> ApiResult<Json<BreachOut>> {
    let record = breaches::step(state, &caller.actor(), id, step).await?;
    Ok(Json(out(state, record)))
}

/// Revise what is known: the next phase of a notification (Art. 33(4)).
#[utoipa::path(put, path = "/v1/breaches/{id}/details", tag = "accountability", request_body = DetailsIn,
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn details(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<DetailsIn>,
) -> ApiResult<Json<BreachOut>> {
    take(&state, &caller, &id, Step::Details(input.into())).await
}

/// An assessment.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AssessIn {
    /// `unlikely` (to result in a risk: documented, not notified), `risk` or `high`.
    pub risk: String,
    /// Why.
    pub reasoning: String,
}

/// Assess the risk to the people concerned.
#[utoipa::path(post, path = "/v1/breaches/{id}/assessment", tag = "accountability", request_body = AssessIn,
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn assess(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<AssessIn>,
) -> ApiResult<Json<BreachOut>> {
    let risk = Risk::parse(&input.risk)
        .ok_or_else(|| ApiError::invalid_field("risk", "one of unlikely, risk, high"))?;
    let step = Step::Assess {
        risk,
        reasoning: input.reasoning,
    };
    take(&state, &caller, &id, step).await
}

/// The notification to the supervisory authority.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AuthorityIn {
    /// When it was made (RFC 3339; default: now).
    pub at: Option<String>,
    /// The authority's reference.
    pub reference: Option<String>,
    /// Required after 72 hours (Art. 33(1)).
    pub reasons_for_delay: Option<String>,
}

/// Record the notification to the authority. After 72 hours it must give the reasons for the
/// delay (Art. 33(1)).
#[utoipa::path(post, path = "/v1/breaches/{id}/authority-notification", tag = "accountability", request_body = AuthorityIn,
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn notify_authority(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<AuthorityIn>,
) -> ApiResult<Json<BreachOut>> {
    let at = input::instant(input.at.as_deref(), "at")?.unwrap_or_else(|| state.clock.now());
    let step = Step::NotifyAuthority {
        at,
        reference: input.reference,
        delay_reasons: input.reasons_for_delay,
    };
    take(&state, &caller, &id, step).await
}

/// Telling the people affected, or the Art. 34(3) ground for not telling them.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct PeopleIn {
    /// When they were told (RFC 3339; default: now). Not with `exemption`.
    pub at: Option<String>,
    /// `unintelligible`, `risk_no_longer_likely` or `public_communication` (Art. 34(3)).
    pub exemption: Option<String>,
    /// How they were told, or how the ground applies (required with `exemption`).
    pub note: Option<String>,
}

/// Record that the people affected were told (Art. 34), or why they need not be.
#[utoipa::path(post, path = "/v1/breaches/{id}/people-notification", tag = "accountability", request_body = PeopleIn,
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn notify_people(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<PeopleIn>,
) -> ApiResult<Json<BreachOut>> {
    let step = match input.exemption.as_deref() {
        Some(ground) => {
            if input.at.is_some() {
                return Err(ApiError::invalid_field(
                    "at",
                    "give either `at` or `exemption`, not both",
                ));
            }
            let ground = Art34Exemption::parse(ground).ok_or_else(|| {
                ApiError::invalid_field(
                    "exemption",
                    "one of unintelligible, risk_no_longer_likely, public_communication",
                )
            })?;
            Step::ExemptPeople {
                ground,
                note: input.note.unwrap_or_default(),
            }
        }
        None => Step::NotifyPeople {
            at: input::instant(input.at.as_deref(), "at")?.unwrap_or_else(|| state.clock.now()),
            note: input.note,
        },
    };
    take(&state, &caller, &id, step).await
}

/// Who is told of a high-risk breach (Art. 34): the live people of the breach's controller who
/// match any of these. Erased people never match. Alternatively the body is a CSV file of
/// identifiers (`Content-Type: text/csv`).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoticeIn {
    /// People by id.
    #[serde(default)]
    pub people: Vec<String>,
    /// Members of any of these customer lists.
    #[serde(default)]
    pub lists: Vec<String>,
    /// People with a consent event for any of these purposes (their keys).
    #[serde(default)]
    pub purposes: Vec<String>,
    /// E-mail addresses, phone numbers or national identity numbers.
    #[serde(default)]
    pub identifiers: Vec<String>,
    /// People created or changed from this instant (RFC 3339)…
    pub changed_from: Option<String>,
    /// …until this one (RFC 3339; default: now).
    pub changed_to: Option<String>,
}

/// The selection in a body: JSON, or a CSV file of identifiers.
fn selection(headers: &HeaderMap, body: &[u8]) -> ApiResult<breaches::Selection> {
    let is_csv = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            let v = v.trim();
            v.eq_ignore_ascii_case("text/csv") || v.eq_ignore_ascii_case("text/plain")
        });
    if is_csv {
        return Ok(breaches::Selection {
            csv: Some(body.to_vec()),
            ..breaches::Selection::default()
        });
    }
    if !crate::extract::json_content_type(headers) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send JSON (application/json) or a CSV file of identifiers (text/csv)",
        ));
    }
    crate::extract::refuse_nul_in_json(body)?;
    let input: NoticeIn = crate::extract::parse_json(body)?;
    Ok(breaches::Selection {
        changed_from: input::instant(input.changed_from.as_deref(), "changed_from")?,
        changed_to: input::instant(input.changed_to.as_deref(), "changed_to")?,
        people: input.people,
        lists: input.lists,
        purposes: input.purposes,
        identifiers: input.identifiers,
        csv: None,
    })
}

/// The notice in one language.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct SampleOut {
    /// `sv`, `nb`, `da`, `fi` or `en`.
    pub language: String,
    /// How many of the people to be sent the notice get it in this language.
    pub people: usize,
    /// The subject line.
    pub subject: String,
    /// The text (the e-mail's; an SMS carries the same).
    pub body: String,
}

/// What a selection comes to.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NoticePlanOut {
    /// Live people found.
    pub selected: usize,
    /// Of those, the ones the notice is (to be) sent to now.
    pub to_send: usize,
    /// Of those, the ones with no e-mail address or phone number: not sent.
    pub no_address: usize,
    /// Of those, the ones already sent this breach's notice: never sent it twice.
    pub already_notified: usize,
    /// Ids that name no live person of the controller (unknown or erased).
    pub unknown_people: usize,
    /// Identifiers no live person of the controller holds.
    pub unmatched_identifiers: usize,
    /// CSV cells that are not an e-mail address, a phone number or a national id.
    pub unreadable_identifiers: usize,
    /// The notice, once per language.
    pub samples: Vec<SampleOut>,
}

impl From<breaches::NoticePlan> for NoticePlanOut {
    fn from(p: breaches::NoticePlan) -> NoticePlanOut {
        NoticePlanOut {
            selected: p.selected,
            to_send: p.to_send,
            no_address: p.no_address,
            already_notified: p.already_notified,
            unknown_people: p.unknown_people,
            unmatched_identifiers: p.unmatched_identifiers,
            unreadable_identifiers: p.unreadable_identifiers,
            samples: p
                .samples
                .into_iter()
                .map(|s| SampleOut {
                    language: s.language.to_owned(),
                    people: s.people,
                    subject: s.subject,
                    body: s.body,
                })
                .collect(),
        }
    }
}

/// A sending.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct NoticeSentOut {
    /// What was selected.
    #[serde(flatten)]
    pub plan: NoticePlanOut,
    /// Messages queued by this sending.
    pub queued: u64,
    /// The breach as it now stands, with where all its notices stand.
    pub breach: BreachOut,
}

/// Count the people a selection names and show the Art. 34 notice, once per language. Changes
/// nothing.
#[utoipa::path(post, path = "/v1/breaches/{id}/notice/preview", tag = "accountability",
    request_body(content = NoticeIn, description = "JSON, or a CSV file of identifiers as `text/csv`"),
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = NoticePlanOut), (status = 404, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn notice_preview(
    _: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<NoticePlanOut>> {
    let selection = selection(&headers, &body)?;
    let (_, plan) = breaches::preview(&state, &id, selection).await?;
    Ok(Json(plan.into()))
}

/// Send the Art. 34 notice to the people a selection names: one message per person through the
/// outbox, in their language (else the controller's), to their e-mail address (else their
/// phone). Only for a breach assessed as high risk (`breach.not_high_risk`, `breach.not_assessed`
/// otherwise, changing nothing). The first sending records that the people were told; a person
/// already sent it is never sent it again; a person with no address is counted, not dropped.
#[utoipa::path(post, path = "/v1/breaches/{id}/notice", tag = "accountability",
    request_body(content = NoticeIn, description = "JSON, or a CSV file of identifiers as `text/csv`"),
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = NoticeSentOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn notice_send(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<NoticeSentOut>> {
    let selection = selection(&headers, &body)?;
    let sent = breaches::send(&state, &caller.actor(), &id, selection).await?;
    let mut breach = out(&state, sent.breach);
    breach.notices = Some(sent.counts.into());
    Ok(Json(NoticeSentOut {
        plan: sent.plan.into(),
        queued: sent.queued,
        breach,
    }))
}

/// Close a breach once its duties are met.
#[utoipa::path(post, path = "/v1/breaches/{id}/close", tag = "accountability",
    params(("id" = String, Path, description = "The breach's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BreachOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn close(
    Auth { caller, .. }: Auth<ManageBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<BreachOut>> {
    take(&state, &caller, &id, Step::Close).await
}

/// Which format.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct FormatQuery {
    /// `json` (default) or `html`; the register also `csv`.
    pub format: Option<String>,
    /// The register's language (default: the default controller's country's).
    pub lang: Option<String>,
}

/// The notification for the supervisory authority, every Art. 33(3) field, in the language of
/// the controller's authority.
#[utoipa::path(get, path = "/v1/breaches/{id}/document", tag = "accountability", params(("id" = String, Path, description = "The breach's id"), FormatQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = Object), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn document(
    _: Auth<ReadBreaches>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Params(q): Params<FormatQuery>,
) -> ApiResult<Response> {
    if q.lang.is_some() {
        return Err(ApiError::invalid_field(
            "lang",
            "the document is in the authority's language",
        ));
    }
    let record = state.store.get_breach(&id).await.map_err(found)?;
    let controller = state
        .follower
        .index()
        .controller_by_id(record.controller)
        .map(|c| c.record.clone())
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let doc = breaches::authority_document(&record, &controller);
    match q.format.as_deref() {
        None | Some("json") => Ok(Json(doc).into_response()),
        Some("html") => Ok(Html(doc.html()?).into_response()),
        Some(_) => Err(ApiError::invalid_field("format", "json or html")),
    }
}

/// The Art. 33(5) register of every breach, for the authority: CSV or a printable page.
#[utoipa::path(get, path = "/v1/breach-register", tag = "accountability", params(FormatQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, description = "CSV or HTML", content_type = "text/csv"), (status = 422, body = ErrorBody)))]
pub(crate) async fn register(
    _: Auth<ReadBreaches>,
    State(state): State<AppState>,
    Params(q): Params<FormatQuery>,
) -> ApiResult<Response> {
    let lang = match q.lang.as_deref() {
        Some(l) => Lang::from_code(l)
            .ok_or_else(|| ApiError::invalid_field("lang", "one of sv, nb, da, fi, en"))?,
        None => state
            .follower
            .index()
            .default_controller()
            .and_then(|c| c.record.country)
            .map_or(Lang::En, Lang::of_country),
    };
    let records = state.store.list_breaches(None).await?;
    let now = state.clock.now();
    match q.format.as_deref() {
        None | Some("csv") => Ok((
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/csv; charset=utf-8"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"breach-register.csv\""),
                ),
            ],
            breaches::register_csv(&records, lang, now)?,
        )
            .into_response()),
        Some("html") => Ok(Html(breaches::register_html(&records, lang, now)?).into_response()),
        Some(_) => Err(ApiError::invalid_field("format", "csv or html")),
    }
}
