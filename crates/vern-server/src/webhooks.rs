//! Recipients of Art. 19 notices (the mailing tool, the dialer, a processor's system): registering
//! one with its signing secret, stopping it, reading its deliveries. `/v1/webhooks` and the staff
//! UI's webhooks page both call these.

use rand::RngCore;
use vern_store::Actor;
use vern_store::model::{Webhook, WebhookDelivery};

use crate::error::{ApiError, ApiResult};
use crate::input;
use crate::state::AppState;

/// The notices a recipient can be sent.
pub(crate) const EVENTS: [&str; 5] = [
    "erasure",
    "rectification",
    "restriction",
    "objection",
    "consent.withdrawn",
];

/// A recipient to register, as a door read it.
#[derive(Debug, Default)]
pub(crate) struct WebhookFields {
    pub(crate) name: String,
    /// https, or http for a local system.
    pub(crate) url: String,
    /// Some of [`EVENTS`]; none: all of them.
    pub(crate) events: Option<Vec<String>>,
    /// The processor agreement it belongs to.
    pub(crate) processor: Option<String>,
}

/// Register a recipient; returns it with its signing secret, which is shown this once.
pub(crate) async fn create(
    state: &AppState,
    actor: &Actor,
    input: WebhookFields,
) -> ApiResult<(Webhook, String)> {
    let name = input::text(&input.name, "name", 200).map_err(|e| ApiError::invalid(vec![e]))?;
    if !(input.url.starts_with("https://") || input.url.starts_with("http://"))
        || input.url.len() > 2000
    {
        return Err(ApiError::invalid_field("url", "an http(s) URL"));
    }
    let events = input
        .events
        .unwrap_or_else(|| EVENTS.map(str::to_owned).to_vec());
    if events.is_empty() {
        return Err(ApiError::invalid_field("events", "name at least one event"));
    }
    if let Some(bad) = events.iter().find(|e| !EVENTS.contains(&e.as_str())) {
        return Err(ApiError::invalid_field(
            "events",
            format!(
                "{bad:?} is not an event: use erasure, rectification, restriction, objection or consent.withdrawn"
            ),
        ));
    }
    if let Some(id) = &input.processor {
        match state.store.get_processor(id).await {
            Ok(_) => {}
            Err(vern_store::StoreError::NotFound) => {
                return Err(ApiError::invalid_field(
                    "processor",
                    "no processor agreement has this id",
                ));
            }
            Err(other) => return Err(other.into()),
        }
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let (webhook, seq) = state
        .store
        .create_webhook(
            actor,
            state.clock.now(),
            &name,
            &input.url,
            &events,
            &secret,
            input.processor.as_deref(),
        )
        .await?;
    state.follower.sync_to(seq).await?;
    Ok((webhook, secret))
}

/// Stop telling a recipient.
pub(crate) async fn disable(state: &AppState, actor: &Actor, id: &str) -> ApiResult<()> {
    let seq = state
        .store
        .disable_webhook(actor, state.clock.now(), id)
        .await
        .map_err(|e| match e {
            vern_store::StoreError::NotFound => ApiError::not_found("webhook"),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(())
}

/// Every recipient, stopped ones too.
pub(crate) async fn list(state: &AppState) -> ApiResult<Vec<Webhook>> {
    Ok(state.store.list_webhooks().await?)
}

/// A recipient's deliveries; a recipient that does not exist is a 404, not an empty list that
/// would hide a wrong id.
pub(crate) async fn deliveries(
    state: &AppState,
    id: &str,
) -> ApiResult<(Webhook, Vec<WebhookDelivery>)> {
    let webhook = list(state)
        .await?
        .into_iter()
        .find(|w| w.id == id)
        .ok_or_else(|| ApiError::not_found("webhook"))?;
    let deliveries = state.store.list_deliveries(id).await?;
    Ok((webhook, deliveries))
}
