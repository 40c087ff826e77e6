//! Direct marketing by electronic mail (e-mail, SMS, MMS, messaging apps): the national
//! transpositions of ePrivacy Art. 13 that apply whatever the purpose's GDPR legal basis.
//!
//! - SE marknadsföringslagen (2008:486) 19 §, NO markedsføringsloven § 15, DK
//!   markedsføringsloven § 10 stk. 1 and FI tietoyhteiskuntakaari § 200 require the recipient's
//!   prior consent;
//! - the soft opt-in (SE 19 § andra stycket, NO § 15 tredje ledd, DK § 10 stk. 2, FI § 200.2):
//!   an address obtained in connection with the controller's own sale to the person may be used
//!   for the controller's own similar products, if a free, simple opt-out was offered when the
//!   address was collected and has not been used, and every message offers it again;
//! - business contacts differ by country ([`business_contact_rule`]).
//!
//! The facts and sources are in `docs/marketing-law.md`.

use serde::Serialize;
use time::OffsetDateTime;

use crate::channel::Channel;
use crate::country::Country;
use crate::digest::IdentifierDigest;

/// Whether `channel` is electronic mail in the ePrivacy sense: a message stored in the network
/// until the recipient collects it (e-mail, SMS, MMS, messaging apps). Voice calls, addressed
/// post and meetings are not.
pub fn is_electronic_mail(channel: Channel) -> bool {
    matches!(
        channel,
        Channel::Email | Channel::Sms | Channel::Mms | Channel::Messaging
    )
}

/// A soft opt-in: an address the controller obtained from the person in its own sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoftOptIn {
    /// The digest of the identifier (e-mail address or phone number) obtained in the sale.
    pub digest: IdentifierDigest,
    /// The product category of the sale: only the controller's own similar products (the same
    /// category on the purpose) may be marketed to the address.
    pub product_category: String,
    /// When the address was obtained.
    pub obtained_at: OffsetDateTime,
    /// Whether a free, simple opt-out was offered when the address was collected; without it
    /// there is no soft opt-in at all.
    pub opt_out_offered: bool,
}

/// How a country's electronic-marketing rule treats a business contact (a company's role
/// address, such as `post@firma.no`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BusinessContactRule {
    /// The rule protects natural persons only, so a role address is outside it: SE
    /// marknadsföringslagen 19 § ("fysisk person"), NO markedsføringsloven § 15 ("fysiske
    /// personer"; Forbrukertilsynet: `post@firma.no` outside, `ola.nordmann@firma.no` inside).
    Outside,
    /// The rule protects every recipient, businesses included: DK markedsføringsloven § 10
    /// stk. 1 ("en fysisk eller juridisk person").
    Protected,
    /// Marketing to a legal person's address is allowed unless it has refused: FI
    /// tietoyhteiskuntakaari § 202.
    OutsideUnlessRefused,
}

/// The business-contact rule of the controller's country. A controller of no known country
/// gets the strictest rule (DK's), so an unset country never loosens the law.
pub fn business_contact_rule(country: Option<Country>) -> BusinessContactRule {
    match country {
        Some(Country::Se | Country::No) => BusinessContactRule::Outside,
        Some(Country::Fi) => BusinessContactRule::OutsideUnlessRefused,
        Some(Country::Dk) | None => BusinessContactRule::Protected,
    }
}

/// The legal ground an allowed electronic direct-marketing contact rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactBasis {
    /// The person's prior consent for this purpose on this channel.
    Consent,
    /// The soft opt-in: the address came from the controller's own sale of similar products.
    SoftOptIn,
    /// A business contact outside the country's rule ([`BusinessContactRule`]).
    BusinessContact,
}

impl ContactBasis {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ContactBasis::Consent => "consent",
            ContactBasis::SoftOptIn => "soft_opt_in",
            ContactBasis::BusinessContact => "business_contact",
        }
    }
}

/// What the caller must do when it makes an allowed contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Obligation {
    /// Every electronic marketing message must carry a free, simple way to opt out (SE 19 §,
    /// NO § 15, DK § 10 stk. 2–3, FI § 200).
    OfferOptOut,
}

impl Obligation {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Obligation::OfferOptOut => "offer_opt_out",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn electronic_mail_is_every_stored_message_and_nothing_spoken_or_printed() {
        // ePrivacy Art. 2(h) as transposed (SE 19 §, NO § 15, DK § 10, FI § 200): e-mail, SMS,
        // MMS and messaging are electronic mail; a voice call and addressed post are not.
        for c in [
            Channel::Email,
            Channel::Sms,
            Channel::Mms,
            Channel::Messaging,
        ] {
            assert!(is_electronic_mail(c), "{c}");
        }
        for c in [Channel::Phone, Channel::Post, Channel::InPerson] {
            assert!(!is_electronic_mail(c), "{c}");
        }
    }

    #[test]
    fn business_contacts_by_country() {
        // SE marknadsföringslagen 19 § and NO markedsføringsloven § 15 protect natural persons;
        // DK markedsføringsloven § 10 protects every recipient; FI tietoyhteiskuntakaari § 202
        // allows legal persons' addresses unless they refused.
        assert_eq!(
            business_contact_rule(Some(Country::Se)),
            BusinessContactRule::Outside
        );
        assert_eq!(
            business_contact_rule(Some(Country::No)),
            BusinessContactRule::Outside
        );
        assert_eq!(
            business_contact_rule(Some(Country::Dk)),
            BusinessContactRule::Protected
        );
        assert_eq!(
            business_contact_rule(Some(Country::Fi)),
            BusinessContactRule::OutsideUnlessRefused
        );
        assert_eq!(business_contact_rule(None), BusinessContactRule::Protected);
    }
}
