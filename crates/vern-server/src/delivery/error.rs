//! Why a message was not delivered, shared by the transports (SMTP, the SMS gateway, the outbox
//! directory) and the loop that records the result.

use std::fmt;

/// Why a message was not delivered: a reason fit for logs and the ledger (no personal data),
/// and whether trying again could help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryError {
    /// What went wrong, without personal data.
    pub reason: String,
    /// Trying again cannot help.
    pub permanent: bool,
}

impl DeliveryError {
    pub(crate) fn retry(reason: impl Into<String>) -> DeliveryError {
        DeliveryError {
            reason: reason.into(),
            permanent: false,
        }
    }

    pub(crate) fn permanent(reason: impl Into<String>) -> DeliveryError {
        DeliveryError {
            reason: reason.into(),
            permanent: true,
        }
    }
}

impl fmt::Display for DeliveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for DeliveryError {}
