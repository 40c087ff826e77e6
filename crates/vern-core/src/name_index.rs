//! The blind index that lets staff find a person by name although names are sealed.
//!
//! Names are stored encrypted, so the database cannot search them. Instead each name is cut into
//! words, each word folded the way people type it ([`fold`]: `Sjöberg` is `SJOBERG`; and also with
//! the two-letter spellings, `SJOEBERG`, `SOEREN`, `AALBORG`), and vern stores keyed digests of the
//! folded words and of their beginnings from three letters on. A search folds what was typed the
//! same way and looks the digests up. Without the installation's key no digest can be
//! recomputed from a guessed name.
//!
//! What the index reveals to someone who reads the database but has no key: how many words and
//! spellings each person's name has and, from the number of prefix entries, each word's length;
//! which people share a name word (equal digests), so the commonest surnames can be guessed from
//! how often a digest occurs. What it does not reveal: any letter of any name, or whether a
//! given name is present (that needs the key). Prefixes stop at [`MAX_PREFIX`] letters, so word
//! lengths above it are not told apart by the prefix count alone.

use crate::fold::fold;

/// The shortest beginning of a word that a search matches (`Sjö` finds `Sjöberg`); shorter
/// prefixes would single out too little and leak more.
pub const MIN_PREFIX: usize = 3;

/// The longest prefix indexed; a longer typed word is matched on its first [`MAX_PREFIX`]
/// letters and, whole, on the exact word.
pub const MAX_PREFIX: usize = 8;

/// The key of the name index, derived from the installation's master key.
#[derive(Clone)]
pub struct NameKey([u8; 32]);

impl NameKey {
    /// Derived apart from the identifier digest key, so name digests never equal identifier ones.
    pub fn derive(master: &[u8; 32]) -> NameKey {
        NameKey(blake3::derive_key("vern 2026-12 name index v1", master))
    }

    fn digest(&self, kind: &[u8], word: &str) -> NameDigest {
        let mut hasher = blake3::Hasher::new_keyed(&self.0);
        hasher.update(kind);
        hasher.update(word.as_bytes());
        let mut out = [0u8; 16];
        out.copy_from_slice(&hasher.finalize().as_bytes()[..16]);
        NameDigest(out)
    }
}

impl std::fmt::Debug for NameKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NameKey(redacted)")
    }
}

/// One entry of the index: the keyed digest of a folded word or of its beginning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NameDigest(pub [u8; 16]);

/// Spell out the letters people also write with two letters (`ø` as `oe`, `å` as `aa`).
fn two_letter_spelling(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    for c in word.chars() {
        match c {
            'ø' | 'ö' => out.push_str("oe"),
            'Ø' | 'Ö' => out.push_str("OE"),
            'ä' | 'æ' => out.push_str("ae"),
            'Ä' | 'Æ' => out.push_str("AE"),
            'å' => out.push_str("aa"),
            'Å' => out.push_str("AA"),
            'ü' => out.push_str("ue"),
            'Ü' => out.push_str("UE"),
            _ => out.push(c),
        }
    }
    out
}

/// The folded words of a name, with their two-letter spellings, without repeats.
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for spelling in [fold(name), fold(&two_letter_spelling(name))] {
        for word in spelling.split(' ').filter(|w| !w.is_empty()) {
            if !out.iter().any(|w| w == word) {
                out.push(word.to_owned());
            }
        }
    }
    out
}

/// Every index entry of a name: each word whole, and its beginnings of [`MIN_PREFIX`] to
/// [`MAX_PREFIX`] letters. Sorted and without repeats.
pub fn entries(key: &NameKey, name: &str) -> Vec<NameDigest> {
    let mut out = Vec::new();
    for word in words(name) {
        out.push(key.digest(b"w:", &word));
        let letters: Vec<(usize, char)> = word.char_indices().collect();
        for len in MIN_PREFIX..=MAX_PREFIX.min(letters.len()) {
            let end = letters.get(len).map_or(word.len(), |(i, _)| *i);
            out.push(key.digest(b"p:", &word[..end]));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A search: every term must match one of a person's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameQuery {
    /// One digest per typed word.
    pub terms: Vec<NameDigest>,
}

/// Why a search cannot run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NameQueryError {
    /// Nothing to search for.
    #[error("type at least one word of the name")]
    Empty,
    /// A word shorter than three letters would match too many people and leak too much.
    #[error("type at least 3 letters of each word")]
    TooShort,
    /// More words than a name has.
    #[error("type at most 6 words")]
    TooManyWords,
}

/// The query for what staff typed: each word folded; a word of [`MAX_PREFIX`] letters or fewer
/// matches words that begin with it, a longer one its first [`MAX_PREFIX`] letters.
pub fn query(key: &NameKey, typed: &str) -> Result<NameQuery, NameQueryError> {
    let folded = fold(typed);
    let typed_words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if typed_words.is_empty() {
        return Err(NameQueryError::Empty);
    }
    if typed_words.len() > 6 {
        return Err(NameQueryError::TooManyWords);
    }
    let mut terms = Vec::with_capacity(typed_words.len());
    for word in typed_words {
        let letters: Vec<(usize, char)> = word.char_indices().collect();
        if letters.len() < MIN_PREFIX {
            return Err(NameQueryError::TooShort);
        }
        let end = letters.get(MAX_PREFIX).map_or(word.len(), |(i, _)| *i);
        terms.push(key.digest(b"p:", &word[..end]));
    }
    Ok(NameQuery { terms })
}

impl NameQuery {
    /// Whether a person with these (sorted) entries matches.
    pub fn matches(&self, entries: &[NameDigest]) -> bool {
        self.terms.iter().all(|t| entries.binary_search(t).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key() -> NameKey {
        NameKey::derive(&[9; 32])
    }

    fn finds(name: &str, typed: &str) -> bool {
        query(&key(), typed)
            .map(|q| q.matches(&entries(&key(), name)))
            .unwrap_or(false)
    }

    #[test]
    fn names_are_found_as_people_type_them() {
        // The example: `Sjöberg` finds `Sjoberg`, and the other way round.
        assert!(finds("Anna Sjöberg", "sjoberg"));
        assert!(finds("Anna Sjoberg", "Sjöberg"));
        assert!(finds("Anna Sjöberg", "SJÖBERG anna"));
        assert!(finds("Anna Sjöberg", "sjoeberg"));
        assert!(finds("Søren Ærø", "soren"));
        assert!(finds("Søren Ærø", "soeren aeroe"));
        assert!(finds("Åsa Ålund", "aasa"));
        assert!(finds("Åsa Ålund", "asa alu"));
        assert!(finds("Jean-Luc Müller", "muller"));
        assert!(finds("Jean-Luc Müller", "jean luc"));
        // From three letters, the beginning of a word.
        assert!(finds("Anna Sjöberg", "sjö"));
        assert!(finds("Maximiliana Lindqvist", "maximiliano"));
    }

    #[test]
    fn every_typed_word_must_match() {
        assert!(!finds("Anna Sjöberg", "berg"));
        assert!(!finds("Anna Sjöberg", "anna lind"));
        assert!(!finds("Anna Sjöberg", "sjx"));
    }

    #[test]
    fn short_or_empty_searches_are_refused() {
        assert_eq!(query(&key(), " - "), Err(NameQueryError::Empty));
        assert_eq!(query(&key(), "an"), Err(NameQueryError::TooShort));
        assert_eq!(query(&key(), "anna s"), Err(NameQueryError::TooShort));
        assert_eq!(
            query(&key(), "aaa bbb ccc ddd eee fff ggg"),
            Err(NameQueryError::TooManyWords)
        );
    }

    #[test]
    fn another_key_finds_nothing() {
        let other = NameKey::derive(&[8; 32]);
        let q = query(&other, "sjoberg").unwrap();
        assert!(!q.matches(&entries(&key(), "Anna Sjöberg")));
    }

    #[test]
    fn entries_carry_no_letters_and_stop_at_the_longest_prefix() {
        let e = entries(&key(), "Bartholomew");
        // The whole word and its beginnings of 3 to 8 letters.
        assert_eq!(e.len(), 1 + (MAX_PREFIX - MIN_PREFIX + 1));
        assert!(e.windows(2).all(|w| w[0] < w[1]));
    }

    proptest! {
        #[test]
        fn a_name_is_always_found_by_each_of_its_words(
            first in "[A-Za-zÅÄÖåäöØøÆæ]{3,12}",
            last in "[A-Za-zÅÄÖåäöØøÆæ]{3,12}",
        ) {
            let name = format!("{first} {last}");
            prop_assert!(finds(&name, &last));
            prop_assert!(finds(&name, &first.to_lowercase()));
            let reversed = format!("{last} {first}");
            prop_assert!(finds(&name, &reversed));
        }
    }
}
