//! Objections (Art. 21) and the suppressions they become.

use serde::{Deserialize, Serialize};

use crate::channel::ChannelSet;
use crate::controller::ControllerId;

/// Which right under Art. 21 is exercised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionKind {
    /// Art. 21(2)-(3): objection to direct marketing. Absolute: no override exists.
    DirectMarketing,
    /// Art. 21(1): objection on grounds of the person's particular situation; opens a request
    /// for a balancing decision.
    General,
}

/// Who conveyed an objection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectionSourceKind {
    /// The person themselves.
    Subject,
    /// An authorized agent acting under a mandate.
    AuthorizedAgent,
    /// An SMS reply keyword.
    Sms,
    /// A national register.
    Register,
    /// A staff member who heard it (on a call, in a shop).
    Staff,
    /// The person, by a one-click unsubscribe link in a marketing e-mail (RFC 8058): automated
    /// means under Art. 21(5).
    UnsubscribeLink,
    /// The person's browser, by the Global Privacy Control signal (`Sec-GPC: 1`) sent to the
    /// preference centre or the public form: automated means under Art. 21(5).
    Gpc,
}

impl ObjectionSourceKind {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectionSourceKind::Subject => "subject",
            ObjectionSourceKind::AuthorizedAgent => "authorized_agent",
            ObjectionSourceKind::Sms => "sms",
            ObjectionSourceKind::Register => "register",
            ObjectionSourceKind::Staff => "staff",
            ObjectionSourceKind::UnsubscribeLink => "unsubscribe_link",
            ObjectionSourceKind::Gpc => "gpc",
        }
    }
}

/// Which controllers a suppression covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Every controller in the installation.
    All,
    /// One controller.
    Controller(ControllerId),
}

impl Scope {
    /// Whether the scope covers `controller`.
    pub fn covers(self, controller: ControllerId) -> bool {
        match self {
            Scope::All => true,
            Scope::Controller(c) => c == controller,
        }
    }
}

/// Why an identifier is suppressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SuppressionSource {
    /// A direct-marketing objection, conveyed by this source.
    Objection(ObjectionSourceKind),
    /// The installation's global block list.
    Blocklist,
}

/// A block on direct marketing to one identifier digest. Needs no person: an objection about
/// someone the controller has never met is still kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Suppression {
    /// Which controllers it covers.
    pub scope: Scope,
    /// Which channels it covers.
    pub channels: ChannelSet,
    /// Why it exists.
    pub source: SuppressionSource,
}
