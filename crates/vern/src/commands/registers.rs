//! `vern registers`: national do-not-contact registers. The work is in `commands/wash.rs`, beside the
//! wash that reads the registers.

use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_store::SqlStore;

#[derive(Debug, Subcommand)]
pub(crate) enum RegistersCommand {
    /// Import a register version; it replaces the previous version at once.
    Import {
        /// nix-telefon, reservasjonsregisteret or robinsonlisten.
        register: String,
        /// The file as delivered.
        file: PathBuf,
        /// The version's date as its publisher gives it (YYYY-MM-DD).
        #[arg(long)]
        version_date: String,
    },
    /// The versions in force, and whether each is still valid.
    List,
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    command: &RegistersCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        RegistersCommand::Import {
            register,
            file,
            version_date,
        } => super::wash::import_register(store, now, register, file, version_date).await,
        RegistersCommand::List => super::wash::list_registers(store, now).await,
    }
}
