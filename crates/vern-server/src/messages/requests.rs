//! The request messages: the verification code, the receipt, the extension notice, and the
//! outcomes (completed, rejected, rectified).

use time::Date;
use vern_core::request::RequestKind;

use super::{
    Cx, Lang, Signature, field_label, join_list, kind_words, labelled, labelled_short, minutes,
    sentence,
};

/// A one-time code that confirms the person's identity for a request.
pub(crate) fn verification_code<'a>(
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
pub(crate) fn extension_notice<'a>(
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
pub(crate) fn request_completed<'a>(
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
pub(crate) fn request_rejected<'a>(
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
pub(crate) fn rectification_done<'a, S: AsRef<str>>(
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

/// The line a completed access request adds to its answer when staff send a share link with
/// it: where the person sees their data, and for how long the address works.
pub(crate) fn share_link_line(lang: Lang, url: &str, hours: i64) -> String {
    match lang {
        Lang::Sv => format!(
            "Du kan se alla uppgifter vi har om dig på {url}. Länken fungerar i {hours} timmar och bara för dig: dela den inte."
        ),
        Lang::Nb => format!(
            "Du kan se alle opplysningene vi har om deg på {url}. Lenken virker i {hours} timer og bare for deg: ikke del den."
        ),
        Lang::Da => format!(
            "Du kan se alle de oplysninger, vi har om dig, på {url}. Linket virker i {hours} timer og kun for dig: del det ikke."
        ),
        Lang::Fi => format!(
            "Näet kaikki sinusta säilyttämämme tiedot osoitteessa {url}. Linkki toimii {hours} tuntia ja vain sinulle: älä jaa sitä."
        ),
        Lang::En => format!(
            "You can see all the data we hold about you at {url}. The link works for {hours} hours and only for you: do not share it."
        ),
    }
}
