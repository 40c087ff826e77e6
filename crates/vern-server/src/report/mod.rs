//! The access report: everything vern holds about one person (GDPR Art. 15), gathered into one
//! documented, versioned structure, [`AccessReport`] (`vern.access-report/1`, described field by
//! field in `docs/access-report.md`). The portability export of Art. 20 is a narrower structure,
//! [`PortabilityExport`] (`vern.portability/1`, in `portability.rs`).
//!
//! It renders three ways: JSON (the structure itself), a zip of CSV files with one file per
//! section ([`to_zip`]), and a printable HTML page ([`to_html`]). The data subject's share-link
//! page is that page in the person's language, with links to download the data as one CSV file
//! ([`to_single_csv`]) or as the JSON report.
//!
//! Gathering reads; it never writes. The caller records the disclosure in the ledger.

use serde_json::Value;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use vern_core::ControllerId;
use vern_core::consent::ConsentAction;
use vern_store::LedgerEntry;
use vern_store::model::{
    Activity, ConsentRecord, Controller, CustomerRelationshipRecord, Deal, Person, Profile,
    PurposeRecord, RequestFilter, RequestRecord, RestrictionRecord, SuppressionRecord, Todo,
};

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

mod csv;
mod html;
mod portability;
mod schema;
mod texts;

pub(crate) use csv::{RenderError, to_single_csv, to_zip};
pub(crate) use html::{LinkStatus, Page, status_html, to_html};
pub(crate) use portability::*;
pub(crate) use schema::*;
pub(crate) use texts::authority_of;
pub(crate) use texts::texts as report_texts;

/// The report's schema name and version. A change that removes or renames a field, or changes
/// a field's meaning, takes a new version; new fields may be added within a version.
pub(crate) const SCHEMA: &str = "vern.access-report/1";

/// The ledger entry kinds that are disclosures of a person's data.
pub(crate) const DISCLOSURE_KINDS: [&str; 4] = [
    "report.generated",
    "share_link.opened",
    "export.downloaded",
    "preferences.shown",
];

/// What a report is built from, read from the store.
#[derive(Debug, Clone)]
pub(crate) struct Sources {
    /// The person.
    pub person: Person,
    /// Their controller.
    pub controller: Controller,
    /// Every controller's key, to name a suppression's scope.
    pub controller_keys: BTreeMap<ControllerId, String>,
    /// The controller's purposes.
    pub purposes: Vec<PurposeRecord>,
    /// Consent history.
    pub consents: Vec<ConsentRecord>,
    /// Suppressions matching the person's identifiers, each with the identifier it matched.
    pub suppressions: Vec<(SuppressionRecord, Option<IdentifierInfo>)>,
    /// Restrictions.
    pub restrictions: Vec<RestrictionRecord>,
    /// Activities.
    pub activities: Vec<Activity>,
    /// Deals.
    pub deals: Vec<Deal>,
    /// Customer relationships.
    pub relationships: Vec<CustomerRelationshipRecord>,
    /// Todos.
    pub todos: Vec<Todo>,
    /// Requests.
    pub requests: Vec<RequestRecord>,
    /// Ledger entries about the person.
    pub ledger: Vec<LedgerEntry>,
}

/// The person's identifiers, as the report lists them.
pub(crate) fn identifiers_of(profile: &Profile) -> Vec<IdentifierInfo> {
    let mut out: Vec<IdentifierInfo> = profile
        .phones
        .iter()
        .map(|p| IdentifierInfo {
            kind: "phone".to_owned(),
            value: p.clone(),
            country: None,
        })
        .chain(profile.emails.iter().map(|e| IdentifierInfo {
            kind: "email".to_owned(),
            value: e.clone(),
            country: None,
        }))
        .collect();
    if let Some(id) = &profile.national_id {
        out.push(IdentifierInfo {
            kind: "national_id".to_owned(),
            value: id.clone(),
            country: profile.national_id_country.clone(),
        });
    }
    out
}

/// Read everything about `person` from the store.
pub(crate) async fn collect(state: &AppState, person: Person) -> ApiResult<Sources> {
    let id = person.id.clone();
    let (controller, controller_keys) = {
        let index = state.follower.index();
        let controller = index
            .controller_by_id(person.controller)
            .map(|c| c.record.clone());
        let keys: BTreeMap<ControllerId, String> = index
            .controllers()
            .map(|c| (c.record.id, c.record.key.clone()))
            .collect();
        (controller, keys)
    };
    let controller = match controller {
        Some(c) => c,
        None => state
            .store
            .list_controllers()
            .await?
            .into_iter()
            .find(|c| c.id == person.controller)
            .ok_or_else(|| ApiError::not_found("controller"))?,
    };
    // Each identifier's digest on its own, so that a match names the identifier it came through.
    let mut by_digest: BTreeMap<String, IdentifierInfo> = BTreeMap::new();
    let mut digests = Vec::new();
    for identifier in identifiers_of(&person.profile) {
        let mut single = Profile::default();
        match identifier.kind.as_str() {
            "phone" => single.phones.push(identifier.value.clone()),
            "email" => single.emails.push(identifier.value.clone()),
            _ => {
                single.national_id = Some(identifier.value.clone());
                single.national_id_country = identifier.country.clone();
            }
        }
        for d in crate::people::person_digests(state, &single) {
            by_digest.insert(d.to_hex(), identifier.clone());
            digests.push(d);
        }
    }
    let suppressions = if digests.is_empty() {
        Vec::new()
    } else {
        state
            .store
            .suppressions_with(&digests, true)
            .await?
            .into_iter()
            // Another controller's objections are that controller's business.
            .filter(|s| s.controller.is_none_or(|c| c == person.controller))
            .map(|s| {
                let matched = by_digest.get(&s.digest).cloned();
                (s, matched)
            })
            .collect()
    };
    Ok(Sources {
        controller,
        controller_keys,
        purposes: state.store.list_purposes(Some(person.controller)).await?,
        consents: state.store.list_consents(&id).await?,
        suppressions,
        restrictions: state.store.list_restrictions(&id).await?,
        activities: state.store.list_activities(&id).await?,
        deals: state.store.list_deals(&id).await?,
        relationships: state.store.list_relationships(&id).await?,
        todos: state.store.list_todos(&id).await?,
        requests: state
            .store
            .list_requests(&RequestFilter {
                person: Some(id.clone()),
                limit: 1000,
                ..RequestFilter::default()
            })
            .await?,
        ledger: state.store.ledger_for(&id).await?,
        person,
    })
}

/// Gather the report about `person` at `now`.
pub(crate) async fn gather(
    state: &AppState,
    person: Person,
    now: OffsetDateTime,
) -> ApiResult<AccessReport> {
    Ok(build(collect(state, person).await?, now))
}

/// The portability export of `person` (Art. 20), recorded in the ledger as the disclosure
/// `report.generated` with the portability schema: the one use case the API's export door calls.
pub(crate) async fn portability(
    state: &AppState,
    actor: &vern_store::Actor,
    person: Person,
) -> ApiResult<PortabilityExport> {
    let now = state.clock.now();
    let id = person.id.clone();
    let export = portability::export(collect(state, person).await?, now);
    state
        .store
        .record_disclosure(
            actor,
            now,
            &id,
            vern_store::model::Disclosure::Report(vern_store::ledger::ReportGenerated {
                format: "json".to_owned(),
                schema: PORTABILITY_SCHEMA.to_owned(),
                via: None,
            }),
        )
        .await?;
    Ok(export)
}

/// The time zone a report's pages show times in: its controller's.
pub(crate) fn zone_of(state: &AppState, report: &AccessReport) -> vern_core::zone::Zone {
    state
        .follower
        .index()
        .controller(&report.controller.key)
        .map_or(vern_core::zone::Zone::Utc, |c| c.zone())
}

/// Put the report together from what the store returned.
pub(crate) fn build(sources: Sources, now: OffsetDateTime) -> AccessReport {
    let Sources {
        person,
        controller,
        controller_keys,
        purposes,
        consents,
        suppressions,
        restrictions,
        activities,
        deals,
        relationships,
        todos,
        requests,
        ledger,
    } = sources;
    let by_key: BTreeMap<&str, &PurposeRecord> = purposes
        .iter()
        .map(|p| (p.purpose.key.as_str(), p))
        .collect();

    let current = crate::people::consent_now(&consents, &purposes, now)
        .into_iter()
        .map(|c| ConsentStateInfo {
            purpose: c.purpose,
            channel: c.channel.as_str().to_owned(),
            state: c.state.as_str().to_owned(),
            since: c.since,
        })
        .collect();
    let history = consents
        .into_iter()
        .map(|r| ConsentEventInfo {
            id: r.id,
            event_id: r.event_id,
            purpose: r.purpose,
            channel: r.channel.as_str().to_owned(),
            action: match r.action {
                ConsentAction::Granted => "granted",
                ConsentAction::Withdrawn => "withdrawn",
            }
            .to_owned(),
            given_at: r.given_at,
            expires_at: r.expires_at,
            source: r.source,
            evidence: r.evidence.map(|e| EvidenceInfo {
                by: e.by,
                text: e.text,
                version: e.version,
                reference: e.reference,
                ip: e.ip,
            }),
            recorded_at: r.recorded_at,
        })
        .collect();

    let profile = person.profile;
    let identifiers = identifiers_of(&profile);
    let custom_fields = profile
        .custom_fields
        .into_iter()
        .map(|f| {
            let purpose = by_key.get(f.purpose.as_str());
            CustomFieldInfo {
                purpose_name: purpose.map(|p| p.purpose.name.clone()),
                legal_basis: purpose.map(|p| p.purpose.legal_basis.as_str().to_owned()),
                purpose_description: purpose.map(|p| p.purpose.description.clone()),
                name: f.name,
                value: f.value,
                purpose: f.purpose,
            }
        })
        .collect();

    let suppressions = suppressions
        .into_iter()
        .map(|(s, matched)| SuppressionInfo {
            scope: match s.controller {
                None => "all".to_owned(),
                Some(c) => controller_keys
                    .get(&c)
                    .cloned()
                    .unwrap_or_else(|| c.0.to_string()),
            },
            identifier_kind: s.identifier_kind.as_str().to_owned(),
            identifier: matched.map(|i| i.value),
            channels: s.channels.iter().map(|c| c.as_str().to_owned()).collect(),
            id: s.id,
            source: s.source,
            reason: s.reason,
            objection: s.objection_id,
            since: s.created_at,
            removed_at: s.removed_at,
        })
        .collect();

    let disclosures = ledger
        .into_iter()
        .filter(|e| DISCLOSURE_KINDS.contains(&e.kind.as_str()))
        .map(|e| {
            let payload: Value = serde_json::from_str(&e.payload).unwrap_or(Value::Null);
            let text = |key: &str| payload.get(key).and_then(Value::as_str).map(str::to_owned);
            DisclosureInfo {
                format: text("format"),
                link: text("link"),
                seq: e.seq,
                at: e.at,
                kind: e.kind,
                actor: e.actor,
            }
        })
        .collect();

    AccessReport {
        schema: SCHEMA,
        generated_at: now,
        controller: ControllerInfo {
            key: controller.key,
            name: controller.name,
            country: controller.country.map(|c| c.code().to_owned()),
            dpo: DpoInfo {
                name: controller.dpo_name,
                email: controller.dpo_email,
                phone: controller.dpo_phone,
            },
            privacy_notice_url: controller.privacy_notice_url,
        },
        profile: ProfileInfo {
            id: person.id,
            name: profile.name,
            address: profile.address.map(Into::into),
            language: profile.language,
            lists: person.lists,
            restricted: person.restricted_at.is_some(),
            created_at: person.created_at,
            updated_at: person.updated_at,
        },
        identifiers,
        custom_fields,
        consents: ConsentsInfo { current, history },
        suppressions,
        restrictions: restrictions
            .into_iter()
            .map(|r| RestrictionInfo {
                id: r.id,
                placed_at: r.placed_at,
                lifted_at: r.lifted_at,
                reason: r.reason,
                lift_reason: r.lift_reason,
            })
            .collect(),
        activities: activities
            .into_iter()
            .map(|a| ActivityInfo {
                id: a.id,
                at: a.at,
                kind: a.kind,
                channel: a.channel.map(|c| c.as_str().to_owned()),
                owner: a.owner,
                note: a.note,
            })
            .collect(),
        deals: deals
            .into_iter()
            .map(|d| DealInfo {
                id: d.id,
                title: d.title,
                amount_minor: d.amount_minor,
                currency: d.currency,
                stage: d.stage,
                owner: d.owner,
                opened_at: d.opened_at,
                closed_at: d.closed_at,
            })
            .collect(),
        customer_relationships: relationships.into_iter().map(Into::into).collect(),
        todos: todos
            .into_iter()
            .map(|t| TodoInfo {
                id: t.id,
                text: t.text,
                owner: t.owner,
                due_at: t.due_at,
                done_at: t.done_at,
            })
            .collect(),
        requests: requests
            .into_iter()
            .map(|r| RequestInfo {
                id: r.id,
                kind: r.kind.as_str().to_owned(),
                article: r.kind.article().to_owned(),
                state: r.state.as_str().to_owned(),
                received_via: r.received_via,
                received_at: r.received_at,
                due_at: r.due_at,
                extended_months: r.extended_months,
                closed_at: r.closed_at,
            })
            .collect(),
        disclosures,
        purposes: purposes
            .into_iter()
            .map(|p| PurposeInfo {
                key: p.purpose.key.to_string(),
                name: p.purpose.name,
                legal_basis: p.purpose.legal_basis.as_str().to_owned(),
                legal_basis_article: p.purpose.legal_basis.article().to_owned(),
                direct_marketing: p.purpose.direct_marketing,
                channels: p
                    .purpose
                    .channels
                    .iter()
                    .map(|c| c.as_str().to_owned())
                    .collect(),
                retention: p.purpose.retention.map(|r| r.to_string()),
                description: p.purpose.description,
                recipients: p.recipients,
                data_source: p.data_source,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests;
