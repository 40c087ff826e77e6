//! The tests of phone number parsing and normalization.

use super::*;
use proptest::prelude::*;

fn e164(input: &str, region: Option<Region>) -> Result<String, PhoneError> {
    PhoneNumber::parse(input, region).map(|n| n.e164().to_owned())
}

fn ok(input: &str, region: Option<Region>, expected: &str) {
    assert_eq!(
        e164(input, region).as_deref(),
        Ok(expected),
        "input {input:?} region {region:?}"
    );
}

const SE: Option<Region> = Some(Region::SE);
const NO: Option<Region> = Some(Region::NO);
const DK: Option<Region> = Some(Region::DK);
const FI: Option<Region> = Some(Region::FI);

// ---- must work ------------------------------------------------------------------------

#[test]
fn swedish_mobile_national() {
    ok("070-123 45 67", SE, "+46701234567");
}

#[test]
fn swedish_mobile_international() {
    ok("+46 70 123 45 67", None, "+46701234567");
    ok("+46 70 123 45 67", SE, "+46701234567");
    ok(
        "+46 70 123 45 67",
        Some("DE".parse().unwrap()),
        "+46701234567",
    );
}

#[test]
fn idd_00_with_and_without_region() {
    for region in [None, SE, NO, Some("DE".parse().unwrap())] {
        ok("0046701234567", region, "+46701234567");
        ok("00 47 912 34 567", region, "+4791234567");
    }
}

#[test]
fn trunk_in_parentheses() {
    ok("+46 (0)70 123 45 67", None, "+46701234567");
    ok("+46 (0)70 123 45 67", SE, "+46701234567");
    ok("0046 (0)8-123 456 78", None, "+46812345678");
    ok("+358 (0)40 1234567", None, "+358401234567");
    ok("+44 (0)20 7946 0958", None, "+442079460958");
    ok("+49 (0)30 123456", None, "+4930123456");
}

#[test]
fn norwegian_danish_finnish() {
    ok("912 34 567", NO, "+4791234567");
    ok("20 12 34 56", DK, "+4520123456");
    ok("040 1234567", FI, "+358401234567");
    ok("+47 22 12 34 56", None, "+4722123456");
    ok("+47 22 12 34 56", DK, "+4722123456");
}

#[test]
fn stockholm_landline() {
    ok("08-123 456 78", SE, "+46812345678");
    ok("08-12 34 56", SE, "+468123456");
}

#[test]
fn german_and_british_numbers_in_international_form_with_region_se() {
    ok("+49 30 1234567", SE, "+49301234567");
    ok("0049 30 1234567", SE, "+49301234567");
    ok("+44 20 7946 0958", SE, "+442079460958");
    ok("+44 7911 123456", SE, "+447911123456");
}

#[test]
fn national_form_for_other_regions() {
    ok("030 1234567", Some("DE".parse().unwrap()), "+49301234567");
    ok(
        "020 7946 0958",
        Some("GB".parse().unwrap()),
        "+442079460958",
    );
}

#[test]
fn separators() {
    ok("070\t123\t45\t67", SE, "+46701234567");
    ok("070\u{a0}123\u{a0}45\u{a0}67", SE, "+46701234567");
    ok("070\u{202f}123\u{2009}45 67", SE, "+46701234567");
    ok("070.123.45.67", SE, "+46701234567");
    ok("070/123 45 67", SE, "+46701234567");
    ok("(070) 123-45-67", SE, "+46701234567");
    ok("070\u{2013}123\u{2013}45\u{2013}67", SE, "+46701234567");
    ok("\u{feff} 070-123 45 67 \u{a0}", SE, "+46701234567");
    ok("\u{ff0b}46 70 123 45 67", None, "+46701234567");
}

#[test]
fn national_numbers_starting_with_the_calling_code() {
    // Valid national numbers that begin with the country's own calling code.
    ok("47 12 34 56", NO, "+4747123456");
    ok("45 32 12 34", DK, "+4545321234");
    // The calling code written without `+`.
    ok("47 91 23 45 67", NO, "+4791234567");
    ok("46 70 123 45 67", SE, "+46701234567");
    ok("45 20 12 34 56", DK, "+4520123456");
}

#[test]
fn other_idd_of_the_region() {
    ok(
        "011 46 70 123 45 67",
        Some("US".parse().unwrap()),
        "+46701234567",
    );
    // Finnish carrier prefix 994, then an Italian fixed line keeping its leading zero.
    ok("994 39 06 1234 5678", FI, "+390612345678");
}

#[test]
fn accessors_and_formatting() {
    let n = PhoneNumber::parse("070-123 45 67", SE).unwrap();
    assert_eq!(n.e164(), "+46701234567");
    assert_eq!(n.calling_code(), 46);
    assert_eq!(n.country(), Some(Country::Se));
    assert_eq!(n.to_string(), "+46701234567");
    let debug = format!("{n:?}");
    assert_eq!(debug, "PhoneNumber(+46…, redacted)");
    assert!(!debug.contains("70123"));
    let de = PhoneNumber::parse("+49 30 1234567", None).unwrap();
    assert_eq!(de.country(), None);
    assert_eq!(
        PhoneNumber::parse("+358 40 1234567", None)
            .unwrap()
            .country(),
        Some(Country::Fi)
    );
    assert_eq!(
        PhoneNumber::parse("+47 912 34 567", None)
            .unwrap()
            .country(),
        Some(Country::No)
    );
    assert_eq!(
        PhoneNumber::parse("+45 20 12 34 56", None)
            .unwrap()
            .country(),
        Some(Country::Dk)
    );
}

#[test]
fn serde_round_trip() {
    let n = PhoneNumber::parse("070-123 45 67", SE).unwrap();
    let json = serde_json::to_string(&n).unwrap();
    assert_eq!(json, "\"+46701234567\"");
    let back: PhoneNumber = serde_json::from_str(&json).unwrap();
    assert_eq!(back, n);
    // Deserialisation parses without a region.
    assert!(serde_json::from_str::<PhoneNumber>("\"070-123 45 67\"").is_err());
    assert!(serde_json::from_str::<PhoneNumber>("\"+3367a829916\"").is_err());
    let back: PhoneNumber = serde_json::from_str("\"0046 70 123 45 67\"").unwrap();
    assert_eq!(back, n);
    let error = serde_json::from_str::<PhoneNumber>("\"+46 70 123 45 6\"").unwrap_err();
    assert!(!error.to_string().contains("70 123"));
}

#[test]
fn region_parsing_and_serde() {
    assert_eq!("se".parse::<Region>(), Ok(Region::SE));
    assert_eq!(" No ".parse::<Region>(), Ok(Region::NO));
    assert_eq!("DE".parse::<Region>().unwrap().as_str(), "DE");
    assert_eq!("gb".parse::<Region>().unwrap().to_string(), "GB");
    for bad in ["", "S", "SWE", "XX", "ZZ", "1A", "001", "S\u{e9}", "ÅÄ"] {
        assert_eq!(
            bad.parse::<Region>(),
            Err(PhoneError::UnknownRegion),
            "{bad:?}"
        );
    }
    for c in Country::ALL {
        assert_eq!(Region::from(c).as_str(), c.code());
    }
    assert_eq!(serde_json::to_string(&Region::FI).unwrap(), "\"FI\"");
    assert_eq!(
        serde_json::from_str::<Region>("\"dk\"").unwrap(),
        Region::DK
    );
    assert!(serde_json::from_str::<Region>("\"QQ\"").is_err());
}

#[test]
fn normalize_into_clears_and_reuses_the_buffer() {
    let mut out = String::from("garbage");
    assert_eq!(normalize_into("070-123 45 67", SE, &mut out), Ok(46));
    assert_eq!(out, "+46701234567");
    assert_eq!(normalize_into("+49 30 1234567", None, &mut out), Ok(49));
    assert_eq!(out, "+49301234567");
    assert_eq!(
        normalize_into("070-CALL-NOW", SE, &mut out),
        Err(PhoneError::InvalidCharacters)
    );
    assert_eq!(out, "");
    assert_eq!(
        normalize_into("+46 70 123 45 6", None, &mut out),
        Err(PhoneError::TooShort)
    );
    assert_eq!(out, "");
}

// ---- must fail ------------------------------------------------------------------------

fn err(input: &str, region: Option<Region>, expected: PhoneError) {
    assert_eq!(
        e164(input, region),
        Err(expected),
        "input {input:?} region {region:?}"
    );
}

#[test]
fn empty_and_placeholders() {
    for region in [None, SE] {
        err("", region, PhoneError::Empty);
        err("   \t\u{a0}", region, PhoneError::Empty);
        err("-", region, PhoneError::Empty);
        err("+", region, PhoneError::Empty);
        err("()", region, PhoneError::Empty);
        err("N/A", region, PhoneError::InvalidCharacters);
        err("n/a", region, PhoneError::InvalidCharacters);
        err("?", region, PhoneError::InvalidCharacters);
    }
}

/// Defect: the library converts letters to digits (`+3367a829916` → `+33672829916`).
#[test]
fn letters_are_rejected_never_converted() {
    assert!(
        phonenumber::parse(None, "+3367a829916").is_ok(),
        "library defect fixed?"
    );
    for region in [None, SE] {
        err("+3367a829916", region, PhoneError::InvalidCharacters);
        err("070-CALL-NOW", region, PhoneError::InvalidCharacters);
        err("+46 70 123 45 6x", region, PhoneError::InvalidCharacters);
        err("tel:+46701234567", region, PhoneError::InvalidCharacters);
        err("+46701234567;ext=12", region, PhoneError::InvalidCharacters);
        err(
            "070-123 45 67 ext 12",
            region,
            PhoneError::InvalidCharacters,
        );
        err("0701234567#", region, PhoneError::InvalidCharacters);
        err("46+701234567", region, PhoneError::InvalidCharacters);
        err("++46701234567", region, PhoneError::InvalidCharacters);
        err(
            "\u{ff10}70 123 45 67",
            region,
            PhoneError::InvalidCharacters,
        );
    }
    err("070 123 45 67 / 08 123 456 78", SE, PhoneError::TooLong);
}

/// Defect: `00` international prefix without a region gives "invalid country code".
#[test]
fn idd_without_region_is_handled() {
    assert!(
        phonenumber::parse(None, "0046701234567").is_err(),
        "library defect fixed?"
    );
    ok("0046701234567", None, "+46701234567");
    err("000046701234567", None, PhoneError::UnknownCountryCode);
    err("00", None, PhoneError::TooShort);
}

/// Defect: too-long numbers pass `parse` and even `is_valid`.
#[test]
fn too_long_numbers_are_rejected() {
    let library = phonenumber::parse(None, "+97233142764978").unwrap();
    assert!(phonenumber::is_valid(&library), "library defect fixed?");
    err("+97233142764978", None, PhoneError::Invalid);
    err("+46 70 123 45 678", None, PhoneError::TooLong);
    err("070-123 45 678", SE, PhoneError::TooLong);
    err("912 34 5678", NO, PhoneError::TooLong);
    err("+45 20 12 34 567", None, PhoneError::TooLong);
    err("+358 40 1234 567890", None, PhoneError::TooLong);
    err(
        "+46 70 123 45 67 89 01 23 45 67 89",
        None,
        PhoneError::TooLong,
    );
    err(
        "070 123 45 67 89 01 23 45 67 89 01 23",
        SE,
        PhoneError::TooLong,
    );
}

#[test]
fn too_short_numbers_are_rejected() {
    err("+46 70 123 45 6", None, PhoneError::TooShort);
    err("070-123", SE, PhoneError::TooShort);
    err("912 34", NO, PhoneError::TooShort);
    err("12", SE, PhoneError::TooShort);
    err("+4", None, PhoneError::TooShort);
    err("+46", None, PhoneError::TooShort);
}

#[test]
fn unknown_country_codes_are_rejected() {
    err("+999 123 456 789", None, PhoneError::UnknownCountryCode);
    err("+0 46 70 123 45 67", None, PhoneError::UnknownCountryCode);
    err("00 999 123 456 789", None, PhoneError::UnknownCountryCode);
    err("00 999 123 456 789", SE, PhoneError::UnknownCountryCode);
}

#[test]
fn numbers_that_parse_but_are_not_valid() {
    // Norwegian numbers do not start with 1, Danish ones not with 0.
    assert!(phonenumber::parse(None, "+4712345678").is_ok());
    err("+47 1234 5678", None, PhoneError::Invalid);
    err("+45 01 23 45 67", None, PhoneError::Invalid);
    err("071-123 45", SE, PhoneError::Invalid);
}

#[test]
fn plausible_numbers_outside_known_ranges_are_accepted() {
    // Swedish `71` and Danish `22 0…` are not in the bundled metadata's allocated ranges,
    // but have the country's shape: metadata lags, and an objection must never be refused
    // because the number is newer than the library.
    let n = phonenumber::parse(None, "+4522065476").unwrap();
    assert!(!phonenumber::is_valid(&n));
    ok("+45 22 06 54 76", None, "+4522065476");
    ok("22 06 54 76", DK, "+4522065476");
    ok("+46 71 123 45 67", None, "+46711234567");
    assert_eq!(fast("22065476", DK).as_deref(), Some("+4522065476"));
}

#[test]
fn national_form_needs_a_region() {
    err("070-123 45 67", None, PhoneError::NeedsRegion);
    err("46701234567", None, PhoneError::NeedsRegion);
}

/// Defect: fuzzing found a panic on `"  2 22#:"`.
#[test]
fn fuzz_panic_input_is_rejected() {
    for region in [None, SE, NO, DK, FI, Some("US".parse().unwrap())] {
        err("  2 22#:", region, PhoneError::InvalidCharacters);
        err(" 2 22#:", region, PhoneError::InvalidCharacters);
        err(".;phone-context=", region, PhoneError::InvalidCharacters);
        err(
            "+dwPAA;phone-context=AA",
            region,
            PhoneError::InvalidCharacters,
        );
    }
}

/// Defect: a region hint is applied to numbers of other countries.
#[test]
fn region_hint_does_not_distort_foreign_numbers() {
    let library = phonenumber::parse(Some(phonenumber::country::SE), "+39 06 1234 5678").unwrap();
    assert_eq!(library.code().value(), 39);
    assert!(!phonenumber::is_valid(&library), "library defect fixed?");
    for region in [None, SE, FI, Some("IT".parse().unwrap())] {
        ok("+39 06 1234 5678", region, "+390612345678");
        ok("0039 06 1234 5678", region, "+390612345678");
    }
    // And the Norwegian mobile `47 12 34 56` is not read as `+47 123456`.
    let library = phonenumber::parse(Some(phonenumber::country::NO), "47123456").unwrap();
    assert!(!phonenumber::is_valid(&library), "library defect fixed?");
    ok("47 12 34 56", NO, "+4747123456");
}

#[test]
fn errors_never_echo_the_input() {
    let inputs = [
        "+3367a829916",
        "070-123 45 6",
        "+999 123 456",
        "070-123 45 67",
        "+47 1234 5678",
    ];
    for input in inputs {
        let error = PhoneNumber::parse(input, None).unwrap_err();
        let text = format!("{error} {error:?}");
        assert!(!text.contains("123"), "{text}");
        assert!(!text.contains("3367"), "{text}");
    }
}

// ---- fast path ----------------------------------------------------------------------------

fn fast(input: &str, region: Option<Region>) -> Option<String> {
    let scanned = scan(input).ok()?;
    let mut out = String::new();
    fast_path(&scanned, region, &mut out).map(|_| out)
}

fn full(input: &str, region: Option<Region>) -> Result<String, PhoneError> {
    let scanned = scan(input)?;
    let mut out = String::new();
    full_path(&scanned, region, &mut out).map(|_| out)
}

#[test]
fn fast_path_covers_the_common_nordic_shapes() {
    let cases: &[(&str, Option<Region>, &str)] = &[
        ("070-123 45 67", SE, "+46701234567"),
        ("+46 70 123 45 67", None, "+46701234567"),
        ("+46 70 123 45 67", Some(Region::DK), "+46701234567"),
        ("0046701234567", None, "+46701234567"),
        ("0046701234567", SE, "+46701234567"),
        ("+46 (0)70 123 45 67", None, "+46701234567"),
        ("+46 070 123 45 67", None, "+46701234567"),
        ("08-123 456 78", SE, "+46812345678"),
        ("031-12 34 56", SE, "+4631123456"),
        ("018-12 34 56", SE, "+4618123456"),
        ("0471-123 45", SE, "+4647112345"),
        ("912 34 567", NO, "+4791234567"),
        ("412 34 567", NO, "+4741234567"),
        ("47 12 34 56", NO, "+4747123456"),
        ("22 12 34 56", NO, "+4722123456"),
        ("+47 22 12 34 56", None, "+4722123456"),
        ("00 47 912 34 567", None, "+4791234567"),
        ("20 12 34 56", DK, "+4520123456"),
        ("+45 20 12 34 56", None, "+4520123456"),
        ("040 1234567", FI, "+358401234567"),
        ("050 123 4567", FI, "+358501234567"),
        ("09 123 4567", FI, "+35891234567"),
        ("+358 40 1234567", None, "+358401234567"),
        ("+358 (0)9 123 4567", None, "+35891234567"),
        // The calling code without `+`, where the digits cannot be a national number.
        ("46 70 123 45 67", SE, "+46701234567"),
        ("46 8 123 456 78", SE, "+46812345678"),
        ("47 91 23 45 67", NO, "+4791234567"),
        ("45 20 12 34 56", DK, "+4520123456"),
    ];
    for (input, region, expected) in cases {
        assert_eq!(
            fast(input, *region).as_deref(),
            Some(*expected),
            "fast {input:?}"
        );
        assert_eq!(
            full(input, *region).as_deref(),
            Ok(*expected),
            "full {input:?}"
        );
    }
}

#[test]
fn fast_path_declines_what_it_does_not_know() {
    for (input, region) in [
        ("+49 30 1234567", SE),
        ("0049 30 1234567", Some("DE".parse().unwrap())),
        ("701234567", SE),
        ("+46 71 123 45 678", None),
        ("+46 70 123 45 678", None),
        ("+46 00 70 123 45 67", None),
        ("+47 0 912 34 567", None),
        ("0046 70 123 45 67", Some("US".parse().unwrap())),
        ("070-123 45 67", None),
        // The calling code without `+`, but as long as a national number could be: the full
        // path decides (it prefers the national reading).
        ("358 40 1234567", FI),
        ("46 070 123 45 67", SE),
    ] {
        assert_eq!(fast(input, region), None, "{input:?}");
    }
}

/// Every Nordic national number prefix (three digits) at every plausible length, in national
/// and international form: whenever the fast path answers, the full path gives the same.
#[test]
fn fast_path_agrees_with_full_path_on_all_prefixes() {
    let tails = ["0000000000", "5555555555", "1234567890", "9876543210"];
    let mut accepted = 0usize;
    for country in Country::ALL {
        let cc = country.calling_code();
        for prefix in 0..1000u32 {
            for len in 4..=11usize {
                for tail in tails {
                    let nsn: String = format!("{prefix:03}{tail}").chars().take(len).collect();
                    let trunk = if matches!(country, Country::Se | Country::Fi) {
                        "0"
                    } else {
                        ""
                    };
                    for (input, region) in [
                        (format!("{trunk}{nsn}"), Some(Region::from(country))),
                        // The calling code without `+`, in the country's own national form.
                        (format!("{cc}{nsn}"), Some(Region::from(country))),
                        (format!("+{cc}{nsn}"), None),
                        (format!("00{cc}(0){nsn}"), None),
                    ] {
                        if let Some(fast) = fast(&input, region) {
                            accepted += 1;
                            assert_eq!(full(&input, region), Ok(fast), "{input:?} {region:?}");
                        }
                    }
                }
            }
        }
    }
    assert!(accepted > 50_000, "fast path accepted only {accepted}");
}

// ---- property tests -----------------------------------------------------------------------

fn regions() -> impl Strategy<Value = Option<Region>> {
    prop_oneof![
        Just(None),
        Just(SE),
        Just(NO),
        Just(DK),
        Just(FI),
        Just(Some(Region(*b"DE"))),
        Just(Some(Region(*b"GB"))),
        Just(Some(Region(*b"US"))),
        Just(Some(Region(*b"SJ"))),
        Just(Some(Region(*b"AX"))),
    ]
}

/// Leading digits of national significant numbers: the Nordic ranges the fast path knows,
/// their neighbours, and random ones.
fn nsn_starts() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "70", "72", "73", "76", "79", "71", "74", "75", "77", "8", "90", "901", "31", "40",
            "18", "11", "13", "16", "21", "23", "26", "33", "35", "36", "42", "44", "46", "60",
            "63", "120", "471", "54", "92", "968", "99", "4", "9", "2", "3", "5", "6", "7", "47",
            "45", "358", "46", "0", "00", "20", "26", "37", "67", "96", "80", "50", "41", "49",
            "4946", "10", "19", "191", "131", "1", "24", "29", "39", "30", "81", "88",
        ])
        .prop_map(str::to_owned),
        "[0-9]{0,3}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        10 => Just(""),
        4 => Just(" "),
        4 => prop::sample::select(vec!["-", ".", "/", "\t", "\u{a0}", "\u{2013}", "  ", " - "]),
        1 => prop::sample::select(vec!["(", ")", "\u{202f}", "\u{200b}", "\u{ff0d}"]),
    ]
}

fn prefix() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("0".to_owned()),
        Just("00".to_owned()),
        prop::sample::select(vec![
            "46", "47", "45", "358", "49", "44", "1", "39", "354", "298", "299", "35", "4", "999"
        ])
        .prop_flat_map(|cc| {
            prop::sample::select(vec![
                format!("+{cc}"),
                format!("+{cc} "),
                format!("00{cc}"),
                format!("00 {cc} "),
                format!("+{cc} (0)"),
                format!("+{cc}(0)"),
                format!("00{cc} (0) "),
                format!("+{cc}0"),
                format!("+{cc} 0"),
                format!("{cc}"),
                format!("{cc} "),
                format!("+00{cc}"),
                format!("0{cc}"),
            ])
        }),
    ]
}

fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => Just(String::new()),
        1 => "[a-zA-Z#*+;:,x ]{1,2}",
        1 => "\\PC{1,2}",
    ]
}

/// Digits and separators: `start` followed by digits up to `len` digits in all.
fn with_separators(start: &str, len: usize, fill: &[(u8, &str)]) -> String {
    let mut s = String::new();
    let mut count = 0;
    for c in start.chars() {
        s.push(c);
        count += 1;
    }
    for (digit, sep) in fill {
        if count >= len {
            break;
        }
        s.push_str(sep);
        s.push(char::from(b'0' + digit));
        count += 1;
    }
    s
}

fn fill() -> impl Strategy<Value = Vec<(u8, &'static str)>> {
    prop::collection::vec((0u8..10, separator()), 12)
}

/// Nordic-shaped input: a country's range start, a length around the right one, one of the
/// usual prefixes, separators, and sometimes junk.
fn nordic_shaped() -> impl Strategy<Value = (String, Option<Region>)> {
    let starts: [(Country, Vec<&'static str>, Vec<usize>); 4] = [
        (
            Country::Se,
            vec![
                "70", "72", "73", "76", "79", "71", "74", "77", "8", "31", "40", "18", "90", "901",
                "11", "13", "46", "47", "120", "125", "471", "473", "54", "92", "33", "60", "63",
                "649", "10", "20", "99", "0", "",
            ],
            vec![6, 7, 8, 8, 9, 9, 9, 10],
        ),
        (
            Country::No,
            vec![
                "4", "9", "2", "21", "3", "5", "6", "7", "47", "45", "79", "8", "80", "0", "1", "",
            ],
            vec![7, 8, 8, 8, 9],
        ),
        (
            Country::Dk,
            vec![
                "2", "20", "201", "200", "26", "3", "37", "4", "45", "5", "6", "7", "8", "9", "96",
                "90", "80", "0", "1", "",
            ],
            vec![7, 8, 8, 8, 9],
        ),
        (
            Country::Fi,
            vec![
                "40", "41", "44", "45", "49", "4946", "50", "9", "91", "90", "2", "3", "5", "6",
                "8", "13", "19", "18", "358", "10", "0", "",
            ],
            vec![4, 5, 6, 7, 8, 9, 9, 10, 10, 11],
        ),
    ];
    prop::sample::select(starts.to_vec())
        .prop_flat_map(|(country, starts, lengths)| {
            (
                Just(country),
                prop::sample::select(starts),
                prop::sample::select(lengths),
                0usize..12,
                fill(),
                prop_oneof![
                    6 => Just(Some(Region::from(country))),
                    2 => Just(None),
                    1 => regions(),
                ],
                junk(),
            )
        })
        .prop_map(|(country, start, len, form, fill, region, junk)| {
            let cc = country.calling_code();
            let trunk = if matches!(country, Country::Se | Country::Fi) {
                "0"
            } else {
                ""
            };
            let prefix = match form {
                0..=3 => trunk.to_owned(),
                4 => String::new(),
                5 => format!("+{cc} "),
                6 => format!("00{cc}"),
                7 => format!("+{cc} (0)"),
                8 => format!("00 {cc} (0) "),
                9 => format!("+{cc}0"),
                10 => format!("{cc}"),
                _ => format!("+{cc}"),
            };
            let mut s = prefix;
            s.push_str(&with_separators(start, len, &fill));
            s.push_str(&junk);
            (s, region)
        })
}

/// Randomly shaped input.
fn random_shaped() -> impl Strategy<Value = (String, Option<Region>)> {
    (
        junk(),
        prefix(),
        nsn_starts(),
        2usize..14,
        fill(),
        junk(),
        regions(),
    )
        .prop_map(|(lead, prefix, start, len, fill, trail, region)| {
            let mut s = lead;
            s.push_str(&prefix);
            s.push_str(&with_separators(&start, start.len() + len, &fill));
            s.push_str(&trail);
            (s, region)
        })
}

/// Realistic phone-number-shaped input with a default region.
fn phone_like() -> impl Strategy<Value = (String, Option<Region>)> {
    prop_oneof![3 => nordic_shaped(), 1 => random_shaped()]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    /// Whenever the fast path returns a result, the full path returns exactly the same.
    #[test]
    fn fast_path_never_disagrees_with_full_path((input, region) in phone_like()) {
        if let Ok(scanned) = scan(&input) {
            let mut fast_out = String::new();
            if let Some(fast_code) = fast_path(&scanned, region, &mut fast_out) {
                let mut full_out = String::new();
                let full_code = full_path(&scanned, region, &mut full_out);
                prop_assert_eq!(full_code, Ok(fast_code), "input {:?} region {:?}", input, region);
                prop_assert_eq!(full_out, fast_out, "input {:?} region {:?}", input, region);
            }
        }
    }

    /// Accepted numbers are stable: the E.164 form parses to itself.
    #[test]
    fn e164_round_trips((input, region) in phone_like()) {
        if let Ok(number) = PhoneNumber::parse(&input, region) {
            let again = PhoneNumber::parse(number.e164(), None);
            prop_assert_eq!(again.as_ref(), Ok(&number));
            prop_assert!(number.e164().len() <= 1 + 3 + MAX_NSN);
            prop_assert!(number.e164().starts_with('+'));
            prop_assert!(number.e164()[1..].bytes().all(|b| b.is_ascii_digit()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    /// Never panics, on any string.
    #[test]
    fn never_panics_on_arbitrary_strings(input in "\\PC*", region in regions()) {
        let _ = PhoneNumber::parse(&input, region);
    }

    #[test]
    fn never_panics_on_arbitrary_symbol_soup(input in "[0-9+()#*;:.,/ \\-a-zA-Z\u{a0}\u{ff10}-\u{ff19}]{0,40}", region in regions()) {
        let _ = PhoneNumber::parse(&input, region);
    }

    #[test]
    fn normalize_into_agrees_with_parse((input, region) in phone_like()) {
        let mut out = String::from("stale");
        let code = normalize_into(&input, region, &mut out);
        match PhoneNumber::parse(&input, region) {
            Ok(number) => {
                prop_assert_eq!(code, Ok(number.calling_code()));
                prop_assert_eq!(out.as_str(), number.e164());
            }
            Err(error) => {
                prop_assert_eq!(code, Err(error));
                prop_assert_eq!(out.as_str(), "");
            }
        }
    }
}

/// Timing of both paths on the same inputs:
/// `cargo test --release -- --ignored --nocapture phone::tests::speed`.
#[test]
#[ignore = "timing report, run in release mode"]
fn speed() {
    use std::hint::black_box;
    use std::time::Instant;
    let inputs: Vec<(String, Option<Region>)> = (0..1000u32)
        .map(|i| match i % 5 {
            0 => (
                format!("070-{:03} {:02} {:02}", i % 1000, i % 100, (i * 7) % 100),
                SE,
            ),
            1 => (
                format!("+46 70 {:03} {:02} {:02}", i % 1000, i % 100, (i * 7) % 100),
                None,
            ),
            2 => (
                format!("9{:02} {:02} {:03}", i % 100, (i * 3) % 100, i % 1000),
                NO,
            ),
            3 => (
                format!(
                    "27 {:02} {:02} {:02}",
                    i % 100,
                    (i * 3) % 100,
                    (i * 7) % 100
                ),
                DK,
            ),
            _ => (format!("040 {:07}", i * 7919), FI),
        })
        .collect();
    let scanned: Vec<_> = inputs.iter().map(|(s, r)| (scan(s).unwrap(), *r)).collect();
    let mut out = String::with_capacity(32);
    for (s, r) in &scanned {
        assert!(fast_path(s, *r, &mut out).is_some());
        out.clear();
    }
    let rounds = 2000;
    let start = Instant::now();
    for _ in 0..rounds {
        for (input, region) in &inputs {
            black_box(normalize_into(black_box(input), *region, &mut out).unwrap());
        }
    }
    let fast_ns = start.elapsed().as_nanos() as f64 / (rounds * inputs.len()) as f64;
    let rounds = 20;
    let start = Instant::now();
    for _ in 0..rounds {
        for (s, region) in &scanned {
            out.clear();
            black_box(full_path(black_box(s), *region, &mut out).unwrap());
        }
    }
    let full_ns = start.elapsed().as_nanos() as f64 / (rounds * inputs.len()) as f64;
    println!(
        "phone: fast path (normalize_into) {fast_ns:.0} ns/parse, full path {full_ns:.0} ns/parse"
    );
}
