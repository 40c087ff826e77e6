//! The record of processing activities (GDPR Art. 30), generated from the configuration and
//! never typed twice: the controller and its DPO, its purposes and their legal bases, the
//! categories of people (customer lists, sources) and of data (the profile fields vern keeps,
//! what each purpose holds, what the agreements cover), the recipients (the processor
//! agreements, and the free-text recipients not yet linked to one), the transfers to third
//! countries (from the agreements), the retention periods (the purposes and the installation's
//! rules), the security measures, and, for a controller that processes for clients, the
//! Art. 30(2) record per client.

use askama::Template;
use serde::Serialize;
use vern_core::processor::TransferMechanism;
use vern_core::{LegalBasis, RetentionFrom};
use vern_store::model::{ClientController, Controller, ProcessorRecord, PurposeRecord};

use super::same_name;
use crate::error::{ApiError, ApiResult};
use crate::settings::RetentionRule;
use crate::state::AppState;

/// The schema's name and version.
pub(crate) const SCHEMA: &str = "vern.record-of-processing/1";

/// vern's own measures, written in when the controller wrote none (Art. 30(1)(g), Art. 32).
pub(crate) const VERN_MEASURES: &str = "Personal data is stored sealed (encrypted) with a key per person; the keyring is kept apart from the data, so erasing a person's key makes their data unreadable everywhere, backups included. Every change and every disclosure of personal data is written to a hash-chained ledger that can be verified. Access is role-based and least-privilege: each API key and staff user holds one role, every endpoint declares the roles it admits, and staff sign in with argon2id-hashed passwords. Identifiers are compared as keyed digests, and notices to recipients carry digests, never plain identifiers.";

/// The profile fields vern keeps for a person.
const PROFILE_FIELDS: [&str; 7] = [
    "name",
    "phone numbers",
    "e-mail addresses",
    "national identity number",
    "postal address",
    "preferred language",
    "consents, objections and requests (with their evidence)",
];

/// The controller as its record names it (Art. 30(1)(a)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordController {
    /// Key.
    pub(crate) key: String,
    /// Name.
    pub(crate) name: String,
    /// Country.
    pub(crate) country: Option<String>,
    /// The data protection officer's name.
    pub(crate) dpo_name: Option<String>,
    /// The DPO's e-mail.
    pub(crate) dpo_email: Option<String>,
    /// The DPO's phone.
    pub(crate) dpo_phone: Option<String>,
    /// The privacy notice.
    pub(crate) privacy_notice_url: Option<String>,
}

/// A recipient as a purpose names it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct PurposeRecipient {
    /// The name.
    pub(crate) name: String,
    /// The agreement's id, when it is a processor of the register.
    pub(crate) processor: Option<String>,
}

/// One purpose (Art. 30(1)(b)-(f)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordPurpose {
    /// Key.
    pub(crate) key: String,
    /// Name.
    pub(crate) name: String,
    /// What it is for.
    pub(crate) description: String,
    /// Legal basis.
    pub(crate) legal_basis: String,
    /// Its article.
    pub(crate) legal_basis_article: String,
    /// Direct marketing.
    pub(crate) direct_marketing: bool,
    /// Where its data come from.
    pub(crate) data_source: Option<String>,
    /// The data categories it keeps beyond the profile: the fields it holds after an
    /// erasure, and those its processors' agreements cover.
    pub(crate) data_categories: Vec<String>,
    /// Its recipients: the agreements it links, then the free-text ones not linked.
    pub(crate) recipients: Vec<PurposeRecipient>,
    /// How long its data are kept (ISO 8601), if limited.
    pub(crate) retention: Option<String>,
    /// What the retention counts from.
    pub(crate) retention_from: String,
}

/// A recipient of the controller's data (Art. 30(1)(d)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordRecipient {
    /// The name.
    pub(crate) name: String,
    /// `processor` (an agreement of the register) or `recipient` (free text of a purpose).
    pub(crate) kind: String,
    /// The agreement's id.
    pub(crate) processor: Option<String>,
    /// The contact.
    pub(crate) contact: Option<String>,
    /// The purposes it receives data for.
    pub(crate) purposes: Vec<String>,
    /// The categories of data its agreement covers.
    pub(crate) data_categories: Vec<String>,
    /// Its sub-processors.
    pub(crate) sub_processors: Vec<String>,
    /// The agreement's dates (ISO).
    pub(crate) signed_on: Option<String>,
    /// Expiry.
    pub(crate) expires_on: Option<String>,
}

/// A transfer to a third country (Art. 30(1)(e)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordTransfer {
    /// The processor.
    pub(crate) processor: String,
    /// The agreement's id.
    pub(crate) processor_id: String,
    /// The third country.
    pub(crate) country: String,
    /// The mechanism (`adequacy`, `scc`, `bcr`, `derogation`).
    pub(crate) mechanism: String,
    /// Its article.
    pub(crate) article: String,
    /// The safeguard in words, with the clauses' version.
    pub(crate) safeguard: String,
}

/// A retention period (Art. 30(1)(f)).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordRetention {
    /// What it applies to: `purpose:<key>` or an installation rule (`inactive`,
    /// `message_metadata`, `recycle_bin`).
    pub(crate) applies_to: String,
    /// The period, ISO 8601 (`P2Y`, `P24M`, `P30D`).
    pub(crate) period: String,
    /// What it counts from, or what happens.
    pub(crate) from: String,
}

/// The Art. 30(2) record for one client controller.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordAsProcessor {
    /// (a) The processor: this controller.
    pub(crate) processor: String,
    /// (a) The client controller.
    pub(crate) client: ClientController,
    /// (d) The security measures.
    pub(crate) security_measures: String,
}

/// The Art. 30 record of one controller.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RecordOfProcessing {
    /// [`SCHEMA`].
    pub(crate) schema: &'static str,
    /// When it was generated.
    pub(crate) generated_at: String,
    /// (a) The controller and its DPO.
    pub(crate) controller: RecordController,
    /// (b) The purposes, with their legal bases.
    pub(crate) purposes: Vec<RecordPurpose>,
    /// (c) Categories of data subjects: the customer lists and the sources of the data.
    pub(crate) data_subject_categories: Vec<String>,
    /// (c) Categories of personal data.
    pub(crate) data_categories: Vec<String>,
    /// (d) Recipients.
    pub(crate) recipients: Vec<RecordRecipient>,
    /// (e) Transfers to third countries.
    pub(crate) transfers: Vec<RecordTransfer>,
    /// (f) Retention periods.
    pub(crate) retention: Vec<RecordRetention>,
    /// (g) The security measures.
    pub(crate) security_measures: String,
    /// `controller` when it wrote its own, `vern` for vern's.
    pub(crate) security_measures_source: &'static str,
    /// Art. 30(2): the records it keeps as a processor, one per client controller.
    pub(crate) as_processor: Vec<RecordAsProcessor>,
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i == item) {
        list.push(item.to_owned());
    }
}

fn iso(d: time::Date) -> String {
    d.format(vern_core::calendar::ISO_DATE).unwrap_or_default()
}

fn purpose_entry(
    controller: &Controller,
    p: &PurposeRecord,
    agreements: &[ProcessorRecord],
) -> RecordPurpose {
    let linked: Vec<&ProcessorRecord> = agreements
        .iter()
        .filter(|a| p.processors.contains(&a.id))
        .collect();
    let mut recipients: Vec<PurposeRecipient> = linked
        .iter()
        .map(|a| PurposeRecipient {
            name: a.name.clone(),
            processor: Some(a.id.clone()),
        })
        .collect();
    for r in &p.recipients {
        if !linked.iter().any(|a| same_name(&a.name, r)) {
            recipients.push(PurposeRecipient {
                name: r.clone(),
                processor: None,
            });
        }
    }
    let mut data_categories = Vec::new();
    for f in &p.holds_fields {
        push_unique(&mut data_categories, f);
    }
    for a in agreements
        .iter()
        .filter(|a| p.processors.contains(&a.id) || a.purposes.contains(&p.purpose.key.to_string()))
    {
        for c in &a.data_categories {
            push_unique(&mut data_categories, c);
        }
    }
    let from = RetentionFrom::effective(p.purpose.retention_from, p.purpose.legal_basis);
    // A legal obligation counted from the financial year with no period of its own keeps the
    // country's statutory bookkeeping period.
    let retention = p.purpose.retention.or_else(|| {
        (p.purpose.legal_basis == LegalBasis::LegalObligation
            && from == RetentionFrom::FinancialYearEnd)
            .then(|| vern_core::bookkeeping::default_period(controller.country))
    });
    RecordPurpose {
        key: p.purpose.key.to_string(),
        name: p.purpose.name.clone(),
        description: p.purpose.description.clone(),
        legal_basis: p.purpose.legal_basis.as_str().to_owned(),
        legal_basis_article: p.purpose.legal_basis.article().to_owned(),
        direct_marketing: p.purpose.direct_marketing,
        data_source: p.data_source.clone(),
        data_categories,
        recipients,
        retention: retention.map(|r| r.to_string()),
        retention_from: from.as_str().to_owned(),
    }
}

/// Generate the record of one controller from its configuration as it stands.
pub(crate) async fn record_of_processing(
    state: &AppState,
    controller: Option<&str>,
) -> ApiResult<RecordOfProcessing> {
    let view = crate::input::controller(&state.follower.index(), controller)?;
    let c = view.record;
    let purposes = state.store.list_purposes(Some(c.id)).await?;
    let agreements = state.store.list_processors(Some(c.id)).await?;
    let lists = state.store.list_names(c.id).await?;
    let settings = state.store.record_settings(c.id).await?;

    let purpose_entries: Vec<RecordPurpose> = purposes
        .iter()
        .map(|p| purpose_entry(&c, p, &agreements))
        .collect();

    let mut data_subject_categories = Vec::new();
    for l in &lists {
        push_unique(&mut data_subject_categories, &format!("customer list: {l}"));
    }
    for p in &purposes {
        if let Some(s) = &p.data_source {
            push_unique(&mut data_subject_categories, &format!("source: {s}"));
        }
    }

    let mut data_categories: Vec<String> = PROFILE_FIELDS.iter().map(|f| (*f).to_owned()).collect();
    for p in &purpose_entries {
        for d in &p.data_categories {
            push_unique(&mut data_categories, d);
        }
    }
    for a in &agreements {
        for d in &a.data_categories {
            push_unique(&mut data_categories, d);
        }
    }

    // The agreements, each with the purposes that link it or that it covers; then the free
    // text recipients no agreement stands for.
    let mut recipients: Vec<RecordRecipient> = agreements
        .iter()
        .map(|a| {
            let mut for_purposes = Vec::new();
            for p in &purposes {
                let key = p.purpose.key.to_string();
                if p.processors.contains(&a.id) || a.purposes.contains(&key) {
                    push_unique(&mut for_purposes, &key);
                }
            }
            RecordRecipient {
                name: a.name.clone(),
                kind: "processor".to_owned(),
                processor: Some(a.id.clone()),
                contact: Some(a.contact.clone()),
                purposes: for_purposes,
                data_categories: a.data_categories.clone(),
                sub_processors: a.sub_processors.clone(),
                signed_on: Some(iso(a.signed_on)),
                expires_on: a.expires_on.map(iso),
            }
        })
        .collect();
    for p in &purpose_entries {
        for r in p.recipients.iter().filter(|r| r.processor.is_none()) {
            match recipients
                .iter_mut()
                .find(|x| x.kind == "recipient" && same_name(&x.name, &r.name))
            {
                Some(x) => push_unique(&mut x.purposes, &p.key),
                None => recipients.push(RecordRecipient {
                    name: r.name.clone(),
                    kind: "recipient".to_owned(),
                    processor: None,
                    contact: None,
                    purposes: vec![p.key.clone()],
                    data_categories: Vec::new(),
                    sub_processors: Vec::new(),
                    signed_on: None,
                    expires_on: None,
                }),
            }
        }
    }

    let transfers = agreements
        .iter()
        .filter(|a| a.transfer.mechanism != TransferMechanism::None)
        .map(|a| RecordTransfer {
            processor: a.name.clone(),
            processor_id: a.id.clone(),
            country: a.transfer.country.clone().unwrap_or_default(),
            mechanism: a.transfer.mechanism.as_str().to_owned(),
            article: a.transfer.mechanism.article().to_owned(),
            safeguard: match &a.transfer.scc_version {
                Some(v) => format!("{} ({v})", a.transfer.mechanism.describe()),
                None => a.transfer.mechanism.describe().to_owned(),
            },
        })
        .collect();

    let mut retention: Vec<RecordRetention> = purpose_entries
        .iter()
        .filter_map(|p| {
            p.retention.as_ref().map(|r| RecordRetention {
                applies_to: format!("purpose:{}", p.key),
                period: r.clone(),
                from: p.retention_from.clone(),
            })
        })
        .collect();
    for rule in &state.erasure.rules {
        retention.push(match rule {
            RetentionRule::Inactive { months, .. } => RecordRetention {
                applies_to: "inactive".to_owned(),
                period: format!("P{months}M"),
                from: "the last activity, for people with no consent in force".to_owned(),
            },
            RetentionRule::MessageMetadata { days } => RecordRetention {
                applies_to: "message_metadata".to_owned(),
                period: format!("P{days}D"),
                from: "the message being queued".to_owned(),
            },
        });
    }
    retention.push(RecordRetention {
        applies_to: "recycle_bin".to_owned(),
        period: format!("P{}D", state.erasure.recycle_days),
        from: "the erasure, before the purge".to_owned(),
    });

    let (security_measures, security_measures_source) = match settings.security_measures {
        Some(m) => (m, "controller"),
        None => (VERN_MEASURES.to_owned(), "vern"),
    };
    let as_processor = settings
        .clients
        .into_iter()
        .map(|client| RecordAsProcessor {
            processor: c.name.clone(),
            client,
            security_measures: security_measures.clone(),
        })
        .collect();

    Ok(RecordOfProcessing {
        schema: SCHEMA,
        generated_at: state
            .clock
            .now()
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default(),
        controller: RecordController {
            key: c.key.clone(),
            name: c.name.clone(),
            country: c.country.map(|k| k.code().to_owned()),
            dpo_name: c.dpo_name.clone(),
            dpo_email: c.dpo_email.clone(),
            dpo_phone: c.dpo_phone.clone(),
            privacy_notice_url: c.privacy_notice_url.clone(),
        },
        purposes: purpose_entries,
        data_subject_categories,
        data_categories,
        recipients,
        transfers,
        retention,
        security_measures,
        security_measures_source,
        as_processor,
    })
}

/// The rows of the record: `section, subject, field, value`, one fact a row.
fn rows(r: &RecordOfProcessing) -> Vec<[String; 4]> {
    let mut out = Vec::new();
    let mut row = |section: &str, subject: &str, field: &str, value: &str| {
        out.push([
            section.to_owned(),
            subject.to_owned(),
            field.to_owned(),
            value.to_owned(),
        ]);
    };
    let c = &r.controller;
    row("controller", &c.key, "name", &c.name);
    row(
        "controller",
        &c.key,
        "country",
        c.country.as_deref().unwrap_or(""),
    );
    row(
        "controller",
        &c.key,
        "dpo_name",
        c.dpo_name.as_deref().unwrap_or(""),
    );
    row(
        "controller",
        &c.key,
        "dpo_email",
        c.dpo_email.as_deref().unwrap_or(""),
    );
    row(
        "controller",
        &c.key,
        "dpo_phone",
        c.dpo_phone.as_deref().unwrap_or(""),
    );
    for p in &r.purposes {
        row("purpose", &p.key, "name", &p.name);
        row("purpose", &p.key, "description", &p.description);
        row("purpose", &p.key, "legal_basis", &p.legal_basis);
        row(
            "purpose",
            &p.key,
            "legal_basis_article",
            &p.legal_basis_article,
        );
        row(
            "purpose",
            &p.key,
            "data_source",
            p.data_source.as_deref().unwrap_or(""),
        );
        for d in &p.data_categories {
            row("purpose", &p.key, "data_category", d);
        }
        for x in &p.recipients {
            row("purpose", &p.key, "recipient", &x.name);
        }
        row(
            "purpose",
            &p.key,
            "retention",
            p.retention.as_deref().unwrap_or(""),
        );
        row("purpose", &p.key, "retention_from", &p.retention_from);
    }
    for s in &r.data_subject_categories {
        row("data_subjects", "", "category", s);
    }
    for d in &r.data_categories {
        row("data", "", "category", d);
    }
    for x in &r.recipients {
        row("recipient", &x.name, "kind", &x.kind);
        if let Some(id) = &x.processor {
            row("recipient", &x.name, "processor", id);
        }
        if let Some(contact) = &x.contact {
            row("recipient", &x.name, "contact", contact);
        }
        for p in &x.purposes {
            row("recipient", &x.name, "purpose", p);
        }
        for s in &x.sub_processors {
            row("recipient", &x.name, "sub_processor", s);
        }
    }
    for t in &r.transfers {
        row("transfer", &t.processor, "country", &t.country);
        row("transfer", &t.processor, "mechanism", &t.mechanism);
        row("transfer", &t.processor, "safeguard", &t.safeguard);
    }
    for x in &r.retention {
        row("retention", &x.applies_to, "period", &x.period);
        row("retention", &x.applies_to, "from", &x.from);
    }
    row("security", "", "measures", &r.security_measures);
    for a in &r.as_processor {
        row("as_processor", &a.client.name, "contact", &a.client.contact);
        row(
            "as_processor",
            &a.client.name,
            "dpo",
            a.client.dpo.as_deref().unwrap_or(""),
        );
        for p in &a.client.processing {
            row("as_processor", &a.client.name, "processing", p);
        }
        for t in &a.client.transfers {
            row("as_processor", &a.client.name, "transfer", t);
        }
    }
    out
}

/// The record as CSV: a header, then one fact a row. A cell a spreadsheet would run as a
/// formula is shown as text.
pub(crate) fn record_csv(r: &RecordOfProcessing) -> ApiResult<Vec<u8>> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["section", "subject", "field", "value"])
        .map_err(|e| ApiError::internal(&e))?;
    for cells in rows(r) {
        let cells = cells.map(|cell| {
            if crate::spreadsheet::is_formula(cell.as_bytes()) {
                format!("{}{cell}", crate::spreadsheet::PREFIX)
            } else {
                cell
            }
        });
        out.write_record(&cells)
            .map_err(|e| ApiError::internal(&e))?;
    }
    out.into_inner().map_err(|e| ApiError::internal(&e))
}

#[derive(Template)]
#[template(path = "record_of_processing.html")]
struct RecordPage<'a> {
    r: &'a RecordOfProcessing,
}

/// The record as a printable page.
pub(crate) fn record_html(r: &RecordOfProcessing) -> ApiResult<String> {
    RecordPage { r }
        .render()
        .map_err(|e| ApiError::internal(&e))
}
