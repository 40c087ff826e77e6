//! Reading the input: hashed and bounded as received, cut into blocks of whole records for the
//! workers.

use std::io::{self, Read};
use std::sync::mpsc::SyncSender;

use super::records::{cut, line_breaks, scan};
use super::{MAX_ROW, ROW_TOO_LONG, TooLarge, UNCLOSED_QUOTE, WashError};

/// The size of a block.
pub(super) const BLOCK: usize = 1 << 20;

pub(super) struct Block {
    pub(super) seq: u64,
    pub(super) first_line: u64,
    pub(super) bytes: Vec<u8>,
}
/// Hashes the input as received, and stops it at the size limit.
pub(super) struct Hashing<R> {
    pub(super) inner: R,
    pub(super) hasher: blake3::Hasher,
    pub(super) read: u64,
    pub(super) limit: Option<u64>,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if let Some(limit) = self.limit.filter(|l| self.read > *l) {
            return Err(io::Error::other(TooLarge(limit)));
        }
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

pub(super) fn read_more(src: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> io::Result<bool> {
    let start = buf.len();
    buf.resize(start + want, 0);
    let mut filled = start;
    while filled < buf.len() {
        match src.read(&mut buf[filled..]) {
            Ok(0) => {
                buf.truncate(filled);
                return Ok(false);
            }
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                buf.truncate(filled);
                return Err(e);
            }
        }
    }
    Ok(true)
}
/// Cut the input into blocks of whole records and send them to the workers; the number of
/// blocks sent.
pub(super) fn split(
    src: &mut dyn Read,
    mut buf: Vec<u8>,
    mut more: bool,
    mut line: u64,
    delimiter: u8,
    tx: &SyncSender<Block>,
) -> Result<u64, WashError> {
    let mut seq = 0;
    loop {
        if more && buf.len() < BLOCK {
            more = read_more(src, &mut buf, BLOCK)?;
        }
        let end = if more {
            cut(&buf, delimiter)
        } else {
            let at_end = scan(&buf, &[delimiter], true, false);
            if at_end.quoted {
                let start = at_end.end.unwrap_or(0);
                return Err(WashError::Row {
                    line: line + line_breaks(&buf[..start]),
                    problem: UNCLOSED_QUOTE,
                });
            }
            Some(buf.len())
        };
        let Some(end) = end.filter(|e| *e > 0) else {
            if !more {
                send(tx, seq, line, Vec::new())?;
                return Ok(seq + 1);
            }
            // No record ends in the buffer, which starts at a record: the record is that long.
            if buf.len() >= MAX_ROW {
                return Err(WashError::Row {
                    line,
                    problem: ROW_TOO_LONG,
                });
            }
            more = read_more(src, &mut buf, BLOCK)?;
            continue;
        };
        let rest = buf.split_off(end);
        let lines = line_breaks(&buf);
        let last = !more && rest.is_empty();
        send(tx, seq, line, buf)?;
        seq += 1;
        if last {
            return Ok(seq);
        }
        line += lines;
        buf = Vec::with_capacity(BLOCK * 2);
        buf.extend_from_slice(&rest);
    }
}

fn send(
    tx: &SyncSender<Block>,
    seq: u64,
    first_line: u64,
    bytes: Vec<u8>,
) -> Result<(), WashError> {
    tx.send(Block {
        seq,
        first_line,
        bytes,
    })
    .map_err(|_| {
        WashError::Io(io::Error::other(
            "the wash stopped before the end of the list",
        ))
    })
}
