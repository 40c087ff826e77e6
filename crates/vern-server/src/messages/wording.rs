//! The shared wording of the messages: a caller's text as a sentence or a labelled paragraph,
//! dates and month names, the words for a request's kind and a field, lists and minutes.

use time::{Date, Month};
use vern_core::request::RequestKind;

use crate::lang::Lang;
/// A caller's text as a sentence: trimmed, with a full stop added when it ends without one.
/// `None` when there is no text.
pub(super) fn sentence(text: &str) -> Option<String> {
    let t = text.trim();
    let last = t.chars().last()?;
    if matches!(last, '.' | '!' | '?' | '…' | ')' | '"' | '»' | '”') {
        Some(t.to_owned())
    } else {
        Some(format!("{t}."))
    }
}

/// `text` preceded by `label`, as its own paragraph, or nothing when `text` is empty.
pub(super) fn labelled(label: &str, text: &str) -> String {
    sentence(text).map_or_else(String::new, |s| format!("\n\n{label}: {s}"))
}

/// The same for an SMS: on the same line.
pub(super) fn labelled_short(label: &str, text: &str) -> String {
    sentence(text).map_or_else(String::new, |s| format!(" {label}: {s}"))
}

/// A date as it is written in the language.
pub fn format_date(lang: Lang, date: Date) -> String {
    let (d, y) = (date.day(), date.year());
    let m = date.month();
    match lang {
        Lang::Sv => format!("{d} {} {y}", month_sv(m)),
        Lang::Nb => format!("{d}. {} {y}", month_nb(m)),
        Lang::Da => format!("{d}. {} {y}", month_da(m)),
        Lang::Fi => format!("{d}.{}.{y}", u8::from(m)),
        Lang::En => format!("{d} {m} {y}"),
    }
}

pub(super) fn month_sv(m: Month) -> &'static str {
    match m {
        Month::January => "januari",
        Month::February => "februari",
        Month::March => "mars",
        Month::April => "april",
        Month::May => "maj",
        Month::June => "juni",
        Month::July => "juli",
        Month::August => "augusti",
        Month::September => "september",
        Month::October => "oktober",
        Month::November => "november",
        Month::December => "december",
    }
}

pub(super) fn month_nb(m: Month) -> &'static str {
    match m {
        Month::January => "januar",
        Month::February => "februar",
        Month::March => "mars",
        Month::April => "april",
        Month::May => "mai",
        Month::June => "juni",
        Month::July => "juli",
        Month::August => "august",
        Month::September => "september",
        Month::October => "oktober",
        Month::November => "november",
        Month::December => "desember",
    }
}

pub(super) fn month_da(m: Month) -> &'static str {
    match m {
        Month::January => "januar",
        Month::February => "februar",
        Month::March => "marts",
        Month::April => "april",
        Month::May => "maj",
        Month::June => "juni",
        Month::July => "juli",
        Month::August => "august",
        Month::September => "september",
        Month::October => "oktober",
        Month::November => "november",
        Month::December => "december",
    }
}

/// What a request asks for, worded to follow "your request for" in the language (in Finnish,
/// as a label after a colon).
pub(crate) fn kind_words(lang: Lang, kind: RequestKind) -> &'static str {
    use RequestKind as K;
    match lang {
        Lang::Sv => match kind {
            K::Access => "tillgång till dina personuppgifter (registerutdrag)",
            K::Rectification => "rättelse av dina personuppgifter",
            K::Erasure => "radering av dina personuppgifter",
            K::Restriction => "begränsning av behandlingen av dina personuppgifter",
            K::Objection => "prövning av din invändning mot behandlingen",
            K::Portability => "att få ut dina personuppgifter i ett maskinläsbart format",
            K::HumanReview => "manuell prövning av ett automatiserat beslut",
            K::Information => "information om hur dina personuppgifter behandlas",
        },
        Lang::Nb => match kind {
            K::Access => "innsyn i personopplysningene dine",
            K::Rectification => "retting av personopplysningene dine",
            K::Erasure => "sletting av personopplysningene dine",
            K::Restriction => "begrensning av behandlingen av personopplysningene dine",
            K::Objection => "vurdering av protesten din mot behandlingen",
            K::Portability => "å få utlevert personopplysningene dine i et maskinlesbart format",
            K::HumanReview => "manuell vurdering av en automatisert avgjørelse",
            K::Information => "informasjon om hvordan personopplysningene dine behandles",
        },
        Lang::Da => match kind {
            K::Access => "indsigt i dine personoplysninger",
            K::Rectification => "berigtigelse af dine personoplysninger",
            K::Erasure => "sletning af dine personoplysninger",
            K::Restriction => "begrænsning af behandlingen af dine personoplysninger",
            K::Objection => "vurdering af din indsigelse mod behandlingen",
            K::Portability => "at få udleveret dine personoplysninger i et maskinlæsbart format",
            K::HumanReview => "menneskelig vurdering af en automatisk afgørelse",
            K::Information => "oplysning om, hvordan dine personoplysninger behandles",
        },
        Lang::Fi => match kind {
            K::Access => "henkilötietojen tarkastaminen",
            K::Rectification => "henkilötietojen oikaiseminen",
            K::Erasure => "henkilötietojen poistaminen",
            K::Restriction => "käsittelyn rajoittaminen",
            K::Objection => "käsittelyn vastustaminen",
            K::Portability => "henkilötietojen siirtäminen järjestelmästä toiseen",
            K::HumanReview => "automaattisen päätöksen saattaminen ihmisen arvioitavaksi",
            K::Information => "tiedot henkilötietojen käsittelystä",
        },
        Lang::En => match kind {
            K::Access => "access to your personal data",
            K::Rectification => "rectification of your personal data",
            K::Erasure => "erasure of your personal data",
            K::Restriction => "restriction of the processing of your personal data",
            K::Objection => "a review of your objection to processing",
            K::Portability => "a copy of your personal data in a machine-readable format",
            K::HumanReview => "human review of an automated decision",
            K::Information => "information about how your personal data is processed",
        },
    }
}

/// A profile field's name in the language; names vern does not know (custom fields) are
/// shown as given.
pub(crate) fn field_label(lang: Lang, field: &str) -> String {
    let known = match field.trim() {
        "name" => Some(["namn", "navn", "navn", "nimi", "name"]),
        "phone" | "phones" => Some([
            "telefonnummer",
            "telefonnummer",
            "telefonnummer",
            "puhelinnumero",
            "phone number",
        ]),
        "email" | "emails" => Some([
            "e-postadress",
            "e-postadresse",
            "e-mailadresse",
            "sähköpostiosoite",
            "e-mail address",
        ]),
        "national_id" => Some([
            "personnummer",
            "fødselsnummer",
            "CPR-nummer",
            "henkilötunnus",
            "national identity number",
        ]),
        "address" => Some([
            "postadress",
            "postadresse",
            "postadresse",
            "postiosoite",
            "postal address",
        ]),
        "language" => Some(["språk", "språk", "sprog", "kieli", "preferred language"]),
        _ => None,
    };
    let index = match lang {
        Lang::Sv => 0,
        Lang::Nb => 1,
        Lang::Da => 2,
        Lang::Fi => 3,
        Lang::En => 4,
    };
    known.map_or_else(|| field.trim().to_owned(), |k| k[index].to_owned())
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

pub(super) fn minutes(lang: Lang, n: u32) -> String {
    let unit = match (lang, n == 1) {
        (Lang::Sv, true) => "minut",
        (Lang::Sv, false) => "minuter",
        (Lang::Nb, true) => "minutt",
        (Lang::Nb, false) => "minutter",
        (Lang::Da, true) => "minut",
        (Lang::Da, false) => "minutter",
        // Used as "N minuutin kuluttua", singular genitive after any number.
        (Lang::Fi, _) => "minuutin",
        (Lang::En, true) => "minute",
        (Lang::En, false) => "minutes",
    };
    format!("{n} {unit}")
}
