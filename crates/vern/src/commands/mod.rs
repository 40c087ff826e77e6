//! The command line and what each command does: the global flags and the list of commands here,
//! one module per subcommand with its clap arguments beside the function that runs it.
//! `dispatch` only picks the module.

mod audit;
mod blocklist;
// Moving in and leaving (docs/import.md).
mod import;
mod keys;
mod migrate;
mod normalize;
mod registers;
mod retention;
mod serve;
mod sms;
mod trash;
mod users;
mod wash;

pub(crate) use audit::AuditCommand;
pub(crate) use blocklist::BlocklistCommand;
pub(crate) use import::{ExportCommand, ImportCommand};
pub(crate) use keys::KeysCommand;
pub(crate) use normalize::NormalizeArgs;
pub(crate) use registers::RegistersCommand;
pub(crate) use retention::RetentionCommand;
pub(crate) use serve::ServeArgs;
pub(crate) use sms::SmsCommand;
pub(crate) use trash::TrashCommand;
pub(crate) use users::UsersCommand;
pub(crate) use wash::WashArgs;

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use vern_server::{Environment, Layer, Settings};

use crate::output::errln;

/// Exit code for bad input (as opposed to a failure to run).
const INVALID: u8 = 2;

/// vern: the privacy-rights engine for businesses that contact people.
#[derive(Debug, Parser)]
#[command(name = "vern", version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub(crate) global: Global,
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// Options every command takes. Each can also come from the environment or a settings file;
/// precedence: defaults < file < environment < flags.
#[derive(Debug, Args)]
pub(crate) struct Global {
    /// Database URL: sqlite://PATH (the default, sqlite://vern.db) or postgres://…
    #[arg(long, global = true, env = "VERN_DATABASE_URL")]
    pub database: Option<String>,
    /// Keyring URL (default: beside the data: vern.keyring.db, or the schema vern_keyring).
    #[arg(long, global = true, env = "VERN_KEYRING_URL")]
    pub keyring: Option<String>,
    /// A TOML settings file.
    #[arg(long, global = true, env = "VERN_CONFIG")]
    pub config: Option<PathBuf>,
    /// The master key file (default: vern.key beside the SQLite database). VERN_MASTER_KEY
    /// (64 hex characters) takes precedence.
    #[arg(long, global = true, env = "VERN_MASTER_KEY_FILE")]
    pub master_key_file: Option<PathBuf>,
    /// Log filter, e.g. info or vern_server=debug.
    #[arg(long, global = true, env = "VERN_LOG")]
    pub log: Option<String>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Create or update the database schema.
    Migrate,
    /// Manage API keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Normalize an identifier, as vern stores and matches it.
    Normalize(NormalizeArgs),
    /// Wash a campaign list: keep the rows that may be contacted.
    Wash(WashArgs),
    /// National do-not-contact registers.
    Registers {
        #[command(subcommand)]
        command: RegistersCommand,
    },
    /// The recycle bin.
    Trash {
        #[command(subcommand)]
        command: TrashCommand,
    },
    /// Retention rules.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// The global block list.
    Blocklist {
        #[command(subcommand)]
        command: BlocklistCommand,
    },
    /// Audit the ledger.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Staff users of the web UI.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// SMS gateways and receiving numbers (docs/sms.md).
    Sms {
        #[command(subcommand)]
        command: SmsCommand,
    },
    /// Import people from another system (docs/import.md).
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// Export people in the import format (docs/import.md).
    Export {
        #[command(subcommand)]
        command: ExportCommand,
    },
}

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
        Command::Wash(args) => wash::wash(&store, &settings, args).await?,
        Command::Registers { command } => registers::run(&store, now, command).await?,
        Command::Trash { command } => trash::run(&store, now, &settings, command).await?,
        Command::Retention { command } => retention::run(&store, now, &settings, command).await?,
        Command::Blocklist { command } => blocklist::run(&store, now, command).await?,
        Command::Users { command } => users::run(&store, now, command).await?,
        Command::Sms { command } => sms::run(&store, now, command).await?,
        Command::Audit { command } => audit::run(&store, command).await?,
        Command::Import { command } => import::import(&store, &settings, command).await?,
        Command::Export { command } => import::export(&store, &settings, command).await?,
        Command::Serve(_) | Command::Normalize(_) => ExitCode::SUCCESS,
    };
    store.close().await;
    Ok(code)
}

fn rfc3339(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
