//! The messages vern sends to data subjects, in Swedish, Norwegian bokmål, Danish, Finnish and
//! English (the fallback for any other language).
//!
//! Each template is one function returning `(subject, body)` in plain text. Every message names
//! the controller, and the DPO's e-mail address when the controller has one. With the channel
//! `sms` the text is shortened to fit one SMS where the caller's own texts allow (the subject is
//! still returned, for display in the outbox); any other channel gets the e-mail version.
//! [`to_message`] turns a rendered text into the [`NewMessage`] the store queues.
//!
//! Texts given by the caller (reasons, outcomes, what was erased or kept) are inserted as they
//! are: they are written by staff for the person.

mod erasure;

pub use erasure::{
    erased_items, erasure_cancelled, erasure_outcome, erasure_scheduled, held_items,
};
use time::{Date, Month};
use vern_core::request::RequestKind;

use crate::lang::Lang;
use vern_store::model::{Controller, NewMessage};

/// Who a message is from: the controller's name, and its DPO's e-mail address if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature<'a> {
    /// The controller's name.
    pub name: &'a str,
    /// The data protection officer's e-mail address.
    pub dpo_email: Option<&'a str>,
}

impl<'a> From<&'a Controller> for Signature<'a> {
    fn from(c: &'a Controller) -> Signature<'a> {
        Signature {
            name: &c.name,
            dpo_email: c.dpo_email.as_deref(),
        }
    }
}

impl<'a> From<&Signature<'a>> for Signature<'a> {
    fn from(s: &Signature<'a>) -> Signature<'a> {
        *s
    }
}

/// The names of the templates, as stored with each message.
pub mod template {
    /// [`super::verification_code`].
    pub const VERIFICATION_CODE: &str = "verification_code";
    /// [`super::request_received`].
    pub const REQUEST_RECEIVED: &str = "request_received";
    /// [`super::extension_notice`].
    pub const EXTENSION_NOTICE: &str = "extension_notice";
    /// [`super::request_completed`].
    pub const REQUEST_COMPLETED: &str = "request_completed";
    /// [`super::request_rejected`].
    pub const REQUEST_REJECTED: &str = "request_rejected";
    /// [`super::rectification_done`].
    pub const RECTIFICATION_DONE: &str = "rectification_done";
    /// [`super::objection_confirmed`].
    pub const OBJECTION_CONFIRMED: &str = "objection_confirmed";
    /// [`super::erasure_confirmed`].
    pub const ERASURE_CONFIRMED: &str = "erasure_confirmed";
}

/// A rendered `(subject, body)` as a message to queue, with the language stored as its code.
pub fn to_message(
    to: &str,
    channel: &str,
    template: &str,
    language: &str,
    (subject, body): (String, String),
) -> NewMessage {
    NewMessage {
        channel: channel.to_owned(),
        to: to.to_owned(),
        subject,
        body,
        template: template.to_owned(),
        language: Lang::from_tag(language).code().to_owned(),
    }
}

/// What every template needs: the language, whether it is an SMS, and who it is from.
struct Cx<'a> {
    lang: Lang,
    sms: bool,
    from: Signature<'a>,
}

impl<'a> Cx<'a> {
    fn new(language: &str, channel: &str, from: Signature<'a>) -> Cx<'a> {
        Cx {
            lang: Lang::from_tag(language),
            sms: channel.trim().eq_ignore_ascii_case("sms"),
            from,
        }
    }

    /// The subject with the controller's name, and the SMS or the e-mail body: the e-mail's
    /// `text` between a greeting and the contact line with the signature.
    fn render(&self, subject: &str, mut sms: String, mut text: String) -> (String, String) {
        let name = self.from.name.trim();
        let subject = format!("{subject} – {name}");
        if self.sms {
            sms.insert_str(0, &format!("{name}: "));
            return (subject, sms);
        }
        let (greeting, regards) = match self.lang {
            Lang::Sv => ("Hej!", "Vänliga hälsningar"),
            Lang::Nb => ("Hei!", "Vennlig hilsen"),
            Lang::Da => ("Hej!", "Venlig hilsen"),
            Lang::Fi => ("Hei!", "Ystävällisin terveisin"),
            Lang::En => ("Hello,", "Kind regards"),
        };
        let contact = self.contact();
        text.insert_str(0, &format!("{greeting}\n\n"));
        text.push_str(&format!("\n\n{contact}\n\n{regards}\n{name}\n"));
        (subject, text)
    }

    fn contact(&self) -> String {
        match (
            self.lang,
            self.from.dpo_email.map(str::trim).filter(|d| !d.is_empty()),
        ) {
            (Lang::Sv, Some(dpo)) => {
                format!("Har du frågor är du välkommen att kontakta vårt dataskyddsombud på {dpo}.")
            }
            (Lang::Sv, None) => "Har du frågor är du välkommen att kontakta oss.".to_owned(),
            (Lang::Nb, Some(dpo)) => format!(
                "Har du spørsmål, er du velkommen til å kontakte personvernombudet vårt på {dpo}."
            ),
            (Lang::Nb, None) => "Har du spørsmål, er du velkommen til å kontakte oss.".to_owned(),
            (Lang::Da, Some(dpo)) => format!(
                "Har du spørgsmål, er du velkommen til at kontakte vores databeskyttelsesrådgiver på {dpo}."
            ),
            (Lang::Da, None) => "Har du spørgsmål, er du velkommen til at kontakte os.".to_owned(),
            (Lang::Fi, Some(dpo)) => {
                format!(
                    "Jos sinulla on kysyttävää, voit ottaa yhteyttä tietosuojavastaavaamme: {dpo}."
                )
            }
            (Lang::Fi, None) => "Jos sinulla on kysyttävää, otathan yhteyttä meihin.".to_owned(),
            (Lang::En, Some(dpo)) => format!(
                "If you have any questions, please contact our data protection officer at {dpo}."
            ),
            (Lang::En, None) => "If you have any questions, please contact us.".to_owned(),
        }
    }

    fn date(&self, date: Date) -> String {
        format_date(self.lang, date)
    }
}

/// A caller's text as a sentence: trimmed, with a full stop added when it ends without one.
/// `None` when there is no text.
fn sentence(text: &str) -> Option<String> {
    let t = text.trim();
    let last = t.chars().last()?;
    if matches!(last, '.' | '!' | '?' | '…' | ')' | '"' | '»' | '”') {
        Some(t.to_owned())
    } else {
        Some(format!("{t}."))
    }
}

/// `text` preceded by `label`, as its own paragraph, or nothing when `text` is empty.
fn labelled(label: &str, text: &str) -> String {
    sentence(text).map_or_else(String::new, |s| format!("\n\n{label}: {s}"))
}

/// The same for an SMS: on the same line.
fn labelled_short(label: &str, text: &str) -> String {
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

fn month_sv(m: Month) -> &'static str {
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

fn month_nb(m: Month) -> &'static str {
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

fn month_da(m: Month) -> &'static str {
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
pub fn kind_words(lang: Lang, kind: RequestKind) -> &'static str {
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
pub fn field_label(lang: Lang, field: &str) -> String {
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
fn join_list(items: &[String], and: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
    }
}

fn minutes(lang: Lang, n: u32) -> String {
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

/// A one-time code that confirms the person's identity for a request.
pub fn verification_code<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    code: &str,
    expires_in_minutes: u32,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let code = code.trim();
    let m = minutes(cx.lang, expires_in_minutes);
    match cx.lang {
        Lang::Sv => cx.render(
            "Din verifieringskod",
            format!(
                "Din verifieringskod är {code}. Den gäller i {m}. Har du inte gjort någon begäran kan du bortse från meddelandet."
            ),
            format!(
                "Din verifieringskod är: {code}\n\nKoden gäller i {m}. Ange den för att bekräfta din begäran. Om du inte har gjort någon begäran kan du bortse från det här meddelandet."
            ),
        ),
        Lang::Nb => cx.render(
            "Bekreftelseskoden din",
            format!(
                "Bekreftelseskoden din er {code}. Den er gyldig i {m}. Har du ikke sendt noen forespørsel, kan du se bort fra meldingen."
            ),
            format!(
                "Bekreftelseskoden din er: {code}\n\nKoden er gyldig i {m}. Skriv den inn for å bekrefte forespørselen din. Hvis du ikke har sendt noen forespørsel, kan du se bort fra denne meldingen."
            ),
        ),
        Lang::Da => cx.render(
            "Din bekræftelseskode",
            format!(
                "Din bekræftelseskode er {code}. Den er gyldig i {m}. Har du ikke sendt en anmodning, kan du se bort fra beskeden."
            ),
            format!(
                "Din bekræftelseskode er: {code}\n\nKoden er gyldig i {m}. Indtast den for at bekræfte din anmodning. Hvis du ikke har sendt en anmodning, kan du se bort fra denne besked."
            ),
        ),
        Lang::Fi => cx.render(
            "Vahvistuskoodisi",
            format!(
                "Vahvistuskoodisi on {code}. Koodi vanhenee {m} kuluttua. Jos et tehnyt pyyntöä, voit jättää viestin huomiotta."
            ),
            format!(
                "Vahvistuskoodisi on: {code}\n\nKoodi vanhenee {m} kuluttua. Vahvista pyyntösi syöttämällä koodi. Jos et ole tehnyt pyyntöä, voit jättää tämän viestin huomiotta."
            ),
        ),
        Lang::En => cx.render(
            "Your verification code",
            format!(
                "Your verification code is {code}. It expires in {m}. If you did not make a request, please ignore this message."
            ),
            format!(
                "Your verification code is: {code}\n\nThe code expires in {m}. Enter it to confirm your request. If you did not make a request, you can ignore this message."
            ),
        ),
    }
}

/// The acknowledgement of a new request, with the date by which it will be answered.
pub fn request_received<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    kind: RequestKind,
    due: Date,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let what = kind_words(cx.lang, kind);
    let due = cx.date(due);
    match cx.lang {
        Lang::Sv => cx.render(
            "Vi har tagit emot din begäran",
            format!("Vi har tagit emot din begäran om {what}. Du får svar senast {due}."),
            format!(
                "Vi har tagit emot din begäran om {what}. Du får svar senast {due}. Om vi behöver mer tid meddelar vi dig innan dess."
            ),
        ),
        Lang::Nb => cx.render(
            "Vi har mottatt forespørselen din",
            format!("Vi har mottatt forespørselen din om {what}. Du får svar senest {due}."),
            format!(
                "Vi har mottatt forespørselen din om {what}. Du får svar senest {due}. Hvis vi trenger mer tid, gir vi deg beskjed før den tid."
            ),
        ),
        Lang::Da => cx.render(
            "Vi har modtaget din anmodning",
            format!("Vi har modtaget din anmodning om {what}. Du får svar senest {due}."),
            format!(
                "Vi har modtaget din anmodning om {what}. Du får svar senest {due}. Hvis vi får brug for mere tid, giver vi dig besked inden da."
            ),
        ),
        Lang::Fi => cx.render(
            "Pyyntösi on vastaanotettu",
            format!("Olemme vastaanottaneet pyyntösi ({what}). Vastaamme viimeistään {due}."),
            format!(
                "Olemme vastaanottaneet pyyntösi: {what}. Vastaamme viimeistään {due}. Jos tarvitsemme lisäaikaa, ilmoitamme siitä sinulle ennen määräajan päättymistä."
            ),
        ),
        Lang::En => cx.render(
            "We have received your request",
            format!("We have received your request for {what}. We will reply by {due}."),
            format!(
                "We have received your request for {what}. We will reply by {due} at the latest. If we need more time, we will let you know before then."
            ),
        ),
    }
}

/// The deadline of a request was extended (GDPR Art. 12(3)), with the new date and the reason.
pub fn extension_notice<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    new_due: Date,
    reason: &str,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let due = cx.date(new_due);
    match cx.lang {
        Lang::Sv => cx.render(
            "Tiden för att svara på din begäran förlängs",
            format!(
                "Vi behöver mer tid för din begäran (GDPR art. 12.3 medger två månader till). Svar senast {due}.{}",
                labelled_short("Skäl", reason)
            ),
            format!(
                "Vi behöver mer tid för att hantera din begäran. Enligt artikel 12.3 i dataskyddsförordningen (GDPR) får tiden förlängas med ytterligare två månader när det behövs, med hänsyn till hur komplicerad begäran är och hur många begäranden vi har fått. Du får svar senast {due}.{}",
                labelled("Skäl", reason)
            ),
        ),
        Lang::Nb => cx.render(
            "Fristen for å svare på forespørselen din forlenges",
            format!(
                "Vi trenger mer tid (GDPR art. 12 nr. 3 tillater to måneder til). Svar senest {due}.{}",
                labelled_short("Begrunnelse", reason)
            ),
            format!(
                "Vi trenger mer tid til å behandle forespørselen din. Etter personvernforordningen (GDPR) artikkel 12 nr. 3 kan fristen forlenges med ytterligere to måneder ved behov, ut fra hvor komplisert forespørselen er og hvor mange forespørsler vi har fått. Du får svar senest {due}.{}",
                labelled("Begrunnelse", reason)
            ),
        ),
        Lang::Da => cx.render(
            "Fristen for at besvare din anmodning forlænges",
            format!(
                "Vi har brug for mere tid (GDPR art. 12, stk. 3, tillader to måneder mere). Svar senest {due}.{}",
                labelled_short("Begrundelse", reason)
            ),
            format!(
                "Vi har brug for mere tid til at behandle din anmodning. Efter databeskyttelsesforordningens (GDPR) artikel 12, stk. 3, kan fristen om nødvendigt forlænges med yderligere to måneder, alt efter hvor kompleks anmodningen er, og hvor mange anmodninger vi har modtaget. Du får svar senest {due}.{}",
                labelled("Begrundelse", reason)
            ),
        ),
        Lang::Fi => cx.render(
            "Pyyntösi käsittelyaikaa jatketaan",
            format!(
                "Pyyntösi käsittely vaatii lisäaikaa (GDPR 12 art. 3 kohta sallii 2 kk lisää). Vastaamme viimeistään {due}.{}",
                labelled_short("Perustelu", reason)
            ),
            format!(
                "Tarvitsemme lisäaikaa pyyntösi käsittelyyn. Tietosuoja-asetuksen (GDPR) 12 artiklan 3 kohdan mukaan määräaikaa voidaan tarvittaessa jatkaa enintään kahdella kuukaudella, kun otetaan huomioon pyynnön monimutkaisuus ja saamiemme pyyntöjen määrä. Vastaamme viimeistään {due}.{}",
                labelled("Perustelu", reason)
            ),
        ),
        Lang::En => cx.render(
            "We need more time for your request",
            format!(
                "We need more time for your request (GDPR Art. 12(3) allows two further months). We will reply by {due}.{}",
                labelled_short("Reason", reason)
            ),
            format!(
                "We need more time to handle your request. Article 12(3) of the GDPR allows the time limit to be extended by two further months where necessary, taking into account the complexity and number of requests. We will reply by {due} at the latest.{}",
                labelled("Reason", reason)
            ),
        ),
    }
}

/// A request was completed, with what was done.
pub fn request_completed<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    kind: RequestKind,
    outcome: &str,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let what = kind_words(cx.lang, kind);
    let (short, long) = match sentence(outcome) {
        Some(s) => (format!(" {s}"), format!("\n\n{s}")),
        None => (String::new(), String::new()),
    };
    match cx.lang {
        Lang::Sv => cx.render(
            "Din begäran är slutförd",
            format!("Din begäran om {what} är slutförd.{short}"),
            format!("Din begäran om {what} är nu slutförd.{long}"),
        ),
        Lang::Nb => cx.render(
            "Forespørselen din er behandlet",
            format!("Forespørselen din om {what} er behandlet.{short}"),
            format!("Forespørselen din om {what} er nå behandlet.{long}"),
        ),
        Lang::Da => cx.render(
            "Din anmodning er færdigbehandlet",
            format!("Din anmodning om {what} er færdigbehandlet.{short}"),
            format!("Din anmodning om {what} er nu færdigbehandlet.{long}"),
        ),
        Lang::Fi => cx.render(
            "Pyyntösi on käsitelty",
            format!("Pyyntösi on käsitelty ({what}).{short}"),
            format!("Pyyntösi on nyt käsitelty: {what}.{long}"),
        ),
        Lang::En => cx.render(
            "Your request has been completed",
            format!("Your request for {what} has been completed.{short}"),
            format!("Your request for {what} has now been completed.{long}"),
        ),
    }
}

/// A request was refused, with the reason and the right to complain to the supervisory
/// authority (GDPR Art. 12(4)), named for the language's country.
pub fn request_rejected<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    reason: &str,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    match cx.lang {
        Lang::Sv => cx.render(
            "Beslut om din begäran",
            format!(
                "Vi kan inte tillmötesgå din begäran.{} Du har rätt att klaga hos Integritetsskyddsmyndigheten (IMY).",
                labelled_short("Skäl", reason)
            ),
            format!(
                "Vi kan tyvärr inte tillmötesgå din begäran.{}\n\nOm du inte är nöjd med beslutet har du rätt att lämna in ett klagomål till Integritetsskyddsmyndigheten (IMY) och att få saken prövad i domstol.",
                labelled("Skäl", reason)
            ),
        ),
        Lang::Nb => cx.render(
            "Svar på forespørselen din",
            format!(
                "Vi kan ikke imøtekomme forespørselen din.{} Du har rett til å klage til Datatilsynet.",
                labelled_short("Begrunnelse", reason)
            ),
            format!(
                "Vi kan dessverre ikke imøtekomme forespørselen din.{}\n\nHvis du er uenig i avgjørelsen, har du rett til å klage til Datatilsynet og til å bringe saken inn for domstolene.",
                labelled("Begrunnelse", reason)
            ),
        ),
        Lang::Da => cx.render(
            "Afgørelse om din anmodning",
            format!(
                "Vi kan ikke imødekomme din anmodning.{} Du har ret til at klage til Datatilsynet.",
                labelled_short("Begrundelse", reason)
            ),
            format!(
                "Vi kan desværre ikke imødekomme din anmodning.{}\n\nHvis du er uenig i afgørelsen, har du ret til at klage til Datatilsynet og til at indbringe sagen for domstolene.",
                labelled("Begrundelse", reason)
            ),
        ),
        Lang::Fi => cx.render(
            "Pyyntöäsi koskeva päätös",
            format!(
                "Emme voi toteuttaa pyyntöäsi.{} Voit tehdä valituksen valvontaviranomaiselle (Tietosuojavaltuutetun toimisto).",
                labelled_short("Perustelu", reason)
            ),
            format!(
                "Valitettavasti emme voi toteuttaa pyyntöäsi.{}\n\nJos olet eri mieltä päätöksestä, sinulla on oikeus tehdä valitus valvontaviranomaiselle (Tietosuojavaltuutetun toimisto) ja saattaa asia tuomioistuimen käsiteltäväksi.",
                labelled("Perustelu", reason)
            ),
        ),
        Lang::En => cx.render(
            "Decision on your request",
            format!(
                "We cannot comply with your request.{} You have the right to complain to your data protection authority.",
                labelled_short("Reason", reason)
            ),
            format!(
                "Unfortunately, we are unable to comply with your request.{}\n\nIf you disagree with this decision, you have the right to lodge a complaint with your data protection authority and to seek a judicial remedy.",
                labelled("Reason", reason)
            ),
        ),
    }
}

/// Personal data was corrected: which fields changed, by their names (`name`, `emails`,
/// `phones`, `address`, `national_id`, `language` are translated; others are shown as given).
pub fn rectification_done<'a, S: AsRef<str>>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
    fields: &[S],
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    let mut labels: Vec<String> = Vec::new();
    for f in fields {
        let label = field_label(cx.lang, f.as_ref());
        if !label.is_empty() && !labels.contains(&label) {
            labels.push(label);
        }
    }
    let and = match cx.lang {
        Lang::Sv => "och",
        Lang::Nb | Lang::Da => "og",
        Lang::Fi => "ja",
        Lang::En => "and",
    };
    let list = join_list(&labels, and);
    let changed = |some: &str, none: &str| {
        if list.is_empty() {
            none.to_owned()
        } else {
            format!("{some}: {list}.")
        }
    };
    match cx.lang {
        Lang::Sv => {
            let what = changed(
                "Vi har rättat följande personuppgifter om dig",
                "Vi har rättat dina personuppgifter.",
            );
            cx.render(
                "Dina personuppgifter har rättats",
                what.clone(),
                format!("{what} Om något fortfarande är fel är du välkommen att höra av dig."),
            )
        }
        Lang::Nb => {
            let what = changed(
                "Vi har rettet følgende personopplysninger om deg",
                "Vi har rettet personopplysningene dine.",
            );
            cx.render(
                "Personopplysningene dine er rettet",
                what.clone(),
                format!("{what} Hvis noe fortsatt er feil, er du velkommen til å ta kontakt."),
            )
        }
        Lang::Da => {
            let what = changed(
                "Vi har rettet følgende personoplysninger om dig",
                "Vi har rettet dine personoplysninger.",
            );
            cx.render(
                "Dine personoplysninger er rettet",
                what.clone(),
                format!("{what} Hvis noget stadig er forkert, er du velkommen til at kontakte os."),
            )
        }
        Lang::Fi => {
            let what = changed(
                "Olemme korjanneet seuraavat sinua koskevat henkilötiedot",
                "Olemme korjanneet henkilötietosi.",
            );
            cx.render(
                "Henkilötietosi on korjattu",
                what.clone(),
                format!("{what} Jos jokin on edelleen väärin, otathan yhteyttä meihin."),
            )
        }
        Lang::En => {
            let what = changed(
                "We have corrected the following personal data about you",
                "We have corrected your personal data.",
            );
            cx.render(
                "Your personal data has been corrected",
                what.clone(),
                format!("{what} If anything is still incorrect, please let us know."),
            )
        }
    }
}

/// An objection to direct marketing was recorded; it applies on every channel.
pub fn objection_confirmed<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    match cx.lang {
        Lang::Sv => cx.render(
            "Din invändning mot direktmarknadsföring är registrerad",
            "Din invändning mot direktmarknadsföring är registrerad och gäller alla kanaler: telefon, sms, e-post och post.".to_owned(),
            "Vi har registrerat din invändning mot direktmarknadsföring. Vi kommer inte längre att använda dina personuppgifter för direktmarknadsföring, oavsett kanal: telefon, sms, e-post, post eller annat.\n\nDu behöver inte göra något mer.".to_owned(),
        ),
        Lang::Nb => cx.render(
            "Protesten din mot direkte markedsføring er registrert",
            "Protesten din mot direkte markedsføring er registrert og gjelder alle kanaler: telefon, SMS, e-post og post.".to_owned(),
            "Vi har registrert protesten din mot direkte markedsføring. Vi vil ikke lenger bruke personopplysningene dine til direkte markedsføring, uansett kanal: telefon, SMS, e-post, post eller annet.\n\nDu trenger ikke gjøre noe mer.".to_owned(),
        ),
        Lang::Da => cx.render(
            "Din indsigelse mod direkte markedsføring er registreret",
            "Din indsigelse mod direkte markedsføring er registreret og gælder alle kanaler: telefon, sms, e-mail og post.".to_owned(),
            "Vi har registreret din indsigelse mod direkte markedsføring. Vi vil ikke længere bruge dine personoplysninger til direkte markedsføring, uanset kanal: telefon, sms, e-mail, post eller andet.\n\nDu behøver ikke at gøre mere.".to_owned(),
        ),
        Lang::Fi => cx.render(
            "Suoramarkkinointikieltosi on kirjattu",
            "Suoramarkkinointikieltosi on kirjattu. Se koskee kaikkia kanavia: puhelinta, tekstiviestejä, sähköpostia ja postia.".to_owned(),
            "Olemme kirjanneet suoramarkkinointikieltosi. Emme enää käytä henkilötietojasi suoramarkkinointiin. Kielto koskee kaikkia kanavia: puhelinta, tekstiviestejä, sähköpostia, postia ja muita kanavia.\n\nSinun ei tarvitse tehdä muuta.".to_owned(),
        ),
        Lang::En => cx.render(
            "Your objection to direct marketing has been recorded",
            "Your objection to direct marketing has been recorded. It applies to all channels: phone, SMS, e-mail and post.".to_owned(),
            "We have recorded your objection to direct marketing. We will no longer use your personal data for direct marketing through any channel: phone, SMS, e-mail, post or any other.\n\nYou do not need to do anything else.".to_owned(),
        ),
    }
}

/// Personal data was erased: what was erased, and what is kept, why and until when (texts
/// given by the caller; `kept` empty or `None` when nothing is kept).
pub fn erasure_confirmed<'a>(
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
    use time::macros::date;

    const ACME: Signature<'static> = Signature {
        name: "Acme AB",
        dpo_email: Some("dpo@acme.example"),
    };
    const NO_DPO: Signature<'static> = Signature {
        name: "Acme AB",
        dpo_email: None,
    };

    const TAGS: [&str; 5] = ["sv", "nb", "da", "fi", "en"];

    /// Every template in `lang` on `channel`, named.
    fn all(
        lang: &str,
        channel: &str,
        from: Signature<'_>,
    ) -> Vec<(&'static str, (String, String))> {
        let due = date!(2027 - 03 - 01);
        let mut out = vec![
            (
                template::VERIFICATION_CODE,
                verification_code(lang, channel, from, "482913", 30),
            ),
            (
                template::EXTENSION_NOTICE,
                extension_notice(lang, channel, from, due, "Many requests at once"),
            ),
            (
                template::REQUEST_REJECTED,
                request_rejected(lang, channel, from, "We hold no data about you."),
            ),
            (
                template::RECTIFICATION_DONE,
                rectification_done(lang, channel, from, &["name", "emails", "shoe_size"]),
            ),
            (
                template::OBJECTION_CONFIRMED,
                objection_confirmed(lang, channel, from),
            ),
            (
                template::ERASURE_CONFIRMED,
                erasure_confirmed(
                    lang,
                    channel,
                    from,
                    "Profile, consents and history",
                    Some("Invoices, for bookkeeping, until 2034"),
                ),
            ),
        ];
        for kind in RequestKind::ALL {
            out.push((
                template::REQUEST_RECEIVED,
                request_received(lang, channel, from, kind, due),
            ));
            out.push((
                template::REQUEST_COMPLETED,
                request_completed(lang, channel, from, kind, "A copy was sent"),
            ));
        }
        out
    }

    #[test]
    fn every_template_renders_in_every_language_without_placeholders() {
        for lang in TAGS {
            for channel in ["email", "sms"] {
                for from in [ACME, NO_DPO] {
                    for (name, (subject, body)) in all(lang, channel, from) {
                        let what = format!("{name} in {lang} by {channel}");
                        assert!(!subject.trim().is_empty(), "{what}: empty subject");
                        assert!(!body.trim().is_empty(), "{what}: empty body");
                        for text in [&subject, &body] {
                            for bad in ["{", "}", "%s", "$", "TODO", "  ", " .", "..", "\n\n\n"] {
                                assert!(!text.contains(bad), "{what}: {bad:?} in {text:?}");
                            }
                        }
                        assert!(
                            subject.contains("Acme AB"),
                            "{what}: no controller in subject"
                        );
                        assert!(body.contains("Acme AB"), "{what}: no controller in body");
                        assert!(!subject.contains('\n'), "{what}: subject on two lines");
                        if channel == "email" {
                            assert_eq!(
                                body.contains("dpo@acme.example"),
                                from.dpo_email.is_some(),
                                "{what}: DPO contact"
                            );
                        } else {
                            assert!(!body.contains('\n'), "{what}: an SMS on several lines");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn languages_differ_and_unknown_ones_fall_back_to_english() {
        let en = all("en", "email", ACME);
        for lang in ["sv", "nb", "da", "fi"] {
            for (a, b) in all(lang, "email", ACME).iter().zip(&en) {
                assert_ne!(a.1, b.1, "{} in {lang} is the English text", a.0);
            }
        }
        for other in ["de", "", "xx-YY", "english", "pt-BR"] {
            assert_eq!(all(other, "email", ACME), en, "{other:?}");
        }
        assert_eq!(all("no", "email", ACME), all("nb", "email", ACME));
        assert_eq!(all("nb-NO", "sms", ACME), all("nb", "sms", ACME));
        assert_eq!(all("SV_se", "email", ACME), all("sv", "email", ACME));
        assert_eq!(Lang::from_tag("no").code(), "nb");
        assert_eq!(Lang::from_tag("fr").code(), "en");
    }

    #[test]
    fn the_code_and_its_lifetime_are_in_the_verification_message() {
        for lang in TAGS {
            for channel in ["email", "sms"] {
                let (_, body) = verification_code(lang, channel, ACME, "482913", 30);
                assert!(body.contains("482913"), "{lang} {channel}");
                assert!(body.contains("30 "), "{lang} {channel}");
            }
        }
        let (_, one) = verification_code("en", "sms", ACME, "1", 1);
        assert!(one.contains("1 minute."), "{one}");
    }

    #[test]
    fn sms_versions_are_short() {
        let mut long = Vec::new();
        for lang in TAGS {
            for (name, (_, body)) in all(lang, "sms", NO_DPO) {
                let n = body.chars().count();
                if n > 160 {
                    long.push(format!("{name} in {lang}: {n} characters: {body}"));
                }
            }
            for (name, (_, sms)) in all(lang, "sms", ACME) {
                let email = all(lang, "email", ACME)
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, (_, b))| b)
                    .unwrap_or_default();
                assert!(sms.len() < email.len(), "{name} in {lang}");
            }
        }
        assert!(
            long.is_empty(),
            "too long for one SMS:\n{}",
            long.join("\n")
        );
    }

    #[test]
    fn the_supervisory_authority_is_named_for_the_language() {
        let cases = [
            ("sv", "IMY"),
            ("nb", "Datatilsynet"),
            ("da", "Datatilsynet"),
            ("fi", "Tietosuojavaltuutetun toimisto"),
            ("en", "your data protection authority"),
        ];
        for (lang, authority) in cases {
            for channel in ["email", "sms"] {
                let (_, body) = request_rejected(lang, channel, ACME, "No data");
                assert!(body.contains(authority), "{lang} {channel}: {body}");
                assert!(body.contains("No data."), "{lang} {channel}: {body}");
            }
        }
    }

    #[test]
    fn the_extension_cites_article_12_3_and_the_new_date() {
        let due = date!(2027 - 03 - 01);
        let cases = [
            ("sv", "12.3", "1 mars 2027"),
            ("nb", "12 nr. 3", "1. mars 2027"),
            ("da", "12, stk. 3", "1. marts 2027"),
            ("fi", "12 art", "1.3.2027"),
            ("en", "12(3)", "1 March 2027"),
        ];
        for (lang, article, date) in cases {
            for channel in ["email", "sms"] {
                let (_, body) = extension_notice(lang, channel, ACME, due, "Many requests");
                assert!(body.contains(article), "{lang} {channel}: {body}");
                assert!(body.contains(date), "{lang} {channel}: {body}");
                assert!(body.contains("Many requests."), "{lang} {channel}: {body}");
            }
        }
        let (_, fi) = extension_notice("fi", "email", ACME, due, "x");
        assert!(fi.contains("12 artiklan 3 kohdan"), "{fi}");
    }

    #[test]
    fn caller_texts_and_fields_appear() {
        let (_, body) = rectification_done("sv", "email", ACME, &["name", "phones", "phone"]);
        assert!(body.contains("namn och telefonnummer."), "{body}");
        let (_, body) = rectification_done("en", "email", ACME, &["name", "emails", "address"]);
        assert!(
            body.contains("name, e-mail address and postal address."),
            "{body}"
        );
        let none: [&str; 0] = [];
        let (_, body) = rectification_done("da", "sms", ACME, &none);
        assert_eq!(body, "Acme AB: Vi har rettet dine personoplysninger.");

        let (_, body) = erasure_confirmed("nb", "email", ACME, "Profilen din", None);
        assert!(body.contains("Dette er slettet: Profilen din."), "{body}");
        assert!(
            body.contains("Vi beholder ingen andre opplysninger"),
            "{body}"
        );
        let (_, body) =
            erasure_confirmed("fi", "email", ACME, "Profiili", Some("Laskut 2034 asti."));
        assert!(
            body.contains("Säilytettävät tiedot: Laskut 2034 asti."),
            "{body}"
        );

        let (_, body) = request_completed("en", "email", ACME, RequestKind::Access, "");
        assert!(body.contains("access to your personal data has now been completed.\n\n"));
        let (_, body) = request_completed("en", "sms", ACME, RequestKind::Access, "Sent by post!");
        assert!(body.ends_with("completed. Sent by post!"), "{body}");
    }

    #[test]
    fn dates_are_written_the_local_way() {
        let d = date!(2027 - 05 - 09);
        assert_eq!(format_date(Lang::Sv, d), "9 maj 2027");
        assert_eq!(format_date(Lang::Nb, d), "9. mai 2027");
        assert_eq!(format_date(Lang::Da, d), "9. maj 2027");
        assert_eq!(format_date(Lang::Fi, d), "9.5.2027");
        assert_eq!(format_date(Lang::En, d), "9 May 2027");
    }

    #[test]
    fn an_email_reads_as_a_letter() {
        let (subject, body) = request_received(
            "sv",
            "email",
            NO_DPO,
            RequestKind::Erasure,
            date!(2027 - 02 - 28),
        );
        assert_eq!(subject, "Vi har tagit emot din begäran – Acme AB");
        assert_eq!(
            body,
            "Hej!\n\nVi har tagit emot din begäran om radering av dina personuppgifter. Du får svar senast 28 februari 2027. Om vi behöver mer tid meddelar vi dig innan dess.\n\nHar du frågor är du välkommen att kontakta oss.\n\nVänliga hälsningar\nAcme AB\n"
        );
        let m = to_message(
            "a@b.example",
            "email",
            template::REQUEST_RECEIVED,
            "no",
            (subject, body),
        );
        assert_eq!(m.language, "nb");
        assert_eq!(m.template, "request_received");
        assert_eq!(m.to, "a@b.example");
    }
}
