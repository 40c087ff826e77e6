//! A record's direct-marketing objection, read.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use vern_core::objection::ObjectionSourceKind;

use super::instant_text;
use super::record::ObjectionEntry;
use crate::error::FieldError;

/// The objection a line names: who conveyed it, whether for every controller, and when it was
/// made (never after `now`).
pub(super) fn objection_of(
    o: &ObjectionEntry,
    now: OffsetDateTime,
) -> Result<(ObjectionSourceKind, bool, Option<OffsetDateTime>), FieldError> {
    let kind = match o.source.as_deref().map(str::trim).unwrap_or("subject") {
        "" | "subject" => ObjectionSourceKind::Subject,
        "staff" => ObjectionSourceKind::Staff,
        "sms" => ObjectionSourceKind::Sms,
        "unsubscribe_link" => ObjectionSourceKind::UnsubscribeLink,
        "gpc" => ObjectionSourceKind::Gpc,
        _ => {
            return Err(FieldError {
                field: "objection.source".into(),
                message: "one of subject, staff, sms, unsubscribe_link, gpc (an authorized agent's objection goes through /v1/objections with its mandate)".into(),
            });
        }
    };
    let all = match o.scope.as_deref().map(str::trim).unwrap_or("controller") {
        "" | "controller" => false,
        "all" => true,
        _ => {
            return Err(FieldError {
                field: "objection.scope".into(),
                message: "controller or all".into(),
            });
        }
    };
    let date = match o.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => match OffsetDateTime::parse(&instant_text(d), &Rfc3339) {
            Ok(t) if t <= now => Some(t),
            Ok(_) => {
                return Err(FieldError {
                    field: "objection.date".into(),
                    message: "an objection cannot be dated in the future".into(),
                });
            }
            Err(_) => {
                return Err(FieldError {
                    field: "objection.date".into(),
                    message: "a date (2024-03-01) or RFC 3339 time".into(),
                });
            }
        },
    };
    Ok((kind, all, date))
}
