//! What a text message to one of the controller's numbers does: the rules between reading a
//! keyword ([`crate::keyword`]) and writing consent.
//!
//! A receiving number (or short code) sends for some of the controller's purposes. An opt-out
//! withdraws consent for those purposes, or for the one its subscription word names; a word
//! naming nothing the number sends stops everything it sends, because the person clearly asked
//! to stop. The controller's "stop everything" word is a full objection to direct marketing
//! (GDPR Art. 21(3)). Opt-in is double: the first opt-in word only asks the person to confirm,
//! and consent is granted when a second opt-in word comes back within the number's window, so
//! that a mistyped number or someone else's phone never grants consent (GDPR Art. 7(1): the
//! controller must be able to show the person consented). Help answers who is texting.

use time::OffsetDateTime;

use crate::PurposeKey;
use crate::fold::fold;
use crate::keyword::{KeywordClass, Keywords, Reply};

/// An opt-in that was asked to be confirmed and is not yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingOptIn {
    /// The purposes the first message asked for.
    pub purposes: Vec<PurposeKey>,
    /// Until when a confirming reply counts.
    pub expires_at: OffsetDateTime,
}

/// What an inbound text does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Withdraw consent for these purposes on SMS and MMS.
    Withdraw(Vec<PurposeKey>),
    /// Record a full objection to direct marketing by the controller.
    ObjectAll,
    /// Ask the person to confirm an opt-in to these purposes; nothing is granted yet.
    AskConfirmation(Vec<PurposeKey>),
    /// Grant consent for these purposes on SMS and MMS: the reply confirms a pending opt-in.
    Confirm(Vec<PurposeKey>),
    /// Answer with the controller's name and contact.
    Help,
    /// Not a keyword (or an opt-in naming nothing the number sends): kept for staff to read,
    /// changes nothing.
    Keep {
        /// The text says stop among other words: a person should read it soon.
        mentions_opt_out: bool,
    },
}

impl Effect {
    /// The stable name kept with the message and in the ledger.
    pub fn as_str(&self) -> &'static str {
        match self {
            Effect::Withdraw(_) => "withdrawn",
            Effect::ObjectAll => "objection",
            Effect::AskConfirmation(_) => "confirmation_asked",
            Effect::Confirm(_) => "granted",
            Effect::Help => "help",
            Effect::Keep { .. } => "kept",
        }
    }
}

/// The purposes of `sent_for` that a subscription word names: its key folded, with or without
/// the spaces folding puts for `_`, `-` and `.`.
fn named(sent_for: &[PurposeKey], subscription: &str) -> Vec<PurposeKey> {
    sent_for
        .iter()
        .filter(|p| {
            let folded = fold(p.as_str());
            folded == subscription || folded.replace(' ', "") == subscription
        })
        .cloned()
        .collect()
}

/// What `text`, sent at `now` to a number with `keywords` that sends for `sent_for`, does,
/// given the opt-in the sender was last asked to confirm, if any.
pub fn effect(
    keywords: &Keywords,
    sent_for: &[PurposeKey],
    text: &str,
    pending: Option<&PendingOptIn>,
    now: OffsetDateTime,
) -> Effect {
    let (class, subscription) = match keywords.read(text) {
        Reply::Keyword {
            class,
            subscription,
        } => (class, subscription),
        Reply::Unknown { mentions_opt_out } => return Effect::Keep { mentions_opt_out },
    };
    match class {
        KeywordClass::OptOutAll => Effect::ObjectAll,
        KeywordClass::Help => Effect::Help,
        KeywordClass::OptOut => {
            let chosen = subscription
                .map(|s| named(sent_for, &s))
                .filter(|p| !p.is_empty());
            Effect::Withdraw(chosen.unwrap_or_else(|| sent_for.to_vec()))
        }
        KeywordClass::OptIn => {
            let chosen = match subscription {
                None => sent_for.to_vec(),
                Some(s) => named(sent_for, &s),
            };
            if chosen.is_empty() {
                // "START FOO" where FOO is nothing this number sends: granting something the
                // person did not name would not be their consent.
                return Effect::Keep {
                    mentions_opt_out: false,
                };
            }
            match pending {
                Some(p) if now < p.expires_at && !p.purposes.is_empty() => {
                    Effect::Confirm(p.purposes.clone())
                }
                _ => Effect::AskConfirmation(chosen),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2027-03-01 12:00 UTC);

    fn keys(list: &[&str]) -> Vec<PurposeKey> {
        list.iter().map(|k| PurposeKey::parse(k).unwrap()).collect()
    }

    fn pending(purposes: &[&str], expires_at: OffsetDateTime) -> PendingOptIn {
        PendingOptIn {
            purposes: keys(purposes),
            expires_at,
        }
    }

    #[test]
    fn stop_withdraws_what_the_number_sends_or_the_subscription_named() {
        // Markedsføringsloven § 10(4) (DK) and marknadsföringslagen 20 § (SE): every marketing
        // text must say how to stop it, and stopping must be as easy as it was to say yes.
        let k = Keywords::nordic();
        let sent_for = keys(&["nyheter", "erbjudanden"]);
        assert_eq!(
            effect(&k, &sent_for, "STOPP", None, NOW),
            Effect::Withdraw(sent_for.clone())
        );
        assert_eq!(
            effect(&k, &sent_for, "stopp nyheter", None, NOW),
            Effect::Withdraw(keys(&["nyheter"]))
        );
        // A subscription the number does not know: the person asked to stop, so stop it all.
        assert_eq!(
            effect(&k, &sent_for, "STOPP TÄVLING", None, NOW),
            Effect::Withdraw(sent_for.clone())
        );
        // A stop while an opt-in waits for confirmation is still a stop.
        let waiting = pending(&["nyheter"], NOW + time::Duration::hours(1));
        assert_eq!(
            effect(&k, &sent_for, "nej", Some(&waiting), NOW),
            Effect::Withdraw(sent_for)
        );
    }

    #[test]
    fn a_purpose_key_with_separators_is_named_without_them() {
        let k = Keywords::nordic();
        let sent_for = keys(&["club_news", "offers"]);
        assert_eq!(
            effect(&k, &sent_for, "STOP CLUBNEWS", None, NOW),
            Effect::Withdraw(keys(&["club_news"]))
        );
    }

    #[test]
    fn the_stop_everything_word_is_an_objection() {
        // GDPR Art. 21(3): after an objection to direct marketing, no more of it at all.
        let mut k = Keywords::nordic();
        k.add(KeywordClass::OptOutAll, "STOPP ALT").unwrap();
        assert_eq!(
            effect(&k, &keys(&["nyheter"]), "Stopp alt!", None, NOW),
            Effect::ObjectAll
        );
    }

    #[test]
    fn opt_in_is_double() {
        // GDPR Art. 7(1): the controller must be able to demonstrate consent; a first message
        // could come from anyone's phone, so only the answer to the question grants.
        let k = Keywords::nordic();
        let sent_for = keys(&["nyheter", "erbjudanden"]);
        assert_eq!(
            effect(&k, &sent_for, "START", None, NOW),
            Effect::AskConfirmation(sent_for.clone())
        );
        assert_eq!(
            effect(&k, &sent_for, "start nyheter", None, NOW),
            Effect::AskConfirmation(keys(&["nyheter"]))
        );
        let waiting = pending(&["nyheter"], NOW + time::Duration::hours(1));
        assert_eq!(
            effect(&k, &sent_for, "JA", Some(&waiting), NOW),
            Effect::Confirm(keys(&["nyheter"]))
        );
        // Too late: the question is asked again, nothing granted.
        let lapsed = pending(&["nyheter"], NOW);
        assert_eq!(
            effect(&k, &sent_for, "ja", Some(&lapsed), NOW),
            Effect::AskConfirmation(sent_for.clone())
        );
        // An opt-in naming something the number does not send grants nothing.
        assert_eq!(
            effect(&k, &sent_for, "START TÄVLING", Some(&waiting), NOW),
            Effect::Keep {
                mentions_opt_out: false
            }
        );
    }

    #[test]
    fn help_and_other_texts() {
        let k = Keywords::nordic();
        let sent_for = keys(&["nyheter"]);
        assert_eq!(effect(&k, &sent_for, "Hjälp", None, NOW), Effect::Help);
        assert_eq!(
            effect(&k, &sent_for, "sluta skicka sms till mig", None, NOW),
            Effect::Keep {
                mentions_opt_out: true
            }
        );
        assert_eq!(
            effect(&k, &sent_for, "Vad kostar det?", None, NOW),
            Effect::Keep {
                mentions_opt_out: false
            }
        );
    }

    proptest! {
        #[test]
        fn an_opt_out_word_never_grants_and_never_asks(
            index in 0..crate::keyword::DEFAULT_OPT_OUT.len(),
            subscription in proptest::option::of("[a-zA-ZåäöÅÄÖ]{2,10}"),
            has_pending in any::<bool>(),
        ) {
            let k = Keywords::nordic();
            let sent_for = keys(&["nyheter", "erbjudanden"]);
            let word = crate::keyword::DEFAULT_OPT_OUT[index];
            let text = match &subscription {
                Some(s) => format!("{word} {s}"),
                None => word.to_owned(),
            };
            let waiting = pending(&["nyheter"], NOW + time::Duration::hours(1));
            let got = effect(&k, &sent_for, &text, has_pending.then_some(&waiting), NOW);
            prop_assert!(
                matches!(&got, Effect::Withdraw(p) if !p.is_empty()),
                "{text:?} gave {got:?}"
            );
        }

        #[test]
        fn nothing_is_granted_without_a_pending_opt_in(text in "\\PC{0,40}") {
            let k = Keywords::nordic();
            let got = effect(&k, &keys(&["nyheter"]), &text, None, NOW);
            prop_assert!(!matches!(got, Effect::Confirm(_)));
        }

        #[test]
        fn a_confirmation_grants_only_what_was_asked(
            index in 0..crate::keyword::DEFAULT_OPT_IN.len(),
            minutes in 1i64..(24 * 60),
        ) {
            let k = Keywords::nordic();
            let waiting = pending(&["erbjudanden"], NOW + time::Duration::minutes(minutes));
            let got = effect(
                &k,
                &keys(&["nyheter", "erbjudanden"]),
                crate::keyword::DEFAULT_OPT_IN[index],
                Some(&waiting),
                NOW,
            );
            prop_assert_eq!(got, Effect::Confirm(keys(&["erbjudanden"])));
        }
    }
}
