//! A person: creating, finding, reading and correcting.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vern_store::model::{Address, CustomField};

use crate::auth::Auth;
use crate::auth::roles::{ManagePeople, WorkPeople};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input::IdentifiersIn;
use crate::people::{self, PersonFields, PersonView};
use crate::state::AppState;

/// A person as the API shows them.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct PersonOut {
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
    /// Where the data came from: `subject` (the person themself), `customer_relationship`,
    /// `purchased_list`, `public_register` or `referral`.
    pub source: String,
    /// The supplier of a purchased list, or who else gave the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supplier: Option<String>,
    /// The Art. 14 notice owed because the data came from elsewhere; absent for `subject`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub art14_notice: Option<Art14NoticeOut>,
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
pub(super) struct CustomFieldOut {
    /// Field name.
    pub name: String,
    /// Value.
    pub value: String,
    /// The purpose's key.
    pub purpose: String,
    /// The purpose's description, to tell the person why it is kept.
    pub purpose_description: Option<String>,
}

/// Where a person's Art. 14 notice stands (GDPR Art. 14(3), 14(5)).
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct Art14NoticeOut {
    /// `owed`, `queued` (in the outbox), `sent`, `failed` (delivery gave up: still owed) or
    /// `exempt` (an Art. 14(5) ground recorded).
    pub state: String,
    /// Whether direct marketing waits for it (`notice.art14_pending` in a check).
    pub pending: bool,
    /// Owed since (when the data were obtained).
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub owed_since: time::OffsetDateTime,
    /// The latest time Art. 14(3)(a) allows: one month after obtaining the data.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub due_at: time::OffsetDateTime,
    /// Owed, with no e-mail address (nor a phone where SMS can be sent) to send it to.
    pub no_address: bool,
    /// When it was queued in the outbox.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub queued_at: Option<time::OffsetDateTime>,
    /// When it went.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub sent_at: Option<time::OffsetDateTime>,
    /// How it went: `email`, `sms` or `first_communication`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent_via: Option<String>,
    /// The Art. 14(5) ground recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption: Option<String>,
    /// Why the ground applies, as recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exemption_reason: Option<String>,
    /// Who recorded the ground.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exempted_by: Option<String>,
    /// While `failed`: why the outbox gave it up, without personal data: `invalid_address`,
    /// `refused` (the mail server or SMS gateway refused it for good), `retries_exhausted`,
    /// `erased` or `other`. A new e-mail address or phone number, or a retry
    /// (`POST /v1/people/{id}/art14-notice/retry`), makes it owed again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<String>,
    /// While `failed`: when the outbox gave it up.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>)]
    pub failed_at: Option<time::OffsetDateTime>,
    /// How many times it was queued in the outbox.
    pub attempts: i64,
}

impl From<crate::art14::NoticeView> for Art14NoticeOut {
    fn from(v: crate::art14::NoticeView) -> Self {
        let n = v.notice;
        Art14NoticeOut {
            pending: n.pending(),
            state: n.state,
            owed_since: n.obtained_at,
            due_at: n.due_at,
            no_address: v.no_address,
            queued_at: n.queued_at,
            sent_at: n.sent_at,
            sent_via: n.sent_via,
            exemption: n.exemption,
            exemption_reason: n.exemption_reason,
            exempted_by: n.exempted_by,
            failure: n.failure,
            failed_at: n.failed_at,
            attempts: n.attempts,
        }
    }
}

/// Whether the person may be marketed to, and why not.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct StatusOut {
    /// True when an objection or the block list forbids direct marketing.
    pub do_not_contact_for_marketing: bool,
    /// The objections and block-list entries covering the person's identifiers.
    pub suppressions: Vec<SuppressionOut>,
}

/// One suppression covering a person.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct SuppressionOut {
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

impl From<PersonView> for PersonOut {
    fn from(view: PersonView) -> PersonOut {
        let do_not_contact_for_marketing = view.do_not_contact();
        let PersonView {
            person,
            controller_key,
            purpose_descriptions,
            suppressions,
            business_contact,
            art14,
        } = view;
        let (source, supplier) = art14.as_ref().map_or_else(
            || ("subject".to_owned(), None),
            |a| (a.notice.source.clone(), a.notice.supplier.clone()),
        );
        let p = person.profile;
        PersonOut {
            id: person.id,
            controller: controller_key,
            name: p.name,
            phones: p.phones,
            emails: p.emails,
            national_id: p.national_id,
            address: p.address,
            custom_fields: p
                .custom_fields
                .into_iter()
                .map(|f| CustomFieldOut {
                    purpose_description: purpose_descriptions.get(&f.purpose).cloned(),
                    name: f.name,
                    value: f.value,
                    purpose: f.purpose,
                })
                .collect(),
            lists: person.lists,
            language: p.language,
            restricted: person.restricted_at.is_some(),
            business_contact,
            source,
            supplier,
            art14_notice: art14.map(Into::into),
            status: StatusOut {
                do_not_contact_for_marketing,
                suppressions: suppressions
                    .into_iter()
                    .map(|s| SuppressionOut {
                        scope: s.controller_key.unwrap_or_else(|| "all".to_owned()),
                        source: s.record.source,
                        identifier_kind: s.record.identifier_kind.as_str().to_owned(),
                        since: s.record.created_at,
                    })
                    .collect(),
            },
            created_at: person.created_at,
            updated_at: person.updated_at,
        }
    }
}

/// A person's fields. On create, `name` is required; on update, fields given replace the
/// stored ones and fields left out stay as they are.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct PersonIn {
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
    /// Where the data came from (create only): `subject` (default: the person themself),
    /// `customer_relationship`, `purchased_list`, `public_register` or `referral`. Anything but
    /// `subject` makes the Art. 14 notice owed, and direct marketing waits for it.
    pub source: Option<String>,
    /// The supplier of a purchased list (required for one), or who else gave the data.
    pub supplier: Option<String>,
}

impl From<PersonIn> for PersonFields {
    fn from(i: PersonIn) -> PersonFields {
        PersonFields {
            controller: i.controller,
            name: i.name,
            phones: i.phones,
            emails: i.emails,
            national_id: i.national_id,
            address: i.address,
            custom_fields: i.custom_fields,
            lists: i.lists,
            language: i.language,
            request: i.request,
            business_contact: i.business_contact,
            source: i.source,
            supplier: i.supplier,
        }
    }
}

/// Create a person. Identifiers are normalized; a bad one is a 422 naming the field, and
/// nothing is stored.
#[utoipa::path(post, path = "/v1/people", tag = "register", request_body = PersonIn,
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = PersonOut), (status = 422, body = ErrorBody)))]
pub(super) async fn create_person(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Body(input): Body<PersonIn>,
) -> ApiResult<(StatusCode, Json<PersonOut>)> {
    let view = people::create(&state, &caller.actor(), input.into()).await?;
    Ok((StatusCode::CREATED, Json(view.into())))
}

/// Look up people by an identifier, or list them a page at a time.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(super) struct LookupQuery {
    /// A phone number (a lookup: not combined with the list's conditions).
    pub phone: Option<String>,
    /// An e-mail address (a lookup).
    pub email: Option<String>,
    /// A national identity number (a lookup).
    pub national_id: Option<String>,
    /// The controller's key (a lookup: default the default controller; a list: every
    /// controller's people unless given).
    pub controller: Option<String>,
    /// Members of this customer list.
    pub list: Option<String>,
    /// Created at or after this RFC 3339 instant.
    pub created_from: Option<String>,
    /// Created before.
    pub created_before: Option<String>,
    /// Last changed at or after.
    pub changed_from: Option<String>,
    /// Last changed before.
    pub changed_before: Option<String>,
    /// With this consent state now, for `consent_purpose` on `consent_channel` (all three
    /// together): `granted`, `withdrawn`, `expired` or `none`.
    pub consent_state: Option<String>,
    /// The purpose of the consent condition.
    pub consent_purpose: Option<String>,
    /// The channel of the consent condition.
    pub consent_channel: Option<String>,
    /// Words of the name, in any case, with or without diacritics (`sjoberg` finds `Sjöberg`);
    /// each word matches a whole word or its beginning, from 3 letters.
    pub q: Option<String>,
    /// The `next_cursor` of the page before.
    pub cursor: Option<String>,
    /// People per page, 1 to 200 (default 50).
    pub limit: Option<u32>,
}

/// People found by an identifier.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct PeopleOut {
    /// The people holding any of the identifiers.
    pub people: Vec<PersonOut>,
}

/// A person in a list.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ListedPersonOut {
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
    /// Customer lists.
    pub lists: Vec<String>,
    /// Whether processing is restricted (Art. 18).
    pub restricted: bool,
    /// Created.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub created_at: time::OffsetDateTime,
    /// Last changed.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub updated_at: time::OffsetDateTime,
}

/// A page of people, in the order they were created.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct PeoplePageOut {
    /// The people on this page.
    pub people: Vec<ListedPersonOut>,
    /// Give it as `cursor` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// A lookup's people, or a page of the list.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum PeopleAnswer {
    /// By phone, e-mail or national id: every person holding one, in full.
    Found(PeopleOut),
    /// Otherwise: a page of the people matching the conditions.
    Page(PeoplePageOut),
}

// Written by hand because the derive makes an untagged enum `oneOf`, and an empty answer
// (`{"people": []}`, with or without `next_cursor`) fits both shapes: `anyOf` says what is true,
// that the body is one or the other (or, empty, both).
impl utoipa::PartialSchema for PeopleAnswer {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::AnyOfBuilder::new()
            .item(utoipa::openapi::Ref::from_schema_name(PeopleOut::name()))
            .item(utoipa::openapi::Ref::from_schema_name(PeoplePageOut::name()))
            .description(Some(
                "By phone, e-mail or national id: every person holding one, in full \
                 (`PeopleOut`); otherwise a page of the people matching the conditions \
                 (`PeoplePageOut`).",
            ))
            .into()
    }
}

impl ToSchema for PeopleAnswer {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        schemas.push((
            PeopleOut::name().into(),
            <PeopleOut as utoipa::PartialSchema>::schema(),
        ));
        <PeopleOut as ToSchema>::schemas(schemas);
        schemas.push((
            PeoplePageOut::name().into(),
            <PeoplePageOut as utoipa::PartialSchema>::schema(),
        ));
        <PeoplePageOut as ToSchema>::schemas(schemas);
    }
}

impl From<people::Page> for PeoplePageOut {
    fn from(page: people::Page) -> PeoplePageOut {
        PeoplePageOut {
            people: page
                .people
                .into_iter()
                .map(|l| {
                    let p = l.person;
                    ListedPersonOut {
                        id: p.id,
                        controller: l.controller_key,
                        name: p.profile.name,
                        phones: p.profile.phones,
                        emails: p.profile.emails,
                        lists: p.lists,
                        restricted: p.restricted_at.is_some(),
                        created_at: p.created_at,
                        updated_at: p.updated_at,
                    }
                })
                .collect(),
            next_cursor: page.next_cursor,
        }
    }
}

/// Find people by phone, e-mail or national id, in any format; or, without those, list people
/// a page at a time (by controller, customer list, when created or changed, consent now, and
/// name). Listing discloses names and identifiers: each page is recorded in the ledger
/// (`people.listed`).
#[utoipa::path(get, path = "/v1/people", tag = "register", params(LookupQuery),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = PeopleAnswer), (status = 422, body = ErrorBody)))]
pub(super) async fn find_people(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Params(q): Params<LookupQuery>,
) -> ApiResult<Json<PeopleAnswer>> {
    let ids = IdentifiersIn {
        phone: q.phone,
        email: q.email,
        national_id: q.national_id,
    };
    let list = people::ListFields {
        controller: q.controller,
        list: q.list,
        created_from: q.created_from,
        created_before: q.created_before,
        changed_from: q.changed_from,
        changed_before: q.changed_before,
        consent_purpose: q.consent_purpose,
        consent_channel: q.consent_channel,
        consent_state: q.consent_state,
        q: q.q,
        cursor: q.cursor,
        limit: q.limit,
    };
    if ids.is_empty() {
        let page = people::list(&state, &caller.actor(), &list, None).await?;
        return Ok(Json(PeopleAnswer::Page(page.into())));
    }
    if let Some(field) = people::list_only_field(&list) {
        return Err(ApiError::invalid_field(
            field,
            "a lookup by phone, email or national_id takes no list conditions",
        ));
    }
    let found = people::find(&state, list.controller.as_deref(), &ids).await?;
    Ok(Json(PeopleAnswer::Found(PeopleOut {
        people: found.into_iter().map(PersonOut::from).collect(),
    })))
}

/// One person, with the purposes of their fields and what blocks marketing to them.
#[utoipa::path(get, path = "/v1/people/{id}", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = PersonOut), (status = 404, body = ErrorBody)))]
pub(super) async fn get_person(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<PersonOut>> {
    Ok(Json(people::get(&state, &id).await?.into()))
}

/// A corrected person, and what they were told of it.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct RectifiedOut {
    /// The person after the correction.
    #[serde(flatten)]
    pub person: PersonOut,
    /// The confirmation to the person (GDPR Art. 12(3), 16).
    pub confirmation: ConfirmationOut,
}

/// What the person was told of a correction.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ConfirmationOut {
    /// `queued` (a message naming the fields is on its way to the corrected address),
    /// `no_address` (fields changed but the person has neither e-mail address nor phone: no
    /// message) or `unchanged` (none of the person's details changed: nothing to tell; a
    /// change of customer lists alone is not told).
    pub state: &'static str,
    /// `email` or `sms`, when queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<&'static str>,
    /// The fields that changed (`name`, `phones`, `emails`, `national_id`, `address`,
    /// `language`, or a custom field's name).
    pub fields: Vec<String>,
}

/// Correct a person's data (rectification, Art. 16). Old and new values are recorded in the
/// ledger as digests; when a field changed, the person is sent a confirmation naming the
/// fields (e-mail first, else SMS, to the corrected address; in their language, else the
/// controller's country's), queued in the same transaction; recipients get the
/// `rectification` webhook (Art. 19).
#[utoipa::path(patch, path = "/v1/people/{id}", tag = "register", request_body = PersonIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = RectifiedOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn update_person(
    Auth { caller, .. }: Auth<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<PersonIn>,
) -> ApiResult<Json<RectifiedOut>> {
    let (view, told) = people::update(&state, &caller.actor(), &id, input.into()).await?;
    Ok(Json(RectifiedOut {
        person: view.into(),
        confirmation: ConfirmationOut {
            state: told.state(),
            channel: told.channel(),
            fields: told.fields().to_vec(),
        },
    }))
}
