//! Reading a query's rows from PostgreSQL with `COPY (…) TO STDOUT (FORMAT binary)`: the rows
//! arrive as one byte stream that is cut into fields where they lie, without the per-row
//! message, column description and value copies of an ordinary query. Used by the start-up
//! scan, which reads millions of rows (`facts.rs`).
//!
//! Written by hand because sqlx hands out the raw COPY stream but does not decode it, and the
//! binary format is small and stable (PostgreSQL documentation, "COPY", "Binary Format"): an
//! 11-byte signature, a 32-bit flags field and a header extension of a given length; then
//! each tuple as a 16-bit field count (-1 ends the data) and each field as a 32-bit length
//! (-1 for NULL) followed by the value in the type's binary form: UTF-8 for `text`, the bytes
//! for `bytea`, big-endian for `bigint`.

use futures_util::TryStreamExt;

use super::cells::Cells;
use crate::codec::integrity;
use crate::error::StoreResult;

const SIGNATURE: &[u8] = b"PGCOPY\n\xff\r\n\0";

/// One tuple: where each field's value lies in the buffer (`None` for NULL).
pub(super) struct CopyRow<'a> {
    buf: &'a [u8],
    fields: &'a [Option<(usize, usize)>],
}

impl CopyRow<'_> {
    fn field(&self, i: usize) -> StoreResult<Option<&[u8]>> {
        match self.fields.get(i) {
            Some(Some((start, end))) => Ok(Some(&self.buf[*start..*end])),
            Some(None) => Ok(None),
            None => Err(integrity("a column missing from COPY")),
        }
    }

    fn required(&self, i: usize) -> StoreResult<&[u8]> {
        self.field(i)?
            .ok_or_else(|| integrity("a NULL where a value is required"))
    }
}

fn int_of(bytes: &[u8]) -> StoreResult<i64> {
    match bytes.len() {
        8 => Ok(i64::from_be_bytes(
            bytes.try_into().map_err(|_| integrity("bigint"))?,
        )),
        4 => Ok(i64::from(i32::from_be_bytes(
            bytes.try_into().map_err(|_| integrity("integer"))?,
        ))),
        _ => Err(integrity("an integer column")),
    }
}

impl Cells for CopyRow<'_> {
    fn text(&self, i: usize) -> StoreResult<&str> {
        std::str::from_utf8(self.required(i)?).map_err(|_| integrity("a text column"))
    }
    fn opt_text(&self, i: usize) -> StoreResult<Option<&str>> {
        self.field(i)?
            .map(|b| std::str::from_utf8(b).map_err(|_| integrity("a text column")))
            .transpose()
    }
    fn blob(&self, i: usize) -> StoreResult<&[u8]> {
        self.required(i)
    }
    fn int(&self, i: usize) -> StoreResult<i64> {
        int_of(self.required(i)?)
    }
    fn opt_int(&self, i: usize) -> StoreResult<Option<i64>> {
        self.field(i)?.map(int_of).transpose()
    }
}

/// Run `query` (a SELECT) through binary COPY on `conn` and hand each row to `each`. The query
/// cannot take parameters (COPY has none): the caller builds it from values it controls.
pub(super) async fn each_row(
    conn: &mut sqlx::postgres::PgConnection,
    query: &str,
    each: &mut (dyn FnMut(&CopyRow<'_>) -> StoreResult<()> + Send),
) -> StoreResult<()> {
    let statement = format!("COPY ({query}) TO STDOUT (FORMAT binary)");
    let mut stream = conn.copy_out_raw(&statement).await?;
    let mut reader = Reader::default();
    while let Some(chunk) = stream.try_next().await? {
        reader.buf.extend_from_slice(&chunk);
        reader.drain(each)?;
    }
    if reader.ended {
        Ok(())
    } else {
        Err(integrity("a COPY stream that stopped before its end"))
    }
}

/// The bytes received and not yet read, and where the reading stands.
#[derive(Default)]
struct Reader {
    buf: Vec<u8>,
    header_read: bool,
    ended: bool,
    fields: Vec<Option<(usize, usize)>>,
}

impl Reader {
    /// Read every whole tuple in the buffer; keep a partial one for the next chunk.
    fn drain(
        &mut self,
        each: &mut (dyn FnMut(&CopyRow<'_>) -> StoreResult<()> + Send),
    ) -> StoreResult<()> {
        let mut at = 0;
        if !self.header_read {
            let Some(end) = header_end(&self.buf)? else {
                return Ok(());
            };
            self.header_read = true;
            at = end;
        }
        while !self.ended {
            match tuple(&self.buf, at, &mut self.fields)? {
                Tuple::Partial => break,
                Tuple::End(next) => {
                    self.ended = true;
                    at = next;
                }
                Tuple::Row(next) => {
                    each(&CopyRow {
                        buf: &self.buf,
                        fields: &self.fields,
                    })?;
                    at = next;
                }
            }
        }
        self.buf.drain(..at);
        Ok(())
    }
}

/// Where the header ends, once all of it is in `buf`.
fn header_end(buf: &[u8]) -> StoreResult<Option<usize>> {
    let fixed = SIGNATURE.len() + 8;
    if buf.len() < fixed {
        return Ok(None);
    }
    if !buf.starts_with(SIGNATURE) {
        return Err(integrity("a COPY stream without its signature"));
    }
    let extension = u32::from_be_bytes(read4(buf, SIGNATURE.len() + 4)) as usize;
    let end = fixed + extension;
    Ok((buf.len() >= end).then_some(end))
}

enum Tuple {
    /// A row's fields were found; the next tuple starts here.
    Row(usize),
    /// The trailer; what follows it starts here.
    End(usize),
    /// The tuple is not all here yet.
    Partial,
}

fn read4(buf: &[u8], at: usize) -> [u8; 4] {
    [buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]
}

/// The tuple starting at `at`, its fields' places written to `fields`.
fn tuple(buf: &[u8], at: usize, fields: &mut Vec<Option<(usize, usize)>>) -> StoreResult<Tuple> {
    if buf.len() < at + 2 {
        return Ok(Tuple::Partial);
    }
    let count = i16::from_be_bytes([buf[at], buf[at + 1]]);
    if count == -1 {
        return Ok(Tuple::End(at + 2));
    }
    let count = usize::try_from(count).map_err(|_| integrity("a COPY field count"))?;
    fields.clear();
    let mut pos = at + 2;
    for _ in 0..count {
        if buf.len() < pos + 4 {
            return Ok(Tuple::Partial);
        }
        let len = i32::from_be_bytes(read4(buf, pos));
        pos += 4;
        if len < 0 {
            fields.push(None);
            continue;
        }
        let end = pos + len as usize;
        if buf.len() < end {
            return Ok(Tuple::Partial);
        }
        fields.push(Some((pos, end)));
        pos = end;
    }
    Ok(Tuple::Row(pos))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A stream of two rows (text, bigint, NULL bytea / text, bigint, bytea) and the trailer,
    /// as PostgreSQL writes it.
    fn stream() -> Vec<u8> {
        let mut b = SIGNATURE.to_vec();
        b.extend_from_slice(&0u32.to_be_bytes());
        b.extend_from_slice(&0u32.to_be_bytes());
        for (id, n, blob) in [("a1", 7_i64, None), ("b2", -3, Some(&[1u8, 2, 3][..]))] {
            b.extend_from_slice(&3i16.to_be_bytes());
            b.extend_from_slice(&(id.len() as i32).to_be_bytes());
            b.extend_from_slice(id.as_bytes());
            b.extend_from_slice(&8i32.to_be_bytes());
            b.extend_from_slice(&n.to_be_bytes());
            match blob {
                None => b.extend_from_slice(&(-1i32).to_be_bytes()),
                Some(v) => {
                    b.extend_from_slice(&(v.len() as i32).to_be_bytes());
                    b.extend_from_slice(v);
                }
            }
        }
        b.extend_from_slice(&(-1i16).to_be_bytes());
        b
    }

    #[test]
    fn rows_are_read_whatever_the_chunks() {
        let bytes = stream();
        // Every way of cutting the stream in two, and byte by byte.
        let mut cuts: Vec<Vec<&[u8]>> = (0..=bytes.len())
            .map(|i| vec![&bytes[..i], &bytes[i..]])
            .collect();
        cuts.push(bytes.chunks(1).collect());
        for chunks in cuts {
            let mut reader = Reader::default();
            let mut seen = Vec::new();
            for chunk in chunks {
                reader.buf.extend_from_slice(chunk);
                reader
                    .drain(&mut |row| {
                        seen.push(format!(
                            "{} {} {:?}",
                            row.text(0)?,
                            row.int(1)?,
                            row.field(2)?
                        ));
                        Ok(())
                    })
                    .unwrap();
            }
            assert!(reader.ended);
            assert_eq!(seen, ["a1 7 None", "b2 -3 Some([1, 2, 3])"]);
        }
    }

    #[test]
    fn a_stream_without_the_signature_is_refused() {
        let mut bytes = stream();
        bytes[0] = b'X';
        let mut reader = Reader {
            buf: bytes,
            ..Reader::default()
        };
        assert!(reader.drain(&mut |_| Ok(())).is_err());
    }
}
