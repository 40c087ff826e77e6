//! `vern blocklist`: bulk loads onto the global block list from CSV files.

use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use time::OffsetDateTime;
use vern_core::{Email, IdentifierDigest, IdentifierKind, PhoneNumber, Region};
use vern_server::washing::{
    EMAIL_HEADERS, PHONE_HEADERS, find_columns, lines, sniff_delimiter, unix_line_endings,
};
use vern_store::store::{AdminStore, ControllerStore, SuppressionStore};
use vern_store::{Actor, SqlStore};

use crate::output::{errln, outln};

#[derive(Debug, Subcommand)]
pub(crate) enum BlocklistCommand {
    /// Load a CSV file with `phone` and/or `email` columns onto the block list.
    Import {
        /// The CSV file (comma or semicolon separated, UTF-8 with or without BOM).
        file: PathBuf,
        /// Why these identifiers are blocked.
        #[arg(long, default_value = "imported block list")]
        reason: String,
        /// Region for national phone numbers (default: the default controller's).
        #[arg(long)]
        region: Option<String>,
    },
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    command: &BlocklistCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        BlocklistCommand::Import {
            file,
            reason,
            region,
        } => import(store, now, file, reason, region.as_deref()).await,
    }
}

async fn import(
    store: &SqlStore,
    now: OffsetDateTime,
    file: &Path,
    reason: &str,
    region: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let region = match region {
        Some(r) => Some(
            r.parse::<Region>()
                .map_err(|_| anyhow::anyhow!("--region {r:?} is not a region"))?,
        ),
        None => store
            .list_controllers()
            .await?
            .first()
            .and_then(|c| c.default_region.parse().ok()),
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).context("the file is not UTF-8")?;
    // Rows may end in \n, \r\n or a bare \r: all read alike, with the line numbers an editor shows.
    let text = unix_line_endings(&text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let delimiter = sniff_delimiter(lines(text).next().unwrap_or("").as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.byte_headers()?.clone();
    // Every phone and e-mail column is blocked, not only the first.
    let phone_cols: Vec<usize> = find_columns(&headers, PHONE_HEADERS).collect();
    let email_cols: Vec<usize> = find_columns(&headers, EMAIL_HEADERS).collect();
    if phone_cols.is_empty() && email_cols.is_empty() {
        errln!(
            "error: no phone or email column: the header row must name one (phone, mobil, telefon, email, e-post, …)"
        );
        return Ok(ExitCode::from(2));
    }
    let total = lines(text).count().saturating_sub(1) as u64;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let keys = store.keys().digest();
    let mut entries: Vec<(IdentifierKind, IdentifierDigest)> = Vec::new();
    let mut unparseable: Vec<u64> = Vec::new();
    let mut rows = 0u64;
    for record in reader.records() {
        let record = record?;
        rows += 1;
        let line = record.position().map_or(rows + 1, |p| p.line());
        let mut ok = false;
        let mut bad = false;
        let cells = |cols: &[usize]| -> Vec<String> {
            cols.iter()
                .filter_map(|&c| record.get(c))
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
                .collect()
        };
        for value in cells(&phone_cols) {
            match PhoneNumber::parse(&value, region) {
                Ok(p) => {
                    entries.push((
                        IdentifierKind::Phone,
                        vern_core::identifier::phone_digest(keys, p.e164()),
                    ));
                    ok = true;
                }
                Err(_) => bad = true,
            }
        }
        for value in cells(&email_cols) {
            match Email::parse(&value) {
                Ok(e) => {
                    entries.push((
                        IdentifierKind::Email,
                        vern_core::identifier::email_digest(keys, e.as_str()),
                    ));
                    ok = true;
                }
                Err(_) => bad = true,
            }
        }
        if bad || !ok {
            unparseable.push(line);
        }
        if rows.is_multiple_of(4096) {
            bar.set_position(rows);
        }
    }
    bar.finish_and_clear();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (outcome, seq) = store
        .blocklist_import(&Actor::Cli, now, &entries, reason, &name)
        .await?;
    outln!("rows read:    {rows}")?;
    outln!("added:        {}", outcome.added)?;
    outln!("duplicates:   {}", outcome.duplicates)?;
    outln!("unparseable:  {}", unparseable.len())?;
    if !unparseable.is_empty() {
        let shown: Vec<String> = unparseable.iter().take(50).map(u64::to_string).collect();
        let more = if unparseable.len() > 50 {
            format!(" and {} more", unparseable.len() - 50)
        } else {
            String::new()
        };
        outln!("  on lines:   {}{more}", shown.join(", "))?;
    }
    outln!(
        "elapsed:      {:.2} s (ledger entry {seq})",
        started.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}
