//! The languages vern speaks to people and staff in: Swedish, Norwegian (bokmål), Danish,
//! Finnish and English. One type for the access report, the share page, the public form, the
//! staff UI and the CLI.

use vern_core::Country;

/// A language the pages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Swedish.
    Sv,
    /// Norwegian (bokmål).
    Nb,
    /// Danish.
    Da,
    /// Finnish.
    Fi,
    /// English, the fallback.
    En,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 5] = [Lang::Sv, Lang::Nb, Lang::Da, Lang::Fi, Lang::En];

    /// The language with this code (`sv`, `nb`, `no`, `nn`, `da`, `fi`, `en`, any case, with or
    /// without a region: `sv-FI`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "sv" => Some(Lang::Sv),
            // Norwegian in general and nynorsk readers get bokmål, the closest we have.
            "nb" | "no" | "nn" => Some(Lang::Nb),
            "da" => Some(Lang::Da),
            "fi" => Some(Lang::Fi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The code, as in `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::Nb => "nb",
            Lang::Da => "da",
            Lang::Fi => "fi",
            Lang::En => "en",
        }
    }

    /// The language of any tag (`sv`, `nb-NO`, `no`, `fi_FI`…): its primary subtag decides, and
    /// a language we do not write gets English.
    pub fn from_tag(tag: &str) -> Lang {
        Lang::from_code(tag).unwrap_or(Lang::En)
    }

    /// The language to write to a person in: theirs when vern writes it, else the language of
    /// the controller's country, else English (a controller with no country set). Never English
    /// by default for a Nordic controller.
    pub fn for_recipient(tag: Option<&str>, country: Option<Country>) -> Lang {
        tag.and_then(Lang::from_code)
            .or_else(|| country.map(Lang::of_country))
            .unwrap_or(Lang::En)
    }

    /// The language of a page shown to a person: theirs if their profile names one, else the
    /// controller's country's, else the browser's.
    pub fn for_page(
        profile_language: Option<&str>,
        country: Option<Country>,
        accept_language: Option<&str>,
    ) -> Lang {
        profile_language
            .and_then(Lang::from_code)
            .or_else(|| country.map(Lang::of_country))
            .unwrap_or_else(|| Lang::negotiate(accept_language))
    }

    /// The language of a Nordic country.
    pub fn of_country(country: Country) -> Lang {
        match country {
            Country::Se => Lang::Sv,
            Country::No => Lang::Nb,
            Country::Dk => Lang::Da,
            Country::Fi => Lang::Fi,
        }
    }

    /// The best language of an `Accept-Language` header (by q-value, then order); English
    /// when the header is missing or names none of ours.
    pub fn negotiate(accept_language: Option<&str>) -> Lang {
        let Some(header) = accept_language else {
            return Lang::En;
        };
        let mut best: Option<(u16, Lang)> = None;
        for part in header.split(',').take(32) {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim();
            let mut q: u16 = 1000;
            for p in pieces {
                if let Some(v) = p
                    .trim()
                    .strip_prefix("q=")
                    .or_else(|| p.trim().strip_prefix("Q="))
                {
                    q = parse_q(v).unwrap_or(0);
                }
            }
            if q == 0 {
                continue;
            }
            if let Some(lang) = Lang::from_code(tag)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map_or(Lang::En, |(_, l)| l)
    }

    /// The person's own language if their profile names one, else the browser's.
    pub fn for_person(profile_language: Option<&str>, accept_language: Option<&str>) -> Lang {
        profile_language
            .and_then(Lang::from_code)
            .unwrap_or_else(|| Lang::negotiate(accept_language))
    }
}

/// A q-value in thousandths (`0.8` → 800); `None` when malformed.
fn parse_q(v: &str) -> Option<u16> {
    let v = v.trim();
    let (whole, frac) = v.split_once('.').unwrap_or((v, ""));
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let whole: u16 = match whole {
        "0" => 0,
        "1" => 1,
        _ => return None,
    };
    let mut thousandths: u16 = 0;
    for (i, c) in frac.chars().enumerate() {
        let digit = u16::try_from(c.to_digit(10)?).ok()?;
        thousandths += digit * [100, 10, 1][i];
    }
    let q = whole * 1000 + thousandths;
    (q <= 1000).then_some(q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiates_languages() {
        assert_eq!(Lang::negotiate(None), Lang::En);
        assert_eq!(Lang::negotiate(Some("")), Lang::En);
        assert_eq!(Lang::negotiate(Some("de-DE,fr;q=0.8")), Lang::En);
        assert_eq!(Lang::negotiate(Some("sv-SE,sv;q=0.9,en;q=0.8")), Lang::Sv);
        assert_eq!(Lang::negotiate(Some("en;q=0.5, da")), Lang::Da);
        assert_eq!(Lang::negotiate(Some("nn-NO")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("no")), Lang::Nb);
        assert_eq!(Lang::negotiate(Some("fi;q=0, sv;q=0.1")), Lang::Sv);
        assert_eq!(Lang::negotiate(Some("FI-fi;q=1.0")), Lang::Fi);
        assert_eq!(Lang::negotiate(Some("fi;q=abc, en;q=0.2")), Lang::En);
        assert_eq!(Lang::for_person(Some("nb"), Some("sv")), Lang::Nb);
        assert_eq!(Lang::for_person(None, Some("da")), Lang::Da);
        assert_eq!(Lang::for_person(Some("xx"), None), Lang::En);
        // A page: the person's language, else the controller's country's, else the browser's.
        assert_eq!(
            Lang::for_page(Some("da"), Some(Country::Fi), Some("sv")),
            Lang::Da
        );
        assert_eq!(
            Lang::for_page(None, Some(Country::Fi), Some("sv")),
            Lang::Fi
        );
        assert_eq!(Lang::for_page(None, None, Some("sv")), Lang::Sv);
        assert_eq!(parse_q("0.75"), Some(750));
        assert_eq!(parse_q("1.5"), None);
    }

    #[test]
    fn a_person_is_written_to_in_their_language_else_the_controllers() {
        let se = Some(Country::Se);
        assert_eq!(Lang::for_recipient(None, se), Lang::Sv);
        assert_eq!(Lang::for_recipient(Some("de"), se), Lang::Sv);
        assert_eq!(Lang::for_recipient(Some("fi-FI"), se), Lang::Fi);
        assert_eq!(Lang::for_recipient(Some("en"), se), Lang::En);
        assert_eq!(Lang::for_recipient(None, None), Lang::En);
        assert_eq!(Lang::for_recipient(None, Some(Country::No)), Lang::Nb);
    }
}
