//! A person's own say over the marketing they get, with no staff in between: one-click
//! unsubscribe links for marketing e-mail (RFC 8058), the preference centre reached by a signed
//! link, and the Global Privacy Control signal. Art. 21(5) lets a person object "by automated
//! means using technical specifications"; Art. 7(3) wants withdrawing as easy as consenting.
//!
//! Every change is written only when it changes something (`PreferenceStore`), so a link
//! followed twice records nothing twice, and the in-memory index follows the write before the
//! answer goes out, so the next check sees it. The API, the public pages and any job call these
//! use cases; the routes only translate HTTP.

mod centre;
mod texts;
mod unsubscribe;

pub(crate) use centre::{Centre, Objected, Refused};
pub(crate) use texts::{Texts, texts};
pub(crate) use unsubscribe::{ONE_CLICK, Opened, Unsubscribed};

use axum::http::HeaderMap;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{ControllerId, IdentifierDigest, IdentifierKind};
use vern_store::Actor;
use vern_store::model::{ObjectionContext, ObjectionInput, ObjectionSource};

use crate::error::ApiResult;
use crate::state::AppState;

pub(crate) use centre::{change, issue_link, link_path, object, open as open_centre, view};
pub(crate) use unsubscribe::{
    is_one_click, issue, open as open_unsubscribe, person as unsubscriber, unsubscribe,
    what_a_click_does,
};

/// Whether a request carries the Global Privacy Control signal. The specification: a server
/// ignores `Sec-GPC` unless its value is exactly `1`, and one `1` among several headers counts
/// as the signal.
pub(crate) fn gpc(headers: &HeaderMap) -> bool {
    headers
        .get_all("sec-gpc")
        .iter()
        .any(|value| value.as_bytes() == b"1")
}

/// Record, unless one stands already for every identifier, the person's objection to direct
/// marketing by `controller`, conveyed by `source`. Returns whether anything was recorded, once
/// the index has it.
pub(crate) async fn object_once(
    state: &AppState,
    controller: ControllerId,
    digests: Vec<(IdentifierKind, IdentifierDigest)>,
    identifiers: &[String],
    source: ObjectionSourceKind,
) -> ApiResult<bool> {
    let input = ObjectionInput {
        kind: ObjectionKind::DirectMarketing,
        source: ObjectionSource {
            kind: source,
            agent_name: None,
            mandate_reference: None,
            mandate_verification: None,
        },
        controller: Some(controller),
        request_controller: controller,
        digests,
        agent_key: None,
        received_at: None,
    };
    let context = ObjectionContext {
        request: None,
        evidence: None,
        identifiers,
    };
    match state
        .store
        .record_objection_once(&Actor::Subject, state.clock.now(), &input, context)
        .await?
    {
        Some((_, seq)) => {
            state.follower.sync_to(seq).await?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Honour the GPC signal sent with a request whose sender a one-time code confirmed: their
/// objection to the request's controller's direct marketing, for every identifier the request
/// is about. Returns whether it stands (`false`: the request names no identifier).
pub(crate) async fn object_for_request(
    state: &AppState,
    record: &vern_store::model::RequestRecord,
) -> ApiResult<bool> {
    let (digests, forms) = crate::objection::request_digests(state, record).await?;
    if digests.is_empty() {
        return Ok(false);
    }
    object_once(
        state,
        record.controller,
        digests,
        &forms,
        ObjectionSourceKind::Gpc,
    )
    .await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn only_exactly_one_is_the_gpc_signal() {
        let mut headers = HeaderMap::new();
        assert!(!gpc(&headers));
        for value in ["0", "true", " 1", "1 ", "yes"] {
            headers.insert("sec-gpc", HeaderValue::from_static(value));
            assert!(!gpc(&headers), "{value}");
        }
        headers.insert("sec-gpc", HeaderValue::from_static("1"));
        assert!(gpc(&headers));
        // Several headers: one exact `1` is enough (GPC specification, "Sec-GPC header").
        headers.insert("sec-gpc", HeaderValue::from_static("0"));
        headers.append("sec-gpc", HeaderValue::from_static("1"));
        assert!(gpc(&headers));
    }
}
