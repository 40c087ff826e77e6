//! The `vern` command: a thin entry over the server and the store.

mod commands;
mod output;

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <commands::Cli as clap::Parser>::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            output::errln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(commands::run(cli))
}
