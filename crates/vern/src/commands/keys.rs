//! `vern keys`: API keys, and the key of the name search index.

use clap::Subcommand;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_core::Role;
use vern_store::store::{ApiKeyStore, DirectoryStore};
use vern_store::{Actor, SqlStore};

use super::{INVALID, rfc3339};
use crate::output::{errln, outln};

#[derive(Debug, Subcommand)]
pub(crate) enum KeysCommand {
    /// Create a key; its secret is printed alone on the last line, once.
    Create {
        /// The role: admin, privacy_officer, seller, marketer, auditor, authorized_agent, gateway.
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
    /// Move the name search index to a new key and rebuild it (docs/people-search.md): the
    /// digests made before share nothing with those made after.
    RotateNameIndex,
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    command: &KeysCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        KeysCommand::Create { role, name } => {
            let Ok(role) = role.parse::<Role>() else {
                errln!(
                    "error: unknown role {role:?}: expected one of admin, privacy_officer, seller, marketer, auditor, authorized_agent, gateway"
                );
                return Ok(ExitCode::from(INVALID));
            };
            let (key, secret) = store.create_api_key(&Actor::Cli, now, name, role).await?;
            outln!(
                "created API key {} ({}, role {})",
                key.id,
                key.name,
                key.role
            )?;
            outln!("store the key now: it is not shown again")?;
            if let Err(e) = crate::output::secret(&secret) {
                errln!(
                    "error: API key {} was created, but its secret could not be written ({e}); nobody has it: revoke the key with `vern keys revoke {}` and create another",
                    key.id,
                    key.id
                );
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::List => {
            outln!(
                "{:<36}  {:<16}  {:<12}  {:<25}  status",
                "id",
                "role",
                "prefix",
                "created"
            )?;
            for key in store.list_api_keys().await? {
                let status = match key.revoked_at {
                    Some(at) => format!("revoked {}", rfc3339(at)),
                    None => "active".to_owned(),
                };
                outln!(
                    "{:<36}  {:<16}  {:<12}  {:<25}  {status}  {}",
                    key.id,
                    key.role,
                    key.prefix,
                    rfc3339(key.created_at),
                    key.name
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::RotateNameIndex => {
            let built = store.rotate_name_index(&Actor::Cli, now).await?;
            outln!(
                "rebuilt the name index with key generation {}: {} people",
                built.generation,
                built.people
            )?;
            Ok(ExitCode::SUCCESS)
        }
        KeysCommand::Revoke { id } => {
            let key = store.revoke_api_key(&Actor::Cli, now, id).await?;
            outln!("revoked API key {} ({})", key.id, key.name)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
