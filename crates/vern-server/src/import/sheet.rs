//! Reading an import file as Nordic spreadsheets write it (comma, semicolon or tab; UTF-8 with
//! or without a byte-order mark, or Latin-1 / Windows-1252; rows ending in `\n`, `\r\n` or a
//! bare `\r`), with header names in English, Swedish, Norwegian, Danish and Finnish, and a
//! mapping file for any other header. Each row becomes a [`PersonRecord`]; the columns are
//! described in docs/import.md.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read};

use vern_store::model::{Address, CustomField};

use super::record::{
    ActivityEntry, ConsentEvent, DealEntry, ObjectionEntry, PersonRecord, Relationship, TodoEntry,
};
use crate::spreadsheet;
use crate::wash::input::{
    EMAIL_HEADERS, Encoding, FIRST_NAME_HEADERS, LAST_NAME_HEADERS, NAME_HEADERS, PHONE_HEADERS,
    POSTAL_HEADERS, STREET_HEADERS, Transcoder, sniff_delimiter,
};

/// Header names of an external id (a CRM's customer number).
const EXTERNAL_HEADERS: &[&str] = &[
    "external_id",
    "id",
    "customer_id",
    "customer_number",
    "kundnr",
    "kundnummer",
    "kund-id",
    "kundenummer",
    "kundenr",
    "kunde-id",
    "asiakasnumero",
    "asiakasnro",
];
/// Header names of a national identity number.
const NATIONAL_ID_HEADERS: &[&str] = &[
    "national_id",
    "personnummer",
    "personnr",
    "person_number",
    "samordningsnummer",
    "fødselsnummer",
    "fodselsnummer",
    "fødselsnr",
    "fnr",
    "cpr",
    "cpr-nummer",
    "cpr-nr",
    "cprnr",
    "henkilötunnus",
    "henkilotunnus",
    "hetu",
];
const CITY_HEADERS: &[&str] = &[
    "city",
    "ort",
    "postort",
    "poststed",
    "by",
    "postitoimipaikka",
    "kaupunki",
];
const COUNTRY_HEADERS: &[&str] = &["country", "land", "maa"];
const LANGUAGE_HEADERS: &[&str] = &["language", "språk", "sprog", "kieli"];
const LIST_HEADERS: &[&str] = &["lists", "list", "listor", "lister", "listat"];
const SOURCE_HEADERS: &[&str] = &["source", "källa", "kilde", "lähde"];
const SUPPLIER_HEADERS: &[&str] = &["supplier", "leverantör", "leverandør", "toimittaja"];
const BUSINESS_HEADERS: &[&str] = &["business_contact"];
const OBJECTION_HEADERS: &[&str] = &["objection", "invändning", "reservasjon", "indsigelse"];

/// The cells a yes reads as, and a no.
const YES: &[&str] = &[
    "yes", "y", "ja", "j", "kyllä", "k", "x", "1", "true", "granted",
];
const NO: &[&str] = &["no", "n", "nej", "nei", "ei", "0", "false", "withdrawn"];

/// A column mapping file: `[columns]` maps a header of the file to a column name of
/// docs/import.md (`"Mobil 2" = "phone"`, `"Nyhetsbrev" = "consent:newsletter:email"`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Header of the file → column name.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

impl Mapping {
    /// Read a mapping file's text.
    pub fn parse(text: &str) -> Result<Mapping, String> {
        let m: Mapping = toml::from_str(text).map_err(|e| format!("the mapping file: {e}"))?;
        Ok(Mapping {
            columns: m
                .columns
                .into_iter()
                .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_lowercase()))
                .collect(),
        })
    }
}

/// A part of a consent's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    State,
    Date,
    Source,
    Text,
    Version,
    By,
    Reference,
    Ip,
    Expires,
}

/// What a column holds.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Column {
    External,
    Name,
    FirstName,
    LastName,
    Phone,
    Email,
    NationalId,
    Street,
    Postal,
    City,
    Country,
    Language,
    Lists,
    Source,
    Supplier,
    BusinessContact,
    Objection,
    ObjectionScope,
    ObjectionDate,
    /// Every consent event, as the JSON list the NDJSON format holds.
    ConsentHistory,
    /// Every customer relationship, as a JSON list.
    CustomerHistory,
    /// Activities, deals and todos, each a JSON list as the NDJSON format holds them.
    Activities,
    Deals,
    Todos,
    Field {
        purpose: String,
        name: String,
    },
    Consent {
        purpose: String,
        channel: String,
        part: Part,
    },
    Customer {
        category: String,
        ended: bool,
    },
    Ignored,
}

fn column_of(name: &str) -> Column {
    let simple: [(&[&str], Column); 17] = [
        (EXTERNAL_HEADERS, Column::External),
        (NAME_HEADERS, Column::Name),
        (FIRST_NAME_HEADERS, Column::FirstName),
        (LAST_NAME_HEADERS, Column::LastName),
        (PHONE_HEADERS, Column::Phone),
        (EMAIL_HEADERS, Column::Email),
        (NATIONAL_ID_HEADERS, Column::NationalId),
        (STREET_HEADERS, Column::Street),
        (POSTAL_HEADERS, Column::Postal),
        (CITY_HEADERS, Column::City),
        (COUNTRY_HEADERS, Column::Country),
        (LANGUAGE_HEADERS, Column::Language),
        (LIST_HEADERS, Column::Lists),
        (SOURCE_HEADERS, Column::Source),
        (SUPPLIER_HEADERS, Column::Supplier),
        (BUSINESS_HEADERS, Column::BusinessContact),
        (OBJECTION_HEADERS, Column::Objection),
    ];
    if let Some((_, c)) = simple.into_iter().find(|(names, _)| names.contains(&name)) {
        return c;
    }
    let parts: Vec<&str> = name.split(':').map(str::trim).collect();
    match parts.as_slice() {
        ["objection", "scope"] => Column::ObjectionScope,
        ["objection", "date"] => Column::ObjectionDate,
        ["consent_history"] => Column::ConsentHistory,
        ["customer_history"] => Column::CustomerHistory,
        ["activities"] => Column::Activities,
        ["deals"] => Column::Deals,
        ["todos"] => Column::Todos,
        ["field", purpose, field] if !purpose.is_empty() && !field.is_empty() => Column::Field {
            purpose: (*purpose).to_owned(),
            name: (*field).to_owned(),
        },
        ["consent", purpose, channel, rest @ ..] if !purpose.is_empty() => {
            let part = match rest {
                [] => Part::State,
                ["date"] => Part::Date,
                ["source"] => Part::Source,
                ["text"] => Part::Text,
                ["version"] => Part::Version,
                ["by"] => Part::By,
                ["reference"] => Part::Reference,
                ["ip"] => Part::Ip,
                ["expires"] => Part::Expires,
                _ => return Column::Ignored,
            };
            Column::Consent {
                purpose: (*purpose).to_owned(),
                channel: (*channel).to_owned(),
                part,
            }
        }
        ["customer", category] => Column::Customer {
            category: (*category).to_owned(),
            ended: false,
        },
        ["customer", category, "ended"] => Column::Customer {
            category: (*category).to_owned(),
            ended: true,
        },
        _ => Column::Ignored,
    }
}

/// Why a file cannot be read at all (a bad row is only that row's refusal).
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file is empty.
    #[error("the file is empty: it needs a header row")]
    Empty,
    /// No column names a person.
    #[error(
        "no column names the person: the header row needs a name, phone, e-mail, national id or external id column (see docs/import.md)"
    )]
    NoColumns,
    /// Reading failed.
    #[error("cannot read the file: {0}")]
    Io(#[from] std::io::Error),
}

/// `\r\n` and a bare `\r` read as `\n`, so that the CSV reader's line numbers are an editor's.
struct UnixLines<R> {
    inner: R,
    pending_cr: bool,
}

impl<R: Read> Read for UnixLines<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        loop {
            let n = self.inner.read(buf)?;
            if n == 0 {
                return Ok(0);
            }
            let mut w = 0;
            for r in 0..n {
                let b = buf[r];
                if self.pending_cr && b == b'\n' {
                    self.pending_cr = false;
                    continue;
                }
                self.pending_cr = b == b'\r';
                buf[w] = if b == b'\r' { b'\n' } else { b };
                w += 1;
            }
            if w > 0 {
                return Ok(w);
            }
        }
    }
}

/// An import file being read.
pub struct Sheet {
    reader: csv::Reader<Box<dyn Read + Send>>,
    columns: Vec<Column>,
    /// Headers no column name matched: ignored, and said so.
    pub ignored: Vec<String>,
}

impl std::fmt::Debug for Sheet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sheet")
            .field("columns", &self.columns.len())
            .finish_non_exhaustive()
    }
}

impl Sheet {
    /// Open `input`: its encoding (`None`: UTF-8 unless the first block is not, then
    /// Windows-1252), its delimiter and its header row.
    pub fn open(
        input: Box<dyn Read + Send>,
        encoding: Option<Encoding>,
        mapping: &Mapping,
    ) -> Result<Sheet, SheetError> {
        let mut raw = BufReader::with_capacity(1 << 20, input);
        let head = raw.fill_buf()?;
        let bom = head.starts_with(b"\xef\xbb\xbf");
        let encoding = encoding.unwrap_or_else(|| {
            // A block may end inside a character: only a fault before its last 3 bytes counts.
            match std::str::from_utf8(head) {
                Ok(_) => Encoding::Utf8,
                Err(e) if e.error_len().is_none() => Encoding::Utf8,
                Err(_) if bom => Encoding::Utf8,
                Err(_) => Encoding::Windows1252,
            }
        });
        if bom {
            raw.consume(3);
        }
        let decoded: Box<dyn Read + Send> = match encoding {
            Encoding::Utf8 => Box::new(raw),
            other => Box::new(Transcoder::new(raw, other)),
        };
        let mut lines = BufReader::with_capacity(
            1 << 20,
            UnixLines {
                inner: decoded,
                pending_cr: false,
            },
        );
        let mut header = String::new();
        lines.read_line(&mut header)?;
        if header.trim().is_empty() {
            return Err(SheetError::Empty);
        }
        let delimiter = sniff_delimiter(header.as_bytes());
        let rest: Box<dyn Read + Send> =
            Box::new(std::io::Cursor::new(header.into_bytes()).chain(lines));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(rest);
        let headers = reader.headers().map_err(|e| csv_io(&e))?.clone();
        let mut columns = Vec::with_capacity(headers.len());
        let mut ignored = Vec::new();
        for h in headers.iter() {
            let name = h
                .trim()
                .trim_start_matches('\u{feff}')
                .trim_matches('"')
                .to_lowercase();
            let mapped = mapping.columns.get(&name).cloned().unwrap_or(name);
            let column = column_of(&mapped);
            if column == Column::Ignored && !mapped.is_empty() {
                ignored.push(h.trim().to_owned());
            }
            columns.push(column);
        }
        let names_person = columns.iter().any(|c| {
            matches!(
                c,
                Column::External
                    | Column::Name
                    | Column::FirstName
                    | Column::Phone
                    | Column::Email
                    | Column::NationalId
            )
        });
        if !names_person {
            return Err(SheetError::NoColumns);
        }
        Ok(Sheet {
            reader,
            columns,
            ignored,
        })
    }

    /// How far into the (decoded) file the reader is, in bytes.
    pub fn position(&self) -> u64 {
        self.reader.position().byte()
    }

    /// The next up to `n` rows, each with its line number (the header is line 1). Empty when
    /// the file is done.
    pub fn rows(&mut self, n: usize) -> Result<Vec<super::Line>, SheetError> {
        let mut out = Vec::with_capacity(n.min(1 << 14));
        let mut record = csv::StringRecord::new();
        while out.len() < n {
            let line = self.reader.position().line();
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    if record.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    let line = record.position().map_or(line, csv::Position::line);
                    out.push((line, self.person(&record)));
                }
                Err(e) => match e.kind() {
                    csv::ErrorKind::Io(_) => return Err(csv_io(&e).into()),
                    _ => out.push((
                        e.position().map_or(line, csv::Position::line),
                        Err("the row cannot be read as CSV (an unclosed quote, or text that is not in the file's encoding)".to_owned()),
                    )),
                },
            }
        }
        Ok(out)
    }

    /// One row as a person record; a cell that cannot mean anything is the row's refusal.
    fn person(&self, row: &csv::StringRecord) -> Result<PersonRecord, String> {
        let mut p = PersonRecord::default();
        let mut errors: Vec<String> = Vec::new();
        let (mut first, mut last) = (None::<String>, None::<String>);
        let mut address = Address::default();
        let mut has_address = false;
        let mut fields: Option<Vec<CustomField>> = None;
        let mut consents: BTreeMap<(String, String), ConsentEvent> = BTreeMap::new();
        let mut customer: BTreeMap<String, Relationship> = BTreeMap::new();
        let mut scope = None;
        let mut objected_at = None;
        let mut history: Option<Vec<ConsentEvent>> = None;
        let mut customer_history: Option<Vec<Relationship>> = None;
        for (column, raw) in self.columns.iter().zip(row.iter()) {
            let cell = unquote(raw.trim());
            if cell.is_empty() {
                continue;
            }
            let text = cell.to_owned();
            match column {
                Column::External => p.external_id = Some(text),
                Column::Name => p.name = Some(text),
                Column::FirstName => first = Some(text),
                Column::LastName => last = Some(text),
                Column::Phone => p.phones.get_or_insert_with(Vec::new).extend(split(cell)),
                Column::Email => p.emails.get_or_insert_with(Vec::new).extend(split(cell)),
                Column::NationalId => p.national_id = Some(text),
                Column::Street => (address.street, has_address) = (text, true),
                Column::Postal => (address.postal_code, has_address) = (text, true),
                Column::City => (address.city, has_address) = (text, true),
                Column::Country => (address.country, has_address) = (Some(text), true),
                Column::Language => p.language = Some(text),
                Column::Lists => p.lists = Some(split(cell).collect()),
                Column::Source => p.source = Some(text),
                Column::Supplier => p.supplier = Some(text),
                Column::BusinessContact => match yes_no(cell) {
                    Some(b) => p.business_contact = Some(b),
                    None => errors.push("business_contact: yes or no".into()),
                },
                Column::Objection => match yes_no(cell) {
                    Some(true) => p.objection = Some(ObjectionEntry::default()),
                    Some(false) => {}
                    None => {
                        p.objection = Some(ObjectionEntry {
                            source: Some(cell.to_lowercase()),
                            ..ObjectionEntry::default()
                        });
                    }
                },
                Column::ObjectionScope => scope = Some(cell.to_lowercase()),
                Column::ObjectionDate => objected_at = Some(text),
                Column::ConsentHistory => match serde_json::from_str(cell) {
                    Ok(events) => history = Some(events),
                    Err(_) => errors.push("consent_history: a JSON list of consent events".into()),
                },
                Column::CustomerHistory => match serde_json::from_str(cell) {
                    Ok(list) => customer_history = Some(list),
                    Err(_) => {
                        errors.push("customer_history: a JSON list of relationships".into());
                    }
                },
                Column::Activities => match serde_json::from_str::<Vec<ActivityEntry>>(cell) {
                    Ok(list) => p.activities = list,
                    Err(_) => errors.push(
                        "activities: a JSON list of activities (kind, note, channel, owner, at)"
                            .into(),
                    ),
                },
                Column::Deals => match serde_json::from_str::<Vec<DealEntry>>(cell) {
                    Ok(list) => p.deals = list,
                    Err(_) => errors.push(
                        "deals: a JSON list of deals (title, amount_minor as a whole number, currency, stage, owner, opened_at, closed_at, product_category)"
                            .into(),
                    ),
                },
                Column::Todos => match serde_json::from_str::<Vec<TodoEntry>>(cell) {
                    Ok(list) => p.todos = list,
                    Err(_) => errors.push(
                        "todos: a JSON list of todos (text, owner, due_at, done_at)".into(),
                    ),
                },
                Column::Field { purpose, name } => {
                    fields.get_or_insert_with(Vec::new).push(CustomField {
                        name: name.clone(),
                        value: text,
                        purpose: purpose.clone(),
                    });
                }
                Column::Consent {
                    purpose,
                    channel,
                    part,
                } => {
                    let c = consents
                        .entry((purpose.clone(), channel.clone()))
                        .or_insert_with(|| ConsentEvent {
                            purpose: purpose.clone(),
                            channels: vec![channel.clone()],
                            ..ConsentEvent::default()
                        });
                    match part {
                        Part::State => match yes_no(cell) {
                            Some(true) => c.state = "granted".into(),
                            Some(false) => c.state = "withdrawn".into(),
                            None => errors.push(format!(
                                "consent:{purpose}:{channel}: granted or withdrawn (or yes/no, ja/nej, kyllä/ei)"
                            )),
                        },
                        Part::Date => c.date = Some(text),
                        Part::Source => c.source = Some(text),
                        Part::Text => c.text = Some(text),
                        Part::Version => c.version = Some(text),
                        Part::By => c.by = Some(text),
                        Part::Reference => c.reference = Some(text),
                        Part::Ip => c.ip = Some(text),
                        Part::Expires => c.expires = Some(text),
                    }
                }
                Column::Customer { category, ended } => {
                    let r = customer
                        .entry(category.clone())
                        .or_insert_with(|| Relationship {
                            product_category: category.clone(),
                            ..Relationship::default()
                        });
                    if *ended {
                        r.ended = Some(text);
                    } else {
                        r.started = text;
                    }
                }
                Column::Ignored => {}
            }
        }
        if p.name.is_none() {
            p.name = match (first, last) {
                (Some(f), Some(l)) => Some(format!("{f} {l}")),
                (f, l) => f.or(l),
            };
        }
        if has_address {
            p.address = Some(address);
        }
        p.fields = fields;
        if let Some(o) = p.objection.as_mut() {
            o.scope = scope;
            o.date = objected_at;
        }
        // The history columns hold every event; a state or relationship column repeats one of
        // them (the latest, as an export writes it) or adds one after them.
        let history = history.unwrap_or_default();
        p.consents.clone_from(&history);
        for ((purpose, channel), c) in consents {
            // Evidence without a state records nothing: say so rather than drop it.
            if c.state.is_empty() {
                errors.push(format!(
                    "consent:{purpose}:{channel}: evidence given without granted or withdrawn"
                ));
            } else if !history.iter().any(|h| covers(h, &c, &channel)) {
                p.consents.push(c);
            }
        }
        let customer_history = customer_history.unwrap_or_default();
        p.customer.clone_from(&customer_history);
        for (category, r) in customer {
            if r.started.is_empty() {
                errors.push(format!("customer:{category}: the first day is required"));
            } else if !customer_history.contains(&r) {
                p.customer.push(r);
            }
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors.join("; "))
        }
    }
}

/// Whether the history event `h` is the single-channel event `c` of a state column.
fn covers(h: &ConsentEvent, c: &ConsentEvent, channel: &str) -> bool {
    h.channels.iter().any(|x| x == channel)
        && ConsentEvent {
            channels: c.channels.clone(),
            ..h.clone()
        } == *c
}

fn csv_io(e: &csv::Error) -> std::io::Error {
    std::io::Error::other(e.to_string())
}

/// A cell's several values: `a|b`.
fn split(cell: &str) -> impl Iterator<Item = String> + '_ {
    cell.split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn yes_no(cell: &str) -> Option<bool> {
    let c = cell.trim().to_lowercase();
    if YES.contains(&c.as_str()) {
        Some(true)
    } else if NO.contains(&c.as_str()) {
        Some(false)
    } else {
        None
    }
}

/// A cell vern's export protected from spreadsheet formulas (`'=…`) as it was.
fn unquote(cell: &str) -> &str {
    match cell.strip_prefix(spreadsheet::PREFIX) {
        Some(rest) if spreadsheet::is_formula(rest.as_bytes()) => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(bytes: &'static [u8]) -> Sheet {
        Sheet::open(Box::new(bytes), None, &Mapping::default()).unwrap()
    }

    #[test]
    fn latin1_semicolons_bare_cr_and_nordic_headers() {
        let mut s = open(
            b"Kundnr;Namn;Telefon;E-post;Personnummer;consent:newsletter:email;consent:newsletter:email:date\r1;\xc5sa \xd6berg;070-1234567;asa@example.se;19811218-9876;ja;2024-03-01\r2;Bo;;;;nej;\r",
        );
        let rows = s.rows(10).unwrap();
        assert_eq!(rows.len(), 2);
        let (line, first) = &rows[0];
        assert_eq!(*line, 2);
        let first = first.as_ref().unwrap();
        assert_eq!(first.name.as_deref(), Some("Åsa Öberg"));
        assert_eq!(first.external_id.as_deref(), Some("1"));
        assert_eq!(first.national_id.as_deref(), Some("19811218-9876"));
        assert_eq!(first.consents[0].state, "granted");
        assert_eq!(first.consents[0].date.as_deref(), Some("2024-03-01"));
        assert_eq!(rows[1].0, 3);
        assert_eq!(rows[1].1.as_ref().unwrap().consents[0].state, "withdrawn");
    }

    #[test]
    fn bom_mapping_and_bad_cells() {
        let mapping = Mapping::parse(
            "[columns]\n\"Mobil 2\" = \"phone\"\n\"Nyhetsbrev\" = \"consent:newsletter:sms\"\n",
        )
        .unwrap();
        let mut s = Sheet::open(
            Box::new(
                &b"\xef\xbb\xbfnavn,Mobil 2,Nyhetsbrev,hobby\nKari,+4791234567,kanskje,x\n"[..],
            ),
            None,
            &mapping,
        )
        .unwrap();
        assert_eq!(s.ignored, ["hobby"]);
        let rows = s.rows(10).unwrap();
        let why = rows[0].1.as_ref().unwrap_err();
        assert!(why.contains("consent:newsletter:sms"), "{why}");
        assert!(!why.contains("Kari") && !why.contains("kanskje"), "{why}");
    }

    #[test]
    fn a_file_without_a_person_column_is_refused() {
        let e = Sheet::open(Box::new(&b"a;b\n1;2\n"[..]), None, &Mapping::default()).unwrap_err();
        assert!(matches!(e, SheetError::NoColumns));
    }
}
