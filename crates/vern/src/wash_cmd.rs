//! `vern wash` and `vern registers`.

use anyhow::{Context, anyhow};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use time::{Date, OffsetDateTime};
use vern_core::register::{Register, RegisterVersion};
use vern_core::{Channel, Region};
use vern_server::follower::Follower;
use vern_server::settings::Settings;
use vern_server::wash::{self, WashPlan, input::Encoding};
use vern_store::model::WashRecord;
use vern_store::{Actor, SqlStore, Store};

use crate::cli::WashArgs;

const INVALID: u8 = 2;

fn invalid(message: impl std::fmt::Display) -> anyhow::Result<ExitCode> {
    eprintln!("error: {message}");
    Ok(ExitCode::from(INVALID))
}

pub(crate) async fn wash(
    store: &SqlStore,
    settings: &Settings,
    args: &WashArgs,
) -> anyhow::Result<ExitCode> {
    let now = settings.clock.now();
    let Ok(channel) = args.channel.parse::<Channel>() else {
        return invalid(
            "--channel must be one of phone, sms, mms, email, post, messaging, in_person",
        );
    };
    let Ok(encoding) = args.encoding.parse::<Encoding>() else {
        return invalid("--encoding must be utf-8, iso-8859-1 or windows-1252");
    };
    let region = match args.region.as_deref().map(str::parse::<Region>).transpose() {
        Ok(r) => r,
        Err(_) => {
            return invalid("--region is not a region the phone library knows (SE, NO, DK, FI, …)");
        }
    };
    let at = match args.at.as_deref() {
        None => now,
        Some(t) => match OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339) {
            Ok(at) => at,
            Err(_) => {
                return invalid(
                    "--at must be an RFC 3339 instant, such as 2026-11-24T18:30:00+01:00",
                );
            }
        },
    };
    let input = match std::fs::File::open(&args.input) {
        Ok(f) => f,
        Err(e) => return invalid(format!("cannot open {}: {e}", args.input.display())),
    };
    let size = input.metadata().map(|m| m.len()).unwrap_or(0);

    let shared: Arc<dyn Store> = Arc::new(store.clone());
    let follower = Follower::new(Arc::clone(&shared));
    follower.start().await?;
    let (controller, purpose) = {
        let index = follower.index();
        let controller = match args.controller.as_deref() {
            None => index.default_controller().cloned(),
            Some(k) => index.controller(k).cloned(),
        };
        let Some(controller) = controller else {
            return invalid("no controller has that key");
        };
        let Some(purpose) = index.purpose(controller.record.id, &args.purpose).cloned() else {
            return invalid(format!(
                "the controller {} has no purpose {:?}",
                controller.record.key, args.purpose
            ));
        };
        (controller, purpose)
    };
    let plan = WashPlan {
        controller,
        purpose,
        channel,
        at,
        region,
        encoding,
        phone_column: args.phone_column.clone(),
        email_column: args.email_column.clone(),
        max_bytes: None,
    };
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
    let keys = store.keys().digest().clone();
    let result = tokio::task::block_in_place(|| {
        wash::run(
            &plan,
            &follower,
            &keys,
            std::io::BufReader::with_capacity(1 << 20, input),
            &mut allowed,
            rejected.as_mut().map(|r| r as &mut dyn Write),
            &|rows| bar.set_position(rows),
        )
    });
    bar.finish_and_clear();
    let summary = match result {
        Ok(s) => s,
        Err(e) => {
            // A wash that failed decided nothing that counts: no output is left to be used.
            drop((allowed, rejected));
            let _ = std::fs::remove_file(&args.out);
            if let Some(p) = &args.rejected {
                let _ = std::fs::remove_file(p);
            }
            return match e {
                wash::WashError::Columns(_)
                | wash::WashError::Empty
                | wash::WashError::Row { .. }
                | wash::WashError::TooLarge { .. } => invalid(e),
                other => Err(anyhow!(other)),
            };
        }
    };
    let list_name = args
        .input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let record = WashRecord {
        id: uuid_v7(),
        controller: plan.controller.record.id,
        purpose: args.purpose.clone(),
        channel,
        list_name,
        file_digest: summary.file_digest.clone(),
        planned_at: at,
        registers: summary.registers.clone(),
        counts: summary.counts.clone(),
        via: "cli".to_owned(),
        created_at: now,
    };
    store
        .record_wash(&Actor::Cli, settings.clock.now(), &record)
        .await?;

    let c = &summary.counts;
    let secs = summary.elapsed.as_secs_f64().max(1e-9);
    println!(
        "wash {} of {} ({} MB) for {} on {}",
        record.id,
        record.list_name,
        size / 1_000_000,
        args.purpose,
        channel
    );
    println!("rows read:     {}", c.rows);
    println!("allowed:       {}", c.allowed);
    println!("rejected:      {}", c.rejected);
    for (code, n) in &c.by_reason {
        println!("  {code:<34} {n}");
    }
    println!("unparseable:   {}", c.unparseable);
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
        println!("  on lines:    {}{more}", shown.join(", "));
    }
    if c.neutralized > 0 {
        println!(
            "neutralized:   {} cells that a spreadsheet would run as formulas",
            c.neutralized
        );
    }
    for r in &summary.registers {
        match (r.version_date, r.valid) {
            (Some(d), true) => println!("register:      {} version {d} (valid)", r.register),
            (Some(d), false) => println!(
                "register:      {} version {d} is NOT valid for the planned contact: import a current version",
                r.register
            ),
            (None, _) => println!(
                "register:      {} has no version loaded: import one (vern registers import)",
                r.register
            ),
        }
    }
    println!(
        "elapsed:       {secs:.2} s ({:.0} rows/s)",
        c.rows as f64 / secs
    );
    Ok(ExitCode::SUCCESS)
}

fn uuid_v7() -> String {
    uuid::Uuid::now_v7().to_string()
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
    if date > now.date() {
        return invalid("--version-date is in the future");
    }
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return invalid(format!("cannot read {}: {e}", file.display())),
    };
    let started = std::time::Instant::now();
    let digest = blake3::hash(&bytes).to_hex().to_string();
    let parsed = vern_server::registers::parse(register, &bytes, store.keys().digest());
    if parsed.listings.is_empty() {
        return invalid(format!(
            "no listing could be read from {} ({} lines): nothing was imported",
            file.display(),
            parsed.lines
        ));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let (version, seq) = store
        .import_register(
            &Actor::Cli,
            now,
            register,
            date,
            &parsed.listings,
            &name,
            &digest,
        )
        .await?;
    println!(
        "imported {} version {} ({} listings) as {}",
        register, date, version.entries, version.id
    );
    println!("lines read:    {}", parsed.lines);
    println!("unparseable:   {}", parsed.unparseable_count);
    if !parsed.unparseable.is_empty() {
        let shown: Vec<String> = parsed
            .unparseable
            .iter()
            .take(20)
            .map(u64::to_string)
            .collect();
        println!("  on lines:    {}", shown.join(", "));
    }
    println!(
        "valid until:   {} ({})",
        register.valid_until(date),
        validity_rule(register)
    );
    println!(
        "elapsed:       {:.2} s (ledger entry {seq})",
        started.elapsed().as_secs_f64()
    );
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
        println!("no register versions imported");
    }
    println!(
        "{:<24} {:<12} {:>10}  {:<12} status",
        "register", "version", "entries", "valid until"
    );
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
        println!(
            "{:<24} {:<12} {:>10}  {:<12} {status}",
            v.register.as_str(),
            v.version_date.to_string(),
            v.entries,
            until.to_string()
        );
    }
    Ok(ExitCode::SUCCESS)
}
