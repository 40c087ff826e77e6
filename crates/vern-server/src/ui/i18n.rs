//! Every text of the staff UI in Swedish, Norwegian (bokmål), Danish, Finnish and English.
//!
//! One table, one row per text with its five translations side by side: a text cannot be added
//! in one language and forgotten in another, because the row would not compile.

use vern_core::register::Register;
use vern_core::request::{RequestKind, RequestState};
use vern_core::{Channel, Role};

use crate::lang::Lang;

macro_rules! texts {
    ($($key:ident => [$sv:expr, $nb:expr, $da:expr, $fi:expr, $en:expr $(,)?],)*) => {
        /// The UI's texts in one language.
        #[derive(Debug)]
        pub(crate) struct Texts {
            /// The language code, as in `<html lang>`.
            pub(crate) code: &'static str,
            $(
                #[allow(missing_docs)]
                pub(crate) $key: &'static str,
            )*
        }

        static SV: Texts = Texts { code: "sv", $($key: $sv,)* };
        static NB: Texts = Texts { code: "nb", $($key: $nb,)* };
        static DA: Texts = Texts { code: "da", $($key: $da,)* };
        static FI: Texts = Texts { code: "fi", $($key: $fi,)* };
        static EN: Texts = Texts { code: "en", $($key: $en,)* };
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

texts! {
    language_name => ["Svenska", "Norsk (bokmål)", "Dansk", "Suomi", "English"],
    skip_to_content => ["Hoppa till innehållet", "Hopp til innholdet", "Spring til indholdet", "Siirry sisältöön", "Skip to content"],
    nav_label => ["Huvudmeny", "Hovedmeny", "Hovedmenu", "Päävalikko", "Main menu"],
    nav_inbox => ["Ärenden", "Saker", "Sager", "Pyynnöt", "Inbox"],
    nav_people => ["Personer", "Personer", "Personer", "Henkilöt", "People"],
    nav_check => ["Kontrollera", "Sjekk", "Tjek", "Tarkista", "Check"],
    nav_wash => ["Tvätta lista", "Vask liste", "Vask liste", "Listan puhdistus", "Wash a list"],
    nav_blocklist => ["Spärrlista", "Sperreliste", "Spærreliste", "Estolista", "Block list"],
    nav_registers => ["Register", "Registre", "Registre", "Rekisterit", "Registers"],
    nav_purposes => ["Ändamål", "Formål", "Formål", "Käyttötarkoitukset", "Purposes"],
    nav_processors => ["Biträden", "Databehandlere", "Databehandlere", "Käsittelijät", "Processors"],
    processors_title => ["Personuppgiftsbiträdesavtal", "Databehandleravtaler", "Databehandleraftaler", "Henkilötietojen käsittelysopimukset", "Processor agreements"],
    processors_intro => ["Avtalen med personuppgiftsbiträden (GDPR art. 28): de som löper ut inom 30 dagar, har löpt ut eller ska ses över visas först.", "Avtalene med databehandlere (GDPR art. 28): de som utløper innen 30 dager, er utløpt eller skal gjennomgås, vises først.", "Aftalerne med databehandlere (GDPR art. 28): dem, der udløber inden for 30 dage, er udløbet eller skal gennemgås, vises først.", "Sopimukset henkilötietojen käsittelijöiden kanssa (GDPR 28 art.): 30 päivän sisällä päättyvät, päättyneet ja tarkistamattomat ensin.", "The agreements with processors (GDPR Art. 28): those expiring within 30 days, expired, or overdue for review come first."],
    processors_attention => ["Behöver åtgärdas", "Trenger oppfølging", "Kræver opfølgning", "Vaatii toimia", "Needs attention"],
    processors_in_force => ["Gällande avtal", "Gjeldende avtaler", "Gældende aftaler", "Voimassa olevat sopimukset", "Agreements in force"],
    processors_none => ["Inga avtal är registrerade.", "Ingen avtaler er registrert.", "Ingen aftaler er registreret.", "Sopimuksia ei ole kirjattu.", "No agreements are recorded."],
    processors_unlinked => ["Mottagare i fritext utan avtal", "Mottakere i fritekst uten avtale", "Modtagere i fritekst uden aftale", "Vapaatekstivastaanottajat ilman sopimusta", "Free-text recipients with no agreement"],
    processors_suggestion => ["Avtal med samma namn", "Avtale med samme navn", "Aftale med samme navn", "Samanniminen sopimus", "Agreement of the same name"],
    processor_col => ["Biträde", "Databehandler", "Databehandler", "Käsittelijä", "Processor"],
    agreement_signed => ["Undertecknat", "Signert", "Underskrevet", "Allekirjoitettu", "Signed"],
    agreement_expires => ["Löper ut", "Utløper", "Udløber", "Päättyy", "Expires"],
    agreement_review => ["Översyn", "Gjennomgang", "Gennemgang", "Tarkistus", "Review"],
    agreement_transfer => ["Överföring till tredje land", "Overføring til tredjeland", "Overførsel til tredjeland", "Siirto kolmanteen maahan", "Third-country transfer"],
    agreement_status => ["Status", "Status", "Status", "Tila", "Status"],
    agreement_expired => ["Utgånget", "Utløpt", "Udløbet", "Päättynyt", "Expired"],
    agreement_expiring => ["Löper snart ut", "Utløper snart", "Udløber snart", "Päättymässä", "Expiring"],
    agreement_review_overdue => ["Översyn försenad", "Gjennomgang forsinket", "Gennemgang forsinket", "Tarkistus myöhässä", "Review overdue"],
    agreement_in_force => ["Gäller", "Gjelder", "Gælder", "Voimassa", "In force"],
    nav_ledger => ["Logg", "Logg", "Log", "Loki", "Ledger"],
    nav_users => ["Användare", "Brukere", "Brugere", "Käyttäjät", "Users"],
    nav_settings => ["Inställningar", "Innstillinger", "Indstillinger", "Asetukset", "Settings"],
    sign_in => ["Logga in", "Logg inn", "Log ind", "Kirjaudu sisään", "Sign in"],
    sign_in_intro => ["Logga in med din e-postadress och ditt lösenord.", "Logg inn med e-postadressen og passordet ditt.", "Log ind med din e-mailadresse og din adgangskode.", "Kirjaudu sähköpostiosoitteellasi ja salasanallasi.", "Sign in with your e-mail address and password."],
    sign_in_failed => ["Fel e-postadress eller lösenord.", "Feil e-postadresse eller passord.", "Forkert e-mailadresse eller adgangskode.", "Väärä sähköpostiosoite tai salasana.", "Wrong e-mail address or password."],
    sign_out => ["Logga ut", "Logg ut", "Log ud", "Kirjaudu ulos", "Sign out"],
    email => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    password => ["Lösenord", "Passord", "Adgangskode", "Salasana", "Password"],
    too_many_title => ["För många försök", "For mange forsøk", "For mange forsøg", "Liian monta yritystä", "Too many attempts"],
    too_many_text => ["För många misslyckade inloggningar. Vänta tio minuter och försök igen.", "For mange mislykkede innlogginger. Vent ti minutter og prøv igjen.", "For mange mislykkede logins. Vent ti minutter, og prøv igen.", "Liian monta epäonnistunutta kirjautumista. Odota kymmenen minuuttia ja yritä uudelleen.", "Too many failed sign-ins. Wait ten minutes and try again."],
    times_in => ["Tider visas i", "Tider vises i", "Tidspunkter vises i", "Ajat näytetään aikavyöhykkeellä", "Times are shown in"],
    back_home => ["Till startsidan", "Til forsiden", "Til forsiden", "Etusivulle", "Back to the start page"],
    forbidden_title => ["Inte tillåtet", "Ikke tillatt", "Ikke tilladt", "Ei sallittu", "Not allowed"],
    forbidden_text => ["Din roll ger inte tillgång till den här sidan.", "Rollen din gir ikke tilgang til denne siden.", "Din rolle giver ikke adgang til denne side.", "Roolisi ei oikeuta tähän sivuun.", "Your role does not give access to this page."],
    not_found_title => ["Hittades inte", "Ikke funnet", "Ikke fundet", "Ei löytynyt", "Not found"],
    not_found_text => ["Det du letar efter finns inte (längre).", "Det du ser etter, finnes ikke (lenger).", "Det, du leder efter, findes ikke (længere).", "Etsimääsi ei ole (enää) olemassa.", "What you are looking for does not exist (any more)."],
    error_title => ["Något gick fel", "Noe gikk galt", "Noget gik galt", "Jokin meni vikaan", "Something went wrong"],
    error_text => ["Ett internt fel inträffade. Försök igen om en stund.", "Det oppstod en intern feil. Prøv igjen om litt.", "Der opstod en intern fejl. Prøv igen om lidt.", "Tapahtui sisäinen virhe. Yritä hetken kuluttua uudelleen.", "An internal error occurred. Try again in a moment."],
    refused_title => ["Kunde inte utföras", "Kunne ikke utføres", "Kunne ikke udføres", "Ei voitu suorittaa", "Could not be done"],
    not_done => ["Inget sparades:", "Ingenting ble lagret:", "Intet blev gemt:", "Mitään ei tallennettu:", "Nothing was saved:"],
    actions => ["Åtgärder", "Handlinger", "Handlinger", "Toiminnot", "Actions"],
    save => ["Spara", "Lagre", "Gem", "Tallenna", "Save"],
    cancel => ["Avbryt", "Avbryt", "Annuller", "Peruuta", "Cancel"],
    search => ["Sök", "Søk", "Søg", "Hae", "Search"],
    filter => ["Filtrera", "Filtrer", "Filtrér", "Suodata", "Filter"],
    filters => ["Filter", "Filtre", "Filtre", "Suodattimet", "Filters"],
    none => ["Inga.", "Ingen.", "Ingen.", "Ei yhtään.", "None."],
    more => ["Fler", "Flere", "Flere", "Lisää", "More"],
    older => ["Äldre poster", "Eldre oppføringer", "Ældre poster", "Vanhemmat merkinnät", "Older entries"],
    me => ["Jag", "Meg", "Mig", "Minä", "Me"],
    nobody => ["Ingen", "Ingen", "Ingen", "Ei kukaan", "Nobody"],
    not_yet => ["Inte än", "Ikke ennå", "Ikke endnu", "Ei vielä", "Not yet"],
    the_person => ["Den registrerade", "Den registrerte", "Den registrerede", "Rekisteröity", "The person"],
    command_line => ["Kommandoraden", "Kommandolinjen", "Kommandolinjen", "Komentorivi", "Command line"],
    sealed => ["Går inte längre att öppna (raderat).", "Kan ikke lenger åpnes (slettet).", "Kan ikke længere åbnes (slettet).", "Ei enää avattavissa (poistettu).", "Can no longer be opened (erased)."],
    sealed_short => ["förseglat", "forseglet", "forseglet", "sinetöity", "sealed"],
    sealed_help => ["Personuppgifter lagras förseglade med personens nyckel, aldrig i klartext i loggen.", "Personopplysninger lagres forseglet med personens nøkkel, aldri i klartekst i loggen.", "Personoplysninger gemmes forseglet med personens nøgle, aldrig i klartekst i loggen.", "Henkilötiedot tallennetaan henkilön avaimella sinetöityinä, ei koskaan selväkielisinä lokiin.", "Personal data is stored sealed with the person's key, never in the clear in the ledger."],
    role => ["Roll", "Rolle", "Rolle", "Rooli", "Role"],
    role_admin => ["Administratör", "Administrator", "Administrator", "Pääkäyttäjä", "Administrator"],
    role_privacy_officer => ["Dataskyddsansvarig", "Personvernansvarlig", "Databeskyttelsesansvarlig", "Tietosuojavastaava", "Privacy officer"],
    role_seller => ["Säljare", "Selger", "Sælger", "Myyjä", "Seller"],
    role_marketer => ["Marknadsförare", "Markedsfører", "Marketingmedarbejder", "Markkinoija", "Marketer"],
    role_auditor => ["Granskare", "Revisor", "Revisor", "Tarkastaja", "Auditor"],
    role_agent => ["Ombud", "Fullmektig", "Befuldmægtiget", "Valtuutettu edustaja", "Authorized agent"],
    role_gateway => ["SMS-gateway", "SMS-gateway", "SMS-gateway", "Tekstiviestiyhdyskäytävä", "SMS gateway"],

    nav_breaches => ["Incidenter", "Avvik", "Brud", "Tietoturvaloukkaukset", "Breaches"],
    breaches_title => ["Personuppgiftsincidenter", "Brudd på personopplysningssikkerheten", "Brud på persondatasikkerheden", "Henkilötietojen tietoturvaloukkaukset", "Personal-data breaches"],
    breaches_intro => ["Tillsynsmyndigheten ska underrättas inom 72 timmar från att ni fick vetskap om incidenten (artikel 33.1). Rött: under 12 timmar kvar eller försenat.", "Tilsynsmyndigheten skal varsles innen 72 timer etter at dere ble kjent med bruddet (artikkel 33 nr. 1). Rødt: under 12 timer igjen eller forsinket.", "Tilsynsmyndigheden skal underrettes inden 72 timer efter, at I er blevet bekendt med bruddet (artikel 33, stk. 1). Rødt: under 12 timer tilbage eller forsinket.", "Valvontaviranomaiselle on ilmoitettava 72 tunnin kuluessa siitä, kun loukkaus tuli tietoon (33 artiklan 1 kohta). Punainen: alle 12 tuntia jäljellä tai myöhässä.", "The supervisory authority must be notified within 72 hours of becoming aware (Art. 33(1)). Red: under 12 hours left, or overdue."],
    breaches_empty => ["Inga öppna incidenter.", "Ingen åpne avvik.", "Ingen åbne brud.", "Ei avoimia tietoturvaloukkauksia.", "No open breaches."],
    breaches_show_closed => ["Visa även avslutade", "Vis også avsluttede", "Vis også afsluttede", "Näytä myös suljetut", "Show closed ones too"],
    breach => ["Incident", "Avvik", "Brud", "Tietoturvaloukkaus", "Breach"],
    aware_at => ["Vetskap", "Kjent med", "Bekendt med", "Tullut tietoon", "Aware since"],
    occurred_at => ["Inträffade", "Inntraff", "Indtraf", "Tapahtui", "Occurred"],
    deadline => ["Tidsfrist (72 h)", "Frist (72 t)", "Frist (72 t)", "Määräaika (72 h)", "Deadline (72 h)"],
    hours_left => ["Timmar kvar", "Timer igjen", "Timer tilbage", "Tunteja jäljellä", "Hours left"],
    urgency_urgent => ["under 12 timmar kvar", "under 12 timer igjen", "under 12 timer tilbage", "alle 12 tuntia jäljellä", "under 12 hours left"],
    urgency_overdue => ["försenad", "forsinket", "forsinket", "myöhässä", "overdue"],
    risk => ["Risk", "Risiko", "Risiko", "Riski", "Risk"],
    risk_none => ["Inte bedömd", "Ikke vurdert", "Ikke vurderet", "Ei arvioitu", "Not assessed"],
    risk_unlikely => ["Osannolik risk", "Lite sannsynlig risiko", "Usandsynlig risiko", "Epätodennäköinen riski", "Unlikely to result in a risk"],
    risk_risk => ["Risk", "Risiko", "Risiko", "Riski", "Risk"],
    risk_high => ["Hög risk", "Høy risiko", "Høj risiko", "Korkea riski", "High risk"],
    stage_open => ["Öppen", "Åpen", "Åben", "Avoin", "Open"],
    stage_assessed => ["Bedömd", "Vurdert", "Vurderet", "Arvioitu", "Assessed"],
    stage_authority_notified => ["Myndigheten underrättad", "Tilsynet varslet", "Myndigheden underrettet", "Viranomaiselle ilmoitettu", "Authority notified"],
    stage_people_notified => ["De registrerade informerade", "De registrerte varslet", "De registrerede underrettet", "Rekisteröidyille ilmoitettu", "People notified"],
    stage_closed => ["Avslutad", "Avsluttet", "Afsluttet", "Suljettu", "Closed"],
    reasoning => ["Motivering", "Begrunnelse", "Begrundelse", "Perustelu", "Reasoning"],
    authority_notified => ["Myndigheten underrättad", "Tilsynet varslet", "Myndigheden underrettet", "Ilmoitettu viranomaiselle", "Authority notified"],
    authority_reference => ["Myndighetens diarienummer", "Tilsynets referanse", "Myndighedens journalnummer", "Viranomaisen diaarinumero", "Authority's reference"],
    reasons_for_delay => ["Skäl till förseningen", "Grunner til forsinkelsen", "Begrundelse for forsinkelsen", "Syyt viivästykseen", "Reasons for the delay"],
    people_notified => ["De registrerade informerade", "De registrerte varslet", "De registrerede underrettet", "Rekisteröidyille ilmoitettu", "People told"],
    people_exempt => ["Undantag enligt artikel 34.3", "Unntak etter artikkel 34 nr. 3", "Undtagelse efter artikel 34, stk. 3", "Poikkeus 34 artiklan 3 kohdan nojalla", "Art. 34(3) exemption"],
    nature => ["Vad som har hänt", "Hva som har skjedd", "Hvad der er sket", "Mitä tapahtui", "What happened"],
    subject_categories => ["Kategorier av registrerade", "Kategorier av registrerte", "Kategorier af registrerede", "Rekisteröityjen ryhmät", "Categories of people"],
    record_categories => ["Kategorier av personuppgifter", "Kategorier av personopplysninger", "Kategorier af personoplysninger", "Henkilötietoryhmät", "Categories of records"],
    approx_people => ["Ungefärligt antal registrerade", "Omtrentlig antall registrerte", "Omtrentligt antal registrerede", "Rekisteröityjen arvioitu määrä", "Approximate number of people"],
    approx_records => ["Ungefärligt antal poster", "Omtrentlig antall poster", "Omtrentligt antal poster", "Tietueiden arvioitu määrä", "Approximate number of records"],
    consequences => ["Sannolika konsekvenser", "Sannsynlige konsekvenser", "Sandsynlige konsekvenser", "Todennäköiset seuraukset", "Likely consequences"],
    measures => ["Vidtagna eller föreslagna åtgärder", "Tiltak som er truffet eller foreslått", "Trufne eller foreslåede foranstaltninger", "Toteutetut tai ehdotetut toimenpiteet", "Measures taken or proposed"],
    contact_point => ["Kontaktpunkt", "Kontaktpunkt", "Kontaktpunkt", "Yhteyspiste", "Contact point"],
    notices => ["Meddelanden till de registrerade", "Varsler til de registrerte", "Meddelelser til de registrerede", "Ilmoitukset rekisteröidyille", "Notices to the people"],
    notices_sent => ["skickade", "sendt", "sendt", "lähetetty", "sent"],
    notices_pending => ["väntar", "venter", "venter", "odottaa", "pending"],
    notices_failed => ["misslyckades", "mislyktes", "mislykkedes", "epäonnistui", "failed"],
    notices_no_address => ["utan adress", "uten adresse", "uden adresse", "ei osoitetta", "no address"],
    authority_document => ["Underrättelsen till tillsynsmyndigheten", "Varselet til tilsynsmyndigheten", "Underretningen til tilsynsmyndigheden", "Ilmoitus valvontaviranomaiselle", "The notification for the authority"],

    record_breach => ["Registrera en incident", "Registrer et avvik", "Registrér et brud", "Kirjaa tietoturvaloukkaus", "Record a breach"],
    assess_risk => ["Bedöm risken", "Vurder risikoen", "Vurdér risikoen", "Arvioi riski", "Assess the risk"],
    notify_authority => ["Myndigheten är underrättad", "Tilsynet er varslet", "Myndigheden er underrettet", "Viranomaiselle on ilmoitettu", "The authority was notified"],
    send_notice => ["Skicka meddelandet till de registrerade", "Send varselet til de registrerte", "Send meddelelsen til de registrerede", "Lähetä ilmoitus rekisteröidyille", "Send the notice to the people"],
    send_notice_help => ["Ett meddelande per person, på personens språk, till personer på dessa kundlistor eller med dessa uppgifter. Ingen får det två gånger. Endast vid hög risk (artikel 34).", "Én melding per person, på personens språk, til personer på disse kundelistene eller med disse opplysningene. Ingen får den to ganger. Bare ved høy risiko (artikkel 34).", "Én besked pr. person, på personens sprog, til personer på disse kundelister eller med disse oplysninger. Ingen får den to gange. Kun ved høj risiko (artikel 34).", "Yksi viesti henkilöä kohden hänen kielellään näiden asiakaslistojen henkilöille tai näillä tunnisteilla. Kukaan ei saa sitä kahdesti. Vain korkean riskin tapauksessa (34 artikla).", "One message per person, in their language, to the people on these customer lists or with these identifiers. Nobody gets it twice. Only for a high risk (Art. 34)."],
    customer_lists => ["Kundlistor (kommaseparerade)", "Kundelister (kommaseparert)", "Kundelister (kommasepareret)", "Asiakaslistat (pilkuin eroteltuina)", "Customer lists (comma-separated)"],
    identifiers_one_per_line => ["E-post, telefon eller personnummer, en per rad", "E-post, telefon eller fødselsnummer, én per linje", "E-mail, telefon eller CPR-nummer, én pr. linje", "Sähköposti, puhelin tai henkilötunnus, yksi riville", "E-mail, phone or national id, one per line"],
    close_breach => ["Avsluta incidenten", "Avslutt avviket", "Afslut bruddet", "Sulje tietoturvaloukkaus", "Close the breach"],

    inbox_title => ["Inkomna ärenden", "Innkomne saker", "Indkomne sager", "Saapuneet pyynnöt", "Request inbox"],
    inbox_empty => ["Inga ärenden matchar filtret.", "Ingen saker samsvarer med filteret.", "Ingen sager matcher filteret.", "Suodatinta vastaavia pyyntöjä ei ole.", "No requests match the filter."],
    state => ["Status", "Status", "Status", "Tila", "State"],
    kind => ["Typ", "Type", "Type", "Tyyppi", "Kind"],
    open_requests => ["Öppna", "Åpne", "Åbne", "Avoimet", "Open"],
    all_requests => ["Alla", "Alle", "Alle", "Kaikki", "All"],
    all_kinds => ["Alla typer", "Alle typer", "Alle typer", "Kaikki tyypit", "All kinds"],
    only_overdue => ["Bara försenade", "Bare forsinkede", "Kun forsinkede", "Vain myöhässä olevat", "Overdue only"],
    only_mine => ["Bara mina", "Bare mine", "Kun mine", "Vain omat", "Mine only"],
    received => ["Inkom", "Mottatt", "Modtaget", "Saapui", "Received"],
    due => ["Förfaller", "Frist", "Frist", "Määräaika", "Due"],
    days_left => ["Dagar kvar", "Dager igjen", "Dage tilbage", "Päiviä jäljellä", "Days left"],
    overdue => ["försenat", "forsinket", "forsinket", "myöhässä", "overdue"],
    overdue_by => ["Tidsfristen har passerats. Dagar kvar:", "Fristen er overskredet. Dager igjen:", "Fristen er overskredet. Dage tilbage:", "Määräaika on ylitetty. Päiviä jäljellä:", "The deadline has passed. Days left:"],
    assignee => ["Handläggare", "Saksbehandler", "Sagsbehandler", "Käsittelijä", "Assignee"],
    assign => ["Handläggare", "Saksbehandler", "Sagsbehandler", "Käsittelijä", "Assignee"],
    assign_to_me => ["Tilldela mig", "Tildel meg", "Tildel mig", "Ota itselle", "Assign to me"],
    kind_access => ["Registerutdrag", "Innsyn", "Indsigt", "Tarkastusoikeus", "Access"],
    kind_rectification => ["Rättelse", "Retting", "Berigtigelse", "Oikaisu", "Rectification"],
    kind_erasure => ["Radering", "Sletting", "Sletning", "Poistaminen", "Erasure"],
    kind_restriction => ["Begränsning", "Begrensning", "Begrænsning", "Käsittelyn rajoittaminen", "Restriction"],
    kind_objection => ["Invändning", "Innsigelse", "Indsigelse", "Vastustaminen", "Objection"],
    kind_portability => ["Dataportabilitet", "Dataportabilitet", "Dataportabilitet", "Siirto-oikeus", "Portability"],
    kind_human_review => ["Manuell prövning", "Manuell behandling", "Menneskelig prøvelse", "Ihmisen suorittama arviointi", "Human review"],
    kind_information => ["Information", "Informasjon", "Oplysning", "Informointi", "Information"],
    state_received => ["Mottaget", "Mottatt", "Modtaget", "Vastaanotettu", "Received"],
    state_verifying => ["Identitet kontrolleras", "Identitet kontrolleres", "Identitet kontrolleres", "Henkilöllisyyttä tarkistetaan", "Verifying"],
    state_in_progress => ["Pågår", "Under behandling", "Under behandling", "Käsittelyssä", "In progress"],
    state_completed => ["Avslutat", "Fullført", "Afsluttet", "Valmis", "Completed"],
    state_rejected => ["Avslaget", "Avslått", "Afvist", "Hylätty", "Rejected"],
    via_api => ["API", "API", "API", "API", "API"],
    via_letter => ["brev", "brev", "brev", "kirje", "letter"],
    via_call => ["telefon", "telefon", "telefon", "puhelu", "phone call"],
    via_email => ["e-post", "e-post", "e-mail", "sähköposti", "e-mail"],
    via_web_form => ["webbformulär", "nettskjema", "webformular", "verkkolomake", "web form"],
    via_in_person => ["personligen", "personlig oppmøte", "personligt fremmøde", "henkilökohtaisesti", "in person"],
    via_agent => ["ombud", "fullmektig", "befuldmægtiget", "valtuutettu edustaja", "authorized agent"],
    extended_by => ["förlängd med månader:", "forlenget med måneder:", "forlænget med måneder:", "jatkettu kuukausilla:", "extended by months:"],
    verified => ["Identitet kontrollerad", "Identitet bekreftet", "Identitet bekræftet", "Henkilöllisyys varmistettu", "Identity verified"],
    closed => ["Avslutat", "Avsluttet", "Afsluttet", "Suljettu", "Closed"],
    person => ["Person", "Person", "Person", "Henkilö", "Person"],
    person_unknown => ["Inte kopplat till en känd person", "Ikke knyttet til en kjent person", "Ikke knyttet til en kendt person", "Ei liitetty tunnettuun henkilöön", "Not tied to a known person"],
    open_person_card => ["Öppna personkortet", "Åpne personkortet", "Åbn personkortet", "Avaa henkilökortti", "Open the person card"],
    open_report => ["Registerutdrag", "Innsynsrapport", "Indsigtsrapport", "Tarkastusraportti", "Access report"],
    download_export => ["Ladda ner (CSV, zip)", "Last ned (CSV, zip)", "Download (CSV, zip)", "Lataa (CSV, zip)", "Download (CSV, zip)"],
    what_was_asked => ["Vad som begärdes", "Hva som ble bedt om", "Hvad der blev bedt om", "Mitä pyydettiin", "What was asked"],
    name => ["Namn", "Navn", "Navn", "Nimi", "Name"],
    phone => ["Telefon", "Telefon", "Telefon", "Puhelin", "Phone"],
    national_id => ["Personnummer", "Fødselsnummer", "CPR-nummer", "Henkilötunnus", "National id"],
    next_steps => ["Nästa steg", "Neste steg", "Næste skridt", "Seuraavat vaiheet", "Next steps"],
    verify_identity => ["Kontrollera identitet", "Bekreft identitet", "Bekræft identitet", "Varmista henkilöllisyys", "Verify identity"],
    verified_how => ["Hur identiteten kontrollerades", "Hvordan identiteten ble bekreftet", "Hvordan identiteten blev bekræftet", "Miten henkilöllisyys varmistettiin", "How identity was verified"],
    method_id_document => ["Id-handling", "Legitimasjon", "Legitimation", "Henkilöllisyystodistus", "Identity document"],
    method_bankid => ["BankID", "BankID", "MitID", "Pankkitunnukset", "BankID"],
    method_known_sender => ["Känd avsändare", "Kjent avsender", "Kendt afsender", "Tunnettu lähettäjä", "Known sender"],
    method_signed_letter => ["Undertecknat brev", "Signert brev", "Underskrevet brev", "Allekirjoitettu kirje", "Signed letter"],
    mark_verified => ["Markera som kontrollerad", "Merk som bekreftet", "Markér som bekræftet", "Merkitse varmistetuksi", "Mark as verified"],
    verify_with_code => ["Kontrollera med engångskod", "Bekreft med engangskode", "Bekræft med engangskode", "Varmista kertakoodilla", "Verify with a one-time code"],
    code_from_person => ["Koden personen fick", "Koden personen fikk", "Koden, personen fik", "Henkilön saama koodi", "The code the person received"],
    check_code => ["Kontrollera koden", "Sjekk koden", "Tjek koden", "Tarkista koodi", "Check the code"],
    code_mismatch => ["koden stämmer inte", "koden stemmer ikke", "koden passer ikke", "koodi ei täsmää", "the code does not match"],
    give_code_or_method => ["ange en kod eller hur identiteten kontrollerades", "oppgi en kode eller hvordan identiteten ble bekreftet", "angiv en kode, eller hvordan identiteten blev bekræftet", "anna koodi tai varmistustapa", "give a code or how identity was verified"],
    send_code => ["Skicka engångskod", "Send engangskode", "Send engangskode", "Lähetä kertakoodi", "Send a one-time code"],
    send_code_help => ["Koden skickas till den e-postadress eller det nummer vern redan har för personen.", "Koden sendes til e-postadressen eller nummeret vern allerede har for personen.", "Koden sendes til den e-mailadresse eller det nummer, vern allerede har for personen.", "Koodi lähetetään sähköpostiin tai numeroon, jonka vern jo tuntee.", "The code goes to the e-mail address or number vern already holds for the person."],
    extend => ["Förläng tidsfristen", "Forleng fristen", "Forlæng fristen", "Jatka määräaikaa", "Extend the deadline"],
    months => ["Månader", "Måneder", "Måneder", "Kuukautta", "Months"],
    reason_told => ["Skäl (meddelas personen)", "Begrunnelse (sendes til personen)", "Begrundelse (sendes til personen)", "Perustelu (kerrotaan henkilölle)", "Reason (told to the person)"],
    complete => ["Avsluta ärendet", "Fullfør saken", "Afslut sagen", "Päätä pyyntö", "Complete"],
    decision => ["Beslut", "Beslutning", "Afgørelse", "Päätös", "Decision"],
    decision_upheld => ["Invändningen bifalls", "Innsigelsen tas til følge", "Indsigelsen imødekommes", "Vastustus hyväksytään", "Upheld"],
    decision_rejected => ["Invändningen avslås", "Innsigelsen avslås", "Indsigelsen afvises", "Vastustus hylätään", "Rejected"],
    outcome_told => ["Vad som gjordes (meddelas personen)", "Hva som ble gjort (sendes til personen)", "Hvad der blev gjort (sendes til personen)", "Mitä tehtiin (kerrotaan henkilölle)", "What was done (told to the person)"],
    reject => ["Avslå", "Avslå", "Afvis", "Hylkää", "Reject"],
    reject_reason => ["Skäl, med rätten att klaga till tillsynsmyndigheten", "Begrunnelse, med retten til å klage til tilsynsmyndigheten", "Begrundelse, med retten til at klage til tilsynsmyndigheden", "Perustelu sekä oikeus valittaa valvontaviranomaiselle", "Reasons, with the right to complain to the authority"],
    add_note => ["Lägg till anteckning", "Legg til notat", "Tilføj note", "Lisää muistiinpano", "Add a note"],
    note => ["Anteckning", "Notat", "Note", "Muistiinpano", "Note"],
    log => ["Händelselogg", "Hendelseslogg", "Hændelseslog", "Tapahtumaloki", "Log"],
    when => ["När", "Når", "Hvornår", "Milloin", "When"],
    who => ["Vem", "Hvem", "Hvem", "Kuka", "Who"],
    what => ["Vad", "Hva", "Hvad", "Mitä", "What"],
    text => ["Text", "Tekst", "Tekst", "Teksti", "Text"],
    messages_sent => ["Meddelanden till personen", "Meldinger til personen", "Beskeder til personen", "Viestit henkilölle", "Messages to the person"],
    no_messages => ["Inga meddelanden har skickats.", "Ingen meldinger er sendt.", "Ingen beskeder er sendt.", "Viestejä ei ole lähetetty.", "No messages have been sent."],
    channel => ["Kanal", "Kanal", "Kanal", "Kanava", "Channel"],
    subject => ["Ämne", "Emne", "Emne", "Aihe", "Subject"],
    sent => ["Skickat", "Sendt", "Sendt", "Lähetetty", "Sent"],
    msg_pending => ["Väntar", "Venter", "Venter", "Odottaa", "Pending"],
    msg_sent => ["Skickat", "Sendt", "Sendt", "Lähetetty", "Sent"],
    msg_failed => ["Misslyckades", "Mislyktes", "Mislykkedes", "Epäonnistui", "Failed"],
    ev_received => ["Mottaget", "Mottatt", "Modtaget", "Vastaanotettu", "Received"],
    ev_verification_requested => ["Engångskod skickad", "Engangskode sendt", "Engangskode sendt", "Kertakoodi lähetetty", "Code sent"],
    ev_verified => ["Identitet kontrollerad", "Identitet bekreftet", "Identitet bekræftet", "Henkilöllisyys varmistettu", "Identity verified"],
    ev_extended => ["Tidsfristen förlängd", "Fristen forlenget", "Fristen forlænget", "Määräaikaa jatkettu", "Deadline extended"],
    ev_completed => ["Avslutat", "Fullført", "Afsluttet", "Päätetty", "Completed"],
    ev_rejected => ["Avslaget", "Avslått", "Afvist", "Hylätty", "Rejected"],
    ev_assigned => ["Handläggare ändrad", "Saksbehandler endret", "Sagsbehandler ændret", "Käsittelijä vaihdettu", "Assigned"],
    ev_note => ["Anteckning", "Notat", "Note", "Muistiinpano", "Note"],
    ev_linked => ["Kopplat till person", "Knyttet til person", "Knyttet til person", "Liitetty henkilöön", "Linked to a person"],
    ev_flagged => ["Tidsfrist markerad", "Frist markert", "Frist markeret", "Määräaika merkitty", "Deadline flagged"],

    find_person => ["Hitta en person", "Finn en person", "Find en person", "Etsi henkilö", "Find a person"],
    search_label => ["Telefonnummer, e-postadress eller personnummer", "Telefonnummer, e-postadresse eller fødselsnummer", "Telefonnummer, e-mailadresse eller CPR-nummer", "Puhelinnumero, sähköpostiosoite tai henkilötunnus", "Phone number, e-mail address or national id"],
    search_hint => ["Skriv numret som du har det: 070-123 45 67, +46 70 123 45 67 och 0046701234567 hittar samma person.", "Skriv nummeret slik du har det: 912 34 567, +47 912 34 567 og 004791234567 finner samme person.", "Skriv nummeret, som du har det: 20 12 34 56, +45 20 12 34 56 og 004520123456 finder samme person.", "Kirjoita numero sellaisenaan: 040 123 4567, +358 40 123 4567 ja 00358401234567 löytävät saman henkilön.", "Type the number as you have it: 070-123 45 67, +46 70 123 45 67 and 0046701234567 find the same person."],
    nobody_found => ["Ingen person med den uppgiften.", "Ingen person med den opplysningen.", "Ingen person med den oplysning.", "Tiedolla ei löytynyt henkilöä.", "Nobody found with that."],
    not_an_identifier => ["Det ser inte ut som ett telefonnummer, en e-postadress eller ett personnummer.", "Det ser ikke ut som et telefonnummer, en e-postadresse eller et fødselsnummer.", "Det ligner ikke et telefonnummer, en e-mailadresse eller et CPR-nummer.", "Tämä ei näytä puhelinnumerolta, sähköpostiosoitteelta eikä henkilötunnukselta.", "That does not look like a phone number, an e-mail address or a national id."],
    do_not_contact_short => ["Kontakta inte", "Ikke kontakt", "Kontakt ikke", "Älä ota yhteyttä", "Do not contact"],
    restricted_short => ["Begränsad", "Begrenset", "Begrænset", "Rajoitettu", "Restricted"],
    do_not_contact_marketing => ["Kontakta inte för marknadsföring", "Skal ikke kontaktes for markedsføring", "Må ikke kontaktes med markedsføring", "Ei saa ottaa yhteyttä markkinointitarkoituksessa", "Do not contact for marketing"],
    all_controllers => ["alla personuppgiftsansvariga", "alle behandlingsansvarlige", "alle dataansvarlige", "kaikki rekisterinpitäjät", "all controllers"],
    restricted_since => ["Behandlingen är begränsad (art. 18) sedan", "Behandlingen er begrenset (art. 18) siden", "Behandlingen er begrænset (art. 18) siden", "Käsittelyä on rajoitettu (18 art.) alkaen", "Processing restricted (Art. 18) since"],
    restricted_explained => ["uppgifterna får bara lagras, inte användas.", "opplysningene kan bare lagres, ikke brukes.", "oplysningerne må kun opbevares, ikke bruges.", "tietoja saa vain säilyttää, ei käyttää.", "the data may only be stored, not used."],
    sup_blocklist => ["på spärrlistan", "på sperrelisten", "på spærrelisten", "estolistalla", "on the block list"],
    sup_subject => ["invändning från personen själv", "innsigelse fra personen selv", "indsigelse fra personen selv", "henkilön oma vastustus", "objection by the person"],
    sup_agent => ["invändning via ombud", "innsigelse via fullmektig", "indsigelse via befuldmægtiget", "vastustus valtuutetun edustajan kautta", "objection via authorized agent"],
    sup_sms => ["invändning via sms", "innsigelse via SMS", "indsigelse via sms", "vastustus tekstiviestillä", "objection via SMS"],
    sup_register => ["invändning via spärregister", "innsigelse via reservasjonsregister", "indsigelse via spærreregister", "vastustus kieltorekisterin kautta", "objection via a register"],
    sup_staff => ["invändning registrerad av personal", "innsigelse registrert av ansatt", "indsigelse registreret af medarbejder", "henkilökunnan kirjaama vastustus", "objection recorded by staff"],
    sup_unsubscribe => ["invändning via avregistreringslänk i e-post", "innsigelse via avmeldingslenke i e-post", "indsigelse via afmeldingslink i e-mail", "vastustus sähköpostin peruutuslinkillä", "objection by the unsubscribe link in an e-mail"],
    sup_gpc => ["invändning via webbläsarens GPC-signal", "innsigelse via nettleserens GPC-signal", "indsigelse via browserens GPC-signal", "vastustus selaimen GPC-signaalilla", "objection by the browser's GPC signal"],
    sup_other => ["spärr", "sperre", "spærring", "esto", "block"],
    share_link_once => ["Länk till personens egen sida (giltig i 24 timmar, visas bara nu):", "Lenke til personens egen side (gyldig i 24 timer, vises bare nå):", "Link til personens egen side (gyldig i 24 timer, vises kun nu):", "Linkki henkilön omalle sivulle (voimassa 24 tuntia, näytetään vain nyt):", "Link to the person's own page (valid for 24 hours, shown only now):"],
    record_consent => ["Registrera samtycke", "Registrer samtykke", "Registrér samtykke", "Kirjaa suostumus", "Record consent"],
    record_objection => ["Registrera invändning", "Registrer innsigelse", "Registrér indsigelse", "Kirjaa vastustus", "Record objection"],
    restrict => ["Begränsa behandling", "Begrens behandling", "Begræns behandling", "Rajoita käsittelyä", "Restrict"],
    share_link => ["Dela länk", "Del lenke", "Del link", "Jaa linkki", "Share link"],
    report => ["Registerutdrag", "Innsynsrapport", "Indsigtsrapport", "Tarkastusraportti", "Report"],
    erase => ["Radera", "Slett", "Slet", "Poista", "Erase"],
    anonymize => ["Anonymisera", "Anonymiser", "Anonymisér", "Anonymisoi", "Anonymize"],
    identifiers => ["Identifierare", "Identifikatorer", "Identifikatorer", "Tunnisteet", "Identifiers"],
    address => ["Adress", "Adresse", "Adresse", "Osoite", "Address"],
    lists => ["Listor", "Lister", "Lister", "Listat", "Lists"],
    language => ["Språk", "Språk", "Sprog", "Kieli", "Language"],
    fields => ["Egna fält och deras ändamål", "Egne felt og formålet med dem", "Egne felter og deres formål", "Omat kentät ja niiden käyttötarkoitus", "Custom fields and their purposes"],
    field => ["Fält", "Felt", "Felt", "Kenttä", "Field"],
    value => ["Värde", "Verdi", "Værdi", "Arvo", "Value"],
    purpose => ["Ändamål", "Formål", "Formål", "Käyttötarkoitus", "Purpose"],
    consent => ["Samtycke", "Samtykke", "Samtykke", "Suostumus", "Consent"],
    channels => ["Kanaler", "Kanaler", "Kanaler", "Kanavat", "Channels"],
    consent_granted => ["Givet", "Gitt", "Givet", "Annettu", "Granted"],
    consent_withdrawn => ["Återkallat", "Trukket tilbake", "Tilbagekaldt", "Peruttu", "Withdrawn"],
    consent_unknown => ["Okänt", "Ukjent", "Ukendt", "Ei tiedossa", "Unknown"],
    consent_expired => ["Upphört", "Utløpt", "Udløbet", "Vanhentunut", "Expired"],
    consent_not_needed => ["Behövs inte", "Trengs ikke", "Ikke nødvendigt", "Ei tarvita", "Not needed"],
    consent_needed_electronic => ["Saknas: e-post- och sms-marknadsföring kräver samtycke eller soft opt-in", "Mangler: markedsføring på e-post og SMS krever samtykke eller soft opt-in", "Mangler: markedsføring på e-mail og sms kræver samtykke eller soft opt-in", "Puuttuu: sähköposti- ja tekstiviestimarkkinointi vaatii suostumuksen tai soft opt-inin", "Missing: e-mail and SMS marketing needs consent or a soft opt-in"],
    no_purposes => ["Inga ändamål är registrerade.", "Ingen formål er registrert.", "Ingen formål er registreret.", "Käyttötarkoituksia ei ole kirjattu.", "No purposes are declared."],
    objections_and_blocks => ["Invändningar och spärrar", "Innsigelser og sperrer", "Indsigelser og spærringer", "Vastustukset ja estot", "Objections and blocks"],
    how_collected => ["Hur det samlades in", "Hvordan det ble innhentet", "Hvordan det blev indhentet", "Miten se kerättiin", "How it was collected"],
    evidence_text => ["Vad personen sa eller texten som visades", "Hva personen sa, eller teksten som ble vist", "Hvad personen sagde, eller teksten der blev vist", "Mitä henkilö sanoi tai näytetty teksti", "What the person said, or the text shown"],
    reference => ["Referens (samtals-id, formulär …)", "Referanse (samtale-ID, skjema …)", "Reference (opkalds-id, formular …)", "Viite (puhelun tunnus, lomake …)", "Reference (call id, form …)"],
    src_web_form => ["Webbformulär", "Nettskjema", "Webformular", "Verkkolomake", "Web form"],
    src_call => ["Telefonsamtal", "Telefonsamtale", "Telefonopkald", "Puhelu", "Phone call"],
    src_sms => ["Sms", "SMS", "Sms", "Tekstiviesti", "SMS"],
    src_email => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    src_import => ["Import", "Import", "Import", "Tuonti", "Import"],
    src_api => ["API", "API", "API", "API", "API"],
    src_in_person => ["Personligen", "Personlig", "Personligt", "Henkilökohtaisesti", "In person"],
    src_paper => ["Papper", "Papir", "Papir", "Paperilla", "Paper"],
    objection_kind => ["Vad personen invänder mot", "Hva personen protesterer mot", "Hvad personen gør indsigelse mod", "Mitä henkilö vastustaa", "What the person objects to"],
    objection_direct_marketing => ["Direktmarknadsföring (art. 21.2, gäller alltid)", "Direkte markedsføring (art. 21 nr. 2, gjelder alltid)", "Direkte markedsføring (art. 21, stk. 2, gælder altid)", "Suoramarkkinointi (21 art. 2 kohta, ehdoton)", "Direct marketing (Art. 21(2), absolute)"],
    objection_general => ["Annan behandling (art. 21.1, prövas)", "Annen behandling (art. 21 nr. 1, vurderes)", "Anden behandling (art. 21, stk. 1, vurderes)", "Muu käsittely (21 art. 1 kohta, arvioidaan)", "Other processing (Art. 21(1), weighed)"],
    conveyed_by => ["Framförd av", "Fremsatt av", "Fremsat af", "Esittäjä", "Conveyed by"],
    source_subject => ["Personen själv", "Personen selv", "Personen selv", "Henkilö itse", "The person"],
    source_authorized_agent => ["Ombud med fullmakt", "Fullmektig", "Befuldmægtiget", "Valtuutettu edustaja", "Authorized agent"],
    source_sms => ["Sms-svar", "SMS-svar", "Sms-svar", "Tekstiviestivastaus", "SMS reply"],
    source_staff => ["Personal", "Ansatt", "Medarbejder", "Henkilökunta", "Staff"],
    agent_name => ["Ombudets namn", "Fullmektigens navn", "Den befuldmægtigedes navn", "Edustajan nimi", "Agent's name"],
    mandate_reference => ["Fullmaktens referens", "Fullmaktens referanse", "Fuldmagtens reference", "Valtakirjan viite", "Mandate reference"],
    mandate_verification => ["Hur fullmakten kontrollerades", "Hvordan fullmakten ble kontrollert", "Hvordan fuldmagten blev kontrolleret", "Miten valtakirja tarkistettiin", "How the mandate was verified"],
    agent_fields_required => ["ange ombudets namn, fullmaktens referens och hur den kontrollerades", "oppgi fullmektigens navn, fullmaktens referanse og hvordan den ble kontrollert", "angiv den befuldmægtigedes navn, fuldmagtens reference, og hvordan den blev kontrolleret", "anna edustajan nimi, valtakirjan viite ja tarkistustapa", "give the agent's name, the mandate reference and how it was verified"],
    no_identifiers => ["personen har inget telefonnummer, ingen e-postadress och inget personnummer", "personen har verken telefonnummer, e-postadresse eller fødselsnummer", "personen har hverken telefonnummer, e-mailadresse eller CPR-nummer", "henkilöllä ei ole puhelinnumeroa, sähköpostiosoitetta eikä henkilötunnusta", "the person has no phone number, e-mail address or national id"],
    scope => ["Gäller", "Gjelder", "Gælder", "Koskee", "Applies to"],
    reason => ["Skäl", "Begrunnelse", "Begrundelse", "Syy", "Reason"],
    reason_required => ["ange ett skäl", "oppgi en begrunnelse", "angiv en begrundelse", "anna syy", "give a reason"],
    place_restriction => ["Begränsa behandlingen", "Begrens behandlingen", "Begræns behandlingen", "Rajoita käsittelyä", "Restrict processing"],
    lift_restriction => ["Häv begränsningen", "Opphev begrensningen", "Ophæv begrænsningen", "Poista rajoitus", "Lift the restriction"],
    timeline => ["Historik", "Historikk", "Historik", "Historia", "Timeline"],
    consent_granted_event => ["Samtycke givet", "Samtykke gitt", "Samtykke givet", "Suostumus annettu", "Consent granted"],
    consent_withdrawn_event => ["Samtycke återkallat", "Samtykke trukket tilbake", "Samtykke tilbagekaldt", "Suostumus peruttu", "Consent withdrawn"],
    objection_event => ["Spärr registrerad", "Sperre registrert", "Spærring registreret", "Esto kirjattu", "Block recorded"],
    restriction_placed => ["Behandling begränsad", "Behandling begrenset", "Behandling begrænset", "Käsittelyä rajoitettu", "Processing restricted"],
    restriction_lifted => ["Begränsning hävd", "Begrensning opphevet", "Begrænsning ophævet", "Rajoitus poistettu", "Restriction lifted"],
    request_received_event => ["Ärende mottaget", "Sak mottatt", "Sag modtaget", "Pyyntö vastaanotettu", "Request received"],
    act_call => ["Samtal", "Samtale", "Opkald", "Puhelu", "Call"],
    act_sms => ["Sms", "SMS", "Sms", "Tekstiviesti", "SMS"],
    act_email => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    act_meeting => ["Möte", "Møte", "Møde", "Tapaaminen", "Meeting"],
    act_note => ["Anteckning", "Notat", "Note", "Muistiinpano", "Note"],
    deals => ["Affärer", "Salg", "Salg", "Kaupat", "Deals"],
    todos => ["Att göra", "Oppgaver", "Opgaver", "Tehtävät", "To-dos"],
    title => ["Rubrik", "Tittel", "Titel", "Otsikko", "Title"],
    amount => ["Belopp", "Beløp", "Beløb", "Summa", "Amount"],
    stage => ["Skede", "Fase", "Fase", "Vaihe", "Stage"],
    owner => ["Ansvarig", "Ansvarlig", "Ansvarlig", "Vastuuhenkilö", "Owner"],
    opened => ["Öppnad", "Åpnet", "Åbnet", "Avattu", "Opened"],
    done_word => ["klart", "ferdig", "færdig", "valmis", "done"],
    requests => ["Ärenden", "Saker", "Sager", "Pyynnöt", "Requests"],
    erase_title => ["Radera personen", "Slett personen", "Slet personen", "Poista henkilö", "Erase the person"],
    erase_text => ["Personens uppgifter raderas (art. 17). Invändningar och spärrar finns kvar som kontrollsummor, så att personen inte kontaktas igen.", "Personens opplysninger slettes (art. 17). Innsigelser og sperrer beholdes som kontrollsummer, slik at personen ikke kontaktes igjen.", "Personens oplysninger slettes (art. 17). Indsigelser og spærringer bevares som kontrolsummer, så personen ikke kontaktes igen.", "Henkilön tiedot poistetaan (17 art.). Vastustukset ja estot säilyvät tiivisteinä, jotta henkilöön ei oteta uudelleen yhteyttä.", "The person's data is erased (Art. 17). Objections and blocks stay as digests, so the person is not contacted again."],
    anonymize_title => ["Anonymisera personen", "Anonymiser personen", "Anonymisér personen", "Anonymisoi henkilö", "Anonymize the person"],
    anonymize_text => ["Historiken behålls för statistik, men inget finns kvar om vem den gällde. Det går inte att ångra.", "Historikken beholdes for statistikk, men ingenting er igjen om hvem den gjaldt. Det kan ikke angres.", "Historikken bevares til statistik, men intet er tilbage om, hvem den gjaldt. Det kan ikke fortrydes.", "Historia säilyy tilastointia varten, mutta siitä, ketä se koski, ei jää mitään. Toimintoa ei voi perua.", "The history stays for statistics, but nothing is left about whom it concerned. This cannot be undone."],
    i_understand => ["Jag förstår vad det innebär", "Jeg forstår hva det innebærer", "Jeg forstår, hvad det indebærer", "Ymmärrän, mitä tämä tarkoittaa", "I understand what this does"],
    confirm_required => ["kryssa i rutan för att bekräfta", "kryss av i ruten for å bekrefte", "sæt kryds i feltet for at bekræfte", "vahvista rastittamalla ruutu", "tick the box to confirm"],

    check_title => ["Får vi kontakta?", "Kan vi ta kontakt?", "Må vi kontakte?", "Saako yhteyttä ottaa?", "May we contact?"],
    check_value => ["Telefonnummer eller e-postadress", "Telefonnummer eller e-postadresse", "Telefonnummer eller e-mailadresse", "Puhelinnumero tai sähköpostiosoite", "Phone number or e-mail address"],
    check_hint => ["Svaret kommer medan du skriver. Utan JavaScript: tryck på Kontrollera.", "Svaret kommer mens du skriver. Uten JavaScript: trykk på Sjekk.", "Svaret kommer, mens du skriver. Uden JavaScript: tryk på Tjek.", "Vastaus tulee kirjoittaessasi. Ilman JavaScriptiä: paina Tarkista.", "The answer appears as you type. Without JavaScript: press Check."],
    planned_time => ["Planerad tidpunkt", "Planlagt tidspunkt", "Planlagt tidspunkt", "Suunniteltu ajankohta", "Planned time"],
    check => ["Kontrollera", "Sjekk", "Tjek", "Tarkista", "Check"],
    allowed => ["Får kontaktas", "Kan kontaktes", "Må kontaktes", "Yhteyttä saa ottaa", "May be contacted"],
    not_allowed => ["Får inte kontaktas", "Kan ikke kontaktes", "Må ikke kontaktes", "Yhteyttä ei saa ottaa", "May not be contacted"],
    bad_time => ["Tidpunkten kunde inte läsas.", "Tidspunktet kunne ikke leses.", "Tidspunktet kunne ikke læses.", "Ajankohtaa ei voitu lukea.", "The time could not be read."],
    r_restricted => ["Behandlingen är begränsad (art. 18): inget annat än lagring är tillåtet", "Behandlingen er begrenset (art. 18): bare lagring er tillatt", "Behandlingen er begrænset (art. 18): kun opbevaring er tilladt", "Käsittelyä on rajoitettu (18 art.): vain säilyttäminen on sallittua", "Processing is restricted (Art. 18): nothing but storage is allowed"],
    r_purpose_channel => ["Ändamålet omfattar inte den här kanalen", "Formålet omfatter ikke denne kanalen", "Formålet omfatter ikke denne kanal", "Käyttötarkoitus ei kata tätä kanavaa", "The purpose does not declare this channel"],
    r_identifier_missing => ["Ingen uppgift som når den här kanalen angavs", "Ingen opplysning som når denne kanalen, ble oppgitt", "Ingen oplysning, der når denne kanal, blev angivet", "Kanavalle sopivaa tunnistetta ei annettu", "No identifier that reaches this channel was given"],
    r_objection => ["Personen har invänt mot direktmarknadsföring (art. 21.3)", "Personen har protestert mot direkte markedsføring (art. 21 nr. 3)", "Personen har gjort indsigelse mod direkte markedsføring (art. 21, stk. 3)", "Henkilö on vastustanut suoramarkkinointia (21 art. 3 kohta)", "The person objected to direct marketing (Art. 21(3))"],
    r_blocklist => ["Uppgiften finns på den globala spärrlistan", "Opplysningen står på den globale sperrelisten", "Oplysningen står på den globale spærreliste", "Tunniste on yleisellä estolistalla", "The identifier is on the global block list"],
    r_consent_missing => ["Ändamålet kräver samtycke och inget finns för kanalen", "Formålet krever samtykke, og det finnes ikke for kanalen", "Formålet kræver samtykke, og der er intet for kanalen", "Käyttötarkoitus edellyttää suostumusta, eikä sitä ole tälle kanavalle", "The purpose rests on consent and none is recorded for this channel"],
    r_consent_withdrawn => ["Samtycket har återkallats", "Samtykket er trukket tilbake", "Samtykket er tilbagekaldt", "Suostumus on peruttu", "Consent was withdrawn"],
    r_consent_expired => ["Samtycket har upphört", "Samtykket er utløpt", "Samtykket er udløbet", "Suostumus on vanhentunut", "Consent has expired"],
    r_nix => ["Numret finns i NIX-Telefon", "Nummeret står i NIX-Telefon", "Nummeret står i NIX-Telefon", "Numero on NIX-Telefon-rekisterissä", "The number is listed on NIX-Telefon"],
    r_reservasjon => ["Numret finns i Reservasjonsregisteret", "Nummeret står i Reservasjonsregisteret", "Nummeret står i Reservasjonsregisteret", "Numero on Reservasjonsregisteret-rekisterissä", "The number is listed on Reservasjonsregisteret"],
    r_robinson => ["Numret finns på Robinsonlisten", "Nummeret står på Robinsonlisten", "Nummeret står på Robinsonlisten", "Numero on Robinsonlisten-listalla", "The number is listed on Robinsonlisten"],
    r_stale => ["Ingen giltig version av spärregistret är inläst", "Ingen gyldig versjon av reservasjonsregisteret er lastet inn", "Ingen gyldig version af spærreregistret er indlæst", "Kieltorekisteristä ei ole ladattu voimassa olevaa versiota", "No valid version of the register is loaded"],
    r_quiet_hours => ["Utanför tillåtna tider för telefonförsäljning i Norge (vardagar 09–21)", "Utenfor tillatte tider for telefonsalg i Norge (hverdager 09–21)", "Uden for tilladte tider for telefonsalg i Norge (hverdage 09–21)", "Norjan puhelinmyynnin sallittujen aikojen ulkopuolella (arkisin 9–21)", "Outside Norwegian telephone-marketing hours (weekdays 09:00–21:00)"],
    r_dk_ban => ["Telefonförsäljning till danska konsumenter är förbjuden för detta ändamål", "Telefonsalg til danske forbrukere er forbudt for dette formålet", "Telefonsalg til danske forbrugere er forbudt til dette formål", "Puhelinmyynti tanskalaisille kuluttajille on kielletty tähän tarkoitukseen", "Danish telephone sales to consumers are banned for this purpose"],
    r_unparseable => ["Uppgiften kunde inte läsas", "Opplysningen kunne ikke leses", "Oplysningen kunne ikke læses", "Tunnistetta ei voitu lukea", "The identifier could not be read"],
    ch_phone => ["Telefon", "Telefon", "Telefon", "Puhelin", "Phone"],
    ch_sms => ["Sms", "SMS", "Sms", "Tekstiviesti", "SMS"],
    ch_mms => ["Mms", "MMS", "Mms", "Multimediaviesti", "MMS"],
    ch_email => ["E-post", "E-post", "E-mail", "Sähköposti", "E-mail"],
    ch_post => ["Post", "Post", "Post", "Posti", "Post"],
    ch_messaging => ["Meddelandeappar", "Meldingsapper", "Beskedapps", "Pikaviestimet", "Messaging apps"],
    ch_in_person => ["Personligen", "Personlig", "Personligt", "Henkilökohtaisesti", "In person"],

    wash_title => ["Tvätta en lista", "Vask en liste", "Vask en liste", "Puhdista lista", "Wash a list"],
    wash_intro => ["Ladda upp en CSV-fil. Varje rad kontrolleras mot invändningar, spärrlistan, samtycken och spärregistren; du får tillbaka raderna som får kontaktas och en sammanfattning.", "Last opp en CSV-fil. Hver rad sjekkes mot innsigelser, sperrelisten, samtykker og reservasjonsregistrene; du får tilbake radene som kan kontaktes, og et sammendrag.", "Upload en CSV-fil. Hver række tjekkes mod indsigelser, spærrelisten, samtykker og spærreregistrene; du får rækkerne, der må kontaktes, og et resumé.", "Lataa CSV-tiedosto. Jokainen rivi tarkistetaan vastustuksia, estolistaa, suostumuksia ja kieltorekistereitä vasten; saat takaisin rivit, joihin saa ottaa yhteyttä, sekä yhteenvedon.", "Upload a CSV file. Every row is checked against objections, the block list, consent and the national registers; you get back the rows that may be contacted, and a summary."],
    encoding => ["Teckenkodning", "Tegnkoding", "Tegnkodning", "Merkistö", "Encoding"],
    csv_file => ["CSV-fil", "CSV-fil", "CSV-fil", "CSV-tiedosto", "CSV file"],
    wash => ["Tvätta", "Vask", "Vask", "Puhdista", "Wash"],
    recent_washes => ["Senaste tvättarna", "Siste vasker", "Seneste vaske", "Viimeisimmät puhdistukset", "Recent washes"],
    list => ["Lista", "Liste", "Liste", "Lista", "List"],
    rows => ["Rader", "Rader", "Rækker", "Rivit", "Rows"],
    allowed_rows => ["Får kontaktas", "Kan kontaktes", "Må kontaktes", "Saa ottaa yhteyttä", "May be contacted"],
    rejected_rows => ["Borttagna", "Fjernet", "Fjernet", "Poistetut", "Removed"],
    unparseable_rows => ["Oläsbara", "Uleselige", "Ulæselige", "Lukukelvottomat", "Unreadable"],
    neutralized_cells => ["Formler oskadliggjorda (celler)", "Formler uskadeliggjort (celler)", "Formler uskadeliggjort (celler)", "Kaavat tehty vaarattomiksi (solut)", "Formulas neutralized (cells)"],
    wash_result => ["Tvättresultat", "Vaskeresultat", "Vaskeresultat", "Puhdistuksen tulos", "Wash result"],
    download_allowed => ["Ladda ner raderna som får kontaktas", "Last ned radene som kan kontaktes", "Download rækkerne, der må kontaktes", "Lataa rivit, joihin saa ottaa yhteyttä", "Download the rows that may be contacted"],
    download_rejected => ["Ladda ner de borttagna raderna med skäl", "Last ned de fjernede radene med begrunnelse", "Download de fjernede rækker med begrundelse", "Lataa poistetut rivit syineen", "Download the removed rows with reasons"],
    files_gone => ["Filerna sparas en timme på servern som tvättade listan och bara för den som tvättade den. Tvätta igen för att få dem.", "Filene lagres i én time på serveren som vasket listen, og bare for den som vasket den. Vask på nytt for å få dem.", "Filerne gemmes i en time på serveren, der vaskede listen, og kun for den, der vaskede den. Vask igen for at få dem.", "Tiedostot säilytetään tunnin ajan listan puhdistaneella palvelimella ja vain puhdistajalle. Puhdista uudelleen saadaksesi ne.", "The files are kept for one hour on the server that washed the list, and only for whoever washed it. Wash again to get them."],
    washed => ["Tvättad", "Vasket", "Vasket", "Puhdistettu", "Washed"],
    file_digest => ["Filens kontrollsumma", "Filens kontrollsum", "Filens kontrolsum", "Tiedoston tiiviste", "File digest"],
    rejected_why => ["Varför rader togs bort", "Hvorfor rader ble fjernet", "Hvorfor rækker blev fjernet", "Miksi rivejä poistettiin", "Why rows were removed"],
    registers_applied => ["Spärregister som användes", "Reservasjonsregistre som ble brukt", "Spærreregistre, der blev brugt", "Käytetyt kieltorekisterit", "Registers applied"],
    valid => ["giltig", "gyldig", "gyldig", "voimassa", "valid"],
    not_valid => ["inte giltig", "ikke gyldig", "ikke gyldig", "ei voimassa", "not valid"],
    wash_expired => ["utgången: tvätta listan igen", "utløpt: vask listen på nytt", "udløbet: vask listen igen", "vanhentunut: puhdista lista uudelleen", "expired: wash the list again"],
    upload_failed => ["Filen kunde inte tas emot.", "Filen kunne ikke mottas.", "Filen kunne ikke modtages.", "Tiedostoa ei voitu vastaanottaa.", "The file could not be received."],
    choose_file => ["Välj en CSV-fil att tvätta.", "Velg en CSV-fil som skal vaskes.", "Vælg en CSV-fil, der skal vaskes.", "Valitse puhdistettava CSV-tiedosto.", "Choose a CSV file to wash."],
    choose_purpose_channel => ["Välj ändamål och kanal.", "Velg formål og kanal.", "Vælg formål og kanal.", "Valitse käyttötarkoitus ja kanava.", "Choose a purpose and a channel."],

    registers_title => ["Spärregister", "Reservasjonsregistre", "Spærreregistre", "Kieltorekisterit", "National registers"],
    registers_intro => ["Versionerna som lästs in, hur länge en tvätt mot dem gäller och om de fortfarande är giltiga. En inaktuell version måste ersättas innan listor tvättas mot den.", "Versjonene som er lastet inn, hvor lenge en vask mot dem gjelder, og om de fortsatt er gyldige. En utdatert versjon må erstattes før lister vaskes mot den.", "De indlæste versioner, hvor længe en vask mod dem gælder, og om de stadig er gyldige. En forældet version skal erstattes, før lister vaskes mod den.", "Ladatut versiot, kuinka kauan niitä vasten tehty puhdistus on voimassa ja ovatko ne yhä voimassa. Vanhentunut versio on korvattava ennen listojen puhdistusta.", "The versions loaded, how long a wash against each is good for, and whether they are still valid. A stale version must be replaced before lists are washed against it."],
    no_registers => ["Inga registerversioner är inlästa (vern registers import).", "Ingen registerversjoner er lastet inn (vern registers import).", "Ingen registerversioner er indlæst (vern registers import).", "Rekisteriversioita ei ole ladattu (vern registers import).", "No register versions are loaded (vern registers import)."],
    register => ["Register", "Register", "Register", "Rekisteri", "Register"],
    version => ["Version", "Versjon", "Version", "Versio", "Version"],
    imported => ["Inläst", "Lastet inn", "Indlæst", "Ladattu", "Imported"],
    entries => ["Poster", "Oppføringer", "Poster", "Merkinnät", "Entries"],
    valid_until => ["Giltig till och med", "Gyldig til og med", "Gyldig til og med", "Voimassa asti", "Valid until"],
    file => ["Fil", "Fil", "Fil", "Tiedosto", "File"],
    reg_in_force => ["Gäller", "Gjeldende", "Gældende", "Voimassa", "In force"],
    reg_stale => ["Inaktuell", "Utdatert", "Forældet", "Vanhentunut", "Stale"],
    reg_superseded => ["Ersatt", "Erstattet", "Erstattet", "Korvattu", "Superseded"],

    blocklist_title => ["Global spärrlista", "Global sperreliste", "Global spærreliste", "Yleinen estolista", "Global block list"],
    blocklist_intro => ["Uppgifter på listan kontaktas aldrig i marknadsföringssyfte, av någon personuppgiftsansvarig, i någon kanal. Bara kontrollsummor sparas.", "Opplysninger på listen kontaktes aldri i markedsføring, av noen behandlingsansvarlig, i noen kanal. Bare kontrollsummer lagres.", "Oplysninger på listen kontaktes aldrig med markedsføring, af nogen dataansvarlig, i nogen kanal. Kun kontrolsummer gemmes.", "Listalla oleviin ei oteta markkinointiyhteyttä minkään rekisterinpitäjän toimesta millään kanavalla. Vain tiivisteet tallennetaan.", "Identifiers on the list are never contacted for marketing, by any controller, on any channel. Only digests are kept."],
    look_up => ["Slå upp ett nummer eller en adress", "Slå opp et nummer eller en adresse", "Slå et nummer eller en adresse op", "Hae numeroa tai osoitetta", "Look up a number or an address"],
    not_on_blocklist => ["Finns inte på spärrlistan.", "Står ikke på sperrelisten.", "Står ikke på spærrelisten.", "Ei ole estolistalla.", "Not on the block list."],
    on_blocklist => ["Finns på spärrlistan.", "Står på sperrelisten.", "Står på spærrelisten.", "On estolistalla.", "On the block list."],
    block => ["Spärra", "Sperr", "Spær", "Estä", "Block"],
    unblock => ["Ta bort", "Fjern", "Fjern", "Poista", "Remove"],
    reason_no_personal_data => ["Skäl (skriv inga personuppgifter här)", "Begrunnelse (ikke skriv personopplysninger her)", "Begrundelse (skriv ikke personoplysninger her)", "Syy (älä kirjoita tähän henkilötietoja)", "Reason (no personal data here)"],
    identifier_kind_col => ["Typ av uppgift", "Type opplysning", "Type oplysning", "Tunnisteen tyyppi", "Identifier"],
    digest => ["Kontrollsumma", "Kontrollsum", "Kontrolsum", "Tiiviste", "Digest"],
    since => ["Sedan", "Siden", "Siden", "Alkaen", "Since"],

    purposes_title => ["Personuppgiftsansvariga och ändamål", "Behandlingsansvarlige og formål", "Dataansvarlige og formål", "Rekisterinpitäjät ja käyttötarkoitukset", "Controllers and purposes"],
    dpo => ["Dataskyddsombud", "Personvernombud", "Databeskyttelsesrådgiver", "Tietosuojavastaava", "Data protection officer"],
    dpo_missing => ["Inget dataskyddsombud angivet", "Ingen personvernombud oppgitt", "Ingen databeskyttelsesrådgiver angivet", "Tietosuojavastaavaa ei ole ilmoitettu", "No data protection officer given"],
    privacy_notice => ["Integritetspolicy", "Personvernerklæring", "Privatlivspolitik", "Tietosuojaseloste", "Privacy notice"],
    legal_basis_col => ["Rättslig grund", "Behandlingsgrunnlag", "Retsgrundlag", "Käsittelyperuste", "Legal basis"],
    retention => ["Lagringstid", "Lagringstid", "Opbevaringsperiode", "Säilytysaika", "Retention"],
    recipients => ["Mottagare", "Mottakere", "Modtagere", "Vastaanottajat", "Recipients"],
    direct_marketing => ["Direktmarknadsföring", "Direkte markedsføring", "Direkte markedsføring", "Suoramarkkinointi", "Direct marketing"],
    lb_consent => ["Samtycke", "Samtykke", "Samtykke", "Suostumus", "Consent"],
    lb_contract => ["Avtal", "Avtale", "Kontrakt", "Sopimus", "Contract"],
    lb_legal_obligation => ["Rättslig förpliktelse", "Rettslig forpliktelse", "Retlig forpligtelse", "Lakisääteinen velvoite", "Legal obligation"],
    lb_vital_interests => ["Grundläggande intressen", "Vitale interesser", "Vitale interesser", "Elintärkeät edut", "Vital interests"],
    lb_public_task => ["Allmänt intresse", "Allmennhetens interesse", "Samfundets interesse", "Yleinen etu", "Public task"],
    lb_legitimate_interests => ["Berättigat intresse", "Berettiget interesse", "Legitim interesse", "Oikeutettu etu", "Legitimate interests"],

    ledger_title => ["Händelselogg (ledger)", "Hendelseslogg (ledger)", "Hændelseslog (ledger)", "Tapahtumaloki (ledger)", "Ledger"],
    ledger_intro => ["Varje ändring och varje utlämnande av personuppgifter, i ordning och hashkedjat. Personuppgifter visas aldrig här.", "Hver endring og hvert utlevering av personopplysninger, i rekkefølge og hasjkjedet. Personopplysninger vises aldri her.", "Hver ændring og hver udlevering af personoplysninger, i rækkefølge og hashkædet. Personoplysninger vises aldrig her.", "Jokainen muutos ja henkilötietojen luovutus järjestyksessä ja tiivisteketjutettuna. Henkilötietoja ei näytetä tässä.", "Every change and every disclosure of personal data, in order and hash-chained. Personal data is never shown here."],
    kind_starts_with => ["Typ börjar med", "Type begynner med", "Type begynder med", "Tyyppi alkaa", "Kind starts with"],
    verify_ledger => ["Verifiera kedjan", "Verifiser kjeden", "Verificér kæden", "Tarkista ketju", "Verify the chain"],
    ledger_intact => ["Kedjan är hel: {n} poster kontrollerade.", "Kjeden er hel: {n} oppføringer kontrollert.", "Kæden er intakt: {n} poster kontrolleret.", "Ketju on eheä: {n} merkintää tarkistettu.", "The chain is intact: {n} entries checked."],
    ledger_broken => ["Kedjan är bruten vid post {seq}: {problem}", "Kjeden er brutt ved oppføring {seq}: {problem}", "Kæden er brudt ved post {seq}: {problem}", "Ketju katkeaa merkinnässä {seq}: {problem}", "The chain is broken at entry {seq}: {problem}"],
    subject_ref => ["Person (id)", "Person (id)", "Person (id)", "Henkilö (tunnus)", "Person (id)"],
    details => ["Detaljer", "Detaljer", "Detaljer", "Tiedot", "Details"],
    hash => ["Hash", "Hash", "Hash", "Tiiviste", "Hash"],

    now_here => ["Klockan hos dig nu", "Klokken hos deg nå", "Klokken hos dig nu", "Kellonaika nyt", "Your time now"],
    time_zone => ["Tidszon", "Tidssone", "Tidszone", "Aikavyöhyke", "Time zone"],
    bad_settings => ["Välj ett språk och en tidszon i listorna.", "Velg et språk og en tidssone fra listene.", "Vælg et sprog og en tidszone fra listerne.", "Valitse kieli ja aikavyöhyke luettelosta.", "Choose a language and a time zone from the lists."],
    users_title => ["Användare", "Brukere", "Brugere", "Käyttäjät", "Staff users"],
    new_user => ["Ny användare", "Ny bruker", "Ny bruger", "Uusi käyttäjä", "New user"],
    create_user => ["Skapa användare", "Opprett bruker", "Opret bruger", "Luo käyttäjä", "Create user"],
    created => ["Skapad", "Opprettet", "Oprettet", "Luotu", "Created"],
    user_created => ["Användaren skapades:", "Brukeren ble opprettet:", "Brugeren blev oprettet:", "Käyttäjä luotiin:", "User created:"],
    password_once => ["Lösenordet visas bara nu: lämna det till användaren på ett säkert sätt.", "Passordet vises bare nå: gi det til brukeren på en sikker måte.", "Adgangskoden vises kun nu: giv den til brugeren på en sikker måde.", "Salasana näytetään vain nyt: toimita se käyttäjälle turvallisesti.", "The password is shown only now: hand it to the user safely."],

    done_assign => ["Ärendet är tilldelat dig.", "Saken er tildelt deg.", "Sagen er tildelt dig.", "Pyyntö on annettu sinulle.", "The request is assigned to you."],
    done_send_code => ["En engångskod har köats till personen.", "En engangskode er lagt i kø til personen.", "En engangskode er sat i kø til personen.", "Kertakoodi on jonossa henkilölle.", "A one-time code is queued to the person."],
    done_verify => ["Identiteten är kontrollerad.", "Identiteten er bekreftet.", "Identiteten er bekræftet.", "Henkilöllisyys on varmistettu.", "Identity is verified."],
    done_extend => ["Tidsfristen är förlängd och personen underrättas.", "Fristen er forlenget, og personen varsles.", "Fristen er forlænget, og personen underrettes.", "Määräaikaa on jatkettu ja henkilölle ilmoitetaan.", "The deadline is extended and the person is told."],
    done_complete => ["Ärendet är avslutat och personen underrättas.", "Saken er fullført, og personen varsles.", "Sagen er afsluttet, og personen underrettes.", "Pyyntö on päätetty ja henkilölle ilmoitetaan.", "The request is completed and the person is told."],
    done_reject => ["Ärendet är avslaget och personen underrättas.", "Saken er avslått, og personen varsles.", "Sagen er afvist, og personen underrettes.", "Pyyntö on hylätty ja henkilölle ilmoitetaan.", "The request is rejected and the person is told."],
    done_note => ["Anteckningen är sparad.", "Notatet er lagret.", "Noten er gemt.", "Muistiinpano on tallennettu.", "The note is saved."],
    done_consent => ["Samtycket är registrerat.", "Samtykket er registrert.", "Samtykket er registreret.", "Suostumus on kirjattu.", "The consent is recorded."],
    done_objection => ["Invändningen är registrerad och gäller direkt.", "Innsigelsen er registrert og gjelder straks.", "Indsigelsen er registreret og gælder straks.", "Vastustus on kirjattu ja on heti voimassa.", "The objection is recorded and applies at once."],
    done_restricted => ["Behandlingen är begränsad.", "Behandlingen er begrenset.", "Behandlingen er begrænset.", "Käsittelyä on rajoitettu.", "Processing is restricted."],
    done_lifted => ["Begränsningen är hävd.", "Begrensningen er opphevet.", "Begrænsningen er ophævet.", "Rajoitus on poistettu.", "The restriction is lifted."],
    done_art14_exempt => ["Undantaget från informationsplikten är registrerat.", "Unntaket fra informasjonsplikten er registrert.", "Undtagelsen fra oplysningspligten er registreret.", "Poikkeus informointivelvollisuudesta on kirjattu.", "The exemption from the notice is recorded."],
    data_source => ["Uppgifterna kommer från", "Opplysningene kommer fra", "Oplysningerne kommer fra", "Tietojen lähde", "Data obtained from"],
    source_self => ["Personen själv", "Personen selv", "Personen selv", "Henkilö itse", "The person themself"],
    art14_notice => ["Information enligt art. 14", "Informasjon etter art. 14", "Oplysning efter art. 14", "Informointi (14 art.)", "Art. 14 notice"],
    art14_owed_since => ["Skyldig sedan", "Skyldig siden", "Skyldig siden", "Velvoite alkaen", "Owed since"],
    art14_due => ["senast", "senest", "senest", "viimeistään", "due by"],
    art14_queued => ["Köad för utskick", "Lagt i kø for utsending", "Sat i kø til afsendelse", "Lähetysjonossa", "Queued for sending"],
    art14_sent => ["Skickad", "Sendt", "Sendt", "Lähetetty", "Sent"],
    art14_first_communication => ["i första kontakten", "i første kontakt", "i første kontakt", "ensimmäisessä yhteydenotossa", "with the first communication"],
    art14_failed => ["Utskicket misslyckades; fortfarande skyldig", "Utsendingen mislyktes; fortsatt skyldig", "Afsendelsen mislykkedes; stadig skyldig", "Lähetys epäonnistui; velvoite on voimassa", "Sending failed; still owed"],
    art14_exempt => ["Undantag (art. 14.5)", "Unntak (art. 14 nr. 5)", "Undtagelse (art. 14, stk. 5)", "Poikkeus (14 art. 5 kohta)", "Exemption (Art. 14(5))"],
    art14_no_address => ["ingen adress att skicka till", "ingen adresse å sende til", "ingen adresse at sende til", "ei osoitetta, johon lähettää", "no address"],
    art14_pending_banner => ["Informationen enligt art. 14 har inte lämnats: ingen direktmarknadsföring förrän den har gått ut", "Informasjonen etter art. 14 er ikke gitt: ingen direkte markedsføring før den er sendt", "Oplysningen efter art. 14 er ikke givet: ingen direkte markedsføring, før den er sendt", "14 artiklan mukaista informointia ei ole annettu: ei suoramarkkinointia ennen kuin se on lähetetty", "The Art. 14 notice has not been given: no direct marketing until it has gone"],
    art14_record_exemption => ["Registrera undantag från informationsplikten", "Registrer unntak fra informasjonsplikten", "Registrér undtagelse fra oplysningspligten", "Kirjaa poikkeus informointivelvollisuudesta", "Record an exemption from the notice"],
    art14_ground => ["Grund (art. 14.5)", "Grunnlag (art. 14 nr. 5)", "Grundlag (art. 14, stk. 5)", "Peruste (14 art. 5 kohta)", "Ground (Art. 14(5))"],
    art14_already_informed => ["Personen har redan informationen", "Personen har allerede informasjonen", "Personen har allerede oplysningerne", "Henkilöllä on jo tiedot", "The person already has the information"],
    art14_disproportionate_effort => ["Omöjligt eller oproportionerligt stor ansträngning", "Umulig eller uforholdsmessig stor innsats", "Umuligt eller uforholdsmæssigt vanskeligt", "Mahdotonta tai vaatisi kohtuuttomia ponnistuksia", "Impossible or a disproportionate effort"],
    art14_required_by_law => ["Insamlingen är föreskriven i lag", "Innsamlingen er fastsatt i lov", "Indsamlingen er fastsat ved lov", "Tietojen hankkimisesta säädetään laissa", "Obtaining the data is laid down by law"],
    art14_professional_secrecy => ["Tystnadsplikt", "Taushetsplikt", "Tavshedspligt", "Salassapitovelvollisuus", "Professional secrecy"],
    done_share_link => ["Länken är skapad.", "Lenken er opprettet.", "Linket er oprettet.", "Linkki on luotu.", "The link is made."],
    done_wash => ["Listan är tvättad.", "Listen er vasket.", "Listen er vasket.", "Lista on puhdistettu.", "The list is washed."],
    done_blocked => ["Uppgiften är spärrad.", "Opplysningen er sperret.", "Oplysningen er spærret.", "Tunniste on estetty.", "The identifier is blocked."],
    done_unblocked => ["Spärren är borttagen.", "Sperren er fjernet.", "Spærringen er fjernet.", "Esto on poistettu.", "The block is removed."],
    done_erased => ["Personen är raderad och ligger i papperskorgen tills den töms.", "Personen er slettet og ligger i papirkurven til den tømmes.", "Personen er slettet og ligger i papirkurven, til den tømmes.", "Henkilö on poistettu ja on roskakorissa, kunnes se tyhjennetään.", "The person is erased and waits in the recycle bin until it is purged."],
    done_anonymized => ["Personen är anonymiserad.", "Personen er anonymisert.", "Personen er anonymiseret.", "Henkilö on anonymisoitu.", "The person is anonymized."],
    erase_reason => ["Skäl (valfritt, sparas i loggen)", "Begrunnelse (valgfritt, lagres i loggen)", "Begrundelse (valgfri, gemmes i loggen)", "Syy (valinnainen, tallennetaan lokiin)", "Reason (optional, kept in the ledger)"],
    done_settings => ["Inställningarna är sparade.", "Innstillingene er lagret.", "Indstillingerne er gemt.", "Asetukset on tallennettu.", "Your settings are saved."],
    // Issue 20 §3: controllers, purposes, webhooks and statistics edited and read in the UI.
    ctl_new => ["Ny personuppgiftsansvarig", "Ny behandlingsansvarlig", "Ny dataansvarlig", "Uusi rekisterinpitäjä", "New controller"],
    ctl_edit => ["Ändra personuppgiftsansvarig", "Endre behandlingsansvarlig", "Ret dataansvarlig", "Muokkaa rekisterinpitäjää", "Edit controller"],
    ctl_key => ["Nyckel (små bokstäver, siffror, -)", "Nøkkel (små bokstaver, sifre, -)", "Nøgle (små bogstaver, cifre, -)", "Avain (pienet kirjaimet, numerot, -)", "Key (lower-case letters, digits, -)"],
    ctl_country => ["Land", "Land", "Land", "Maa", "Country"],
    ctl_no_country => ["Inget land", "Intet land", "Intet land", "Ei maata", "No country"],
    ctl_region => ["Region för nationella telefonnummer", "Region for nasjonale telefonnumre", "Region for nationale telefonnumre", "Kansallisten puhelinnumeroiden alue", "Region for national phone numbers"],
    ctl_dpo_name => ["Dataskyddsombudets namn", "Personvernombudets navn", "Databeskyttelsesrådgiverens navn", "Tietosuojavastaavan nimi", "Data protection officer's name"],
    ctl_dpo_email => ["Dataskyddsombudets e-post", "Personvernombudets e-post", "Databeskyttelsesrådgiverens e-mail", "Tietosuojavastaavan sähköposti", "Data protection officer's e-mail"],
    ctl_dpo_phone => ["Dataskyddsombudets telefon", "Personvernombudets telefon", "Databeskyttelsesrådgiverens telefon", "Tietosuojavastaavan puhelin", "Data protection officer's phone"],
    ctl_notice_url => ["Länk till integritetspolicyn", "Lenke til personvernerklæringen", "Link til privatlivspolitikken", "Linkki tietosuojaselosteeseen", "Link to the privacy notice"],
    ctl_rules => ["Nationella regler som följs", "Nasjonale regler som følges", "Nationale regler, der følges", "Noudatettavat kansalliset säännöt", "National rules followed"],
    ctl_public_form => ["Det offentliga formuläret för begäranden är öppet", "Det offentlige skjemaet for forespørsler er åpent", "Den offentlige formular til anmodninger er åben", "Julkinen pyyntölomake on avoinna", "The public request form is open"],
    ctl_public_form_link => ["Offentligt formulär", "Offentlig skjema", "Offentlig formular", "Julkinen lomake", "Public form"],
    ctl_zone_country => ["Landets tidszon", "Landets tidssone", "Landets tidszone", "Maan aikavyöhyke", "The country's time zone"],
    ctl_zone_hint => ["Frister, delningssidor och rapporter visar tider i denna zon.", "Frister, delingssider og rapporter viser tider i denne sonen.", "Frister, delingssider og rapporter viser tider i denne zone.", "Määräajat, jakosivut ja raportit näyttävät ajat tällä vyöhykkeellä.", "Deadlines, share pages and reports show times in this zone."],
    ctl_closed => ["stängt", "stengt", "lukket", "suljettu", "closed"],
    pur_new => ["Nytt ändamål", "Nytt formål", "Nyt formål", "Uusi käyttötarkoitus", "New purpose"],
    pur_edit => ["Ändra ändamål", "Endre formål", "Ret formål", "Muokkaa käyttötarkoitusta", "Edit purpose"],
    pur_key => ["Nyckel (kan inte ändras senare)", "Nøkkel (kan ikke endres senere)", "Nøgle (kan ikke ændres senere)", "Avain (ei voi muuttaa myöhemmin)", "Key (cannot change later)"],
    pur_retention_hint => ["ISO 8601-period: P7Y, P24M, P90D. Tom: oförändrad.", "ISO 8601-periode: P7Y, P24M, P90D. Tom: uendret.", "ISO 8601-periode: P7Y, P24M, P90D. Tom: uændret.", "ISO 8601 -jakso: P7Y, P24M, P90D. Tyhjä: ennallaan.", "An ISO 8601 period: P7Y, P24M, P90D. Empty: unchanged."],
    pur_description => ["Beskrivning (visas för personal som kontaktar någon)", "Beskrivelse (vises for ansatte som kontakter noen)", "Beskrivelse (vises for medarbejdere, der kontakter nogen)", "Kuvaus (näytetään yhteyttä ottavalle henkilöstölle)", "Description (shown to staff who contact someone)"],
    pur_controller => ["Personuppgiftsansvarig", "Behandlingsansvarlig", "Dataansvarlig", "Rekisterinpitäjä", "Controller"],
    edit => ["Ändra", "Endre", "Ret", "Muokkaa", "Edit"],
    done_controller => ["Den personuppgiftsansvarige är sparad.", "Den behandlingsansvarlige er lagret.", "Den dataansvarlige er gemt.", "Rekisterinpitäjä on tallennettu.", "The controller is saved."],
    done_purpose => ["Ändamålet är sparat.", "Formålet er lagret.", "Formålet er gemt.", "Käyttötarkoitus on tallennettu.", "The purpose is saved."],
    nav_webhooks => ["Webhooks", "Webhooks", "Webhooks", "Webhookit", "Webhooks"],
    wh_title => ["Mottagare av meddelanden (art. 19)", "Mottakere av varsler (art. 19)", "Modtagere af meddelelser (art. 19)", "Ilmoitusten vastaanottajat (19 art.)", "Recipients of notices (Art. 19)"],
    wh_intro => ["System som får veta om radering, rättelse, begränsning, invändning och återkallat samtycke. Meddelandena bär sammandrag av identifierare, aldrig klartext, och är signerade.", "Systemer som får vite om sletting, retting, begrensning, innsigelse og tilbaketrukket samtykke. Varslene bærer sammendrag av identifikatorer, aldri klartekst, og er signert.", "Systemer, der får besked om sletning, berigtigelse, begrænsning, indsigelse og tilbagetrukket samtykke. Meddelelserne bærer sammendrag af identifikatorer, aldrig klartekst, og er signeret.", "Järjestelmät, joille kerrotaan poistoista, oikaisuista, rajoituksista, vastustuksista ja perutuista suostumuksista. Ilmoitukset sisältävät tunnisteiden tiivisteitä, eivät selkotekstiä, ja ne on allekirjoitettu.", "Systems told about erasures, rectifications, restrictions, objections and withdrawn consent. Notices carry digests of identifiers, never plain text, and are signed."],
    wh_none => ["Inga mottagare är registrerade.", "Ingen mottakere er registrert.", "Ingen modtagere er registreret.", "Vastaanottajia ei ole kirjattu.", "No recipients are registered."],
    wh_url => ["Adress (https)", "Adresse (https)", "Adresse (https)", "Osoite (https)", "Address (https)"],
    wh_events => ["Händelser", "Hendelser", "Hændelser", "Tapahtumat", "Events"],
    wh_processor => ["Biträdesavtal (id, valfritt)", "Databehandleravtale (id, valgfritt)", "Databehandleraftale (id, valgfri)", "Käsittelysopimus (tunniste, valinnainen)", "Processor agreement (id, optional)"],
    wh_add => ["Lägg till mottagare", "Legg til mottaker", "Tilføj modtager", "Lisää vastaanottaja", "Add a recipient"],
    wh_delete => ["Sluta skicka", "Slutt å sende", "Stop med at sende", "Lopeta lähettäminen", "Stop sending"],
    wh_secret => ["Signeringsnyckeln visas bara nu; lägg in den i mottagarens system:", "Signeringsnøkkelen vises bare nå; legg den inn i mottakerens system:", "Signeringsnøglen vises kun nu; læg den ind i modtagerens system:", "Allekirjoitusavain näytetään vain nyt; vie se vastaanottajan järjestelmään:", "The signing secret is shown only now; put it into the recipient's system:"],
    wh_deliveries => ["Leveranser", "Leveranser", "Leverancer", "Toimitukset", "Deliveries"],
    wh_no_deliveries => ["Inga leveranser ännu.", "Ingen leveranser ennå.", "Ingen leverancer endnu.", "Ei toimituksia vielä.", "No deliveries yet."],
    wh_state => ["Läge", "Tilstand", "Tilstand", "Tila", "State"],
    wh_attempts => ["Försök", "Forsøk", "Forsøg", "Yritykset", "Attempts"],
    wh_created => ["Skapad", "Opprettet", "Oprettet", "Luotu", "Created"],
    wh_next => ["Nästa försök", "Neste forsøk", "Næste forsøg", "Seuraava yritys", "Next attempt"],
    wh_disabled => ["avstängd", "deaktivert", "deaktiveret", "poistettu käytöstä", "disabled"],
    wh_delivered => ["Levererad", "Levert", "Leveret", "Toimitettu", "Delivered"],
    wh_error => ["Senaste fel", "Siste feil", "Seneste fejl", "Viimeisin virhe", "Last error"],
    done_webhook => ["Mottagaren är registrerad.", "Mottakeren er registrert.", "Modtageren er registreret.", "Vastaanottaja on kirjattu.", "The recipient is registered."],
    done_webhook_off => ["Mottagaren får inga fler meddelanden.", "Mottakeren får ikke flere varsler.", "Modtageren får ikke flere meddelelser.", "Vastaanottaja ei saa enää ilmoituksia.", "The recipient gets no more notices."],
    nav_statistics => ["Statistik", "Statistikk", "Statistik", "Tilastot", "Statistics"],
    st_title => ["Försäljningsstatistik", "Salgsstatistikk", "Salgsstatistik", "Myyntitilastot", "Sales statistics"],
    st_intro => ["Affärer räknas även för personer som raderats eller anonymiserats: belopp, steg, säljare och datum finns kvar, men inte vem det såldes till.", "Salg telles også for personer som er slettet eller anonymisert: beløp, steg, selger og dato finnes fortsatt, men ikke hvem det ble solgt til.", "Handler tælles også for personer, der er slettet eller anonymiseret: beløb, trin, sælger og dato er der stadig, men ikke hvem der blev solgt til.", "Kaupat lasketaan myös poistetuille ja anonymisoiduille henkilöille: summa, vaihe, myyjä ja päivä säilyvät, mutta ei se, kenelle myytiin.", "Deals count for erased and anonymized people too: amount, stage, seller and dates stay, but not whom the sale was to."],
    st_from => ["Från", "Fra", "Fra", "Alkaen", "From"],
    st_to => ["Till", "Til", "Til", "Asti", "To"],
    st_show => ["Visa", "Vis", "Vis", "Näytä", "Show"],
    st_by_owner => ["Per säljare (vunna affärer)", "Per selger (vunne salg)", "Per sælger (vundne handler)", "Myyjittäin (voitetut kaupat)", "Per seller (won deals)"],
    st_by_period => ["Per månad (vunna affärer)", "Per måned (vunne salg)", "Per måned (vundne handler)", "Kuukausittain (voitetut kaupat)", "Per month (won deals)"],
    st_by_stage => ["Per steg (alla affärer)", "Per steg (alle salg)", "Per trin (alle handler)", "Vaiheittain (kaikki kaupat)", "Per stage (all deals)"],
    st_owner => ["Säljare", "Selger", "Sælger", "Myyjä", "Seller"],
    st_period => ["Månad", "Måned", "Måned", "Kuukausi", "Month"],
    st_stage => ["Steg", "Steg", "Trin", "Vaihe", "Stage"],
    st_deals => ["Affärer", "Salg", "Handler", "Kaupat", "Deals"],
    st_amount => ["Belopp", "Beløp", "Beløb", "Summa", "Amount"],
    st_anonymous => ["varav anonymiserade", "herav anonymiserte", "heraf anonymiserede", "joista anonymisoituja", "of which anonymized"],
    st_unknown_owner => ["(ingen säljare)", "(ingen selger)", "(ingen sælger)", "(ei myyjää)", "(no seller)"],
    st_none => ["Inga affärer under perioden.", "Ingen salg i perioden.", "Ingen handler i perioden.", "Ei kauppoja jaksolla.", "No deals in the period."],
    st_zone => ["Månader räknas i den personuppgiftsansvariges tidszon", "Måneder telles i den behandlingsansvarliges tidssone", "Måneder tælles i den dataansvarliges tidszone", "Kuukaudet lasketaan rekisterinpitäjän aikavyöhykkeellä", "Months are counted in the controller's time zone"],
}

impl Texts {
    /// A role's name.
    pub(crate) fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::PrivacyOfficer => self.role_privacy_officer,
            Role::Seller => self.role_seller,
            Role::Marketer => self.role_marketer,
            Role::Auditor => self.role_auditor,
            Role::AuthorizedAgent => self.role_agent,
            Role::Gateway => self.role_gateway,
        }
    }

    /// The notice after an action named by `?done=`.
    pub(crate) fn done(&self, code: &str) -> Option<&'static str> {
        Some(match code {
            "assign" => self.done_assign,
            "send-code" => self.done_send_code,
            "verify" => self.done_verify,
            "extend" => self.done_extend,
            "complete" => self.done_complete,
            "reject" => self.done_reject,
            "note" => self.done_note,
            "consent" => self.done_consent,
            "objection" => self.done_objection,
            "restricted" => self.done_restricted,
            "lifted" => self.done_lifted,
            "art14_exempt" => self.done_art14_exempt,
            "share_link" => self.done_share_link,
            "wash" => self.done_wash,
            "blocked" => self.done_blocked,
            "unblocked" => self.done_unblocked,
            "settings" => self.done_settings,
            "erased" => self.done_erased,
            "anonymized" => self.done_anonymized,
            // Issue 20 §3: the admin's pages.
            "controller" => self.done_controller,
            "purpose" => self.done_purpose,
            "webhook" => self.done_webhook,
            "webhook_off" => self.done_webhook_off,
            _ => return None,
        })
    }

    /// An Art. 14(5) ground.
    pub(crate) fn art14_ground(&self, code: &str) -> &'static str {
        match code {
            "already_informed" => self.art14_already_informed,
            "disproportionate_effort" => self.art14_disproportionate_effort,
            "required_by_law" => self.art14_required_by_law,
            "professional_secrecy" => self.art14_professional_secrecy,
            _ => "?",
        }
    }

    /// A request kind.
    pub(crate) fn request_kind(&self, kind: RequestKind) -> &'static str {
        match kind {
            RequestKind::Access => self.kind_access,
            RequestKind::Rectification => self.kind_rectification,
            RequestKind::Erasure => self.kind_erasure,
            RequestKind::Restriction => self.kind_restriction,
            RequestKind::Objection => self.kind_objection,
            RequestKind::Portability => self.kind_portability,
            RequestKind::HumanReview => self.kind_human_review,
            RequestKind::Information => self.kind_information,
        }
    }

    /// A request state.
    pub(crate) fn request_state(&self, state: RequestState) -> &'static str {
        match state {
            RequestState::Received => self.state_received,
            RequestState::Verifying => self.state_verifying,
            RequestState::InProgress => self.state_in_progress,
            RequestState::Completed => self.state_completed,
            RequestState::Rejected => self.state_rejected,
        }
    }

    /// How a request arrived.
    pub(crate) fn received_via(&self, via: &str) -> &'static str {
        match via {
            "letter" => self.via_letter,
            "call" => self.via_call,
            "email" => self.via_email,
            "web_form" => self.via_web_form,
            "in_person" => self.via_in_person,
            "authorized_agent" => self.via_agent,
            _ => self.via_api,
        }
    }

    /// A step in a request's log.
    pub(crate) fn log_kind<'a>(&self, kind: &'a str) -> &'a str
    where
        'static: 'a,
    {
        match kind {
            "received" => self.ev_received,
            "verification_requested" => self.ev_verification_requested,
            "verified" => self.ev_verified,
            "extended" => self.ev_extended,
            "completed" => self.ev_completed,
            "rejected" => self.ev_rejected,
            "assigned" => self.ev_assigned,
            "note" => self.ev_note,
            "linked" => self.ev_linked,
            "flagged" | "due_soon" | "overdue" => self.ev_flagged,
            other => other,
        }
    }

    /// A message's delivery state.
    pub(crate) fn message_state(&self, state: &str) -> &'static str {
        match state {
            "sent" => self.msg_sent,
            "failed" => self.msg_failed,
            _ => self.msg_pending,
        }
    }

    /// A channel.
    pub(crate) fn channel_name(&self, channel: Channel) -> &'static str {
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

    /// A consent state (`granted`, `withdrawn`, `expired`, `unknown`).
    pub(crate) fn consent_state(&self, state: &str) -> &'static str {
        match state {
            "granted" => self.consent_granted,
            "withdrawn" => self.consent_withdrawn,
            "expired" => self.consent_expired,
            _ => self.consent_unknown,
        }
    }

    /// How a consent was collected.
    pub(crate) fn consent_source(&self, source: &str) -> &'static str {
        match source {
            "web_form" => self.src_web_form,
            "call" => self.src_call,
            "sms" => self.src_sms,
            "email" => self.src_email,
            "import" => self.src_import,
            "in_person" => self.src_in_person,
            "paper" => self.src_paper,
            _ => self.src_api,
        }
    }

    /// Where a suppression came from (`blocklist`, `objection:<source>`).
    pub(crate) fn suppression_source(&self, source: &str) -> &'static str {
        match source {
            "blocklist" => self.sup_blocklist,
            "objection:subject" => self.sup_subject,
            "objection:authorized_agent" => self.sup_agent,
            "objection:sms" => self.sup_sms,
            "objection:register" => self.sup_register,
            "objection:staff" => self.sup_staff,
            "objection:unsubscribe_link" => self.sup_unsubscribe,
            "objection:gpc" => self.sup_gpc,
            _ => self.sup_other,
        }
    }

    /// A breach's stage.
    pub(crate) fn breach_stage(&self, stage: vern_core::breach::Stage) -> &'static str {
        use vern_core::breach::Stage;
        match stage {
            Stage::Open => self.stage_open,
            Stage::Assessed => self.stage_assessed,
            Stage::AuthorityNotified => self.stage_authority_notified,
            Stage::PeopleNotified => self.stage_people_notified,
            Stage::Closed => self.stage_closed,
        }
    }

    /// A breach's assessed risk.
    pub(crate) fn breach_risk(&self, risk: Option<vern_core::breach::Risk>) -> &'static str {
        use vern_core::breach::Risk;
        match risk {
            None => self.risk_none,
            Some(Risk::Unlikely) => self.risk_unlikely,
            Some(Risk::Risk) => self.risk_risk,
            Some(Risk::High) => self.risk_high,
        }
    }

    /// A kind of identifier.
    pub(crate) fn identifier_kind(&self, kind: &str) -> &'static str {
        match kind {
            "phone" => self.phone,
            "email" => self.email,
            _ => self.national_id,
        }
    }

    /// A kind of activity.
    pub(crate) fn activity_kind(&self, kind: &str) -> &'static str {
        match kind {
            "call" => self.act_call,
            "sms" => self.act_sms,
            "email" => self.act_email,
            "meeting" => self.act_meeting,
            _ => self.act_note,
        }
    }

    /// Why contact is refused, by the decision's reason code; `fallback` (the decision's own
    /// English message) for a code this table does not know yet.
    pub(crate) fn reason_text(&self, code: &str, fallback: &str) -> String {
        let text = match code {
            "restricted" => self.r_restricted,
            "purpose.channel_not_declared" => self.r_purpose_channel,
            "identifier.missing" => self.r_identifier_missing,
            "objection.direct_marketing" => self.r_objection,
            "blocklist" => self.r_blocklist,
            "consent.missing" => self.r_consent_missing,
            "consent.withdrawn" => self.r_consent_withdrawn,
            "consent.expired" => self.r_consent_expired,
            "register.nix_telefon" => self.r_nix,
            "register.reservasjonsregisteret" => self.r_reservasjon,
            "register.robinsonlisten" => self.r_robinson,
            "register.stale" => self.r_stale,
            "quiet_hours" => self.r_quiet_hours,
            "dk_telemarketing_ban" => self.r_dk_ban,
            "identifier.unparseable" => self.r_unparseable,
            _ => return fallback.to_owned(),
        };
        text.to_owned()
    }

    /// A national register's own name (proper names, the same in every language).
    pub(crate) fn register_name(&self, register: Register) -> &'static str {
        match register {
            Register::NixTelefon => "NIX-Telefon",
            Register::Reservasjonsregisteret => "Reservasjonsregisteret",
            Register::Robinsonlisten => "Robinsonlisten",
        }
    }

    /// A register version's status.
    pub(crate) fn register_status(&self, status: &str) -> &'static str {
        match status {
            "in_force" => self.reg_in_force,
            "stale" => self.reg_stale,
            _ => self.reg_superseded,
        }
    }

    /// A legal basis (GDPR Art. 6(1)).
    pub(crate) fn legal_basis(&self, basis: &str) -> &'static str {
        match basis {
            "consent" => self.lb_consent,
            "contract" => self.lb_contract,
            "legal_obligation" => self.lb_legal_obligation,
            "vital_interests" => self.lb_vital_interests,
            "public_task" => self.lb_public_task,
            _ => self.lb_legitimate_interests,
        }
    }
}

#[cfg(test)]
mod tests;
