//! `vern audit`: the ledger's hash chain.

use clap::Subcommand;
use std::process::ExitCode;
use vern_store::SqlStore;
use vern_store::store::LedgerStore;

use crate::output::outln;

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute every hash of the ledger's chain.
    Verify,
}

pub(super) async fn run(store: &SqlStore, command: &AuditCommand) -> anyhow::Result<ExitCode> {
    match command {
        AuditCommand::Verify => {
            let result = store.verify_ledger().await?;
            match result.broken {
                None => {
                    outln!("ledger intact: {} entries checked", result.checked)?;
                    Ok(ExitCode::SUCCESS)
                }
                Some(b) => {
                    outln!(
                        "ledger broken at entry {}: {} ({} entries before it verified)",
                        b.seq,
                        b.problem,
                        result.checked
                    )?;
                    Ok(ExitCode::FAILURE)
                }
            }
        }
    }
}
