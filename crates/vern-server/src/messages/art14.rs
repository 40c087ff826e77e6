//! The Art. 14 notice: telling a person whose data were not obtained from them who holds the
//! data, where the data came from, what they are used for and what their rights are (GDPR Art.
//! 14(1)-(2)), with the right to object to direct marketing "explicitly brought to the attention
//! of the data subject … clearly and separately from any other information" (Art. 21(4)).
//!
//! The text is generated from what vern knows: the controller and its DPO, the controller's
//! purposes with their legal bases, retention and recipients, the kinds of data held about the
//! person, and the source. A controller may replace the introduction in a language
//! (`art14_notice_texts`); the facts always follow it, so the notice stays complete.

use vern_core::notice::Source;
use vern_store::model::{Controller, PurposeRecord};

use super::wording::{field_label, sentence};
use super::{Cx, Lang};
use crate::report::{authority_of, report_texts};

/// What the notice is generated from.
#[derive(Debug)]
pub(crate) struct Art14Facts<'a> {
    /// The controller and its DPO.
    pub(crate) controller: &'a Controller,
    /// Where the data came from.
    pub(crate) source: Source,
    /// The supplier of a purchased list, or who else gave the data.
    pub(crate) supplier: Option<&'a str>,
    /// The kinds of data held (`name`, `phones`, `emails`, `national_id`, `address`) and the
    /// names of custom fields.
    pub(crate) fields: Vec<String>,
    /// The controller's purposes.
    pub(crate) purposes: &'a [PurposeRecord],
    /// The controller's own introduction in this language, if it set one.
    pub(crate) intro: Option<&'a str>,
    /// A signed link to the person's preference centre, when vern knows its public address.
    pub(crate) preference_link: Option<String>,
}

/// The words of the notice in one language.
struct Words {
    subject: &'static str,
    intro: &'static str,
    controller: &'static str,
    dpo: &'static str,
    source: &'static str,
    supplier: &'static str,
    categories: &'static str,
    purposes: &'static str,
    recipients_none: &'static str,
    privacy_notice: &'static str,
    objection_title: &'static str,
    objection_text: &'static str,
    preferences: &'static str,
    /// In [`Source::ALL`] order, without `Subject` (never written to).
    sources: [&'static str; 4],
}

const SV: Words = Words {
    subject: "Så behandlar vi dina personuppgifter",
    intro: "Vi har fått dina personuppgifter från någon annan än dig. Enligt dataskyddsförordningen (artikel 14) ska vi då berätta vilka vi är, varifrån uppgifterna kommer, vad vi använder dem till och vilka rättigheter du har.",
    controller: "Personuppgiftsansvarig",
    dpo: "Dataskyddsombud",
    source: "Varifrån uppgifterna kommer",
    supplier: "leverantör",
    categories: "Uppgifter vi har om dig",
    purposes: "Vad vi använder uppgifterna till",
    recipients_none: "inga",
    privacy_notice: "Mer om hur vi behandlar personuppgifter",
    objection_title: "Din rätt att invända mot direktmarknadsföring",
    objection_text: "Du har rätt att när som helst och utan kostnad invända mot att vi använder dina personuppgifter för direktmarknadsföring (dataskyddsförordningen artikel 21.2). Gör du det slutar vi genast att använda dem för direktmarknadsföring. Svara på detta meddelande eller kontakta oss för att invända.",
    preferences: "Välj vad du vill få från oss, eller stoppa all marknadsföring",
    sources: [
        "en befintlig kundrelation",
        "en adresslista som vi har köpt",
        "ett offentligt register",
        "någon som tipsade oss om dig",
    ],
};

const NB: Words = Words {
    subject: "Slik behandler vi personopplysningene dine",
    intro: "Vi har fått personopplysningene dine fra andre enn deg. Etter personvernforordningen (artikkel 14) skal vi da fortelle hvem vi er, hvor opplysningene kommer fra, hva vi bruker dem til og hvilke rettigheter du har.",
    controller: "Behandlingsansvarlig",
    dpo: "Personvernombud",
    source: "Hvor opplysningene kommer fra",
    supplier: "leverandør",
    categories: "Opplysninger vi har om deg",
    purposes: "Hva vi bruker opplysningene til",
    recipients_none: "ingen",
    privacy_notice: "Mer om hvordan vi behandler personopplysninger",
    objection_title: "Din rett til å protestere mot direkte markedsføring",
    objection_text: "Du har rett til når som helst og kostnadsfritt å protestere mot at vi bruker personopplysningene dine til direkte markedsføring (personvernforordningen artikkel 21 nr. 2). Gjør du det, slutter vi straks å bruke dem til direkte markedsføring. Svar på denne meldingen eller kontakt oss for å protestere.",
    preferences: "Velg hva du vil få fra oss, eller stopp all markedsføring",
    sources: [
        "et eksisterende kundeforhold",
        "en adresseliste vi har kjøpt",
        "et offentlig register",
        "noen som tipset oss om deg",
    ],
};

const DA: Words = Words {
    subject: "Sådan behandler vi dine personoplysninger",
    intro: "Vi har modtaget dine personoplysninger fra andre end dig. Efter databeskyttelsesforordningen (artikel 14) skal vi derfor fortælle dig, hvem vi er, hvor oplysningerne kommer fra, hvad vi bruger dem til, og hvilke rettigheder du har.",
    controller: "Dataansvarlig",
    dpo: "Databeskyttelsesrådgiver",
    source: "Hvor oplysningerne kommer fra",
    supplier: "leverandør",
    categories: "Oplysninger, vi har om dig",
    purposes: "Hvad vi bruger oplysningerne til",
    recipients_none: "ingen",
    privacy_notice: "Mere om, hvordan vi behandler personoplysninger",
    objection_title: "Din ret til at gøre indsigelse mod direkte markedsføring",
    objection_text: "Du har til enhver tid og gratis ret til at gøre indsigelse mod, at vi bruger dine personoplysninger til direkte markedsføring (databeskyttelsesforordningen artikel 21, stk. 2). Gør du det, holder vi straks op med at bruge dem til direkte markedsføring. Svar på denne besked, eller kontakt os for at gøre indsigelse.",
    preferences: "Vælg hvad du vil have fra os, eller stop al markedsføring",
    sources: [
        "et eksisterende kundeforhold",
        "en adresseliste, vi har købt",
        "et offentligt register",
        "en person, der anbefalede dig til os",
    ],
};

const FI: Words = Words {
    subject: "Näin käsittelemme henkilötietojasi",
    intro: "Olemme saaneet henkilötietosi muualta kuin sinulta itseltäsi. Tietosuoja-asetuksen 14 artiklan mukaan kerromme siksi, keitä olemme, mistä tiedot ovat peräisin, mihin käytämme niitä ja mitä oikeuksia sinulla on.",
    controller: "Rekisterinpitäjä",
    dpo: "Tietosuojavastaava",
    source: "Tietojen lähde",
    supplier: "toimittaja",
    categories: "Sinusta olevat tiedot",
    purposes: "Mihin käytämme tietoja",
    recipients_none: "ei ole",
    privacy_notice: "Lisää henkilötietojen käsittelystämme",
    objection_title: "Oikeutesi vastustaa suoramarkkinointia",
    objection_text: "Sinulla on oikeus milloin tahansa ja maksutta vastustaa henkilötietojesi käyttöä suoramarkkinointiin (tietosuoja-asetuksen 21 artiklan 2 kohta). Jos vastustat, lopetamme tietojesi käytön suoramarkkinointiin heti. Vastaa tähän viestiin tai ota meihin yhteyttä.",
    preferences: "Valitse, mitä haluat meiltä saada, tai lopeta kaikki markkinointi",
    sources: [
        "olemassa oleva asiakassuhde",
        "ostamamme osoiteluettelo",
        "julkinen rekisteri",
        "henkilö, joka suositteli sinua meille",
    ],
};

const EN: Words = Words {
    subject: "How we process your personal data",
    intro: "We have obtained your personal data from someone other than you. The GDPR (Article 14) requires us to tell you who we are, where the data came from, what we use it for and what your rights are.",
    controller: "Controller",
    dpo: "Data protection officer",
    source: "Where the data came from",
    supplier: "supplier",
    categories: "The data we hold about you",
    purposes: "What we use the data for",
    recipients_none: "none",
    privacy_notice: "More about how we process personal data",
    objection_title: "Your right to object to direct marketing",
    objection_text: "You have the right to object at any time, free of charge, to our use of your personal data for direct marketing (GDPR Article 21(2)). If you do, we stop using it for direct marketing at once. Reply to this message or contact us to object.",
    preferences: "Choose what you hear from us, or stop all marketing",
    sources: [
        "an existing customer relationship",
        "a list of addresses we bought",
        "a public register",
        "someone who referred you to us",
    ],
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::Sv => &SV,
        Lang::Nb => &NB,
        Lang::Da => &DA,
        Lang::Fi => &FI,
        Lang::En => &EN,
    }
}

/// The source in words, with its supplier.
pub(crate) fn source_words(lang: Lang, source: Source, supplier: Option<&str>) -> String {
    let w = words(lang);
    let text = match source {
        Source::Subject => "",
        Source::CustomerRelationship => w.sources[0],
        Source::PurchasedList => w.sources[1],
        Source::PublicRegister => w.sources[2],
        Source::Referral => w.sources[3],
    };
    match supplier.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => format!("{text} ({}: {s})", w.supplier),
        None => text.to_owned(),
    }
}

/// The notice, as `(subject, body)`; with the channel `sms` the whole text without greeting.
pub(crate) fn art14_notice(
    language: &str,
    channel: &str,
    facts: &Art14Facts<'_>,
) -> (String, String) {
    let cx = Cx::new(language, channel, facts.controller.into());
    let lang = cx.lang;
    let w = words(lang);
    let t = report_texts(lang);
    let c = facts.controller;
    let mut text = String::new();
    let intro = facts
        .intro
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .unwrap_or(w.intro);
    text.push_str(intro);

    // Art. 14(1)(a)-(b): who, and the DPO.
    text.push_str(&format!("\n\n{}: {}", w.controller, c.name.trim()));
    let dpo: Vec<&str> = [&c.dpo_name, &c.dpo_email, &c.dpo_phone]
        .into_iter()
        .filter_map(|v| v.as_deref().map(str::trim).filter(|v| !v.is_empty()))
        .collect();
    if !dpo.is_empty() {
        text.push_str(&format!("\n{}: {}", w.dpo, dpo.join(", ")));
    }
    // Art. 14(2)(f): the source.
    text.push_str(&format!(
        "\n{}: {}",
        w.source,
        source_words(lang, facts.source, facts.supplier)
    ));
    // Art. 14(1)(d): the categories of data.
    let fields: Vec<String> = facts.fields.iter().map(|f| field_label(lang, f)).collect();
    if !fields.is_empty() {
        text.push_str(&format!("\n{}: {}", w.categories, fields.join(", ")));
    }
    // Art. 14(1)(c), (e), 14(2)(a)-(b): purposes, legal bases (the legitimate interests in the
    // purpose's description), recipients and how long.
    if !facts.purposes.is_empty() {
        text.push_str(&format!("\n\n{}:", w.purposes));
        for p in facts.purposes {
            let purpose = &p.purpose;
            let mut line = format!("\n- {}", purpose.name.trim());
            if let Some(d) = sentence(&purpose.description) {
                line.push_str(&format!(": {d}"));
            } else {
                line.push('.');
            }
            let recipients = if p.recipients.is_empty() {
                w.recipients_none.to_owned()
            } else {
                p.recipients.join(", ")
            };
            let retention = purpose.retention.map(|r| r.to_string());
            line.push_str(&format!(
                " {}: {}. {}: {}. {}: {}.",
                t.col_legal_basis,
                t.legal_basis(purpose.legal_basis.as_str()),
                t.col_retention,
                t.retention(retention.as_deref()),
                t.col_recipients,
                recipients,
            ));
            text.push_str(&line);
        }
    }
    if let Some(url) = c
        .privacy_notice_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        text.push_str(&format!("\n\n{}: {url}", w.privacy_notice));
    }
    // Art. 14(2)(c)-(e): the rights, and the authority to complain to.
    text.push_str(&format!("\n\n{}\n{}", t.rights_title, t.rights_text));
    if let Some(authority) = authority_of(c.country.map(|c| c.code())) {
        text.push_str(&format!(
            "\n{}",
            t.authority.replace("{authority}", authority)
        ));
    }
    // Art. 21(4): the right to object to direct marketing, clearly and separately.
    text.push_str(&format!(
        "\n\n{}\n{}",
        w.objection_title.to_uppercase(),
        w.objection_text
    ));
    if let Some(link) = &facts.preference_link {
        text.push_str(&format!("\n{}: {link}", w.preferences));
    }
    cx.render(w.subject, text.clone(), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;
    use vern_core::{ChannelSet, ControllerId, LegalBasis, Purpose, PurposeKey};

    fn controller() -> Controller {
        Controller {
            id: ControllerId(1),
            key: "acme".into(),
            name: "Acme AB".into(),
            country: Some(vern_core::Country::Se),
            default_region: "SE".into(),
            dpo_name: Some("Dana Dpo".into()),
            dpo_email: Some("dpo@acme.example".into()),
            dpo_phone: None,
            privacy_notice_url: Some("https://acme.example/privacy".into()),
            rules: vern_core::RuleSet::default(),
            public_form: true,
            time_zone: None,
            created_at: datetime!(2027-01-01 00:00 UTC),
            updated_at: datetime!(2027-01-01 00:00 UTC),
        }
    }

    fn purpose() -> PurposeRecord {
        PurposeRecord {
            controller: ControllerId(1),
            purpose: Purpose {
                key: PurposeKey::parse("letters").unwrap(),
                name: "Offers by letter".into(),
                legal_basis: LegalBasis::LegitimateInterests,
                direct_marketing: true,
                channels: ChannelSet::ALL,
                retention: Some(vern_core::Retention::months(24)),
                description: "We send offers on our products by post".into(),
                dk_telemarketing_exception: false,
                product_category: None,
                retention_from: None,
            },
            recipients: vec!["PostNord (printing)".into()],
            processors: Vec::new(),
            data_source: None,
            holds_fields: Vec::new(),
            created_at: datetime!(2027-01-01 00:00 UTC),
            updated_at: datetime!(2027-01-01 00:00 UTC),
        }
    }

    #[test]
    fn every_language_holds_every_article_14_fact_and_the_objection_right_separately() {
        // GDPR Art. 14(1)-(2) and Art. 21(4).
        let c = controller();
        let purposes = [purpose()];
        let facts = Art14Facts {
            controller: &c,
            source: Source::PurchasedList,
            supplier: Some("Listbroker AB"),
            fields: vec!["name".into(), "emails".into()],
            purposes: &purposes,
            intro: None,
            preference_link: Some("https://vern.example.se/p/AQ".into()),
        };
        for lang in Lang::ALL {
            let w = words(lang);
            let (subject, body) = art14_notice(lang.code(), "email", &facts);
            assert!(subject.contains("Acme AB"), "{subject}");
            for needle in [
                "Acme AB",
                "dpo@acme.example",
                "Listbroker AB",
                w.sources[1],
                "Offers by letter",
                "PostNord (printing)",
                "24",
                "https://acme.example/privacy",
                w.objection_text,
                &w.objection_title.to_uppercase(),
                report_texts(lang).rights_text,
                &format!("{}: https://vern.example.se/p/AQ", w.preferences),
            ] {
                assert!(body.contains(needle), "{lang:?} lacks {needle:?}:\n{body}");
            }
            // The objection stands apart, in its own paragraph.
            assert!(body.contains(&format!("\n\n{}\n", w.objection_title.to_uppercase())));
        }
        // A controller's own introduction replaces the default one only.
        let own = Art14Facts {
            intro: Some("Hej från Acme!"),
            ..facts
        };
        let (_, body) = art14_notice("sv", "email", &own);
        assert!(body.contains("Hej från Acme!"));
        assert!(!body.contains(SV.intro));
        assert!(body.contains(SV.objection_text));
    }
}
