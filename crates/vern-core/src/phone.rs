//! PLACEHOLDER until the real module lands (being written in parallel).
use crate::country::Country;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region([u8; 2]);
impl Region {
    pub const SE: Region = Region(*b"SE");
    pub const NO: Region = Region(*b"NO");
    pub const DK: Region = Region(*b"DK");
    pub const FI: Region = Region(*b"FI");
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}
impl From<Country> for Region {
    fn from(c: Country) -> Self {
        match c {
            Country::Se => Region::SE,
            Country::No => Region::NO,
            Country::Dk => Region::DK,
            Country::Fi => Region::FI,
        }
    }
}
impl FromStr for Region {
    type Err = PhoneError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let b = s.trim().to_ascii_uppercase();
        let b = b.as_bytes();
        if b.len() == 2 && b.iter().all(u8::is_ascii_alphabetic) {
            Ok(Region([b[0], b[1]]))
        } else {
            Err(PhoneError::UnknownRegion)
        }
    }
}
impl Serialize for Region {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PhoneNumber {
    e164: String,
    cc: u16,
}
impl std::fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PhoneNumber(+{}…, redacted)", self.cc)
    }
}
impl std::fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.e164)
    }
}
impl PhoneNumber {
    pub fn parse(input: &str, default_region: Option<Region>) -> Result<PhoneNumber, PhoneError> {
        let mut out = String::new();
        let cc = normalize_into(input, default_region, &mut out)?;
        Ok(PhoneNumber { e164: out, cc })
    }
    pub fn e164(&self) -> &str {
        &self.e164
    }
    pub fn calling_code(&self) -> u16 {
        self.cc
    }
    pub fn country(&self) -> Option<Country> {
        Country::from_calling_code(self.cc)
    }
}
pub fn normalize_into(
    input: &str,
    default_region: Option<Region>,
    out: &mut String,
) -> Result<u16, PhoneError> {
    out.clear();
    let digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 7 {
        return Err(PhoneError::TooShort);
    }
    let t = input.trim_start();
    let (cc, nsn) = if t.starts_with('+') || digits.starts_with("00") {
        let d = digits.trim_start_matches("00");
        let cc = if d.starts_with("358") {
            358
        } else {
            d[..2].parse().unwrap_or(0)
        };
        (
            cc,
            d[cc.to_string().len()..].trim_start_matches('0').to_owned(),
        )
    } else {
        let r = default_region.ok_or(PhoneError::NeedsRegion)?;
        let c = match r.as_str() {
            "SE" => 46,
            "NO" => 47,
            "DK" => 45,
            "FI" => 358,
            _ => return Err(PhoneError::Invalid),
        };
        (c, digits.trim_start_matches('0').to_owned())
    };
    out.push('+');
    out.push_str(&cc.to_string());
    out.push_str(&nsn);
    Ok(cc)
}
impl Serialize for PhoneNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.e164)
    }
}
impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PhoneNumber::parse(&s, None).map_err(serde::de::Error::custom)
    }
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("empty")]
    Empty,
    #[error("region")]
    UnknownRegion,
    #[error("needs region")]
    NeedsRegion,
    #[error("too short")]
    TooShort,
    #[error("invalid")]
    Invalid,
}
