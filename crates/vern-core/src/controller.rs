//! Controllers: the companies on whose behalf data is processed, and the national rules each follows.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::country::Country;
use crate::customer::CustomerTerms;
use crate::register::Register;

/// A controller's number inside one installation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ControllerId(pub i64);

impl fmt::Display for ControllerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A national rule a controller declares that it follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Honour NIX-Telefon (Sweden) for telephone marketing.
    NixTelefon,
    /// Honour Reservasjonsregisteret (Norway) for telephone marketing and addressed mail.
    Reservasjonsregisteret,
    /// Honour Robinsonlisten (Denmark) for telephone calls and addressed mail.
    Robinsonlisten,
    /// Norwegian telephone marketing only on weekdays 09:00-21:00, not on public holidays
    /// (markedsføringsloven § 14).
    NoTelemarketingHours,
    /// Danish telephone sales to consumers are banned except for the permitted kinds of goods
    /// (forbrugeraftaleloven § 4).
    DkTelemarketingBan,
}

impl Rule {
    /// Every rule.
    pub const ALL: [Rule; 5] = [
        Rule::NixTelefon,
        Rule::Reservasjonsregisteret,
        Rule::Robinsonlisten,
        Rule::NoTelemarketingHours,
        Rule::DkTelemarketingBan,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::NixTelefon => "nix_telefon",
            Rule::Reservasjonsregisteret => "reservasjonsregisteret",
            Rule::Robinsonlisten => "robinsonlisten",
            Rule::NoTelemarketingHours => "no_telemarketing_hours",
            Rule::DkTelemarketingBan => "dk_telemarketing_ban",
        }
    }

    /// The rules a controller in `country` would normally follow. Proposed when a controller's
    /// country is set; never switched on silently.
    pub fn proposed_for(country: Country) -> &'static [Rule] {
        match country {
            Country::Se => &[Rule::NixTelefon],
            Country::No => &[Rule::Reservasjonsregisteret, Rule::NoTelemarketingHours],
            Country::Dk => &[Rule::Robinsonlisten, Rule::DkTelemarketingBan],
            Country::Fi => &[],
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// The text named no rule.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown rule: expected one of nix_telefon, reservasjonsregisteret, robinsonlisten, no_telemarketing_hours, dk_telemarketing_ban"
)]
pub struct UnknownRule;

impl FromStr for Rule {
    type Err = UnknownRule;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rule::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or(UnknownRule)
    }
}

/// A set of rules, as a bit mask.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RuleSet(u8);

impl RuleSet {
    /// No rules.
    pub const EMPTY: RuleSet = RuleSet(0);

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & rule.bit() != 0
    }

    /// Whether the set honours any of the national registers.
    pub fn any_register(self) -> bool {
        self.contains(Rule::NixTelefon)
            || self.contains(Rule::Reservasjonsregisteret)
            || self.contains(Rule::Robinsonlisten)
    }

    /// The set with `rule` added.
    pub fn with(self, rule: Rule) -> RuleSet {
        RuleSet(self.0 | rule.bit())
    }

    /// The rules in the set.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        Rule::ALL.into_iter().filter(move |r| self.contains(*r))
    }
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl FromIterator<Rule> for RuleSet {
    fn from_iter<T: IntoIterator<Item = Rule>>(iter: T) -> Self {
        iter.into_iter().fold(RuleSet::EMPTY, RuleSet::with)
    }
}

impl Serialize for RuleSet {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for RuleSet {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<Rule>::deserialize(deserializer)?
            .into_iter()
            .collect())
    }
}

/// What the decision needs to know about the controller asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ControllerFacts {
    /// Which controller.
    pub id: ControllerId,
    /// The national rules it follows.
    pub rules: RuleSet,
    /// How long former customers stay exempt from the registers.
    pub customer_terms: CustomerTerms,
    /// Its country, whose electronic-mail rule decides how business contacts are treated.
    pub country: Option<Country>,
}

// Here rather than in `register.rs`, so that the register does not import the controller that
// honours it (the controller's terms already name the registers).
impl Register {
    /// The controller rule that makes a controller honour this register.
    pub fn rule(self) -> Rule {
        match self {
            Register::NixTelefon => Rule::NixTelefon,
            Register::Reservasjonsregisteret => Rule::Reservasjonsregisteret,
            Register::Robinsonlisten => Rule::Robinsonlisten,
        }
    }
}
