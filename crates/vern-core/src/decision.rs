//! The one decision: may this controller contact this person, on this channel, for this purpose?
//!
//! Every path that could contact a person asks [`decide`]: the check API, list washing, the
//! warning a seller sees. Nothing else may reimplement any part of this rule.

use serde::Serialize;
use smallvec::SmallVec;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use time::OffsetDateTime;

use crate::calendar::add_months_to;
use crate::channel::{Channel, ChannelSet};
use crate::consent::{self, ConsentFact, ConsentState};
use crate::controller::{ControllerFacts, ControllerId, Rule};
use crate::country::Country;
use crate::customer::{self, CustomerRelationship};
use crate::digest::IdentifierDigest;
use crate::identifier::{IdentifierKind, IdentifierProbe};
use crate::marketing::{self, ContactBasis, Obligation, SoftOptIn};
use crate::norway;
use crate::objection::{ObjectionSourceKind, Suppression, SuppressionSource};
use crate::purpose::{LegalBasis, Purpose};
use crate::register::{Register, RegisterVersion};

/// What the decision knows about one person the controller holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PersonFacts {
    /// Art. 18: on hold; nothing may be done with the person but storage.
    pub restricted: bool,
    /// Every consent event recorded for the person.
    pub consents: Vec<ConsentFact>,
    /// The digests of all the person's identifiers: an objection made through one of them
    /// covers contact through any other.
    pub digests: Vec<IdentifierDigest>,
    /// The person's customer relationships with the controller, ended ones included.
    pub customer_relationships: Vec<CustomerRelationship>,
    /// The digests of the person's Danish name and address (also in `digests`): Robinsonlisten
    /// matches a known person by what vern holds, not only by what a caller sends.
    pub postal: Vec<IdentifierDigest>,
    /// The person is a business contact (a company's role address), for the electronic-mail
    /// rules that treat those by country (`marketing::business_contact_rule`).
    pub business_contact: bool,
    /// Addresses the controller obtained from the person in its own sales (the soft opt-in).
    pub soft_opt_ins: Vec<SoftOptIn>,
    /// When the person asked this controller to call them (forbrugeraftaleloven § 4 stk. 1:
    /// the Danish telephone-sales ban covers calls made "uden forudgående anmodning").
    pub call_requests: Vec<OffsetDateTime>,
    /// The person's data were not obtained from them and the Art. 14 notice has neither gone
    /// nor been excused by an Art. 14(5) ground (`notice::NoticeState::blocks_contact`).
    pub art14_pending: bool,
}

/// A read-only view of the register the decision consults. Implementations answer from memory;
/// the decision never waits on a database.
pub trait ContactState {
    /// Every suppression recorded for this digest, of any scope.
    fn suppressions(&self, digest: &IdentifierDigest) -> &[Suppression];
    /// The people of `controller` who have this identifier.
    fn people(&self, controller: ControllerId, digest: &IdentifierDigest) -> &[Arc<PersonFacts>];
    /// The version of `register` in force, if one is loaded.
    fn register_version(&self, register: Register) -> Option<RegisterVersion>;
    /// The channels on which the loaded version of `register` lists this digest, if it does.
    fn register_listing(&self, register: Register, digest: &IdentifierDigest)
    -> Option<ChannelSet>;
}

/// The question.
#[derive(Debug, Clone, Copy)]
pub struct ContactRequest<'a> {
    /// The controller that would make contact, and the rules it follows.
    pub controller: ControllerFacts,
    /// How the person would be reached or recognised.
    pub identifiers: &'a [IdentifierProbe],
    /// The channel of the contact.
    pub channel: Channel,
    /// Why.
    pub purpose: &'a Purpose,
    /// When the contact would happen (a dialer may ask about tomorrow evening).
    pub at: OffsetDateTime,
    /// The contact itself carries the Art. 14 notice (Art. 14(3)(b): "at the latest at the time
    /// of the first communication"): a pending notice does not refuse it.
    pub carries_art14_notice: bool,
}

/// A machine-readable reason for a refusal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    /// Art. 18: the person's processing is restricted.
    Restricted,
    /// The purpose does not declare this channel.
    PurposeChannel,
    /// No identifier that reaches this channel was given.
    IdentifierMissing,
    /// A direct-marketing objection (Art. 21(3)).
    ObjectionDirectMarketing,
    /// The installation's global block list.
    Blocklist,
    /// The purpose rests on consent and none was given for it on this channel.
    ConsentMissing,
    /// Consent was withdrawn.
    ConsentWithdrawn,
    /// Consent lapsed.
    ConsentExpired,
    /// The number is on a national register the controller honours.
    Register(Register),
    /// An honoured register has no version valid at the time of contact.
    RegisterStale(Register),
    /// Outside Norwegian telephone-marketing hours.
    QuietHours,
    /// Danish telephone sales to consumers are banned for this purpose.
    DkTelemarketingBan,
    /// Not a refusal: the person is listed on the register, but is an existing customer for
    /// the purpose's product category, which the register's rules exempt.
    ExemptCustomer(Register),
    /// Direct marketing by electronic mail without consent or a soft opt-in.
    ConsentRequiredElectronic,
    /// The person's data came from elsewhere and the Art. 14 notice has not gone yet.
    NoticeArt14Pending,
}

impl ReasonCode {
    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Restricted => "restricted",
            ReasonCode::PurposeChannel => "purpose.channel_not_declared",
            ReasonCode::IdentifierMissing => "identifier.missing",
            ReasonCode::ObjectionDirectMarketing => "objection.direct_marketing",
            ReasonCode::Blocklist => "blocklist",
            ReasonCode::ConsentMissing => "consent.missing",
            ReasonCode::ConsentWithdrawn => "consent.withdrawn",
            ReasonCode::ConsentExpired => "consent.expired",
            ReasonCode::Register(Register::NixTelefon) => "register.nix_telefon",
            ReasonCode::Register(Register::Reservasjonsregisteret) => {
                "register.reservasjonsregisteret"
            }
            ReasonCode::Register(Register::Robinsonlisten) => "register.robinsonlisten",
            ReasonCode::RegisterStale(_) => "register.stale",
            ReasonCode::QuietHours => "quiet_hours",
            ReasonCode::DkTelemarketingBan => "dk_telemarketing_ban",
            ReasonCode::ExemptCustomer(_) => "register.exempt_customer",
            ReasonCode::ConsentRequiredElectronic => "consent.required_electronic",
            ReasonCode::NoticeArt14Pending => "notice.art14_pending",
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReasonCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One reason, with what a caller needs to show why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Reason {
    /// The code.
    pub code: ReasonCode,
    /// For objections: who conveyed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<ObjectionSourceKind>,
    /// For register reasons: which register.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub register: Option<Register>,
}

impl Reason {
    fn new(code: ReasonCode) -> Reason {
        let register = match code {
            ReasonCode::Register(r)
            | ReasonCode::RegisterStale(r)
            | ReasonCode::ExemptCustomer(r) => Some(r),
            _ => None,
        };
        Reason {
            code,
            source: None,
            register,
        }
    }

    /// A sentence for people, in English.
    pub fn message(&self) -> Cow<'static, str> {
        match self.code {
            ReasonCode::Restricted => {
                "processing is restricted (Art. 18): nothing but storage is allowed".into()
            }
            ReasonCode::PurposeChannel => "the purpose does not declare this channel".into(),
            ReasonCode::IdentifierMissing => {
                "no identifier that reaches this channel was given".into()
            }
            ReasonCode::ObjectionDirectMarketing => match self.source {
                Some(source) => Cow::Owned(format!(
                    "the person objected to direct marketing (Art. 21(3)), via {}",
                    source.as_str().replace('_', " ")
                )),
                None => "the person objected to direct marketing (Art. 21(3))".into(),
            },
            ReasonCode::Blocklist => "the identifier is on the global block list".into(),
            ReasonCode::ConsentMissing => {
                "the purpose rests on consent and none is recorded for this channel".into()
            }
            ReasonCode::ConsentWithdrawn => "consent was withdrawn".into(),
            ReasonCode::ConsentExpired => "consent has expired".into(),
            ReasonCode::Register(r) => Cow::Owned(format!("the number is listed on {}", register_name(r))),
            ReasonCode::RegisterStale(r) => Cow::Owned(format!(
                "no valid version of {} is loaded: import a current version (vern registers import {})",
                register_name(r),
                r.as_str().replace('_', "-")
            )),
            ReasonCode::QuietHours => "outside Norwegian telephone-marketing hours (weekdays 09:00-21:00, not on public holidays)".into(),
            ReasonCode::DkTelemarketingBan => "Danish telephone sales to consumers are banned for this purpose".into(),
            ReasonCode::ExemptCustomer(r) => Cow::Owned(format!(
                "listed on {}, but an existing customer for this product category, which the register exempts",
                register_name(r)
            )),
            ReasonCode::ConsentRequiredElectronic => "direct marketing by e-mail, SMS, MMS or messaging needs the person's consent for this purpose and channel, or a soft opt-in from the controller's own sale of similar products".into(),
            ReasonCode::NoticeArt14Pending => "the person's data were not obtained from them and the Art. 14 notice has not been given: send it first, or let this first communication carry it (carries_art14_notice)".into(),
        }
    }
}

fn register_name(register: Register) -> &'static str {
    match register {
        Register::NixTelefon => "NIX-Telefon",
        Register::Reservasjonsregisteret => "Reservasjonsregisteret",
        Register::Robinsonlisten => "Robinsonlisten",
    }
}

/// The answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether contact is allowed.
    pub allowed: bool,
    /// Why not; empty when allowed.
    pub reasons: Vec<Reason>,
    /// Rules that would have refused but an exemption lifted (`register.exempt_customer`).
    pub exemptions: Vec<Reason>,
    /// For allowed direct marketing by electronic mail: the ground it rests on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<ContactBasis>,
    /// What the caller must do when it makes the contact. A static list, so an allowed answer
    /// allocates nothing for it.
    #[serde(skip_serializing_if = "<[Obligation]>::is_empty")]
    pub obligations: &'static [Obligation],
    /// The contact is allowed and carries the Art. 14 notice to a person who was still owed
    /// it: the caller records that first communication as the notice given.
    #[serde(skip)]
    pub gives_art14_notice: bool,
}

/// Decide whether the contact in `request` may happen.
///
/// The rules, in order of the reasons reported:
/// - a restricted person (Art. 18) may not be contacted at all;
/// - the purpose must declare the channel, and an identifier must reach it;
/// - for direct marketing, any suppression (objection, block list) of any identifier given or
///   held for the person, in scope and covering the channel, refuses; there is no override;
/// - a purpose on the legal basis of consent needs consent granted for that purpose on that
///   channel;
/// - direct marketing by electronic mail needs consent or a soft opt-in, whatever the legal
///   basis (`electronic`);
/// - for direct marketing, the national registers and hour rules the controller follows apply;
/// - direct marketing to a person whose data came from elsewhere waits for the Art. 14 notice,
///   unless the contact itself carries it (Art. 14(3)(b)).
pub fn decide(state: &impl ContactState, request: &ContactRequest<'_>) -> Decision {
    let controller = request.controller.id;
    let channel = request.channel;
    let purpose = request.purpose;
    let mut reasons: Vec<Reason> = Vec::new();
    let mut exemptions: Vec<Reason> = Vec::new();
    let push = |reason: Reason, reasons: &mut Vec<Reason>| {
        if !reasons.contains(&reason) {
            reasons.push(reason);
        }
    };

    // Most questions find no person or one: two inline slots keep them off the heap.
    let mut people: SmallVec<[&Arc<PersonFacts>; 2]> = SmallVec::new();
    for probe in request.identifiers {
        for person in state.people(controller, &probe.digest) {
            // An index may find people by a shorter fingerprint of the digest; only a person
            // who holds the full digest is this person, so a collision can never lend someone
            // else's consent.
            if person.digests.contains(&probe.digest)
                && !people.iter().any(|p| Arc::ptr_eq(p, person))
            {
                people.push(person);
            }
        }
    }

    if people.iter().any(|p| p.restricted) {
        push(Reason::new(ReasonCode::Restricted), &mut reasons);
    }
    if !purpose.channels.contains(channel) {
        push(Reason::new(ReasonCode::PurposeChannel), &mut reasons);
    }
    if !reaches(request.identifiers, channel) {
        push(Reason::new(ReasonCode::IdentifierMissing), &mut reasons);
    }

    if purpose.direct_marketing {
        let held = people.iter().flat_map(|p| p.digests.iter());
        let given = request.identifiers.iter().map(|p| &p.digest);
        for digest in given.chain(held) {
            for suppression in state.suppressions(digest) {
                if suppression.scope.covers(controller) && suppression.channels.contains(channel) {
                    let reason = match suppression.source {
                        SuppressionSource::Objection(source) => Reason {
                            source: Some(source),
                            ..Reason::new(ReasonCode::ObjectionDirectMarketing)
                        },
                        SuppressionSource::Blocklist => Reason::new(ReasonCode::Blocklist),
                    };
                    push(reason, &mut reasons);
                }
            }
        }
    }

    // The consent state is read only by the rules that use it: the consent basis, the
    // electronic-mail rule, and a register's consent override.
    let electronic_rule = purpose.direct_marketing && marketing::is_electronic_mail(channel);
    let register_rules = purpose.direct_marketing && request.controller.rules.any_register();
    let (consent_state, latest) =
        if purpose.legal_basis == LegalBasis::Consent || electronic_rule || register_rules {
            let consents = people.iter().flat_map(|p| p.consents.iter());
            consent::current(consents, &purpose.key, channel, request.at)
        } else {
            (ConsentState::Unknown, None)
        };
    if purpose.legal_basis == LegalBasis::Consent {
        match consent_state {
            ConsentState::Granted => {}
            ConsentState::Unknown => push(Reason::new(ReasonCode::ConsentMissing), &mut reasons),
            ConsentState::Withdrawn => {
                push(Reason::new(ReasonCode::ConsentWithdrawn), &mut reasons);
            }
            ConsentState::Expired => push(Reason::new(ReasonCode::ConsentExpired), &mut reasons),
        }
    }

    let ground = if electronic_rule {
        electronic::ground(&people, request, consent_state)
    } else {
        Ok(None)
    };
    if let Err(code) = ground {
        push(Reason::new(code), &mut reasons);
    }

    if purpose.direct_marketing {
        let granted_at = (consent_state == ConsentState::Granted)
            .then(|| latest.map(|f| f.at))
            .flatten();
        for register in Register::ALL.into_iter().filter(|_| register_rules) {
            match register_reason(state, request, &people, register, granted_at) {
                Some(ReasonCode::Register(listed)) if exempt_customer(request, &people, listed) => {
                    push(
                        Reason::new(ReasonCode::ExemptCustomer(listed)),
                        &mut exemptions,
                    );
                }
                Some(code) => push(Reason::new(code), &mut reasons),
                None => {}
            }
        }
        let rules = request.controller.rules;
        if channel == Channel::Phone {
            if rules.contains(Rule::NoTelemarketingHours)
                && has_phone_of(request.identifiers, Country::No)
                && !norway::telemarketing_permitted(request.at)
            {
                push(Reason::new(ReasonCode::QuietHours), &mut reasons);
            }
            if rules.contains(Rule::DkTelemarketingBan)
                && has_phone_of(request.identifiers, Country::Dk)
                && !purpose.dk_telemarketing_exception
                && !electronic::call_requested(&people, request.at)
            {
                push(Reason::new(ReasonCode::DkTelemarketingBan), &mut reasons);
            }
        }
    }

    // Art. 14(3)(b): the notice is due at the latest at the first communication. Marketing to a
    // person still owed it would be that communication, made without the notice.
    let art14_pending = purpose.direct_marketing && people.iter().any(|p| p.art14_pending);
    if art14_pending && !request.carries_art14_notice {
        push(Reason::new(ReasonCode::NoticeArt14Pending), &mut reasons);
    }

    let allowed = reasons.is_empty();
    let basis = ground.ok().flatten().filter(|_| allowed);
    Decision {
        allowed,
        reasons,
        exemptions,
        basis,
        obligations: if basis.is_some() {
            &[Obligation::OfferOptOut]
        } else {
            &[]
        },
        gives_art14_notice: allowed && art14_pending,
    }
}

/// Whether a register listing is lifted by an existing customer relationship of the people
/// found with the controller (NIX-Telefon's customer exception; markedsføringsloven § 12 for
/// Reservasjonsregisteret). It lifts only the listing: an objection, the block list or a
/// restriction are reasons of their own and still refuse.
fn exempt_customer(
    request: &ContactRequest<'_>,
    people: &[&Arc<PersonFacts>],
    register: Register,
) -> bool {
    let relationships: Vec<&CustomerRelationship> = people
        .iter()
        .flat_map(|p| p.customer_relationships.iter())
        .collect();
    customer::exempt(
        register,
        request.controller.customer_terms,
        request.purpose.product_category.as_ref(),
        &relationships,
        request.at.date(),
    )
}

/// Whether some identifier reaches the channel.
fn reaches(identifiers: &[IdentifierProbe], channel: Channel) -> bool {
    let needs = match channel {
        Channel::Phone | Channel::Sms | Channel::Mms | Channel::Messaging => IdentifierKind::Phone,
        Channel::Email => IdentifierKind::Email,
        // Addressed mail and meetings are reached by means the register does not hold.
        Channel::Post | Channel::InPerson => return true,
    };
    identifiers.iter().any(|p| p.kind == needs)
}

fn has_phone_of(identifiers: &[IdentifierProbe], country: Country) -> bool {
    identifiers
        .iter()
        .any(|p| p.kind == IdentifierKind::Phone && p.country == Some(country))
}

/// The register's verdict, if it has one: listed, or no valid version to decide with.
fn register_reason(
    state: &impl ContactState,
    request: &ContactRequest<'_>,
    people: &[&Arc<PersonFacts>],
    register: Register,
    consent_granted_at: Option<OffsetDateTime>,
) -> Option<ReasonCode> {
    if !request.controller.rules.contains(register.rule())
        || !register.channels().contains(request.channel)
    {
        return None;
    }
    // Only identifiers of the register's own country are covered: NIX-Telefon cannot list a
    // Norwegian number. Robinsonlisten matches names and addresses, which arrive as identifiers
    // of their own kind or are the Danish addresses vern holds for the person; phone-keyed
    // registers match phone numbers.
    let given = request.identifiers.iter().filter(|p| {
        p.country == Some(register.country())
            && match register {
                Register::NixTelefon | Register::Reservasjonsregisteret => {
                    p.kind == IdentifierKind::Phone
                }
                Register::Robinsonlisten => p.kind == IdentifierKind::Postal,
            }
    });
    let held = people
        .iter()
        .filter(|_| register == Register::Robinsonlisten)
        .flat_map(|p| p.postal.iter());
    let mut applicable = given.map(|p| &p.digest).chain(held).peekable();
    applicable.peek()?;
    let version = state.register_version(register);
    if !version.is_some_and(|v| v.valid_on(register, request.at.date())) {
        return Some(ReasonCode::RegisterStale(register));
    }
    let listed = applicable.any(|digest| {
        state
            .register_listing(register, digest)
            .is_some_and(|channels| robinson::covers(register, channels, request.channel))
    });
    if !listed {
        return None;
    }
    let overridden =
        consent_granted_at.is_some_and(|granted| match register.consent_override_months() {
            None => true,
            Some(months) => add_months_to(granted, months) >= request.at,
        });
    (!overridden).then_some(ReasonCode::Register(register))
}

mod electronic;
mod robinson;

#[cfg(test)]
mod tests;
