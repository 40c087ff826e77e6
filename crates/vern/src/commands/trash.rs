//! `vern trash`: the recycle bin.

use clap::Subcommand;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_server::Settings;
use vern_store::SqlStore;
use vern_store::store::ErasureStore;

use super::rfc3339;
use crate::output::outln;

#[derive(Debug, Subcommand)]
pub(crate) enum TrashCommand {
    /// Purge the people whose time in the recycle bin is over (and release ended legal holds).
    Purge {
        /// Purge everyone in the recycle bin now, whatever their time.
        #[arg(long)]
        all: bool,
    },
    /// List the recycle bin.
    List,
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    settings: &Settings,
    command: &TrashCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        TrashCommand::Purge { all } => {
            let days = if *all {
                0
            } else {
                settings.erasure.recycle_days
            };
            let (purged, released) = vern_server::purge_due(store, now, days).await?;
            outln!("purged from the recycle bin: {purged}")?;
            outln!("released from legal holds:   {released}")?;
            Ok(ExitCode::SUCCESS)
        }
        TrashCommand::List => {
            for t in store.list_trash().await? {
                let held = if t.held { "legal hold" } else { "restorable" };
                outln!(
                    "{}  {}  {held}  {}",
                    t.id,
                    rfc3339(t.erased_at),
                    t.reason.unwrap_or_default()
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
