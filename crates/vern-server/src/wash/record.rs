//! The wash use case: what to wash for, read from the caller's text by one set of rules, and a
//! wash run and recorded. `POST /v1/wash`, the web UI's upload and `vern wash` all go through
//! here, so an invalid plan is refused the same way whichever of them is asked.

use std::io::{Read, Write};
use time::OffsetDateTime;
use vern_core::{Channel, Region};
use vern_store::model::WashRecord;
use vern_store::{Actor, Store, StoreError};

use super::{WashError, WashPlan, WashSummary, input::Encoding, run};
use crate::clock::Clock;
use crate::error::ApiError;
use crate::follower::Follower;
use crate::index::RegisterIndex;

/// What to wash for, as the caller gave it. Text fields are read by [`plan`].
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanInput<'a> {
    /// The controller's key (default: the default controller).
    pub controller: Option<&'a str>,
    /// The purpose's key.
    pub purpose: &'a str,
    /// The channel.
    pub channel: &'a str,
    /// Region of national phone numbers (default: the controller's).
    pub region: Option<&'a str>,
    /// The planned time of contact, RFC 3339 (default: `now`).
    pub at: Option<&'a str>,
    /// The input's encoding (default: UTF-8).
    pub encoding: Option<&'a str>,
    /// A phone column's header, when not found by its name.
    pub phone_column: Option<&'a str>,
    /// An e-mail column's header, when not found by its name.
    pub email_column: Option<&'a str>,
    /// The most bytes of input to read.
    pub max_bytes: Option<u64>,
}

/// Why a plan was refused. [`PlanError::field`] names what was wrong (the CLI names its flag
/// by it); [`PlanError::message`] is the API's word for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// No controller was named and there is no default one.
    NoDefaultController,
    /// No controller has the key given.
    Controller,
    /// The controller (its key) has no purpose with the key given.
    Purpose(String),
    /// Not a channel.
    Channel(String),
    /// Not a region.
    Region,
    /// Not an RFC 3339 instant.
    At,
    /// Not an encoding the wash reads.
    Encoding(String),
}

impl PlanError {
    /// The input field that was refused.
    pub fn field(&self) -> &'static str {
        match self {
            PlanError::NoDefaultController | PlanError::Controller => "controller",
            PlanError::Purpose(_) => "purpose",
            PlanError::Channel(_) => "channel",
            PlanError::Region => "region",
            PlanError::At => "at",
            PlanError::Encoding(_) => "encoding",
        }
    }

    /// What is wrong with the field.
    pub fn message(&self) -> &str {
        match self {
            PlanError::NoDefaultController => "no default controller was found",
            PlanError::Controller => "no controller has this key",
            PlanError::Purpose(_) => "no purpose of the controller has this key",
            PlanError::Channel(m) | PlanError::Encoding(m) => m,
            PlanError::Region => "not a region the phone library knows",
            PlanError::At => "not an RFC 3339 instant (such as 2026-11-24T18:30:00+01:00)",
        }
    }
}

impl std::fmt::Display for PlanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field(), self.message())
    }
}

impl std::error::Error for PlanError {}

impl From<PlanError> for ApiError {
    fn from(e: PlanError) -> ApiError {
        match e {
            PlanError::NoDefaultController => ApiError::not_found("the default controller was"),
            other => ApiError::invalid_field(other.field(), other.message()),
        }
    }
}

/// Read a plan: the first field found wrong refuses it.
pub fn plan(
    index: &RegisterIndex,
    input: &PlanInput<'_>,
    now: OffsetDateTime,
) -> Result<WashPlan, PlanError> {
    let controller = match input.controller {
        None => index
            .default_controller()
            .cloned()
            .ok_or(PlanError::NoDefaultController)?,
        Some(k) => index.controller(k).cloned().ok_or(PlanError::Controller)?,
    };
    let purpose = index
        .purpose(controller.record.id, input.purpose)
        .cloned()
        .ok_or_else(|| PlanError::Purpose(controller.record.key.to_string()))?;
    let channel = input
        .channel
        .parse::<Channel>()
        .map_err(|e| PlanError::Channel(e.to_string()))?;
    let region = input
        .region
        .map(str::parse::<Region>)
        .transpose()
        .map_err(|_| PlanError::Region)?;
    let encoding = input
        .encoding
        .map(str::parse::<Encoding>)
        .transpose()
        .map_err(PlanError::Encoding)?
        .unwrap_or(Encoding::Utf8);
    let at = input
        .at
        .map(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339))
        .transpose()
        .map_err(|_| PlanError::At)?
        .unwrap_or(now);
    Ok(WashPlan {
        controller,
        purpose,
        channel,
        at,
        region,
        encoding,
        phone_column: input.phone_column.map(str::to_owned),
        email_column: input.email_column.map(str::to_owned),
        max_bytes: input.max_bytes,
    })
}

/// Who records a wash, under which id and name.
#[derive(Debug, Clone)]
pub struct Recording {
    /// The wash's id (the API names it before the wash runs).
    pub id: String,
    /// The list's name.
    pub list_name: String,
    /// `api`, `ui` or `cli`.
    pub via: &'static str,
    /// Who washed.
    pub actor: Actor,
}

/// Why a wash was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The wash failed: nothing it wrote counts.
    #[error(transparent)]
    Wash(#[from] WashError),
    /// The wash ran but its record could not be written.
    #[error("the wash could not be recorded: {0}")]
    Record(#[source] StoreError),
}

/// What is needed to run and record a wash.
#[derive(Debug, Clone, Copy)]
pub struct Washer<'a> {
    /// Where the record goes.
    pub store: &'a dyn Store,
    /// The index the rows are decided against.
    pub follower: &'a Follower,
    /// The clock the record is stamped with.
    pub clock: &'a Clock,
}

impl Washer<'_> {
    /// Run the wash of `plan` (see [`run`]) and record it with its summary. Blocking: call it
    /// from a blocking thread inside the runtime, as the record is written through the
    /// runtime's handle. The record is written before this returns, so a caller that ends its
    /// output only afterwards ends it only once the summary can be read.
    pub fn run_and_record(
        &self,
        plan: &WashPlan,
        recording: Recording,
        input: impl Read + Send,
        allowed: &mut dyn Write,
        rejected: Option<&mut dyn Write>,
        progress: &(dyn Fn(u64) + Sync),
    ) -> Result<(WashRecord, WashSummary), RunError> {
        let keys = self.store.keys().digest().clone();
        let summary = run(
            plan,
            self.follower,
            &keys,
            input,
            allowed,
            rejected,
            progress,
        )?;
        let now = self.clock.now();
        let record = WashRecord {
            id: recording.id,
            controller: plan.controller.record.id,
            purpose: plan.purpose.key.to_string(),
            channel: plan.channel,
            list_name: recording.list_name,
            file_digest: summary.file_digest.clone(),
            planned_at: plan.at,
            registers: summary.registers.clone(),
            counts: summary.counts.clone(),
            via: recording.via.to_owned(),
            created_at: now,
        };
        tokio::runtime::Handle::current()
            .block_on(self.store.record_wash(&recording.actor, now, &record))
            .map_err(RunError::Record)?;
        Ok((record, summary))
    }
}
