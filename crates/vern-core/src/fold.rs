//! Folding text the way people type it: case, diacritics and the Nordic letters.
//!
//! A phone keyboard or a hurried clerk writes `Sjoberg` for `Sjöberg`, `KYLLA` for `KYLLÄ` and
//! `Soren` for `Søren`. Matching on folded text lets what people type find what was stored. Used
//! by SMS keywords and the name search's blind index (which also knows the spelling with two
//! letters, `Soeren`, `Aalborg`: see `name_index`).

/// Fold text for matching: upper case, diacritics removed (`Ä` is `A`, `Æ` is `AE`, `Ø` is
/// `O`), every run of characters that are neither letters nor digits made one space, trimmed.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;

    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        if !c.is_alphanumeric() {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push(' ');
            gap = false;
        }
        // Letters that do not decompose into a base letter and a mark.
        match c {
            'æ' | 'Æ' => out.push_str("AE"),
            'ø' | 'Ø' => out.push('O'),
            'œ' | 'Œ' => out.push_str("OE"),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('D'),
            'þ' | 'Þ' => out.push_str("TH"),
            'ł' | 'Ł' => out.push('L'),
            _ => out.extend(c.to_uppercase()),
        }
    }
    out
}
