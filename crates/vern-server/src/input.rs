//! Turning request fields into domain values, once, at the edge.

use serde::Deserialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use vern_core::{Country, Email, Identifier, IdentifierKind, NationalId, PhoneNumber, Region};
use vern_store::InstallationKeys;

use crate::error::{ApiError, ApiResult, FieldError};
use crate::index::{ControllerView, RegisterIndex};

/// Identifiers that name a person.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdentifiersIn {
    /// A phone number in any common format; national numbers are read in the controller's region.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
    /// A Swedish, Norwegian, Danish or Finnish national identity number.
    pub national_id: Option<String>,
}

impl IdentifiersIn {
    /// Whether none is given.
    pub fn is_empty(&self) -> bool {
        self.phone.is_none() && self.email.is_none() && self.national_id.is_none()
    }
}

/// How identifiers are read for one controller.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Region of national phone numbers.
    pub region: Option<Region>,
    /// Country tried first for ambiguous national ids.
    pub country: Option<Country>,
    /// Today, for national id century rules.
    pub today: Date,
}

impl Reading {
    /// The reading of a controller at `now`, optionally with another region.
    pub fn of(controller: &ControllerView, now: OffsetDateTime, region: Option<Region>) -> Reading {
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
    pub fn phone(&self, value: &str, field: &str) -> Result<PhoneNumber, FieldError> {
        PhoneNumber::parse(value, self.region).map_err(|e| FieldError {
            field: field.to_owned(),
            message: format!("not a valid phone number: {e}"),
        })
    }

    /// Parse one e-mail address.
    pub fn email(&self, value: &str, field: &str) -> Result<Email, FieldError> {
        Email::parse(value).map_err(|e| FieldError {
            field: field.to_owned(),
            message: format!("not a valid e-mail address: {e}"),
        })
    }

    /// Parse a national id: as the controller's country when that works, else by its form.
    pub fn national_id(&self, value: &str, field: &str) -> Result<NationalId, FieldError> {
        let first = NationalId::parse(value, None, self.today);
        let result = match (first, self.country) {
            (Ok(id), _) => Ok(id),
            (Err(_), Some(country)) => NationalId::parse(value, Some(country), self.today),
            (Err(e), None) => Err(e),
        };
        result.map_err(|e| FieldError {
            field: field.to_owned(),
            message: format!("not a valid national identity number: {e}"),
        })
    }

    /// Parse a set of identifiers; every problem is reported, none is stored.
    pub fn identifiers(
        &self,
        input: &IdentifiersIn,
        path: &str,
    ) -> Result<Vec<Identifier>, Vec<FieldError>> {
        let mut out = Vec::new();
        let mut errors = Vec::new();
        if let Some(v) = &input.phone {
            match self.phone(v, &format!("{path}.phone")) {
                Ok(p) => out.push(Identifier::Phone(p)),
                Err(e) => errors.push(e),
            }
        }
        if let Some(v) = &input.email {
            match self.email(v, &format!("{path}.email")) {
                Ok(e) => out.push(Identifier::Email(e)),
                Err(e) => errors.push(e),
            }
        }
        if let Some(v) = &input.national_id {
            match self.national_id(v, &format!("{path}.national_id")) {
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
pub fn controller(index: &RegisterIndex, key: Option<&str>) -> ApiResult<ControllerView> {
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

/// Digests of parsed identifiers, with kinds.
pub fn digests(
    keys: &InstallationKeys,
    ids: &[Identifier],
) -> Vec<(IdentifierKind, vern_core::IdentifierDigest)> {
    ids.iter()
        .map(|i| (i.kind(), i.digest(keys.digest())))
        .collect()
}

/// Parse an optional RFC 3339 instant.
pub fn instant(value: Option<&str>, field: &str) -> ApiResult<Option<OffsetDateTime>> {
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
pub fn text(value: &str, field: &str, max: usize) -> Result<String, FieldError> {
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
