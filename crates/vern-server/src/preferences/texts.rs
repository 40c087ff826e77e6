//! The unsubscribe page's and the preference centre's texts in Swedish, Norwegian (bokmål),
//! Danish, Finnish and English: one row per text with its five translations, so that a text
//! cannot be added in one language and forgotten in another.

use vern_core::Channel;

use crate::lang::Lang;

macro_rules! texts {
    ($($key:ident => [$sv:expr, $nb:expr, $da:expr, $fi:expr, $en:expr $(,)?],)*) => {
        /// The pages' texts in one language.
        #[derive(Debug)]
        pub(crate) struct Texts {
            $(
                #[allow(missing_docs)]
                pub(crate) $key: &'static str,
            )*
        }

        static SV: Texts = Texts { $($key: $sv,)* };
        static NB: Texts = Texts { $($key: $nb,)* };
        static DA: Texts = Texts { $($key: $da,)* };
        static FI: Texts = Texts { $($key: $fi,)* };
        static EN: Texts = Texts { $($key: $en,)* };
    };
}

/// The texts of a language.
pub(crate) fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Sv => &SV,
        Lang::Nb => &NB,
        Lang::Da => &DA,
        Lang::Fi => &FI,
        Lang::En => &EN,
    }
}

impl Texts {
    /// A channel, as the person reads it.
    pub(crate) fn channel(&self, channel: Channel) -> &'static str {
        match channel {
            Channel::Phone => self.ch_phone,
            Channel::Sms => self.ch_sms,
            Channel::Mms => self.ch_mms,
            Channel::Email => self.ch_email,
            Channel::Post => self.ch_post,
            Channel::Messaging => self.ch_messaging,
            Channel::InPerson => self.ch_in_person,
        }
    }
}

texts! {
    unsubscribe_title => ["Avregistrering", "Avmelding", "Afmelding", "Tilauksen peruminen", "Unsubscribe"],
    unsubscribe_ask => ["Vill du sluta få e-post om detta från", "Vil du slutte å få e-post om dette fra", "Vil du stoppe med at få e-mails om dette fra", "Haluatko lopettaa tätä koskevat sähköpostit lähettäjältä", "Do you want to stop receiving e-mail about this from"],
    unsubscribe_ask_objection => ["Vill du invända mot direktreklam och sluta få marknadsföring i alla kanaler från", "Vil du protestere mot direkte markedsføring og slutte å få markedsføring i alle kanaler fra", "Vil du gøre indsigelse mod direkte markedsføring og stoppe med at få markedsføring i alle kanaler fra", "Haluatko vastustaa suoramarkkinointia ja lopettaa markkinoinnin kaikissa kanavissa lähettäjältä", "Do you want to object to direct marketing and stop receiving marketing on any channel from"],
    unsubscribe_button => ["Ja, avregistrera mig", "Ja, meld meg av", "Ja, afmeld mig", "Kyllä, peru tilaukseni", "Yes, unsubscribe me"],
    unsubscribed_consent => ["Klart. Du får inte längre e-post om detta från", "Ferdig. Du får ikke lenger e-post om dette fra", "Færdig. Du får ikke længere e-mails om dette fra", "Valmis. Et saa enää tätä koskevia sähköposteja lähettäjältä", "Done. You will no longer receive e-mail about this from"],
    unsubscribed_objection => ["Klart. Din invändning mot direktreklam är registrerad: du får inte längre marknadsföring i någon kanal från", "Ferdig. Innsigelsen din mot direkte markedsføring er registrert: du får ikke lenger markedsføring i noen kanal fra", "Færdig. Din indsigelse mod direkte markedsføring er registreret: du får ikke længere markedsføring i nogen kanal fra", "Valmis. Suoramarkkinoinnin vastustamisesi on kirjattu: et saa enää markkinointia missään kanavassa lähettäjältä", "Done. Your objection to direct marketing is recorded: you will no longer receive marketing on any channel from"],
    to_preferences => ["Välj själv vad du vill få", "Velg selv hva du vil få", "Vælg selv, hvad du vil have", "Valitse itse, mitä haluat saada", "Choose for yourself what you receive"],
    link_invalid => ["Länken gäller inte. Kontrollera att hela länken kom med, eller använd formuläret för begäran om dina personuppgifter.", "Lenken er ikke gyldig. Kontroller at hele lenken kom med, eller bruk skjemaet for forespørsler om personopplysningene dine.", "Linket er ikke gyldigt. Kontrollér, at hele linket kom med, eller brug formularen til anmodninger om dine personoplysninger.", "Linkki ei ole voimassa. Tarkista, että koko linkki tuli mukaan, tai käytä henkilötietojasi koskevien pyyntöjen lomaketta.", "This link is not valid. Check that the whole link came through, or use the form for requests about your personal data."],
    link_expired => ["Länken har gått ut. Använd avregistreringslänken i ett av våra senaste mejl för att komma hit igen.", "Lenken er utløpt. Bruk avmeldingslenken i en av våre siste e-poster for å komme hit igjen.", "Linket er udløbet. Brug afmeldingslinket i en af vores seneste e-mails for at komme hertil igen.", "Linkki on vanhentunut. Pääset tänne uudelleen viimeisimmän sähköpostimme peruutuslinkin kautta.", "This link has expired. Use the unsubscribe link in one of our recent e-mails to come back here."],
    link_gone => ["Det finns inga uppgifter om dig kvar att visa.", "Det finnes ingen opplysninger om deg igjen å vise.", "Der er ingen oplysninger om dig tilbage at vise.", "Sinusta ei ole enää tietoja näytettäväksi.", "There is no data about you left to show."],
    failed => ["Något gick fel hos oss. Inget har ändrats; försök igen om en stund.", "Noe gikk galt hos oss. Ingenting er endret; prøv igjen om litt.", "Noget gik galt hos os. Intet er ændret; prøv igen om lidt.", "Meillä tapahtui virhe. Mitään ei muutettu; yritä hetken kuluttua uudelleen.", "Something went wrong on our side. Nothing was changed; please try again in a while."],
    bad_form => ["Formuläret kom inte fram som det skulle. Inget har ändrats.", "Skjemaet kom ikke fram som det skulle. Ingenting er endret.", "Formularen kom ikke frem, som den skulle. Intet er ændret.", "Lomake ei tullut perille oikein. Mitään ei muutettu.", "The form did not arrive as it should. Nothing was changed."],
    preferences_title => ["Dina val", "Dine valg", "Dine valg", "Valintasi", "Your choices"],
    preferences_intro => ["Här bestämmer du vad du vill få från", "Her bestemmer du hva du vil få fra", "Her bestemmer du, hvad du vil have fra", "Täällä päätät, mitä haluat saada lähettäjältä", "Here you decide what you receive from"],
    preferences_none => ["Det finns inget att välja här: inget av det vi skickar kräver ditt samtycke.", "Det er ingenting å velge her: ingenting av det vi sender krever samtykket ditt.", "Der er intet at vælge her: intet af det, vi sender, kræver dit samtykke.", "Täällä ei ole valittavaa: mikään lähettämästämme ei edellytä suostumustasi.", "There is nothing to choose here: nothing we send needs your consent."],
    save => ["Spara mina val", "Lagre valgene mine", "Gem mine valg", "Tallenna valintani", "Save my choices"],
    saved => ["Dina val är sparade.", "Valgene dine er lagret.", "Dine valg er gemt.", "Valintasi on tallennettu.", "Your choices are saved."],
    unchanged => ["Inget ändrades: dina val var redan så.", "Ingenting ble endret: valgene dine var allerede slik.", "Intet blev ændret: dine valg var allerede sådan.", "Mitään ei muutettu: valintasi olivat jo nämä.", "Nothing changed: your choices were already these."],
    stop_all => ["Stoppa all marknadsföring till mig", "Stopp all markedsføring til meg", "Stop al markedsføring til mig", "Lopeta kaikki minulle suunnattu markkinointi", "Stop all marketing to me"],
    stop_all_note => ["Det registrerar en invändning mot direktreklam (artikel 21 i dataskyddsförordningen) i alla kanaler.", "Det registrerer en innsigelse mot direkte markedsføring (artikkel 21 i personvernforordningen) i alle kanaler.", "Det registrerer en indsigelse mod direkte markedsføring (artikel 21 i databeskyttelsesforordningen) i alle kanaler.", "Se kirjaa suoramarkkinoinnin vastustamisen (tietosuoja-asetuksen 21 artikla) kaikissa kanavissa.", "It records an objection to direct marketing (Article 21 of the GDPR) on every channel."],
    objection_standing => ["Du har invänt mot direktreklam: ingen marknadsföring når dig, vad du än väljer nedan. Vill du ha erbjudanden igen återkallar du invändningen i formuläret för begäran om dina personuppgifter.", "Du har protestert mot direkte markedsføring: ingen markedsføring når deg, uansett hva du velger nedenfor. Vil du få tilbud igjen, trekker du tilbake innsigelsen i skjemaet for forespørsler om personopplysningene dine.", "Du har gjort indsigelse mod direkte markedsføring: ingen markedsføring når dig, uanset hvad du vælger nedenfor. Vil du have tilbud igen, tilbagekalder du indsigelsen i formularen til anmodninger om dine personoplysninger.", "Olet vastustanut suoramarkkinointia: markkinointi ei tavoita sinua, valitsitpa alla mitä tahansa. Jos haluat taas tarjouksia, peru vastustus henkilötietojasi koskevien pyyntöjen lomakkeella.", "You have objected to direct marketing: no marketing reaches you, whatever you choose below. To receive offers again, withdraw the objection on the form for requests about your personal data."],
    objection_recorded => ["Din invändning mot direktreklam är registrerad: du får inte längre marknadsföring i någon kanal.", "Innsigelsen din mot direkte markedsføring er registrert: du får ikke lenger markedsføring i noen kanal.", "Din indsigelse mod direkte markedsføring er registreret: du får ikke længere markedsføring i nogen kanal.", "Suoramarkkinoinnin vastustamisesi on kirjattu: et saa enää markkinointia missään kanavassa.", "Your objection to direct marketing is recorded: you will no longer receive marketing on any channel."],
    no_identifier => ["Vi har ingen e-postadress eller inget telefonnummer för dig att registrera invändningen för. Använd formuläret för begäran om dina personuppgifter.", "Vi har ingen e-postadresse eller telefonnummer for deg å registrere innsigelsen for. Bruk skjemaet for forespørsler om personopplysningene dine.", "Vi har ingen e-mailadresse eller intet telefonnummer for dig at registrere indsigelsen for. Brug formularen til anmodninger om dine personoplysninger.", "Meillä ei ole sähköpostiosoitettasi tai puhelinnumeroasi, jolle vastustuksen voisi kirjata. Käytä henkilötietojasi koskevien pyyntöjen lomaketta.", "We hold no e-mail address or phone number of yours to record the objection for. Please use the form for requests about your personal data."],
    gpc_honoured => ["Din webbläsare skickar signalen Global Privacy Control. Vi har tagit den som din invändning mot direktreklam och profilering för marknadsföring: du får inte längre marknadsföring i någon kanal.", "Nettleseren din sender signalet Global Privacy Control. Vi har tatt det som din innsigelse mot direkte markedsføring og profilering for markedsføring: du får ikke lenger markedsføring i noen kanal.", "Din browser sender signalet Global Privacy Control. Vi har taget det som din indsigelse mod direkte markedsføring og profilering til markedsføring: du får ikke længere markedsføring i nogen kanal.", "Selaimesi lähettää Global Privacy Control -signaalin. Olemme kirjanneet sen suoramarkkinoinnin ja markkinointiprofiloinnin vastustamiseksi: et saa enää markkinointia missään kanavassa.", "Your browser sends the Global Privacy Control signal. We have taken it as your objection to direct marketing and to profiling for marketing: you will no longer receive marketing on any channel."],
    ch_phone => ["Telefonsamtal", "Telefonsamtaler", "Telefonopkald", "Puhelut", "Phone calls"],
    ch_sms => ["SMS", "SMS", "SMS", "Tekstiviestit", "Text messages"],
    ch_mms => ["MMS", "MMS", "MMS", "Multimediaviestit", "Picture messages"],
    ch_email => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    ch_post => ["Brev", "Brev", "Breve", "Kirjeet", "Letters"],
    ch_messaging => ["Meddelandeappar", "Meldingsapper", "Beskedapps", "Viestisovellukset", "Messaging apps"],
    ch_in_person => ["Personliga möten", "Personlige møter", "Personlige møder", "Henkilökohtaiset tapaamiset", "In person"],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_own_words() {
        // A row copied into a language without translating shows as the English text there.
        for lang in [Lang::Sv, Lang::Nb, Lang::Da, Lang::Fi] {
            let t = texts(lang);
            assert_ne!(t.unsubscribe_button, EN.unsubscribe_button, "{lang:?}");
            assert_ne!(t.gpc_honoured, EN.gpc_honoured, "{lang:?}");
            assert_ne!(t.save, EN.save, "{lang:?}");
        }
        assert_eq!(texts(Lang::Fi).channel(Channel::Email), "Sähköposti");
    }
}
