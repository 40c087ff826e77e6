//! The erasure messages' own words, in each language: what an erasure removes, what a legal
//! hold keeps, the notice that the data will be erased on a named date (sent when the person
//! goes to the recycle bin), the word that an erasure was cancelled (a restore after that notice
//! went out), and the words an erasure request's outcome carries. Nothing here mixes languages:
//! every part of a message is written in the one language chosen for the person.

use time::Date;
use vern_store::model::Hold;

use super::{Cx, Lang, Signature, format_date, labelled, labelled_short, sentence};

/// The words of the erasure messages in one language.
struct Words {
    erased: &'static str,
    will_be_erased: &'static str,
    what_goes: &'static str,
    what_stays: &'static str,
    nothing_kept: &'static str,
    hold: &'static str,
    fields: [&'static str; 5],
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Sv => Words {
            erased: "profil, kontaktuppgifter, personnummer, egna fält, samtycken och deras underlag, anteckningar samt texten i dina ärenden och meddelanden; försäljning och aktiviteter sparas för statistik utan koppling till dig; en eventuell invändning mot direktmarknadsföring sparas som en envägskod så att du aldrig kontaktas igen",
            will_be_erased: "Dina personuppgifter används inte längre och raderas slutligt den {date}.",
            what_goes: "Det här raderas",
            what_stays: "Det här sparar vi",
            nothing_kept: "Vi sparar inga andra uppgifter om dig.",
            hold: "{fields} (ändamålet {purpose}, en rättslig förpliktelse) till den {date}",
            fields: [
                "namn",
                "adress",
                "personnummer",
                "e-postadresser",
                "telefonnummer",
            ],
        },
        Lang::Nb => Words {
            erased: "profil, kontaktopplysninger, fødselsnummer, egne felt, samtykker og dokumentasjonen av dem, notater og teksten i henvendelsene og meldingene dine; salg og aktiviteter beholdes for statistikk uten kobling til deg; en eventuell protest mot direkte markedsføring beholdes som en enveiskode slik at du aldri blir kontaktet igjen",
            will_be_erased: "Personopplysningene dine brukes ikke lenger og slettes endelig {date}.",
            what_goes: "Dette slettes",
            what_stays: "Dette beholder vi",
            nothing_kept: "Vi beholder ingen andre opplysninger om deg.",
            hold: "{fields} (formålet {purpose}, en rettslig forpliktelse) til {date}",
            fields: [
                "navn",
                "adresse",
                "fødselsnummer",
                "e-postadresser",
                "telefonnumre",
            ],
        },
        Lang::Da => Words {
            erased: "profil, kontaktoplysninger, CPR-nummer, egne felter, samtykker og dokumentationen for dem, noter samt teksten i dine henvendelser og beskeder; salg og aktiviteter gemmes til statistik uden forbindelse til dig; en eventuel indsigelse mod direkte markedsføring gemmes som en envejskode, så du aldrig kontaktes igen",
            will_be_erased: "Dine personoplysninger bruges ikke længere og slettes endeligt den {date}.",
            what_goes: "Dette slettes",
            what_stays: "Dette gemmer vi",
            nothing_kept: "Vi gemmer ingen andre oplysninger om dig.",
            hold: "{fields} (formålet {purpose}, en retlig forpligtelse) indtil {date}",
            fields: [
                "navn",
                "adresse",
                "CPR-nummer",
                "e-mailadresser",
                "telefonnumre",
            ],
        },
        Lang::Fi => Words {
            erased: "profiili, yhteystiedot, henkilötunnus, omat kentät, suostumukset ja niiden todisteet, muistiinpanot sekä pyyntöjesi ja viestiesi teksti; myynti ja toiminnot säilytetään tilastointia varten ilman yhteyttä sinuun; mahdollinen suoramarkkinointikieltosi säilytetään yksisuuntaisena koodina, jotta sinuun ei enää koskaan oteta yhteyttä",
            will_be_erased: "Henkilötietojasi ei enää käytetä, ja ne poistetaan lopullisesti {date}.",
            what_goes: "Poistettavat tiedot",
            what_stays: "Säilytettävät tiedot",
            nothing_kept: "Emme säilytä sinusta muita tietoja.",
            hold: "{fields} (käyttötarkoitus {purpose}, lakisääteinen velvoite) {date} asti",
            fields: [
                "nimi",
                "osoite",
                "henkilötunnus",
                "sähköpostiosoitteet",
                "puhelinnumerot",
            ],
        },
        Lang::En => Words {
            erased: "profile, contact details, identity number, custom fields, consents and their evidence, notes, the text of your requests and messages; sales and activities are kept for statistics without any link to you; your objection to direct marketing, if any, is kept as a one-way code so that you are never contacted again",
            will_be_erased: "Your personal data is no longer used and will be erased for good on {date}.",
            what_goes: "What will be erased",
            what_stays: "What we keep",
            nothing_kept: "We keep no other data about you.",
            hold: "{fields} (purpose {purpose}, a legal obligation) until {date}",
            fields: [
                "name",
                "address",
                "identity number",
                "e-mail addresses",
                "phone numbers",
            ],
        },
    }
}

/// What an erasure removes, in words for the person.
pub(crate) fn erased_items(lang: Lang) -> &'static str {
    words(lang).erased
}

/// The holds with their ends on `zone`'s clock (the controller's), so that each names the day
/// the controller keeps the data through, as every page and message shows days; a hold's end
/// is stored in UTC.
pub(crate) fn on_clock(holds: &[Hold], zone: vern_core::zone::Zone) -> Vec<Hold> {
    holds
        .iter()
        .map(|h| Hold {
            until: zone.at(h.until),
            ..h.clone()
        })
        .collect()
}

/// What legal holds keep, in words for the person; `None` when nothing is kept. Each hold's
/// day is its end's date at the end's own offset (see [`on_clock`]).
pub(crate) fn held_items(lang: Lang, holds: &[Hold]) -> Option<String> {
    if holds.is_empty() {
        return None;
    }
    let w = words(lang);
    let field = |f: &str| -> String {
        match f {
            "name" => w.fields[0].to_owned(),
            "address" => w.fields[1].to_owned(),
            "national_id" => w.fields[2].to_owned(),
            "emails" => w.fields[3].to_owned(),
            "phones" => w.fields[4].to_owned(),
            other => other.trim_start_matches("custom:").to_owned(),
        }
    };
    Some(
        holds
            .iter()
            .map(|h| {
                w.hold
                    .replace(
                        "{fields}",
                        &h.fields
                            .iter()
                            .map(|f| field(f))
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                    .replace("{purpose}", &h.purpose)
                    .replace("{date}", &format_date(lang, h.until.date()))
            })
            .collect::<Vec<_>>()
            .join("; "),
    )
}

/// The person's data is out of use and will be erased on `on`: what goes, and what a legal
/// obligation keeps (`holds`).
pub(crate) fn erasure_scheduled<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    on: Date,
    holds: &[Hold],
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let w = words(cx.lang);
    let first = w.will_be_erased.replace("{date}", &cx.date(on));
    let (kept_short, kept_long) = match held_items(cx.lang, holds) {
        Some(k) => (labelled_short(w.what_stays, &k), labelled(w.what_stays, &k)),
        None => (
            format!(" {}", w.nothing_kept),
            format!("\n\n{}", w.nothing_kept),
        ),
    };
    let subject = match cx.lang {
        Lang::Sv => "Dina personuppgifter raderas",
        Lang::Nb => "Personopplysningene dine slettes",
        Lang::Da => "Dine personoplysninger slettes",
        Lang::Fi => "Henkilötietosi poistetaan",
        Lang::En => "Your personal data will be erased",
    };
    cx.render(
        subject,
        format!("{first}{kept_short}"),
        format!("{first}{}{kept_long}", labelled(w.what_goes, w.erased)),
    )
}

/// An erasure the person was told about was cancelled: the data was restored and stays.
pub(crate) fn erasure_cancelled<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let (subject, text) = match cx.lang {
        Lang::Sv => (
            "Dina personuppgifter raderas inte",
            "Raderingen av dina personuppgifter har avbrutits: vi har återställt dem och de raderas inte. Vill du att vi raderar dem kan du begära det igen.",
        ),
        Lang::Nb => (
            "Personopplysningene dine slettes ikke",
            "Slettingen av personopplysningene dine er avbrutt: vi har gjenopprettet dem, og de slettes ikke. Vil du at vi sletter dem, kan du be om det igjen.",
        ),
        Lang::Da => (
            "Dine personoplysninger slettes ikke",
            "Sletningen af dine personoplysninger er afbrudt: vi har genskabt dem, og de slettes ikke. Ønsker du, at vi sletter dem, kan du anmode om det igen.",
        ),
        Lang::Fi => (
            "Henkilötietojasi ei poisteta",
            "Henkilötietojesi poistaminen on peruttu: olemme palauttaneet tiedot, eikä niitä poisteta. Jos haluat, että poistamme ne, voit pyytää sitä uudelleen.",
        ),
        Lang::En => (
            "Your personal data will not be erased",
            "The erasure of your personal data has been cancelled: we have restored it and it will not be erased. If you want us to erase it, you can ask again.",
        ),
    };
    cx.render(subject, text.to_owned(), text.to_owned())
}

/// What an erasure request's outcome says of the erasure, in the language of the message that
/// carries it: when the data will be erased, what goes, what a legal obligation keeps.
pub(crate) fn erasure_outcome(lang: Lang, on: Date, holds: &[Hold]) -> String {
    let w = words(lang);
    let kept = held_items(lang, holds).map_or_else(
        || w.nothing_kept.to_owned(),
        |k| format!("{}: {k}.", w.what_stays),
    );
    format!(
        "{} {}: {}. {kept}",
        w.will_be_erased.replace("{date}", &format_date(lang, on)),
        w.what_goes,
        w.erased
    )
}

/// Personal data was erased: what was erased, and what is kept, why and until when (texts
/// given by the caller; `kept` empty or `None` when nothing is kept).
pub(crate) fn erasure_confirmed<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    erased: &str,
    kept: Option<&str>,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let kept = kept.unwrap_or("");
    let (erased_label, kept_label, nothing_kept, done, subject) = match cx.lang {
        Lang::Sv => (
            "Det här har raderats",
            "Det här sparar vi",
            "Vi sparar inga andra uppgifter om dig.",
            "Vi har raderat dina personuppgifter.",
            "Dina personuppgifter har raderats",
        ),
        Lang::Nb => (
            "Dette er slettet",
            "Dette beholder vi",
            "Vi beholder ingen andre opplysninger om deg.",
            "Vi har slettet personopplysningene dine.",
            "Personopplysningene dine er slettet",
        ),
        Lang::Da => (
            "Dette er slettet",
            "Dette gemmer vi",
            "Vi gemmer ingen andre oplysninger om dig.",
            "Vi har slettet dine personoplysninger.",
            "Dine personoplysninger er slettet",
        ),
        Lang::Fi => (
            "Poistetut tiedot",
            "Säilytettävät tiedot",
            "Emme säilytä sinusta muita tietoja.",
            "Olemme poistaneet henkilötietosi.",
            "Henkilötietosi on poistettu",
        ),
        Lang::En => (
            "What was erased",
            "What we keep",
            "We keep no other data about you.",
            "We have erased your personal data.",
            "Your personal data has been erased",
        ),
    };
    let kept_short = match sentence(kept) {
        Some(_) => labelled_short(kept_label, kept),
        None => format!(" {nothing_kept}"),
    };
    let kept_long = match sentence(kept) {
        Some(_) => labelled(kept_label, kept),
        None => format!("\n\n{nothing_kept}"),
    };
    cx.render(
        subject,
        format!("{done}{}{kept_short}", labelled_short(erased_label, erased)),
        format!("{done}{}{kept_long}", labelled(erased_label, erased)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    const ACME: Signature<'static> = Signature {
        name: "Acme AB",
        dpo_email: None,
    };

    fn hold() -> Hold {
        Hold {
            purpose: "bookkeeping".to_owned(),
            fields: vec!["name".to_owned(), "custom:invoice_no".to_owned()],
            until: datetime!(2033-01-15 10:00 UTC),
        }
    }

    /// Words that give English away inside a Nordic message.
    const ENGLISH: [&str; 8] = [
        " the ",
        " and ",
        "erased",
        "kept",
        "until",
        "your ",
        "legal obligation",
        "identity number",
    ];

    #[test]
    fn every_erasure_message_is_wholly_in_one_language() {
        for lang in [Lang::Sv, Lang::Nb, Lang::Da, Lang::Fi] {
            let tag = lang.code();
            for channel in ["email", "sms"] {
                let texts = [
                    erasure_scheduled(tag, channel, ACME, date!(2027 - 01 - 06), &[hold()]),
                    erasure_scheduled(tag, channel, ACME, date!(2027 - 01 - 06), &[]),
                    erasure_cancelled(tag, channel, ACME),
                    super::super::erasure_confirmed(
                        tag,
                        channel,
                        ACME,
                        erased_items(lang),
                        held_items(lang, &[hold()]).as_deref(),
                    ),
                ];
                for (subject, body) in texts {
                    for text in [&subject, &body] {
                        for word in ENGLISH {
                            assert!(!text.contains(word), "{tag} {channel}: {word:?} in {text}");
                        }
                    }
                }
            }
            let outcome = erasure_outcome(lang, date!(2027 - 01 - 06), &[hold()]);
            for word in ENGLISH {
                assert!(!outcome.contains(word), "{tag}: {word:?} in {outcome}");
            }
        }
    }

    #[test]
    fn a_hold_names_the_day_on_the_controllers_clock() {
        let late = Hold {
            until: datetime!(2033-01-15 23:30 UTC),
            ..hold()
        };
        let utc = held_items(Lang::Sv, std::slice::from_ref(&late)).unwrap_or_default();
        assert!(utc.contains("till den 15 januari 2033"), "{utc}");
        let held = on_clock(&[late], vern_core::zone::Zone::Stockholm);
        let local = held_items(Lang::Sv, &held).unwrap_or_default();
        assert!(local.contains("till den 16 januari 2033"), "{local}");
    }

    #[test]
    fn the_notice_names_the_date_and_what_is_kept() {
        let (subject, body) =
            erasure_scheduled("sv", "email", ACME, date!(2027 - 01 - 06), &[hold()]);
        assert!(
            subject.starts_with("Dina personuppgifter raderas"),
            "{subject}"
        );
        assert!(
            body.contains("raderas slutligt den 6 januari 2027"),
            "{body}"
        );
        assert!(
            body.contains("namn, invoice_no (ändamålet bookkeeping, en rättslig förpliktelse) till den 15 januari 2033"),
            "{body}"
        );
    }
}
