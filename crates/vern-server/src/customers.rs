//! Customer relationships and controller terms (issue 17 §2, §4): the use cases the API (and
//! any later door) calls. Each validates, writes through the store with its ledger entry, and
//! waits for this process's index to apply it, so the next check sees an existing customer.

use time::Date;
use vern_core::{ControllerId, CustomerTerms, FinancialYear, ProductCategory};
use vern_store::model::{ControllerTerms, CustomerRelationshipRecord, RelationshipInput};
use vern_store::{Actor, StoreError};

use crate::error::{ApiError, FieldError};
use crate::people::not_found;
use crate::state::AppState;

/// A relationship as the doors give it: texts still to be read.
#[derive(Debug, Clone, Default)]
pub(crate) struct RelationshipTexts {
    /// The product category.
    pub product_category: String,
    /// The first day, ISO 8601 (default: today).
    pub started: Option<String>,
    /// The last day, ISO 8601, when it already ended.
    pub ended: Option<String>,
}

/// Read an ISO 8601 calendar date (`2027-05-03`).
pub(crate) fn date(text: &str, field: &str) -> Result<Date, FieldError> {
    Date::parse(text.trim(), vern_core::calendar::ISO_DATE).map_err(|_| FieldError {
        field: field.to_owned(),
        message: "an ISO 8601 date such as 2027-05-03".to_owned(),
    })
}

/// Record that a person became a customer of their controller for a product category.
pub(crate) async fn start(
    state: &AppState,
    actor: &Actor,
    person: &str,
    input: &RelationshipTexts,
) -> Result<CustomerRelationshipRecord, ApiError> {
    let now = state.clock.now();
    let record = relationship_input(input, now.date()).map_err(ApiError::invalid)?;
    let (r, seq) = state
        .store
        .start_relationship(actor, now, person, &record)
        .await
        .map_err(not_found)?;
    state.follower.sync_to(seq).await?;
    Ok(r)
}

/// Read a relationship's texts (`today` when no start is given): the API's door and an
/// import share this check. Every bad field is named.
pub(crate) fn relationship_input(
    input: &RelationshipTexts,
    today: Date,
) -> Result<RelationshipInput, Vec<FieldError>> {
    let mut errors = Vec::new();
    let category = ProductCategory::parse(input.product_category.trim())
        .map_err(|e| {
            errors.push(FieldError {
                field: "product_category".into(),
                message: e.to_string(),
            });
        })
        .ok();
    let started = match input.started.as_deref() {
        Some(t) => date(t, "started").map_err(|e| errors.push(e)).ok(),
        None => Some(today),
    };
    let ended = match input.ended.as_deref() {
        Some(t) => date(t, "ended").map_err(|e| errors.push(e)).ok(),
        None => None,
    };
    if let (Some(s), Some(e)) = (started, ended)
        && e < s
    {
        errors.push(FieldError {
            field: "ended".into(),
            message: "a relationship cannot end before it started".into(),
        });
    }
    let (Some(product_category), Some(started), true) = (category, started, errors.is_empty())
    else {
        return Err(errors);
    };
    Ok(RelationshipInput {
        product_category,
        started,
        ended,
        deal: None,
    })
}

/// End a relationship on `ended` (its last day; default: today).
pub(crate) async fn end(
    state: &AppState,
    actor: &Actor,
    person: &str,
    relationship: &str,
    ended: Option<&str>,
) -> Result<CustomerRelationshipRecord, ApiError> {
    let now = state.clock.now();
    let ended = match ended {
        Some(t) => date(t, "ended").map_err(|e| ApiError::invalid(vec![e]))?,
        None => now.date(),
    };
    let (r, seq) = state
        .store
        .end_relationship(actor, now, person, relationship, ended)
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("customer relationship"),
            StoreError::Invalid(m) => ApiError::invalid_field("ended", m),
            other => other.into(),
        })?;
    state.follower.sync_to(seq).await?;
    Ok(r)
}

/// A person's relationships.
pub(crate) async fn list(
    state: &AppState,
    person: &str,
) -> Result<Vec<CustomerRelationshipRecord>, ApiError> {
    state.store.get_person(person).await.map_err(not_found)?;
    Ok(state.store.list_relationships(person).await?)
}

/// The terms as the doors give them: `None` keeps the current value.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TermsChange {
    /// The month the financial year starts in, 1 to 12.
    pub financial_year_start_month: Option<u8>,
    /// Months a former customer stays exempt from NIX-Telefon (6 to 12).
    pub nix_telefon_months: Option<u8>,
    /// Months a former customer stays exempt from Reservasjonsregisteret (0 to 12).
    pub reservasjonsregisteret_months: Option<u8>,
}

/// A controller's terms.
pub(crate) async fn terms(
    state: &AppState,
    controller: ControllerId,
) -> Result<ControllerTerms, ApiError> {
    Ok(state.store.controller_terms(controller).await?)
}

/// Change a controller's terms; a value outside the rules is refused and nothing changes.
pub(crate) async fn set_terms(
    state: &AppState,
    actor: &Actor,
    controller: ControllerId,
    change: TermsChange,
) -> Result<ControllerTerms, ApiError> {
    let current = state.store.controller_terms(controller).await?;
    let mut errors = Vec::new();
    let financial_year = match change.financial_year_start_month {
        Some(m) => FinancialYear::starting_in(m)
            .map_err(|e| {
                errors.push(FieldError {
                    field: "financial_year_start_month".into(),
                    message: e.to_string(),
                });
            })
            .ok(),
        None => Some(current.financial_year),
    };
    let nix = change
        .nix_telefon_months
        .unwrap_or(current.customer.nix_telefon_months);
    let no = change
        .reservasjonsregisteret_months
        .unwrap_or(current.customer.reservasjonsregisteret_months);
    let customer = CustomerTerms::new(nix, no)
        .map_err(|e| {
            let field = match e {
                vern_core::customer::InvalidCustomerTerms::NixTelefon => "nix_telefon_months",
                vern_core::customer::InvalidCustomerTerms::Reservasjonsregisteret => {
                    "reservasjonsregisteret_months"
                }
            };
            errors.push(FieldError {
                field: field.into(),
                message: e.to_string(),
            });
        })
        .ok();
    let (Some(financial_year), Some(customer)) = (financial_year, customer) else {
        return Err(ApiError::invalid(errors));
    };
    let terms = ControllerTerms {
        financial_year,
        customer,
    };
    let seq = state
        .store
        .set_controller_terms(actor, state.clock.now(), controller, &terms)
        .await?;
    state.follower.sync_to(seq).await?;
    Ok(terms)
}
