//! Names and postal addresses as address registers match them (Robinsonlisten: name and
//! address, no identity number). Both sides are reduced to the same canonical text: letters
//! and digits only, lower case, name tokens sorted (the register writes `Efternavn,Fornavn`,
//! lists write `Fornavn Efternavn`), address tokens in order, and the postal code's digits.

use crate::country::Country;
use crate::digest::{DigestKey, IdentifierDigest};
use crate::identifier::{IdentifierKind, IdentifierProbe};

fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The canonical form of a name, street address and postal code; `None` when any is empty.
pub fn canonical(name: &str, street: &str, postal_code: &str) -> Option<String> {
    let mut name = tokens(name);
    name.sort();
    let street = tokens(street);
    let code: String = postal_code.chars().filter(char::is_ascii_digit).collect();
    if name.is_empty() || street.is_empty() || code.is_empty() {
        return None;
    }
    Some(format!("{}|{}|{}", name.join(" "), street.join(" "), code))
}

/// The probe of an address in `country`.
pub fn probe(key: &DigestKey, country: Country, canonical: &str) -> IdentifierProbe {
    IdentifierProbe {
        kind: IdentifierKind::Postal,
        digest: digest(key, country, canonical),
        country: Some(country),
    }
}

/// The digest of a canonical address in `country`.
pub fn digest(key: &DigestKey, country: Country, canonical: &str) -> IdentifierDigest {
    let domain = match country {
        Country::Se => "postal.se",
        Country::No => "postal.no",
        Country::Dk => "postal.dk",
        Country::Fi => "postal.fi",
    };
    key.digest(domain, canonical)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_and_list_forms_meet() {
        let from_register = canonical("Sørensen,Mette", "Nørregade 12, 3. th.", "8000 Aarhus C");
        let from_list = canonical("Mette  SØRENSEN", "Nørregade 12 3 th", "8000");
        assert_eq!(from_register, from_list);
        assert!(from_register.is_some());
        assert_ne!(
            canonical("Mette Sørensen", "Nørregade 14", "8000"),
            from_list
        );
        assert_eq!(canonical("", "x", "1"), None);
    }
}
