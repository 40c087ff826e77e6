//! The answers to SMS keywords, one text message each, in the person's language or the
//! controller's. Each says only what is true once its inbound message is recorded: the answer is
//! queued in the same transaction as the change it reports.
//!
//! The keywords the answers name (`STOPP`, `JA`, `KYLLÄ`…) are among the defaults every number
//! reads (`vern_core::keyword`), so they always work.

use super::Lang;
use super::wording::join_list;

/// Who answers: the controller's name and how to reach it (the DPO's address, a phone number or
/// the privacy notice), when it has any.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sender<'a> {
    /// The controller's name.
    pub(crate) name: &'a str,
    /// How to reach it.
    pub(crate) contact: Option<&'a str>,
}

fn and(lang: Lang) -> &'static str {
    match lang {
        Lang::Sv => "och",
        Lang::Nb | Lang::Da => "og",
        Lang::Fi => "ja",
        Lang::En => "and",
    }
}

/// The confirmation window in words: whole hours when it is, else minutes.
fn window(lang: Lang, minutes: i64) -> String {
    let (n, hours) = if minutes % 60 == 0 {
        (minutes / 60, true)
    } else {
        (minutes, false)
    };
    let unit = match (lang, hours, n == 1) {
        (Lang::Sv, true, true) => "timme",
        (Lang::Sv, true, false) => "timmar",
        (Lang::Sv, false, true) => "minut",
        (Lang::Sv, false, false) => "minuter",
        (Lang::Nb | Lang::Da, true, true) => "time",
        (Lang::Nb | Lang::Da, true, false) => "timer",
        (Lang::Nb, false, true) => "minutt",
        (Lang::Nb, false, false) => "minutter",
        (Lang::Da, false, true) => "minut",
        (Lang::Da, false, false) => "minutter",
        // "N tunnin sisällä": singular genitive after any number.
        (Lang::Fi, true, _) => "tunnin",
        (Lang::Fi, false, _) => "minuutin",
        (Lang::En, true, true) => "hour",
        (Lang::En, true, false) => "hours",
        (Lang::En, false, true) => "minute",
        (Lang::En, false, false) => "minutes",
    };
    format!("{n} {unit}")
}

/// Consent for `purposes` (their names) on SMS was withdrawn. `all` says they are everything
/// the number sends.
pub(crate) fn stopped(lang: Lang, from: Sender<'_>, purposes: &[String], all: bool) -> String {
    let name = from.name.trim();
    let list = join_list(purposes, and(lang));
    match (lang, all) {
        (Lang::Sv, true) => format!(
            "{name}: Du får inga fler sms från oss på det här numret. Svara START om du vill börja igen."
        ),
        (Lang::Sv, false) => format!(
            "{name}: Du får inga fler sms från oss om {list}. Svara START om du vill börja igen."
        ),
        (Lang::Nb, true) => format!(
            "{name}: Du får ikke flere SMS fra oss på dette nummeret. Svar START hvis du vil begynne igjen."
        ),
        (Lang::Nb, false) => format!(
            "{name}: Du får ikke flere SMS fra oss om {list}. Svar START hvis du vil begynne igjen."
        ),
        (Lang::Da, true) => format!(
            "{name}: Du får ikke flere sms'er fra os på dette nummer. Svar START, hvis du vil begynde igen."
        ),
        (Lang::Da, false) => format!(
            "{name}: Du får ikke flere sms'er fra os om {list}. Svar START, hvis du vil begynde igen."
        ),
        (Lang::Fi, true) => format!(
            "{name}: Et saa meiltä enää tekstiviestejä tästä numerosta. Vastaa START, jos haluat aloittaa uudelleen."
        ),
        (Lang::Fi, false) => format!(
            "{name}: Et saa meiltä enää tekstiviestejä aiheesta {list}. Vastaa START, jos haluat aloittaa uudelleen."
        ),
        (Lang::En, true) => format!(
            "{name}: You will get no more texts from us from this number. Reply START if you want them again."
        ),
        (Lang::En, false) => format!(
            "{name}: You will get no more texts from us about {list}. Reply START if you want them again."
        ),
    }
}

/// An opt-in to `purposes` waits for the person's confirmation for `window_minutes`.
pub(crate) fn confirm_question(
    lang: Lang,
    from: Sender<'_>,
    purposes: &[String],
    window_minutes: i64,
) -> String {
    let name = from.name.trim();
    let list = join_list(purposes, and(lang));
    let within = window(lang, window_minutes);
    match lang {
        Lang::Sv => format!(
            "{name}: Vill du få sms från oss om {list}? Svara JA inom {within} för att bekräfta. Utan svar skickar vi inget."
        ),
        Lang::Nb => format!(
            "{name}: Vil du få SMS fra oss om {list}? Svar JA innen {within} for å bekrefte. Uten svar sender vi ingenting."
        ),
        Lang::Da => format!(
            "{name}: Vil du have sms'er fra os om {list}? Svar JA inden for {within} for at bekræfte. Uden svar sender vi ikke noget."
        ),
        Lang::Fi => format!(
            "{name}: Haluatko meiltä tekstiviestejä aiheesta {list}? Vahvista vastaamalla KYLLÄ {within} sisällä. Ilman vastausta emme lähetä mitään."
        ),
        Lang::En => format!(
            "{name}: Do you want texts from us about {list}? Reply YES within {within} to confirm. Without a reply we send nothing."
        ),
    }
}

/// Consent for `purposes` on SMS was granted by the confirming reply.
pub(crate) fn confirmed(lang: Lang, from: Sender<'_>, purposes: &[String]) -> String {
    let name = from.name.trim();
    let list = join_list(purposes, and(lang));
    match lang {
        Lang::Sv => format!(
            "{name}: Tack! Nu får du sms från oss om {list}. Svara STOPP när du vill sluta."
        ),
        Lang::Nb => {
            format!("{name}: Takk! Nå får du SMS fra oss om {list}. Svar STOPP når du vil slutte.")
        }
        Lang::Da => {
            format!("{name}: Tak! Nu får du sms'er fra os om {list}. Svar STOP, når du vil stoppe.")
        }
        Lang::Fi => format!(
            "{name}: Kiitos! Saat nyt meiltä tekstiviestejä aiheesta {list}. Vastaa LOPETA, kun haluat lopettaa."
        ),
        Lang::En => format!(
            "{name}: Thank you! You will now get texts from us about {list}. Reply STOP whenever you want them to end."
        ),
    }
}

/// An opt-in that cannot start anything: an objection to direct marketing or the block list
/// stops texts to this number, and only the person, verified, can lift an objection.
pub(crate) fn blocked(lang: Lang, from: Sender<'_>) -> String {
    let name = from.name.trim();
    let contact = from.contact.map(str::trim).filter(|c| !c.is_empty());
    let text = match lang {
        Lang::Sv => {
            "Du har bett oss att inte skicka marknadsföring, så vi börjar inte skicka sms. Vill du ändra det, kontakta oss"
        }
        Lang::Nb => {
            "Du har bedt oss om ikke å sende markedsføring, så vi begynner ikke å sende SMS. Vil du endre det, kontakt oss"
        }
        Lang::Da => {
            "Du har bedt os om ikke at sende markedsføring, så vi begynder ikke at sende sms'er. Vil du ændre det, så kontakt os"
        }
        Lang::Fi => {
            "Olet kieltänyt meitä lähettämästä markkinointia, joten emme aloita tekstiviestejä. Jos haluat muuttaa tämän, ota meihin yhteyttä"
        }
        Lang::En => {
            "You have asked us not to send you marketing, so we will not start sending texts. To change that, contact us"
        }
    };
    match contact {
        Some(c) => format!("{name}: {text}: {c}"),
        None => format!("{name}: {text}."),
    }
}

/// Who is texting, about what, and how to stop.
pub(crate) fn help(lang: Lang, from: Sender<'_>, purposes: &[String]) -> String {
    let name = from.name.trim();
    let list = join_list(purposes, and(lang));
    let contact = from.contact.map(str::trim).filter(|c| !c.is_empty());
    let (about, stop, reach) = match lang {
        Lang::Sv => (
            "Det här numret skickar sms om",
            "Svara STOPP för att sluta eller START för att börja.",
            "Kontakt:",
        ),
        Lang::Nb => (
            "Dette nummeret sender SMS om",
            "Svar STOPP for å slutte eller START for å begynne.",
            "Kontakt:",
        ),
        Lang::Da => (
            "Dette nummer sender sms'er om",
            "Svar STOP for at stoppe eller START for at begynde.",
            "Kontakt:",
        ),
        Lang::Fi => (
            "Tästä numerosta lähetetään tekstiviestejä aiheesta",
            "Vastaa LOPETA lopettaaksesi tai START aloittaaksesi.",
            "Yhteystiedot:",
        ),
        Lang::En => (
            "This number sends texts about",
            "Reply STOP to end them or START to begin.",
            "Contact:",
        ),
    };
    match contact {
        Some(c) => format!("{name}: {about} {list}. {stop} {reach} {c}"),
        None => format!("{name}: {about} {list}. {stop}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACME: Sender<'static> = Sender {
        name: "Acme AB",
        contact: Some("dpo@acme.example"),
    };

    #[test]
    fn every_answer_names_the_controller_in_every_language() {
        let purposes = vec!["Nyheter".to_owned(), "Erbjudanden".to_owned()];
        for lang in Lang::ALL {
            for text in [
                stopped(lang, ACME, &purposes, false),
                stopped(lang, ACME, &purposes, true),
                confirm_question(lang, ACME, &purposes, 1440),
                confirmed(lang, ACME, &purposes),
                help(lang, ACME, &purposes),
                blocked(lang, ACME),
            ] {
                assert!(text.starts_with("Acme AB: "), "{lang:?}: {text}");
                // Two SMS segments of 153 characters at most, even with two purposes.
                assert!(text.chars().count() <= 306, "{lang:?}: {text}");
            }
            assert!(help(lang, ACME, &purposes).ends_with("dpo@acme.example"));
        }
    }

    #[test]
    fn the_answers_name_what_changed_and_the_words_that_work() {
        let purposes = vec!["Nyheter".to_owned()];
        assert_eq!(
            stopped(Lang::Sv, ACME, &purposes, false),
            "Acme AB: Du får inga fler sms från oss om Nyheter. Svara START om du vill börja igen."
        );
        assert_eq!(
            confirm_question(Lang::Sv, ACME, &purposes, 1440),
            "Acme AB: Vill du få sms från oss om Nyheter? Svara JA inom 24 timmar för att bekräfta. Utan svar skickar vi inget."
        );
        assert!(confirm_question(Lang::Fi, ACME, &purposes, 90).contains("90 minuutin sisällä"));
        assert!(confirm_question(Lang::En, ACME, &purposes, 60).contains("within 1 hour"));
        let two = vec!["News".to_owned(), "Offers".to_owned()];
        assert!(confirmed(Lang::En, ACME, &two).contains("about News and Offers."));
        let anonymous = Sender {
            name: "Acme AB",
            contact: None,
        };
        assert!(help(Lang::Da, anonymous, &purposes).ends_with("START for at begynde."));
    }

    #[test]
    fn every_keyword_an_answer_names_is_read_as_it_says() {
        // An answer must never tell a person to send a word vern would not understand.
        use vern_core::keyword::{KeywordClass, Keywords, Reply};
        let k = Keywords::nordic();
        let class = |w: &str| match k.read(w) {
            Reply::Keyword { class, .. } => Some(class),
            Reply::Unknown { .. } => None,
        };
        for word in ["STOPP", "STOP", "LOPETA"] {
            assert_eq!(class(word), Some(KeywordClass::OptOut), "{word}");
        }
        for word in ["START", "JA", "YES", "KYLLÄ"] {
            assert_eq!(class(word), Some(KeywordClass::OptIn), "{word}");
        }
    }
}
