//! A person's consent: reading it, and recording a grant or a withdrawal with its evidence.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vern_store::model::ConsentRecord;

use crate::auth::Auth;
use crate::auth::roles::WorkPeople;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Body;
use crate::people::{self, ConsentFields, Consents, EvidenceFields};
use crate::state::AppState;

/// Evidence of a consent event.
#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub(crate) struct EvidenceIn {
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
pub(crate) struct ConsentIn {
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

impl From<ConsentIn> for ConsentFields {
    fn from(i: ConsentIn) -> ConsentFields {
        let e = i.evidence;
        ConsentFields {
            purpose: i.purpose,
            channels: i.channels,
            state: i.state,
            evidence: EvidenceFields {
                source: e.source,
                at: e.at,
                by: e.by,
                text: e.text,
                version: e.version,
                reference: e.reference,
                ip: e.ip,
            },
            expires_at: i.expires_at,
        }
    }
}

/// One purpose on one channel, now.
#[derive(Debug, Serialize, ToSchema)]
pub(super) struct ConsentStateOut {
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
pub(super) struct ConsentsOut {
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

impl From<Consents> for ConsentsOut {
    fn from(c: Consents) -> ConsentsOut {
        ConsentsOut {
            current: c
                .current
                .into_iter()
                .map(|n| ConsentStateOut {
                    purpose: n.purpose,
                    channel: n.channel.as_str().to_owned(),
                    state: n.state.as_str().to_owned(),
                    since: n.since,
                })
                .collect(),
            history: c.history,
            warnings: c.warnings,
        }
    }
}

/// A person's consent state and history.
#[utoipa::path(get, path = "/v1/people/{id}/consents", tag = "register",
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 200, body = ConsentsOut), (status = 404, body = ErrorBody)))]
pub(super) async fn list_consents(
    _: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<ConsentsOut>> {
    Ok(Json(people::consents_of(&state, &id).await?.into()))
}

/// Grant or withdraw consent for a purpose on one or more channels, with its evidence.
/// Withdrawing takes exactly what granting takes (Art. 7(3)).
#[utoipa::path(post, path = "/v1/people/{id}/consents", tag = "register", request_body = ConsentIn,
    params(("id" = String, Path, description = "The person's id")),
    security(("api_key" = ["admin", "privacy_officer", "seller"])),
    responses((status = 201, body = ConsentsOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub(super) async fn record_consent(
    Auth { caller, .. }: Auth<WorkPeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Body(input): Body<ConsentIn>,
) -> ApiResult<(StatusCode, Json<ConsentsOut>)> {
    let recorded =
        people::record_consent(&state, &caller.actor(), &id, input.into(), &caller.key.name)
            .await?;
    Ok((StatusCode::CREATED, Json(recorded.into())))
}
