use super::*;
use proptest::prelude::*;
use std::collections::HashSet;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 23);
const BEFORE_2032: Date = date!(2031 - 12 - 31);
const FROM_2032: Date = date!(2032 - 01 - 01);

type Res = Result<NationalId, NationalIdError>;

fn parse(input: &str, country: Option<Country>) -> Res {
    NationalId::parse(input, country, TODAY)
}

/// Asserts `input` parses (as `country`) to the expected canonical form, kind and date.
#[track_caller]
fn assert_valid(
    input: &str,
    country: Option<Country>,
    today: Date,
    canonical: &str,
    kind: NationalIdKind,
    birth: Option<Date>,
) -> NationalId {
    let id = match NationalId::parse(input, country, today) {
        Ok(id) => id,
        Err(e) => panic!("{input:?} as {country:?}: expected valid, got {e:?}"),
    };
    assert_eq!(id.as_str(), canonical, "{input:?}");
    assert_eq!(id.to_string(), canonical, "{input:?}");
    assert_eq!(id.kind(), kind, "{input:?}");
    assert_eq!(id.country(), kind.country(), "{input:?}");
    assert_eq!(id.birth_date(), birth, "{input:?}");
    id
}

#[track_caller]
fn assert_invalid(input: &str, country: Option<Country>, today: Date, err: NationalIdError) {
    assert_eq!(
        NationalId::parse(input, country, today),
        Err(err),
        "{input:?} as {country:?}"
    );
}

fn has_ascii_digit(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------
// Sweden
// ---------------------------------------------------------------------------------------

#[test]
fn se_reference_vectors_valid() {
    use NationalIdKind::{SePersonnummer as P, SeSamordningsnummer as S};
    let cases: [(&str, &str, NationalIdKind, Date); 8] = [
        ("090527+1474", "190905271474", P, date!(1909 - 05 - 27)),
        ("821105-9954", "198211059954", P, date!(1982 - 11 - 05)),
        ("901211-9948", "199012119948", P, date!(1990 - 12 - 11)),
        ("791221+9990", "187912219990", P, date!(1879 - 12 - 21)),
        ("570574-9959", "195705749959", S, date!(1957 - 05 - 14)),
        ("730674-9982", "197306749982", S, date!(1973 - 06 - 14)),
        ("8001613291", "198001613291", S, date!(1980 - 01 - 01)),
        ("800161-3291", "198001613291", S, date!(1980 - 01 - 01)),
    ];
    for (input, canonical, kind, birth) in cases {
        assert_valid(
            input,
            Some(Country::Se),
            TODAY,
            canonical,
            kind,
            Some(birth),
        );
        // None of these is a valid Danish or Finnish number, so inference finds Sweden.
        assert_valid(input, None, TODAY, canonical, kind, Some(birth));
    }
}

#[test]
fn se_reference_vectors_invalid() {
    let cases = [
        ("150916-0006", NationalIdError::Serial),
        ("870704-9996", NationalIdError::CheckDigit),
        ("390182-9913", NationalIdError::CheckDigit),
        ("8001613294", NationalIdError::CheckDigit),
    ];
    for (input, err) in cases.clone() {
        assert_invalid(input, Some(Country::Se), TODAY, err);
    }
    // Inferred: 150916-0006 is a valid Danish number (15 September 1916), so it is Danish;
    // the others are no valid number anywhere, so the Swedish error is reported.
    assert_valid(
        "150916-0006",
        None,
        TODAY,
        "1509160006",
        NationalIdKind::DkCpr,
        Some(date!(1916 - 09 - 15)),
    );
    for (input, err) in cases.into_iter().skip(1) {
        assert_invalid(input, None, TODAY, err);
    }
}

#[test]
fn se_all_written_forms_are_one_identity() {
    let forms = [
        "090527+1474",
        "19090527-1474",
        "190905271474",
        "  190905271474\t",
    ];
    let ids: HashSet<NationalId> = forms
        .iter()
        .map(|f| parse(f, Some(Country::Se)).unwrap())
        .collect();
    assert_eq!(ids.len(), 1);
    // Without `+` the same ten digits are the most recent possible year: 2009.
    assert_valid(
        "0905271474",
        Some(Country::Se),
        TODAY,
        "200905271474",
        NationalIdKind::SePersonnummer,
        Some(date!(2009 - 05 - 27)),
    );
    assert_valid(
        "090527-1474",
        Some(Country::Se),
        TODAY,
        "200905271474",
        NationalIdKind::SePersonnummer,
        Some(date!(2009 - 05 - 27)),
    );
}

#[test]
fn se_century_follows_today() {
    // 821105-9954: 1982 in 2026; 1982 in 2081; 2082 in 2082.
    let canon = |today| NationalId::parse("821105-9954", Some(Country::Se), today).unwrap();
    assert_eq!(canon(date!(2081 - 12 - 31)).as_str(), "198211059954");
    assert_eq!(canon(date!(2082 - 01 - 01)).as_str(), "208211059954");
    // With `+`, 100 years further back: 1909 in 2026, 2009 in 2109.
    let plus = |today| NationalId::parse("090527+1474", Some(Country::Se), today).unwrap();
    assert_eq!(plus(date!(2108 - 12 - 31)).as_str(), "190905271474");
    assert_eq!(plus(date!(2109 - 01 - 01)).as_str(), "200905271474");
}

#[test]
fn se_twelve_digits_need_their_check_digit_and_a_known_century() {
    assert_invalid(
        "190905271475",
        Some(Country::Se),
        TODAY,
        NationalIdError::CheckDigit,
    );
    assert_invalid("19090527-1475", None, TODAY, NationalIdError::CheckDigit);
    assert_invalid(
        "170905271474",
        Some(Country::Se),
        TODAY,
        NationalIdError::Date,
    );
    assert_invalid(
        "210905271474",
        Some(Country::Se),
        TODAY,
        NationalIdError::Date,
    );
}

#[test]
fn se_interim_t_numbers_are_rejected() {
    assert_invalid(
        "000101-T220",
        Some(Country::Se),
        TODAY,
        NationalIdError::Serial,
    );
    assert_invalid("000101-T220", None, TODAY, NationalIdError::Serial);
    assert_invalid("000101T220", None, TODAY, NationalIdError::Serial);
    assert_invalid("20000101-T220", None, TODAY, NationalIdError::Serial);
}

#[test]
fn se_leap_days() {
    use NationalIdKind::SePersonnummer as P;
    assert_valid(
        "200002291235",
        None,
        TODAY,
        "200002291235",
        P,
        Some(date!(2000 - 02 - 29)),
    );
    assert_invalid("190002291235", None, TODAY, NationalIdError::Date);
    assert_valid(
        "202402291237",
        None,
        TODAY,
        "202402291237",
        P,
        Some(date!(2024 - 02 - 29)),
    );
    assert_invalid("202302291238", None, TODAY, NationalIdError::Date);
    // Ten digits: `-` is 2000 (leap), `+` is 1900 (not leap).
    assert_valid(
        "000229-1235",
        Some(Country::Se),
        TODAY,
        "200002291235",
        P,
        Some(date!(2000 - 02 - 29)),
    );
    assert_invalid(
        "000229+1235",
        Some(Country::Se),
        TODAY,
        NationalIdError::Date,
    );
}

#[test]
fn se_formats() {
    use NationalIdError::Format;
    for bad in [
        "19090527+1474",
        "090527 1474",
        "090527/1474",
        "09052714745",
        "0905271",
        "090527-147x",
        "190905-271474",
    ] {
        assert_invalid(bad, Some(Country::Se), TODAY, Format);
    }
    assert_invalid(
        "821305-9954",
        Some(Country::Se),
        TODAY,
        NationalIdError::Date,
    );
    // A letter in the serial reads as an interim number.
    assert_invalid(
        "090527-14a4",
        Some(Country::Se),
        TODAY,
        NationalIdError::Serial,
    );
}

// ---------------------------------------------------------------------------------------
// Norway
// ---------------------------------------------------------------------------------------

#[test]
fn no_reference_vectors() {
    use NationalIdKind::{NoDNummer as D, NoFodselsnummer as F};
    for today in [TODAY, BEFORE_2032, FROM_2032] {
        assert_valid(
            "15108695088",
            Some(Country::No),
            today,
            "15108695088",
            F,
            Some(date!(1986 - 10 - 15)),
        );
        assert_valid(
            "15108695088",
            None,
            today,
            "15108695088",
            F,
            Some(date!(1986 - 10 - 15)),
        );
        assert_invalid(
            "15108695077",
            Some(Country::No),
            today,
            NationalIdError::CheckDigit,
        );
        assert_invalid("15108695077", None, today, NationalIdError::CheckDigit);
        assert_valid(
            "70019950032",
            None,
            today,
            "70019950032",
            D,
            Some(date!(1899 - 01 - 30)),
        );
    }
}

#[test]
fn no_2032_check_digit_rule() {
    // S1 + K1 = 1 (mod 11): valid only under the 2032 rule.
    let new_only = "01011050170";
    assert_invalid(
        new_only,
        Some(Country::No),
        BEFORE_2032,
        NationalIdError::CheckDigit,
    );
    assert_invalid(new_only, None, BEFORE_2032, NationalIdError::CheckDigit);
    assert_valid(
        new_only,
        Some(Country::No),
        FROM_2032,
        new_only,
        NationalIdKind::NoFodselsnummer,
        Some(date!(2010 - 01 - 01)),
    );
    // The classic number for the same person data stays valid on both sides.
    for today in [BEFORE_2032, FROM_2032] {
        assert!(NationalId::parse("01011050162", Some(Country::No), today).is_ok());
    }
    // Under the 2032 rule K2 is still checked against the actual K1.
    assert_invalid(
        "01011050171",
        Some(Country::No),
        FROM_2032,
        NationalIdError::CheckDigit,
    );
}

#[test]
fn no_leap_day_depends_on_individual_number() {
    // Individual number 500 with yy 00 is 2000 (leap); 100 is 1900 (not leap).
    assert_valid(
        "29020050088",
        None,
        TODAY,
        "29020050088",
        NationalIdKind::NoFodselsnummer,
        Some(date!(2000 - 02 - 29)),
    );
    assert_invalid("29020010027", None, TODAY, NationalIdError::Date);
    // The same for a D-number (69 = 29 + 40).
    assert_valid(
        "69020050071",
        None,
        TODAY,
        "69020050071",
        NationalIdKind::NoDNummer,
        Some(date!(2000 - 02 - 29)),
    );
}

#[test]
fn no_variants() {
    assert_valid(
        "01418512349",
        None,
        TODAY,
        "01418512349",
        NationalIdKind::NoHNummer,
        Some(date!(1985 - 01 - 01)),
    );
    assert_valid(
        "41018512430",
        None,
        TODAY,
        "41018512430",
        NationalIdKind::NoDNummer,
        Some(date!(1985 - 01 - 01)),
    );
    let fh = assert_valid(
        "81234567802",
        None,
        TODAY,
        "81234567802",
        NationalIdKind::NoFhNummer,
        None,
    );
    assert_eq!(fh.country(), Country::No);
    assert_valid(
        "91234567964",
        None,
        TODAY,
        "91234567964",
        NationalIdKind::NoFhNummer,
        None,
    );
    assert_invalid("91234567965", None, TODAY, NationalIdError::CheckDigit);
    // Synthetic test number (month + 80) with correct check digits.
    assert_invalid("01818512321", None, TODAY, NationalIdError::TestNumber);
    // D and H offsets at once.
    assert_invalid("41418512332", None, TODAY, NationalIdError::Date);
    // Individual number 600 does not fit yy 45 (no century); 750 neither.
    assert_invalid("01014560013", None, TODAY, NationalIdError::Serial);
    assert_invalid("01014575053", None, TODAY, NationalIdError::Serial);
    // Format.
    assert_invalid(
        "1510869508",
        Some(Country::No),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "151086-95088",
        Some(Country::No),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "1510869508X",
        Some(Country::No),
        TODAY,
        NationalIdError::Format,
    );
}

// ---------------------------------------------------------------------------------------
// Denmark
// ---------------------------------------------------------------------------------------

#[test]
fn dk_reference_vector() {
    let id = assert_valid(
        "2110625629",
        Some(Country::Dk),
        TODAY,
        "2110625629",
        NationalIdKind::DkCpr,
        Some(date!(1862 - 10 - 21)),
    );
    assert_eq!(id.dk_modulus11_ok(), Some(true));
    let dashed = parse("211062-5629", Some(Country::Dk)).unwrap();
    assert_eq!(dashed, id);
    // Not a valid Swedish number, so inference finds Denmark.
    assert_eq!(parse("2110625629", None).unwrap(), id);
    assert_eq!(parse("211062-5629", None).unwrap(), id);
    // Strictly Swedish it is invalid.
    assert!(parse("2110625629", Some(Country::Se)).is_err());
}

#[test]
fn dk_without_modulus11_is_accepted() {
    let id = assert_valid(
        "010165-1234",
        Some(Country::Dk),
        TODAY,
        "0101651234",
        NationalIdKind::DkCpr,
        Some(date!(1965 - 01 - 01)),
    );
    assert_eq!(id.dk_modulus11_ok(), Some(false));
}

#[test]
fn dk_century_and_dates() {
    let year = |s| {
        parse(s, Some(Country::Dk))
            .unwrap()
            .birth_date()
            .unwrap()
            .year()
    };
    assert_eq!(year("0101361000"), 1936);
    assert_eq!(year("0101364000"), 2036);
    assert_eq!(year("0101374000"), 1937);
    assert_eq!(year("0101369000"), 2036);
    assert_eq!(year("0101379000"), 1937);
    assert_eq!(year("0101575000"), 2057);
    assert_eq!(year("0101588000"), 1858);
    // 29 February: 2000 with digit 7 = 4, 1900 with digit 7 = 1.
    assert_eq!(year("2902004000"), 2000);
    assert_invalid(
        "2902001000",
        Some(Country::Dk),
        TODAY,
        NationalIdError::Date,
    );
    assert_invalid(
        "3102651234",
        Some(Country::Dk),
        TODAY,
        NationalIdError::Date,
    );
    assert_invalid(
        "010165+1234",
        Some(Country::Dk),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "01016512345",
        Some(Country::Dk),
        TODAY,
        NationalIdError::Format,
    );
}

// ---------------------------------------------------------------------------------------
// Finland
// ---------------------------------------------------------------------------------------

#[test]
fn fi_reference_vectors() {
    use NationalIdKind::FiHetu as H;
    let cases = [
        ("131052-308T", "131052-308T", date!(1952 - 10 - 13), false),
        ("131052A308T", "131052A308T", date!(2052 - 10 - 13), false),
        ("100190Y999P", "100190Y999P", date!(1990 - 01 - 10), true),
        ("100190-999P", "100190-999P", date!(1990 - 01 - 10), true),
        ("121212-121D", "121212-121D", date!(1912 - 12 - 12), false),
        ("131052a308t", "131052A308T", date!(2052 - 10 - 13), false),
        ("100190y999p", "100190Y999P", date!(1990 - 01 - 10), true),
    ];
    for (input, canonical, birth, temporary) in cases {
        for country in [Some(Country::Fi), None] {
            let id = assert_valid(input, country, TODAY, canonical, H, Some(birth));
            assert_eq!(id.fi_temporary(), temporary, "{input}");
            assert_eq!(id.dk_modulus11_ok(), None);
        }
    }
}

#[test]
fn fi_century_sign_is_part_of_the_identity() {
    let dash = parse("100190-999P", None).unwrap();
    let y = parse("100190Y999P", None).unwrap();
    assert_ne!(dash, y);
    assert_ne!(dash.as_str(), y.as_str());
    assert_eq!(dash.birth_date(), y.birth_date());
    let set: HashSet<NationalId> = [dash, y].into_iter().collect();
    assert_eq!(set.len(), 2);
}

#[test]
fn fi_invalid() {
    use NationalIdError::{CheckDigit, Date as D, Format, Serial};
    let cases = [
        ("131052-308U", CheckDigit),
        ("131052-308G", CheckDigit),
        ("131052G308T", Format),
        ("131052-30XT", Format),
        ("131052-308_", Format),
        ("131052-308", Format),
        ("010101-000P", Serial),
        ("010101-001R", Serial),
        ("290200-1239", D),
        ("290200+1239", D),
        ("320190-123M", D),
    ];
    for (input, err) in cases {
        assert_invalid(input, Some(Country::Fi), TODAY, err);
    }
    assert_valid(
        "010101-002S",
        Some(Country::Fi),
        TODAY,
        "010101-002S",
        NationalIdKind::FiHetu,
        Some(date!(1901 - 01 - 01)),
    );
    // 2000 is a leap year.
    assert_valid(
        "290200A1239",
        None,
        TODAY,
        "290200A1239",
        NationalIdKind::FiHetu,
        Some(date!(2000 - 02 - 29)),
    );
}

// ---------------------------------------------------------------------------------------
// Inference, errors and output
// ---------------------------------------------------------------------------------------

#[test]
fn inference() {
    // Valid Swedish (2012-12-12) and valid Danish (1912-12-12).
    assert_invalid("1212121212", None, TODAY, NationalIdError::Ambiguous);
    assert_invalid("121212-1212", None, TODAY, NationalIdError::Ambiguous);
    assert_eq!(
        parse("1212121212", Some(Country::Se)).unwrap().as_str(),
        "201212121212"
    );
    assert_eq!(
        parse("1212121212", Some(Country::Dk)).unwrap().as_str(),
        "1212121212"
    );
    // A Finnish number whose check character is a digit is also a valid Danish number.
    assert_invalid("150390-1151", None, TODAY, NationalIdError::Ambiguous);
    assert_eq!(
        parse("150390-1151", Some(Country::Fi)).unwrap().kind(),
        NationalIdKind::FiHetu
    );
    // Invalid everywhere: the Swedish error.
    assert_invalid("0000000000", None, TODAY, NationalIdError::Date);
    assert_invalid("290200-1239", None, TODAY, NationalIdError::Date);
    // Strict when the country is given.
    assert_invalid(
        "15108695088",
        Some(Country::Se),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "131052-308T",
        Some(Country::Se),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "131052-308T",
        Some(Country::Dk),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "190905271474",
        Some(Country::No),
        TODAY,
        NationalIdError::Format,
    );
    assert_invalid(
        "190905271474",
        Some(Country::Fi),
        TODAY,
        NationalIdError::Format,
    );
    // Unknown shapes.
    assert_invalid("12345", None, TODAY, NationalIdError::Format);
    assert_invalid("12345678901234", None, TODAY, NationalIdError::Format);
}

#[test]
fn empty_and_non_ascii() {
    for c in [
        None,
        Some(Country::Se),
        Some(Country::No),
        Some(Country::Dk),
        Some(Country::Fi),
    ] {
        assert_invalid("", c, TODAY, NationalIdError::Empty);
        assert_invalid(" \t\n ", c, TODAY, NationalIdError::Empty);
        assert_invalid("090527\u{2013}1474", c, TODAY, NationalIdError::Format);
        assert_invalid("٠٩٠٥٢٧١٤٧٤", c, TODAY, NationalIdError::Format);
    }
}

#[test]
fn debug_serialize_and_display() {
    let se = parse("090527+1474", None).unwrap();
    assert_eq!(format!("{se:?}"), "NationalId(SE personnummer, redacted)");
    assert_eq!(format!("{se}"), "190905271474");
    assert_eq!(serde_json::to_string(&se).unwrap(), "\"190905271474\"");
    let fi = parse("100190Y999P", None).unwrap();
    assert_eq!(format!("{fi:?}"), "NationalId(FI hetu, redacted)");
    assert_eq!(serde_json::to_string(&fi).unwrap(), "\"100190Y999P\"");
    let d = parse("70019950032", None).unwrap();
    assert_eq!(format!("{d:?}"), "NationalId(NO d_nummer, redacted)");
    assert_eq!(serde_json::to_string(&d.kind()).unwrap(), "\"d_nummer\"");
    // Inside a container, the Debug of the container stays redacted too.
    let shown = format!("{:?}", Some(vec![se, fi, d]));
    assert!(!has_ascii_digit(&shown), "{shown}");
}

#[test]
fn kind_codes_and_countries() {
    let expected = [
        ("personnummer", Country::Se),
        ("samordningsnummer", Country::Se),
        ("fodselsnummer", Country::No),
        ("d_nummer", Country::No),
        ("h_nummer", Country::No),
        ("fh_nummer", Country::No),
        ("cpr", Country::Dk),
        ("hetu", Country::Fi),
    ];
    for (kind, (code, country)) in NationalIdKind::ALL.into_iter().zip(expected) {
        assert_eq!(kind.code(), code);
        assert_eq!(kind.to_string(), code);
        assert_eq!(kind.country(), country);
    }
}

#[test]
fn error_messages_are_general() {
    let all = [
        NationalIdError::Empty,
        NationalIdError::Format,
        NationalIdError::Date,
        NationalIdError::CheckDigit,
        NationalIdError::Serial,
        NationalIdError::Ambiguous,
        NationalIdError::TestNumber,
    ];
    let messages: HashSet<String> = all.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), all.len());
    assert_eq!(
        NationalIdError::CheckDigit.to_string(),
        "the check digit does not match"
    );
    for m in &messages {
        assert!(!has_ascii_digit(m), "{m}");
    }
}

// ---------------------------------------------------------------------------------------
// Property tests. The generators use their own check-digit code, written independently of
// the implementation above.
// ---------------------------------------------------------------------------------------

fn dates(lo: Date, hi: Date) -> impl Strategy<Value = Date> {
    (lo.to_julian_day()..=hi.to_julian_day())
        .prop_filter_map("valid date", |j| Date::from_julian_day(j).ok())
}

fn any_date() -> impl Strategy<Value = Date> {
    dates(Date::MIN, Date::MAX)
}

fn any_country() -> impl Strategy<Value = Option<Country>> {
    prop_oneof![
        Just(None),
        Just(Some(Country::Se)),
        Just(Some(Country::No)),
        Just(Some(Country::Dk)),
        Just(Some(Country::Fi)),
    ]
}

fn digit_vec(s: &str) -> Vec<u32> {
    s.chars().map(|c| c.to_digit(10).unwrap()).collect()
}

/// The Luhn digit found by trying all ten: the full number must pass the classic
/// right-to-left doubling test.
fn gen_luhn(payload: &str) -> u32 {
    (0..10)
        .find(|&c| {
            let mut ds = digit_vec(payload);
            ds.push(c);
            let sum: u32 = ds
                .iter()
                .rev()
                .enumerate()
                .map(|(i, &d)| {
                    if i % 2 == 1 {
                        (d * 2) / 10 + (d * 2) % 10
                    } else {
                        d
                    }
                })
                .sum();
            sum.is_multiple_of(10)
        })
        .unwrap()
}

/// The digit `k` with `Σ w·d + k ≡ rest (mod 11)`, if one exists.
fn gen_mod11(payload: &str, weights: &[u32], rest: u32) -> Option<u32> {
    let sum: u32 = digit_vec(payload)
        .iter()
        .zip(weights)
        .map(|(d, w)| d * w)
        .sum();
    (0..10).find(|k| (sum + k) % 11 == rest)
}

/// A Norwegian number from nine digits, with K1 giving remainder `rest`.
fn gen_no(nine: &str, rest: u32) -> Option<String> {
    let k1 = gen_mod11(nine, &[3, 7, 6, 1, 8, 9, 4, 5, 2], rest)?;
    let ten = format!("{nine}{k1}");
    let k2 = gen_mod11(&ten, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2], 0)?;
    Some(format!("{ten}{k2}"))
}

fn gen_fi_check(nine: &str) -> char {
    let n: u64 = nine.parse().unwrap();
    "0123456789ABCDEFHJKLMNPRSTUVWXY"
        .chars()
        .nth((n % 31) as usize)
        .unwrap()
}

/// Individual numbers the table maps to `year`.
fn no_individuals(year: i32) -> Vec<u32> {
    match year {
        1854..=1899 => (500..=749).collect(),
        1900..=1939 => (0..=499).collect(),
        1940..=1999 => (0..=499).chain(900..=999).collect(),
        2000..=2039 => (500..=999).collect(),
        _ => Vec::new(),
    }
}

/// Danish seventh digits that map to `year`.
fn dk_sevenths(year: i32) -> Vec<u32> {
    let yy = year % 100;
    (0..=9)
        .filter(|&s| {
            let century = match s {
                0..=3 => 1900,
                4 | 9 if yy <= 36 => 2000,
                4 | 9 => 1900,
                _ if yy <= 57 => 2000,
                _ => 1800,
            };
            century + yy == year
        })
        .collect()
}

/// A valid Swedish number (canonical 12 digits) and its short ten digits.
fn gen_se(d: Date, serial: u32, coordination: bool) -> (String, String) {
    let dd = u32::from(d.day()) + if coordination { 60 } else { 0 };
    let nine = format!(
        "{:02}{:02}{dd:02}{serial:03}",
        d.year() % 100,
        u8::from(d.month())
    );
    let ten = format!("{nine}{}", gen_luhn(&nine));
    (format!("{:02}{ten}", d.year() / 100), ten)
}

fn se_kind(coordination: bool) -> NationalIdKind {
    if coordination {
        NationalIdKind::SeSamordningsnummer
    } else {
        NationalIdKind::SePersonnummer
    }
}

fn check_parses(
    input: &str,
    country: Option<Country>,
    today: Date,
    canonical: &str,
    kind: NationalIdKind,
    birth: Option<Date>,
) -> Result<NationalId, TestCaseError> {
    let id = NationalId::parse(input, country, today)
        .map_err(|e| TestCaseError::fail(format!("{input:?}: {e:?}")))?;
    prop_assert_eq!(id.as_str(), canonical);
    prop_assert_eq!(id.kind(), kind);
    prop_assert_eq!(id.country(), kind.country());
    prop_assert_eq!(id.birth_date(), birth);
    let debug = format!("{id:?}");
    prop_assert!(!has_ascii_digit(&debug), "{}", debug);
    Ok(id)
}

/// `s` with the digit at byte `pos` replaced by `new` (`None` if it is not a digit or the
/// same digit).
fn mutate(s: &str, pos: usize, new: u8) -> Option<String> {
    let mut bytes = s.as_bytes().to_vec();
    let old = *bytes.get(pos)?;
    if !old.is_ascii_digit() || old == b'0' + new {
        return None;
    }
    bytes[pos] = b'0' + new;
    String::from_utf8(bytes).ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn se_generated_numbers_parse(
        d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
        serial in 1u32..=999,
        coordination: bool,
        today in dates(date!(1990 - 01 - 01), date!(2150 - 12 - 31)),
    ) {
        let (canonical, ten) = gen_se(d, serial, coordination);
        let kind = se_kind(coordination);
        let dashed = format!("{}-{}", &canonical[..8], &canonical[8..]);
        for input in [canonical.as_str(), dashed.as_str()] {
            for country in [Some(Country::Se), None] {
                check_parses(input, country, today, &canonical, kind, Some(d))?;
            }
        }
        let y = today.year();
        let short = if d.year() > y - 100 && d.year() <= y {
            vec![ten.clone(), format!("{}-{}", &ten[..6], &ten[6..])]
        } else if d.year() > y - 200 && d.year() <= y - 100 {
            vec![format!("{}+{}", &ten[..6], &ten[6..])]
        } else {
            Vec::new()
        };
        for input in short {
            check_parses(&input, Some(Country::Se), today, &canonical, kind, Some(d))?;
        }
    }

    #[test]
    fn no_generated_numbers_parse(
        d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
        pick: usize,
        variant in 0u8..3,
    ) {
        let individuals = no_individuals(d.year());
        prop_assume!(!individuals.is_empty());
        let individual = individuals[pick % individuals.len()];
        let (day_add, month_add, kind) = match variant {
            0 => (0, 0, NationalIdKind::NoFodselsnummer),
            1 => (40, 0, NationalIdKind::NoDNummer),
            _ => (0, 40, NationalIdKind::NoHNummer),
        };
        let nine = format!(
            "{:02}{:02}{:02}{individual:03}",
            u32::from(d.day()) + day_add,
            u32::from(u8::from(d.month())) + month_add,
            d.year() % 100,
        );
        let number = gen_no(&nine, 0);
        prop_assume!(number.is_some());
        let number = number.unwrap();
        for today in [TODAY, FROM_2032] {
            for country in [Some(Country::No), None] {
                check_parses(&number, country, today, &number, kind, Some(d))?;
            }
        }
    }

    #[test]
    fn no_numbers_valid_only_under_the_2032_rule(
        d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
        pick: usize,
        rest in 1u32..=3,
    ) {
        let individuals = no_individuals(d.year());
        prop_assume!(!individuals.is_empty());
        let individual = individuals[pick % individuals.len()];
        let nine = format!(
            "{:02}{:02}{:02}{individual:03}",
            d.day(),
            u8::from(d.month()),
            d.year() % 100,
        );
        let number = gen_no(&nine, rest);
        prop_assume!(number.is_some());
        let number = number.unwrap();
        prop_assert_eq!(
            NationalId::parse(&number, Some(Country::No), BEFORE_2032),
            Err(NationalIdError::CheckDigit)
        );
        check_parses(
            &number,
            Some(Country::No),
            FROM_2032,
            &number,
            NationalIdKind::NoFodselsnummer,
            Some(d),
        )?;
    }

    #[test]
    fn no_generated_fh_numbers_parse(first in 8u32..=9, rest in 0u32..100_000_000) {
        let number = gen_no(&format!("{first}{rest:08}"), 0);
        prop_assume!(number.is_some());
        let number = number.unwrap();
        check_parses(&number, None, TODAY, &number, NationalIdKind::NoFhNummer, None)?;
    }

    #[test]
    fn dk_generated_numbers_parse(
        d in dates(date!(1858 - 01 - 01), date!(2057 - 12 - 31)),
        pick: usize,
        tail in 0u32..1000,
        dashed: bool,
    ) {
        let sevenths = dk_sevenths(d.year());
        prop_assert!(!sevenths.is_empty());
        let seventh = sevenths[pick % sevenths.len()];
        let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
        let canonical = format!("{six}{seventh}{tail:03}");
        let input = if dashed { format!("{six}-{seventh}{tail:03}") } else { canonical.clone() };
        let id = check_parses(&input, Some(Country::Dk), TODAY, &canonical, NationalIdKind::DkCpr, Some(d))?;
        let sum: u32 = digit_vec(&canonical)
            .iter()
            .zip([4, 3, 2, 7, 6, 5, 4, 3, 2, 1])
            .map(|(a, b)| a * b)
            .sum();
        prop_assert_eq!(id.dk_modulus11_ok(), Some(sum.is_multiple_of(11)));
    }

    #[test]
    fn fi_generated_numbers_parse(
        d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
        pick: usize,
        individual in 2u32..=999,
        lower: bool,
    ) {
        let signs: &[char] = match d.year() / 100 {
            18 => &['+'],
            19 => &['-', 'Y', 'X', 'W', 'V', 'U'],
            _ => &['A', 'B', 'C', 'D', 'E', 'F'],
        };
        let sign = signs[pick % signs.len()];
        let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
        let check = gen_fi_check(&format!("{six}{individual:03}"));
        let canonical = format!("{six}{sign}{individual:03}{check}");
        let input = if lower { canonical.to_lowercase() } else { canonical.clone() };
        let id = check_parses(&input, Some(Country::Fi), TODAY, &canonical, NationalIdKind::FiHetu, Some(d))?;
        prop_assert_eq!(id.fi_temporary(), individual >= 900);
        match NationalId::parse(&input, None, TODAY) {
            Ok(inferred) => prop_assert_eq!(inferred, id),
            Err(e) => {
                // Only a digit check character after `-`/`+` can read as SE or DK too.
                prop_assert_eq!(e, NationalIdError::Ambiguous);
                prop_assert!(check.is_ascii_digit() && (sign == '-' || sign == '+'));
            }
        }
    }

    #[test]
    fn se_single_digit_changes_are_caught(
        d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
        serial in 1u32..=999,
        coordination: bool,
        pos in 0usize..12,
        new in 0u8..10,
    ) {
        let (canonical, _) = gen_se(d, serial, coordination);
        let original = NationalId::parse(&canonical, Some(Country::Se), TODAY).unwrap();
        let changed = mutate(&canonical, pos, new);
        prop_assume!(changed.is_some());
        let changed = changed.unwrap();
        match NationalId::parse(&changed, Some(Country::Se), TODAY) {
            Err(_) => {}
            Ok(other) => {
                // Only the written century is outside the check digit's cover.
                prop_assert!(pos < 2, "changed digit {} still valid", pos);
                prop_assert_ne!(other, original);
            }
        }
    }

    #[test]
    fn no_single_digit_changes_are_caught(
        d in dates(date!(1854 - 01 - 01), date!(2039 - 12 - 31)),
        pick: usize,
        pos in 0usize..11,
        new in 0u8..10,
        fh: bool,
    ) {
        let individuals = no_individuals(d.year());
        prop_assume!(!individuals.is_empty());
        let individual = individuals[pick % individuals.len()];
        let nine = if fh {
            format!("{}{:08}", 8 + pick % 2, pick % 100_000_000)
        } else {
            format!("{:02}{:02}{:02}{individual:03}", d.day(), u8::from(d.month()), d.year() % 100)
        };
        let number = gen_no(&nine, 0);
        prop_assume!(number.is_some());
        let number = number.unwrap();
        let original = NationalId::parse(&number, Some(Country::No), TODAY).unwrap();
        let changed = mutate(&number, pos, new);
        prop_assume!(changed.is_some());
        let changed = changed.unwrap();
        // Classic rule: every single-digit change breaks a check digit.
        prop_assert_eq!(
            NationalId::parse(&changed, Some(Country::No), TODAY),
            Err(NationalIdError::CheckDigit)
        );
        // 2032 rule: four remainders are accepted for K1, so a change may give another
        // valid number, but never the same identity.
        if let Ok(other) = NationalId::parse(&changed, Some(Country::No), FROM_2032) {
            prop_assert_ne!(other, original);
        }
    }

    #[test]
    fn fi_single_digit_changes_are_caught(
        d in dates(date!(1800 - 01 - 01), date!(2099 - 12 - 31)),
        individual in 2u32..=999,
        pos in 0usize..11,
        new in 0u8..10,
    ) {
        let sign = match d.year() / 100 { 18 => '+', 19 => 'Y', _ => 'A' };
        let six = format!("{:02}{:02}{:02}", d.day(), u8::from(d.month()), d.year() % 100);
        let check = gen_fi_check(&format!("{six}{individual:03}"));
        let number = format!("{six}{sign}{individual:03}{check}");
        prop_assert!(NationalId::parse(&number, Some(Country::Fi), TODAY).is_ok());
        let changed = mutate(&number, pos, new);
        prop_assume!(changed.is_some());
        let changed = changed.unwrap();
        prop_assert!(NationalId::parse(&changed, Some(Country::Fi), TODAY).is_err());
        // Inferred, a changed number with a digit check character may read as Swedish or
        // Danish, but never as a Finnish number.
        if let Ok(other) = NationalId::parse(&changed, None, TODAY) {
            prop_assert_ne!(other.kind(), NationalIdKind::FiHetu);
        }
    }

    #[test]
    fn parse_never_panics_and_never_leaks(
        s in any::<String>(),
        country in any_country(),
        today in any_date(),
    ) {
        leak_check(&s, country, today)?;
    }

    #[test]
    fn parse_never_panics_and_never_leaks_near_valid_shapes(
        s in "[ \t]?[0-9]{0,8}[-+AaYyXUFGT٣é ]?[0-9A-Za-zß]{0,5}[ \n]?",
        country in any_country(),
        today in any_date(),
    ) {
        leak_check(&s, country, today)?;
    }
}

fn leak_check(s: &str, country: Option<Country>, today: Date) -> Result<(), TestCaseError> {
    match NationalId::parse(s, country, today) {
        Ok(id) => {
            let debug = format!("{id:?}");
            prop_assert!(!has_ascii_digit(&debug), "{}", debug);
        }
        Err(e) => {
            let shown = format!("{e} {e:?}");
            prop_assert!(!has_ascii_digit(&shown), "{}", shown);
        }
    }
    Ok(())
}
