//! People, their consent and restrictions.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::consent::{self, ConsentAction, ConsentFact};
use vern_core::{Channel, ChannelSet, Identifier, IdentifierDigest, PurposeKey};
use vern_store::model::{
    Address, ConsentInput, ConsentRecord, CustomField, Evidence, Person, PersonInput, Profile,
    RestrictionRecord, SuppressionRecord,
};

use crate::auth::Auth;
use crate::auth::roles::{ManagePeople, WorkPeople};
use crate::error::{ApiError, ApiResult, ErrorBody, FieldError};
use crate::extract::{Body, Params};
use crate::index::ControllerView;
use crate::input::{self, IdentifiersIn, Reading};
use crate::people::{not_found, person_digests};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_person, find_people))
        .routes(routes!(get_person, update_person))
        .routes(routes!(list_consents, record_consent))
        .routes(routes!(
            list_restrictions,
            place_restriction,
            lift_restriction
        ))
}

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonOut {
    /// Id.
    pub id: String,
    /// The controller's key.
    pub controller: String,
    /// Full name.
    pub name: String,
    /// Phone numbers, E.164.
    pub phones: Vec<String>,
    /// E-mail addresses.
    pub emails: Vec<String>,
    /// National identity number, canonical.
    pub national_id: Option<String>,
    /// Postal address.
    #[schema(value_type = Option<Object>)]
    pub address: Option<Address>,
    /// Custom fields, each with the purpose it serves.
    pub custom_fields: Vec<CustomFieldOut>,
    /// Customer lists.
    pub lists: Vec<String>,
    /// Preferred language.
    pub language: Option<String>,
    /// Whether processing is restricted (Art. 18).
    pub restricted: bool,
    /// Whether the person is a business contact.
    pub business_contact: bool,
    /// What blocks marketing to the person.
    pub status: StatusOut,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub created_at: time::OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub updated_at: time::OffsetDateTime,
}

/// A custom field with its purpose, as staff see it while working.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomFieldOut {
    /// Field name.
    pub name: String,
    /// Value.
    pub value: String,
    /// The purpose's key.
    pub purpose: String,
    /// The purpose's description, to tell the person why it is kept.
    pub purpose_description: Option<String>,
}

/// Whether the person may be marketed to, and why not.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatusOut {
    /// True when an objection or the block list forbids direct marketing.
    pub do_not_contact_for_marketing: bool,
    /// The objections and block-list entries covering the person's identifiers.
    pub suppressions: Vec<SuppressionOut>,
}

/// One suppression covering a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuppressionOut {
    /// `blocklist` or `objection:<source>`.
    pub source: String,
    /// `all` or a controller's key.
    pub scope: String,
    /// Which identifier it came through.
    pub identifier_kind: String,
    /// Since when.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub since: time::OffsetDateTime,
}

fn scope_name(state: &AppState, controller: Option<vern_core::ControllerId>) -> String {
    match controller {
        None => "all".to_owned(),
        Some(id) => state
            .follower
            .index()
            .controller_by_id(id)
            .map_or_else(|| id.to_string(), |c| c.record.key.clone()),
    }
}

pub(crate) async fn person_out(state: &AppState, person: Person) -> ApiResult<PersonOut> {
    let business_contact = state.store.is_business_contact(&person.id).await?;
    let digests = person_digests(state, &person.profile);
    let suppressions: Vec<SuppressionRecord> = state
        .store
        .suppressions_with(&digests, false)
        .await?
        .into_iter()
        .filter(|s| s.controller.is_none_or(|c| c == person.controller))
        .collect();
    let (controller, descriptions) = {
        let index = state.follower.index();
        let key = index
            .controller_by_id(person.controller)
            .map_or_else(|| person.controller.to_string(), |c| c.record.key.clone());
        let descriptions: BTreeMap<String, String> = person
            .profile
            .custom_fields
            .iter()
            .filter_map(|f| {
                index
                    .purpose(person.controller, &f.purpose)
                    .map(|p| (f.purpose.clone(), p.description.clone()))
            })
            .collect();
        (key, descriptions)
    };
    let p = person.profile;
    Ok(PersonOut {
        id: person.id,
        controller,
        name: p.name,
        phones: p.phones,
        emails: p.emails,
        national_id: p.national_id,
        address: p.address,
        custom_fields: p
            .custom_fields
            .into_iter()
            .map(|f| CustomFieldOut {
                purpose_description: descriptions.get(&f.purpose).cloned(),
                name: f.name,
                value: f.value,
                purpose: f.purpose,
            })
            .collect(),
        lists: person.lists,
        language: p.language,
        restricted: person.restricted_at.is_some(),
        business_contact,
        status: StatusOut {
            do_not_contact_for_marketing: !suppressions.is_empty(),
            suppressions: suppressions
                .into_iter()
                .map(|s| SuppressionOut {
                    scope: scope_name(state, s.controller),
                    source: s.source,
                    identifier_kind: s.identifier_kind.as_str().to_owned(),
                    since: s.created_at,
                })
                .collect(),
        },
        created_at: person.created_at,
        updated_at: person.updated_at,
    })
}

/// A person's fields. On create, `name` is required; on update, fields given replace the
/// stored ones and fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct PersonIn {
    /// The controller's key (create only; default: the default controller).
    pub controller: Option<String>,
    /// Full name.
    pub name: Option<String>,
    /// Phone numbers in any common format.
    pub phones: Option<Vec<String>>,
    /// E-mail addresses.
    pub emails: Option<Vec<String>>,
    /// National identity number.
    pub national_id: Option<String>,
    /// Postal address.
    #[schema(value_type = Option<Object>)]
    pub address: Option<Address>,
    /// Custom fields, each naming the purpose it serves.
    #[schema(value_type = Option<Vec<Object>>)]
    pub custom_fields: Option<Vec<CustomField>>,
    /// Customer lists.
    pub lists: Option<Vec<String>>,
    /// Preferred language: sv, nb, da, fi or en.
    pub language: Option<String>,
    /// The request this change answers (rectification).
    pub request: Option<String>,
    /// A business contact (a company's role address): the controller's country decides
    /// whether its electronic-mail marketing rule covers them (docs/marketing-law.md).
    pub business_contact: Option<bool>,
}

/// Merge `input` into `profile`, parsing every identifier; returns the digests to store.
pub(crate) fn merge(
    state: &AppState,
    controller: &ControllerView,
    profile: &mut Profile,
    lists: &mut Vec<String>,
    input: PersonIn,
) -> ApiResult<PersonInput> {
    let reading = Reading::of(controller, state.clock.now(), None);
    let business_contact = input.business_contact;
    let mut errors: Vec<FieldError> = Vec::new();
    if let Some(name) = input.name {
        match input::text(&name, "name", 300) {
            Ok(n) => profile.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(phones) = input.phones {
        profile.phones.clear();
        for (i, raw) in phones.iter().enumerate() {
            match reading.phone(raw, format_args!("phones[{i}]")) {
                Ok(p) if !profile.phones.iter().any(|x| x == p.e164()) => {
                    profile.phones.push(p.e164().to_owned());
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(emails) = input.emails {
        profile.emails.clear();
        for (i, raw) in emails.iter().enumerate() {
            match reading.email(raw, format_args!("emails[{i}]")) {
                Ok(e) if !profile.emails.iter().any(|x| x == e.as_str()) => {
                    profile.emails.push(e.as_str().to_owned());
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(raw) = input.national_id {
        if raw.trim().is_empty() {
            profile.national_id = None;
            profile.national_id_country = None;
        } else {
            match reading.national_id(&raw, "national_id") {
                Ok(id) => {
                    profile.national_id = Some(id.as_str().to_owned());
                    profile.national_id_country = Some(id.country().code().to_owned());
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(address) = input.address {
        profile.address = Some(address);
    }
    if let Some(fields) = input.custom_fields {
        let index = state.follower.index();
        for (i, f) in fields.iter().enumerate() {
            if index.purpose(controller.record.id, &f.purpose).is_none() {
                errors.push(FieldError {
                    field: format!("custom_fields[{i}].purpose"),
                    message: "no purpose of the controller has this key: every field must serve a declared purpose".into(),
                });
            }
            if f.name.trim().is_empty() {
                errors.push(FieldError {
                    field: format!("custom_fields[{i}].name"),
                    message: "required".into(),
                });
            }
        }
        profile.custom_fields = fields;
    }
    if let Some(l) = input.lists {
        *lists = l
            .into_iter()
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect();
    }
    if let Some(lang) = input.language {
        if ["sv", "nb", "no", "da", "fi", "en"].contains(&lang.as_str()) {
            profile.language = Some(lang);
        } else {
            errors.push(FieldError {
                field: "language".into(),
                message: "one of sv, nb, da, fi, en".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let key = state.store.keys().digest();
    let mut digests = Vec::new();
    for p in &profile.phones {
        digests.push((
            vern_core::IdentifierKind::Phone,
            vern_core::identifier::phone_digest(key, p),
        ));
    }
    for e in &profile.emails {
        digests.push((
            vern_core::IdentifierKind::Email,
            vern_core::identifier::email_digest(key, e),
        ));
    }
    if let (Some(id), Some(country)) = (&profile.national_id, &profile.national_id_country) {
        digests.push((
            vern_core::IdentifierKind::NationalId,
            key.digest(&format!("national_id.{}", country.to_ascii_lowercase()), id),
        ));
    }
    digests.extend(crate::marketing::held_address(
        key,
        controller.record.country,
        profile,
    ));
    Ok(PersonInput {
        profile: profile.clone(),
        digests,
        lists: lists.clone(),
        business_contact,
    })
}

/// Create a person. Identifiers are normalized; a bad one is a 422 naming the field, and
/// nothing is stored.
#[utoipa::path(post, path = "/v1/people", tag = "register", request_body = PersonIn,
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = PersonOut), (status = 422, body = ErrorBody)))]
pub async fn create_person(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Body(input): Body<PersonIn>,
) -> ApiResult<(StatusCode, Json<PersonOut>)> {
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    if input.name.is_none() {
        return Err(ApiError::invalid_field("name", "required"));
    }
    let mut profile = Profile::default();
    let mut lists = Vec::new();
    let person_input = merge(&state, &controller, &mut profile, &mut lists, input)?;
    let (person, seq) = state
        .store
        .create_person(
            &caller.actor(),
            state.clock.now(),
            controller.record.id,
            &person_input,
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((StatusCode::CREATED, Json(person_out(&state, person).await?)))
}

/// Look up people by an identifier.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// A phone number.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A national identity number.
    pub national_id: Option<String>,
    /// The controller's key (default: the default controller).
    pub controller: Option<String>,
}

/// People found.
#[derive(Debug, Serialize, ToSchema)]
pub struct PeopleOut {
    /// The people holding any of the identifiers.
    pub people: Vec<PersonOut>,
}

/// Find people by phone, e-mail or national id, in any format.
#[utoipa::path(get, path = "/v1/people", tag = "register", params(LookupQuery),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = PeopleOut), (status = 422, body = ErrorBody)))]
pub async fn find_people(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Params(q): Params<LookupQuery>,
) -> ApiResult<Json<PeopleOut>> {
    let controller = input::controller(&state.follower.index(), q.controller.as_deref())?;
    let ids = IdentifiersIn {
        phone: q.phone,
        email: q.email,
        national_id: q.national_id,
    };
    if ids.is_empty() {
        return Err(ApiError::invalid_field(
            "phone",
            "give phone, email or national_id",
        ));
    }
    let parsed = Reading::of(&controller, state.clock.now(), None)
        .identifiers(&ids, "query")
        .map_err(ApiError::invalid)?;
    let digests: Vec<IdentifierDigest> = parsed
        .iter()
        .map(|i: &Identifier| i.digest(state.store.keys().digest()))
        .collect();
    let people = state
        .store
        .find_people(controller.record.id, &digests)
        .await?;
    let mut out = Vec::with_capacity(people.len());
    for p in people {
        out.push(person_out(&state, p).await?);
    }
    Ok(Json(PeopleOut { people: out }))
}

/// One person, with the purposes of their fields and what blocks marketing to them.
#[utoipa::path(get, path = "/v1/people/{id}", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = PersonOut), (status = 404, body = ErrorBody)))]
pub async fn get_person(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PersonOut>> {
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(person_out(&state, person).await?))
}

/// Correct a person's data (rectification, Art. 16). Old and new values are recorded in the
/// ledger as digests.
#[utoipa::path(patch, path = "/v1/people/{id}", tag = "register", request_body = PersonIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = PersonOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_person(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(mut input): Body<PersonIn>,
) -> ApiResult<Json<PersonOut>> {
    if input.controller.is_some() {
        return Err(ApiError::invalid_field(
            "controller",
            "a person cannot move between controllers",
        ));
    }
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    let controller = state
        .follower
        .index()
        .controller_by_id(person.controller)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let request = input.request.take();
    let mut profile = person.profile;
    let mut lists = person.lists;
    let person_input = merge(&state, &controller, &mut profile, &mut lists, input)?;
    let (person, seq) = state
        .store
        .update_person(
            &caller.actor(),
            state.clock.now(),
            &id,
            &person_input,
            request.as_deref(),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(Json(person_out(&state, person).await?))
}

/// Evidence of a consent event.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EvidenceIn {
    /// How it was collected: web_form, call, sms, email, import, api, in_person, paper.
    pub source: String,
    /// When the person expressed it (default: now).
    pub at: Option<String>,
    /// Who recorded or witnessed it.
    pub by: Option<String>,
    /// The text shown to the person.
    pub text: Option<String>,
    /// The version of the text or form.
    pub version: Option<String>,
    /// A reference: form id, call id, message id.
    pub reference: Option<String>,
    /// The IP address it came from.
    pub ip: Option<String>,
}

/// A consent to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentIn {
    /// The purpose's key.
    pub purpose: String,
    /// The channels it covers.
    pub channels: Vec<String>,
    /// `granted` or `withdrawn`.
    pub state: String,
    /// The evidence.
    pub evidence: EvidenceIn,
    /// When a grant lapses.
    pub expires_at: Option<String>,
}

/// One purpose on one channel, now.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentStateOut {
    /// Purpose key.
    pub purpose: String,
    /// Channel.
    pub channel: String,
    /// unknown, granted, withdrawn or expired.
    pub state: String,
    /// Since when.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub since: Option<time::OffsetDateTime>,
}

/// A person's consent: the current state of every purpose on every channel it declares, and the
/// full history with evidence.
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentsOut {
    /// Current state.
    pub current: Vec<ConsentStateOut>,
    /// Every event, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: Vec<ConsentRecord>,
    /// On a consent just granted: what still stands in its way (`objection.direct_marketing`
    /// while the person's objection to direct marketing stands; only the person can withdraw it).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<crate::objection::Warning>,
}

pub(crate) const SOURCES: [&str; 8] = [
    "web_form",
    "call",
    "sms",
    "email",
    "import",
    "api",
    "in_person",
    "paper",
];

pub(crate) async fn consents_out(state: &AppState, person: &Person) -> ApiResult<ConsentsOut> {
    let history = state.store.list_consents(&person.id).await?;
    let facts: Vec<ConsentFact> = history
        .iter()
        .filter_map(|r| {
            Some(ConsentFact {
                purpose: PurposeKey::parse(&r.purpose).ok()?,
                channel: r.channel,
                action: r.action,
                at: r.given_at,
                expires_at: r.expires_at,
            })
        })
        .collect();
    let now = state.clock.now();
    let purposes = state.store.list_purposes(Some(person.controller)).await?;
    let mut current = Vec::new();
    for p in purposes {
        for channel in p.purpose.channels.iter() {
            let (st, latest) = consent::current(&facts, &p.purpose.key, channel, now);
            current.push(ConsentStateOut {
                purpose: p.purpose.key.to_string(),
                channel: channel.as_str().to_owned(),
                state: st.as_str().to_owned(),
                since: latest.map(|f| f.at),
            });
        }
    }
    Ok(ConsentsOut {
        current,
        history,
        warnings: Vec::new(),
    })
}

/// A person's consent state and history.
#[utoipa::path(get, path = "/v1/people/{id}/consents", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = ConsentsOut), (status = 404, body = ErrorBody)))]
pub async fn list_consents(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ConsentsOut>> {
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(consents_out(&state, &person).await?))
}

/// Grant or withdraw consent for a purpose on one or more channels, with its evidence.
/// Withdrawing takes exactly what granting takes (Art. 7(3)).
#[utoipa::path(post, path = "/v1/people/{id}/consents", tag = "register", request_body = ConsentIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = ConsentsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn record_consent(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ConsentIn>,
) -> ApiResult<(StatusCode, Json<ConsentsOut>)> {
    let person = state.store.get_person(&id).await.map_err(not_found)?;
    let now = state.clock.now();
    let consent = consent_input(&state, &person, input, &caller.key.name)?;
    let (_, seq) = state
        .store
        .record_consent(&caller.actor(), now, &id, &consent)
        .await?;
    state.follower.sync_to(seq).await?;
    let mut out = consents_out(&state, &person).await?;
    if consent.action == vern_core::consent::ConsentAction::Granted {
        out.warnings = crate::objection::standing(&state, &person).await?;
    }
    Ok((StatusCode::CREATED, Json(out)))
}

/// Check a consent to record against the person's controller and turn it into the store's
/// input; `recorded_by` is who recorded it when the evidence names nobody. The API and the web UI
/// both go through here.
pub(crate) fn consent_input(
    state: &AppState,
    person: &Person,
    input: ConsentIn,
    recorded_by: &str,
) -> ApiResult<ConsentInput> {
    let now = state.clock.now();
    let mut errors = Vec::new();
    let purpose = state
        .follower
        .index()
        .purpose(person.controller, &input.purpose)
        .cloned();
    let Some(purpose) = purpose else {
        return Err(ApiError::invalid_field(
            "purpose",
            "no purpose of the person's controller has this key",
        ));
    };
    let channels: ChannelSet = match input
        .channels
        .iter()
        .map(|c| c.parse::<Channel>())
        .collect::<Result<ChannelSet, _>>()
    {
        Ok(set) if set.is_empty() => {
            errors.push(FieldError {
                field: "channels".into(),
                message: "name at least one channel".into(),
            });
            set
        }
        Ok(set) => {
            if let Some(c) = set.iter().find(|c| !purpose.channels.contains(*c)) {
                errors.push(FieldError {
                    field: "channels".into(),
                    message: format!("the purpose does not declare the channel {c}"),
                });
            }
            set
        }
        Err(e) => {
            errors.push(FieldError {
                field: "channels".into(),
                message: e.to_string(),
            });
            ChannelSet::EMPTY
        }
    };
    let action = match input.state.as_str() {
        "granted" => ConsentAction::Granted,
        "withdrawn" => ConsentAction::Withdrawn,
        _ => {
            errors.push(FieldError {
                field: "state".into(),
                message: "granted or withdrawn".into(),
            });
            ConsentAction::Granted
        }
    };
    if !SOURCES.contains(&input.evidence.source.as_str()) {
        errors.push(FieldError {
            field: "evidence.source".into(),
            message: format!("one of {}", SOURCES.join(", ")),
        });
    }
    let given_at = input::instant(input.evidence.at.as_deref(), "evidence.at")?.unwrap_or(now);
    if given_at > now + time::Duration::minutes(5) {
        errors.push(FieldError {
            field: "evidence.at".into(),
            message: "cannot be in the future".into(),
        });
    }
    let expires_at = input::instant(input.expires_at.as_deref(), "expires_at")?;
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    Ok(ConsentInput {
        purpose: input.purpose,
        channels,
        action,
        given_at,
        expires_at,
        source: input.evidence.source,
        evidence: Evidence {
            by: input.evidence.by.or_else(|| Some(recorded_by.to_owned())),
            text: input.evidence.text,
            version: input.evidence.version,
            reference: input.evidence.reference,
            ip: input.evidence.ip,
        },
    })
}

/// Why a restriction is placed or lifted.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct RestrictionIn {
    /// The reason (accuracy contested, objection pending, …).
    pub reason: Option<String>,
    /// The request this answers.
    pub request: Option<String>,
}

/// A person's restrictions.
#[derive(Debug, Serialize, ToSchema)]
pub struct RestrictionsOut {
    /// Whether one is in force.
    pub restricted: bool,
    /// Every restriction, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub restrictions: Vec<RestrictionRecord>,
}

async fn restrictions_out(state: &AppState, id: &str) -> ApiResult<RestrictionsOut> {
    let restrictions = state.store.list_restrictions(id).await?;
    Ok(RestrictionsOut {
        restricted: restrictions.iter().any(|r| r.lifted_at.is_none()),
        restrictions,
    })
}

/// A person's restrictions (Art. 18).
#[utoipa::path(get, path = "/v1/people/{id}/restriction", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RestrictionsOut), (status = 404, body = ErrorBody)))]
pub async fn list_restrictions(
    _: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<RestrictionsOut>> {
    state.store.get_person(&id).await.map_err(not_found)?;
    Ok(Json(restrictions_out(&state, &id).await?))
}

/// Put a person on hold: while restricted nothing may be done with the data but storage.
#[utoipa::path(post, path = "/v1/people/{id}/restriction", tag = "register", request_body = RestrictionIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = RestrictionsOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn place_restriction(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<RestrictionIn>,
) -> ApiResult<(StatusCode, Json<RestrictionsOut>)> {
    let reason = input
        .reason
        .as_deref()
        .map(|r| input::text(r, "reason", 2000))
        .transpose()
        .map_err(|e| ApiError::invalid(vec![e]))?;
    let Some(reason) = reason else {
        return Err(ApiError::invalid_field("reason", "required"));
    };
    state.store.get_person(&id).await.map_err(not_found)?;
    let (_, seq) = state
        .store
        .set_restriction(
            &caller.actor(),
            state.clock.now(),
            &id,
            true,
            &reason,
            input.request.as_deref(),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((
        StatusCode::CREATED,
        Json(restrictions_out(&state, &id).await?),
    ))
}

/// Lift a restriction.
#[utoipa::path(delete, path = "/v1/people/{id}/restriction", tag = "register", request_body = RestrictionIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RestrictionsOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn lift_restriction(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<RestrictionsOut>> {
    // The body is optional here: a DELETE without one lifts with a generic reason.
    let input: RestrictionIn = crate::extract::optional_json(&body)?;
    let reason = input.reason.unwrap_or_else(|| "lifted".to_owned());
    state.store.get_person(&id).await.map_err(not_found)?;
    let (_, seq) = state
        .store
        .set_restriction(
            &caller.actor(),
            state.clock.now(),
            &id,
            false,
            &reason,
            input.request.as_deref(),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(Json(restrictions_out(&state, &id).await?))
}
