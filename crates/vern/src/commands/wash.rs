//! `vern wash` and `vern registers`.

use anyhow::{Context, anyhow};
use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use time::{Date, OffsetDateTime};
use vern_core::register::{Register, RegisterVersion};
use vern_server::washing::{self as record, PlanError, PlanInput, Recording, RunError, Washer};
use vern_server::{Follower, RegisterImportError, Settings};
use vern_store::store::RegisterStore;
use vern_store::{Actor, SqlStore, Store};

use crate::output::{errln, outln};

const INVALID: u8 = 2;

fn invalid(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    errln!("error: {message}");
    Ok(ExitCode::from(INVALID))
}

pub(crate) async fn wash(
    store: &SqlStore,
    settings: &Settings,
    args: &WashArgs,
) -> anyhow::Result<ExitCode> {
    let now = settings.clock.now();
    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let follower = Follower::new(Arc::clone(&shared));
    follower.start().await?;
    let input = PlanInput {
        controller: args.controller.as_deref(),
        purpose: &args.purpose,
        channel: &args.channel,
        region: args.region.as_deref(),
        at: args.at.as_deref(),
        encoding: Some(&args.encoding),
        phone_column: args.phone_column.as_deref(),
        email_column: args.email_column.as_deref(),
        max_bytes: None,
    };
    let plan = match record::plan(&follower.index(), &input, now) {
        Ok(plan) => plan,
        Err(e) => return invalid(flag_message(&e, &args.purpose)),
    };
    let input = match std::fs::File::open(&args.input) {
        Ok(f) => f,
        Err(e) => return invalid(format!("cannot open {}: {e}", args.input.display())),
    };
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);
    let mut allowed = BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?,
    );
    let mut rejected = match &args.rejected {
        Some(p) => Some(BufWriter::with_capacity(
            1 << 20,
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        )),
        None => None,
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} rows washed ({per_sec}) {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let list_name = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let washer = Washer {
        store,
        follower: &follower,
        clock: &settings.clock,
    };
    let recording = Recording {
        id: uuid::Uuid::now_v7().to_string(),
        list_name,
        via: "cli",
        actor: Actor::Cli,
    };
    let result = tokio::task::block_in_place(|| {
        washer.run_and_record(
            &plan,
            recording,
            std::io::BufReader::with_capacity(1 << 20, input),
            &mut allowed,
            rejected.as_mut().map(|r| r as &mut dyn Write),
            &|rows| bar.set_position(rows),
        )
    });
    bar.finish_and_clear();
    let (record, summary) = match result {
        Ok(done) => done,
        Err(RunError::Wash(e)) => {
            // A wash that failed decided nothing that counts: no output is left to be used.
            drop((allowed, rejected));
            let _ = std::fs::remove_file(&args.out);
            if let Some(p) = &args.rejected {
                let _ = std::fs::remove_file(p);
            }
            return match e {
                record::WashError::Columns(_)
                | record::WashError::Empty
                | record::WashError::Row { .. }
                | record::WashError::TooLarge { .. } => invalid(e),
                other => Err(anyhow!(other)),
            };
        }
        Err(e @ RunError::Record(_)) => return Err(anyhow!(e)),
    };
    let channel = plan.channel;
    let c = &summary.counts;
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    outln!(
        "wash {} of {} ({} MB) for {} on {}",
        record.id,
        record.list_name,
        size / 1_000_000,
        args.purpose,
        channel
    )?;
    outln!("rows read:     {}", c.rows)?;
    outln!("allowed:       {}", c.allowed)?;
    outln!("rejected:      {}", c.rejected)?;
    for (code, n) in &c.by_reason {
        outln!("  {code:<34} {n}")?;
    }
    outln!("unparseable:   {}", c.unparseable)?;
    if !summary.unparseable_lines.is_empty() {
        let shown: Vec<String> = summary
            .unparseable_lines
            .iter()
            .take(20)
            .map(u64::to_string)
            .collect();
        let more = if c.unparseable > 20 {
            format!(
                " (and {} more; all are in the rejected file when they were refused)",
                c.unparseable - 20
            )
        } else {
            String::new()
        };
        outln!("  on lines:    {}{more}", shown.join(", "))?;
    }
    if c.neutralized > 0 {
        outln!(
            "neutralized:   {} cells that a spreadsheet would run as formulas",
            c.neutralized
        )?;
    }
    for r in &summary.registers {
        match (r.version_date, r.valid) {
            (Some(d), true) => outln!("register:      {} version {d} (valid)", r.register)?,
            (Some(d), false) => outln!(
                "register:      {} version {d} is NOT valid for the planned contact: import a current version",
                r.register
            )?,
            (None, _) => outln!(
                "register:      {} has no version loaded: import one (vern registers import)",
                r.register
            )?,
        }
    }
    outln!(
        "elapsed:       {secs:.2} s ({:.0} rows/s)",
        c.rows as f64 / secs
    )?;
    Ok(ExitCode::SUCCESS)
}

/// A refused plan in the words of `vern wash`'s flags.
fn flag_message(e: &PlanError, purpose: &str) -> String {
    match e {
        PlanError::NoDefaultController | PlanError::Controller => {
            "no controller has that key".to_owned()
        }
        PlanError::Purpose(controller) => {
            format!("the controller {controller} has no purpose {purpose:?}")
        }
        PlanError::Channel(_) => {
            "--channel must be one of phone, sms, mms, email, post, messaging, in_person".to_owned()
        }
        PlanError::Region => {
            "--region is not a region the phone library knows (SE, NO, DK, FI, …)".to_owned()
        }
        PlanError::At => {
            "--at must be an RFC 3339 instant, such as 2026-11-24T18:30:00+01:00".to_owned()
        }
        PlanError::Encoding(_) => "--encoding must be utf-8, iso-8859-1 or windows-1252".to_owned(),
    }
}

pub(crate) async fn import_register(
    store: &SqlStore,
    now: OffsetDateTime,
    register: &str,
    file: &Path,
    version_date: &str,
) -> anyhow::Result<ExitCode> {
    let Ok(register) = register.parse::<Register>() else {
        return invalid(
            "the register must be nix-telefon, reservasjonsregisteret or robinsonlisten",
        );
    };
    let Ok(date) = Date::parse(
        version_date,
        &time::format_description::well_known::Iso8601::DATE,
    ) else {
        return invalid("--version-date must be a date, YYYY-MM-DD");
    };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return invalid(format!("cannot read {}: {e}", file.display())),
    };
    let started = std::time::Instant::now();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported = match vern_server::import_register_version(
        store,
        None,
        &Actor::Cli,
        now,
        register,
        date,
        &bytes,
        &name,
    )
    .await
    {
        Ok(i) => i,
        Err(RegisterImportError::FutureDate) => {
            return invalid("--version-date is in the future");
        }
        Err(RegisterImportError::Empty { lines, .. }) => {
            return invalid(format!(
                "no listing could be read from {} ({lines} lines): nothing was imported",
                file.display()
            ));
        }
        Err(RegisterImportError::Store(e)) => return Err(e.into()),
    };
    let (version, seq) = (&imported.version, imported.seq);
    outln!(
        "imported {} version {} ({} listings) as {}",
        register,
        date,
        version.entries,
        version.id
    )?;
    outln!("lines read:    {}", imported.lines)?;
    outln!("unparseable:   {}", imported.unparseable_count)?;
    if !imported.unparseable.is_empty() {
        let shown: Vec<String> = imported
            .unparseable
            .iter()
            .take(20)
            .map(u64::to_string)
            .collect();
        outln!("  on lines:    {}", shown.join(", "))?;
    }
    outln!(
        "valid until:   {} ({})",
        register.valid_until(date),
        validity_rule(register)
    )?;
    outln!(
        "elapsed:       {:.2} s (ledger entry {seq})",
        started.elapsed().as_secs_f64()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn validity_rule(register: Register) -> &'static str {
    match register {
        Register::NixTelefon => "NIX-Telefon: two months from the version's update date",
        Register::Reservasjonsregisteret => {
            "Reservasjonsregisteret: update at least monthly and before the first contact"
        }
        Register::Robinsonlisten => "Robinsonlisten: published quarterly",
    }
}

pub(crate) async fn list_registers(
    store: &SqlStore,
    now: OffsetDateTime,
) -> anyhow::Result<ExitCode> {
    let versions = store.list_register_versions().await?;
    if versions.is_empty() {
        outln!("no register versions imported")?;
    }
    outln!(
        "{:<24} {:<12} {:>10}  {:<12} status",
        "register",
        "version",
        "entries",
        "valid until"
    )?;
    for v in versions {
        let until = v.register.valid_until(v.version_date);
        let status = if v.superseded_at.is_some() {
            "superseded"
        } else if (RegisterVersion {
            version_date: v.version_date,
        })
        .valid_on(v.register, now.date())
        {
            "in force"
        } else {
            "STALE: import a current version"
        };
        outln!(
            "{:<24} {:<12} {:>10}  {:<12} {status}",
            v.register.as_str(),
            v.version_date.to_string(),
            v.entries,
            until.to_string()
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub(crate) struct WashArgs {
    /// The campaign list (CSV; comma or semicolon separated).
    pub(crate) input: PathBuf,
    /// The purpose's key.
    #[arg(long)]
    pub(crate) purpose: String,
    /// The channel: phone, sms, mms, email, post, messaging, in_person.
    #[arg(long)]
    pub(crate) channel: String,
    /// The controller's key (default: the default controller).
    #[arg(long)]
    pub(crate) controller: Option<String>,
    /// Where to write the rows that may be contacted.
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Where to write the other rows, with line numbers and reason codes.
    #[arg(long)]
    pub(crate) rejected: Option<PathBuf>,
    /// Region of national phone numbers (default: the controller's).
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// utf-8 (default), iso-8859-1 or windows-1252.
    #[arg(long, default_value = "utf-8")]
    pub(crate) encoding: String,
    /// The phone column's header, when it is not recognised.
    #[arg(long)]
    pub(crate) phone_column: Option<String>,
    /// The e-mail column's header, when it is not recognised.
    #[arg(long)]
    pub(crate) email_column: Option<String>,
    /// The planned time of contact, RFC 3339 (default: now).
    #[arg(long)]
    pub(crate) at: Option<String>,
}
