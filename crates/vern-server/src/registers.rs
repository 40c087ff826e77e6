//! Reading national register files: NIX-Telefon and Reservasjonsregisteret (one number per
//! line, or a CSV with a phone column; Reservasjonsregisteret rows may say what is reserved),
//! and Robinsonlisten (the CPR office's fixed-width ISO-8859-1 file, matched on name and
//! address).

use time::{Date, OffsetDateTime};
use vern_core::register::Register;
use vern_core::{Channel, ChannelSet, Country, DigestKey, IdentifierDigest, PhoneNumber, Region};
use vern_store::model::RegisterVersionRecord;
use vern_store::{Actor, Store, StoreError};

use crate::error::ApiError;
use crate::follower::Follower;

use crate::wash::input;
use crate::wash::records::{csv_pieces, line_parts, on_threads, piece_reader, threads_for};

/// What importing a register version did.
#[derive(Debug, Clone)]
pub struct RegisterImport {
    /// The version now in force.
    pub version: RegisterVersionRecord,
    /// Its ledger entry.
    pub seq: i64,
    /// Data lines read.
    pub lines: u64,
    /// How many lines held no usable listing.
    pub unparseable_count: u64,
    /// Their line numbers (1-based), the first thousand.
    pub unparseable: Vec<u64>,
}

/// Why a register version was not imported.
#[derive(Debug, thiserror::Error)]
pub enum RegisterImportError {
    /// The version is dated after today.
    #[error("the version date is in the future")]
    FutureDate,
    /// No line of the file held a listing.
    #[error("no listing could be read from {name} ({lines} lines): nothing was imported")]
    Empty {
        /// The file's name.
        name: String,
        /// Lines read.
        lines: u64,
    },
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<RegisterImportError> for ApiError {
    fn from(e: RegisterImportError) -> ApiError {
        match e {
            RegisterImportError::FutureDate => {
                ApiError::invalid_field("version_date", e.to_string())
            }
            RegisterImportError::Empty { .. } => ApiError::invalid_field("file", e.to_string()),
            RegisterImportError::Store(e) => e.into(),
        }
    }
}

/// Import a version of `register` from its file as delivered: read on every core, stored packed
/// in one transaction that supersedes the previous version (one ledger entry), and applied to
/// `follower` (this process's index, when it has one) before returning.
#[allow(clippy::too_many_arguments)]
pub async fn import_version(
    store: &dyn Store,
    follower: Option<&Follower>,
    actor: &Actor,
    now: OffsetDateTime,
    register: Register,
    version_date: Date,
    bytes: &[u8],
    source_name: &str,
) -> Result<RegisterImport, RegisterImportError> {
    if version_date > now.date() {
        return Err(RegisterImportError::FutureDate);
    }
    let keys = store.keys().digest();
    let (digest, parsed) = crate::wash::records::blocking(|| {
        std::thread::scope(|scope| {
            let digest = scope.spawn(|| blake3::hash(bytes).to_hex().to_string());
            let parsed = parse(register, bytes, keys);
            (
                digest
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
                parsed,
            )
        })
    });
    if parsed.listings.is_empty() {
        return Err(RegisterImportError::Empty {
            name: source_name.to_owned(),
            lines: parsed.lines,
        });
    }
    let (version, seq) = store
        .import_register(
            actor,
            now,
            register,
            version_date,
            &parsed.listings,
            source_name,
            &digest,
        )
        .await?;
    if let Some(follower) = follower {
        follower.sync_to(seq).await?;
    }
    Ok(RegisterImport {
        version,
        seq,
        lines: parsed.lines,
        unparseable_count: parsed.unparseable_count,
        unparseable: parsed.unparseable,
    })
}

/// A parsed register file.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Listings: digest and the channels reserved.
    pub listings: Vec<(IdentifierDigest, ChannelSet)>,
    /// Lines that held no usable listing (1-based), the first thousand.
    pub unparseable: Vec<u64>,
    /// How many lines held no usable listing.
    pub unparseable_count: u64,
    /// Data lines read.
    pub lines: u64,
}

impl Parsed {
    /// The pieces of one file, read apart, in file order.
    fn join(pieces: Vec<Parsed>) -> Parsed {
        let mut out = Parsed {
            listings: Vec::with_capacity(pieces.iter().map(|p| p.listings.len()).sum()),
            ..Parsed::default()
        };
        for piece in pieces {
            out.listings.extend(piece.listings);
            out.lines += piece.lines;
            out.unparseable_count += piece.unparseable_count;
            let room = 1000usize.saturating_sub(out.unparseable.len());
            out.unparseable
                .extend(piece.unparseable.into_iter().take(room));
        }
        out
    }

    fn bad(&mut self, line: u64) {
        self.unparseable_count += 1;
        if self.unparseable.len() < 1000 {
            self.unparseable.push(line);
        }
    }
}

/// Parse a register file's bytes.
pub fn parse(register: Register, bytes: &[u8], keys: &DigestKey) -> Parsed {
    match register {
        Register::NixTelefon | Register::Reservasjonsregisteret => phones(register, bytes, keys),
        Register::Robinsonlisten => robinson(bytes, keys),
    }
}

const KIND_HEADERS: &[&str] = &[
    "kind",
    "type",
    "reservasjon",
    "reservation",
    "reservasjonstype",
    "reservert",
    "gjelder",
    "kanal",
    "channel",
];

fn kind_channels(text: &str) -> Option<ChannelSet> {
    let t = text.trim().to_lowercase();
    let phone = ChannelSet::of(&[Channel::Phone]);
    let post = ChannelSet::of(&[Channel::Post]);
    match t.as_str() {
        "" | "t" | "tlf" | "telefon" | "telephone" | "phone" | "telefonsalg" | "telemarketing" => {
            Some(phone)
        }
        "a" | "p" | "post" | "mail" | "adressert reklame" | "adressert" | "addressed mail"
        | "addressed_mail" | "reklame" => Some(post),
        "b" | "begge" | "both" | "alle" | "all" | "telefon og post" | "telefon+post" => {
            Some(phone.union(post))
        }
        _ => None,
    }
}

fn phones(register: Register, bytes: &[u8], keys: &DigestKey) -> Parsed {
    let text = String::from_utf8_lossy(bytes);
    let text = crate::wash::records::unix_line_endings(&text);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let region = Region::from(register.country());
    let first = text.lines().next().unwrap_or("");
    let has_header = first.chars().any(char::is_alphabetic);
    let default_channels = ChannelSet::of(&[Channel::Phone]);
    let listing = |phone: &str, channels: Option<ChannelSet>| match (
        PhoneNumber::parse(phone.trim(), Some(region)),
        channels,
    ) {
        (Ok(p), Some(channels)) if p.country() == Some(register.country()) => Some((
            vern_core::identifier::phone_digest(keys, p.e164()),
            channels,
        )),
        _ => None,
    };
    if !has_header {
        // One number per line: the file is cut at line ends and read on every core.
        let parts = line_parts(text, threads_for(text.len()));
        let pieces = on_threads(&parts, |before, part| {
            let mut out = Parsed {
                listings: Vec::with_capacity(part.len() / 12),
                ..Parsed::default()
            };
            for (i, line) in part.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                out.lines += 1;
                match listing(line, Some(default_channels)) {
                    Some(l) => out.listings.push(l),
                    None => out.bad(before + i as u64 + 1),
                }
            }
            out
        });
        return Parsed::join(pieces);
    }
    let delimiter = input::sniff_delimiter(first.as_bytes());
    let (headers, parts) = match csv_pieces(text, delimiter) {
        Ok(p) => (p.headers, p.parts),
        Err(_) => (csv::ByteRecord::new(), Vec::new()),
    };
    let phone_col = input::find_column(&headers, input::PHONE_HEADERS).unwrap_or(0);
    let kind_col = (register == Register::Reservasjonsregisteret)
        .then(|| input::find_column(&headers, KIND_HEADERS))
        .flatten();
    let pieces = on_threads(&parts, |before, part| {
        let mut out = Parsed::default();
        let mut rdr = piece_reader(part, delimiter);
        for record in rdr.byte_records() {
            let Ok(record) = record else {
                out.bad(before + out.lines + 1);
                continue;
            };
            out.lines += 1;
            let line_no = before + record.position().map_or(out.lines, |p| p.line());
            let phone = record
                .get(phone_col)
                .map(String::from_utf8_lossy)
                .unwrap_or_default();
            let channels = match kind_col {
                Some(c) => kind_channels(
                    &record
                        .get(c)
                        .map(String::from_utf8_lossy)
                        .unwrap_or_default(),
                ),
                None => Some(default_channels),
            };
            match listing(&phone, channels) {
                Some(l) => out.listings.push(l),
                None => out.bad(line_no),
            }
        }
        out
    });
    Parsed::join(pieces)
}

/// Robinsonlisten: fixed fields separated by `#`, ISO-8859-1. Name (34, `Efternavn,Fornavn`),
/// standard address (34), town (34), postal code and district (25), history mark (3), … The
/// first records hold the publication date and column names; they are skipped like any line
/// that does not have the layout.
fn robinson(bytes: &[u8], keys: &DigestKey) -> Parsed {
    let mut out = Parsed::default();
    // A listing covers telephone and addressed post alike (markedsføringsloven § 10 stk. 4).
    let post = Register::Robinsonlisten.channels();
    for (i, range) in crate::wash::records::line_ranges(bytes).enumerate() {
        let line_no = i as u64 + 1;
        let raw = &bytes[range];
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        out.lines += 1;
        // ISO-8859-1: every byte is the character of the same number.
        let chars: Vec<char> = raw.iter().map(|b| char::from(*b)).collect();
        let field = |start: usize, len: usize| -> String {
            chars
                .iter()
                .skip(start)
                .take(len)
                .collect::<String>()
                .trim()
                .to_owned()
        };
        let laid_out = chars.len() >= 110
            && chars.get(34) == Some(&'#')
            && chars.get(69) == Some(&'#')
            && chars.get(104) == Some(&'#');
        let postal = field(105, 25);
        let code: String = postal.chars().take_while(char::is_ascii_digit).collect();
        if !laid_out || code.len() != 4 {
            out.bad(line_no);
            continue;
        }
        match vern_core::postal::canonical(&field(0, 34), &field(35, 34), &code) {
            Some(canonical) => out.listings.push((
                vern_core::postal::digest(keys, Country::Dk, &canonical),
                post,
            )),
            None => out.bad(line_no),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DigestKey {
        DigestKey::derive(&[5; 32])
    }

    #[test]
    fn nix_plain_lines() {
        let p = parse(
            Register::NixTelefon,
            b"0701234567\n+46 8 123 456 78\n\nN/A\n+4791234567\n",
            &key(),
        );
        assert_eq!(p.listings.len(), 2);
        assert_eq!(
            p.unparseable,
            vec![4, 5],
            "junk and a Norwegian number do not belong on NIX"
        );
    }

    #[test]
    fn every_line_ending() {
        // Old Mac, Windows and mixed: the same listings, the same line numbers.
        for file in [
            &b"0701234567\r+46 8 123 456 78\r\rN/A\r"[..],
            b"0701234567\r\n+46 8 123 456 78\r\n\r\nN/A",
            b"0701234567\n+46 8 123 456 78\r\n\rN/A\r\n",
        ] {
            let p = parse(Register::NixTelefon, file, &key());
            assert_eq!(p.listings.len(), 2, "{file:?}");
            assert_eq!(p.unparseable, vec![4], "{file:?}");
        }
        let csv = "telefon;type\r912 34 567;telefon\r41234567;??\r";
        let p = parse(Register::Reservasjonsregisteret, csv.as_bytes(), &key());
        assert_eq!(p.listings.len(), 1);
        assert_eq!(p.unparseable, vec![3]);
    }

    #[test]
    fn reservasjon_kinds() {
        let csv = "telefon;type\n912 34 567;telefon\n41234567;adressert reklame\n92345678;begge\n93456789;??\n";
        let p = parse(Register::Reservasjonsregisteret, csv.as_bytes(), &key());
        assert_eq!(p.listings.len(), 3);
        assert_eq!(p.listings[1].1, ChannelSet::of(&[Channel::Post]));
        assert_eq!(
            p.listings[2].1,
            ChannelSet::of(&[Channel::Phone, Channel::Post])
        );
        assert_eq!(p.unparseable, vec![5]);
    }

    #[test]
    fn robinson_fixed_width() {
        fn pad(s: &str, n: usize) -> Vec<u8> {
            let mut v: Vec<u8> = s
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap())
                .collect();
            v.resize(n, b' ');
            v
        }
        let mut line = Vec::new();
        line.extend(pad("S\u{f8}rensen,Mette", 34));
        line.push(b'#');
        line.extend(pad("N\u{f8}rregade 12, 3. th.", 34));
        line.push(b'#');
        line.extend(pad("Aarhus", 34));
        line.push(b'#');
        line.extend(pad("8000 Aarhus C", 25));
        line.push(b'#');
        line.extend(pad("", 3));
        line.push(b'#');
        line.extend(b"0751#1234#12  #3 ");
        let mut file = b"Robinsonlisten 2026-10-01\n".to_vec();
        file.extend(&line);
        file.push(b'\n');
        let p = parse(Register::Robinsonlisten, &file, &key());
        assert_eq!(p.listings.len(), 1);
        assert_eq!(p.unparseable, vec![1]);
        let expected =
            vern_core::postal::canonical("Mette Sørensen", "Nørregade 12 3 th", "8000").unwrap();
        assert_eq!(
            p.listings[0].0,
            vern_core::postal::digest(&key(), Country::Dk, &expected)
        );
        // The same file with old-Mac line endings.
        let cr: Vec<u8> = file
            .iter()
            .map(|&b| if b == b'\n' { b'\r' } else { b })
            .collect();
        let p = parse(Register::Robinsonlisten, &cr, &key());
        assert_eq!((p.listings.len(), p.unparseable), (1, vec![1]));
    }
}
