//! Where rows end. Real lists end their rows in `\n` (Unix), `\r\n` (Windows) or a bare `\r`
//! (old Mac exports, some phone-system dumps), sometimes mixed in one file; a line break inside
//! double quotes belongs to its cell. Every reader of list input counts and cuts rows here, so
//! the wash, the block list and the register imports agree on what a row and a line number are.

/// The byte ranges of the lines of `bytes`, without their endings (`\n`, `\r\n` or `\r`). Like
/// `str::lines`, a final line ending does not start another line. Quotes are not looked at:
/// this is for the line-per-entry formats (register files).
pub fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        match memchr::memchr2(b'\n', b'\r', &bytes[start..]) {
            Some(i) => {
                let end = start + i;
                at = end + 1 + usize::from(bytes[end..].starts_with(b"\r\n"));
                Some(start..end)
            }
            None => {
                at = bytes.len();
                Some(start..bytes.len())
            }
        }
    })
}

/// The lines of `text`, as [`line_ranges`] cuts them.
pub fn lines(text: &str) -> impl Iterator<Item = &str> + '_ {
    // The cuts are at ASCII bytes, so every range is on a character boundary.
    line_ranges(text.as_bytes()).map(move |r| text.get(r).unwrap_or_default())
}

/// `text` with every line ending (`\r\n`, `\r`) written as `\n`, for the readers that take a
/// whole file at once (registers, the block list): then `str::lines` and the CSV reader's line
/// numbers agree with what an editor shows.
pub fn unix_line_endings(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('\r') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in lines(text) {
        out.push_str(line);
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

/// How many line endings `buf` holds: `\n`, and `\r` not followed by `\n`. A `\r` at the very
/// end counts; callers never end a slice between the two bytes of a `\r\n`.
pub(crate) fn line_breaks(buf: &[u8]) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', buf)
        .filter(|&i| buf[i] == b'\n' || buf.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

/// The end of the first record in `buf` (after its line ending), outside quotes. A `\r` at the
/// end of `buf` may be the first half of a `\r\n`: it ends the record only at the end of input.
pub(crate) fn first_record_end(buf: &[u8], at_end: bool) -> Option<usize> {
    let mut quoted = false;
    for (i, &b) in buf.iter().enumerate() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return Some(i + 1),
            b'\r' if !quoted => {
                return match buf.get(i + 1) {
                    Some(b'\n') => Some(i + 2),
                    Some(_) => Some(i + 1),
                    None => at_end.then_some(i + 1),
                };
            }
            _ => {}
        }
    }
    None
}

/// The end of the last complete record in `buf` (after its line ending), outside quotes, when
/// more input may follow `buf`.
pub(crate) fn cut(buf: &[u8]) -> Option<usize> {
    let mut end = buf.len();
    let mut quotes_before = quotes(buf);
    while let Some(t) = memchr::memrchr2(b'\n', b'\r', &buf[..end]) {
        quotes_before -= quotes(&buf[t..end]);
        end = t;
        // A `\r` ends a record when a byte other than `\n` is known to follow it.
        let ends = buf[t] == b'\n' || buf.get(t + 1).is_some_and(|&b| b != b'\n');
        if ends && quotes_before.is_multiple_of(2) {
            return Some(t + 1);
        }
    }
    None
}

/// Whether a quote opened in `buf` is never closed.
pub(crate) fn unclosed_quote(buf: &[u8]) -> bool {
    !quotes(buf).is_multiple_of(2)
}

fn quotes(buf: &[u8]) -> usize {
    memchr::memchr_iter(b'"', buf).count()
}

/// `raw` without its line ending.
pub(crate) fn strip_line_end(raw: &[u8]) -> &[u8] {
    let raw = raw.strip_suffix(b"\n").unwrap_or(raw);
    raw.strip_suffix(b"\r").unwrap_or(raw)
}

/// `raw` without the empty lines before it.
pub(crate) fn skip_empty_lines(raw: &[u8]) -> usize {
    raw.iter()
        .take_while(|&&b| b == b'\n' || b == b'\r')
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_outside_quotes() {
        assert_eq!(cut(b"a,b\nc,d\ne"), Some(8));
        assert_eq!(cut(b"a,\"x\ny\"\nc"), Some(8));
        assert_eq!(cut(b"a,\"x\ny"), None);
        assert_eq!(first_record_end(b"\"a\nb\",c\nd", false), Some(8));
    }

    #[test]
    fn every_line_ending_ends_a_record() {
        // Old Mac: a bare CR.
        assert_eq!(first_record_end(b"phone,name\r+4670,A\r", false), Some(11));
        assert_eq!(cut(b"phone,name\r+4670,A\r+4671,B"), Some(19));
        // Windows: CRLF is one ending, and a CR at the end of a buffer waits for its LF.
        assert_eq!(first_record_end(b"a,b\r\nc", false), Some(5));
        assert_eq!(first_record_end(b"a,b\r", false), None);
        assert_eq!(first_record_end(b"a,b\r", true), Some(4));
        assert_eq!(cut(b"a\r\nb\r"), Some(3));
        // Inside quotes a CR is text.
        assert_eq!(cut(b"a,\"x\ry\"\rc"), Some(8));
        assert_eq!(line_breaks(b"a\rb\r\nc\nd\r"), 4);
        let l: Vec<&str> = lines("a\rb\r\nc\n\nd\r").collect();
        assert_eq!(l, ["a", "b", "c", "", "d"]);
        assert!(unclosed_quote(b"a,\"b\nc"));
        assert_eq!(unix_line_endings("a\rb\r\nc\n"), "a\nb\nc\n");
        assert_eq!(unix_line_endings("a\rb"), "a\nb\n");
    }
}
