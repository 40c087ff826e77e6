//! `vern sms`: SMS gateways' signing secrets and the receiving numbers (docs/sms.md).

use clap::Subcommand;
use std::process::ExitCode;
use time::OffsetDateTime;
use vern_store::store::SmsStore;
use vern_store::{Actor, SqlStore, StoreError};

use super::{INVALID, rfc3339};
use crate::output::{errln, outln};

#[derive(Debug, Subcommand)]
pub(crate) enum SmsCommand {
    /// Give the gateway that delivers with API key KEY_ID (role gateway) a new signing secret;
    /// the secret is printed alone on the last line, once.
    Gateway {
        /// The gateway's API key id (`vern keys list`).
        key_id: String,
    },
    /// The receiving numbers and short codes, with their purposes.
    Numbers,
}

pub(super) async fn run(
    store: &SqlStore,
    now: OffsetDateTime,
    command: &SmsCommand,
) -> anyhow::Result<ExitCode> {
    match command {
        SmsCommand::Gateway { key_id } => {
            let secret = vern_server::inbound_sms::new_gateway_secret();
            match store
                .set_sms_gateway(&Actor::Cli, now, key_id, secret.as_bytes())
                .await
            {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    errln!("error: no active API key has the id {key_id:?}");
                    return Ok(ExitCode::from(INVALID));
                }
                Err(StoreError::Invalid(_)) => {
                    errln!(
                        "error: the API key's role is not gateway: create one with `vern keys create --role gateway --name NAME`"
                    );
                    return Ok(ExitCode::from(INVALID));
                }
                Err(e) => return Err(e.into()),
            }
            outln!("set a new signing secret for the gateway with API key {key_id}")?;
            outln!("give it to the gateway now: it is not shown again")?;
            if let Err(e) = crate::output::secret(&secret) {
                errln!(
                    "error: the secret was set, but could not be written ({e}); nobody has it: run `vern sms gateway {key_id}` again"
                );
                return Ok(ExitCode::FAILURE);
            }
            Ok(ExitCode::SUCCESS)
        }
        SmsCommand::Numbers => {
            outln!(
                "{:<16}  {:<24}  {:<8}  {:<25}  purposes",
                "number",
                "stop everything",
                "window",
                "updated"
            )?;
            for n in store.list_sms_numbers(None).await? {
                outln!(
                    "{:<16}  {:<24}  {:<8}  {:<25}  {}",
                    n.number,
                    n.all_keyword.as_deref().unwrap_or("-"),
                    format!("{} min", n.confirm_window_minutes),
                    rfc3339(n.updated_at),
                    n.purposes.join(", ")
                )?;
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
