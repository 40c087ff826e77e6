//! The command line: the global flags and the list of commands. Each command's own arguments
//! are beside the code that runs it, in `commands/`.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

use crate::commands::{
    AuditCommand, BlocklistCommand, KeysCommand, NormalizeArgs, RegistersCommand, RetentionCommand,
    ServeArgs, TrashCommand, UsersCommand,
};

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
}

#[derive(Debug, Args)]
pub(crate) struct WashArgs {
    /// The campaign list (CSV; comma or semicolon separated).
    pub(crate) input: PathBuf,
    /// The purpose's key.
    #[arg(long)]
    pub(crate) purpose: String,
    /// The channel: phone, sms, mms, email, post, messaging, in_person.
    #[arg(long)]
    pub(crate) channel: String,
    /// The controller's key (default: the default controller).
    #[arg(long)]
    pub(crate) controller: Option<String>,
    /// Where to write the rows that may be contacted.
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// Where to write the other rows, with line numbers and reason codes.
    #[arg(long)]
    pub(crate) rejected: Option<PathBuf>,
    /// Region of national phone numbers (default: the controller's).
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// utf-8 (default), iso-8859-1 or windows-1252.
    #[arg(long, default_value = "utf-8")]
    pub(crate) encoding: String,
    /// The phone column's header, when it is not recognised.
    #[arg(long)]
    pub(crate) phone_column: Option<String>,
    /// The e-mail column's header, when it is not recognised.
    #[arg(long)]
    pub(crate) email_column: Option<String>,
    /// The planned time of contact, RFC 3339 (default: now).
    #[arg(long)]
    pub(crate) at: Option<String>,
}
