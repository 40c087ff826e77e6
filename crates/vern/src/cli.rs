//! The command line.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;

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
    Serve {
        /// Address to listen on (default 127.0.0.1:8080).
        #[arg(long, env = "VERN_LISTEN")]
        listen: Option<SocketAddr>,
        /// Threads that serve HTTP, each with its own event loop (default: one per core).
        #[arg(long, env = "VERN_HTTP_THREADS")]
        http_threads: Option<usize>,
    },
    /// Create or update the database schema.
    Migrate,
    /// Manage API keys.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// Normalize an identifier, as vern stores and matches it.
    Normalize {
        /// What kind of identifier.
        kind: IdentifierArg,
        /// The value.
        value: String,
        /// Default region for national phone numbers, or the country of a national id.
        #[arg(long)]
        region: Option<String>,
    },
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

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Create a key; its secret is printed alone on the last line, once.
    Create {
        /// The role: admin, privacy_officer, seller, marketer, auditor, authorized_agent.
        #[arg(long)]
        role: String,
        /// A name for people.
        #[arg(long)]
        name: String,
    },
    /// List keys (never their secrets).
    List,
    /// Revoke a key by id or prefix.
    Revoke {
        /// The key's id, or its prefix as `keys list` shows it.
        id: String,
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

#[derive(Debug, Subcommand)]
pub(crate) enum BlocklistCommand {
    /// Load a CSV file with `phone` and/or `email` columns onto the block list.
    Import {
        /// The CSV file (comma or semicolon separated, UTF-8 with or without BOM).
        file: PathBuf,
        /// Why these identifiers are blocked.
        #[arg(long, default_value = "imported block list")]
        reason: String,
        /// Region for national phone numbers (default: the default controller's).
        #[arg(long)]
        region: Option<String>,
    },
}

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

#[derive(Debug, Subcommand)]
pub(crate) enum RetentionCommand {
    /// Apply the retention rules now.
    Run {
        /// Report what would happen, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Recompute every hash of the ledger's chain.
    Verify,
}

#[derive(Debug, Subcommand)]
pub(crate) enum UsersCommand {
    /// Create a staff user. With --password-stdin the password is read from standard input;
    /// otherwise a strong one is generated and printed alone on the last line, once.
    Create {
        /// The role: admin, privacy_officer, seller, marketer, auditor.
        #[arg(long)]
        role: String,
        /// The e-mail address the user signs in with.
        #[arg(long)]
        email: String,
        /// Read the password from standard input (first line) instead of generating one.
        #[arg(long)]
        password_stdin: bool,
        /// The UI language: sv, nb, da, fi or en.
        #[arg(long, default_value = "en")]
        language: String,
        /// The time zone times are shown in: Europe/Stockholm, Europe/Oslo,
        /// Europe/Copenhagen, Europe/Helsinki or UTC.
        #[arg(long, default_value = "Europe/Stockholm")]
        time_zone: String,
    },
    /// List staff users.
    List,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum IdentifierArg {
    Phone,
    Email,
    NationalId,
}
