//! Turning request fields into domain values, once, at the edge.

use serde::Deserialize;
use std::borrow::Cow;
use std::fmt::Display;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use vern_core::{Country, Email, Identifier, IdentifierKind, NationalId, PhoneNumber, Region};
use vern_store::InstallationKeys;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::index::{ControllerView, RegisterIndex};

/// Identifiers that name a person.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentifiersIn {
    /// A phone number in any common format; national numbers are read in the controller's region.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A Swedish, Norwegian, Danish or Finnish national identity number.
    pub national_id: Option<String>,
}

impl IdentifiersIn {
    /// Whether none is given.
    pub(crate) fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.national_id.is_none()
    }
}

/// Text from a request body, borrowed from the body when it needs no unescaping (nearly always)
/// and owned when it does. serde copies a `Cow<str>` that sits inside an `Option`, hence this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text<'_> {
    fn from(s: String) -> Self {
        Text(Cow::Owned(s))
    }
}

impl<'a> From<&'a str> for Text<'a> {
    fn from(s: &'a str) -> Self {
        Text(Cow::Borrowed(s))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text<'de>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// [`IdentifiersIn`] read without copying its strings, for checks: a batch holds 10 000.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IdentifierTexts<'a> {
    /// A phone number.
    #[serde(borrow, default)]
    pub phone: Option<Text<'a>>,
    /// An e-mail address.
    #[serde(borrow, default)]
    pub email: Option<Text<'a>>,
    /// A national identity number.
    #[serde(borrow, default)]
    pub national_id: Option<Text<'a>>,
}

impl IdentifierTexts<'_> {
    /// Whether none is given.
    pub(crate) fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.national_id.is_none()
    }
}

/// The identifier texts [`Reading::identifiers`] reads, from either input shape.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct IdentifierRefs<'a> {
    phone: Option<&'a str>,
    email: Option<&'a str>,
    national_id: Option<&'a str>,
}

impl<'a> From<&'a IdentifiersIn> for IdentifierRefs<'a> {
    fn from(ids: &'a IdentifiersIn) -> Self {
        IdentifierRefs {
            phone: ids.phone.as_deref(),
            email: ids.email.as_deref(),
            national_id: ids.national_id.as_deref(),
        }
    }
}

impl<'a> From<&'a IdentifierTexts<'_>> for IdentifierRefs<'a> {
    fn from(ids: &'a IdentifierTexts<'_>) -> Self {
        IdentifierRefs {
            phone: ids.phone.as_deref(),
            email: ids.email.as_deref(),
            national_id: ids.national_id.as_deref(),
        }
    }
}

/// How identifiers are read for one controller.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Reading {
    /// Region of national phone numbers.
    pub region: Option<Region>,
    /// Country tried first for ambiguous national ids.
    pub country: Option<Country>,
    /// Today, for national id century rules.
    pub today: Date,
}

impl Reading {
    /// The reading of a controller at `now`, optionally with another region.
    pub(crate) fn of(
        controller: &ControllerView,
        now: OffsetDateTime,
        region: Option<Region>,
    ) -> Reading {
        let region = region.or(controller.region);
        let country = controller
            .record
            .country
            .or_else(|| region.and_then(|r| r.as_str().parse().ok()));
        Reading {
            region,
            country,
            today: now.date(),
        }
    }

    /// Parse one phone number; the error names `field`.
    pub(crate) fn phone(
        &self,
        value: &str,
        field: impl Display,
    ) -> Result<PhoneNumber, FieldError> {
        PhoneNumber::parse(value, self.region).map_err(|e| FieldError {
            field: field.to_string(),
            message: format!("not a valid phone number: {e}"),
        })
    }

    /// Parse one e-mail address.
    pub(crate) fn email(&self, value: &str, field: impl Display) -> Result<Email, FieldError> {
        Email::parse(value).map_err(|e| FieldError {
            field: field.to_string(),
            message: format!("not a valid e-mail address: {e}"),
        })
    }

    /// Parse a national id: as the controller's country when that works, else by its form.
    pub(crate) fn national_id(
        &self,
        value: &str,
        field: impl Display,
    ) -> Result<NationalId, FieldError> {
        let first = NationalId::parse(value, None, self.today);
        let result = match (first, self.country) {
            (Ok(id), _) => Ok(id),
            (Err(_), Some(country)) => NationalId::parse(value, Some(country), self.today),
            (Err(e), None) => Err(e),
        };
        result.map_err(|e| FieldError {
            field: field.to_string(),
            message: format!("not a valid national identity number: {e}"),
        })
    }

    /// Parse a set of identifiers; every problem is reported, none is stored. Field names in
    /// errors start with `path`, which is only formatted when there is an error.
    pub(crate) fn identifiers<'i>(
        &self,
        input: impl Into<IdentifierRefs<'i>>,
        path: impl Display + Copy,
    ) -> Result<Vec<Identifier>, Vec<FieldError>> {
        let input = input.into();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        if let Some(v) = input.phone {
            match self.phone(v, format_args!("{path}.phone")) {
                Ok(p) => out.push(Identifier::Phone(p)),
                Err(e) => errors.push(e),
            }
        }
        if let Some(v) = input.email {
            match self.email(v, format_args!("{path}.email")) {
                Ok(e) => out.push(Identifier::Email(e)),
                Err(e) => errors.push(e),
            }
        }
        if let Some(v) = input.national_id {
            match self.national_id(v, format_args!("{path}.national_id")) {
                Ok(n) => out.push(Identifier::NationalId(n)),
                Err(e) => errors.push(e),
            }
        }
        if errors.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }
}

/// The controller a request names, or the default one.
pub(crate) fn controller(index: &RegisterIndex, key: Option<&str>) -> ApiResult<ControllerView> {
    match key {
        None => index
            .default_controller()
            .cloned()
            .ok_or_else(|| ApiError::not_found("the default controller was")),
        Some(k) => index
            .controller(k)
            .cloned()
            .ok_or_else(|| ApiError::invalid_field("controller", "no controller has this key")),
    }
}

/// A list's optional controller filter: `None` lists every controller's, a key names one (an
/// unknown key is a 422 on `controller`, as for [`controller`]).
pub(crate) fn controller_filter(
    index: &RegisterIndex,
    key: Option<&str>,
) -> ApiResult<Option<vern_core::ControllerId>> {
    key.map(|k| controller(index, Some(k)).map(|c| c.record.id))
        .transpose()
}

/// Digests of parsed identifiers, with kinds.
pub(crate) fn digests(
    keys: &InstallationKeys,
    ids: &[Identifier],
) -> Vec<(IdentifierKind, vern_core::IdentifierDigest)> {
    ids.iter()
        .map(|i| (i.kind(), i.digest(keys.digest())))
        .collect()
}

/// Parse an optional RFC 3339 instant.
pub(crate) fn instant(value: Option<&str>, field: &str) -> ApiResult<Option<OffsetDateTime>> {
    value
        .map(|v| {
            OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).map_err(|_| {
                ApiError::invalid_field(
                    field,
                    "not an RFC 3339 instant (such as 2026-11-24T18:30:00+01:00)",
                )
            })
        })
        .transpose()
}

/// Text that must be present and of sane length.
pub(crate) fn text(value: &str, field: &str, max: usize) -> Result<String, FieldError> {
    let t = value.trim();
    if t.is_empty() || t.chars().count() > max {
        Err(FieldError {
            field: field.to_owned(),
            message: format!("must be 1 to {max} characters"),
        })
    } else {
        Ok(t.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_borrow_from_the_body_unless_escaped() {
        let body = br#"{"phone": "+46701234567", "email": "a\u0040b.se"}"#;
        let ids: IdentifierTexts<'_> = serde_json::from_slice(body).unwrap();
        assert!(matches!(
            ids.phone.as_ref().map(|t| &t.0),
            Some(Cow::Borrowed("+46701234567"))
        ));
        assert!(matches!(ids.email.as_ref().map(|t| &t.0), Some(Cow::Owned(s)) if s == "a@b.se"));
        assert!(ids.national_id.is_none() && !ids.is_empty());
        let read = IdentifierRefs::from(&ids);
        assert_eq!(
            (read.phone, read.email, read.national_id),
            (Some("+46701234567"), Some("a@b.se"), None)
        );
        for wrong in [&br#"{"phone": 46701234567}"#[..], br#"{"fax": "1"}"#] {
            assert!(serde_json::from_slice::<IdentifierTexts<'_>>(wrong).is_err());
        }
        assert!(
            serde_json::from_slice::<IdentifierTexts<'_>>(b"{}")
                .unwrap()
                .is_empty()
        );
    }
}
