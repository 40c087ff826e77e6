//! Where rows end. Real lists end their rows in `\n` (Unix), `\r\n` (Windows) or a bare `\r`
//! (old Mac exports, some phone-system dumps), sometimes mixed in one file; a line break inside
//! double quotes belongs to its cell. Every reader of list input counts and cuts rows here, so
//! the wash, the block list and the register imports agree on what a row and a line number are.

/// The byte ranges of the lines of `bytes`, without their endings (`\n`, `\r\n` or `\r`). Like
/// `str::lines`, a final line ending does not start another line. Quotes are not looked at:
/// this is for the line-per-entry formats (register files).
pub(crate) fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
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

/// `text` (with `\n` line endings) cut after line ends into at most `parts` pieces of about
/// equal size, each with the number of lines before it: a whole file read on several threads.
/// Only for text whose records are single lines (no quoted cell spans a line end).
pub(crate) fn line_parts(text: &str, parts: usize) -> Vec<(u64, &str)> {
    let bytes = text.as_bytes();
    let parts = parts.max(1);
    let mut out = Vec::with_capacity(parts);
    let mut start = 0;
    let mut lines_before = 0u64;
    for k in 1..=parts {
        let end = if k == parts {
            bytes.len()
        } else {
            let target = (bytes.len() * k / parts).max(start);
            memchr::memchr(b'\n', &bytes[target..]).map_or(bytes.len(), |i| target + i + 1)
        };
        if end <= start {
            continue;
        }
        // Cut just after a `\n`: always on a character boundary.
        let part = text.get(start..end).unwrap_or_default();
        out.push((lines_before, part));
        lines_before += memchr::memchr_iter(b'\n', part.as_bytes()).count() as u64;
        start = end;
    }
    out
}

/// Run `work` on each of `parts` on a thread of its own (on the caller's thread when there is
/// one), the results in the order of the parts.
pub(crate) fn on_threads<'a, T: Send>(
    parts: &[(u64, &'a str)],
    work: impl Fn(u64, &'a str) -> T + Sync,
) -> Vec<T> {
    if parts.len() <= 1 {
        return parts
            .iter()
            .map(|(before, part)| work(*before, part))
            .collect();
    }
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = parts
            .iter()
            .map(|(before, part)| scope.spawn(move || work(*before, part)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// A whole CSV file (`\n` line endings) read on several threads: its header row, and the rows
/// after it cut into pieces, each with the number of the file's lines before it. One piece when
/// a quoted cell could hold a line end, or when the file is small.
pub(crate) struct CsvPieces<'a> {
    /// The header row (empty when the file has none that can be read).
    pub(crate) headers: csv::ByteRecord,
    /// The rows after the header, cut at line ends: (lines of the file before, text).
    pub(crate) parts: Vec<(u64, &'a str)>,
}

/// Read the header of `text` with `delimiter` and cut the rest for [`on_threads`].
pub(crate) fn csv_pieces(text: &str, delimiter: u8) -> Result<CsvPieces<'_>, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers = reader.byte_headers()?.clone();
    let after = reader.position();
    let header_lines = after.line().saturating_sub(1);
    let body = text
        .get(usize::try_from(after.byte()).unwrap_or(usize::MAX)..)
        .unwrap_or_default();
    let threads = if body.contains('"') {
        1
    } else {
        threads_for(body.len())
    };
    let parts = line_parts(body, threads)
        .into_iter()
        .map(|(before, part)| (header_lines + before, part))
        .collect();
    Ok(CsvPieces { headers, parts })
}

/// A reader of one piece of [`csv_pieces`]: no header, rows of any length.
pub(crate) fn piece_reader(part: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(false)
        .from_reader(part.as_bytes())
}

/// How many threads a bulk read of `len` bytes is worth: one for small files.
pub(crate) fn threads_for(len: usize) -> usize {
    if len < 1 << 20 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, usize::from)
    }
}

/// Run CPU-bound work from async code without stalling the runtime's other tasks where the
/// runtime allows it (a multi-threaded one).
pub(crate) fn blocking<T>(work: impl FnOnce() -> T) -> T {
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(work)
        }
        _ => work(),
    }
}

/// How many line endings `buf` holds: `\n`, and `\r` not followed by `\n`. A `\r` at the very
/// end counts; callers never end a slice between the two bytes of a `\r\n`.
pub(crate) fn line_breaks(buf: &[u8]) -> u64 {
    memchr::memchr2_iter(b'\n', b'\r', buf)
        .filter(|&i| buf[i] == b'\n' || buf.get(i + 1) != Some(&b'\n'))
        .count() as u64
}

/// What [`scan`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Scan {
    /// The end of the last (or the first) complete record, after its line ending.
    pub(crate) end: Option<usize>,
    /// Whether the input ends inside a quoted cell (or where that cannot be told yet).
    pub(crate) quoted: bool,
}

/// Find where the records of `buf` end, reading quotes as the CSV reader does: a quote opens a
/// quoted cell only at the start of a cell (after a delimiter or a line ending); inside it, `""`
/// is a quote and line endings are text; a quote anywhere else (`32" TV`) is text. `buf` starts
/// at a record. Unless `at_end`, more input may follow, so a last byte that could be half of a
/// `\r\n` or of a `""` is left for later. With `first_only`, stop at the first record.
pub(crate) fn scan(buf: &[u8], delimiters: &[u8], at_end: bool, first_only: bool) -> Scan {
    let mut at = 0;
    let mut quoted = false;
    let mut end = None;
    while at < buf.len() {
        let next = if quoted {
            memchr::memchr(b'"', &buf[at..])
        } else {
            memchr::memchr3(b'"', b'\n', b'\r', &buf[at..])
        };
        let Some(i) = next.map(|n| at + n) else {
            break;
        };
        let after = buf.get(i + 1).copied();
        match (buf[i], quoted) {
            (b'"', true) => match after {
                Some(b'"') => at = i + 2,
                Some(_) => {
                    quoted = false;
                    at = i + 1;
                }
                None => {
                    return Scan {
                        end,
                        quoted: !at_end,
                    };
                }
            },
            (b'"', false) => {
                quoted = i == 0
                    || matches!(buf[i - 1], b'\n' | b'\r')
                    || delimiters.contains(&buf[i - 1]);
                at = i + 1;
            }
            (b'\r', _) if after == Some(b'\n') => {
                end = Some(i + 2);
                at = i + 2;
            }
            (b'\r', _) if after.is_none() && !at_end => break,
            _ => {
                end = Some(i + 1);
                at = i + 1;
            }
        }
        if first_only && end.is_some() {
            break;
        }
    }
    Scan { end, quoted }
}

/// The end of the first record in `buf` (after its line ending), as [`scan`] reads it.
pub(crate) fn first_record_end(buf: &[u8], delimiters: &[u8], at_end: bool) -> Option<usize> {
    scan(buf, delimiters, at_end, true).end
}

/// The end of the last complete record in `buf` (after its line ending), when more input may
/// follow `buf`.
pub(crate) fn cut(buf: &[u8], delimiter: u8) -> Option<usize> {
    if memchr::memchr(b'"', buf).is_some() {
        return scan(buf, &[delimiter], false, false).end;
    }
    // No quote (most blocks): the last line ending is the last record's end; found from the
    // end, without reading the whole block.
    let mut end = buf.len();
    while let Some(i) = memchr::memrchr2(b'\n', b'\r', &buf[..end]) {
        // A `\r` at the very end may be the first half of a `\r\n`.
        if buf[i] == b'\n' || i + 1 < buf.len() {
            return Some(i + 1);
        }
        end = i;
    }
    None
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
        assert_eq!(cut(b"a,b\nc,d\ne", b','), Some(8));
        assert_eq!(cut(b"a,\"x\ny\"\nc", b','), Some(8));
        assert_eq!(cut(b"a,\"x\ny", b','), None);
        assert_eq!(first_record_end(b"\"a\nb\",c\nd", b",", false), Some(8));
        // An escaped quote, and one that may be half of an escape.
        assert_eq!(cut(b"a,\"x\"\"\ny\"\nc", b','), Some(10));
        assert!(scan(b"a,\"x\"", b",", false, false).quoted);
        assert!(!scan(b"a,\"x\"", b",", true, false).quoted);
        assert!(scan(b"a,\"b\nc", b",", true, false).quoted);
    }

    #[test]
    fn a_quote_inside_a_cell_is_text() {
        // `32" TV` does not open a quoted cell, as the CSV reader reads it.
        let buf = b"1,32\" TV,0701\n2,x,0702\n3";
        assert_eq!(cut(buf, b','), Some(23));
        assert!(!scan(buf, b",", true, false).quoted);
        assert!(scan(b"1,\"32 TV,0701\n2,x\n", b",", true, false).quoted);
        assert_eq!(cut(b"1;a\"b;\"c\nd\";e\nf", b';'), Some(14));
    }

    #[test]
    fn every_line_ending_ends_a_record() {
        // Old Mac: a bare CR.
        assert_eq!(
            first_record_end(b"phone,name\r+4670,A\r", b",", false),
            Some(11)
        );
        assert_eq!(cut(b"phone,name\r+4670,A\r+4671,B", b','), Some(19));
        // Windows: CRLF is one ending, and a CR at the end of a buffer waits for its LF.
        assert_eq!(first_record_end(b"a,b\r\nc", b",", false), Some(5));
        assert_eq!(first_record_end(b"a,b\r", b",", false), None);
        assert_eq!(first_record_end(b"a,b\r", b",", true), Some(4));
        assert_eq!(cut(b"a\r\nb\r", b','), Some(3));
        assert_eq!(cut(b"a\rb\r", b','), Some(2));
        assert_eq!(cut(b"a\rb\n", b','), Some(4));
        assert_eq!(cut(b"a\r", b','), None);
        // Inside quotes a CR is text.
        assert_eq!(cut(b"a,\"x\ry\"\rc", b','), Some(8));
        assert_eq!(line_breaks(b"a\rb\r\nc\nd\r"), 4);
        let l: Vec<&str> = lines("a\rb\r\nc\n\nd\r").collect();
        assert_eq!(l, ["a", "b", "c", "", "d"]);
        assert_eq!(unix_line_endings("a\rb\r\nc\n"), "a\nb\nc\n");
        assert_eq!(unix_line_endings("a\rb"), "a\nb\n");
    }
}
