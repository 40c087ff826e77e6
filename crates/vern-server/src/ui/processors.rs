//! The processor agreements (GDPR Art. 28) as the privacy officer watches them: each agreement
//! with its dates, transfer and standing, the expired, expiring (within 30 days) and
//! review-overdue ones first, and the purposes' free-text recipients still to be linked.

use askama::Template;
use axum::extract::State;

use super::i18n::Texts;
use super::page::{Layout, UiResult, render};
use super::session::Staff;
use crate::auth::roles::ReadProcessors;
use crate::processors;
use crate::state::AppState;

pub(crate) struct AgreementRow {
    id: String,
    controller: String,
    name: String,
    contact: String,
    signed_on: String,
    expires_on: String,
    review_on: String,
    transfer: String,
    status: &'static str,
    status_class: &'static str,
    status_text: &'static str,
}

pub(crate) struct UnlinkedRow {
    controller: String,
    purpose: String,
    recipient: String,
    suggestion: String,
}

#[derive(Template)]
#[template(path = "ui/processors.html")]
struct ProcessorsPage {
    l: Layout,
    t: &'static Texts,
    attention: Vec<AgreementRow>,
    others: Vec<AgreementRow>,
    unlinked: Vec<UnlinkedRow>,
}

/// The register, the agreements that need attention first.
pub(crate) async fn processors_page(
    Staff { me, .. }: Staff<ReadProcessors>,
    State(state): State<AppState>,
) -> UiResult {
    let all = processors::list(&state, None)
        .await
        .map_err(|e| me.fail(e))?;
    let unlinked = processors::unlinked_recipients(&state, None)
        .await
        .map_err(|e| me.fail(e))?;
    let t = me.t;
    let index = state.follower.index();
    let iso = |d: time::Date| d.format(vern_core::calendar::ISO_DATE).unwrap_or_default();
    let (mut attention, mut others) = (Vec::new(), Vec::new());
    for a in all {
        let s = a.standing;
        let r = a.record;
        let (status_class, status_text) = match s.as_str() {
            "expired" => ("badge stop", t.agreement_expired),
            "expiring" => ("badge hold", t.agreement_expiring),
            "review_overdue" => ("badge hold", t.agreement_review_overdue),
            _ => ("badge ok", t.agreement_in_force),
        };
        let row = AgreementRow {
            controller: index
                .controller_by_id(r.controller)
                .map(|c| c.record.key.clone())
                .unwrap_or_default(),
            contact: r.contact,
            signed_on: iso(r.signed_on),
            expires_on: r.expires_on.map(iso).unwrap_or_default(),
            review_on: r.review_on.map(iso).unwrap_or_default(),
            transfer: match (&r.transfer.country, &r.transfer.scc_version) {
                (Some(c), Some(v)) => format!("{c}: {} {v}", r.transfer.mechanism.as_str()),
                (Some(c), None) => format!("{c}: {}", r.transfer.mechanism.as_str()),
                _ => String::new(),
            },
            status: s.as_str(),
            status_class,
            status_text,
            id: r.id,
            name: r.name,
        };
        // Both flags may hold: an agreement that expires soon and is overdue for review.
        if s.expired || s.expiring || s.review_overdue {
            attention.push(row);
        } else {
            others.push(row);
        }
    }
    let unlinked = unlinked
        .into_iter()
        .map(|u| UnlinkedRow {
            controller: u.controller,
            purpose: u.purpose,
            recipient: u.recipient,
            suggestion: u.suggestion.map(|(_, name)| name).unwrap_or_default(),
        })
        .collect();
    render(&ProcessorsPage {
        l: me.layout("processors"),
        t,
        attention,
        others,
        unlinked,
    })
}
