//! Every text of the access report and the share page, in Swedish, Norwegian (bokmål), Danish,
//! Finnish and English.
//!
//! One table, one row per text with its five translations side by side (the same layout as the
//! staff UI's `ui/i18n.rs`): a text cannot be added in one language and forgotten in another,
//! because the row would not compile.

use super::DISCLOSURE_KINDS;
use crate::lang::Lang;

macro_rules! texts {
    ($($(#[doc = $doc:literal])* $key:ident: $ty:ty => [$sv:expr, $nb:expr, $da:expr, $fi:expr, $en:expr $(,)?],)*) => {
        /// Every text of the pages, in one language.
        #[derive(Debug)]
        pub(crate) struct Texts {
            $(
                $(#[doc = $doc])*
                pub(crate) $key: $ty,
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

#[rustfmt::skip]
texts! {
    /// The language code.
    code: &'static str => ["sv", "nb", "da", "fi", "en"],
    /// The share page's title.
    share_title: &'static str => ["Dina personuppgifter", "Dine personopplysninger", "Dine personoplysninger", "Henkilötietosi", "Your personal data"],
    /// The staff report's title.
    report_title: &'static str => ["Registerutdrag", "Innsyn i personopplysninger", "Indsigt i personoplysninger", "Rekisteriote", "Access report: the personal data we hold"],
    /// `{controller}` is replaced.
    intro: &'static str => ["Här ser du vilka personuppgifter {controller} har om dig, varför de behandlas och med vilken rättslig grund.", "Her ser du hvilke personopplysninger {controller} har om deg, hvorfor de behandles og hvilket rettslig grunnlag som gjelder.", "Her kan du se, hvilke personoplysninger {controller} har om dig, hvorfor de behandles, og hvilket retsgrundlag der gælder.", "Tällä sivulla näet, mitä henkilötietoja {controller} käsittelee sinusta, miksi niitä käsitellään ja millä oikeusperusteella.", "This page shows the personal data {controller} holds about you, why it is processed and on what legal basis."],
    /// `{time}` is replaced.
    valid_until: &'static str => ["Länken fungerar till {time}.", "Lenken virker til {time}.", "Linket virker indtil {time}.", "Linkki toimii {time} asti.", "This link works until {time}."],
    /// `{time}` is replaced.
    generated: &'static str => ["Sammanställt {time}.", "Satt sammen {time}.", "Udarbejdet {time}.", "Koottu {time}.", "Prepared {time}."],
    /// Heading.
    controller: &'static str => ["Personuppgiftsansvarig", "Behandlingsansvarlig", "Dataansvarlig", "Rekisterinpitäjä", "Controller"],
    /// Label.
    dpo: &'static str => ["Dataskyddsombud", "Personvernombud", "Databeskyttelsesrådgiver", "Tietosuojavastaava", "Data protection officer"],
    /// Label.
    privacy_notice: &'static str => ["Integritetspolicy", "Personvernerklæring", "Privatlivspolitik", "Tietosuojaseloste", "Privacy notice"],
    /// Heading.
    downloads: &'static str => ["Ladda ner dina uppgifter", "Last ned opplysningene dine", "Download dine oplysninger", "Lataa tietosi", "Download your data"],
    /// Link text.
    download_csv: &'static str => ["Alla dina uppgifter som CSV-fil (öppnas i ett kalkylprogram)", "Alle opplysningene dine som CSV-fil (åpnes i et regneark)", "Alle dine oplysninger som CSV-fil (kan åbnes i et regneark)", "Kaikki tietosi CSV-tiedostona (avautuu taulukkolaskentaohjelmassa)", "All your data as a CSV file (opens in a spreadsheet)"],
    /// Link text.
    download_json: &'static str => ["Alla dina uppgifter som JSON-fil (maskinläsbar, för att flytta dem till en annan tjänst)", "Alle opplysningene dine som JSON-fil (maskinlesbar, for å flytte dem til en annen tjeneste)", "Alle dine oplysninger som JSON-fil (maskinlæsbar, til at flytte dem til en anden tjeneste)", "Kaikki tietosi JSON-tiedostona (koneluettava, siirtämiseen toiseen palveluun)", "All your data as a JSON file (machine-readable, to move it to another service)"],
    /// Section heading.
    sec_profile: &'static str => ["Om dig", "Om deg", "Om dig", "Perustiedot", "About you"],
    /// Section heading.
    sec_identifiers: &'static str => ["Kontaktuppgifter och identitetsuppgifter", "Kontaktopplysninger og identifikatorer", "Kontaktoplysninger og identifikatorer", "Yhteystiedot ja tunnisteet", "Contact details and identifiers"],
    /// Section heading.
    sec_custom_fields: &'static str => ["Övriga uppgifter och varför vi har dem", "Andre opplysninger og hvorfor vi har dem", "Andre oplysninger, og hvorfor vi har dem", "Muut tiedot ja miksi säilytämme niitä", "Other data, and why we keep it"],
    /// Section heading.
    sec_consents: &'static str => ["Dina samtycken", "Dine samtykker", "Dine samtykker", "Suostumuksesi", "Your consents"],
    /// Section heading.
    sec_consent_history: &'static str => ["Samtyckeshistorik", "Samtykkehistorikk", "Samtykkehistorik", "Suostumushistoria", "Consent history"],
    /// Section heading.
    sec_suppressions: &'static str => ["Invändningar och spärrar", "Protester og sperringer", "Indsigelser og spærringer", "Vastustamiset ja estot", "Objections and blocks"],
    /// Section heading.
    sec_restrictions: &'static str => ["Begränsningar av behandlingen", "Begrensninger av behandlingen", "Begrænsninger af behandlingen", "Käsittelyn rajoitukset", "Restrictions of processing"],
    /// Section heading.
    sec_activities: &'static str => ["Våra kontakter med dig", "Vår kontakt med deg", "Vores kontakt med dig", "Yhteydenottomme", "Our contacts with you"],
    /// Section heading.
    sec_deals: &'static str => ["Köp och erbjudanden", "Kjøp og tilbud", "Køb og tilbud", "Ostot ja tarjoukset", "Purchases and offers"],
    /// Section heading.
    sec_todos: &'static str => ["Planerade uppföljningar", "Planlagte oppfølginger", "Planlagte opfølgninger", "Suunnitellut jatkotoimet", "Planned follow-ups"],
    /// Section heading.
    sec_requests: &'static str => ["Dina begäranden", "Dine henvendelser", "Dine anmodninger", "Pyyntösi", "Your requests"],
    /// Section heading.
    sec_disclosures: &'static str => ["Utlämnanden av dina uppgifter", "Utleveringer av opplysningene dine", "Videregivelser af dine oplysninger", "Tietojesi luovutukset", "Disclosures of your data"],
    /// Section heading.
    sec_purposes: &'static str => ["Varför vi behandlar dina uppgifter", "Hvorfor vi behandler opplysningene dine", "Hvorfor vi behandler dine oplysninger", "Miksi käsittelemme tietojasi", "Why we process your data"],
    /// An empty section.
    empty: &'static str => ["Inget registrerat.", "Ingenting registrert.", "Intet registreret.", "Ei kirjattuja tietoja.", "Nothing recorded."],
    /// Column.
    col_field: &'static str => ["Uppgift", "Opplysning", "Oplysning", "Tieto", "Data"],
    /// Column.
    col_value: &'static str => ["Värde", "Verdi", "Værdi", "Arvo", "Value"],
    /// Column.
    col_type: &'static str => ["Typ", "Type", "Type", "Tyyppi", "Type"],
    /// Column.
    col_purpose: &'static str => ["Ändamål", "Formål", "Formål", "Käyttötarkoitus", "Purpose"],
    /// Column.
    col_legal_basis: &'static str => ["Rättslig grund", "Rettslig grunnlag", "Retsgrundlag", "Oikeusperuste", "Legal basis"],
    /// Column.
    col_channel: &'static str => ["Kanal", "Kanal", "Kanal", "Kanava", "Channel"],
    /// Column.
    col_state: &'static str => ["Status", "Status", "Status", "Tila", "Status"],
    /// Column.
    col_since: &'static str => ["Sedan", "Siden", "Siden", "Alkaen", "Since"],
    /// Column.
    col_when: &'static str => ["När", "Når", "Hvornår", "Milloin", "When"],
    /// Column.
    col_note: &'static str => ["Anteckning", "Notat", "Notat", "Muistiinpano", "Note"],
    /// Column.
    col_description: &'static str => ["Beskrivning", "Beskrivelse", "Beskrivelse", "Kuvaus", "Description"],
    /// Column.
    col_amount: &'static str => ["Belopp", "Beløp", "Beløb", "Summa", "Amount"],
    /// Column.
    col_opened: &'static str => ["Påbörjad", "Opprettet", "Oprettet", "Aloitettu", "Opened"],
    /// Column.
    col_closed: &'static str => ["Avslutad", "Avsluttet", "Afsluttet", "Päättynyt", "Closed"],
    /// Column.
    col_task: &'static str => ["Att göra", "Oppgave", "Opgave", "Tehtävä", "Task"],
    /// Column.
    col_due: &'static str => ["Senast", "Frist", "Frist", "Määräaika", "Due"],
    /// Column.
    col_done: &'static str => ["Klar", "Utført", "Udført", "Tehty", "Done"],
    /// Column.
    col_retention: &'static str => ["Sparas i", "Lagres i", "Opbevares i", "Säilytysaika", "Kept for"],
    /// Column.
    col_recipients: &'static str => ["Mottagare och personuppgiftsbiträden", "Mottakere og databehandlere", "Modtagere og databehandlere", "Vastaanottajat ja henkilötietojen käsittelijät", "Recipients and processors"],
    /// Column.
    col_data_source: &'static str => ["Varifrån uppgifterna kommer", "Hvor opplysningene kommer fra", "Hvor oplysningerne kommer fra", "Tietojen lähde", "Where the data comes from"],
    /// Column.
    col_source: &'static str => ["Källa", "Kilde", "Kilde", "Lähde", "Source"],
    /// Column.
    col_scope: &'static str => ["Gäller", "Gjelder", "Gælder", "Koskee", "Applies to"],
    /// Column.
    col_identifier: &'static str => ["Identitetsuppgift", "Identifikator", "Identifikator", "Tunniste", "Identifier"],
    /// Column.
    col_removed: &'static str => ["Borttagen", "Fjernet", "Fjernet", "Poistettu", "Removed"],
    /// Column.
    col_from: &'static str => ["Från", "Fra", "Fra", "Alkaen", "From"],
    /// Column.
    col_to: &'static str => ["Till", "Til", "Til", "Päättyen", "Until"],
    /// Column.
    col_reason: &'static str => ["Skäl", "Årsak", "Årsag", "Syy", "Reason"],
    /// Column.
    col_request: &'static str => ["Begäran", "Henvendelse", "Anmodning", "Pyyntö", "Request"],
    /// Column.
    col_received: &'static str => ["Mottagen", "Mottatt", "Modtaget", "Vastaanotettu", "Received"],
    /// Column.
    col_who: &'static str => ["Vem", "Hvem", "Hvem", "Kuka", "Who"],
    /// Column.
    col_event: &'static str => ["Händelse", "Hendelse", "Hændelse", "Tapahtuma", "Event"],
    /// Column.
    col_evidence: &'static str => ["Underlag", "Dokumentasjon", "Dokumentation", "Todisteet", "Evidence"],
    /// Profile row.
    name: &'static str => ["Namn", "Navn", "Navn", "Nimi", "Name"],
    /// Profile row.
    address: &'static str => ["Postadress", "Postadresse", "Postadresse", "Postiosoite", "Postal address"],
    /// Profile row.
    language: &'static str => ["Språk", "Språk", "Sprog", "Kieli", "Language"],
    /// Profile row.
    lists: &'static str => ["Kundlistor", "Kundelister", "Kundelister", "Asiakasryhmät", "Customer lists"],
    /// Profile row.
    registered: &'static str => ["Registrerad", "Registrert", "Registreret", "Rekisteröity", "Registered"],
    /// Profile row.
    updated: &'static str => ["Senast ändrad", "Sist endret", "Senest ændret", "Muutettu viimeksi", "Last changed"],
    /// Profile row.
    restricted: &'static str => ["Behandlingen begränsad", "Behandlingen begrenset", "Behandlingen begrænset", "Käsittely rajoitettu", "Processing restricted"],
    /// Yes.
    yes: &'static str => ["Ja", "Ja", "Ja", "Kyllä", "Yes"],
    /// No.
    no: &'static str => ["Nej", "Nei", "Nej", "Ei", "No"],
    /// Identifier kind.
    id_phone: &'static str => ["Telefon", "Telefon", "Telefon", "Puhelin", "Phone"],
    /// Identifier kind.
    id_email: &'static str => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    /// Identifier kind.
    id_national_id: &'static str => ["Personnummer", "Fødselsnummer", "Personnummer", "Henkilötunnus", "National identity number"],
    /// Channels, in [`vern_core::Channel::ALL`] order.
    channels: [&'static str; 7] => [["Telefonsamtal", "SMS", "MMS", "E-post", "Brev", "Meddelandeappar", "Personligen"], ["Telefonsamtale", "SMS", "MMS", "E-post", "Brev", "Meldingsapper", "Personlig oppmøte"], ["Telefonopkald", "SMS", "MMS", "E-mail", "Brev", "Beskedapps", "Personligt fremmøde"], ["Puhelu", "Tekstiviesti", "Multimediaviesti", "Sähköposti", "Kirje", "Pikaviestisovellukset", "Henkilökohtaisesti"], ["Phone call", "SMS", "MMS", "E-mail", "Letter", "Messaging apps", "In person"]],
    /// Consent states: granted, withdrawn, expired, unknown.
    states: [&'static str; 4] => [["Lämnat", "Återkallat", "Har upphört", "Inte lämnat"], ["Gitt", "Trukket tilbake", "Utløpt", "Ikke gitt"], ["Givet", "Trukket tilbage", "Udløbet", "Ikke givet"], ["Annettu", "Peruttu", "Vanhentunut", "Ei annettu"], ["Given", "Withdrawn", "Expired", "Not given"]],
    /// Legal bases, in [`vern_core::LegalBasis::ALL`] order.
    bases: [&'static str; 6] => [["Samtycke", "Avtal", "Rättslig förpliktelse", "Grundläggande intressen", "Uppgift av allmänt intresse", "Berättigat intresse"], ["Samtykke", "Avtale", "Rettslig forpliktelse", "Vitale interesser", "Oppgave i allmennhetens interesse", "Berettiget interesse"], ["Samtykke", "Kontrakt", "Retlig forpligtelse", "Vitale interesser", "Opgave i samfundets interesse", "Legitim interesse"], ["Suostumus", "Sopimus", "Lakisääteinen velvoite", "Elintärkeät edut", "Yleisen edun mukainen tehtävä", "Oikeutettu etu"], ["Consent", "Contract", "Legal obligation", "Vital interests", "Task in the public interest", "Legitimate interests"]],
    /// The article of a legal basis; `{letter}` is replaced (a … f).
    article: &'static str => ["GDPR art. 6.1 {letter}", "GDPR art. 6 nr. 1 bokstav {letter}", "GDPR art. 6, stk. 1, litra {letter}", "GDPR 6 artiklan 1 kohdan {letter} alakohta", "GDPR Art. 6(1)({letter})"],
    /// Retention units, singular and plural: years, months, days.
    units: [(&'static str, &'static str); 3] => [[("år", "år"), ("månad", "månader"), ("dag", "dagar")], [("år", "år"), ("måned", "måneder"), ("dag", "dager")], [("år", "år"), ("måned", "måneder"), ("dag", "dage")], [("vuosi", "vuotta"), ("kuukausi", "kuukautta"), ("päivä", "päivää")], [("year", "years"), ("month", "months"), ("day", "days")]],
    /// No retention stated.
    retention_none: &'static str => ["Inte angivet", "Ikke angitt", "Ikke angivet", "Ei määritelty", "Not stated"],
    /// Activity kinds: call, sms, email, meeting, note.
    activity_kinds: [&'static str; 5] => [["Samtal", "SMS", "E-post", "Möte", "Anteckning"], ["Samtale", "SMS", "E-post", "Møte", "Notat"], ["Opkald", "SMS", "E-mail", "Møde", "Notat"], ["Puhelu", "Tekstiviesti", "Sähköposti", "Tapaaminen", "Muistiinpano"], ["Call", "SMS", "E-mail", "Meeting", "Note"]],
    /// Request kinds, in [`vern_core::request::RequestKind::ALL`] order.
    request_kinds: [&'static str; 8] => [["Registerutdrag", "Rättelse", "Radering", "Begränsning", "Invändning", "Dataportabilitet", "Manuell prövning av ett automatiserat beslut", "Information"], ["Innsyn", "Retting", "Sletting", "Begrensning", "Protest", "Dataportabilitet", "Manuell vurdering av en automatisert avgjørelse", "Informasjon"], ["Indsigt", "Berigtigelse", "Sletning", "Begrænsning", "Indsigelse", "Dataportabilitet", "Menneskelig prøvelse af en automatisk afgørelse", "Oplysning"], ["Tietojen tarkastaminen", "Oikaiseminen", "Poistaminen", "Käsittelyn rajoittaminen", "Vastustaminen", "Tietojen siirtäminen", "Automaattisen päätöksen ihmisarviointi", "Tiedonsaanti"], ["Access to data", "Correction", "Erasure", "Restriction", "Objection", "Data portability", "Human review of an automated decision", "Information"]],
    /// Request states, in [`vern_core::request::RequestState::ALL`] order.
    request_states: [&'static str; 5] => [["Mottagen", "Identiteten kontrolleras", "Pågår", "Avslutad", "Avslagen"], ["Mottatt", "Identiteten kontrolleres", "Under behandling", "Fullført", "Avslått"], ["Modtaget", "Identiteten kontrolleres", "Under behandling", "Afsluttet", "Afvist"], ["Vastaanotettu", "Henkilöllisyyttä tarkistetaan", "Käsittelyssä", "Valmis", "Hylätty"], ["Received", "Verifying identity", "In progress", "Completed", "Refused"]],
    /// Disclosure kinds, in [`DISCLOSURE_KINDS`] order.
    disclosure_kinds: [&'static str; 4] => [["Registerutdrag sammanställt", "Din sida öppnades", "Dina uppgifter laddades ner", "Din inställningssida öppnades"], ["Innsynsrapport satt sammen", "Siden din ble åpnet", "Opplysningene dine ble lastet ned", "Innstillingssiden din ble åpnet"], ["Indsigtsrapport udarbejdet", "Din side blev åbnet", "Dine oplysninger blev downloadet", "Din indstillingsside blev åbnet"], ["Rekisteriote koottu", "Sivusi avattiin", "Tietosi ladattiin", "Asetussivusi avattiin"], ["Report prepared", "Your page was opened", "Your data was downloaded", "Your preference page was opened"]],
    /// A suppression for every controller.
    scope_all: &'static str => ["Alla företag", "Alle selskaper", "Alle virksomheder", "Kaikki yritykset", "All companies"],
    /// The global block list.
    blocklist: &'static str => ["Spärrlista", "Sperreliste", "Spærreliste", "Estolista", "Block list"],
    /// The person.
    by_you: &'static str => ["Du", "Du", "Dig", "Sinä", "You"],
    /// Staff.
    by_staff: &'static str => ["Personal", "Ansatte", "Medarbejdere", "Henkilöstö", "Staff"],
    /// vern itself.
    by_system: &'static str => ["Systemet", "Systemet", "Systemet", "Järjestelmä", "System"],
    /// Heading.
    rights_title: &'static str => ["Dina rättigheter", "Dine rettigheter", "Dine rettigheder", "Oikeutesi", "Your rights"],
    /// The rights.
    rights_text: &'static str => ["Du kan be oss rätta uppgifter som är fel, radera dina uppgifter, begränsa hur de används eller flytta dem till en annan tjänst. Du kan när som helst invända mot direktmarknadsföring och återkalla ett samtycke lika enkelt som du lämnade det. Kontakta oss eller vårt dataskyddsombud ovan. Du har också rätt att lämna klagomål till en tillsynsmyndighet för dataskydd.", "Du kan be oss rette opplysninger som er feil, slette opplysningene dine, begrense bruken av dem eller flytte dem til en annen tjeneste. Du kan når som helst protestere mot direkte markedsføring og trekke tilbake et samtykke like enkelt som du ga det. Kontakt oss eller personvernombudet vårt ovenfor. Du har også rett til å klage til en tilsynsmyndighet for personvern.", "Du kan bede os om at rette oplysninger, der er forkerte, slette dine oplysninger, begrænse brugen af dem eller flytte dem til en anden tjeneste. Du kan til enhver tid gøre indsigelse mod direkte markedsføring og trække et samtykke tilbage lige så let, som du gav det. Kontakt os eller vores databeskyttelsesrådgiver ovenfor. Du har også ret til at klage til en databeskyttelsesmyndighed.", "Voit pyytää meitä oikaisemaan virheelliset tiedot, poistamaan tietosi, rajoittamaan niiden käyttöä tai siirtämään ne toiseen palveluun. Voit milloin tahansa vastustaa suoramarkkinointia ja perua suostumuksen yhtä helposti kuin annoit sen. Ota yhteyttä meihin tai tietosuojavastaavaamme, jonka yhteystiedot ovat yllä. Sinulla on myös oikeus tehdä valitus tietosuojaviranomaiselle.", "You may ask us to correct data that is wrong, to erase your data, to restrict its use or to move it to another service. You may object to direct marketing at any time, and withdraw a consent as easily as you gave it. Contact us or our data protection officer above. You also have the right to complain to a data protection authority."],
    /// `{authority}` is replaced.
    authority: &'static str => ["Tillsynsmyndighet: {authority}", "Tilsynsmyndighet: {authority}", "Tilsynsmyndighed: {authority}", "Valvontaviranomainen: {authority}", "Data protection authority: {authority}"],
    /// Unknown link.
    not_found_title: &'static str => ["Länken finns inte", "Fant ikke lenken", "Linket findes ikke", "Linkkiä ei löydy", "Link not found"],
    /// Unknown link.
    not_found_text: &'static str => ["Vi hittar ingen sådan länk. Kontrollera att du har kopierat hela adressen, eller be oss om en ny länk.", "Vi finner ingen slik lenke. Kontroller at du har kopiert hele adressen, eller be oss om en ny lenke.", "Vi kan ikke finde et sådant link. Kontrollér, at du har kopieret hele adressen, eller bed os om et nyt link.", "Tällaista linkkiä ei ole. Tarkista, että kopioit koko osoitteen, tai pyydä meiltä uusi linkki.", "There is no such link. Check that you copied the whole address, or ask us for a new link."],
    /// Expired or revoked link.
    gone_title: &'static str => ["Länken gäller inte längre", "Lenken er ikke lenger gyldig", "Linket er ikke længere gyldigt", "Linkki ei ole enää voimassa", "This link is no longer valid"],
    /// Expired or revoked link.
    gone_text: &'static str => ["Av säkerhetsskäl fungerar en länk till dina uppgifter i 24 timmar och kan dras tillbaka. Be oss om en ny länk om du fortfarande vill se dina uppgifter.", "Av sikkerhetshensyn virker en lenke til opplysningene dine i 24 timer, og den kan trekkes tilbake. Be oss om en ny lenke hvis du fortsatt vil se opplysningene dine.", "Af sikkerhedshensyn virker et link til dine oplysninger i 24 timer, og det kan trækkes tilbage. Bed os om et nyt link, hvis du stadig vil se dine oplysninger.", "Turvallisuussyistä linkki tietoihisi toimii 24 tuntia, ja se voidaan perua. Pyydä meiltä uusi linkki, jos haluat yhä nähdä tietosi.", "For your security, a link to your data works for 24 hours and can be withdrawn. Ask us for a new link if you still want to see your data."],
    /// Rate limited.
    limited_title: &'static str => ["För många försök", "For mange forsøk", "For mange forsøg", "Liian monta yritystä", "Too many attempts"],
    /// Rate limited.
    limited_text: &'static str => ["För många länkar har prövats från ditt nätverk. Vänta några minuter och försök igen.", "For mange lenker er prøvd fra nettverket ditt. Vent noen minutter og prøv igjen.", "Der er prøvet for mange links fra dit netværk. Vent et par minutter, og prøv igen.", "Verkostasi on kokeiltu liian monta linkkiä. Odota muutama minuutti ja yritä uudelleen.", "Too many links have been tried from your network. Wait a few minutes and try again."],
    /// Failure.
    error_title: &'static str => ["Något gick fel", "Noe gikk galt", "Noget gik galt", "Jokin meni vikaan", "Something went wrong"],
    /// Failure.
    error_text: &'static str => ["Dina uppgifter kan inte visas just nu. Försök igen senare.", "Opplysningene dine kan ikke vises akkurat nå. Prøv igjen senere.", "Dine oplysninger kan ikke vises lige nu. Prøv igen senere.", "Tietojasi ei voi näyttää juuri nyt. Yritä myöhemmin uudelleen.", "Your data cannot be shown right now. Please try again later."],
}

impl Texts {
    pub(super) fn channel(&self, code: &str) -> String {
        vern_core::Channel::ALL
            .iter()
            .position(|c| c.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.channels[i].to_owned())
    }

    pub(super) fn consent_state(&self, code: &str) -> String {
        match code {
            "granted" => self.states[0],
            "withdrawn" => self.states[1],
            "expired" => self.states[2],
            _ => self.states[3],
        }
        .to_owned()
    }

    pub(crate) fn legal_basis(&self, code: &str) -> String {
        let Some(i) = vern_core::LegalBasis::ALL
            .iter()
            .position(|b| b.as_str() == code)
        else {
            return code.to_owned();
        };
        let letter = ["a", "b", "c", "d", "e", "f"][i];
        format!(
            "{} ({})",
            self.bases[i],
            self.article.replace("{letter}", letter)
        )
    }

    pub(crate) fn retention(&self, period: Option<&str>) -> String {
        let Some(period) = period else {
            return self.retention_none.to_owned();
        };
        let Some(rest) = period.strip_prefix('P') else {
            return period.to_owned();
        };
        let mut parts = Vec::new();
        let mut number = String::new();
        for c in rest.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let unit = match c {
                'Y' => 0,
                'M' => 1,
                'D' => 2,
                _ => return period.to_owned(),
            };
            let (one, many) = self.units[unit];
            let word = if number == "1" { one } else { many };
            if number != "0" {
                parts.push(format!("{number} {word}"));
            }
            number.clear();
        }
        if parts.is_empty() {
            return period.to_owned();
        }
        parts.join(", ")
    }

    pub(super) fn activity_kind(&self, code: &str) -> String {
        ["call", "sms", "email", "meeting", "note"]
            .iter()
            .position(|k| *k == code)
            .map_or_else(|| code.to_owned(), |i| self.activity_kinds[i].to_owned())
    }

    pub(super) fn request_kind(&self, code: &str) -> String {
        vern_core::request::RequestKind::ALL
            .iter()
            .position(|k| k.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.request_kinds[i].to_owned())
    }

    pub(super) fn request_state(&self, code: &str) -> String {
        vern_core::request::RequestState::ALL
            .iter()
            .position(|k| k.as_str() == code)
            .map_or_else(|| code.to_owned(), |i| self.request_states[i].to_owned())
    }

    pub(super) fn disclosure_kind(&self, code: &str) -> String {
        DISCLOSURE_KINDS
            .iter()
            .position(|k| *k == code)
            .map_or_else(|| code.to_owned(), |i| self.disclosure_kinds[i].to_owned())
    }

    pub(super) fn who(&self, actor: &str) -> String {
        if actor == "subject" {
            self.by_you
        } else if actor.starts_with("system:") {
            self.by_system
        } else {
            self.by_staff
        }
        .to_owned()
    }

    pub(super) fn identifier_kind(&self, code: &str) -> String {
        match code {
            "phone" => self.id_phone,
            "email" => self.id_email,
            "national_id" => self.id_national_id,
            other => other,
        }
        .to_owned()
    }

    pub(super) fn suppression_source(&self, source: &str) -> String {
        if source == "blocklist" {
            return self.blocklist.to_owned();
        }
        match source.strip_prefix("objection:") {
            Some(from) => format!("{} ({from})", self.request_kinds[4]),
            None => source.to_owned(),
        }
    }

    pub(super) fn yes_no(&self, b: bool) -> String {
        if b { self.yes } else { self.no }.to_owned()
    }
}

/// The native name of a language code.
pub(super) fn language_name(code: &str) -> String {
    match Lang::from_code(code) {
        Some(Lang::Sv) => "Svenska",
        Some(Lang::Nb) => "Norsk",
        Some(Lang::Da) => "Dansk",
        Some(Lang::Fi) => "Suomi",
        Some(Lang::En) => "English",
        None => code,
    }
    .to_owned()
}

/// The data protection authority of the controller's country.
pub(crate) fn authority_of(country: Option<&str>) -> Option<&'static str> {
    match country? {
        "SE" => Some("Integritetsskyddsmyndigheten (IMY), imy.se"),
        "NO" => Some("Datatilsynet, datatilsynet.no"),
        "DK" => Some("Datatilsynet, datatilsynet.dk"),
        "FI" => Some("Tietosuojavaltuutetun toimisto, tietosuoja.fi"),
        _ => None,
    }
}
