//! How domain values are written into columns and read back.

use vern_core::objection::{ObjectionSourceKind, Scope, Suppression, SuppressionSource};
use vern_core::{ChannelSet, ControllerId, IdentifierDigest, IdentifierKind, Rule, RuleSet};

use crate::error::{StoreError, StoreResult};

pub(crate) fn integrity(what: &str) -> StoreError {
    StoreError::Integrity(format!("stored {what} is not valid"))
}

pub(crate) fn rules_to_text(rules: RuleSet) -> String {
    rules.iter().map(Rule::as_str).collect::<Vec<_>>().join(",")
}

pub(crate) fn rules_from_text(text: &str) -> StoreResult<RuleSet> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<Rule>().map_err(|_| integrity("rule")))
        .collect()
}

pub(crate) fn channels_to_i64(channels: ChannelSet) -> i64 {
    i64::from(channels.bits())
}

pub(crate) fn channels_from_i64(bits: i64) -> ChannelSet {
    ChannelSet::from_bits(u8::try_from(bits & 0xff).unwrap_or(0))
}

pub(crate) fn kind_to_text(kind: IdentifierKind) -> &'static str {
    kind.as_str()
}

pub(crate) fn kind_from_text(text: &str) -> StoreResult<IdentifierKind> {
    match text {
        "phone" => Ok(IdentifierKind::Phone),
        "email" => Ok(IdentifierKind::Email),
        "national_id" => Ok(IdentifierKind::NationalId),
        "postal" => Ok(IdentifierKind::Postal),
        _ => Err(integrity("identifier kind")),
    }
}

/// The identifier kind as one byte, as packed block-list imports keep it per entry.
pub(crate) fn kind_to_byte(kind: IdentifierKind) -> u8 {
    match kind {
        IdentifierKind::Phone => 1,
        IdentifierKind::Email => 2,
        IdentifierKind::NationalId => 3,
        IdentifierKind::Postal => 4,
    }
}

pub(crate) fn kind_from_byte(byte: u8) -> StoreResult<IdentifierKind> {
    match byte {
        1 => Ok(IdentifierKind::Phone),
        2 => Ok(IdentifierKind::Email),
        3 => Ok(IdentifierKind::NationalId),
        4 => Ok(IdentifierKind::Postal),
        _ => Err(integrity("identifier kind")),
    }
}

pub(crate) fn digest_from(bytes: &[u8]) -> StoreResult<IdentifierDigest> {
    IdentifierDigest::from_slice(bytes).ok_or_else(|| integrity("digest"))
}

pub(crate) fn source_to_text(source: SuppressionSource) -> String {
    match source {
        SuppressionSource::Blocklist => "blocklist".to_owned(),
        SuppressionSource::Objection(kind) => format!("objection:{}", kind.as_str()),
    }
}

pub(crate) fn source_from_text(text: &str) -> StoreResult<SuppressionSource> {
    if text == "blocklist" {
        return Ok(SuppressionSource::Blocklist);
    }
    let kind = match text.strip_prefix("objection:") {
        Some("subject") => ObjectionSourceKind::Subject,
        Some("authorized_agent") => ObjectionSourceKind::AuthorizedAgent,
        Some("sms") => ObjectionSourceKind::Sms,
        Some("register") => ObjectionSourceKind::Register,
        Some("staff") => ObjectionSourceKind::Staff,
        Some("unsubscribe_link") => ObjectionSourceKind::UnsubscribeLink,
        Some("gpc") => ObjectionSourceKind::Gpc,
        _ => return Err(integrity("suppression source")),
    };
    Ok(SuppressionSource::Objection(kind))
}

pub(crate) fn suppression_from(
    controller: Option<i64>,
    channels: i64,
    source: &str,
) -> StoreResult<Suppression> {
    Ok(Suppression {
        scope: controller.map_or(Scope::All, |c| Scope::Controller(ControllerId(c))),
        channels: channels_from_i64(channels),
        source: source_from_text(source)?,
    })
}

/// `$1, $2, …, $n` starting at `first`.
/// The placeholders of a statement whose every parameter is written by one `Binds`, in the
/// order they are bound: `?` on SQLite, `$1`, `$2`… on PostgreSQL.
///
/// SQLite gets anonymous `?` because sqlx asks SQLite the name of every numbered parameter
/// when binding, and SQLite finds a name by walking the list of all of them: a statement with
/// n numbered parameters costs time in n², and the import's multi-row inserts (thousands of
/// parameters each) spent two thirds of their time there (perf, `docs/benchmarks.md`).
#[derive(Debug)]
pub(crate) struct Binds {
    numbered: bool,
    n: usize,
}

impl Binds {
    pub(crate) fn new(dialect: crate::db::Dialect) -> Binds {
        Binds {
            numbered: dialect == crate::db::Dialect::Postgres,
            n: 0,
        }
    }

    /// The next parameter.
    pub(crate) fn next(&mut self) -> String {
        self.n += 1;
        if self.numbered {
            format!("${}", self.n)
        } else {
            "?".to_owned()
        }
    }

    /// The next `count` parameters, separated by commas.
    pub(crate) fn list(&mut self, count: usize) -> String {
        let mut out = String::with_capacity(count * 4);
        for i in 0..count {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&self.next());
        }
        out
    }
}

pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}
