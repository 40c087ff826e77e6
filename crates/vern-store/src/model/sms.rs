//! SMS keywords: the controller's receiving numbers, the gateways that deliver what people text
//! to them, and the inbound messages with what each did.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use vern_core::{ChannelSet, ControllerId, IdentifierDigest};

use super::consents::Evidence;
use super::outbox::NewMessage;

/// Extra keywords of one number, by class (added to the Nordic defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ExtraKeywords {
    /// More words that stop the number's messages.
    #[serde(default)]
    pub opt_out: Vec<String>,
    /// More words that start them (double opt-in).
    #[serde(default)]
    pub opt_in: Vec<String>,
    /// More words that ask for help.
    #[serde(default)]
    pub help: Vec<String>,
}

/// A receiving number or short code, as configured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsNumber {
    /// Its id.
    pub id: String,
    /// The controller it texts for.
    pub controller: ControllerId,
    /// The number (E.164) or short code, as the gateway names it.
    pub number: String,
    /// The purposes it sends for.
    pub purposes: Vec<String>,
    /// Words added to the defaults.
    pub keywords: ExtraKeywords,
    /// The word that records a full objection to direct marketing (`STOPP ALT`), if any.
    pub all_keyword: Option<String>,
    /// How long an opt-in waits for its confirming reply, in minutes.
    pub confirm_window_minutes: i64,
    /// When it was last set.
    pub updated_at: OffsetDateTime,
}

/// An SMS gateway's standing: the key it signs with and since when. The secret never leaves
/// the store except to check a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsGateway {
    /// The API key (role `gateway`) it delivers with.
    pub key_id: String,
    /// When the secret was first set.
    pub created_at: OffsetDateTime,
    /// When it was last set.
    pub updated_at: OffsetDateTime,
}

/// What was texted: personal data, kept sealed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsText {
    /// The sender's number, E.164.
    pub from: String,
    /// The number or short code written to.
    pub to: String,
    /// The text.
    pub text: String,
}

/// An inbound message to record, with what it does.
#[derive(Debug, Clone)]
pub struct InboundSms {
    /// The API key of the gateway that delivered it.
    pub gateway_key: String,
    /// The gateway's id of the message: the same id is recorded once.
    pub message_id: String,
    /// The receiving number it was sent to.
    pub number: SmsNumber,
    /// The sender's keyed digest.
    pub sender_digest: IdentifierDigest,
    /// The sender's number in the form Art. 19 notices hash (`phone:+46701234567`).
    pub sender_identifier: String,
    /// What was texted.
    pub text: SmsText,
    /// When the gateway received it.
    pub sent_at: OffsetDateTime,
    /// The person of the number's controller with this number, if vern knows them.
    pub person: Option<String>,
    /// The controller's other people with the same number. A stop reaches the one phone they
    /// share, so their consent to the purposes stopped is withdrawn too: a texted stop never
    /// leaves a second consent that lets the same texts go on reaching that phone.
    pub sharing: Vec<String>,
    /// What it does.
    pub action: SmsAction,
    /// The text says stop among other words (kept messages only).
    pub mentions_opt_out: bool,
    /// The answer to send back, if any.
    pub reply: Option<NewMessage>,
}

/// What an inbound message does to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SmsAction {
    /// Withdraw the person's consent for these purposes on `channels`; with no person, an
    /// objection to direct marketing on `channels` is kept for the number instead.
    Withdraw {
        /// The purposes.
        purposes: Vec<String>,
        /// SMS and MMS.
        channels: ChannelSet,
        /// The message as the withdrawal's evidence.
        evidence: Evidence,
    },
    /// A full objection to the controller's direct marketing (Art. 21(3)).
    ObjectAll,
    /// Ask for confirmation of an opt-in; it waits until `expires_at`.
    AskConfirmation {
        /// The purposes asked for.
        purposes: Vec<String>,
        /// Until when the confirmation counts.
        expires_at: OffsetDateTime,
    },
    /// Grant consent for these purposes on `channels`, confirming the pending opt-in
    /// `pending`; a sender vern does not know becomes a person with this number.
    Confirm {
        /// The pending opt-in confirmed.
        pending: String,
        /// The purposes.
        purposes: Vec<String>,
        /// SMS and MMS.
        channels: ChannelSet,
        /// Both messages and the question between them, as the grant's evidence.
        evidence: Evidence,
    },
    /// Answered with who is texting.
    Help,
    /// Kept for staff; nothing changes.
    Keep,
}

impl SmsAction {
    /// The stable name kept with the message (`vern_core::sms::Effect::as_str`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SmsAction::Withdraw { .. } => "withdrawn",
            SmsAction::ObjectAll => "objection",
            SmsAction::AskConfirmation { .. } => "confirmation_asked",
            SmsAction::Confirm { .. } => "granted",
            SmsAction::Help => "help",
            SmsAction::Keep => "kept",
        }
    }
}

/// A pending opt-in, as the store keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSmsOptIn {
    /// Its id.
    pub id: String,
    /// The inbound message that asked.
    pub asked_by: String,
    /// The gateway's id of that message.
    pub asked_message_id: String,
    /// What that message said; `None` once its key is destroyed.
    pub asked_text: Option<SmsText>,
    /// The purposes asked for.
    pub purposes: Vec<String>,
    /// Until when a confirmation counts.
    pub expires_at: OffsetDateTime,
}

/// A recorded inbound message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundRecord {
    /// Its id in vern.
    pub id: String,
    /// The gateway's id of it.
    pub message_id: String,
    /// The controller of the number it was sent to.
    pub controller: ControllerId,
    /// The receiving number's id.
    pub number_id: String,
    /// The person, when known (or made by a confirmed opt-in).
    pub person: Option<String>,
    /// What it did (`SmsAction::as_str`).
    pub effect: String,
    /// It says stop among other words.
    pub mentions_opt_out: bool,
    /// The purposes it concerned.
    pub purposes: Vec<String>,
    /// When the gateway received it.
    pub sent_at: OffsetDateTime,
    /// When vern recorded it.
    pub recorded_at: OffsetDateTime,
    /// The outbox message that answers it, if any.
    pub reply_id: Option<String>,
    /// What was texted; `None` once its key is destroyed.
    pub text: Option<SmsText>,
}
