//! The full path through the phonenumber library's metadata, and its plausibility checks.

use super::*;

// ---------------------------------------------------------------------------------------------
// Full path: the phonenumber crate, with guards.
// ---------------------------------------------------------------------------------------------

pub(super) fn full_path(
    scanned: &Scanned,
    region: Option<Region>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    let digits = scanned.digits();
    if scanned.plus {
        return full_international(digits, scanned.paren_zero, out);
    }
    let Some(region) = region else {
        // Without a region, `00` is taken as the international prefix (it is in most of the
        // world, and in all of Europe); anything else is national form.
        return match digits {
            [b'0', b'0', rest @ ..] => {
                full_international(rest, scanned.paren_zero.and_then(|i| i.checked_sub(2)), out)
            }
            _ => Err(PhoneError::NeedsRegion),
        };
    };
    let meta = region.metadata().ok_or(PhoneError::Invalid)?;
    let text = ascii(digits);
    // The region's own international prefix (`00`, Finland's `99x`, the US `011`, …), as the
    // library recognises it, but the number after it is parsed without the region.
    if let Some(idd) = meta.international_prefix()
        && let Some(found) = idd.find(text)
        && found.start() == 0
        && !matches!(digits.get(found.end()), None | Some(b'0'))
    {
        let end = found.end();
        let rest = digits.get(end..).unwrap_or(&[]);
        return full_international(
            rest,
            scanned.paren_zero.and_then(|i| i.checked_sub(end)),
            out,
        );
    }
    let code = meta.country_code();
    let mut code_text = String::with_capacity(3);
    push_u16(&mut code_text, code);
    if text.starts_with(&code_text) {
        // The library would always read these digits as "calling code without `+`". Prefer the
        // national reading (the Norwegian mobile `47 12 34 56`); fall back to the library's.
        let mut with_code = [0u8; MAX_DIGITS + 3];
        let national = join(&mut with_code, code_text.as_bytes(), digits, None)?;
        return match full_international(national, None, out) {
            Ok(code) => Ok(code),
            Err(national_error) => {
                out.clear();
                library_national(text, region, code, out).map_err(|_| national_error)
            }
        };
    }
    library_national(text, region, code, out)
}

/// Concatenate `a` and `b` (without the digit at `skip` of `b`) into `buf`; too long for
/// `buf` is [`PhoneError::TooLong`].
pub(super) fn join<'a>(
    buf: &'a mut [u8],
    a: &[u8],
    b: &[u8],
    skip: Option<usize>,
) -> Result<&'a [u8], PhoneError> {
    let kept = b
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != skip)
        .map(|(_, d)| d);
    let mut len = 0;
    for digit in a.iter().chain(kept) {
        *buf.get_mut(len).ok_or(PhoneError::TooLong)? = *digit;
        len += 1;
    }
    Ok(buf.get(..len).unwrap_or(&[]))
}

/// Parse national-form digits with the library and `region`.
pub(super) fn library_national(
    text: &str,
    region: Region,
    code: u16,
    out: &mut String,
) -> Result<u16, PhoneError> {
    let id: phonenumber::country::Id = region.as_str().parse().map_err(|_| PhoneError::Invalid)?;
    let number = phonenumber::parse(Some(id), text).map_err(|e| map_parse_error(&e))?;
    if number.code().value() != code
        || matches!(
            number.code().source(),
            phonenumber::country::Source::Idd | phonenumber::country::Source::Plus
        )
    {
        return Err(PhoneError::Invalid);
    }
    finish(&number, out)
}

/// Parse `digits` (calling code + national number, no prefix) with the library and no region.
pub(super) fn full_international(
    digits: &[u8],
    paren_zero: Option<usize>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    match digits {
        [] => return Err(PhoneError::TooShort),
        [b'0', ..] => return Err(PhoneError::UnknownCountryCode),
        _ => {}
    }
    let Some(code_len) = (1..=3).find(|&len| {
        digits
            .get(..len)
            .and_then(|prefix| ascii(prefix).parse::<u16>().ok())
            .is_some_and(|code| DATABASE.by_code(&code).is_some())
    }) else {
        return Err(if digits.len() < 3 {
            PhoneError::TooShort
        } else {
            PhoneError::UnknownCountryCode
        });
    };
    if digits.len().saturating_sub(code_len) > MAX_NSN {
        return Err(PhoneError::TooLong);
    }
    // `+` + digits, dropping a `(0)` written right after the calling code.
    let mut buf = [0u8; MAX_DIGITS + 1];
    let skip = paren_zero.filter(|&i| i == code_len);
    let text = ascii(join(&mut buf, b"+", digits, skip)?);
    let number = phonenumber::parse(None, text).map_err(|e| map_parse_error(&e))?;
    finish(&number, out)
}

pub(super) fn map_parse_error(error: &phonenumber::ParseError) -> PhoneError {
    use phonenumber::ParseError as E;
    match error {
        E::NoNumber | E::TooShortAfterIdd | E::TooShortNsn => PhoneError::TooShort,
        E::InvalidCountryCode => PhoneError::UnknownCountryCode,
        E::TooLong => PhoneError::TooLong,
        E::MalformedInteger(_) => PhoneError::Invalid,
    }
}

/// Validate a parsed number strictly and write its E.164 form.
pub(super) fn finish(
    number: &phonenumber::PhoneNumber,
    out: &mut String,
) -> Result<u16, PhoneError> {
    if number.extension().is_some() {
        return Err(PhoneError::InvalidCharacters);
    }
    let code = number.code().value();
    let mut nsn = String::with_capacity(MAX_NSN);
    let _ = write!(nsn, "{}", number.national());
    // All regions sharing the calling code (`+47`: Norway and Svalbard, `+1`: NANP, …).
    let database: &'static phonenumber::metadata::Database = &DATABASE;
    let regions = database.by_code(&code).unwrap_or_default();
    if !plausible(&regions, &nsn) {
        return Err(classify(code, &regions, &nsn));
    }
    // A form that only works locally (a seven-digit North American number, say) is read back
    // differently from its own E.164 text; such a number is not a complete one.
    let e164 = format!("+{code}{nsn}");
    let stable = phonenumber::parse(None, &e164)
        .is_ok_and(|again| again.code().value() == code && again.national().to_string() == nsn);
    if !stable {
        return Err(PhoneError::Invalid);
    }
    out.push('+');
    push_u16(out, code);
    out.push_str(&nsn);
    Ok(code)
}

/// Why a parsed number is not valid: too short or too long for the range it starts like (known
/// for the Nordic ranges of the fast path), or for every number type of its calling code;
/// otherwise just invalid.
pub(super) fn classify(code: u16, regions: &[&Metadata], nsn: &str) -> PhoneError {
    let len = nsn.len();
    let nordic = Country::from_calling_code(code).and_then(|c| nordic_lengths(c, nsn.as_bytes()));
    let lengths = || {
        regions
            .iter()
            .flat_map(|meta| type_descriptors(meta))
            .flatten()
            .flat_map(|d| d.possible_length().iter().map(|&l| usize::from(l)))
    };
    let min = nordic
        .as_ref()
        .map(|r| *r.start())
        .or_else(|| lengths().min());
    let max = nordic
        .as_ref()
        .map(|r| *r.end())
        .or_else(|| lengths().max());
    match (min, max) {
        (Some(min), _) if len < min => PhoneError::TooShort,
        (_, Some(max)) if len > max => PhoneError::TooLong,
        _ => PhoneError::Invalid,
    }
}

/// The number types the library's validator considers.
pub(super) fn type_descriptors(meta: &Metadata) -> [Option<&Descriptor>; 10] {
    let d = meta.descriptors();
    [
        d.premium_rate(),
        d.toll_free(),
        d.shared_cost(),
        d.voip(),
        d.personal_number(),
        d.pager(),
        d.uan(),
        d.voicemail(),
        d.fixed_line(),
        d.mobile(),
    ]
}

/// Is the number plausible: does the *whole* national number match, for some region of its
/// calling code, the general pattern, with a length some number type of that region allows?
///
/// This is deliberately not the library's `is_valid`, which also requires the number to fall in
/// a range the bundled metadata knows to be allocated. Metadata lags behind the operators (new
/// ranges open every year), and a do-not-contact register must never refuse an objection, nor
/// fail to match a suppression, because a real number is newer than its metadata. Typos of
/// the wrong length or shape are still refused.
pub(super) fn plausible(regions: &[&'static Metadata], nsn: &str) -> bool {
    let len = u16::try_from(nsn.len()).unwrap_or(u16::MAX);
    regions.iter().any(|meta| {
        let lengths = type_descriptors(meta)
            .into_iter()
            .flatten()
            .flat_map(|d| d.possible_length().iter());
        anchored_match(meta, 0, meta.descriptors().general(), nsn)
            && lengths.clone().any(|l| *l == len)
    })
}

/// A compiled, fully anchored metadata pattern.
type Matcher = Box<dyn Fn(&str) -> bool + Send + Sync>;

/// Anchored patterns by (region, descriptor index: 0 general, 1.. the number types). Compiled
/// once each, on first use; a few hundred at most.
pub(super) static ANCHORED: LazyLock<RwLock<HashMap<(&'static str, usize), Matcher>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Does the whole of `nsn` match descriptor `index` of `meta`?
pub(super) fn anchored_match(
    meta: &'static Metadata,
    index: usize,
    d: &Descriptor,
    nsn: &str,
) -> bool {
    let key = (meta.id(), index);
    {
        let map = ANCHORED.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(matcher) = map.get(&key) {
            return matcher(nsn);
        }
    }
    // The library offers no way to run its patterns anchored, nor to compile new ones, except
    // through its own regex cache; the compiled pattern is cloned out of it and kept here. The
    // library's cache is locked only for this, never across a call into the library.
    let anchored = format!("^(?:{}\n)$", d.national_number().as_str());
    let matcher: Matcher = {
        let cache = DATABASE.cache();
        let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
        match cache.configure(&anchored, |builder| builder.ignore_whitespace(true)) {
            Ok(regex) => {
                let regex = regex.clone();
                Box::new(move |text: &str| regex.is_match(text))
            }
            Err(_) => Box::new(|_: &str| false),
        }
    };
    let result = matcher(nsn);
    ANCHORED
        .write()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, matcher);
    result
}
