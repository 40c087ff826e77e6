//! `vern users`: staff users of the web UI. The first administrator is made here.

use clap::Subcommand;
use std::io::BufRead;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_core::Role;
use vern_core::zone::Zone;
use vern_server::Lang;
use vern_server::password;
use vern_store::store::UserStore;
use vern_store::user::NewUser;
use vern_store::{Actor, SqlStore, StoreError};

use super::INVALID;
use crate::output::{errln, outln};

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

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    command: &UsersCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        UsersCommand::Create {
            role,
            email,
            password_stdin,
            language,
            time_zone,
        } => {
            let role = match role.parse::<Role>() {
                Ok(Role::AuthorizedAgent | Role::Gateway) => {
                    errln!(
                        "error: authorized agents and SMS gateways use the API with a key (vern keys create), not the web UI"
                    );
                    return Ok(ExitCode::from(INVALID));
                }
                Ok(r) => r,
                Err(e) => {
                    errln!("error: {e}");
                    return Ok(ExitCode::from(INVALID));
                }
            };
            if Lang::from_code(language).is_none_or(|l| l.code() != language) {
                errln!("error: the language must be one of sv, nb, da, fi, en");
                return Ok(ExitCode::from(INVALID));
            }
            if Zone::from_name(time_zone).is_none() {
                errln!(
                    "error: the time zone must be one of Europe/Stockholm, Europe/Oslo, Europe/Copenhagen, Europe/Helsinki, UTC"
                );
                return Ok(ExitCode::from(INVALID));
            }
            let (secret, generated) = if *password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                let line = line.trim_end_matches(['\r', '\n']).to_owned();
                if let Err(e) = password::acceptable(&line) {
                    errln!("error: {e}");
                    return Ok(ExitCode::from(INVALID));
                }
                (line, false)
            } else {
                (password::generate(), true)
            };
            let hash = password::hash(secret.clone()).await?;
            let input = NewUser {
                email: email.clone(),
                role,
                password_hash: hash,
                language: language.clone(),
                time_zone: time_zone.clone(),
            };
            let user = match store.create_user(&Actor::Cli, now, &input).await {
                Ok((user, _)) => user,
                Err(StoreError::Invalid(m) | StoreError::Conflict(m)) => {
                    errln!("error: {m}");
                    return Ok(ExitCode::from(INVALID));
                }
                Err(e) => return Err(e.into()),
            };
            outln!(
                "created user {} ({}, role {})",
                user.id,
                user.email,
                user.role
            )?;
            outln!("sign in at /ui/ on vern serve's address")?;
            if generated {
                outln!("store the password now: it is not shown again")?;
                if let Err(e) = crate::output::secret(&secret) {
                    errln!(
                        "error: user {} was created, but the generated password could not be written ({e}); nobody has it: create the user again with --password-stdin under another address, or ask an admin to set one",
                        user.id
                    );
                    return Ok(ExitCode::FAILURE);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        UsersCommand::List => {
            outln!(
                "{:<36}  {:<16}  {:<4}  {:<18}  email",
                "id",
                "role",
                "lang",
                "time zone"
            )?;
            for u in store.list_users().await? {
                outln!(
                    "{:<36}  {:<16}  {:<4}  {:<18}  {}{}",
                    u.id,
                    u.role,
                    u.language,
                    u.time_zone,
                    u.email,
                    if u.disabled_at.is_some() {
                        " (disabled)"
                    } else {
                        ""
                    }
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
