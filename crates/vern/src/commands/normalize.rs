//! `vern normalize`: an identifier as vern stores and matches it. Needs no database.

use clap::{Args, ValueEnum};
use std::process::ExitCode;
use vern_core::{Country, Email, NationalId, PhoneNumber, Region};
use vern_server::Layer;

use super::Global;
use super::INVALID;
use crate::output::{errln, outln};

// No doc comment here: clap would take it for the command's help over the variant's.
#[derive(Debug, Args)]
pub(crate) struct NormalizeArgs {
    /// What kind of identifier.
    kind: IdentifierArg,
    /// The value.
    value: String,
    /// Default region for national phone numbers, or the country of a national id.
    #[arg(long)]
    region: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum IdentifierArg {
    Phone,
    Email,
    NationalId,
}

pub(super) fn run(global: &Global, args: &NormalizeArgs) -> anyhow::Result<ExitCode> {
    let NormalizeArgs {
        kind,
        value,
        region,
    } = args;
    let region = region.as_deref();
    let fail = |message: String| {
        errln!("error: {message}");
        Ok(ExitCode::from(INVALID))
    };
    match kind {
        IdentifierArg::Phone => {
            let region = match region.map(str::parse::<Region>).transpose() {
                Ok(r) => r,
                Err(e) => return fail(format!("--region: {e}")),
            };
            match PhoneNumber::parse(value, region) {
                Ok(p) => {
                    outln!("{}", p.e164())?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => fail(format!("not a valid phone number: {e}")),
            }
        }
        IdentifierArg::Email => match Email::parse(value) {
            Ok(e) => {
                outln!("{}", e.as_str())?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => fail(format!("not a valid e-mail address: {e}")),
        },
        IdentifierArg::NationalId => {
            let country = match region.map(str::parse::<Country>).transpose() {
                Ok(c) => c,
                Err(e) => return fail(format!("--region: {e}")),
            };
            let today = match super::settings(global, Layer::default()) {
                Ok(s) => s.clock.now().date(),
                Err(e) => return fail(e.to_string()),
            };
            match NationalId::parse(value, country, today) {
                Ok(id) => {
                    outln!("{} {} {}", id.as_str(), id.country(), id.kind().code())?;
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => fail(format!("not a valid national identity number: {e}")),
            }
        }
    }
}
