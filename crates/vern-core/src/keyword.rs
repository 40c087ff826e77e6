//! SMS keywords: what a person asks for when they answer a marketing text with one word.
//!
//! People opt out by replying `STOPP` or `NEJ`, opt in with `START` or `JA`, and ask who is
//! texting them with `HJÄLP`. Gateways and carriers agree on the matching rules (sources in
//! `reference/standards.md` §1): the whole message is the keyword, never a substring of a
//! sentence; case does not matter; surrounding spaces do not matter. vern is a little more
//! forgiving than a carrier, because a person typing on a phone is not a machine: punctuation and
//! emoji around the word are ignored, and diacritics are folded (`KYLLA` is `KYLLÄ`, `HJAELP` is
//! `HJÆLP`), so the answer does not depend on the phone's keyboard. A keyword followed by one more
//! word names a subscription (`STOPP NYHETER`, the short-code practice of "kodord följt av
//! STOPP"). A longer message is not a keyword; if it contains an opt-out word it is flagged for a
//! person to read, since the law counts any reasonable way of saying stop (Forbrugerombudsmanden
//! on markedsføringsloven § 10).
//!
//! This module only reads text. What an opt-out withdraws, and for which purposes, is the
//! server's business.

use std::collections::BTreeSet;

pub use crate::fold::fold;
use std::fmt;

/// What a keyword asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeywordClass {
    /// Stop messages (consent withdrawn for the number's purposes on SMS and MMS).
    OptOut,
    /// Stop everything: a full objection to direct marketing (Art. 21(3)).
    OptOutAll,
    /// Start messages; granted only on a confirming reply (double opt-in).
    OptIn,
    /// Who is this, and how do I stop it?
    Help,
}

impl KeywordClass {
    /// The stable name used in configuration and the ledger.
    pub fn as_str(self) -> &'static str {
        match self {
            KeywordClass::OptOut => "opt_out",
            KeywordClass::OptOutAll => "opt_out_all",
            KeywordClass::OptIn => "opt_in",
            KeywordClass::Help => "help",
        }
    }
}

impl fmt::Display for KeywordClass {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a text message reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// A keyword, alone or followed by the name of a subscription (folded, as [`fold`] makes it).
    Keyword {
        /// What the keyword asks for.
        class: KeywordClass,
        /// The word after the keyword, if any. An opt-out naming a subscription the number does
        /// not know should stop everything the number sends: the person clearly asked to stop.
        subscription: Option<String>,
    },
    /// Not a keyword: kept for staff to read, changes nothing by itself.
    Unknown {
        /// The message contains an opt-out word among other words ("please stop texting me"):
        /// a person should read it soon, because it may well be an objection.
        mentions_opt_out: bool,
    },
}

/// Why a keyword cannot be configured.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeywordError {
    /// Nothing is left once punctuation and spaces are removed.
    #[error("a keyword must contain a letter or a digit")]
    Empty,
    /// Longer than 30 characters (the gateways' limit), or more than two words.
    #[error("a keyword is at most two words and 30 characters")]
    TooLong,
    /// The same folded word is already a keyword of another class.
    #[error("this keyword already means {0}")]
    Conflict(KeywordClass),
}

/// The longest keyword, after folding (AWS End User Messaging: "between 1 and 30 characters").
pub const MAX_KEYWORD_CHARS: usize = 30;

/// The default opt-out words: the carriers' English set and the Nordic words people use.
pub const DEFAULT_OPT_OUT: &[&str] = &[
    "STOP",
    "STOPP",
    "STOPALL",
    "SLUTA",
    "AVSLUTA",
    "AVBRYT",
    "AVREGISTRERA",
    "AVMELD",
    "MELD AV",
    "AFMELD",
    "AFMELD ALT",
    "NEJ",
    "NEI",
    "LOPETA",
    "LOPPU",
    "END",
    "QUIT",
    "CANCEL",
    "UNSUBSCRIBE",
    "REVOKE",
    "OPTOUT",
];

/// The default opt-in words.
pub const DEFAULT_OPT_IN: &[&str] = &["START", "JA", "YES", "KYLLÄ", "SUBSCRIBE"];

/// The default help words.
pub const DEFAULT_HELP: &[&str] = &["HJÄLP", "HJELP", "HJÆLP", "APUA", "HELP", "INFO"];

/// A set of keywords, held folded.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keywords {
    words: std::collections::BTreeMap<String, KeywordClass>,
}

impl Keywords {
    /// No keywords at all.
    pub fn empty() -> Keywords {
        Keywords::default()
    }

    /// The Nordic and English defaults. No "stop everything" word is set by default: which word
    /// records a full objection is the controller's choice (`STOPP ALT`, say), and it must be
    /// said on the messages it sends.
    pub fn nordic() -> Keywords {
        let mut keywords = Keywords::empty();
        for (class, words) in [
            (KeywordClass::OptOut, DEFAULT_OPT_OUT),
            (KeywordClass::OptIn, DEFAULT_OPT_IN),
            (KeywordClass::Help, DEFAULT_HELP),
        ] {
            for word in words {
                // Valid and distinct: `the_defaults_pass_their_own_validation` checks it.
                keywords.words.insert(fold(word), class);
            }
        }
        keywords
    }

    /// Add a keyword. Adding a word again with the same class is a no-op, except that an
    /// opt-out word may be promoted to stop everything.
    pub fn add(&mut self, class: KeywordClass, word: &str) -> Result<(), KeywordError> {
        let folded = fold(word);
        if folded.is_empty() {
            return Err(KeywordError::Empty);
        }
        if folded.chars().count() > MAX_KEYWORD_CHARS || folded.split(' ').count() > 2 {
            return Err(KeywordError::TooLong);
        }
        match self.words.get(&folded) {
            Some(&existing)
                if existing != class
                    && !(existing == KeywordClass::OptOut && class == KeywordClass::OptOutAll) =>
            {
                Err(KeywordError::Conflict(existing))
            }
            _ => {
                self.words.insert(folded, class);
                Ok(())
            }
        }
    }

    /// The folded keywords of one class, sorted.
    pub fn of_class(&self, class: KeywordClass) -> BTreeSet<&str> {
        self.words
            .iter()
            .filter(|(_, c)| **c == class)
            .map(|(w, _)| w.as_str())
            .collect()
    }

    /// How `text` reads. The whole message is matched: a keyword, or a keyword followed by one
    /// word naming a subscription. The longest keyword wins (`AFMELD ALT` before `AFMELD`).
    pub fn read(&self, text: &str) -> Reply {
        let folded = fold(text);
        if let Some(&class) = self.words.get(&folded) {
            return Reply::Keyword {
                class,
                subscription: None,
            };
        }
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        // A one-word keyword and a subscription, or a two-word keyword and a subscription.
        for keyword_words in [2, 1] {
            if words.len() == keyword_words + 1 {
                let keyword = words[..keyword_words].join(" ");
                if let Some(&class) = self.words.get(&keyword) {
                    return Reply::Keyword {
                        class,
                        subscription: Some(words[keyword_words].to_owned()),
                    };
                }
            }
        }
        let mentions_opt_out = words.iter().any(|w| {
            matches!(
                self.words.get(*w),
                Some(KeywordClass::OptOut | KeywordClass::OptOutAll)
            )
        });
        Reply::Unknown { mentions_opt_out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn keyword(class: KeywordClass, subscription: Option<&str>) -> Reply {
        Reply::Keyword {
            class,
            subscription: subscription.map(str::to_owned),
        }
    }

    #[test]
    fn every_default_word_reads_as_its_class() {
        let k = Keywords::nordic();
        for (class, words) in [
            (KeywordClass::OptOut, DEFAULT_OPT_OUT),
            (KeywordClass::OptIn, DEFAULT_OPT_IN),
            (KeywordClass::Help, DEFAULT_HELP),
        ] {
            for word in words {
                assert_eq!(k.read(word), keyword(class, None), "{word}");
                assert_eq!(k.read(&word.to_lowercase()), keyword(class, None), "{word}");
            }
        }
    }

    #[test]
    fn the_defaults_pass_their_own_validation() {
        let mut k = Keywords::empty();
        for (class, words) in [
            (KeywordClass::OptOut, DEFAULT_OPT_OUT),
            (KeywordClass::OptIn, DEFAULT_OPT_IN),
            (KeywordClass::Help, DEFAULT_HELP),
        ] {
            for word in words {
                assert_eq!(k.add(class, word), Ok(()), "{word}");
            }
        }
        assert_eq!(k, Keywords::nordic());
    }

    #[test]
    fn case_space_punctuation_and_diacritics_do_not_matter() {
        // Carriers: "any case, surrounding spaces ignored" (standards.md §1.1). vern also folds
        // what a phone keyboard changes: diacritics, a trailing "!" or an emoji.
        let k = Keywords::nordic();
        for text in [
            "stopp",
            " Stopp ",
            "STOPP!",
            "stopp.",
            "Stopp 🙏",
            "\tstopp\n",
            "«stopp»",
        ] {
            assert_eq!(
                k.read(text),
                keyword(KeywordClass::OptOut, None),
                "{text:?}"
            );
        }
        for text in ["kyllä", "KYLLA", "Kyllä!"] {
            assert_eq!(k.read(text), keyword(KeywordClass::OptIn, None), "{text:?}");
        }
        for text in ["hjälp", "HJALP", "hjælp", "Hjaelp", "hjelp?"] {
            assert_eq!(k.read(text), keyword(KeywordClass::Help, None), "{text:?}");
        }
        assert_eq!(k.read("meld   av"), keyword(KeywordClass::OptOut, None));
        assert_eq!(k.read("Meld-av"), keyword(KeywordClass::OptOut, None));
        assert_eq!(k.read("løpeta"), keyword(KeywordClass::OptOut, None));
    }

    #[test]
    fn a_keyword_and_one_word_names_a_subscription() {
        // Short-code practice: "kodord följt av STOPP" / "STOP" + campaign keyword unsubscribes
        // only from that campaign (standards.md §1.2, §1.3).
        let k = Keywords::nordic();
        assert_eq!(
            k.read("STOPP NYHETER"),
            keyword(KeywordClass::OptOut, Some("NYHETER"))
        );
        assert_eq!(
            k.read("meld av nyheter"),
            keyword(KeywordClass::OptOut, Some("NYHETER"))
        );
        assert_eq!(
            k.read("start Erbjudanden"),
            keyword(KeywordClass::OptIn, Some("ERBJUDANDEN"))
        );
        // The longest keyword wins: "AFMELD ALT" is itself an opt-out word.
        assert_eq!(k.read("afmeld alt"), keyword(KeywordClass::OptOut, None));
    }

    #[test]
    fn a_sentence_is_not_a_keyword_but_a_stop_in_it_is_flagged() {
        // "Only single-word messages will trigger the block … 'STOP PLEASE' or 'PLEASE CANCEL'
        // will not" (Twilio, standards.md §1.1); a person reads them instead.
        let k = Keywords::nordic();
        assert_eq!(
            k.read("please stop texting me"),
            Reply::Unknown {
                mentions_opt_out: true
            }
        );
        assert_eq!(
            k.read("Hej, när öppnar ni?"),
            Reply::Unknown {
                mentions_opt_out: false
            }
        );
        assert_eq!(
            k.read(""),
            Reply::Unknown {
                mentions_opt_out: false
            }
        );
        assert_eq!(
            k.read("stopsign"),
            Reply::Unknown {
                mentions_opt_out: false
            }
        );
    }

    #[test]
    fn the_stop_everything_word_is_configured() {
        let mut k = Keywords::nordic();
        assert_eq!(
            k.read("STOPP ALT"),
            keyword(KeywordClass::OptOut, Some("ALT"))
        );
        k.add(KeywordClass::OptOutAll, "Stopp alt").unwrap();
        assert_eq!(k.read("stopp alt!"), keyword(KeywordClass::OptOutAll, None));
        // An opt-out word may be promoted to stop everything.
        k.add(KeywordClass::OptOutAll, "STOPALL").unwrap();
        assert_eq!(k.read("stopall"), keyword(KeywordClass::OptOutAll, None));
        assert!(k.of_class(KeywordClass::OptOutAll).contains("STOPP ALT"));
    }

    #[test]
    fn bad_keywords_are_refused() {
        let mut k = Keywords::nordic();
        assert_eq!(k.add(KeywordClass::OptIn, " !! "), Err(KeywordError::Empty));
        assert_eq!(
            k.add(KeywordClass::OptIn, "one two three"),
            Err(KeywordError::TooLong)
        );
        assert_eq!(
            k.add(KeywordClass::OptIn, &"A".repeat(31)),
            Err(KeywordError::TooLong)
        );
        // JA cannot also mean stop: the reply would be read two ways.
        assert_eq!(
            k.add(KeywordClass::OptOut, "ja"),
            Err(KeywordError::Conflict(KeywordClass::OptIn))
        );
        // An extra word per number.
        k.add(KeywordClass::OptIn, "Tilmeld").unwrap();
        assert_eq!(k.read("TILMELD"), keyword(KeywordClass::OptIn, None));
    }

    #[test]
    fn the_words_issue_18_asks_for_are_all_defaults() {
        // The lists of issue 18 §1, checked word by word so that trimming the defaults is seen.
        let k = Keywords::nordic();
        for word in [
            "STOP",
            "STOPP",
            "SLUTA",
            "AVSLUTA",
            "AVBRYT",
            "AVREGISTRERA",
            "AVMELD",
            "MELD AV",
            "AFMELD",
            "AFMELD ALT",
            "NEJ",
            "NEI",
            "LOPETA",
            "LOPPU",
            "END",
            "QUIT",
            "CANCEL",
            "UNSUBSCRIBE",
        ] {
            assert_eq!(k.read(word), keyword(KeywordClass::OptOut, None), "{word}");
        }
        for word in ["START", "JA", "YES", "KYLLÄ", "SUBSCRIBE"] {
            assert_eq!(k.read(word), keyword(KeywordClass::OptIn, None), "{word}");
        }
        for word in ["HJÄLP", "HJELP", "HJÆLP", "APUA", "HELP", "INFO"] {
            assert_eq!(k.read(word), keyword(KeywordClass::Help, None), "{word}");
        }
    }

    proptest! {
        #[test]
        fn any_mix_of_case_and_marks_reads_the_same(
            index in 0..DEFAULT_HELP.len(),
            flips in proptest::collection::vec(any::<bool>(), 8),
            tail in "[.!?… ]{0,3}",
        ) {
            // Whatever the keyboard does to case, and a mark typed after the word, a help word
            // stays a help word.
            let k = Keywords::nordic();
            let word: String = DEFAULT_HELP[index]
                .chars()
                .enumerate()
                .map(|(i, c)| {
                    if flips[i % flips.len()] {
                        c.to_lowercase().collect::<String>()
                    } else {
                        c.to_string()
                    }
                })
                .collect();
            prop_assert_eq!(
                k.read(&format!("{word}{tail}")),
                keyword(KeywordClass::Help, None)
            );
        }

        #[test]
        fn two_word_keywords_survive_any_separator(sep in "[ \\t\\-_.,/]{1,4}") {
            let k = Keywords::nordic();
            prop_assert_eq!(
                k.read(&format!("meld{sep}av")),
                keyword(KeywordClass::OptOut, None)
            );
        }

        #[test]
        fn reading_never_panics_and_folding_is_idempotent(text in "\\PC{0,200}") {
            let k = Keywords::nordic();
            let _ = k.read(&text);
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once.clone());
            prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
        }

        #[test]
        fn case_and_surroundings_never_change_the_reading(
            index in 0..DEFAULT_OPT_OUT.len(),
            before in "[ \\t.!?,]{0,3}",
            after in "[ \\t.!?,]{0,3}",
            lower in any::<bool>(),
        ) {
            let k = Keywords::nordic();
            let word = DEFAULT_OPT_OUT[index];
            let word = if lower { word.to_lowercase() } else { word.to_owned() };
            prop_assert_eq!(
                k.read(&format!("{before}{word}{after}")),
                keyword(KeywordClass::OptOut, None)
            );
        }

        #[test]
        fn a_keyword_and_a_word_always_names_that_subscription(
            index in 0..DEFAULT_HELP.len(),
            name in "[A-Za-z]{3,12}",
        ) {
            let k = Keywords::nordic();
            let text = format!("{} {name}", DEFAULT_HELP[index]);
            prop_assume!(!k.words.contains_key(&fold(&text)));
            prop_assert_eq!(
                k.read(&text),
                keyword(KeywordClass::Help, Some(&name.to_uppercase()))
            );
        }
    }
}
