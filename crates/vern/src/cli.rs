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
pub(crate) enum AuditCommand {
    /// Recompute every hash of the ledger's chain.
    Verify,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum IdentifierArg {
    Phone,
    Email,
    NationalId,
}
