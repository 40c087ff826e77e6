//! Roles: who may do what. Least privilege by default.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A role held by an API key or a staff user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including anonymize, purge, keys and settings.
    Admin,
    /// The request inbox, reports, rectification, restriction, erasure, breaches, registers.
    PrivacyOfficer,
    /// Works contacts: sees a person's status, purposes and warnings; records a consent or
    /// objection heard on a call; no export, no report.
    Seller,
    /// Checks and washes lists; no person details.
    Marketer,
    /// Reads the ledger and registers; no personal data.
    Auditor,
    /// Submits objections and requests for the people it represents; sees only its own
    /// requests' status, never personal data.
    AuthorizedAgent,
    /// An SMS gateway: may only deliver inbound text messages (`POST /v1/inbound/sms`), each
    /// also signed with the gateway's own secret; reads nothing.
    Gateway,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::PrivacyOfficer,
        Role::Seller,
        Role::Marketer,
        Role::Auditor,
        Role::AuthorizedAgent,
        Role::Gateway,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PrivacyOfficer => "privacy_officer",
            Role::Seller => "seller",
            Role::Marketer => "marketer",
            Role::Auditor => "auditor",
            Role::AuthorizedAgent => "authorized_agent",
            Role::Gateway => "gateway",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text named no role.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role: expected one of admin, privacy_officer, seller, marketer, auditor, authorized_agent, gateway"
)]
pub struct UnknownRole;

impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.replace('-', "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRole)
    }
}
