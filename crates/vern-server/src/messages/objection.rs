//! The objection message: the confirmation that an objection to direct marketing was recorded.

use super::{Cx, Lang, Signature};

/// An objection to direct marketing was recorded; it applies on every channel.
pub(crate) fn objection_confirmed<'a>(
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
