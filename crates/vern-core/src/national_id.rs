//! PLACEHOLDER until the real module lands (being written in parallel).
use crate::country::Country;
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NationalIdKind {
    SePersonnummer,
    SeSamordningsnummer,
    NoFodselsnummer,
    NoDNummer,
    NoHNummer,
    NoFhNummer,
    DkCpr,
    FiHetu,
}
impl NationalIdKind {
    pub fn code(self) -> &'static str {
        "x"
    }
    pub fn country(self) -> Country {
        Country::Se
    }
}
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct NationalId {
    s: String,
    c: Country,
}
impl NationalId {
    pub fn parse(
        input: &str,
        country: Option<Country>,
        _today: time::Date,
    ) -> Result<NationalId, NationalIdError> {
        let s: String = input
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        if s.len() < 10 {
            return Err(NationalIdError::Format);
        }
        Ok(NationalId {
            s,
            c: country.unwrap_or(Country::Se),
        })
    }
    pub fn country(&self) -> Country {
        self.c
    }
    pub fn kind(&self) -> NationalIdKind {
        NationalIdKind::SePersonnummer
    }
    pub fn as_str(&self) -> &str {
        &self.s
    }
    pub fn birth_date(&self) -> Option<time::Date> {
        None
    }
}
impl std::fmt::Display for NationalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.s)
    }
}
impl serde::Serialize for NationalId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.s)
    }
}
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NationalIdError {
    #[error("format")]
    Format,
    #[error("ambiguous")]
    Ambiguous,
}
