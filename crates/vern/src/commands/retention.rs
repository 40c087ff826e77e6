//! `vern retention`: the retention rules, run by hand.

use clap::Subcommand;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_server::Settings;
use vern_store::SqlStore;

use crate::output::outln;

#[derive(Debug, Subcommand)]
pub(crate) enum RetentionCommand {
    /// Apply the retention rules now.
    Run {
        /// Report what would happen, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    settings: &Settings,
    command: &RetentionCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        RetentionCommand::Run { dry_run } => {
            let summary =
                vern_server::run_retention(store, now, &settings.erasure, *dry_run).await?;
            let verb = if *dry_run { "would be" } else { "were" };
            outln!(
                "retention run{}",
                if *dry_run {
                    " (dry run: nothing changed)"
                } else {
                    ""
                }
            )?;
            outln!(
                "inactive people who {verb} erased: {}",
                summary.inactive.len()
            )?;
            for id in summary.inactive.iter().take(50) {
                outln!("  {id}")?;
            }
            outln!(
                "people with no purpose left who {verb} erased: {}",
                summary.no_purpose.len()
            )?;
            for id in summary.no_purpose.iter().take(50) {
                outln!("  {id}")?;
            }
            outln!(
                "fields of ended purposes that {verb} purged: {}",
                summary.fields_purged
            )?;
            outln!("people who {verb} told:            {}", summary.notices)?;
            outln!("messages that {verb} deleted:      {}", summary.messages)?;
            outln!("people who {verb} purged:          {}", summary.purged)?;
            outln!(
                "legal holds that {verb} released:  {}",
                summary.holds_released
            )?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
