//! Texts of the personal-data breach pages (Art. 33-34).
//!
//! One row per text, its five translations side by side (sv, nb, da, fi, en); the rows are
//! gathered into the one `Texts` table by `gather_texts!` in `ui/i18n.rs`.

/// Adds this area's rows to the rows gathered so far and hands them on.
macro_rules! breaches_texts {
    ($then:ident $areas:tt $($rows:tt)*) => {
        $then! { $areas $($rows)*
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
        }
    };
}
