//! The contact check: may this controller contact this person on this channel for this purpose?
//! One question (`POST /v1/check`, the web UI's check page) or many (`POST /v1/check/batch`),
//! all asked of `decide` over the in-memory index; none touches the database. The single check
//! is the hot path (`front.rs` calls its handler on per-core threads): nothing here allocates
//! per check beyond what `decide` needs, and nothing is boxed or dispatched dynamically.

use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::ToSchema;
use vern_core::{Channel, ContactRequest, Decision, IdentifierProbe, Region, decide};

use crate::error::{ApiError, FieldError};
use crate::follower::Follower;
use crate::index::{RegisterIndex, TOUCH_GROUP};
use crate::input::{IdentifierTexts, IdentifiersIn, Reading, Text};

// Its strings borrow from the request body: a batch holds 10 000 of them.
/// The question.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckIn<'a> {
    /// Who would be contacted.
    #[serde(borrow)]
    #[schema(value_type = IdentifiersIn)]
    pub identifiers: IdentifierTexts<'a>,
    /// phone, sms, mms, email, post, messaging or in_person.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub channel: Text<'a>,
    /// The purpose's key.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub purpose: Text<'a>,
    /// The controller's key (default: the default controller).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub controller: Option<Text<'a>>,
    /// When the contact would happen, RFC 3339 (default: now).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub at: Option<Text<'a>>,
    /// Region for national phone numbers (default: the controller's).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub region: Option<Text<'a>>,
    /// The person's name and postal address, matched against Robinsonlisten as the wash
    /// matches a list's (a person vern holds is matched by the address stored for them).
    #[serde(borrow, default)]
    pub address: Option<AddressIn<'a>>,
    /// This contact carries the Art. 14 notice itself (GDPR Art. 14(3)(b)): a person still owed
    /// it is not refused for `notice.art14_pending`, and the contact is recorded as the notice
    /// given. Only in a single check (`/v1/check`), where it is recorded.
    #[serde(default)]
    pub carries_art14_notice: bool,
}

/// A name and postal address to match against the registers kept by name and address.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct AddressIn<'a> {
    /// The person's full name (`Fornavn Efternavn` or `Efternavn,Fornavn`).
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub name: Text<'a>,
    /// Street, number, floor and door.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub street: Text<'a>,
    /// Postal code.
    #[serde(borrow)]
    #[schema(value_type = String)]
    pub postal_code: Text<'a>,
    /// ISO 3166 alpha-2 country (default: the controller's).
    #[serde(borrow, default)]
    #[schema(value_type = Option<String>)]
    pub country: Option<Text<'a>>,
}

/// Decide one item against the index. Errors name fields under `path`.
pub(crate) fn decide_item(
    index: &RegisterIndex,
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    item: &CheckIn<'_>,
    path: &str,
) -> Result<Decision, ApiError> {
    Ok(prepare_item(index, keys, now, item, path)?.decide(index))
}

/// One check through the API: decided as [`decide_item`]; a contact allowed because it carries
/// the Art. 14 notice to a person still owed it is recorded as the notice given (Art.
/// 14(3)(b)), so that later checks are allowed without it. Only such a check writes.
pub(crate) async fn check_one(
    state: &crate::state::AppState,
    actor: impl FnOnce() -> vern_store::Actor,
    item: &CheckIn<'_>,
) -> Result<Decision, ApiError> {
    let now = state.clock.now();
    let (decision, carried) = {
        let index = state.follower.index();
        let prepared = prepare_item(&index, state.store.keys(), now, item, "")?;
        let decision = prepared.decide(&index);
        let carried = decision.gives_art14_notice.then(|| {
            let digests: Vec<vern_core::IdentifierDigest> =
                prepared.probes().iter().map(|p| p.digest).collect();
            (prepared.controller.id, digests)
        });
        (decision, carried)
    };
    if let Some((controller, digests)) = carried {
        crate::art14::record_given(state, &actor(), controller, &digests).await?;
    }
    Ok(decision)
}

/// A batch cannot carry the Art. 14 notice: only a single check records it.
pub(crate) fn refuse_carrying(items: &[CheckIn<'_>]) -> Result<(), ApiError> {
    match items.iter().position(|i| i.carries_art14_notice) {
        Some(n) => Err(ApiError::invalid_field(
            format!("items[{n}].carries_art14_notice"),
            "only a single check (/v1/check) can carry the Art. 14 notice, as it is recorded",
        )),
        None => Ok(()),
    }
}

/// A checked question with its identifiers digested, ready for `decide`.
pub(crate) struct Prepared<'i> {
    controller: vern_core::ControllerFacts,
    /// One identifier of each kind at most (phone, e-mail, national id, postal address): kept
    /// inline, as a check is a few microseconds and an allocation is a noticeable part of that.
    probes: [IdentifierProbe; 4],
    given: usize,
    channel: Channel,
    purpose: &'i vern_core::Purpose,
    at: OffsetDateTime,
    carries_art14_notice: bool,
}

impl Prepared<'_> {
    fn probes(&self) -> &[IdentifierProbe] {
        &self.probes[..self.given]
    }

    fn decide(&self, index: &RegisterIndex) -> Decision {
        decide(
            index,
            &ContactRequest {
                controller: self.controller,
                identifiers: self.probes(),
                channel: self.channel,
                purpose: self.purpose,
                at: self.at,
                carries_art14_notice: self.carries_art14_notice,
            },
        )
    }
}

/// Check one item and digest its identifiers. Errors name fields under `path`.
fn prepare_item<'i>(
    index: &'i RegisterIndex,
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    item: &CheckIn<'_>,
    path: &str,
) -> Result<Prepared<'i>, ApiError> {
    let controller = match item.controller.as_deref() {
        None => index.default_controller(),
        Some(key) => index.controller(key),
    }
    .ok_or_else(|| {
        ApiError::invalid_field(format!("{path}controller"), "no controller has this key")
    })?;
    let mut errors = Vec::new();
    let channel = item
        .channel
        .parse::<Channel>()
        .map_err(|e| {
            errors.push(FieldError {
                field: format!("{path}channel"),
                message: e.to_string(),
            });
        })
        .ok();
    let purpose = index.purpose(controller.record.id, &item.purpose);
    if purpose.is_none() {
        errors.push(FieldError {
            field: format!("{path}purpose"),
            message: "no purpose of the controller has this key".into(),
        });
    }
    let region = match item.region.as_deref().map(str::parse::<Region>).transpose() {
        Ok(r) => r,
        Err(_) => {
            errors.push(FieldError {
                field: format!("{path}region"),
                message: "not a region the phone library knows".into(),
            });
            None
        }
    };
    let at = match item.at.as_deref() {
        None => Some(now),
        Some(text) => OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
            .map_err(|_| {
                errors.push(FieldError {
                    field: format!("{path}at"),
                    message: "not an RFC 3339 instant".into(),
                });
            })
            .ok(),
    };
    let postal = item.address.as_ref().and_then(|a| {
        address_probe(keys, controller.record.country, a, path)
            .map_err(|e| errors.push(e))
            .ok()
    });
    if item.identifiers.is_empty() {
        errors.push(FieldError {
            field: format!("{path}identifiers"),
            message: "give phone, email or national_id".into(),
        });
    }
    let ids = Reading::of(controller, now, region)
        .identifiers(&item.identifiers, format_args!("{path}identifiers"))
        .unwrap_or_else(|mut e| {
            errors.append(&mut e);
            Vec::new()
        });
    let (Some(channel), Some(purpose), Some(at), true) = (channel, purpose, at, errors.is_empty())
    else {
        return Err(ApiError::invalid(errors));
    };
    let mut probes = [IdentifierProbe {
        kind: vern_core::IdentifierKind::Phone,
        digest: vern_core::IdentifierDigest::ZERO,
        country: None,
    }; 4];
    for (slot, id) in probes.iter_mut().zip(&ids) {
        *slot = id.probe(keys.digest());
    }
    let mut given = ids.len().min(3);
    if let Some(probe) = postal.flatten() {
        probes[given] = probe;
        given += 1;
    }
    Ok(Prepared {
        controller: controller.facts(),
        probes,
        given,
        channel,
        purpose,
        at,
        carries_art14_notice: item.carries_art14_notice,
    })
}

/// The probe of a postal address, in the canonical form the register import and the wash use.
/// Only Danish addresses have a register to match (Robinsonlisten): another country's address
/// is accepted and matches nothing.
fn address_probe(
    keys: &vern_store::InstallationKeys,
    controller_country: Option<vern_core::Country>,
    address: &AddressIn<'_>,
    path: &str,
) -> Result<Option<IdentifierProbe>, FieldError> {
    let country = match address.country.as_deref() {
        None => controller_country,
        Some(code) => Some(
            code.trim()
                .to_ascii_uppercase()
                .parse::<vern_core::Country>()
                .map_err(|_| FieldError {
                    field: format!("{path}address.country"),
                    message: "one of SE, NO, DK, FI".into(),
                })?,
        ),
    };
    let canonical =
        vern_core::postal::canonical(&address.name, &address.street, &address.postal_code)
            .ok_or_else(|| FieldError {
                field: format!("{path}address"),
                message: "give name, street and postal_code, each with letters or digits".into(),
            })?;
    Ok(country
        .filter(|c| *c == vern_core::Country::Dk)
        .map(|c| vern_core::postal::probe(keys.digest(), c, &canonical)))
}

/// Count one single check by its answer. The two counters are resolved once: the `metrics`
/// macro with a label builds and looks up its key on every call.
pub(crate) fn count_check(allowed: bool) {
    static COUNTERS: std::sync::OnceLock<[metrics::Counter; 2]> = std::sync::OnceLock::new();
    COUNTERS.get_or_init(|| {
        [
            metrics::counter!("vern_checks_total", "allowed" => "false"),
            metrics::counter!("vern_checks_total", "allowed" => "true"),
        ]
    })[usize::from(allowed)]
    .increment(1);
}

/// The most items one batch may hold.
pub(crate) const MAX_BATCH: usize = 10_000;
/// Below this many items a batch is not worth splitting over threads.
const BATCH_PART_MIN: usize = 500;

/// Decide a batch of items, in order, each answer made by `answer` from its decision or its
/// refusal (whose fields are named under `items[n].`). A large batch is spread over the cores,
/// each part under its own read guard of the index.
pub(crate) fn decide_batch<T: Send>(
    follower: &Follower,
    keys: &vern_store::InstallationKeys,
    now: OffsetDateTime,
    items: &[CheckIn<'_>],
    answer: impl Fn(Result<Decision, ApiError>) -> T + Sync,
) -> Vec<T> {
    let parts = std::thread::available_parallelism().map_or(1, usize::from);
    let part_len = items.len().div_ceil(parts).max(BATCH_PART_MIN);
    let decide_part = |first: usize, items: &[CheckIn<'_>]| -> Vec<T> {
        let index = follower.index();
        let mut results = Vec::with_capacity(items.len());
        let mut group = Vec::with_capacity(TOUCH_GROUP);
        for (g, chunk) in items.chunks(TOUCH_GROUP).enumerate() {
            group.clear();
            group.extend(chunk.iter().enumerate().map(|(j, item)| {
                // The field path is only spelled out for an item that is refused.
                prepare_item(&index, keys, now, item, "").or_else(|_| {
                    let n = first + g * TOUCH_GROUP + j;
                    prepare_item(&index, keys, now, item, &format!("items[{n}]."))
                })
            }));
            for p in group.iter().flatten() {
                index.touch(p.controller.id, p.probes());
            }
            results.extend(
                group
                    .drain(..)
                    .map(|prepared| answer(prepared.map(|p| p.decide(&index)))),
            );
        }
        results
    };
    if items.len() <= part_len {
        return decide_part(0, items);
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(part_len)
            .enumerate()
            .map(|(n, items)| scope.spawn(move || decide_part(n * part_len, items)))
            .collect();
        let mut results = Vec::with_capacity(items.len());
        for handle in handles {
            match handle.join() {
                Ok(part) => results.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    })
}
