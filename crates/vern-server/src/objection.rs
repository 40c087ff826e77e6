//! Use cases of objections that come through requests: a request whose decision upholds a
//! direct-marketing objection becomes that objection, for every identifier of the person.

use std::collections::{HashMap, HashSet};
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{IdentifierDigest, IdentifierKind};
use vern_store::Actor;
use vern_store::model::{
    ObjectionContext, ObjectionInput, ObjectionSource, Profile, RequestRecord, SuppressionRecord,
    WithdrawalInput, WithdrawnBy,
};

use crate::error::{ApiError, ApiResult};
use crate::input::{self, IdentifiersIn, Reading};
use crate::state::AppState;

/// The digests of a person's identifiers, with their kinds.
pub(crate) fn profile_digests(
    state: &AppState,
    profile: &Profile,
) -> Vec<(IdentifierKind, IdentifierDigest)> {
    let key = state.store.keys().digest();
    let mut out: Vec<(IdentifierKind, IdentifierDigest)> = profile
        .phones
        .iter()
        .map(|p| {
            (
                IdentifierKind::Phone,
                vern_core::identifier::phone_digest(key, p),
            )
        })
        .chain(profile.emails.iter().map(|e| {
            (
                IdentifierKind::Email,
                vern_core::identifier::email_digest(key, e),
            )
        }))
        .collect();
    if let (Some(id), Some(country)) = (&profile.national_id, &profile.national_id_country) {
        out.push((
            IdentifierKind::NationalId,
            key.digest(&format!("national_id.{}", country.to_ascii_lowercase()), id),
        ));
    }
    out
}

/// Every identifier a request is about: those its sender gave, and every one of its person;
/// with their notice forms.
pub(crate) async fn request_digests(
    state: &AppState,
    record: &RequestRecord,
) -> ApiResult<(Vec<(IdentifierKind, IdentifierDigest)>, Vec<String>)> {
    let mut out = Vec::new();
    let mut forms = Vec::new();
    if let Some(d) = &record.details {
        let given = IdentifiersIn {
            phone: d.phone.clone(),
            email: d.email.clone(),
            national_id: d.national_id.clone(),
        };
        if !given.is_empty() {
            let controller = state
                .follower
                .index()
                .controller_by_id(record.controller)
                .cloned()
                .ok_or_else(|| ApiError::not_found("the request's controller was"))?;
            let parsed = Reading::of(&controller, state.clock.now(), None)
                .identifiers(&given, "identifiers")
                .map_err(ApiError::invalid)?;
            out.extend(input::digests(state.store.keys(), &parsed));
            forms.extend(parsed.iter().map(notice_form));
        }
    }
    if let Some(person) = &record.person_id {
        let (person, _) = state.store.get_person_any(person).await?;
        out.extend(profile_digests(state, &person.profile));
        forms.extend(person.profile.notice_forms());
    }
    let mut seen = HashSet::new();
    out.retain(|(_, d)| seen.insert(*d));
    let mut seen = HashSet::new();
    forms.retain(|f| seen.insert(f.clone()));
    Ok((out, forms))
}

/// Record the direct-marketing objection a request upholds, for every identifier of its
/// person and every identifier its sender gave, under the request's controller; the request
/// is kept as its evidence. Returns the ledger sequence once the local index reflects it.
pub(crate) async fn uphold_direct_marketing(
    state: &AppState,
    actor: &Actor,
    record: &RequestRecord,
) -> ApiResult<i64> {
    let (digests, forms) = request_digests(state, record).await?;
    if digests.is_empty() {
        return Err(ApiError::conflict(
            "the request names no identifier to record the objection for: link it to the person first",
        ));
    }
    // The person conveyed it, through the form or a request staff decided; an agent's mandate
    // is not on the request, so staff stand for what they recorded.
    let source = if record.received_via == "authorized_agent" {
        ObjectionSourceKind::Staff
    } else {
        ObjectionSourceKind::Subject
    };
    let objection = ObjectionInput {
        kind: ObjectionKind::DirectMarketing,
        source: ObjectionSource {
            kind: source,
            agent_name: None,
            mandate_reference: None,
            mandate_verification: None,
        },
        controller: Some(record.controller),
        request_controller: record.controller,
        digests,
        agent_key: None,
        received_at: None,
    };
    let context = ObjectionContext {
        request: None,
        evidence: Some(&record.id),
        identifiers: &forms,
    };
    let (_, seq) = state
        .store
        .record_objection_in(actor, state.clock.now(), &objection, context)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(seq)
}

/// Whether a decision on an objection request upholds it. An upheld objection covers direct
/// marketing, which needs no balancing (Art. 21(3)).
pub(crate) fn upholds(decision: Option<&str>) -> bool {
    decision.is_some_and(|d| d.trim().eq_ignore_ascii_case("upheld"))
}

/// The withdrawal of `by` for the person these identifiers name: the identifiers given and,
/// when the person withdraws, every identifier of the person they match when exactly one does
/// (the suppression ends for that person's identifiers only). An agent withdraws for the
/// identifiers it names only, so its answer tells it nothing about whom vern knows.
pub(crate) async fn withdrawal(
    state: &AppState,
    controller: &crate::index::ControllerView,
    ids: &[vern_core::Identifier],
    by: WithdrawnBy,
) -> ApiResult<WithdrawalInput> {
    let mut digests: Vec<IdentifierDigest> = input::digests(state.store.keys(), ids)
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let mut found = state
        .store
        .find_people(controller.record.id, &digests)
        .await?;
    let person = if found.len() == 1 { found.pop() } else { None };
    if let (Some(p), WithdrawnBy::Subject { .. }) = (&person, &by) {
        digests.extend(
            profile_digests(state, &p.profile)
                .into_iter()
                .map(|(_, d)| d),
        );
    }
    let mut seen = HashSet::new();
    digests.retain(|d| seen.insert(*d));
    Ok(WithdrawalInput {
        controller: controller.record.id,
        person: person.map(|p| p.id),
        digests,
        by,
    })
}

/// Something that still stands in the way of what was just recorded.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub(crate) struct Warning {
    /// A stable code: `objection.direct_marketing`.
    pub code: &'static str,
    /// What it means.
    pub message: &'static str,
}

/// The warnings for a consent granted by `person`: an objection to direct marketing that
/// stands wins over any consent until the person withdraws it.
pub(crate) async fn standing(
    state: &AppState,
    person: &vern_store::model::Person,
) -> ApiResult<Vec<Warning>> {
    let objected = objectors(state, &[person]).await?.contains(&person.id);
    Ok(if objected {
        vec![Warning {
            code: "objection.direct_marketing",
            message: "the person's objection to direct marketing still applies: no direct marketing reaches them until they withdraw it themselves",
        }]
    } else {
        Vec::new()
    })
}

/// The ids of those of `people` whose objection to direct marketing stands (what
/// [`standing`] warns of), with one read of the suppressions for all of them.
pub(crate) async fn objectors(
    state: &AppState,
    people: &[&vern_store::model::Person],
) -> ApiResult<HashSet<String>> {
    let digests: Vec<Vec<IdentifierDigest>> = people
        .iter()
        .map(|p| {
            profile_digests(state, &p.profile)
                .into_iter()
                .map(|(_, d)| d)
                .collect()
        })
        .collect();
    let mut all: Vec<IdentifierDigest> = digests.iter().flatten().copied().collect();
    all.sort_unstable_by_key(|d| *d.as_bytes());
    all.dedup();
    // An objection is always a suppression row: the packed block-list imports hold only
    // `blocklist` entries, which no objection is.
    let mut on: HashMap<String, Vec<SuppressionRecord>> = HashMap::new();
    for s in state.store.suppression_rows_with(&all, false).await? {
        on.entry(s.digest.clone()).or_default().push(s);
    }
    Ok(people
        .iter()
        .zip(&digests)
        .filter(|(person, digests)| {
            digests
                .iter()
                .filter_map(|d| on.get(&d.to_hex()))
                .flatten()
                .any(|s| objects(s, person))
        })
        .map(|(person, _)| person.id.clone())
        .collect())
}

/// Whether this suppression is an objection of `person` to direct marketing by their
/// controller: the rule of [`standing`] and [`objectors`].
fn objects(s: &SuppressionRecord, person: &vern_store::model::Person) -> bool {
    s.source.starts_with("objection:") && s.controller.is_none_or(|c| c == person.controller)
}

/// An identifier as Art. 19 notices hash it for each recipient: `kind:normalized`, as in
/// `phone:+46701234567`, `email:kim@example.se`, `national_id:198112189876`.
pub(crate) fn notice_form(id: &vern_core::Identifier) -> String {
    match id {
        vern_core::Identifier::Phone(p) => format!("phone:{}", p.e164()),
        vern_core::Identifier::Email(e) => format!("email:{}", e.as_str()),
        vern_core::Identifier::NationalId(n) => format!("national_id:{}", n.as_str()),
    }
}

/// Withdraw, for `by`, the objections on the identifiers a request is about (those its sender
/// gave and every one of its person); `false` when none stood.
pub(crate) async fn withdraw_for_request(
    state: &AppState,
    actor: &Actor,
    record: &RequestRecord,
    by: WithdrawnBy,
) -> ApiResult<bool> {
    let (digests, _) = request_digests(state, record).await?;
    let input = WithdrawalInput {
        controller: record.controller,
        person: record.person_id.clone(),
        digests: digests.into_iter().map(|(_, d)| d).collect(),
        by,
    };
    match state
        .store
        .withdraw_objection(actor, state.clock.now(), &input)
        .await
    {
        Ok((_, seq)) => {
            state.follower.sync_to(seq).await?;
            Ok(true)
        }
        Err(vern_store::StoreError::NotFound) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
