//! The notice to the people affected by a personal-data breach (GDPR Art. 34).
//!
//! Art. 34(2): the communication "shall describe in clear and plain language the nature of the
//! personal data breach and contain at least the information and measures referred to in points
//! (b), (c) and (d) of Article 33(3)": the name and contact details of the data protection
//! officer or other contact point, the likely consequences, and the measures taken or proposed,
//! including to mitigate its possible adverse effects. The frame is in the person's language;
//! what happened, its consequences and the measures are the breach's own texts, as staff wrote
//! them for the people affected.

use super::{Cx, Lang, Signature};

/// What the notice says, from the breach's record and the controller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct BreachFacts<'a> {
    /// What happened (Art. 33(3)(a)).
    pub(crate) nature: &'a str,
    /// The likely consequences (Art. 33(3)(c)).
    pub(crate) consequences: &'a str,
    /// The measures taken or proposed (Art. 33(3)(d)).
    pub(crate) measures: &'a str,
    /// Who to contact (Art. 33(3)(b)): the breach's contact point, else the DPO's name and
    /// contact details, else the controller.
    pub(crate) contact: &'a str,
}

/// The Art. 34 notice: `(subject, body)`. An SMS carries the same content (it may take several
/// parts): a notice that leaves out the consequences or the measures would not be one.
pub(crate) fn breach_notice<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    facts: BreachFacts<'_>,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let (subject, intro, what, consequences, measures, contact, none) = match cx.lang {
        Lang::Sv => (
            "Viktig information: en personuppgiftsincident som rör dig",
            "Vi har haft en personuppgiftsincident som kan påverka dina personuppgifter. Vi berättar här vad som har hänt, vad det kan innebära för dig och vad vi gör åt det.",
            "Vad som har hänt",
            "Vad det kan innebära för dig",
            "Vad vi har gjort och kommer att göra",
            "Kontakt",
            "Inga uppgifter ännu.",
        ),
        Lang::Nb => (
            "Viktig informasjon: et sikkerhetsbrudd som gjelder deg",
            "Vi har hatt et brudd på personopplysningssikkerheten som kan berøre personopplysningene dine. Her forteller vi hva som har skjedd, hva det kan bety for deg, og hva vi gjør med det.",
            "Hva som har skjedd",
            "Hva det kan bety for deg",
            "Hva vi har gjort og kommer til å gjøre",
            "Kontakt",
            "Ingen opplysninger ennå.",
        ),
        Lang::Da => (
            "Vigtig information: et brud på persondatasikkerheden, der vedrører dig",
            "Vi har haft et brud på persondatasikkerheden, som kan berøre dine personoplysninger. Her fortæller vi, hvad der er sket, hvad det kan betyde for dig, og hvad vi gør ved det.",
            "Hvad der er sket",
            "Hvad det kan betyde for dig",
            "Hvad vi har gjort og vil gøre",
            "Kontakt",
            "Ingen oplysninger endnu.",
        ),
        Lang::Fi => (
            "Tärkeä tiedote: sinua koskeva tietoturvaloukkaus",
            "Meillä on tapahtunut henkilötietojen tietoturvaloukkaus, joka voi koskea henkilötietojasi. Kerromme tässä, mitä tapahtui, mitä se voi merkitä sinulle ja mitä teemme asian korjaamiseksi.",
            "Mitä tapahtui",
            "Mitä se voi merkitä sinulle",
            "Mitä olemme tehneet ja aiomme tehdä",
            "Yhteystiedot",
            "Ei vielä tietoja.",
        ),
        Lang::En => (
            "Important: a personal data breach that concerns you",
            "We have had a personal data breach that may affect your personal data. Here we tell you what happened, what it may mean for you and what we are doing about it.",
            "What happened",
            "What it may mean for you",
            "What we have done and will do",
            "Contact",
            "No details yet.",
        ),
    };
    let or_none = |t: &str| {
        let t = t.trim();
        if t.is_empty() {
            none.to_owned()
        } else {
            t.to_owned()
        }
    };
    let text = format!(
        "{intro}\n\n{what}:\n{}\n\n{consequences}:\n{}\n\n{measures}:\n{}\n\n{contact}:\n{}",
        or_none(facts.nature),
        or_none(facts.consequences),
        or_none(facts.measures),
        or_none(facts.contact),
    );
    cx.render(subject, text.clone(), text)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTS: BreachFacts<'static> = BreachFacts {
        nature: "A laptop was stolen",
        consequences: "Phishing",
        measures: "Passwords reset",
        contact: "Dana Dataskydd, dpo@acme.example",
    };

    #[test]
    fn the_notice_holds_what_art_34_2_asks_in_every_language() {
        // GDPR Art. 34(2) with Art. 33(3)(b)-(d): nature, contact point, consequences, measures.
        for lang in ["sv", "nb", "da", "fi", "en"] {
            let from = Signature {
                name: "Acme AB",
                dpo_email: Some("dpo@acme.example"),
            };
            let (subject, body) = breach_notice(lang, "email", from, FACTS);
            assert!(subject.ends_with("Acme AB"), "{subject}");
            for part in [
                FACTS.nature,
                FACTS.consequences,
                FACTS.measures,
                FACTS.contact,
            ] {
                assert!(body.contains(part), "{lang}: {body}");
            }
        }
        let (sv, _) = breach_notice(
            "sv",
            "email",
            Signature {
                name: "A",
                dpo_email: None,
            },
            FACTS,
        );
        let (nb, _) = breach_notice(
            "nb",
            "email",
            Signature {
                name: "A",
                dpo_email: None,
            },
            FACTS,
        );
        assert_ne!(sv, nb);
    }
}
