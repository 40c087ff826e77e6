//! The fast path and the Nordic number plans (which lengths each country's numbers have).

use super::*;

// ---------------------------------------------------------------------------------------------
// Fast path: the common Nordic shapes, derived from the bundled metadata.
// ---------------------------------------------------------------------------------------------

/// Try the fast path. Returns the calling code and leaves the E.164 form in `out`, or `None`
/// (with `out` untouched) if the input is not one of the shapes it knows.
pub(super) fn fast_path(
    scanned: &Scanned,
    region: Option<Region>,
    out: &mut String,
) -> Option<u16> {
    let digits = scanned.digits();
    let (country, nsn) = if scanned.plus {
        fast_international(digits, 0, scanned.paren_zero)?
    } else if let [b'0', b'0', ..] = digits {
        // `00` is the international prefix of all four Nordic countries. With another default
        // region, the full path consults that region's own prefix.
        if region.is_some_and(|r| r.nordic().is_none()) {
            return None;
        }
        fast_international(digits, 2, scanned.paren_zero)?
    } else {
        let country = region?.nordic()?;
        // The calling code written without `+` ("46 70 123 45 67" in Sweden), or else:
        let nsn = match code_without_plus(country, digits) {
            Some(nsn) => nsn,
            None => match (country, digits) {
                // Trunk prefix `0` required. Other trunk-less input goes to the full path.
                (Country::Se | Country::Fi, [b'0', nsn @ ..]) => nsn,
                (Country::Se | Country::Fi, _) => return None,
                // No trunk prefix in Norway and Denmark.
                (Country::No | Country::Dk, _) => digits,
            },
        };
        (country, nsn)
    };
    if !general_plausible(country, nsn) {
        return None;
    }
    out.push_str(match country {
        Country::Se => "+46",
        Country::No => "+47",
        Country::Dk => "+45",
        Country::Fi => "+358",
    });
    out.push_str(ascii(nsn));
    Some(country.calling_code())
}

/// National-form digits of `country` that start with its own calling code and are too long or
/// too short to be one of its national numbers: the number after the code, as the full path
/// reads them (it prefers the national reading, and that cannot hold at such a length). A
/// quarter of the lines of a NIX-Telefon file are written this way; the full path takes ten
/// times as long. `None` when the digits could be a national number, or the rest starts with a
/// trunk `0`: the full path decides those.
fn code_without_plus(country: Country, digits: &[u8]) -> Option<&[u8]> {
    let code: &[u8] = match country {
        Country::Se => b"46",
        Country::No => b"47",
        Country::Dk => b"45",
        Country::Fi => b"358",
    };
    let rest = digits.strip_prefix(code)?;
    if matches!(rest.first(), None | Some(b'0')) || national_length(country, digits.len()) {
        return None;
    }
    Some(rest)
}

/// Whether `len` is the length of some type of national number of a region sharing the
/// calling code of `country` (Norway with Svalbard, Finland with Åland), by the bundled
/// metadata.
fn national_length(country: Country, len: usize) -> bool {
    static LENGTHS: LazyLock<[u64; 4]> = LazyLock::new(|| {
        Country::ALL.map(|c| {
            let database: &'static phonenumber::metadata::Database = &DATABASE;
            database
                .by_code(&c.calling_code())
                .unwrap_or_default()
                .iter()
                .flat_map(|meta| super::full::type_descriptors(meta))
                .flatten()
                .flat_map(|d| d.possible_length().iter())
                .filter(|&&l| l < 64)
                .fold(0u64, |bits, &l| bits | 1 << l)
        })
    });
    let i = Country::ALL.iter().position(|c| *c == country).unwrap_or(0);
    len >= 64 || LENGTHS[i] & (1 << len) != 0
}

/// Split `digits[skip..]` into a Nordic country and its national significant number, dropping
/// a `(0)` right after the calling code, or a plain trunk `0` for Sweden and Finland.
pub(super) fn fast_international(
    digits: &[u8],
    skip: usize,
    paren_zero: Option<usize>,
) -> Option<(Country, &[u8])> {
    let rest = digits.get(skip..)?;
    let (country, cc_len) = match rest {
        [b'4', b'6', ..] => (Country::Se, 2),
        [b'4', b'7', ..] => (Country::No, 2),
        [b'4', b'5', ..] => (Country::Dk, 2),
        [b'3', b'5', b'8', ..] => (Country::Fi, 3),
        _ => return None,
    };
    let nsn = rest.get(cc_len..)?;
    let nsn = if paren_zero == Some(skip + cc_len) {
        nsn.get(1..)?
    } else {
        match (country, nsn) {
            (Country::Se | Country::Fi, [b'0', tail @ ..]) => tail,
            _ => nsn,
        }
    };
    Some((country, nsn))
}

type Lengths = std::ops::RangeInclusive<usize>;

/// Whether a Nordic national significant number has a form the country's general pattern
/// allows, for the lengths the fast path takes: SE `[1-9]\d{8}|[1-689]\d{7}|[1-4689]\d{6}`,
/// NO and DK `[2-9]\d{7}`; FI by the ranges of [`fi_lengths`]. Other forms go to the full path.
pub(super) fn general_plausible(country: Country, nsn: &[u8]) -> bool {
    if !nsn.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let Some(first) = nsn.first().map(|d| d - b'0') else {
        return false;
    };
    match (country, nsn.len()) {
        (Country::Se, 9) => first >= 1,
        (Country::Se, 8) => matches!(first, 1..=6 | 8 | 9),
        (Country::Se, 7) => matches!(first, 1..=4 | 6 | 8 | 9),
        (Country::No | Country::Dk, 8) => first >= 2,
        (Country::Fi, _) => fi_lengths(nsn).is_some_and(|l| l.contains(&nsn.len())),
        _ => false,
    }
}

/// The allowed lengths of a Nordic national significant number (without trunk `0`) that starts
/// like `nsn`, or `None` if `nsn` does not start like a number the fast path knows.
pub(super) fn nordic_lengths(country: Country, nsn: &[u8]) -> Option<Lengths> {
    if !nsn.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match country {
        Country::Se => se_lengths(nsn),
        Country::No => no_lengths(nsn),
        Country::Dk => dk_lengths(nsn),
        Country::Fi => fi_lengths(nsn),
    }
}

/// Sweden. From the `SE` metadata: mobile `7[02369]\d{7}`; fixed line
/// `(?:(?:[12][136]|3[356]|4[0246]|6[03]|8\d)\d|90[1-9])\d{4,6}` and the three-digit area
/// codes (see [`se_three_digit_area`]) followed by `\d{5,6}`.
pub(super) fn se_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'7', b'0' | b'2' | b'3' | b'6' | b'9', ..] => Some(9..=9),
        [b'8', ..] | [b'9', b'0', b'1'..=b'9', ..] => Some(7..=9),
        [a, b, c, ..] => {
            let (a, b, c) = (a - b'0', b - b'0', c - b'0');
            if se_two_digit_area(a, b) {
                Some(7..=9)
            } else if se_three_digit_area(a, b, c) {
                Some(8..=9)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Stockholm aside, the two-digit Swedish area codes: `[12][136]|3[356]|4[0246]|6[03]`.
pub(super) fn se_two_digit_area(a: u8, b: u8) -> bool {
    matches!(
        (a, b),
        (1 | 2, 1 | 3 | 6) | (3, 3 | 5 | 6) | (4, 0 | 2 | 4 | 6) | (6, 0 | 3)
    )
}

/// The three-digit Swedish area codes of the `SE` fixed-line pattern:
/// `1(?:2[0-35]|4[0-4]|5[0-25-9]|7[13-6]|[89]\d)|2(?:2[0-7]|4[0136-8]|5[0138]|7[018]|8[01]|9[0-57])|`
/// `3(?:0[0-4]|1\d|2[0-25]|4[056]|7[0-2]|8[0-3]|9[023])|4(?:1[013-8]|3[0135]|5[14-79]|7[0-246-9]|8[0156]|9[0-689])|`
/// `5(?:0[0-6]|[15][0-5]|2[0-68]|3[0-4]|4\d|6[03-5]|7[013]|8[0-79]|9[01])|`
/// `6(?:1[1-3]|2[0-4]|4[02-57]|5[0-37]|6[0-3]|7[0-2]|8[0247]|9[0-356])|`
/// `9(?:1[0-68]|2\d|3[02-5]|4[0-3]|5[0-4]|[68][01]|7[0135-8])`.
pub(super) fn se_three_digit_area(a: u8, b: u8, c: u8) -> bool {
    match (a, b) {
        (1, 2) => matches!(c, 0..=3 | 5),
        (1, 4) => matches!(c, 0..=4),
        (1, 5) => matches!(c, 0..=2 | 5..=9),
        (1, 7) => matches!(c, 1 | 3..=6),
        (1, 8 | 9) => true,
        (2, 2) => matches!(c, 0..=7),
        (2, 4) => matches!(c, 0 | 1 | 3 | 6..=8),
        (2, 5) => matches!(c, 0 | 1 | 3 | 8),
        (2, 7) => matches!(c, 0 | 1 | 8),
        (2, 8) => matches!(c, 0 | 1),
        (2, 9) => matches!(c, 0..=5 | 7),
        (3, 0) => matches!(c, 0..=4),
        (3, 1) => true,
        (3, 2) => matches!(c, 0..=2 | 5),
        (3, 4) => matches!(c, 0 | 5 | 6),
        (3, 7) => matches!(c, 0..=2),
        (3, 8) => matches!(c, 0..=3),
        (3, 9) => matches!(c, 0 | 2 | 3),
        (4, 1) => matches!(c, 0 | 1 | 3..=8),
        (4, 3) => matches!(c, 0 | 1 | 3 | 5),
        (4, 5) => matches!(c, 1 | 4..=7 | 9),
        (4, 7) => matches!(c, 0..=2 | 4 | 6..=9),
        (4, 8) => matches!(c, 0 | 1 | 5 | 6),
        (4, 9) => matches!(c, 0..=6 | 8 | 9),
        (5, 0) => matches!(c, 0..=6),
        (5, 1 | 5) => matches!(c, 0..=5),
        (5, 2) => matches!(c, 0..=6 | 8),
        (5, 3) => matches!(c, 0..=4),
        (5, 4) => true,
        (5, 6) => matches!(c, 0 | 3..=5),
        (5, 7) => matches!(c, 0 | 1 | 3),
        (5, 8) => matches!(c, 0..=7 | 9),
        (5, 9) => matches!(c, 0 | 1),
        (6, 1) => matches!(c, 1..=3),
        (6, 2) => matches!(c, 0..=4),
        (6, 4) => matches!(c, 0 | 2..=5 | 7),
        (6, 5) => matches!(c, 0..=3 | 7),
        (6, 6) => matches!(c, 0..=3),
        (6, 7) => matches!(c, 0..=2),
        (6, 8) => matches!(c, 0 | 2 | 4 | 7),
        (6, 9) => matches!(c, 0..=3 | 5 | 6),
        (9, 1) => matches!(c, 0..=6 | 8),
        (9, 2) => true,
        (9, 3) => matches!(c, 0 | 2..=5),
        (9, 4) => matches!(c, 0..=3),
        (9, 5) => matches!(c, 0..=4),
        (9, 6 | 8) => matches!(c, 0 | 1),
        (9, 7) => matches!(c, 0 | 1 | 3 | 5..=8),
        _ => false,
    }
}

/// Norway, eight digits. From the `NO` metadata: mobile `[49]\d{7}`; fixed line
/// `(?:2[1-4]|3[1-3578]|5[1-35-7]|6[1-46-9]|7[0-8])\d{6}` (`79…` is Svalbard: full path).
pub(super) fn no_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'4' | b'9', ..]
        | [b'2', b'1'..=b'4', ..]
        | [b'3', b'1'..=b'3' | b'5' | b'7' | b'8', ..]
        | [b'5', b'1'..=b'3' | b'5'..=b'7', ..]
        | [b'6', b'1'..=b'4' | b'6'..=b'9', ..]
        | [b'7', b'0'..=b'8', ..] => Some(8..=8),
        _ => None,
    }
}

/// Denmark, eight digits. From the `DK` mobile pattern (Danish ranges are mostly shared by
/// mobile and fixed line, so the metadata cannot tell them apart):
/// `(?:2[6-8]|37|6[78]|96)\d{6}|(?:2[0-59]|3[0-689]|[457]\d|6[0-69]|8[126-9]|9[1-47-9])[1-9]\d{5}`.
pub(super) fn dk_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'2', b'6'..=b'8', ..] | [b'3', b'7', ..] | [b'6', b'7' | b'8', ..] | [b'9', b'6', ..] => {
            Some(8..=8)
        }
        [b'2', b'0'..=b'5' | b'9', b'1'..=b'9', ..]
        | [b'3', b'0'..=b'6' | b'8' | b'9', b'1'..=b'9', ..]
        | [b'4' | b'5' | b'7', _, b'1'..=b'9', ..]
        | [b'6', b'0'..=b'6' | b'9', b'1'..=b'9', ..]
        | [b'8', b'1' | b'2' | b'6'..=b'9', b'1'..=b'9', ..]
        | [b'9', b'1'..=b'4' | b'7'..=b'9', b'1'..=b'9', ..] => Some(8..=8),
        _ => None,
    }
}

/// Finland. From the `FI` metadata: mobile `(?:4[0-8]|50)\d{4,8}`; fixed line
/// `1[3-7][1-8]\d{3,6}` and `(?:19[1-8]|[23568][1-8]\d|9[1-8]\d)\d{2,6}`.
pub(super) fn fi_lengths(n: &[u8]) -> Option<Lengths> {
    match *n {
        [b'4', b'0'..=b'8', ..] | [b'5', b'0', ..] => Some(6..=10),
        [b'1', b'3'..=b'7', b'1'..=b'8', ..] => Some(6..=9),
        [b'1', b'9', b'1'..=b'8', ..]
        | [b'2' | b'3' | b'5' | b'6' | b'8' | b'9', b'1'..=b'8', ..] => Some(5..=9),
        _ => None,
    }
}
