//! `vern blocklist`: bulk loads onto the global block list from CSV files.

use anyhow::Context;
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;
use time::OffsetDateTime;
use vern_core::Region;
use vern_server::{BlocklistFile, BlocklistImportError};
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
        None => None,
    };
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let total = bytes.iter().filter(|b| **b == b'\n').count() as u64;
    let bar = ProgressBar::new(total);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows {per_sec} {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported = vern_server::import_blocklist(
        store,
        None,
        &Actor::Cli,
        now,
        BlocklistFile {
            bytes: &bytes,
            name: &name,
            reason,
            region,
        },
        &|rows| bar.inc(rows),
    )
    .await;
    bar.finish_and_clear();
    let imported = match imported {
        Ok(i) => i,
        Err(BlocklistImportError::Store(e)) => return Err(e.into()),
        Err(e) => {
            errln!("error: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    outln!("rows read:    {}", imported.rows)?;
    outln!("added:        {}", imported.added)?;
    outln!("duplicates:   {}", imported.duplicates)?;
    outln!("unparseable:  {}", imported.unparseable_count)?;
    if !imported.unparseable.is_empty() {
        let shown: Vec<String> = imported
            .unparseable
            .iter()
            .take(50)
            .map(u64::to_string)
            .collect();
        let more = if imported.unparseable_count > 50 {
            format!(" and {} more", imported.unparseable_count - 50)
        } else {
            String::new()
        };
        outln!("  on lines:   {}{more}", shown.join(", "))?;
    }
    outln!(
        "elapsed:      {:.2} s (ledger entry {})",
        started.elapsed().as_secs_f64(),
        imported.seq
    )?;
    Ok(ExitCode::SUCCESS)
}
