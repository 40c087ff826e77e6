//! What each command does: one module per subcommand, each with its clap arguments beside the
//! function that runs it. `dispatch` only picks the module.

mod audit;
mod blocklist;
mod keys;
mod migrate;
mod normalize;
mod registers;
mod retention;
mod serve;
mod trash;
mod users;

pub(crate) use audit::AuditCommand;
pub(crate) use blocklist::BlocklistCommand;
pub(crate) use keys::KeysCommand;
pub(crate) use normalize::NormalizeArgs;
pub(crate) use registers::RegistersCommand;
pub(crate) use retention::RetentionCommand;
pub(crate) use serve::ServeArgs;
pub(crate) use trash::TrashCommand;
pub(crate) use users::UsersCommand;

use std::process::ExitCode;
use vern_server::settings::{Environment, Layer, Settings};

use crate::cli::{Cli, Command, Global};
use crate::output::errln;

/// Exit code for bad input (as opposed to a failure to run).
const INVALID: u8 = 2;

pub(crate) async fn run(cli: Cli) -> ExitCode {
    match dispatch(cli).await {
        Ok(code) => code,
        Err(e) => {
            errln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The settings from file, environment and flags; `command` holds the flags of the command
/// (`vern serve --listen …`), the global flags are added here.
fn settings(global: &Global, command: Layer) -> anyhow::Result<Settings> {
    let file = match &global.config {
        Some(path) => Layer::from_file(path)?,
        None => Layer::default(),
    };
    let flags = Layer {
        database: global.database.clone(),
        keyring: global.keyring.clone(),
        master_key_file: global.master_key_file.clone(),
        log: global.log.clone(),
        ..command
    };
    Ok(Settings::resolve(
        file.over(flags),
        &Environment::from_process(),
    )?)
}

async fn dispatch(cli: Cli) -> anyhow::Result<ExitCode> {
    let Cli { global, command } = cli;
    match &command {
        Command::Normalize(args) => return normalize::run(&global, args),
        Command::Serve(args) => return serve::run(&global, args).await,
        _ => {}
    }
    let settings = settings(&global, Layer::default())?;
    let store = vern_server::open_store(&settings).await?;
    let now = settings.clock.now();
    let code = match &command {
        Command::Migrate => migrate::run()?,
        Command::Keys { command } => keys::run(&store, now, command).await?,
        Command::Wash(args) => crate::wash_cmd::wash(&store, &settings, args).await?,
        Command::Registers { command } => registers::run(&store, now, command).await?,
        Command::Trash { command } => trash::run(&store, now, &settings, command).await?,
        Command::Retention { command } => retention::run(&store, now, &settings, command).await?,
        Command::Blocklist { command } => blocklist::run(&store, now, command).await?,
        Command::Users { command } => users::run(&store, now, command).await?,
        Command::Audit { command } => audit::run(&store, command).await?,
        Command::Serve(_) | Command::Normalize(_) => ExitCode::SUCCESS,
    };
    store.close().await;
    Ok(code)
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
