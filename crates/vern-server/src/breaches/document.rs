//! What the controller hands the supervisory authority: the Art. 33(3) notification of one
//! breach, and the Art. 33(5) register of them all, in the authority's language.

use askama::Template;
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vern_store::model::{BreachRecord, Controller};

use super::standing;
use super::texts::{Texts, texts};
use crate::error::{ApiError, ApiResult};
use crate::lang::Lang;
use crate::spreadsheet;

/// The language the authority of the controller's country reads: IMY Swedish, Datatilsynet
/// Norwegian or Danish, Tietosuojavaltuutettu Finnish; English without a country.
pub(crate) fn authority_lang(controller: &Controller) -> Lang {
    controller.country.map_or(Lang::En, Lang::of_country)
}

/// The Art. 33(3) notification, every field named, ready to paste into the authority's form.
#[derive(Debug, Serialize)]
pub(crate) struct AuthorityDocument {
    /// The document's language.
    pub(crate) language: &'static str,
    /// The authority it is for, when the controller's country is set.
    pub(crate) authority: Option<&'static str>,
    /// The breach's id.
    pub(crate) breach: String,
    /// The version of the record (Art. 33(4): information may be provided in phases).
    pub(crate) version: i64,
    /// The controller's name.
    pub(crate) controller: String,
    /// (b) The DPO or other contact point: name, e-mail, phone, and another point if given.
    pub(crate) contact: Vec<String>,
    /// When the breach occurred, if known.
    pub(crate) occurred_at: Option<String>,
    /// When the controller became aware.
    pub(crate) aware_at: String,
    /// Awareness + 72 h.
    pub(crate) deadline: String,
    /// When the authority was notified.
    pub(crate) notified_at: Option<String>,
    /// The authority's reference.
    pub(crate) reference: Option<String>,
    /// Art. 33(1): the reasons for a notification after 72 hours.
    pub(crate) delay_reasons: Option<String>,
    /// (a) The nature of the breach.
    pub(crate) nature: String,
    /// (a) Categories of people.
    pub(crate) subject_categories: Vec<String>,
    /// (a) Approximately how many people.
    pub(crate) subjects_approx: Option<u64>,
    /// (a) Categories of records.
    pub(crate) record_categories: Vec<String>,
    /// (a) Approximately how many records.
    pub(crate) records_approx: Option<u64>,
    /// (c) The likely consequences.
    pub(crate) consequences: String,
    /// (d) The measures taken or proposed.
    pub(crate) measures: String,
    /// The risk assessed (`unlikely`, `risk`, `high`).
    pub(crate) risk: Option<vern_core::breach::Risk>,
    /// Why.
    pub(crate) risk_reasoning: Option<String>,
    /// Whether and how the people were told (Art. 34).
    pub(crate) people: Option<String>,
    /// Every label, in the document's language, for a tool filling in the form.
    pub(crate) labels: &'static Texts,
}

/// An instant as RFC 3339, as every breach answer and document writes it.
pub(crate) fn when(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_default()
}

/// The notification document of one breach.
pub(crate) fn authority_document(
    record: &BreachRecord,
    controller: &Controller,
) -> AuthorityDocument {
    let lang = authority_lang(controller);
    let t = texts(lang);
    let contact = [
        controller.dpo_name.clone(),
        controller.dpo_email.clone(),
        controller.dpo_phone.clone(),
        record.details.contact.clone(),
    ]
    .into_iter()
    .flatten()
    .filter(|c| !c.trim().is_empty())
    .collect();
    let people = match (record.people_notified_at, record.people_exemption) {
        (Some(at), _) => Some(format!(
            "{}{}",
            when(at),
            record
                .notes
                .people
                .as_deref()
                .map(|n| format!(": {n}"))
                .unwrap_or_default()
        )),
        (None, Some(ground)) => Some(format!(
            "Art. 34(3) {}: {}",
            ground.as_str(),
            record.notes.people.as_deref().unwrap_or_default()
        )),
        (None, None) => None,
    };
    AuthorityDocument {
        language: lang.code(),
        authority: crate::report::authority_of(controller.country.map(|c| c.code())),
        breach: record.id.clone(),
        version: record.version,
        controller: controller.name.clone(),
        contact,
        occurred_at: record.occurred_at.map(when),
        aware_at: when(record.aware_at),
        deadline: when(standing(record, record.aware_at).deadline),
        notified_at: record.authority_notified_at.map(when),
        reference: record.authority_reference.clone(),
        delay_reasons: record.notes.delay_reasons.clone(),
        nature: record.details.nature.clone(),
        subject_categories: record.details.subject_categories.clone(),
        subjects_approx: record.details.subjects_approx,
        record_categories: record.details.record_categories.clone(),
        records_approx: record.details.records_approx,
        consequences: record.details.consequences.clone(),
        measures: record.details.measures.clone(),
        risk: record.risk,
        risk_reasoning: record.notes.risk_reasoning.clone(),
        people,
        labels: t,
    }
}

#[derive(Template)]
#[template(path = "breach_document.html")]
struct DocumentPage<'a> {
    lang: &'static str,
    title: &'a str,
    lead: String,
    sections: Vec<Vec<(&'static str, String)>>,
}

impl AuthorityDocument {
    /// The document as a printable page.
    pub(crate) fn html(&self) -> ApiResult<String> {
        let t = self.labels;
        let or_unknown = |v: &Option<String>| v.clone().unwrap_or_else(|| t.not_known.to_owned());
        let count = |n: Option<u64>| n.map_or_else(|| t.not_known.to_owned(), |n| n.to_string());
        let sections = vec![
            vec![
                (t.to, self.authority.unwrap_or_default().to_owned()),
                (t.controller, self.controller.clone()),
                (t.contact, self.contact.join("\n")),
                (t.version, self.version.to_string()),
            ],
            vec![
                (t.occurred_at, or_unknown(&self.occurred_at)),
                (t.aware_at, self.aware_at.clone()),
                (t.deadline, self.deadline.clone()),
                (
                    t.notified_at,
                    self.notified_at
                        .clone()
                        .unwrap_or_else(|| t.not_yet.to_owned()),
                ),
                (t.reference, self.reference.clone().unwrap_or_default()),
                (
                    t.delay_reasons,
                    self.delay_reasons.clone().unwrap_or_default(),
                ),
            ],
            vec![
                (t.nature, self.nature.clone()),
                (t.subject_categories, self.subject_categories.join(", ")),
                (t.subjects_approx, count(self.subjects_approx)),
                (t.record_categories, self.record_categories.join(", ")),
                (t.records_approx, count(self.records_approx)),
                (t.consequences, self.consequences.clone()),
                (t.measures, self.measures.clone()),
            ],
            vec![
                (
                    t.risk,
                    match &self.risk_reasoning {
                        Some(why) => format!("{}\n{why}", t.risk_name(self.risk)),
                        None => t.risk_name(self.risk).to_owned(),
                    },
                ),
                (
                    t.people,
                    self.people.clone().unwrap_or_else(|| t.not_yet.to_owned()),
                ),
            ],
        ];
        DocumentPage {
            lang: self.language,
            title: t.title,
            lead: t.legal_basis.to_owned(),
            sections,
        }
        .render()
        .map_err(|e| ApiError::internal(&e))
    }
}

/// A cell that a spreadsheet shows as text, never runs.
fn cell(value: String) -> String {
    if spreadsheet::is_formula(value.as_bytes()) {
        format!("{}{value}", spreadsheet::PREFIX)
    } else {
        value
    }
}

/// The Art. 33(5) register as CSV: one row per breach, every step's date, in `lang`'s labels.
pub(crate) fn register_csv(
    records: &[BreachRecord],
    lang: Lang,
    now: OffsetDateTime,
) -> ApiResult<Vec<u8>> {
    let t = texts(lang);
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "id",
        t.controller,
        t.occurred_at,
        t.aware_at,
        t.deadline,
        t.stage,
        t.risk,
        t.notified_at,
        t.reference,
        t.delay_reasons,
        t.people,
        t.nature,
        t.subjects_approx,
        t.records_approx,
        t.consequences,
        t.measures,
    ];
    out.write_record(header)
        .map_err(|e| ApiError::internal(&e))?;
    for r in records {
        let s = standing(r, now);
        let people = match (r.people_notified_at, r.people_exemption) {
            (Some(at), _) => when(at),
            (None, Some(ground)) => format!("Art. 34(3) {}", ground.as_str()),
            (None, None) => String::new(),
        };
        let row = [
            r.id.clone(),
            r.controller.0.to_string(),
            r.occurred_at.map(when).unwrap_or_default(),
            when(r.aware_at),
            when(s.deadline),
            t.stage_name(s.stage).to_owned(),
            t.risk_name(r.risk).to_owned(),
            r.authority_notified_at.map(when).unwrap_or_default(),
            r.authority_reference.clone().unwrap_or_default(),
            r.notes.delay_reasons.clone().unwrap_or_default(),
            people,
            r.details.nature.clone(),
            r.details
                .subjects_approx
                .map(|n| n.to_string())
                .unwrap_or_default(),
            r.details
                .records_approx
                .map(|n| n.to_string())
                .unwrap_or_default(),
            r.details.consequences.clone(),
            r.details.measures.clone(),
        ];
        out.write_record(row.map(cell))
            .map_err(|e| ApiError::internal(&e))?;
    }
    out.into_inner().map_err(|e| ApiError::internal(&e))
}

/// The Art. 33(5) register as a printable page.
pub(crate) fn register_html(
    records: &[BreachRecord],
    lang: Lang,
    now: OffsetDateTime,
) -> ApiResult<String> {
    let t = texts(lang);
    let sections = records
        .iter()
        .map(|r| {
            let s = standing(r, now);
            vec![
                ("id", r.id.clone()),
                (t.aware_at, when(r.aware_at)),
                (t.deadline, when(s.deadline)),
                (t.stage, t.stage_name(s.stage).to_owned()),
                (t.risk, t.risk_name(r.risk).to_owned()),
                (
                    t.notified_at,
                    r.authority_notified_at
                        .map(when)
                        .unwrap_or_else(|| t.not_yet.to_owned()),
                ),
                (
                    t.delay_reasons,
                    r.notes.delay_reasons.clone().unwrap_or_default(),
                ),
                (t.nature, r.details.nature.clone()),
                (t.consequences, r.details.consequences.clone()),
                (t.measures, r.details.measures.clone()),
            ]
        })
        .collect();
    DocumentPage {
        lang: lang.code(),
        title: t.register_title,
        lead: String::new(),
        sections,
    }
    .render()
    .map_err(|e| ApiError::internal(&e))
}
