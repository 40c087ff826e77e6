//! `vern migrate`: the store is migrated when it is opened, so this only says so.

use std::process::ExitCode;

use crate::output::outln;

pub(super) fn run() -> anyhow::Result<ExitCode> {
    outln!("database schema is up to date")?;
    Ok(ExitCode::SUCCESS)
}
