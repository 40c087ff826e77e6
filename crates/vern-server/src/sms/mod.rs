//! SMS keywords (issue 18 §1): a person's reply by text changes what vern answers at the next
//! check. A gateway delivers each inbound message, signed; [`receive`] reads it with the
//! number's keywords (`vern_core::keyword`), decides what it does (`vern_core::sms`), and the
//! store records the message, the change and the answer to send back in one transaction. The
//! in-memory index follows before the gateway is answered, so the very next check sees it.
//!
//! A delivery the gateway retries with the same message id is recorded once and answered the
//! same. Numbers and texts never reach a log or an error message.

mod numbers;
pub(crate) mod signature;

pub use numbers::new_gateway_secret;
pub(crate) use numbers::{NumberFields, put_number, set_gateway_secret};

use time::OffsetDateTime;
use vern_core::identifier::Identifier;
use vern_core::keyword::{KeywordClass, Keywords};
use vern_core::sms::{Effect, PendingOptIn};
use vern_core::{Channel, ChannelSet, PhoneNumber, PurposeKey};
use vern_store::StoreError;
use vern_store::model::{
    Evidence, InboundRecord, InboundSms, NewMessage, SmsAction, SmsNumber, SmsText,
};

use crate::auth::Caller;
use crate::error::{ApiError, ApiResult};
use crate::lang::Lang;
use crate::messages::sms::{self as texts, Sender};
use crate::messages::template;
use crate::state::AppState;

/// The longest text vern keeps: ten concatenated messages of 160 characters.
pub(crate) const MAX_TEXT_CHARS: usize = 1600;

/// The longest gateway message id.
const MAX_MESSAGE_ID: usize = 200;

/// The channels an SMS keyword speaks for: the reply channel and its multimedia twin.
pub(crate) fn sms_channels() -> ChannelSet {
    ChannelSet::of(&[Channel::Sms, Channel::Mms])
}

/// An inbound message as the gateway sent it, checked by [`receive`].
#[derive(Debug)]
pub(crate) struct InboundFields {
    /// The sender's number.
    pub(crate) from: String,
    /// The number or short code written to.
    pub(crate) to: String,
    /// The text.
    pub(crate) text: String,
    /// The gateway's id of the message.
    pub(crate) message_id: String,
    /// When the gateway received it (RFC 3339); none: now.
    pub(crate) received_at: Option<String>,
}

/// What vern did with an inbound message: the same for every delivery of one message id.
#[derive(Debug)]
pub(crate) struct Received {
    pub(crate) record: InboundRecord,
}

/// Check the signature of a delivery by `caller` (a gateway's key) over `body`.
pub(crate) async fn authenticate(
    state: &AppState,
    caller: &Caller,
    signature: Option<&str>,
    body: &[u8],
) -> ApiResult<()> {
    let secret = state
        .store
        .sms_gateway_secret(&caller.key.id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                axum::http::StatusCode::FORBIDDEN,
                "gateway_not_configured",
                "this gateway key has no signing secret yet: an admin sets one with PUT /v1/sms/gateways/{key_id}",
            )
        })?;
    signature::verify(&secret, signature, body, state.clock.now())?;
    Ok(())
}

fn unknown_number() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::NOT_FOUND,
        "unknown_number",
        "no controller receives texts on this number or short code: an admin configures it with PUT /v1/sms/numbers/{number}",
    )
}

/// The receiving number as the gateway writes it, without spaces or dashes.
pub(crate) fn receiving(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect()
}

/// The keywords a number reads: the Nordic defaults, its own words, and its stop-everything
/// word. Validated when the number was configured.
pub(crate) fn keywords_of(
    number: &SmsNumber,
) -> Result<Keywords, vern_core::keyword::KeywordError> {
    let mut keywords = Keywords::nordic();
    for (class, words) in [
        (KeywordClass::OptOut, &number.keywords.opt_out),
        (KeywordClass::OptIn, &number.keywords.opt_in),
        (KeywordClass::Help, &number.keywords.help),
    ] {
        for word in words {
            keywords.add(class, word)?;
        }
    }
    if let Some(all) = &number.all_keyword {
        keywords.add(KeywordClass::OptOutAll, all)?;
    }
    Ok(keywords)
}

/// Record an inbound message delivered by `caller` and do what it says.
pub(crate) async fn receive(
    state: &AppState,
    caller: &Caller,
    fields: InboundFields,
) -> ApiResult<Received> {
    let now = state.clock.now();
    let message_id = fields.message_id.trim().to_owned();
    if message_id.is_empty()
        || message_id.chars().count() > MAX_MESSAGE_ID
        || message_id.chars().any(char::is_control)
    {
        return Err(ApiError::invalid_field(
            "message_id",
            "the gateway's id of the message: 1 to 200 characters, no control characters",
        ));
    }
    if fields.text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            "text_too_long",
            format!("the text is longer than {MAX_TEXT_CHARS} characters; nothing was recorded"),
        ));
    }
    // A retried delivery: the same answer, nothing written again.
    if let Some(record) = state
        .store
        .sms_inbound_by_message(&caller.key.id, &message_id)
        .await?
    {
        return Ok(Received { record });
    }
    let to = receiving(&fields.to);
    let number = state
        .store
        .sms_number(&to)
        .await?
        .ok_or_else(unknown_number)?;
    let controller = state
        .follower
        .index()
        .controller_by_id(number.controller)
        .cloned();
    let controller = controller.ok_or_else(unknown_number)?;
    let sender = PhoneNumber::parse(&fields.from, controller.region)
        .map_err(|_| ApiError::invalid_field("from", "not a valid phone number"))?;
    let sent_at =
        crate::input::instant(fields.received_at.as_deref(), "received_at")?.unwrap_or(now);
    if sent_at > now + time::Duration::minutes(5) {
        return Err(ApiError::invalid_field(
            "received_at",
            "cannot be in the future",
        ));
    }
    // A gateway's clock a little ahead of vern's: the reply counts from now, never later, or a
    // stop would wait for its own time before the check saw it.
    let sent_at = sent_at.min(now);
    let digest = Identifier::Phone(sender.clone()).digest(state.store.keys().digest());
    let mut holders = state
        .store
        .find_people(number.controller, &[digest])
        .await?
        .into_iter();
    let person = holders.next();
    let sharing: Vec<String> = holders.map(|p| p.id).collect();
    let keywords = keywords_of(&number).map_err(|e| ApiError::internal(&e))?;
    let sent_for: Vec<PurposeKey> = number
        .purposes
        .iter()
        .filter_map(|p| PurposeKey::parse(p).ok())
        .collect();
    let pending = state.store.pending_sms_opt_in(&number.id, &digest).await?;
    let pending_core = pending.as_ref().map(|p| PendingOptIn {
        purposes: p
            .purposes
            .iter()
            .filter_map(|k| PurposeKey::parse(k).ok())
            .collect(),
        expires_at: p.expires_at,
    });
    let blocked = suppressed(state, number.controller, &digest);
    let effect = vern_core::sms::effect(
        &keywords,
        &sent_for,
        &fields.text,
        pending_core.as_ref(),
        sent_at,
    );
    let lang = Lang::for_recipient(
        person.as_ref().and_then(|p| p.profile.language.as_deref()),
        controller.record.country,
    );
    let text = SmsText {
        from: sender.e164().to_owned(),
        to: to.clone(),
        text: fields.text.clone(),
    };
    let said = Said {
        blocked,
        restricted: person.as_ref().is_some_and(|p| p.restricted_at.is_some()),
        state,
        number: &number,
        controller: &controller.record,
        lang,
        text: &text,
        message_id: &message_id,
        sent_at,
    };
    let (action, reply) = said.act(&effect, pending.as_ref());
    let inbound = InboundSms {
        gateway_key: caller.key.id.clone(),
        message_id: message_id.clone(),
        number: number.clone(),
        sender_digest: digest,
        sender_identifier: format!("phone:{}", sender.e164()),
        text,
        sent_at,
        person: person.map(|p| p.id),
        sharing,
        mentions_opt_out: matches!(
            effect,
            Effect::Keep {
                mentions_opt_out: true
            }
        ),
        action,
        reply: reply.map(|body| NewMessage {
            from: Some(to.clone()),
            channel: "sms".to_owned(),
            to: sender.e164().to_owned(),
            subject: String::new(),
            body: body.1,
            template: body.0.to_owned(),
            language: lang.code().to_owned(),
        }),
    };
    let actor = caller.actor();
    match state.store.receive_sms(&actor, now, &inbound).await {
        Ok((record, seq)) => {
            state.follower.sync_to(seq).await?;
            tracing::info!(inbound = %record.id, effect = %record.effect, "inbound SMS recorded");
            Ok(Received { record })
        }
        Err(StoreError::Conflict(_)) => {
            // Delivered twice at once: the other delivery recorded it; answer as it did.
            let record = state
                .store
                .sms_inbound_by_message(&caller.key.id, &message_id)
                .await?
                .ok_or_else(|| {
                    ApiError::conflict("the opt-in changed meanwhile; deliver the message again")
                })?;
            Ok(Received { record })
        }
        Err(e) => Err(e.into()),
    }
}

/// One inbound message with its sender and text, for staff to read; the reading is a disclosure
/// and goes in the ledger.
pub(crate) async fn open(state: &AppState, caller: &Caller, id: &str) -> ApiResult<InboundRecord> {
    let (record, _) = state
        .store
        .open_sms_inbound(&caller.actor(), state.clock.now(), id)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("the inbound message was"),
            other => other.into(),
        })?;
    Ok(record)
}

/// Whether texts to this number are stopped for the controller by something a reply cannot
/// lift: an objection to direct marketing or the block list on SMS.
fn suppressed(
    state: &AppState,
    controller: vern_core::ControllerId,
    digest: &vern_core::IdentifierDigest,
) -> bool {
    use vern_core::decision::ContactState;
    state
        .follower
        .index()
        .suppressions(digest)
        .iter()
        .any(|s| s.scope.covers(controller) && s.channels.contains(Channel::Sms))
}

/// One inbound message, with what it needs to become an action and an answer.
struct Said<'a> {
    /// An objection or the block list stops SMS to the sender: an opt-in cannot start them,
    /// and no answer may say it did.
    blocked: bool,
    /// The person's processing is restricted (Art. 18): nothing may start, and staff decide
    /// what to tell them.
    restricted: bool,
    state: &'a AppState,
    number: &'a SmsNumber,
    controller: &'a vern_store::model::Controller,
    lang: Lang,
    text: &'a SmsText,
    message_id: &'a str,
    sent_at: OffsetDateTime,
}

impl Said<'_> {
    fn sender(&self) -> Sender<'_> {
        let c = self.controller;
        Sender {
            name: &c.name,
            contact: c
                .dpo_email
                .as_deref()
                .or(c.dpo_phone.as_deref())
                .or(c.privacy_notice_url.as_deref()),
        }
    }

    /// The purposes' names, as the person reads them.
    fn names(&self, purposes: &[PurposeKey]) -> Vec<String> {
        let index = self.state.follower.index();
        purposes
            .iter()
            .map(|p| {
                index
                    .purpose(self.number.controller, p.as_str())
                    .map_or_else(|| p.as_str().to_owned(), |found| found.name.clone())
            })
            .collect()
    }

    /// Who sent it, to what, as the evidence names them.
    fn by(&self) -> String {
        format!("SMS from {} to {}", self.text.from, self.text.to)
    }

    /// The action for the store and the answer to send (its template and text).
    fn act(
        &self,
        effect: &Effect,
        pending: Option<&vern_store::model::PendingSmsOptIn>,
    ) -> (SmsAction, Option<(&'static str, String)>) {
        let keys = |p: &[PurposeKey]| p.iter().map(|k| k.as_str().to_owned()).collect::<Vec<_>>();
        let opt_in = matches!(effect, Effect::AskConfirmation(_) | Effect::Confirm(_));
        if self.restricted && opt_in {
            return (SmsAction::Keep, None);
        }
        if self.blocked && opt_in {
            // Kept for staff, nothing granted, and the person told why nothing starts.
            let reply = texts::blocked(self.lang, self.sender());
            return (SmsAction::Keep, Some((template::SMS_BLOCKED, reply)));
        }
        match effect {
            Effect::Withdraw(purposes) => {
                let all = purposes.len() >= self.number.purposes.len();
                let reply = texts::stopped(self.lang, self.sender(), &self.names(purposes), all);
                (
                    SmsAction::Withdraw {
                        purposes: keys(purposes),
                        channels: sms_channels(),
                        evidence: Evidence {
                            by: Some(self.by()),
                            text: Some(self.text.text.clone()),
                            version: None,
                            reference: Some(format!("sms:{}", self.message_id)),
                            ip: None,
                        },
                    },
                    Some((template::SMS_STOPPED, reply)),
                )
            }
            Effect::ObjectAll => {
                let (_, body) = crate::messages::objection_confirmed(
                    self.lang.code(),
                    "sms",
                    crate::messages::Signature::from(self.controller),
                );
                (
                    SmsAction::ObjectAll,
                    Some((template::OBJECTION_CONFIRMED, body)),
                )
            }
            Effect::AskConfirmation(purposes) => {
                let window = self.number.confirm_window_minutes;
                let reply = texts::confirm_question(
                    self.lang,
                    self.sender(),
                    &self.names(purposes),
                    window,
                );
                (
                    SmsAction::AskConfirmation {
                        purposes: keys(purposes),
                        expires_at: self.sent_at + time::Duration::minutes(window),
                    },
                    Some((template::SMS_CONFIRM, reply)),
                )
            }
            Effect::Confirm(purposes) => {
                let names = self.names(purposes);
                let question = texts::confirm_question(
                    self.lang,
                    self.sender(),
                    &names,
                    self.number.confirm_window_minutes,
                );
                let first = pending
                    .and_then(|p| p.asked_text.as_ref())
                    .map(|t| t.text.clone());
                let first_id = pending
                    .map(|p| p.asked_message_id.clone())
                    .unwrap_or_default();
                let evidence = Evidence {
                    by: Some(self.by()),
                    // Both messages and the question between them: what the person was asked
                    // and what they answered (GDPR Art. 7(1)).
                    text: Some(format!(
                        "{}\n{question}\n{}",
                        first.unwrap_or_default(),
                        self.text.text
                    )),
                    version: Some("double opt-in".to_owned()),
                    reference: Some(format!("sms:{first_id} sms:{}", self.message_id)),
                    ip: None,
                };
                let reply = texts::confirmed(self.lang, self.sender(), &names);
                (
                    SmsAction::Confirm {
                        pending: pending.map(|p| p.id.clone()).unwrap_or_default(),
                        purposes: keys(purposes),
                        channels: sms_channels(),
                        evidence,
                    },
                    Some((template::SMS_CONFIRMED, reply)),
                )
            }
            Effect::Help => {
                let sent_for: Vec<PurposeKey> = self
                    .number
                    .purposes
                    .iter()
                    .filter_map(|p| PurposeKey::parse(p).ok())
                    .collect();
                let reply = texts::help(self.lang, self.sender(), &self.names(&sent_for));
                (SmsAction::Help, Some((template::SMS_HELP, reply)))
            }
            Effect::Keep { .. } => (SmsAction::Keep, None),
        }
    }
}
