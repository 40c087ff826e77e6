//! `vern users`: staff users of the web UI. The first administrator is made here.

use std::io::BufRead;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_core::Role;
use vern_core::zone::Zone;
use vern_server::report::Lang;
use vern_server::ui::password;
use vern_store::user::NewUser;
use vern_store::{Actor, SqlStore, Store, StoreError};

use crate::cli::UsersCommand;

/// Exit code for bad input.
const INVALID: u8 = 2;

#[allow(clippy::print_stdout, clippy::print_stderr)] // commands answer on their standard streams
pub(crate) async fn run(
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
                Ok(Role::AuthorizedAgent) => {
                    eprintln!(
                        "error: authorized agents use the API with a key (vern keys create), not the web UI"
                    );
                    return Ok(ExitCode::from(INVALID));
                }
                Ok(r) => r,
                Err(e) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::from(INVALID));
                }
            };
            if Lang::from_code(language).is_none_or(|l| l.code() != language) {
                eprintln!("error: the language must be one of sv, nb, da, fi, en");
                return Ok(ExitCode::from(INVALID));
            }
            if Zone::from_name(time_zone).is_none() {
                eprintln!(
                    "error: the time zone must be one of Europe/Stockholm, Europe/Oslo, Europe/Copenhagen, Europe/Helsinki, UTC"
                );
                return Ok(ExitCode::from(INVALID));
            }
            let (secret, generated) = if *password_stdin {
                let mut line = String::new();
                std::io::stdin().lock().read_line(&mut line)?;
                let line = line.trim_end_matches(['\r', '\n']).to_owned();
                if let Err(e) = password::acceptable(&line) {
                    eprintln!("error: {e}");
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
                    eprintln!("error: {m}");
                    return Ok(ExitCode::from(INVALID));
                }
                Err(e) => return Err(e.into()),
            };
            println!(
                "created user {} ({}, role {})",
                user.id, user.email, user.role
            );
            println!("sign in at /ui/ on vern serve's address");
            if generated {
                println!("store the password now: it is not shown again");
                println!("{secret}");
            }
            Ok(ExitCode::SUCCESS)
        }
        UsersCommand::List => {
            println!(
                "{:<36}  {:<16}  {:<4}  {:<18}  email",
                "id", "role", "lang", "time zone"
            );
            for u in store.list_users().await? {
                println!(
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
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
