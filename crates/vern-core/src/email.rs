//! E-mail addresses, normalised for use as identity keys.
//!
//! Normalisation is deliberately small: surrounding whitespace (including non-breaking spaces
//! and byte-order marks) is trimmed and the whole address is lower-cased, Unicode-aware. There
//! is no provider-specific rewriting (Gmail dots, `+tags`): `anna.berg+news@gmail.com` stays
//! what it is.
//!
//! Syntax is checked with the `email_address` crate (RFC 5321/5322/6531, so internationalised
//! addresses such as `åsa@exämple.se` are accepted) plus rules it does not enforce: exactly one
//! `@`, a domain of at least two non-empty labels of letters, digits and `-` (so `a@b`, domain
//! literals and display names are rejected), no `..`, no whitespace or control characters
//! inside, and at most 64 bytes of local part and 254 bytes in all.
//!
//! Known limits: no IDNA mapping (`exämple.se` and `xn--exmple-cua.se` are different keys), no
//! Unicode normalisation (an address typed with combining characters is rejected rather than
//! composed), and no DNS or mailbox check.

use email_address::EmailAddress;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Longest local part, in bytes (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL: usize = 64;

/// Longest address, in bytes (RFC 5321 path limit minus the angle brackets).
const MAX_TOTAL: usize = 254;

/// Why an e-mail address was rejected.
///
/// Errors never contain any part of the input: the input is personal data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing but whitespace was given.
    #[error("no e-mail address given")]
    Empty,
    /// The text is not an e-mail address.
    #[error("not a valid e-mail address")]
    Invalid,
    /// The address, or its local part, is longer than the limits.
    #[error("the e-mail address is too long")]
    TooLong,
}

/// An e-mail address: trimmed and lower-cased.
///
/// The only constructor is [`Email::parse`] (and deserialisation, which parses). `Debug` shows
/// only the domain.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

impl Email {
    /// Parse and normalise an address.
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let mut address = String::with_capacity(input.len());
        normalize_into(input, &mut address)?;
        Ok(Email(address))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    /// The part after the `@`, e.g. `"example.com"`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Email(…@{})", self.domain())
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Email::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Normalise `input` into `out`; the hot path for list washing.
///
/// `out` is cleared first (and left empty on error); with a reused buffer nothing is allocated.
/// Accepts and rejects exactly what [`Email::parse`] does.
pub fn normalize_into(input: &str, out: &mut String) -> Result<(), EmailError> {
    out.clear();
    let result = normalize(input, out);
    if result.is_err() {
        out.clear();
    }
    result
}

/// Invisible characters that spreadsheets and copy-paste leave around values.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'
    )
}

fn normalize(input: &str, out: &mut String) -> Result<(), EmailError> {
    let text = input.trim_matches(|c: char| c.is_whitespace() || is_invisible(c));
    if text.is_empty() {
        return Err(EmailError::Empty);
    }
    // Lower-casing shrinks text by at most a factor of three (`K`, U+212A, to `k`), so longer
    // input cannot become short enough.
    if text.len() > 3 * MAX_TOTAL {
        return Err(EmailError::TooLong);
    }
    let mut at_signs = 0usize;
    if text.is_ascii() {
        for b in text.bytes() {
            if b.is_ascii_whitespace() || b.is_ascii_control() {
                return Err(EmailError::Invalid);
            }
            at_signs += usize::from(b == b'@');
        }
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        for c in text.chars() {
            if c.is_whitespace() || c.is_control() || is_invisible(c) {
                return Err(EmailError::Invalid);
            }
            if c.is_ascii() {
                at_signs += usize::from(c == '@');
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
    if out.len() > MAX_TOTAL {
        return Err(EmailError::TooLong);
    }
    let Some((local, domain)) = out.split_once('@') else {
        return Err(EmailError::Invalid);
    };
    if at_signs != 1 || local.is_empty() || domain.is_empty() {
        return Err(EmailError::Invalid);
    }
    if local.len() > MAX_LOCAL {
        return Err(EmailError::TooLong);
    }
    if out.contains("..") || !domain_ok(domain) {
        return Err(EmailError::Invalid);
    }
    // Most addresses in a list are plain ASCII dot-atoms; those are valid by construction and
    // skip the general (slower) syntax check, which a property test holds equivalent.
    if simple(local, domain) {
        return Ok(());
    }
    if !EmailAddress::is_valid_local_part(local) || !EmailAddress::is_valid_domain(domain) {
        return Err(EmailError::Invalid);
    }
    Ok(())
}

/// A lower-case ASCII dot-atom local part of letters, digits and `._%+'-` (no dot first or
/// last), and a domain of ASCII labels of letters, digits and inner hyphens, each at most 63
/// long. (`..` and the overall lengths are checked before.)
fn simple(local: &str, domain: &str) -> bool {
    let local_ok = !local.starts_with('.')
        && !local.ends_with('.')
        && local.bytes().all(|b| {
            b.is_ascii_lowercase()
                || b.is_ascii_digit()
                || matches!(b, b'.' | b'_' | b'%' | b'+' | b'\'' | b'-')
        });
    local_ok
        && domain.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                && b.first().is_some_and(u8::is_ascii_alphanumeric)
                && b.last().is_some_and(u8::is_ascii_alphanumeric)
        })
}

/// At least two labels, each non-empty and made of letters, digits and `-`; the top-level label
/// not all digits (that would be an IP address without the brackets).
fn domain_ok(domain: &str) -> bool {
    let mut labels = 0usize;
    let mut last = "";
    for label in domain.split('.') {
        if label.is_empty() || !label.chars().all(|c| c.is_alphanumeric() || c == '-') {
            return false;
        }
        labels += 1;
        last = label;
    }
    labels >= 2 && !last.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the fast check passes, the general syntax check passes too.
        #[test]
        fn simple_addresses_are_valid(local in "[a-z0-9._%+'-]{1,30}", domain in "[a-z0-9-]{1,20}(\\.[a-z0-9-]{1,20}){1,3}") {
            if simple(&local, &domain) && !local.contains("..") {
                prop_assert!(EmailAddress::is_valid_local_part(&local), "{local}");
                prop_assert!(EmailAddress::is_valid_domain(&domain), "{domain}");
            }
        }
    }

    fn ok(input: &str, expected: &str) {
        assert_eq!(
            Email::parse(input).as_ref().map(Email::as_str),
            Ok(expected),
            "{input:?}"
        );
    }

    fn err(input: &str, expected: EmailError) {
        assert_eq!(Email::parse(input), Err(expected), "{input:?}");
    }

    #[test]
    fn trims_and_lower_cases() {
        ok("  Anna.Berg@Example.COM ", "anna.berg@example.com");
        ok("\u{a0}anna@example.se\u{a0}\t\r\n", "anna@example.se");
        ok("\u{feff}anna@example.se\u{200b}", "anna@example.se");
        ok("ANNA@EXAMPLE.SE", "anna@example.se");
    }

    #[test]
    fn internationalised_addresses() {
        ok("åsa@exämple.se", "åsa@exämple.se");
        ok("ÅSA@EXÄMPLE.SE", "åsa@exämple.se");
        ok("Øystein.Ødegård@Eksempel.NO", "øystein.ødegård@eksempel.no");
        ok("jürgen@müller.de", "jürgen@müller.de");
        ok("anna@xn--exmple-cua.se", "anna@xn--exmple-cua.se");
    }

    #[test]
    fn no_provider_specific_rewriting() {
        ok("Anna.Berg+News@Gmail.com", "anna.berg+news@gmail.com");
        ok("a.n.n.a@googlemail.com", "a.n.n.a@googlemail.com");
    }

    #[test]
    fn usual_local_part_characters() {
        ok("o'brien@example.ie", "o'brien@example.ie");
        ok(
            "first_last-1@sub.example.co.uk",
            "first_last-1@sub.example.co.uk",
        );
        ok("x@a-b.se", "x@a-b.se");
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for input in [
            "N/A",
            "anna",
            "anna@",
            "@x.se",
            "a@b",
            "a b@x.se",
            "x..y@example.com",
            "anna@x..se",
            "anna@.x.se",
            "anna@x.se.",
            ".anna@x.se",
            "anna.@x.se",
            "anna@@x.se",
            "a@b@x.se",
            "\"a@b\"@x.se",
            "\"quoted local\"@example.com",
            "Anna <anna@x.se>",
            "<anna@x.se>",
            "anna@[192.168.0.1]",
            "anna@192.168.0.1",
            "anna@-x.se",
            "anna@x-.se",
            "anna@ex!ample.com",
            "anna@ex_ample.com",
            "anna\t@x.se",
            "anna@x.se\u{0}",
            "anna@x\u{a0}.se",
            "anna@x.se, bo@y.se",
            "anna@x.se;bo@y.se",
            "mailto:anna@x.se",
            "anna(comment)@x.se",
            "an\u{200b}na@x.se",
            "-",
            "?",
        ] {
            err(input, EmailError::Invalid);
        }
    }

    #[test]
    fn empty() {
        for input in ["", " ", "\t\u{a0}\n", "\u{feff}"] {
            err(input, EmailError::Empty);
        }
    }

    #[test]
    fn length_limits() {
        let local64 = "a".repeat(64);
        ok(&format!("{local64}@x.se"), &format!("{local64}@x.se"));
        err(&format!("{local64}a@x.se"), EmailError::TooLong);
        // 254 bytes in all is fine, 255 is not.
        let domain = format!(
            "{}.{}.{}.{}",
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(63),
            "se"
        );
        let local = "a".repeat(254 - 1 - domain.len());
        let address = format!("{local}@{domain}");
        assert_eq!(address.len(), 254);
        ok(&address, &address);
        err(&format!("a{address}"), EmailError::TooLong);
        err(&"a".repeat(10_000), EmailError::TooLong);
        // Label longer than 63 bytes.
        err(&format!("a@{}.se", "b".repeat(64)), EmailError::Invalid);
        // Lengths are counted after lower-casing: the Kelvin sign (3 bytes) becomes `k`.
        let kelvins = "\u{212a}".repeat(64);
        ok(
            &format!("{kelvins}@x.se"),
            &format!("{}@x.se", "k".repeat(64)),
        );
    }

    #[test]
    fn accessors_debug_display_serde() {
        let email = Email::parse("Anna.Berg@Example.COM").unwrap();
        assert_eq!(email.as_str(), "anna.berg@example.com");
        assert_eq!(email.local_part(), "anna.berg");
        assert_eq!(email.domain(), "example.com");
        assert_eq!(email.to_string(), "anna.berg@example.com");
        assert_eq!(format!("{email:?}"), "Email(…@example.com)");
        let json = serde_json::to_string(&email).unwrap();
        assert_eq!(json, "\"anna.berg@example.com\"");
        assert_eq!(serde_json::from_str::<Email>(&json).unwrap(), email);
        assert_eq!(
            serde_json::from_str::<Email>("\" ANNA.BERG@example.com\"").unwrap(),
            email
        );
        let error = serde_json::from_str::<Email>("\"anna.berg@example\"").unwrap_err();
        assert!(!error.to_string().contains("anna"), "{error}");
    }

    #[test]
    fn errors_never_echo_the_input() {
        for input in ["anna.berg@", "anna berg@example.com", &"anna".repeat(100)] {
            let error = Email::parse(input).unwrap_err();
            let text = format!("{error} {error:?}");
            assert!(!text.contains("anna"), "{text}");
        }
    }

    #[test]
    fn normalize_into_clears_and_reuses_the_buffer() {
        let mut out = String::from("stale");
        assert_eq!(normalize_into(" Anna@X.se", &mut out), Ok(()));
        assert_eq!(out, "anna@x.se");
        assert_eq!(normalize_into("Bo@Y.se", &mut out), Ok(()));
        assert_eq!(out, "bo@y.se");
        assert_eq!(normalize_into("Bo@Y", &mut out), Err(EmailError::Invalid));
        assert_eq!(out, "");
    }

    fn email_like() -> impl Strategy<Value = String> {
        let local = prop_oneof![
            4 => "[A-Za-z0-9._%+'-]{0,12}",
            3 => "[a-zåäöæøüÅÄÖÆØÜ.]{1,8}",
            1 => "\\PC{0,6}",
            1 => "\"[a-z @.]{0,6}\"",
        ];
        let domain = prop_oneof![
            3 => "[A-Za-z0-9-]{1,10}(\\.[A-Za-z0-9-]{0,8}){0,3}",
            4 => "[a-zåäöÅÄÖ]{1,8}\\.(se|no|dk|fi|com|SE)",
            1 => "\\PC{0,10}",
            1 => "\\[[0-9.]{1,15}\\]",
        ];
        let space = prop_oneof![
            6 => Just(""),
            1 => prop::sample::select(vec![" ", "\t", "\u{a0}", "\u{feff}", "\n"]),
        ];
        (
            space.clone(),
            local,
            prop::sample::select(vec!["@", "@", "@", "@", "@", "@", "@@", "", " @"]),
            domain,
            space,
        )
            .prop_map(|(a, l, at, d, b)| format!("{a}{l}{at}{d}{b}"))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

        #[test]
        fn never_panics(input in "\\PC*") {
            let _ = Email::parse(&input);
        }

        #[test]
        fn never_panics_on_any_chars(input in ".{0,300}") {
            let _ = Email::parse(&input);
        }

        #[test]
        fn normalize_into_agrees_with_parse(input in prop_oneof![email_like(), "\\PC{0,40}"]) {
            let mut out = String::from("stale");
            let result = normalize_into(&input, &mut out);
            match Email::parse(&input) {
                Ok(email) => {
                    prop_assert_eq!(result, Ok(()));
                    prop_assert_eq!(out.as_str(), email.as_str());
                }
                Err(error) => {
                    prop_assert_eq!(result, Err(error));
                    prop_assert_eq!(out.as_str(), "");
                }
            }
        }

        /// Accepted addresses are normal forms: parsing them again changes nothing, and they
        /// satisfy every rule.
        #[test]
        fn accepted_addresses_are_stable(input in email_like()) {
            if let Ok(email) = Email::parse(&input) {
                let again = Email::parse(email.as_str());
                prop_assert_eq!(again, Ok(email.clone()));
                let s = email.as_str();
                prop_assert_eq!(s.matches('@').count(), 1);
                prop_assert!(!s.contains(".."));
                prop_assert!(!s.chars().any(char::is_whitespace));
                prop_assert!(email.domain().contains('.'));
                prop_assert!(!email.local_part().is_empty());
                prop_assert!(email.local_part().len() <= MAX_LOCAL);
                prop_assert!(s.len() <= MAX_TOTAL);
                prop_assert!(!s.chars().any(|c| c.is_ascii_uppercase()));
            }
        }
    }

    /// `cargo test --release -- --ignored --nocapture email::tests::speed`.
    #[test]
    #[ignore = "timing report, run in release mode"]
    fn speed() {
        use std::hint::black_box;
        use std::time::Instant;
        let inputs: Vec<String> = (0..1000)
            .map(|i| format!(" Anna.Berg{i}@Example{}.COM", i % 7))
            .collect();
        let mut out = String::with_capacity(64);
        let rounds = 2000;
        let start = Instant::now();
        for _ in 0..rounds {
            for input in &inputs {
                black_box(normalize_into(black_box(input), &mut out)).unwrap();
            }
        }
        let ns = start.elapsed().as_nanos() as f64 / f64::from(rounds * 1000);
        println!("email: normalize_into {ns:.0} ns/address");
    }
}
