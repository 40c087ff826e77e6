//! The breach documents' texts in Swedish, Norwegian (bokmål), Danish, Finnish and English: one
//! row per text, the five translations side by side, as `report/texts.rs` keeps them.

use vern_core::breach::{Risk, Stage};

use crate::lang::Lang;

macro_rules! texts {
    ($($key:ident => [$sv:expr, $nb:expr, $da:expr, $fi:expr, $en:expr $(,)?],)*) => {
        /// Every text of the breach documents, in one language.
        #[derive(Debug, serde::Serialize)]
        pub(crate) struct Texts {
            $( pub(crate) $key: &'static str, )*
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

texts! {
    title => ["Anmälan om personuppgiftsincident", "Melding om brudd på personopplysningssikkerheten", "Anmeldelse af brud på persondatasikkerheden", "Ilmoitus henkilötietojen tietoturvaloukkauksesta", "Notification of a personal data breach"],
    legal_basis => ["Enligt artikel 33 i dataskyddsförordningen (EU) 2016/679", "Etter artikkel 33 i personvernforordningen (EU) 2016/679", "I henhold til artikel 33 i databeskyttelsesforordningen (EU) 2016/679", "Tietosuoja-asetuksen (EU) 2016/679 33 artiklan mukaisesti", "Under Article 33 of the General Data Protection Regulation (EU) 2016/679"],
    to => ["Till", "Til", "Til", "Vastaanottaja", "To"],
    controller => ["Personuppgiftsansvarig", "Behandlingsansvarlig", "Dataansvarlig", "Rekisterinpitäjä", "Controller"],
    contact => ["Dataskyddsombud eller annan kontaktpunkt", "Personvernombud eller annet kontaktpunkt", "Databeskyttelsesrådgiver eller andet kontaktpunkt", "Tietosuojavastaava tai muu yhteyspiste", "Data protection officer or other contact point"],
    occurred_at => ["Incidenten inträffade", "Bruddet skjedde", "Bruddet skete", "Loukkaus tapahtui", "The breach occurred"],
    aware_at => ["Vi fick kännedom om incidenten", "Vi ble kjent med bruddet", "Vi blev bekendt med bruddet", "Saimme tiedon loukkauksesta", "We became aware of the breach"],
    deadline => ["Senast (72 timmar)", "Frist (72 timer)", "Frist (72 timer)", "Määräaika (72 tuntia)", "Deadline (72 hours)"],
    notified_at => ["Anmäld till tillsynsmyndigheten", "Meldt til tilsynsmyndigheten", "Anmeldt til tilsynsmyndigheden", "Ilmoitettu valvontaviranomaiselle", "Notified to the supervisory authority"],
    reference => ["Myndighetens diarienummer", "Myndighetens referanse", "Myndighedens journalnummer", "Viranomaisen diaarinumero", "The authority's reference"],
    delay_reasons => ["Skäl till förseningen", "Årsaker til forsinkelsen", "Begrundelse for forsinkelsen", "Syyt viivästymiseen", "Reasons for the delay"],
    nature => ["Incidentens art", "Bruddets art", "Bruddets karakter", "Loukkauksen luonne", "Nature of the breach"],
    subject_categories => ["Kategorier av registrerade", "Kategorier av registrerte", "Kategorier af registrerede", "Rekisteröityjen ryhmät", "Categories of data subjects"],
    subjects_approx => ["Ungefärligt antal registrerade", "Omtrentlig antall registrerte", "Omtrentligt antal registrerede", "Rekisteröityjen arvioitu määrä", "Approximate number of data subjects"],
    record_categories => ["Kategorier av personuppgiftsposter", "Kategorier av personopplysninger", "Kategorier af personoplysninger", "Henkilötietotietueiden ryhmät", "Categories of personal data records"],
    records_approx => ["Ungefärligt antal personuppgiftsposter", "Omtrentlig antall registreringer", "Omtrentligt antal registreringer", "Tietueiden arvioitu määrä", "Approximate number of records"],
    consequences => ["Sannolika konsekvenser", "Sannsynlige konsekvenser", "Sandsynlige konsekvenser", "Todennäköiset seuraukset", "Likely consequences"],
    measures => ["Åtgärder som vidtagits eller föreslagits", "Tiltak som er truffet eller foreslått", "Foranstaltninger truffet eller foreslået", "Toteutetut tai ehdotetut toimenpiteet", "Measures taken or proposed"],
    risk => ["Riskbedömning", "Risikovurdering", "Risikovurdering", "Riskinarvio", "Risk assessment"],
    people => ["Information till de registrerade", "Underretning av de registrerte", "Underretning af de registrerede", "Rekisteröidyille ilmoittaminen", "Communication to the data subjects"],
    version => ["Version", "Versjon", "Version", "Versio", "Version"],
    stage => ["Status", "Status", "Status", "Tila", "Status"],
    not_known => ["Okänt", "Ukjent", "Ukendt", "Ei tiedossa", "Not known"],
    not_yet => ["Ännu inte", "Ikke ennå", "Endnu ikke", "Ei vielä", "Not yet"],
    register_title => ["Register över personuppgiftsincidenter", "Oversikt over brudd på personopplysningssikkerheten", "Fortegnelse over brud på persondatasikkerheden", "Tietoturvaloukkausrekisteri", "Register of personal data breaches"],
    risk_unlikely => ["Osannolikt att medföra risk", "Lite sannsynlig at det medfører risiko", "Usandsynligt at medføre risiko", "Ei todennäköisesti aiheuta riskiä", "Unlikely to result in a risk"],
    risk_risk => ["Risk för de registrerades rättigheter och friheter", "Risiko for de registrertes rettigheter og friheter", "Risiko for de registreredes rettigheder og frihedsrettigheder", "Riski rekisteröityjen oikeuksille ja vapauksille", "A risk to the rights and freedoms of the data subjects"],
    risk_high => ["Hög risk", "Høy risiko", "Høj risiko", "Korkea riski", "High risk"],
    stage_open => ["Öppen", "Åpen", "Åben", "Avoin", "Open"],
    stage_assessed => ["Bedömd", "Vurdert", "Vurderet", "Arvioitu", "Assessed"],
    stage_authority_notified => ["Anmäld", "Meldt", "Anmeldt", "Ilmoitettu", "Notified"],
    stage_people_notified => ["De registrerade informerade", "De registrerte underrettet", "De registrerede underrettet", "Rekisteröidyille ilmoitettu", "Data subjects told"],
    stage_closed => ["Avslutad", "Avsluttet", "Afsluttet", "Suljettu", "Closed"],
}

impl Texts {
    /// The name of a risk level.
    pub(crate) fn risk_name(&self, risk: Option<Risk>) -> &'static str {
        match risk {
            None => self.not_yet,
            Some(Risk::Unlikely) => self.risk_unlikely,
            Some(Risk::Risk) => self.risk_risk,
            Some(Risk::High) => self.risk_high,
        }
    }

    /// The name of a stage.
    pub(crate) fn stage_name(&self, stage: Stage) -> &'static str {
        match stage {
            Stage::Open => self.stage_open,
            Stage::Assessed => self.stage_assessed,
            Stage::AuthorityNotified => self.stage_authority_notified,
            Stage::PeopleNotified => self.stage_people_notified,
            Stage::Closed => self.stage_closed,
        }
    }
}
