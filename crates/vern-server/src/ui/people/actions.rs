//! The card's actions: recording a consent or an objection, placing or lifting a restriction,
//! and making a share link; each goes back to the card with a notice or the error.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_store::model::{ObjectionInput, ObjectionSource};

use super::card::{card_view, load_error};
use crate::auth::roles::{ManagePeople, Report, SubmitObjections, WorkPeople};
use crate::error::ApiError;
use crate::people::{ConsentFields, EvidenceFields};
use crate::share_link;
use crate::state::AppState;
use crate::ui::page::{Form, Me, UiResult, render, render_status, see_other};
use crate::ui::session::Staff;

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
    let fields = ConsentFields {
        purpose: form.text("purpose"),
        channels: form.all("channels"),
        state: form.text("state"),
        evidence: EvidenceFields {
            source: form.text("source"),
            text: form.get("text"),
            reference: form.get("reference"),
            ..EvidenceFields::default()
        },
        expires_at: None,
    };
    let result = crate::people::record_consent(&state, &me.actor, &id, fields, &me.user.email)
        .await
        .map(|_| ());
    after(&me, &state, &id, "consent", result).await
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
        let digests = crate::objection::profile_digests(&state, &person.profile);
        if digests.is_empty() {
            return Err(ApiError::invalid_field("identifiers", me.t.no_identifiers));
        }
        let objection = ObjectionInput {
            kind,
            source,
            controller: (form.text("scope") != "all").then_some(person.controller),
            request_controller: person.controller,
            digests,
            agent_key: None,
            received_at: None,
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
    let reason = form.get("reason");
    let result = match (place, reason) {
        (true, Some(reason)) => {
            crate::people::place_restriction(&state, &me.actor, &id, &reason, None).await
        }
        // The form's reason is required to place one; said in the staff member's language.
        (true, None) => Err(ApiError::invalid_field("reason", me.t.reason_required)),
        (false, reason) => {
            crate::people::lift_restriction(&state, &me.actor, &id, reason.as_deref(), None).await
        }
    }
    .map(|_| ());
    after(
        &me,
        &state,
        &id,
        if place { "restricted" } else { "lifted" },
        result,
    )
    .await
}

/// Record an Art. 14(5) ground for not giving the Art. 14 notice, with its reason.
pub(crate) async fn art14_exemption(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: Form,
) -> UiResult {
    let result = crate::art14::record_exemption(
        &state,
        &me.actor,
        &me.user.email,
        &id,
        &form.text("exemption"),
        &form.text("reason"),
    )
    .await
    .map(|_| ());
    after(&me, &state, &id, "art14_exempt", result).await
}

/// Send an Art. 14 notice the outbox gave up again (the API's retry).
pub(crate) async fn art14_retry(
    Staff { me, .. }: Staff<ManagePeople>,
    State(state): State<AppState>,
    Path(id): Path<String>,
    _form: Form,
) -> UiResult {
    let result = crate::art14::retry(&state, &me.actor, &id)
        .await
        .map(|_| ());
    after(&me, &state, &id, "art14_retry", result).await
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
