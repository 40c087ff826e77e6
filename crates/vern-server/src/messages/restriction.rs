//! The notice before a restriction is lifted (GDPR Art. 18(3): "A data subject who has obtained
//! restriction of processing … shall be informed by the controller before the restriction of
//! processing is lifted").

use super::{Cx, Lang, Signature};

/// The restriction of processing the person obtained is about to be lifted: their data will be
/// used again for the controller's purposes.
pub(crate) fn restriction_lifting<'a>(
    language: &str,
    channel: &str,
    controller: impl Into<Signature<'a>>,
) -> (String, String) {
    let cx = Cx::new(language, channel, controller.into());
    match cx.lang {
        Lang::Sv => cx.render(
            "Begränsningen av behandlingen av dina uppgifter hävs",
            "Begränsningen av behandlingen av dina personuppgifter hävs nu. Därefter används de åter för våra ändamål.".to_owned(),
            "Du har fått behandlingen av dina personuppgifter begränsad. Vi meddelar dig innan begränsningen hävs, som dataskyddsförordningen (artikel 18.3) kräver: begränsningen hävs nu, och därefter använder vi åter dina uppgifter för de ändamål vi har berättat om.\n\nOm du fortfarande vill att behandlingen begränsas, eller vill invända, svara på detta meddelande.".to_owned(),
        ),
        Lang::Nb => cx.render(
            "Begrensningen av behandlingen av opplysningene dine oppheves",
            "Begrensningen av behandlingen av personopplysningene dine oppheves nå. Deretter brukes de igjen til formålene våre.".to_owned(),
            "Du har fått begrenset behandlingen av personopplysningene dine. Vi varsler deg før begrensningen oppheves, slik personvernforordningen (artikkel 18 nr. 3) krever: begrensningen oppheves nå, og deretter bruker vi igjen opplysningene dine til formålene vi har fortalt deg om.\n\nHvis du fortsatt vil at behandlingen skal begrenses, eller vil protestere, svar på denne meldingen.".to_owned(),
        ),
        Lang::Da => cx.render(
            "Begrænsningen af behandlingen af dine oplysninger ophæves",
            "Begrænsningen af behandlingen af dine personoplysninger ophæves nu. Derefter bruges de igen til vores formål.".to_owned(),
            "Du har fået begrænset behandlingen af dine personoplysninger. Vi giver dig besked, før begrænsningen ophæves, som databeskyttelsesforordningen (artikel 18, stk. 3) kræver: begrænsningen ophæves nu, og derefter bruger vi igen dine oplysninger til de formål, vi har fortalt dig om.\n\nHvis du stadig ønsker behandlingen begrænset eller vil gøre indsigelse, så svar på denne besked.".to_owned(),
        ),
        Lang::Fi => cx.render(
            "Tietojesi käsittelyn rajoitus poistetaan",
            "Henkilötietojesi käsittelyn rajoitus poistetaan nyt. Sen jälkeen käytämme tietojasi jälleen tarkoituksiimme.".to_owned(),
            "Olet saanut henkilötietojesi käsittelyn rajoitetuksi. Ilmoitamme sinulle ennen rajoituksen poistamista, kuten tietosuoja-asetus (18 artiklan 3 kohta) edellyttää: rajoitus poistetaan nyt, ja sen jälkeen käytämme tietojasi jälleen niihin tarkoituksiin, joista olemme kertoneet.\n\nJos haluat edelleen rajoittaa käsittelyä tai vastustaa sitä, vastaa tähän viestiin.".to_owned(),
        ),
        Lang::En => cx.render(
            "The restriction of processing of your data is being lifted",
            "The restriction of processing of your personal data is being lifted now. After that, we use it again for our purposes.".to_owned(),
            "You obtained a restriction of the processing of your personal data. We are telling you before the restriction is lifted, as the GDPR (Article 18(3)) requires: the restriction is being lifted now, and after that we use your data again for the purposes we have told you about.\n\nIf you still want the processing restricted, or want to object, reply to this message.".to_owned(),
        ),
    }
}
