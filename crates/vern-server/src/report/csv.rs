//! The report as CSV: one file per section in a zip, or everything in one file for a
//! spreadsheet.

use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use time::OffsetDateTime;

use super::{AccessReport, SCHEMA};
use crate::error::ApiError;

/// Rendering failed (never for reasons in the data; the cause names no personal data).
#[derive(Debug, thiserror::Error)]
pub(crate) enum RenderError {
    /// Serializing.
    #[error("serializing the report: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV.
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Writing the zip.
    #[error("writing the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// Writing bytes.
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    /// The HTML template.
    #[error("rendering HTML: {0}")]
    Template(#[from] askama::Error),
}

impl From<RenderError> for ApiError {
    fn from(e: RenderError) -> Self {
        ApiError::internal(&e)
    }
}

/// One section of the CSV renderings: its file, where it sits in the JSON, and its columns
/// (nested fields are named with dots, `evidence.text`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CsvSection {
    /// The section's name (and, with `.csv`, its file in the zip).
    pub name: &'static str,
    /// A JSON pointer into the report.
    pub pointer: &'static str,
    /// The columns, in order.
    pub columns: &'static [&'static str],
}

/// The sections, in the order of the zip and of the single CSV file.
pub(crate) const CSV_SECTIONS: [CsvSection; 15] = [
    CsvSection {
        name: "controller",
        pointer: "/controller",
        columns: &[
            "key",
            "name",
            "country",
            "dpo.name",
            "dpo.email",
            "dpo.phone",
            "privacy_notice_url",
        ],
    },
    CsvSection {
        name: "profile",
        pointer: "/profile",
        columns: &[
            "id",
            "name",
            "address.street",
            "address.postal_code",
            "address.city",
            "address.country",
            "language",
            "lists",
            "restricted",
            "created_at",
            "updated_at",
        ],
    },
    CsvSection {
        name: "identifiers",
        pointer: "/identifiers",
        columns: &["kind", "value", "country"],
    },
    CsvSection {
        name: "custom_fields",
        pointer: "/custom_fields",
        columns: &[
            "name",
            "value",
            "purpose",
            "purpose_name",
            "legal_basis",
            "purpose_description",
        ],
    },
    CsvSection {
        name: "consents",
        pointer: "/consents/current",
        columns: &["purpose", "channel", "state", "since"],
    },
    CsvSection {
        name: "consent_history",
        pointer: "/consents/history",
        columns: &[
            "id",
            "event_id",
            "purpose",
            "channel",
            "action",
            "given_at",
            "expires_at",
            "source",
            "evidence.by",
            "evidence.text",
            "evidence.version",
            "evidence.reference",
            "evidence.ip",
            "recorded_at",
        ],
    },
    CsvSection {
        name: "suppressions",
        pointer: "/suppressions",
        columns: &[
            "id",
            "source",
            "scope",
            "identifier_kind",
            "identifier",
            "channels",
            "reason",
            "objection",
            "since",
            "removed_at",
        ],
    },
    CsvSection {
        name: "restrictions",
        pointer: "/restrictions",
        columns: &["id", "placed_at", "lifted_at", "reason", "lift_reason"],
    },
    CsvSection {
        name: "activities",
        pointer: "/activities",
        columns: &["id", "at", "kind", "channel", "owner", "note"],
    },
    CsvSection {
        name: "deals",
        pointer: "/deals",
        columns: &[
            "id",
            "title",
            "amount_minor",
            "currency",
            "stage",
            "owner",
            "opened_at",
            "closed_at",
        ],
    },
    CsvSection {
        name: "customer_relationships",
        pointer: "/customer_relationships",
        columns: &["id", "product_category", "started", "ended", "deal"],
    },
    CsvSection {
        name: "todos",
        pointer: "/todos",
        columns: &["id", "text", "owner", "due_at", "done_at"],
    },
    CsvSection {
        name: "requests",
        pointer: "/requests",
        columns: &[
            "id",
            "kind",
            "article",
            "state",
            "received_via",
            "received_at",
            "due_at",
            "extended_months",
            "closed_at",
        ],
    },
    CsvSection {
        name: "disclosures",
        pointer: "/disclosures",
        columns: &["seq", "at", "kind", "actor", "format", "link"],
    },
    CsvSection {
        name: "purposes",
        pointer: "/purposes",
        columns: &[
            "key",
            "name",
            "legal_basis",
            "legal_basis_article",
            "direct_marketing",
            "channels",
            "retention",
            "description",
            "recipients",
            "data_source",
        ],
    },
];

/// Flatten a JSON value into dotted field names; lists of plain values are joined with `; `.
fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, String>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_owned()
        } else {
            format!("{prefix}.{k}")
        }
    };
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&key(k), v, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| !v.is_object() && !v.is_array()) => {
            let joined: Vec<String> = items.iter().filter_map(scalar).collect();
            out.insert(prefix.to_owned(), joined.join("; "));
        }
        Value::Array(_) => {
            out.insert(prefix.to_owned(), value.to_string());
        }
        other => {
            if let Some(s) = scalar(other) {
                out.insert(prefix.to_owned(), s);
            }
        }
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// A cell as a spreadsheet may safely open it: text that a spreadsheet would run as a formula
/// gets a leading apostrophe. Phone numbers (`+46…`) and negative amounts stay as they are.
pub(crate) fn safe_cell(value: &str) -> String {
    if crate::spreadsheet::is_formula(value.as_bytes()) {
        format!("{}{value}", crate::spreadsheet::PREFIX)
    } else {
        value.to_owned()
    }
}

/// The rows of one section, flattened.
pub(super) fn section_rows(json: &Value, section: &CsvSection) -> Vec<BTreeMap<String, String>> {
    let mut rows = Vec::new();
    match json.pointer(section.pointer) {
        Some(Value::Array(items)) => {
            for item in items {
                let mut row = BTreeMap::new();
                flatten("", item, &mut row);
                rows.push(row);
            }
        }
        Some(v @ Value::Object(_)) => {
            let mut row = BTreeMap::new();
            flatten("", v, &mut row);
            rows.push(row);
        }
        _ => {}
    }
    rows
}

/// One section as a CSV file: a header row, then one row per record.
pub(crate) fn section_csv(json: &Value, section: &CsvSection) -> Result<Vec<u8>, RenderError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(section.columns)?;
    for row in section_rows(json, section) {
        w.write_record(
            section
                .columns
                .iter()
                .map(|c| safe_cell(row.get(*c).map_or("", String::as_str))),
        )?;
    }
    w.flush()?;
    w.into_inner().map_err(|e| RenderError::Io(e.into_error()))
}

/// The report as a zip with one CSV file per section (`profile.csv`, `identifiers.csv`, …),
/// the schema and time in the zip's comment.
pub(crate) fn to_zip(report: &AccessReport) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_value(report)?;
    let t = report.generated_at.to_offset(time::UtcOffset::UTC);
    let stamp = zip::DateTime::from_date_and_time(
        u16::try_from(t.year()).unwrap_or(1980),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
    )
    .unwrap_or_default();
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(stamp);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.set_comment(format!(
        "{SCHEMA} generated {}",
        rfc3339(report.generated_at)
    ))?;
    for section in &CSV_SECTIONS {
        zip.start_file(format!("{}.csv", section.name), options)?;
        zip.write_all(&section_csv(&json, section)?)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The whole report as one CSV file, for a spreadsheet: `section,item,field,value`, one line
/// per filled field (`item` numbers the records of a list from 1). UTF-8 with a byte-order mark,
/// so that spreadsheets read å, ä and ø right.
pub(crate) fn to_single_csv(report: &AccessReport) -> Result<Vec<u8>, RenderError> {
    let json = serde_json::to_value(report)?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["section", "item", "field", "value"])?;
    w.write_record(["report", "", "schema", SCHEMA])?;
    w.write_record(["report", "", "generated_at", &rfc3339(report.generated_at)])?;
    for section in &CSV_SECTIONS {
        let is_list = matches!(json.pointer(section.pointer), Some(Value::Array(_)));
        for (i, row) in section_rows(&json, section).into_iter().enumerate() {
            let item = if is_list {
                (i + 1).to_string()
            } else {
                String::new()
            };
            for column in section.columns {
                if let Some(v) = row.get(*column).filter(|v| !v.is_empty()) {
                    w.write_record([section.name, &item, column, &safe_cell(v)])?;
                }
            }
        }
    }
    w.flush()?;
    let body = w
        .into_inner()
        .map_err(|e| RenderError::Io(e.into_error()))?;
    let mut out = Vec::with_capacity(body.len() + 3);
    out.extend_from_slice("\u{feff}".as_bytes());
    out.extend_from_slice(&body);
    Ok(out)
}

/// An instant as every machine-readable file vern writes gives it: RFC 3339 in UTC with its
/// `Z` (the JSON report and portability export, the processor register's CSV, the API). Only
/// pages people read show the controller's clock; a file is read by programs, and one zone
/// for all of them keeps a column sortable and comparable across controllers.
fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
