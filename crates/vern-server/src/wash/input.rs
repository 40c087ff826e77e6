//! Reading campaign lists as Nordic spreadsheets write them: comma or semicolon separated,
//! UTF-8 with or without a byte-order mark, or ISO-8859-1 / Windows-1252.

use std::io::{self, Read};

/// The character encoding of an input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 (a byte-order mark is skipped).
    Utf8,
    /// ISO-8859-1 (Latin-1).
    Latin1,
    /// Windows-1252, the Latin-1 superset Excel writes on Windows.
    Windows1252,
}

impl std::str::FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "iso-8859-1" | "latin1" | "latin-1" | "iso8859-1" => Ok(Encoding::Latin1),
            "windows-1252" | "cp1252" | "win1252" => Ok(Encoding::Windows1252),
            _ => Err("the encoding must be utf-8, iso-8859-1 or windows-1252".to_owned()),
        }
    }
}

/// A reader that turns Latin-1 or Windows-1252 into UTF-8 as it reads. Written by hand around
/// `encoding_rs`'s streaming decoder because the wash reads bytes in large blocks and needs
/// nothing more than this.
pub(crate) struct Transcoder<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl<R> std::fmt::Debug for Transcoder<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcoder")
            .field("encoding", &self.decoder.encoding().name())
            .finish_non_exhaustive()
    }
}

impl<R: Read> Transcoder<R> {
    /// Decode `inner`, written in `encoding` (not UTF-8).
    pub(crate) fn new(inner: R, encoding: Encoding) -> Transcoder<R> {
        let enc = match encoding {
            Encoding::Latin1 | Encoding::Utf8 => encoding_rs::WINDOWS_1252,
            Encoding::Windows1252 => encoding_rs::WINDOWS_1252,
        };
        // ISO-8859-1 and Windows-1252 differ only in 0x80-0x9F, control characters in
        // ISO-8859-1 that no list contains; the WHATWG standard decodes both the same way.
        Transcoder {
            inner,
            decoder: enc.new_decoder_without_bom_handling(),
            raw: vec![0; 1 << 16],
            out: Vec::with_capacity(3 << 16),
            pos: 0,
            done: false,
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos >= self.out.len() {
            if self.done {
                return Ok(0);
            }
            let n = self.inner.read(&mut self.raw)?;
            let last = n == 0;
            self.out.clear();
            self.pos = 0;
            let need = self.decoder.max_utf8_buffer_length(n).unwrap_or(n * 3 + 16);
            self.out.resize(need, 0);
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, last);
            self.out.truncate(written);
            self.done = last;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// Comma, semicolon or tab: whichever the header line has most of outside quotes.
pub fn sniff_delimiter(header: &[u8]) -> u8 {
    let (mut commas, mut semis, mut tabs, mut quoted) = (0, 0, 0, false);
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            b'\t' if !quoted => tabs += 1,
            _ => {}
        }
    }
    if tabs > commas && tabs > semis {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Header names that mean a phone column, in English and the Nordic languages.
pub const PHONE_HEADERS: &[&str] = &[
    "phone",
    "mobile",
    "telephone",
    "tel",
    "telefon",
    "mobil",
    "mobiltelefon",
    "tlf",
    "tlf.",
    "telefonnummer",
    "mobilnummer",
    "telefonnr",
    "mobilnr",
    "puhelin",
    "puhelinnumero",
    "matkapuhelin",
    "gsm",
    "msisdn",
    "phone_number",
    "phonenumber",
    "phone number",
    "mobile_phone",
    "mobile phone",
    "cell",
    "cellphone",
    "handy",
    "tlf.nr",
];
/// Header names that mean an e-mail column.
pub const EMAIL_HEADERS: &[&str] = &[
    "email",
    "e-mail",
    "e_mail",
    "mail",
    "epost",
    "e-post",
    "e-postadresse",
    "e-postadress",
    "emailaddress",
    "email_address",
    "email address",
    "sähköposti",
    "sahkoposti",
    "e-mailadresse",
    "mailadresse",
];
/// Header names of a full name.
pub(crate) const NAME_HEADERS: &[&str] = &[
    "name",
    "namn",
    "navn",
    "nimi",
    "full_name",
    "fullname",
    "full name",
    "fulde navn",
];
/// Header names of a first name.
pub(crate) const FIRST_NAME_HEADERS: &[&str] = &[
    "first_name",
    "firstname",
    "first name",
    "förnamn",
    "fornamn",
    "fornavn",
    "etunimi",
    "given_name",
];
/// Header names of a last name.
pub(crate) const LAST_NAME_HEADERS: &[&str] = &[
    "last_name",
    "lastname",
    "last name",
    "efternamn",
    "etternavn",
    "efternavn",
    "sukunimi",
    "surname",
    "family_name",
];
/// Header names of a street address.
pub(crate) const STREET_HEADERS: &[&str] = &[
    "address",
    "street",
    "adress",
    "adresse",
    "gatuadress",
    "gateadresse",
    "gade",
    "vej",
    "osoite",
    "katuosoite",
    "street_address",
    "address1",
    "adresse1",
    "utdelningsadress",
];
/// Header names of a postal code.
pub(crate) const POSTAL_HEADERS: &[&str] = &[
    "postal_code",
    "postcode",
    "zip",
    "zipcode",
    "postnummer",
    "postnr",
    "postnr.",
    "postinumero",
    "post_code",
];

/// A header cell as a name: trimmed, without a byte-order mark or quotes.
pub(crate) fn header_name(cell: &[u8]) -> String {
    String::from_utf8_lossy(cell)
        .trim()
        .trim_start_matches('\u{feff}')
        .trim_matches('"')
        .to_owned()
}

/// Every column whose header is one of `names`, ignoring case, spaces around it and a
/// byte-order mark.
pub fn find_columns<'a>(
    headers: &'a csv::ByteRecord,
    names: &'a [&str],
) -> impl Iterator<Item = usize> + 'a {
    headers
        .iter()
        .enumerate()
        .filter(|(_, h)| names.contains(&header_name(h).to_lowercase().as_str()))
        .map(|(i, _)| i)
}

/// The first column whose header is one of `names` (see [`find_columns`]).
pub(crate) fn find_column(headers: &csv::ByteRecord, names: &[&str]) -> Option<usize> {
    find_columns(headers, names).next()
}

/// Find a column by its exact header (after trimming), as named on the command line.
pub(crate) fn find_named(headers: &csv::ByteRecord, name: &str) -> Option<usize> {
    let wanted = name.trim().to_lowercase();
    headers.iter().position(|h| {
        String::from_utf8_lossy(h)
            .trim()
            .trim_start_matches('\u{feff}')
            .to_lowercase()
            == wanted
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_becomes_utf8() {
        let latin1: &[u8] = b"namn;telefon\n\xc5sa \xd6berg;070-1234567\n";
        let mut out = String::new();
        Transcoder::new(latin1, Encoding::Latin1)
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "namn;telefon\nÅsa Öberg;070-1234567\n");
    }

    #[test]
    fn delimiters_and_headers() {
        assert_eq!(sniff_delimiter(b"id;name;phone"), b';');
        assert_eq!(sniff_delimiter(b"id,\"a;b\",phone"), b',');
        assert_eq!(sniff_delimiter(b"id\tname\tphone"), b'\t');
        let h = csv::ByteRecord::from(vec!["\u{feff}Kundnr", " Mobil ", "E-post"]);
        assert_eq!(find_column(&h, PHONE_HEADERS), Some(1));
        let two = csv::ByteRecord::from(vec!["namn", "Mobil", "Telefon", "e-post"]);
        assert_eq!(
            find_columns(&two, PHONE_HEADERS).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(find_column(&h, EMAIL_HEADERS), Some(2));
        assert_eq!(find_named(&h, "kundnr"), Some(0));
        assert_eq!("ISO-8859-1".parse::<Encoding>(), Ok(Encoding::Latin1));
    }
}
