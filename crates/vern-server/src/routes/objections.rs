//! Objections (Art. 21) and the global block list.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::request::RequestKind;
use vern_core::{IdentifierDigest, Role};
use vern_store::model::{
    ObjectionContext, ObjectionInput, ObjectionSource, SuppressionRecord, WithdrawnBy,
};

use crate::auth::Auth;
use crate::auth::roles::{ManageBlocklist, ReadBlocklist, SubmitObjections};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Body, Params};
use crate::input::{self, IdentifiersIn, Reading};
use crate::requests::{Arrival, StaffVerification, opening};
use crate::state::AppState;

pub(crate) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record_objection))
        .routes(routes!(withdraw_objection))
        .routes(routes!(list_blocklist, add_to_blocklist))
        .routes(routes!(lookup_blocklist))
        .routes(routes!(remove_from_blocklist))
}

/// Who conveyed the objection: a kind (`subject`, `sms`, `register`, `staff`), or an
/// authorized agent with its mandate.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub(crate) enum SourceIn {
    /// Just the kind.
    Kind(String),
    /// The kind with the agent's mandate.
    Full {
        /// subject, authorized_agent, sms, register or staff.
        #[serde(rename = "type")]
        kind: String,
        /// The agent's name.
        agent_name: Option<String>,
        /// The mandate's reference.
        mandate_reference: Option<String>,
        /// How the mandate was verified (BankID, signed letter).
        mandate_verification: Option<String>,
    },
}

/// An objection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ObjectionIn {
    /// Who objects: any of phone, email, national_id.
    pub identifiers: IdentifiersIn,
    /// `direct_marketing` (Art. 21(2)-(3), absolute) or `general` (Art. 21(1)).
    pub kind: String,
    /// Who conveyed it.
    pub source: Option<SourceIn>,
    /// A controller's key, or `all` for every controller (default: the default controller).
    pub controller: Option<String>,
}

/// The receipt. It is the same whether or not vern knows the person.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ObjectionOut {
    /// The objection's id.
    pub id: String,
    /// Always `recorded`.
    pub status: &'static str,
    /// The kind.
    pub kind: String,
    /// `all` or the controller's key.
    pub scope: String,
    /// When it was received.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub received_at: time::OffsetDateTime,
    /// For a general objection: the request opened for the balancing decision.
    pub request: Option<String>,
}

fn source_kind(text: &str) -> Option<ObjectionSourceKind> {
    Some(match text {
        "subject" => ObjectionSourceKind::Subject,
        "authorized_agent" => ObjectionSourceKind::AuthorizedAgent,
        "sms" => ObjectionSourceKind::Sms,
        "register" => ObjectionSourceKind::Register,
        "staff" => ObjectionSourceKind::Staff,
        _ => return None,
    })
}

/// Record an objection. A direct-marketing objection becomes a suppression of every given
/// identifier on every channel at once, kept as digests even when no person matches; it never
/// changes or ends anything else about the person. A general objection opens a request.
#[utoipa::path(post, path = "/v1/objections", tag = "objections", request_body = ObjectionIn,
    security(("api_key" = ["admin", "privacy_officer", "seller", "authorized_agent"])),
    responses((status = 202, body = ObjectionOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn record_objection(
    Auth { caller, .. }: Auth<SubmitObjections>,
    State(state): State<AppState>,
    Body(input): Body<ObjectionIn>,
) -> ApiResult<(StatusCode, Json<ObjectionOut>)> {
    let kind = match input.kind.as_str() {
        "direct_marketing" => ObjectionKind::DirectMarketing,
        "general" => ObjectionKind::General,
        _ => {
            return Err(ApiError::invalid_field(
                "kind",
                "direct_marketing or general",
            ));
        }
    };
    let is_agent = caller.role == Role::AuthorizedAgent;
    let (kind_text, agent_name, mandate_reference, mandate_verification) = match input.source {
        None if is_agent => ("authorized_agent".to_owned(), None, None, None),
        None => ("staff".to_owned(), None, None, None),
        Some(SourceIn::Kind(k)) => (k, None, None, None),
        Some(SourceIn::Full {
            kind,
            agent_name,
            mandate_reference,
            mandate_verification,
        }) => (kind, agent_name, mandate_reference, mandate_verification),
    };
    let source_kind = source_kind(&kind_text).ok_or_else(|| {
        ApiError::invalid_field(
            "source.type",
            "subject, authorized_agent, sms, register or staff",
        )
    })?;
    if is_agent && source_kind != ObjectionSourceKind::AuthorizedAgent {
        return Err(ApiError::invalid_field(
            "source.type",
            "an authorized agent's objections have the source authorized_agent",
        ));
    }
    let source = if source_kind == ObjectionSourceKind::AuthorizedAgent {
        let agent_name = agent_name.or_else(|| is_agent.then(|| caller.key.name.clone()));
        let mut missing = Vec::new();
        for (field, v) in [
            ("source.agent_name", &agent_name),
            ("source.mandate_reference", &mandate_reference),
            ("source.mandate_verification", &mandate_verification),
        ] {
            if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                missing.push(crate::error::FieldError {
                    field: field.into(),
                    message: "required for an authorized agent".into(),
                });
            }
        }
        if !missing.is_empty() {
            return Err(ApiError::invalid(missing));
        }
        ObjectionSource {
            kind: source_kind,
            agent_name,
            mandate_reference,
            mandate_verification,
        }
    } else {
        ObjectionSource {
            kind: source_kind,
            agent_name: None,
            mandate_reference: None,
            mandate_verification: None,
        }
    };
    let (scope, reading_controller) = {
        let index = state.follower.index();
        match input.controller.as_deref() {
            Some("all") => (None, input::controller(&index, None)?),
            other => {
                let c = input::controller(&index, other)?;
                (Some(c.record.id), c)
            }
        }
    };
    if input.identifiers.is_empty() {
        return Err(ApiError::invalid_field(
            "identifiers",
            "give phone, email or national_id",
        ));
    }
    let now = state.clock.now();
    let ids = Reading::of(&reading_controller, now, None)
        .identifiers(&input.identifiers, "identifiers")
        .map_err(ApiError::invalid)?;
    let objection = ObjectionInput {
        kind,
        source,
        controller: scope,
        request_controller: reading_controller.record.id,
        digests: input::digests(state.store.keys(), &ids),
        agent_key: is_agent.then(|| caller.key.id.clone()),
        received_at: None,
    };
    // A general objection opens a request as `/v1/requests` opens one: matched, kept and
    // acknowledged alike.
    let opened = match kind {
        ObjectionKind::General => {
            let arrival = Arrival {
                kind: RequestKind::Objection,
                received_via: if is_agent { "authorized_agent" } else { "api" }.to_owned(),
                received_at: now,
                name: None,
                message: None,
                agent_key: objection.agent_key.clone(),
                language: None,
                verified_by: None,
                direct_marketing: false,
            };
            Some(opening(&state, &reading_controller, &ids, None, arrival).await?)
        }
        ObjectionKind::DirectMarketing => None,
    };
    let forms: Vec<String> = ids.iter().map(crate::objection::notice_form).collect();
    let context = ObjectionContext {
        request: opened.as_ref().map(|(r, m)| (r, m.as_slice())),
        evidence: None,
        identifiers: &forms,
    };
    let (record, seq) = state
        .store
        .record_objection_in(&caller.actor(), now, &objection, context)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ObjectionOut {
            id: record.id,
            status: "recorded",
            kind: input.kind,
            scope: scope.map_or_else(
                || "all".to_owned(),
                |_| reading_controller.record.key.clone(),
            ),
            received_at: record.received_at,
            request: record.request_id,
        }),
    ))
}

/// A withdrawal of a direct-marketing objection: by the person (staff record how they verified
/// them, or name the request a code verified) or by the authorized agent that filed it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct WithdrawalIn {
    /// The person's identifiers: any of phone, email, national_id.
    pub identifiers: IdentifiersIn,
    /// The controller whose marketing the person accepts again (default: the default controller).
    pub controller: Option<String>,
    /// Staff: how they verified the person (in_person, bankid, id_document, signed_letter,
    /// known_sender).
    pub verification: Option<StaffVerification>,
    /// Staff: or the request, verified by the person's one-time code, that asks for it.
    pub request: Option<String>,
    /// An authorized agent: the mandate reference it gave with the objection.
    pub mandate_reference: Option<String>,
}

/// The withdrawal.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct WithdrawalOut {
    /// The withdrawal's id.
    pub id: String,
    /// Always `withdrawn`.
    pub status: &'static str,
    /// The objections withdrawn; they stay in the history.
    pub objections: Vec<String>,
    /// How many suppressions ended.
    pub lifted: u64,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub withdrawn_at: time::OffsetDateTime,
}

/// Withdraw a direct-marketing objection: only the person (verified) or the agent that filed
/// it (with its mandate reference) may. The suppressions end for the person's identifiers only;
/// the objection stays in the history and the withdrawal is a ledger entry. Block-list and
/// register entries are not objections and stay.
#[utoipa::path(post, path = "/v1/objections/withdrawals", tag = "objections", request_body = WithdrawalIn,
    security(("api_key" = ["admin", "privacy_officer", "seller", "authorized_agent"])),
    responses((status = 201, body = WithdrawalOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn withdraw_objection(
    Auth { caller, .. }: Auth<SubmitObjections>,
    State(state): State<AppState>,
    Body(input): Body<WithdrawalIn>,
) -> ApiResult<(StatusCode, Json<WithdrawalOut>)> {
    let is_agent = caller.role == Role::AuthorizedAgent;
    let by = match (
        is_agent,
        input.verification,
        input.request,
        input.mandate_reference,
    ) {
        (true, None, None, Some(m)) if !m.trim().is_empty() => WithdrawnBy::AuthorizedAgent {
            agent_key: caller.key.id.clone(),
            mandate_reference: m.trim().to_owned(),
        },
        (true, ..) => {
            return Err(ApiError::invalid_field(
                "mandate_reference",
                "an authorized agent withdraws with the mandate reference it filed the objection with",
            ));
        }
        (false, Some(v), None, None) => WithdrawnBy::Subject {
            verification: v.as_str().to_owned(),
            request: None,
        },
        (false, None, Some(r), None) => {
            let request = state.store.get_request(&r).await.map_err(|e| match e {
                vern_store::StoreError::NotFound => ApiError::not_found("request"),
                other => other.into(),
            })?;
            match (request.verified_at, request.verification.as_deref()) {
                (Some(_), Some("code")) => WithdrawnBy::Subject {
                    verification: "code".to_owned(),
                    request: Some(request.id),
                },
                _ => {
                    return Err(ApiError::conflict(
                        "the request is not verified by the person's one-time code",
                    ));
                }
            }
        }
        (false, ..) => {
            return Err(ApiError::invalid_field(
                "verification",
                "only the person may withdraw: give how you verified them (verification) or the request their code verified (request)",
            ));
        }
    };
    if input.identifiers.is_empty() {
        return Err(ApiError::invalid_field(
            "identifiers",
            "give phone, email or national_id",
        ));
    }
    let controller = input::controller(&state.follower.index(), input.controller.as_deref())?;
    let now = state.clock.now();
    let ids = Reading::of(&controller, now, None)
        .identifiers(&input.identifiers, "identifiers")
        .map_err(ApiError::invalid)?;
    let withdrawal = crate::objection::withdrawal(&state, &controller, &ids, by).await?;
    let (record, seq) = state
        .store
        .withdraw_objection(&caller.actor(), now, &withdrawal)
        .await
        .map_err(|e| match e {
            vern_store::StoreError::NotFound => ApiError::not_found(
                "a direct-marketing objection you may withdraw for these identifiers was",
            ),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok((
        StatusCode::CREATED,
        Json(WithdrawalOut {
            id: record.id,
            status: "withdrawn",
            objections: record.objections,
            lifted: record.lifted,
            withdrawn_at: record.withdrawn_at,
        }),
    ))
}

/// A block-list entry. The identifier itself is not kept, only its keyed digest.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BlocklistEntry {
    /// Id.
    pub id: String,
    /// phone, email or national_id.
    pub identifier_kind: String,
    /// The keyed digest, hex.
    pub digest: String,
    /// Why.
    pub reason: Option<String>,
    /// Since when.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String)]
    pub created_at: time::OffsetDateTime,
    /// When removed.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>)]
    pub removed_at: Option<time::OffsetDateTime>,
}

impl From<SuppressionRecord> for BlocklistEntry {
    fn from(s: SuppressionRecord) -> Self {
        BlocklistEntry {
            id: s.id,
            identifier_kind: s.identifier_kind.as_str().to_owned(),
            digest: s.digest,
            reason: s.reason,
            created_at: s.created_at,
            removed_at: s.removed_at,
        }
    }
}

/// Block-list entries.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct BlocklistOut {
    /// The entries.
    pub entries: Vec<BlocklistEntry>,
    /// Pass as `after` for the next page.
    pub next: Option<String>,
}

/// Paging.
#[derive(Debug, Deserialize, IntoParams)]
pub(crate) struct Page {
    /// At most this many (default 100, at most 1000).
    pub limit: Option<i64>,
    /// After this entry id.
    pub after: Option<String>,
}

/// The global block list (digests only).
#[utoipa::path(get, path = "/v1/blocklist", tag = "objections", params(Page),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = BlocklistOut)))]
pub(crate) async fn list_blocklist(
    _: Auth<ReadBlocklist>,
    State(state): State<AppState>,
    Params(page): Params<Page>,
) -> ApiResult<Json<BlocklistOut>> {
    let limit = page.limit.unwrap_or(100).clamp(1, 1000);
    let entries: Vec<BlocklistEntry> = state
        .store
        .list_blocklist(limit, page.after.as_deref())
        .await?
        .into_iter()
        .map(Into::into)
        .collect();
    let next = (i64::try_from(entries.len()).unwrap_or(0) == limit)
        .then(|| entries.last().map(|e| e.id.clone()))
        .flatten();
    Ok(Json(BlocklistOut { entries, next }))
}

/// Identifiers to look up on the block list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub(crate) struct LookupQuery {
    /// A phone number.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A national id.
    pub national_id: Option<String>,
}

/// Whether identifiers are on the block list.
#[utoipa::path(get, path = "/v1/blocklist/lookup", tag = "objections", params(LookupQuery),
    security(("api_key" = ["admin", "privacy_officer", "auditor"])),
    responses((status = 200, body = BlocklistOut), (status = 422, body = ErrorBody)))]
pub(crate) async fn lookup_blocklist(
    _: Auth<ReadBlocklist>,
    State(state): State<AppState>,
    Params(q): Params<LookupQuery>,
) -> ApiResult<Json<BlocklistOut>> {
    let ids = IdentifiersIn {
        phone: q.phone,
        email: q.email,
        national_id: q.national_id,
    };
    let digests = block_digests(&state, &ids)?;
    let d: Vec<IdentifierDigest> = digests.iter().map(|(_, d)| *d).collect();
    let entries = state
        .store
        .suppressions_with(&d, false)
        .await?
        .into_iter()
        .filter(|s| s.source == "blocklist")
        .map(Into::into)
        .collect();
    Ok(Json(BlocklistOut {
        entries,
        next: None,
    }))
}

fn block_digests(
    state: &AppState,
    ids: &IdentifiersIn,
) -> ApiResult<Vec<(vern_core::IdentifierKind, IdentifierDigest)>> {
    if ids.is_empty() {
        return Err(ApiError::invalid_field(
            "phone",
            "give phone, email or national_id",
        ));
    }
    let controller = input::controller(&state.follower.index(), None)?;
    let parsed = Reading::of(&controller, state.clock.now(), None)
        .identifiers(ids, "identifiers")
        .map_err(ApiError::invalid)?;
    Ok(input::digests(state.store.keys(), &parsed))
}

/// An identifier to block.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct BlockIn {
    /// The identifiers to block, as `/v1/objections` takes them. The flat fields below are the
    /// older form and keep working; give one form, not both.
    pub identifiers: Option<IdentifiersIn>,
    /// A phone number.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A national id.
    pub national_id: Option<String>,
    /// Why (do not write personal data here).
    pub reason: String,
}

/// Put identifiers on the global block list: every direct-marketing purpose of every controller
/// is then denied on every channel.
#[utoipa::path(post, path = "/v1/blocklist", tag = "objections", request_body = BlockIn,
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 201, body = BlocklistOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(crate) async fn add_to_blocklist(
    Auth { caller, .. }: Auth<ManageBlocklist>,
    State(state): State<AppState>,
    Body(input): Body<BlockIn>,
) -> ApiResult<(StatusCode, Json<BlocklistOut>)> {
    let reason =
        input::text(&input.reason, "reason", 500).map_err(|e| ApiError::invalid(vec![e]))?;
    let flat = IdentifiersIn {
        phone: input.phone,
        email: input.email,
        national_id: input.national_id,
    };
    let ids = match input.identifiers {
        Some(_) if !flat.is_empty() => {
            return Err(ApiError::invalid_field(
                "identifiers",
                "give the identifiers either in `identifiers` or as flat fields, not both",
            ));
        }
        Some(object) => object,
        None => flat,
    };
    let digests = block_digests(&state, &ids)?;
    let now = state.clock.now();
    let mut entries = Vec::new();
    let mut last = 0;
    for (kind, digest) in &digests {
        let (record, seq) = state
            .store
            .blocklist_add(&caller.actor(), now, *kind, digest, &reason)
            .await?;
        entries.push(record.into());
        last = seq;
    }
    state.follower.sync_to(last).await?;
    Ok((
        StatusCode::CREATED,
        Json(BlocklistOut {
            entries,
            next: None,
        }),
    ))
}

/// Why an entry is removed.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct UnblockIn {
    /// The reason.
    pub reason: Option<String>,
}

/// Take an entry off the block list.
#[utoipa::path(delete, path = "/v1/blocklist/{id}", tag = "objections",
    params(("id" = String, Path, description = "The entry's id")),
    security(("api_key" = ["admin", "privacy_officer"])),
    responses((status = 200, body = BlocklistEntry), (status = 404, body = ErrorBody)))]
pub(crate) async fn remove_from_blocklist(
    Auth { caller, .. }: Auth<ManageBlocklist>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> ApiResult<Json<BlocklistEntry>> {
    let input: UnblockIn = crate::extract::optional_json(&body)?;
    let reason = input.reason.unwrap_or_else(|| "removed".to_owned());
    let (record, seq) = state
        .store
        .blocklist_remove(&caller.actor(), state.clock.now(), &id, &reason)
        .await
        .map_err(|e| match e {
            vern_store::StoreError::NotFound => ApiError::not_found("block-list entry"),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(Json(record.into()))
}
