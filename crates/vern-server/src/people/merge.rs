//! A person's fields as a door gives them, checked and merged into a stored profile: the one
//! validation behind creating and correcting a person, whichever door it comes through.

use vern_core::notice::Source;
use vern_store::model::{Address, CustomField, PersonInput, PersonSource, Profile};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::index::ControllerView;
use crate::input::{self, Reading};
use crate::state::AppState;

/// A person's fields. On create, `name` is required; on update, fields given replace the
/// stored ones and fields left out stay as they are.
#[derive(Debug, Default)]
pub(crate) struct PersonFields {
    /// The controller's key (create only; none: the default controller).
    pub(crate) controller: Option<String>,
    pub(crate) name: Option<String>,
    /// Phone numbers in any common format.
    pub(crate) phones: Option<Vec<String>>,
    pub(crate) emails: Option<Vec<String>>,
    /// In any common format; blank removes it.
    pub(crate) national_id: Option<String>,
    pub(crate) address: Option<Address>,
    /// Each must name a purpose of the person's controller.
    pub(crate) custom_fields: Option<Vec<CustomField>>,
    pub(crate) lists: Option<Vec<String>>,
    /// sv, nb, da, fi or en.
    pub(crate) language: Option<String>,
    /// The request this change answers (rectification; update only).
    pub(crate) request: Option<String>,
    /// A business contact (a company's role address): the controller's country decides
    /// whether its electronic-mail marketing rule covers them (docs/marketing-law.md).
    pub(crate) business_contact: Option<bool>,
    /// Where the data came from (create only): `subject` (the default), `customer_relationship`,
    /// `purchased_list`, `public_register` or `referral`.
    pub(crate) source: Option<String>,
    /// The supplier of a purchased list (required for one), or who else gave the data.
    pub(crate) supplier: Option<String>,
}

/// Merge `input` into `profile` and `lists`, parsing every identifier; returns what the store
/// writes. Every invalid field is named in one 422, and nothing is changed.
pub(super) fn merge(
    state: &AppState,
    controller: &ControllerView,
    profile: &mut Profile,
    lists: &mut Vec<String>,
    input: PersonFields,
) -> ApiResult<PersonInput> {
    let reading = Reading::of(controller, state.clock.now(), None);
    let business_contact = input.business_contact;
    let mut errors: Vec<FieldError> = Vec::new();
    let source = person_source(input.source.as_deref(), input.supplier.as_deref()).unwrap_or_else(
        |mut e| {
            errors.append(&mut e);
            PersonSource::default()
        },
    );
    if let Some(name) = input.name {
        match input::text(&name, "name", 300) {
            Ok(n) => profile.name = n,
            Err(e) => errors.push(e),
        }
    }
    if let Some(phones) = input.phones {
        profile.phones.clear();
        for (i, raw) in phones.iter().enumerate() {
            match reading.phone(raw, format_args!("phones[{i}]")) {
                Ok(p) if !profile.phones.iter().any(|x| x == p.e164()) => {
                    profile.phones.push(p.e164().to_owned());
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(emails) = input.emails {
        profile.emails.clear();
        for (i, raw) in emails.iter().enumerate() {
            match reading.email(raw, format_args!("emails[{i}]")) {
                Ok(e) if !profile.emails.iter().any(|x| x == e.as_str()) => {
                    profile.emails.push(e.as_str().to_owned());
                }
                Ok(_) => {}
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(raw) = input.national_id {
        if raw.trim().is_empty() {
            profile.national_id = None;
            profile.national_id_country = None;
        } else {
            match reading.national_id(&raw, "national_id") {
                Ok(id) => {
                    profile.national_id = Some(id.as_str().to_owned());
                    profile.national_id_country = Some(id.country().code().to_owned());
                }
                Err(e) => errors.push(e),
            }
        }
    }
    if let Some(address) = input.address {
        profile.address = Some(address);
    }
    if let Some(fields) = input.custom_fields {
        let index = state.follower.index();
        for (i, f) in fields.iter().enumerate() {
            if index.purpose(controller.record.id, &f.purpose).is_none() {
                errors.push(FieldError {
                    field: format!("custom_fields[{i}].purpose"),
                    message: "no purpose of the controller has this key: every field must serve a declared purpose".into(),
                });
            }
            if f.name.trim().is_empty() {
                errors.push(FieldError {
                    field: format!("custom_fields[{i}].name"),
                    message: "required".into(),
                });
            }
        }
        profile.custom_fields = fields;
    }
    if let Some(l) = input.lists {
        *lists = l
            .into_iter()
            .map(|x| x.trim().to_owned())
            .filter(|x| !x.is_empty())
            .collect();
    }
    if let Some(lang) = input.language {
        if ["sv", "nb", "no", "da", "fi", "en"].contains(&lang.as_str()) {
            profile.language = Some(lang);
        } else {
            errors.push(FieldError {
                field: "language".into(),
                message: "one of sv, nb, da, fi, en".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::invalid(errors));
    }
    // The store indexes the person by the digests of the identifiers just merged.
    let mut digests = crate::objection::profile_digests(state, profile);
    digests.extend(crate::marketing::held_address(
        state.store.keys().digest(),
        controller.record.country,
        profile,
    ));
    Ok(PersonInput {
        profile: profile.clone(),
        digests,
        lists: lists.clone(),
        business_contact,
        source,
    })
}

/// Where a new person's data came from: GDPR Art. 14 applies to anything but the person
/// themself (the default). A purchased list names its supplier (Art. 14(2)(f): "from which
/// source the personal data originate").
fn person_source(
    source: Option<&str>,
    supplier: Option<&str>,
) -> Result<PersonSource, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = match source.map(str::trim) {
        None | Some("") => Source::Subject,
        Some(name) => Source::parse(name).unwrap_or_else(|| {
            errors.push(FieldError {
                field: "source".into(),
                message: "one of subject, customer_relationship, purchased_list, public_register, referral".into(),
            });
            Source::Subject
        }),
    };
    let supplier = supplier.map(str::trim).filter(|s| !s.is_empty());
    match (kind, supplier) {
        (Source::PurchasedList, None) if errors.is_empty() => errors.push(FieldError {
            field: "supplier".into(),
            message: "required for a purchased list: the company the list was bought from".into(),
        }),
        (Source::Subject, Some(_)) if errors.is_empty() => errors.push(FieldError {
            field: "supplier".into(),
            message: "only for data that came from someone other than the person".into(),
        }),
        (_, Some(s)) if s.chars().count() > 200 => errors.push(FieldError {
            field: "supplier".into(),
            message: "at most 200 characters".into(),
        }),
        _ => {}
    }
    if errors.is_empty() {
        Ok(PersonSource {
            source: kind,
            supplier: supplier.map(str::to_owned),
        })
    } else {
        Err(errors)
    }
}
