//! Identifiers: the normalized ways to reach or recognise a person.

use crate::country::Country;
use crate::digest::{DigestKey, IdentifierDigest};
use crate::email::Email;
use crate::national_id::NationalId;
use crate::phone::PhoneNumber;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What kind of identifier a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A phone number in E.164.
    Phone,
    /// An e-mail address.
    Email,
    /// A national identity number.
    NationalId,
    /// A name and postal address, as address registers match them.
    Postal,
}

impl IdentifierKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentifierKind::Phone => "phone",
            IdentifierKind::Email => "email",
            IdentifierKind::NationalId => "national_id",
            IdentifierKind::Postal => "postal",
        }
    }
}

impl fmt::Display for IdentifierKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One normalized identifier.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Identifier {
    /// A phone number.
    Phone(PhoneNumber),
    /// An e-mail address.
    Email(Email),
    /// A national identity number.
    NationalId(NationalId),
}

/// The digest-domain name of a national id's scheme: numbers of different countries never match.
fn national_id_domain(country: Country) -> &'static str {
    match country {
        Country::Se => "national_id.se",
        Country::No => "national_id.no",
        Country::Dk => "national_id.dk",
        Country::Fi => "national_id.fi",
    }
}

impl Identifier {
    /// The kind of this identifier.
    pub fn kind(&self) -> IdentifierKind {
        match self {
            Identifier::Phone(_) => IdentifierKind::Phone,
            Identifier::Email(_) => IdentifierKind::Email,
            Identifier::NationalId(_) => IdentifierKind::NationalId,
        }
    }

    /// The normalized text.
    pub fn normalized(&self) -> &str {
        match self {
            Identifier::Phone(p) => p.e164(),
            Identifier::Email(e) => e.as_str(),
            Identifier::NationalId(n) => n.as_str(),
        }
    }

    /// The keyed digest used for matching.
    pub fn digest(&self, key: &DigestKey) -> IdentifierDigest {
        match self {
            Identifier::Phone(p) => phone_digest(key, p.e164()),
            Identifier::Email(e) => email_digest(key, e.as_str()),
            Identifier::NationalId(n) => key.digest(national_id_domain(n.country()), n.as_str()),
        }
    }

    /// What the decision needs to know about this identifier, without the value itself.
    pub fn probe(&self, key: &DigestKey) -> IdentifierProbe {
        IdentifierProbe {
            kind: self.kind(),
            digest: self.digest(key),
            country: match self {
                Identifier::Phone(p) => p.country(),
                Identifier::NationalId(n) => Some(n.country()),
                Identifier::Email(_) => None,
            },
        }
    }
}

/// The digest of an E.164 phone number (already normalized).
pub fn phone_digest(key: &DigestKey, e164: &str) -> IdentifierDigest {
    key.digest("phone", e164)
}

/// The digest of a normalized e-mail address.
pub fn email_digest(key: &DigestKey, email: &str) -> IdentifierDigest {
    key.digest("email", email)
}

/// An identifier as the decision sees it: its kind, its digest and, for phone numbers and
/// national ids, the country it belongs to (national registers only cover their own country).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IdentifierProbe {
    /// The identifier's kind.
    pub kind: IdentifierKind,
    /// Its keyed digest.
    pub digest: IdentifierDigest,
    /// The Nordic country it belongs to, if any.
    pub country: Option<Country>,
}
