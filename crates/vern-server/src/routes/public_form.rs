//! The public web form where people send their requests themselves, and verify them with a
//! one-time code sent to the contact details vern already holds.
//!
//! The pages answer the same whether or not vern knows the sender, so the form reveals nobody.

use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use std::net::SocketAddr;
use vern_core::Country;
use vern_core::request::RequestKind;
use vern_store::Actor;

use crate::extract::UrlForm;
use crate::index::ControllerView;
use crate::input::{IdentifiersIn, Reading};
use crate::lang::Lang;
use crate::notify::Template as Message;
use crate::requests::{Arrival, check_code, complete_telling, opening, send_verification_code};
use crate::state::AppState;

pub(crate) fn public_router() -> Router<AppState> {
    Router::new()
        .route("/request", get(form).post(submit))
        // A controller's own form: `{id}` is its key (named as the verify route's segment).
        .route("/request/{id}", get(form_for).post(submit_for))
        .route("/request/{id}/verify", post(verify))
}

/// The form's texts in one language.
#[derive(Debug)]
struct Texts {
    title: &'static str,
    intro: &'static str,
    kind: &'static str,
    email: &'static str,
    phone: &'static str,
    name: &'static str,
    message: &'static str,
    send: &'static str,
    sent: &'static str,
    code: &'static str,
    verify: &'static str,
    no_code: &'static str,
    verified: &'static str,
    need_contact: &'static str,
    wrong_code: &'static str,
    too_many: &'static str,
    stop_marketing: &'static str,
    stop_sent: &'static str,
    stop_done: &'static str,
    one_contact: &'static str,
    resume_marketing: &'static str,
    resume_done: &'static str,
    resume_none: &'static str,
    kinds: [&'static str; 8],
    /// The language's own name.
    language: &'static str,
    /// A controller with no open form.
    no_form: &'static str,
    /// "Personal identity number", in the form's language.
    national_id: &'static str,
    /// The national id does not read as one of the controller's country.
    bad_national_id: &'static str,
}

const SV: Texts = Texts {
    title: "Begäran om dina personuppgifter",
    intro: "Här kan du utöva dina rättigheter enligt dataskyddsförordningen",
    kind: "Vad vill du begära?",
    email: "E-postadress",
    phone: "Telefonnummer",
    name: "Namn",
    message: "Meddelande (valfritt)",
    send: "Skicka begäran",
    sent: "Tack, vi har tagit emot din begäran. Om vi har uppgifter om dig har vi skickat en engångskod till den e-postadress eller det telefonnummer vi har registrerat. Ange koden här för att bekräfta att det är du.",
    code: "Engångskod",
    verify: "Bekräfta",
    no_code: "Fick du ingen kod? Då kontaktar vi dig för att bekräfta din identitet på annat sätt.",
    verified: "Tack, din identitet är bekräftad. Vi besvarar din begäran senast",
    need_contact: "Ange din e-postadress eller ditt telefonnummer.",
    wrong_code: "Koden stämmer inte. Försök igen.",
    too_many: "För många försök. Vänta en stund och försök igen.",
    stop_marketing: "Stoppa all direktreklam till mig",
    stop_sent: "Vi har skickat en engångskod till den e-postadress eller det telefonnummer du angav. Ange koden här för att bekräfta att den är din, så registreras din invändning direkt.",
    stop_done: "Tack. Din invändning mot direktreklam är registrerad: vi kontaktar dig inte längre med marknadsföring i någon kanal.",
    one_contact: "Ange antingen din e-postadress eller ditt telefonnummer; skicka formuläret en gång till för det andra.",
    resume_marketing: "Jag vill få erbjudanden från er igen: återkalla min invändning mot direktreklam",
    resume_done: "Tack. Din invändning mot direktreklam är återkallad.",
    resume_none: "Vi hittade ingen invändning mot direktreklam för det du angav.",
    kinds: [
        "Få en kopia av mina uppgifter",
        "Rätta mina uppgifter",
        "Radera mina uppgifter",
        "Begränsa behandlingen",
        "Invända mot behandlingen",
        "Få mina uppgifter i maskinläsbart format",
        "Få ett automatiserat beslut prövat av en människa",
        "Information om behandlingen",
    ],
    language: "Svenska",
    no_form: "Det finns inget formulär för begäranden på den här adressen.",
    national_id: "Personnummer",
    bad_national_id: "Personnumret stämmer inte. Kontrollera siffrorna, eller lämna fältet tomt.",
};

const NB: Texts = Texts {
    title: "Forespørsel om dine personopplysninger",
    intro: "Her kan du bruke rettighetene dine etter personvernforordningen",
    kind: "Hva ønsker du?",
    email: "E-postadresse",
    phone: "Telefonnummer",
    name: "Navn",
    message: "Melding (valgfritt)",
    send: "Send forespørsel",
    sent: "Takk, vi har mottatt forespørselen din. Hvis vi har opplysninger om deg, har vi sendt en engangskode til e-postadressen eller telefonnummeret vi har registrert. Skriv inn koden her for å bekrefte at det er deg.",
    code: "Engangskode",
    verify: "Bekreft",
    no_code: "Fikk du ingen kode? Da kontakter vi deg for å bekrefte identiteten din på en annen måte.",
    verified: "Takk, identiteten din er bekreftet. Vi svarer på forespørselen din senest",
    need_contact: "Oppgi e-postadressen eller telefonnummeret ditt.",
    wrong_code: "Koden stemmer ikke. Prøv igjen.",
    too_many: "For mange forsøk. Vent litt og prøv igjen.",
    stop_marketing: "Stopp all direkte markedsføring til meg",
    stop_sent: "Vi har sendt en engangskode til e-postadressen eller telefonnummeret du oppga. Skriv inn koden her for å bekrefte at den er din, så registreres innsigelsen din med en gang.",
    stop_done: "Takk. Innsigelsen din mot direkte markedsføring er registrert: vi kontakter deg ikke lenger med markedsføring i noen kanal.",
    one_contact: "Oppgi enten e-postadressen eller telefonnummeret ditt; send skjemaet på nytt for det andre.",
    resume_marketing: "Jeg vil få tilbud fra dere igjen: trekk tilbake innsigelsen min mot direkte markedsføring",
    resume_done: "Takk. Innsigelsen din mot direkte markedsføring er trukket tilbake.",
    resume_none: "Vi fant ingen innsigelse mot direkte markedsføring for det du oppga.",
    kinds: [
        "Få innsyn i opplysningene mine",
        "Rette opplysningene mine",
        "Slette opplysningene mine",
        "Begrense behandlingen",
        "Protestere mot behandlingen",
        "Få opplysningene mine i maskinlesbart format",
        "Få en automatisert avgjørelse vurdert av et menneske",
        "Informasjon om behandlingen",
    ],
    language: "Norsk",
    no_form: "Det finnes ikke noe skjema for forespørsler på denne adressen.",
    national_id: "Fødselsnummer",
    bad_national_id: "Fødselsnummeret stemmer ikke. Kontroller sifrene, eller la feltet stå tomt.",
};

const DA: Texts = Texts {
    title: "Anmodning om dine personoplysninger",
    intro: "Her kan du gøre brug af dine rettigheder efter databeskyttelsesforordningen",
    kind: "Hvad ønsker du?",
    email: "E-mailadresse",
    phone: "Telefonnummer",
    name: "Navn",
    message: "Besked (valgfri)",
    send: "Send anmodning",
    sent: "Tak, vi har modtaget din anmodning. Hvis vi har oplysninger om dig, har vi sendt en engangskode til den e-mailadresse eller det telefonnummer, vi har registreret. Indtast koden her for at bekræfte, at det er dig.",
    code: "Engangskode",
    verify: "Bekræft",
    no_code: "Har du ikke fået en kode? Så kontakter vi dig for at bekræfte din identitet på anden vis.",
    verified: "Tak, din identitet er bekræftet. Vi besvarer din anmodning senest",
    need_contact: "Angiv din e-mailadresse eller dit telefonnummer.",
    wrong_code: "Koden er forkert. Prøv igen.",
    too_many: "For mange forsøg. Vent lidt, og prøv igen.",
    stop_marketing: "Stop al direkte markedsføring til mig",
    stop_sent: "Vi har sendt en engangskode til den e-mailadresse eller det telefonnummer, du angav. Indtast koden her for at bekræfte, at den er din, så registreres din indsigelse med det samme.",
    stop_done: "Tak. Din indsigelse mod direkte markedsføring er registreret: vi kontakter dig ikke længere med markedsføring i nogen kanal.",
    one_contact: "Angiv enten din e-mailadresse eller dit telefonnummer; send formularen igen for det andet.",
    resume_marketing: "Jeg vil gerne have tilbud fra jer igen: tilbagekald min indsigelse mod direkte markedsføring",
    resume_done: "Tak. Din indsigelse mod direkte markedsføring er tilbagekaldt.",
    resume_none: "Vi fandt ingen indsigelse mod direkte markedsføring for det, du angav.",
    kinds: [
        "Få indsigt i mine oplysninger",
        "Berigtige mine oplysninger",
        "Slette mine oplysninger",
        "Begrænse behandlingen",
        "Gøre indsigelse mod behandlingen",
        "Få mine oplysninger i et maskinlæsbart format",
        "Få en automatisk afgørelse prøvet af et menneske",
        "Oplysning om behandlingen",
    ],
    language: "Dansk",
    no_form: "Der er ingen formular til anmodninger på denne adresse.",
    national_id: "CPR-nummer",
    bad_national_id: "CPR-nummeret er ikke gyldigt. Kontrollér cifrene, eller lad feltet stå tomt.",
};

const FI: Texts = Texts {
    title: "Henkilötietojasi koskeva pyyntö",
    intro: "Täällä voit käyttää tietosuoja-asetuksen mukaisia oikeuksiasi",
    kind: "Mitä haluat pyytää?",
    email: "Sähköpostiosoite",
    phone: "Puhelinnumero",
    name: "Nimi",
    message: "Viesti (vapaaehtoinen)",
    send: "Lähetä pyyntö",
    sent: "Kiitos, olemme vastaanottaneet pyyntösi. Jos meillä on sinua koskevia tietoja, olemme lähettäneet kertakäyttöisen koodin rekisterissämme olevaan sähköpostiosoitteeseen tai puhelinnumeroon. Vahvista henkilöllisyytesi syöttämällä koodi tähän.",
    code: "Kertakäyttöinen koodi",
    verify: "Vahvista",
    no_code: "Etkö saanut koodia? Otamme sinuun yhteyttä ja vahvistamme henkilöllisyytesi muulla tavalla.",
    verified: "Kiitos, henkilöllisyytesi on vahvistettu. Vastaamme pyyntöösi viimeistään",
    need_contact: "Anna sähköpostiosoitteesi tai puhelinnumerosi.",
    wrong_code: "Koodi on väärä. Yritä uudelleen.",
    too_many: "Liian monta yritystä. Odota hetki ja yritä uudelleen.",
    stop_marketing: "Lopeta kaikki minulle kohdistettu suoramarkkinointi",
    stop_sent: "Lähetimme kertakäyttöisen koodin antamaasi sähköpostiosoitteeseen tai puhelinnumeroon. Vahvista syöttämällä koodi tähän, niin vastustuksesi kirjataan heti.",
    stop_done: "Kiitos. Suoramarkkinoinnin vastustamisesi on kirjattu: emme enää ota sinuun yhteyttä markkinointitarkoituksessa missään kanavassa.",
    one_contact: "Anna joko sähköpostiosoitteesi tai puhelinnumerosi; lähetä lomake uudelleen toista varten.",
    resume_marketing: "Haluan taas tarjouksia teiltä: peru suoramarkkinoinnin vastustamiseni",
    resume_done: "Kiitos. Suoramarkkinoinnin vastustamisesi on peruttu.",
    resume_none: "Emme löytäneet antamallesi tiedolle suoramarkkinoinnin vastustamista.",
    kinds: [
        "Saada kopio tiedoistani",
        "Oikaista tietoni",
        "Poistaa tietoni",
        "Rajoittaa käsittelyä",
        "Vastustaa käsittelyä",
        "Saada tietoni koneluettavassa muodossa",
        "Saada automaattinen päätös ihmisen arvioitavaksi",
        "Tietoa käsittelystä",
    ],
    language: "Suomi",
    no_form: "Tässä osoitteessa ei ole pyyntölomaketta.",
    national_id: "Henkilötunnus",
    bad_national_id: "Henkilötunnus ei ole kelvollinen. Tarkista merkit tai jätä kenttä tyhjäksi.",
};

const EN: Texts = Texts {
    title: "Request about your personal data",
    intro: "Here you can exercise your rights under the General Data Protection Regulation",
    kind: "What would you like to ask for?",
    email: "E-mail address",
    phone: "Phone number",
    name: "Name",
    message: "Message (optional)",
    send: "Send request",
    sent: "Thank you, we have received your request. If we hold data about you, we have sent a one-time code to the e-mail address or phone number we have on file. Enter it here to confirm it is you.",
    code: "One-time code",
    verify: "Confirm",
    no_code: "No code? Then we will contact you to confirm your identity another way.",
    verified: "Thank you, your identity is confirmed. We will answer your request by",
    need_contact: "Give your e-mail address or phone number.",
    wrong_code: "The code does not match. Please try again.",
    too_many: "Too many attempts. Please wait a while and try again.",
    stop_marketing: "Stop all direct marketing to me",
    stop_sent: "We have sent a one-time code to the e-mail address or phone number you gave. Enter it here to confirm that it is yours, and your objection is recorded at once.",
    stop_done: "Thank you. Your objection to direct marketing is recorded: we will no longer contact you with marketing on any channel.",
    one_contact: "Give either your e-mail address or your phone number; send the form again for the other.",
    resume_marketing: "I want to hear from you again: withdraw my objection to direct marketing",
    resume_done: "Thank you. Your objection to direct marketing is withdrawn.",
    resume_none: "We found no objection to direct marketing for what you gave.",
    kinds: [
        "A copy of my data",
        "Correct my data",
        "Erase my data",
        "Restrict processing",
        "Object to processing",
        "My data in a machine-readable format",
        "A human review of an automated decision",
        "Information about the processing",
    ],
    language: "English",
    no_form: "There is no request form at this address.",
    national_id: "Personal identity number",
    bad_national_id: "The personal identity number is not valid. Check the digits, or leave the field empty.",
};

fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Sv => &SV,
        Lang::Nb => &NB,
        Lang::Da => &DA,
        Lang::Fi => &FI,
        Lang::En => &EN,
    }
}

/// The form's own choices beside the request kinds: stop all direct marketing, at once; and
/// hear from the controller again, which withdraws the objection.
const STOP_MARKETING: &str = "stop_marketing";
const RESUME_MARKETING: &str = "resume_marketing";

/// Where the sender is in the form.
enum Shown {
    /// The empty form.
    Form,
    /// A code was sent for request `id`; `marketing` for the stop-marketing choice.
    Code { id: String, marketing: bool },
    /// The identity is confirmed; the answer is due on this date.
    Verified {
        due: String,
        /// What the page says about the browser's GPC signal, when it was honoured.
        gpc: Option<&'static str>,
        /// The person's preference centre, with the words of its link.
        preferences: Option<(String, &'static str)>,
    },
    /// The objection to direct marketing is recorded.
    Stopped {
        /// The person's preference centre, with the words of its link.
        preferences: Option<(String, &'static str)>,
    },
    /// The objection to direct marketing is withdrawn.
    Resumed,
    /// There was no objection to withdraw.
    NothingToResume,
}

#[derive(Template)]
#[template(path = "request_form.html")]
struct FormPage<'a> {
    lang: &'static str,
    t: &'static Texts,
    controller: &'a str,
    /// Where the form posts: `/request`, or `/request/{key}` for a controller's own.
    action: &'a str,
    /// The national id field's label, where the controller's country uses one.
    national_id: Option<String>,
    /// The form in each language.
    languages: Vec<LanguageLink>,
    kinds: Vec<(&'static str, &'static str)>,
    error: Option<&'static str>,
    shown: Shown,
}

/// A link to the form in another language.
struct LanguageLink {
    code: &'static str,
    name: &'static str,
    link: String,
    current: bool,
}

/// The controller a form is for, as the page shows it.
struct FormFor {
    name: String,
    /// `/request` or `/request/{key}`.
    action: String,
    country: Option<Country>,
}

impl FormFor {
    fn of(view: &ControllerView, own: bool) -> FormFor {
        FormFor {
            name: view.record.name.clone(),
            action: if own {
                format!("/request/{}", view.record.key)
            } else {
                "/request".to_owned()
            },
            country: view.record.country,
        }
    }
}

/// What the country calls its personal identity number.
fn national_id_term(country: Country) -> &'static str {
    match country {
        Country::Se => "personnummer",
        Country::No => "fødselsnummer",
        Country::Dk => "CPR-nummer",
        Country::Fi => "henkilötunnus",
    }
}

/// The national id field's label: the country's own word in its language, else the
/// language's words with the country's beside them.
fn national_id_label(lang: Lang, country: Country) -> String {
    if Lang::of_country(country) == lang {
        texts(lang).national_id.to_owned()
    } else {
        format!(
            "{} ({})",
            texts(lang).national_id,
            national_id_term(country)
        )
    }
}

fn page(
    lang: Lang,
    form: &FormFor,
    status: StatusCode,
    error: Option<&'static str>,
    shown: Shown,
) -> Response {
    let t = texts(lang);
    let kinds = [
        (STOP_MARKETING, t.stop_marketing),
        (RESUME_MARKETING, t.resume_marketing),
    ]
    .into_iter()
    .chain(
        RequestKind::ALL
            .iter()
            .zip(t.kinds)
            .map(|(k, label)| (k.as_str(), label)),
    )
    .collect();
    let body = FormPage {
        lang: lang.code(),
        t,
        controller: &form.name,
        action: &form.action,
        national_id: form.country.map(|c| national_id_label(lang, c)),
        languages: Lang::ALL
            .into_iter()
            .map(|l| LanguageLink {
                code: l.code(),
                name: texts(l).language,
                link: format!("{}?lang={}", form.action, l.code()),
                current: l == lang,
            })
            .collect(),
        kinds,
        error,
        shown,
    }
    .render();
    let mut response = match body {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => crate::error::ApiError::internal(&e).into_response(),
    };
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"));
    response
}

/// The form's language: the one chosen, else the controller's country's, else the browser's.
fn language(headers: &HeaderMap, chosen: Option<&str>, country: Option<Country>) -> Lang {
    chosen
        .and_then(Lang::from_code)
        .or_else(|| country.map(Lang::of_country))
        .unwrap_or_else(|| {
            Lang::negotiate(
                headers
                    .get(header::ACCEPT_LANGUAGE)
                    .and_then(|v| v.to_str().ok()),
            )
        })
}

/// The controller whose form this is (none: the default controller), if its form is open.
fn open_controller(state: &AppState, key: Option<&str>) -> Option<ControllerView> {
    let index = state.follower.index();
    match key {
        None => index.default_controller(),
        Some(k) => index.controller(k),
    }
    .filter(|c| c.record.public_form)
    .cloned()
}

/// A closed or unknown controller's form: a plain 404, in the browser's language.
fn no_form(headers: &HeaderMap) -> Response {
    let lang = language(headers, None, None);
    let mut response = (
        StatusCode::NOT_FOUND,
        Html(format!(
            "<!doctype html><html lang=\"{}\"><meta charset=\"utf-8\"><title>404</title><p>{}</p></html>",
            lang.code(),
            texts(lang).no_form
        )),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[derive(Debug, Deserialize, Default)]
struct LangQuery {
    lang: Option<String>,
}

async fn form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<LangQuery>,
) -> Response {
    show_form(&state, &headers, None, q.lang.as_deref())
}

async fn form_for(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(key): Path<String>,
    Query(q): Query<LangQuery>,
) -> Response {
    show_form(&state, &headers, Some(&key), q.lang.as_deref())
}

fn show_form(
    state: &AppState,
    headers: &HeaderMap,
    key: Option<&str>,
    lang: Option<&str>,
) -> Response {
    let Some(controller) = open_controller(state, key) else {
        return no_form(headers);
    };
    page(
        language(headers, lang, controller.record.country),
        &FormFor::of(&controller, key.is_some()),
        StatusCode::OK,
        None,
        Shown::Form,
    )
}

#[derive(Debug, Deserialize)]
struct Submission {
    kind: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    national_id: String,
    #[serde(default)]
    lang: Option<String>,
}

fn non_empty(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

async fn submit(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    UrlForm(input): UrlForm<Submission>,
) -> Response {
    take(&state, addr, &headers, None, input).await
}

async fn submit_for(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(key): Path<String>,
    UrlForm(input): UrlForm<Submission>,
) -> Response {
    take(&state, addr, &headers, Some(&key), input).await
}

/// A request sent on the form of a controller (none: the default controller's).
async fn take(
    state: &AppState,
    addr: SocketAddr,
    headers: &HeaderMap,
    key: Option<&str>,
    input: Submission,
) -> Response {
    let Some(controller) = open_controller(state, key) else {
        return no_form(headers);
    };
    let lang = language(headers, input.lang.as_deref(), controller.record.country);
    let form_for = FormFor::of(&controller, key.is_some());
    let refuse = |status, error| page(lang, &form_for, status, error, Shown::Form);
    let now = state.clock.now();
    if state.limits.form_submissions.blocked(addr.ip(), now) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, Some(texts(lang).too_many));
    }
    state.limits.form_submissions.fail(addr.ip(), now);
    let resume = input.kind == RESUME_MARKETING;
    let marketing = input.kind == STOP_MARKETING || resume;
    let kind = if marketing {
        RequestKind::Objection
    } else {
        match input.kind.parse::<RequestKind>() {
            Ok(k) => k,
            Err(_) => return refuse(StatusCode::UNPROCESSABLE_ENTITY, None),
        }
    };
    // The stop-marketing choices act on the contact detail the code is sent to; a national
    // id is read for the requests under Art. 15-22, where it finds the person's record.
    let ids = IdentifiersIn {
        phone: non_empty(&input.phone),
        email: non_empty(&input.email),
        // People write the number in groups (151086 95088): the groups are one number.
        national_id: non_empty(&input.national_id.split_whitespace().collect::<String>())
            .filter(|_| !marketing),
    };
    if ids.is_empty() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    }
    // The code confirms control of one identifier, and the objection is recorded for it.
    if marketing && ids.phone.is_some() && ids.email.is_some() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).one_contact),
        );
    }
    let reading = Reading::of(&controller, now, None);
    if let Some(id) = &ids.national_id
        && reading.national_id(id, "national_id").is_err()
    {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).bad_national_id),
        );
    }
    if marketing && ids.phone.is_none() && ids.email.is_none() {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    }
    let Ok(parsed) = reading.identifiers(&ids, "identifiers") else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(texts(lang).need_contact),
        );
    };
    let arrival = Arrival {
        kind,
        received_via: "web_form".to_owned(),
        received_at: now,
        name: non_empty(&input.name),
        message: non_empty(&input.message),
        agent_key: None,
        language: Some(lang.code().to_owned()),
        verified_by: None,
        direct_marketing: marketing,
    };
    let (mut record_input, messages) =
        match opening(state, &controller, &parsed, None, arrival).await {
            Ok(o) => o,
            Err(e) => return e.into_response(),
        };
    record_input.details.resume_marketing = resume;
    let record = match state
        .store
        .create_request(&Actor::Subject, now, &record_input, &messages)
        .await
    {
        Ok((r, seq)) => {
            let _ = state.follower.sync_to(seq).await;
            r
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    // A code to contact details vern already holds, or for the stop-marketing choice to the
    // identifier given; with neither, staff verify another way. The page says the same
    // whether or not a code went out.
    if (marketing || record.person_id.is_some())
        && let Err(e) = send_verification_code(state, &Actor::Subject, &record).await
    {
        tracing::info!(request = %record.id, status = %e.status(), "no verification code sent");
    }
    page(
        lang,
        &form_for,
        StatusCode::OK,
        None,
        Shown::Code {
            id: record.id,
            marketing,
        },
    )
}

#[derive(Debug, Deserialize)]
struct CodeForm {
    code: String,
}

async fn verify(
    State(state): State<AppState>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(id): Path<String>,
    UrlForm(input): UrlForm<CodeForm>,
) -> Response {
    let now = state.clock.now();
    let request = state.store.get_request(&id).await.ok();
    let Some(controller) = ({
        let index = state.follower.index();
        request
            .as_ref()
            .and_then(|r| index.controller_by_id(r.controller))
            .or_else(|| index.default_controller())
            .cloned()
    }) else {
        return no_form(&headers);
    };
    let lang = language(
        &headers,
        request.as_ref().and_then(|r| r.language.as_deref()),
        controller.record.country,
    );
    let own = state
        .follower
        .index()
        .default_controller()
        .is_none_or(|d| d.record.id != controller.record.id);
    let form_for = FormFor::of(&controller, own);
    let marketing = request
        .as_ref()
        .and_then(|r| r.details.as_ref())
        .is_some_and(|d| d.direct_marketing);
    let again = |status, error| {
        page(
            lang,
            &form_for,
            status,
            Some(error),
            Shown::Code {
                id: id.clone(),
                marketing,
            },
        )
    };
    if state.limits.form_codes.blocked(addr.ip(), now) {
        return again(StatusCode::TOO_MANY_REQUESTS, texts(lang).too_many);
    }
    let Some(request) = request else {
        state.limits.form_codes.fail(addr.ip(), now);
        return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).wrong_code);
    };
    let code: String = input.code.chars().filter(char::is_ascii_digit).collect();
    match check_code(&state, &request.id, &code).await {
        Ok(true) => {}
        Ok(false) => {
            state.limits.form_codes.fail(addr.ip(), now);
            return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).wrong_code);
        }
        Err(_) => {
            state.limits.form_codes.fail(addr.ip(), now);
            return again(StatusCode::UNPROCESSABLE_ENTITY, texts(lang).too_many);
        }
    }
    let action = vern_store::model::RequestAction::Verified {
        method: "code".to_owned(),
    };
    let verified = match state
        .store
        .advance_request(&Actor::Subject, now, &request.id, &action, &[])
        .await
    {
        Ok((r, seq)) => {
            let _ = state.follower.sync_to(seq).await;
            r
        }
        Err(e) => return crate::error::ApiError::from(e).into_response(),
    };
    if verified
        .details
        .as_ref()
        .is_some_and(|d| d.direct_marketing && d.resume_marketing)
    {
        return match resume_marketing(&state, &verified).await {
            Ok(shown) => page(lang, &form_for, StatusCode::OK, None, shown),
            Err(e) => e.into_response(),
        };
    }
    if !marketing {
        // The code identified the person: their browser's GPC signal is their objection to
        // direct marketing by automated means (Art. 21(5)).
        let gpc = if crate::preferences::gpc(&headers) {
            match crate::preferences::object_for_request(&state, &verified).await {
                Ok(true) => Some(crate::preferences::texts(lang).gpc_honoured),
                Ok(false) => None,
                Err(e) => return e.into_response(),
            }
        } else {
            None
        };
        // The last day to answer, as the controller's calendar counts it.
        let due = controller.zone().local(verified.due_at).date().to_string();
        let preferences = preference_link(&state, &verified, lang).await;
        return page(
            lang,
            &form_for,
            StatusCode::OK,
            None,
            Shown::Verified {
                due,
                gpc,
                preferences,
            },
        );
    }
    // No balancing and no staff step: the objection holds from now (Art. 21(3), Art. 12(2)).
    match complete_telling(
        &state,
        &Actor::Subject,
        &request.id,
        "Direct-marketing objection recorded from the public form: a one-time code confirmed the identifier given.",
        Some("upheld".to_owned()),
        |_| Message::ObjectionRecorded,
    )
    .await
    {
        Ok(_) => {
            let preferences = preference_link(&state, &verified, lang).await;
            page(
                lang,
                &form_for,
                StatusCode::OK,
                None,
                Shown::Stopped { preferences },
            )
        }
        Err(e) => e.into_response(),
    }
}

/// A link to the preference centre of the person a confirmed code identified: the code went to
/// contact details of theirs, so the page may show them their consents. None for a request
/// that names nobody vern knows.
async fn preference_link(
    state: &AppState,
    request: &vern_store::model::RequestRecord,
    lang: Lang,
) -> Option<(String, &'static str)> {
    let person = state
        .store
        .get_person(request.person_id.as_deref()?)
        .await
        .ok()?;
    let (url, _) = crate::preferences::issue_link(state, &person).ok()?;
    Some((url, crate::preferences::texts(lang).to_preferences))
}

/// The person, verified by their code, withdraws their objection to direct marketing for the
/// identifier they confirmed and every identifier of theirs; the request is closed as the
/// evidence. Nothing to withdraw is said as it is.
async fn resume_marketing(
    state: &AppState,
    request: &vern_store::model::RequestRecord,
) -> Result<Shown, crate::error::ApiError> {
    let by = vern_store::model::WithdrawnBy::Subject {
        verification: "code".to_owned(),
        request: Some(request.id.clone()),
    };
    let withdrawn =
        crate::objection::withdraw_for_request(state, &Actor::Subject, request, by).await?;
    let outcome = if withdrawn {
        "The person withdrew their objection to direct marketing on the public form: a one-time code confirmed the identifier given."
    } else {
        "The person asked on the public form to withdraw an objection to direct marketing; none stood for the identifier given."
    };
    let _ = crate::requests::step(
        state,
        &Actor::Subject,
        &request.id,
        vern_store::model::RequestAction::Complete {
            outcome: outcome.to_owned(),
            decision: Some("withdrawn".to_owned()),
        },
        None,
    )
    .await?;
    Ok(if withdrawn {
        Shown::Resumed
    } else {
        Shown::NothingToResume
    })
}
