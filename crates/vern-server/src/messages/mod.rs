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

pub(crate) mod art14;
mod breach;
mod erasure;
mod objection;
mod requests;
mod restriction;
pub(crate) mod sms;
mod wording;

pub(crate) use breach::{BreachFacts, breach_notice};
pub(crate) use erasure::{
    erased_items, erasure_cancelled, erasure_confirmed, erasure_outcome, erasure_scheduled,
    held_items, on_clock,
};
pub(crate) use objection::objection_confirmed;
pub use requests::request_received;
pub(crate) use requests::{
    extension_notice, rectification_done, request_completed, request_rejected, verification_code,
};
pub(crate) use restriction::restriction_lifting;
// Issue 20 §3: the share link sent with a completed access request.
pub(crate) use requests::share_link_line;
use time::Date;
pub use wording::format_date;
pub(crate) use wording::{field_label, kind_words};
use wording::{join_list, labelled, labelled_short, minutes, sentence};

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
    /// [`super::restriction_lifting`].
    pub const RESTRICTION_LIFTING: &str = "restriction_lifting";
    /// [`super::sms::stopped`].
    pub const SMS_STOPPED: &str = "sms_stopped";
    /// [`super::sms::confirm_question`].
    pub const SMS_CONFIRM: &str = "sms_confirm";
    /// [`super::sms::confirmed`].
    pub const SMS_CONFIRMED: &str = "sms_confirmed";
    /// [`super::sms::help`].
    pub const SMS_HELP: &str = "sms_help";
    /// [`super::sms::blocked`].
    pub const SMS_BLOCKED: &str = "sms_blocked";
    /// [`super::art14::art14_notice`]: the Art. 14 notice (the store moves the notice on when
    /// it is delivered).
    pub const ART14_NOTICE: &str = vern_store::model::ART14_TEMPLATE;
    /// [`super::breach_notice`].
    pub const BREACH_NOTICE: &str = "breach_notice";
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
        from: None,
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

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;
    use vern_core::request::RequestKind;

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
                template::RESTRICTION_LIFTING,
                restriction_lifting(lang, channel, from),
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
