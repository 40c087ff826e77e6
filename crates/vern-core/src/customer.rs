//! Customer relationships and the register exemption they give.
//!
//! Both telemarketing registers leave room for a controller's own customers: NIX-Telefon's rules
//! exempt an established customer relationship (an entered contract) for the same type of goods
//! or services, lasting "minst sex månader men normalt inte mer än ett år" after the contract ends;
//! Reservasjonsregisteret (markedsføringsloven § 12) does not stop a trader offering its own
//! similar products to its existing customers. "The same type" is matched by a product category
//! carried by both the relationship and the purpose; how long the exemption lasts after the end
//! is the controller's choice within the rule, in [`CustomerTerms`].

use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;

use crate::calendar::add_months;
use crate::register::Register;

/// A kind of goods or services (`broadband`, `insurance.home`): lower-case, 1 to 64 characters,
/// letters, digits, `_`, `-` and `.`. A purpose and a relationship match when they name the same
/// category, so categories are keys, not prose.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct ProductCategory(String);

/// The text is not a valid product category.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "a product category is 1 to 64 lower-case letters, digits, '_', '-' or '.', starting with a letter or digit"
)]
pub struct InvalidProductCategory;

impl ProductCategory {
    /// Validate a category.
    pub fn parse(s: &str) -> Result<ProductCategory, InvalidProductCategory> {
        let ok = !s.is_empty()
            && s.chars().count() <= 64
            && s.starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit())
            && s.chars()
                .all(|c| c.is_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-' | '.'));
        if ok {
            Ok(ProductCategory(s.to_owned()))
        } else {
            Err(InvalidProductCategory)
        }
    }

    /// The category as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ProductCategory {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        ProductCategory::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// What the decision knows of one customer relationship of a person with the controller.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomerRelationship {
    /// What the person is a customer for.
    pub product_category: ProductCategory,
    /// The first day of the relationship (the contract was entered).
    pub started: Date,
    /// The last day of the relationship, once it ended.
    pub ended: Option<Date>,
}

/// How long a controller treats a former customer as a customer for each register, in months
/// after the relationship ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct CustomerTerms {
    /// NIX-Telefon: at least six months, normally not more than a year.
    pub nix_telefon_months: u8,
    /// Reservasjonsregisteret: the law says "existing customers" and names no period after the
    /// end; vern allows 0 to 12 months, the controller deciding how long its customers remain
    /// existing ones.
    pub reservasjonsregisteret_months: u8,
}

impl Default for CustomerTerms {
    /// A year for both: NIX's "normally not more than a year", the longest the rules allow.
    fn default() -> Self {
        CustomerTerms {
            nix_telefon_months: 12,
            reservasjonsregisteret_months: 12,
        }
    }
}

/// A period outside what the register's rules allow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidCustomerTerms {
    /// NIX-Telefon's exemption lasts at least six months and normally not more than a year.
    #[error(
        "the NIX-Telefon customer exemption lasts 6 to 12 months after the relationship ends (NIX-Telefon's rules: at least six months, normally not more than a year)"
    )]
    NixTelefon,
    /// Reservasjonsregisteret's exemption is for existing customers: at most a year after.
    #[error(
        "the Reservasjonsregisteret customer exemption lasts 0 to 12 months after the relationship ends"
    )]
    Reservasjonsregisteret,
}

impl CustomerTerms {
    /// Validate the periods.
    pub fn new(
        nix_telefon_months: u8,
        reservasjonsregisteret_months: u8,
    ) -> Result<CustomerTerms, InvalidCustomerTerms> {
        if !(6..=12).contains(&nix_telefon_months) {
            return Err(InvalidCustomerTerms::NixTelefon);
        }
        if reservasjonsregisteret_months > 12 {
            return Err(InvalidCustomerTerms::Reservasjonsregisteret);
        }
        Ok(CustomerTerms {
            nix_telefon_months,
            reservasjonsregisteret_months,
        })
    }

    /// The months after the end for `register`; `None` when the register has no customer
    /// exemption (Robinsonlisten: markedsføringsloven § 10, stk. 4 names none).
    pub fn months(self, register: Register) -> Option<u8> {
        match register {
            Register::NixTelefon => Some(self.nix_telefon_months),
            Register::Reservasjonsregisteret => Some(self.reservasjonsregisteret_months),
            Register::Robinsonlisten => None,
        }
    }
}

/// Whether an existing customer relationship exempts a call on `day` for a purpose of
/// `category` from `register`: a relationship of the same category that has started and has
/// not ended more than the controller's period before `day`.
pub fn exempt(
    register: Register,
    terms: CustomerTerms,
    category: Option<&ProductCategory>,
    relationships: &[&CustomerRelationship],
    day: Date,
) -> bool {
    let (Some(category), Some(months)) = (category, terms.months(register)) else {
        return false;
    };
    relationships.iter().any(|r| {
        r.product_category == *category
            && r.started <= day
            && r.ended
                .is_none_or(|end| day <= add_months(end, u32::from(months)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn rel(category: &str, started: Date, ended: Option<Date>) -> CustomerRelationship {
        CustomerRelationship {
            product_category: ProductCategory::parse(category).unwrap(),
            started,
            ended,
        }
    }

    #[test]
    fn categories() {
        assert!(ProductCategory::parse("broadband").is_ok());
        assert!(ProductCategory::parse("insurance.home-v2").is_ok());
        assert!(ProductCategory::parse("").is_err());
        assert!(ProductCategory::parse("Broadband").is_err());
        assert!(ProductCategory::parse("a b").is_err());
        assert!(ProductCategory::parse(&"a".repeat(65)).is_err());
    }

    // NIX-Telefon's rules (nixtelefon.org, undantagen): an established customer relationship
    // for the same type of goods or services continues "minst sex månader men normalt inte mer
    // än ett år" after the contract ends.
    #[test]
    fn nix_periods_are_six_to_twelve_months() {
        assert!(CustomerTerms::new(6, 0).is_ok());
        assert!(CustomerTerms::new(12, 12).is_ok());
        assert_eq!(
            CustomerTerms::new(5, 12),
            Err(InvalidCustomerTerms::NixTelefon)
        );
        assert_eq!(
            CustomerTerms::new(13, 12),
            Err(InvalidCustomerTerms::NixTelefon)
        );
        assert_eq!(
            CustomerTerms::new(12, 13),
            Err(InvalidCustomerTerms::Reservasjonsregisteret)
        );
        assert_eq!(
            CustomerTerms::default(),
            CustomerTerms::new(12, 12).unwrap()
        );
    }

    // NIX-Telefon (undantagen): the same type of goods, from the contract until the period
    // after its end; markedsføringsloven § 12: the trader's own similar products to existing
    // customers.
    #[test]
    fn the_exemption_runs_from_the_start_to_the_period_after_the_end() {
        let terms = CustomerTerms::new(6, 3).unwrap();
        let broadband = ProductCategory::parse("broadband").unwrap();
        let ended = rel(
            "broadband",
            date!(2025 - 01 - 15),
            Some(date!(2026 - 03 - 31)),
        );
        let r = [&ended];
        let nix = |day| exempt(Register::NixTelefon, terms, Some(&broadband), &r, day);
        assert!(!nix(date!(2025 - 01 - 14)), "not before it started");
        assert!(nix(date!(2025 - 06 - 01)));
        assert!(nix(date!(2026 - 09 - 30)), "six months after the end");
        assert!(!nix(date!(2026 - 10 - 01)));
        let no = |day| {
            exempt(
                Register::Reservasjonsregisteret,
                terms,
                Some(&broadband),
                &r,
                day,
            )
        };
        assert!(no(date!(2026 - 06 - 30)));
        assert!(!no(date!(2026 - 07 - 01)));
        let open = rel("broadband", date!(2020 - 01 - 01), None);
        assert!(exempt(
            Register::NixTelefon,
            terms,
            Some(&broadband),
            &[&open],
            date!(2040 - 01 - 01)
        ));
    }

    // The exemption covers the same type of goods only; Robinsonlisten (markedsføringsloven
    // § 10, stk. 4) has no customer exemption at all.
    #[test]
    fn another_category_no_category_or_robinsonlisten_are_not_exempt() {
        let terms = CustomerTerms::default();
        let open = rel("broadband", date!(2020 - 01 - 01), None);
        let insurance = ProductCategory::parse("insurance").unwrap();
        let broadband = ProductCategory::parse("broadband").unwrap();
        let day = date!(2026 - 01 - 01);
        assert!(!exempt(
            Register::NixTelefon,
            terms,
            Some(&insurance),
            &[&open],
            day
        ));
        assert!(!exempt(Register::NixTelefon, terms, None, &[&open], day));
        assert!(!exempt(
            Register::Robinsonlisten,
            terms,
            Some(&broadband),
            &[&open],
            day
        ));
    }
}
