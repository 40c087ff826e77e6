//! PLACEHOLDER until the real module lands (being written in parallel).
use serde::{Deserialize, Serialize};
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);
impl std::fmt::Debug for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Email(redacted)")
    }
}
impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}
impl Email {
    pub fn parse(input: &str) -> Result<Email, EmailError> {
        let mut s = String::new();
        normalize_into(input, &mut s)?;
        Ok(Email(s))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn domain(&self) -> &str {
        self.0.rsplit('@').next().unwrap_or("")
    }
}
pub fn normalize_into(input: &str, out: &mut String) -> Result<(), EmailError> {
    out.clear();
    let t = input.trim().to_lowercase();
    if t.is_empty() {
        return Err(EmailError::Empty);
    }
    match t.split_once('@') {
        Some((l, d)) if !l.is_empty() && d.contains('.') && !t.contains(' ') => {
            out.push_str(&t);
            Ok(())
        }
        _ => Err(EmailError::Invalid),
    }
}
impl Serialize for Email {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}
impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Email::parse(&s).map_err(serde::de::Error::custom)
    }
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("empty")]
    Empty,
    #[error("invalid")]
    Invalid,
}
