//! Processor agreements (GDPR Art. 28): the register, the standing of each agreement on the
//! clock's day, the free-text recipients of purposes still to be linked to an agreement, and
//! the record of processing (Art. 30) generated from all of the configuration.
//!
//! The API, the staff UI and `/metrics` all go through here.

mod record;

pub(crate) use record::{record_csv, record_html, record_of_processing};

use base64::Engine;
use time::Date;
use vern_core::ControllerId;
use vern_core::processor::{AgreementStanding, Transfer, TransferMechanism};
use vern_store::ledger::Actor;
use vern_store::model::{
    AgreementDocument, ClientController, ProcessorFields, ProcessorRecord, RecordSettings,
};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;

/// The largest document kept in the database: 1 MiB. A bigger one is kept elsewhere and
/// linked with `document_url`.
pub(crate) const MAX_DOCUMENT: usize = 1 << 20;
/// The most entries in one list (sub-processors, purposes, data categories).
const MAX_ITEMS: usize = 100;

/// An agreement's document as it arrives: a file name, a media type and the bytes in base64.
#[derive(Debug, Clone)]
pub(crate) struct DocumentText {
    /// File name.
    pub(crate) name: String,
    /// Media type (default `application/pdf`).
    pub(crate) content_type: Option<String>,
    /// The bytes, base64.
    pub(crate) base64: String,
}

/// An agreement as a door hands it over: texts, checked here.
#[derive(Debug, Clone, Default)]
pub(crate) struct AgreementText {
    /// The controller's key (default: the default controller).
    pub(crate) controller: Option<String>,
    /// The processor's name.
    pub(crate) name: String,
    /// Its contact.
    pub(crate) contact: String,
    /// Sub-processors.
    pub(crate) sub_processors: Vec<String>,
    /// Purposes covered, by key.
    pub(crate) purposes: Vec<String>,
    /// Data categories covered.
    pub(crate) data_categories: Vec<String>,
    /// ISO date signed.
    pub(crate) signed_on: String,
    /// ISO date it expires.
    pub(crate) expires_on: Option<String>,
    /// ISO date of the next review.
    pub(crate) review_on: Option<String>,
    /// `none`, `adequacy`, `scc`, `bcr` or `derogation` (default none).
    pub(crate) transfer_mechanism: Option<String>,
    /// The third country.
    pub(crate) transfer_country: Option<String>,
    /// The clauses' version.
    pub(crate) scc_version: Option<String>,
    /// A link to the document.
    pub(crate) document_url: Option<String>,
    /// The document itself.
    pub(crate) document: Option<DocumentText>,
}

/// An agreement with where it stands today.
#[derive(Debug, Clone)]
pub(crate) struct Agreement {
    /// The record.
    pub(crate) record: ProcessorRecord,
    /// Its standing on the clock's day.
    pub(crate) standing: AgreementStanding,
}

fn field(errors: &mut Vec<FieldError>, name: &str, message: impl Into<String>) {
    errors.push(FieldError {
        field: name.to_owned(),
        message: message.into(),
    });
}

fn entries(errors: &mut Vec<FieldError>, name: &str, items: &[String]) -> Vec<String> {
    if items.len() > MAX_ITEMS {
        field(errors, name, format!("at most {MAX_ITEMS} entries"));
    }
    let mut out = Vec::new();
    for item in items {
        let t = item.trim();
        if t.is_empty() || t.chars().count() > 200 {
            field(errors, name, "each entry 1 to 200 characters");
            break;
        }
        if !out.iter().any(|o: &String| o == t) {
            out.push(t.to_owned());
        }
    }
    out
}

fn date(errors: &mut Vec<FieldError>, name: &str, text: Option<&str>) -> Option<Date> {
    let text = text?;
    match crate::customers::date(text, name) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(e);
            None
        }
    }
}

/// Check an agreement's texts against the controller; every problem at once, in one 422
/// (an oversize document is a 413 of its own).
async fn check(state: &AppState, input: &AgreementText) -> ApiResult<ProcessorFields> {
    let controller =
        crate::input::controller(&state.follower.index(), input.controller.as_deref())?;
    let declared = state
        .store
        .list_purposes(Some(controller.record.id))
        .await?;
    let mut errors = Vec::new();
    let name = crate::input::text(&input.name, "name", 200)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let contact = crate::input::text(&input.contact, "contact", 500)
        .map_err(|e| errors.push(e))
        .unwrap_or_default();
    let sub_processors = entries(&mut errors, "sub_processors", &input.sub_processors);
    let purposes = entries(&mut errors, "purposes", &input.purposes);
    let data_categories = entries(&mut errors, "data_categories", &input.data_categories);
    // The purposes must be the controller's own: the index holds them.
    if let Some(bad) = purposes.iter().find(|k| {
        !declared
            .iter()
            .any(|p| p.purpose.key.as_str() == k.as_str())
    }) {
        field(
            &mut errors,
            "purposes",
            format!("the controller has no purpose {bad:?}"),
        );
    }
    let signed_on = if input.signed_on.trim().is_empty() {
        field(&mut errors, "signed_on", "required: an ISO 8601 date");
        None
    } else {
        date(&mut errors, "signed_on", Some(&input.signed_on))
    };
    let expires_on = date(&mut errors, "expires_on", input.expires_on.as_deref());
    let review_on = date(&mut errors, "review_on", input.review_on.as_deref());
    if let (Some(s), Some(e)) = (signed_on, expires_on)
        && e < s
    {
        field(
            &mut errors,
            "expires_on",
            "an agreement cannot expire before it was signed",
        );
    }
    if let (Some(s), Some(r)) = (signed_on, review_on)
        && r < s
    {
        field(
            &mut errors,
            "review_on",
            "a review cannot come before the signing",
        );
    }
    let mechanism = match input.transfer_mechanism.as_deref() {
        None => Some(TransferMechanism::None),
        Some(m) => m
            .parse::<TransferMechanism>()
            .map_err(|e| field(&mut errors, "transfer.mechanism", e.to_string()))
            .ok(),
    };
    let transfer = mechanism.map(|mechanism| Transfer {
        mechanism,
        country: input.transfer_country.as_ref().map(|c| c.trim().to_owned()),
        scc_version: input.scc_version.as_ref().map(|v| v.trim().to_owned()),
    });
    if let Some(t) = &transfer
        && let Err(e) = t.check()
    {
        field(&mut errors, e.field, e.message);
    }
    if let Some(url) = &input.document_url
        && (!(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 2000)
    {
        field(&mut errors, "document_url", "an http(s) link");
    }
    let document = match &input.document {
        None => None,
        Some(d) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(d.base64.trim())
                .map_err(|_| field(&mut errors, "document.content_base64", "not base64"))
                .ok();
            if bytes.as_ref().is_some_and(|b| b.len() > MAX_DOCUMENT) {
                return Err(ApiError::new(
                    axum::http::StatusCode::PAYLOAD_TOO_LARGE,
                    "too_large",
                    format!(
                        "document: at most {MAX_DOCUMENT} bytes are kept in vern; link a bigger one with document_url"
                    ),
                ));
            }
            if bytes.as_ref().is_some_and(Vec::is_empty) {
                field(
                    &mut errors,
                    "document.content_base64",
                    "the document is empty",
                );
            }
            let name = crate::input::text(&d.name, "document.name", 200)
                .map_err(|e| errors.push(e))
                .unwrap_or_default();
            let content_type = d
                .content_type
                .clone()
                .unwrap_or_else(|| "application/pdf".to_owned());
            if content_type.len() > 100
                || !content_type.contains('/')
                || content_type.chars().any(|c| c.is_control() || c == ' ')
            {
                field(
                    &mut errors,
                    "document.content_type",
                    "a media type such as application/pdf",
                );
            }
            bytes.map(|bytes| AgreementDocument {
                name,
                content_type,
                bytes,
            })
        }
    };
    match (errors.is_empty(), signed_on, transfer) {
        (true, Some(signed_on), Some(transfer)) => Ok(ProcessorFields {
            controller: controller.record.id,
            name,
            contact,
            sub_processors,
            purposes,
            data_categories,
            signed_on,
            expires_on,
            review_on,
            transfer,
            document_url: input.document_url.clone(),
            document,
        }),
        _ => Err(ApiError::invalid(errors)),
    }
}

/// A store error about an agreement as the API says it.
pub(crate) fn found(e: vern_store::StoreError) -> ApiError {
    match e {
        vern_store::StoreError::NotFound => ApiError::not_found("processor"),
        other => other.into(),
    }
}

fn today(state: &AppState) -> Date {
    state.clock.now().date()
}

fn with_standing(state: &AppState, record: ProcessorRecord) -> Agreement {
    Agreement {
        standing: AgreementStanding::on(today(state), record.expires_on, record.review_on),
        record,
    }
}

/// Record an agreement.
pub(crate) async fn create(
    state: &AppState,
    actor: &Actor,
    input: &AgreementText,
) -> ApiResult<Agreement> {
    let fields = check(state, input).await?;
    let (record, seq) = state
        .store
        .create_processor(actor, state.clock.now(), &fields)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(with_standing(state, record))
}

/// Replace an agreement's fields; a document left out keeps the stored one.
pub(crate) async fn update(
    state: &AppState,
    actor: &Actor,
    id: &str,
    input: &AgreementText,
) -> ApiResult<Agreement> {
    let current = state.store.get_processor(id).await.map_err(found)?;
    let mut input = input.clone();
    if input.controller.is_none() {
        input.controller = state
            .follower
            .index()
            .controller_by_id(current.controller)
            .map(|c| c.record.key.clone());
    }
    let fields = check(state, &input).await?;
    let (record, seq) = state
        .store
        .update_processor(actor, state.clock.now(), id, &fields)
        .await
        .map_err(found)?;
    state.follower.sync_to(seq).await?;
    Ok(with_standing(state, record))
}

/// One agreement.
pub(crate) async fn get(state: &AppState, id: &str) -> ApiResult<Agreement> {
    let record = state.store.get_processor(id).await.map_err(found)?;
    Ok(with_standing(state, record))
}

/// The agreements of one controller, or of all.
pub(crate) async fn list(
    state: &AppState,
    controller: Option<ControllerId>,
) -> ApiResult<Vec<Agreement>> {
    Ok(state
        .store
        .list_processors(controller)
        .await?
        .into_iter()
        .map(|r| with_standing(state, r))
        .collect())
}

/// The stored document of an agreement.
pub(crate) async fn document(state: &AppState, id: &str) -> ApiResult<AgreementDocument> {
    state
        .store
        .processor_document(id)
        .await
        .map_err(found)?
        .ok_or_else(|| ApiError::not_found("document"))
}

/// How many agreements are expiring (within 30 days), expired, and overdue for review, for
/// `/metrics`: counted at each scrape, as the clock moves without anyone writing.
pub(crate) async fn counts(state: &AppState) -> ApiResult<(usize, usize, usize)> {
    let all = list(state, None).await?;
    let count = |f: fn(&AgreementStanding) -> bool| all.iter().filter(|a| f(&a.standing)).count();
    Ok((
        count(|s| s.expiring),
        count(|s| s.expired),
        count(|s| s.review_overdue),
    ))
}

/// A free-text recipient of a purpose that names no agreement the purpose links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnlinkedRecipient {
    /// The controller's key.
    pub(crate) controller: String,
    /// The purpose's key.
    pub(crate) purpose: String,
    /// The text.
    pub(crate) recipient: String,
    /// An agreement of the controller with a processor of that name, to link instead.
    pub(crate) suggestion: Option<(String, String)>,
}

/// Same name, whatever the case and spacing.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The free-text recipients of the purposes that match no agreement the purpose links, each
/// with the agreement of the same name to convert it to, when there is one.
pub(crate) async fn unlinked_recipients(
    state: &AppState,
    controller: Option<ControllerId>,
) -> ApiResult<Vec<UnlinkedRecipient>> {
    let purposes = state.store.list_purposes(controller).await?;
    let agreements = state.store.list_processors(controller).await?;
    let index = state.follower.index();
    let mut out = Vec::new();
    for p in &purposes {
        let key = index
            .controller_by_id(p.controller)
            .map(|c| c.record.key.clone())
            .unwrap_or_default();
        for r in &p.recipients {
            let linked = agreements
                .iter()
                .any(|a| p.processors.contains(&a.id) && same_name(&a.name, r));
            if linked {
                continue;
            }
            out.push(UnlinkedRecipient {
                controller: key.clone(),
                purpose: p.purpose.key.to_string(),
                recipient: r.clone(),
                suggestion: agreements
                    .iter()
                    .find(|a| a.controller == p.controller && same_name(&a.name, r))
                    .map(|a| (a.id.clone(), a.name.clone())),
            });
        }
    }
    Ok(out)
}

/// What a door hands over to set the record's settings.
#[derive(Debug, Clone, Default)]
pub(crate) struct RecordSettingsText {
    /// The controller's own description of its security measures; none for vern's.
    pub(crate) security_measures: Option<String>,
    /// The client controllers it processes for.
    pub(crate) clients: Vec<ClientController>,
}

/// Set what the Art. 30 record of a controller says beyond its configuration.
pub(crate) async fn set_record_settings(
    state: &AppState,
    actor: &Actor,
    controller: Option<&str>,
    input: RecordSettingsText,
) -> ApiResult<RecordSettings> {
    let controller = crate::input::controller(&state.follower.index(), controller)?;
    let mut errors = Vec::new();
    let security_measures = match input.security_measures.as_deref() {
        None => None,
        Some(t) => crate::input::text(t, "security_measures", 20_000)
            .map_err(|e| errors.push(e))
            .ok(),
    };
    if input.clients.len() > MAX_ITEMS {
        field(
            &mut errors,
            "clients",
            format!("at most {MAX_ITEMS} clients"),
        );
    }
    let mut clients = Vec::new();
    for (i, c) in input.clients.into_iter().enumerate() {
        let name = crate::input::text(&c.name, &format!("clients[{i}].name"), 200)
            .map_err(|e| errors.push(e))
            .unwrap_or_default();
        let processing = entries(
            &mut errors,
            &format!("clients[{i}].processing"),
            &c.processing,
        );
        let transfers = entries(
            &mut errors,
            &format!("clients[{i}].transfers"),
            &c.transfers,
        );
        if c.contact.chars().count() > 500 {
            field(
                &mut errors,
                &format!("clients[{i}].contact"),
                "at most 500 characters",
            );
        }
        clients.push(ClientController {
            name,
            contact: c.contact.trim().to_owned(),
            dpo: c.dpo.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()),
            processing,
            transfers,
        });
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    let settings = RecordSettings {
        security_measures,
        clients,
    };
    let seq = state
        .store
        .set_record_settings(actor, state.clock.now(), controller.record.id, &settings)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(settings)
}
