//! The `vern` command: a thin entry over the server and the store.
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool answers on its standard streams

mod cli;
mod commands;
mod import;
mod users;
mod wash_cmd;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <cli::Cli as clap::Parser>::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(commands::run(cli))
}
