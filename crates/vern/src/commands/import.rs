//! `vern import people` and `vern export people`: moving a register in and out (docs/import.md).
//! Both call the use cases the API calls (`vern_server::people_import`); this file reads the
//! arguments, shows progress on standard error and writes the summary.

use anyhow::Context;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;
use vern_server::Settings;
use vern_server::people_import::{
    BATCH, Encoding, Format, Importer, Mapping, Options, Outcome, Sheet, Summary,
};
use vern_store::{SqlStore, Store};

use super::INVALID;
use crate::output::{errln, outln};

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// Import people with identifiers, fields, lists, consents, objections, customer
    /// relationships and source from a CSV file (docs/import.md).
    People(ImportArgs),
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// Export every person of a controller in the import format.
    People(ExportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The CSV file (comma, semicolon or tab; UTF-8 with or without BOM, or Latin-1).
    file: PathBuf,
    /// Check every line and report on each; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// The controller's key (default: the default controller).
    #[arg(long)]
    controller: Option<String>,
    /// A TOML file mapping the file's headers to vern's column names.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// The file's encoding: utf-8, iso-8859-1 or windows-1252 (default: UTF-8, or
    /// Windows-1252 when the file is not UTF-8).
    #[arg(long)]
    encoding: Option<String>,
    /// Region for national phone numbers (default: the controller's).
    #[arg(long)]
    region: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// The controller's key (default: the default controller).
    #[arg(long)]
    controller: Option<String>,
    /// csv or ndjson.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Where to write.
    #[arg(long)]
    out: PathBuf,
}

fn invalid(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    errln!("error: {message}");
    Ok(ExitCode::from(INVALID))
}

pub(super) async fn import(
    store: &SqlStore,
    settings: &Settings,
    command: &ImportCommand,
) -> anyhow::Result<ExitCode> {
    let ImportCommand::People(args) = command;
    let started = Instant::now();
    let encoding = match args.encoding.as_deref().map(str::parse::<Encoding>) {
        Some(Err(e)) => return invalid(format!("--encoding: {e}")),
        Some(Ok(e)) => Some(e),
        None => None,
    };
    let mapping = match &args.mapping {
        Some(path) => {
            let text = match std::fs::read_to_string(path) {
                Ok(t) => t,
                Err(e) => return invalid(format!("cannot read {}: {e}", path.display())),
            };
            match Mapping::parse(&text) {
                Ok(m) => m,
                Err(e) => return invalid(e),
            }
        }
        None => Mapping::default(),
    };
    let file = match std::fs::File::open(&args.file) {
        Ok(f) => f,
        Err(e) => return invalid(format!("cannot open {}: {e}", args.file.display())),
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut sheet = match Sheet::open(Box::new(file), encoding, &mapping) {
        Ok(s) => s,
        Err(e) => return invalid(e),
    };
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let built = vern_server::build_app_without_people(settings, shared).await?;
    let options = Options {
        controller: args.controller.clone(),
        dry_run: args.dry_run,
        region: args.region.clone(),
        via: "cli",
        may_update: true,
    };
    let mut importer = match Importer::start(&built.state, options) {
        Ok(i) => i,
        Err(e) => return invalid(e),
    };
    if !sheet.ignored.is_empty() {
        errln!("ignored columns: {}", sheet.ignored.join(", "));
    }
    let bar = ProgressBar::new(size);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut failure = None;
    loop {
        let rows = tokio::task::block_in_place(|| sheet.rows(BATCH));
        let rows = match rows {
            Ok(r) if r.is_empty() => break,
            Ok(r) => r,
            Err(e) => {
                failure = Some(e.to_string());
                break;
            }
        };
        if let Err(e) = importer.feed(rows).await {
            failure = Some(e.to_string());
            break;
        }
        bar.set_position(sheet.position());
        let s = importer.summary();
        bar.set_message(format!("{} rows", s.read));
    }
    bar.finish_and_clear();
    let summary = importer.finish();
    report(&summary, started)?;
    if let Some(why) = failure {
        errln!(
            "error: the import stopped: {why}; the {} batch(es) written before stay, nothing after them was written",
            summary.batches
        );
        return Ok(ExitCode::FAILURE);
    }
    Ok(ExitCode::SUCCESS)
}

fn report(s: &Summary, started: Instant) -> anyhow::Result<()> {
    if s.dry_run {
        for (line, outcome) in &s.lines {
            match outcome {
                Outcome::Rejected(why) => outln!("line {line}: rejected: {why}")?,
                other => outln!("line {line}: {}", other.as_str())?,
            }
        }
        outln!("dry run: nothing was written")?;
    }
    let verb = if s.dry_run { "would be " } else { "" };
    outln!("rows read:    {}", s.read)?;
    outln!("{verb}created:      {}", s.created)?;
    outln!("{verb}updated:      {}", s.updated)?;
    outln!("unchanged:    {}", s.unchanged)?;
    outln!("rejected:     {}", s.rejected.len())?;
    if !s.dry_run {
        for (line, why) in &s.rejected {
            outln!("  line {line}: {why}")?;
        }
        outln!("batches:      {} (import {})", s.batches, s.import)?;
    }
    let secs = started.elapsed().as_secs_f64();
    outln!(
        "elapsed:      {secs:.2} s ({:.0} rows/s)",
        s.read as f64 / secs.max(1e-9)
    )?;
    Ok(())
}

pub(super) async fn export(
    store: &SqlStore,
    settings: &Settings,
    command: &ExportCommand,
) -> anyhow::Result<ExitCode> {
    let ExportCommand::People(args) = command;
    let format = match args.format.parse::<Format>() {
        Ok(f) => f,
        Err(e) => return invalid(format!("--format: {e}")),
    };
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let built = vern_server::build_app_without_people(settings, shared).await?;
    let tmp = args.out.with_extension("partial");
    let file =
        std::fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let result = vern_server::people_import::export(
        &built.state,
        args.controller.as_deref(),
        format,
        &mut out,
    )
    .await;
    drop(out);
    match result {
        Ok(n) => {
            std::fs::rename(&tmp, &args.out)
                .with_context(|| format!("cannot write {}", args.out.display()))?;
            outln!("exported:     {n} people to {}", args.out.display())?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            if e.code == "invalid" || e.code == "not_found" {
                invalid(e)
            } else {
                Err(anyhow::anyhow!(e))
            }
        }
    }
}
