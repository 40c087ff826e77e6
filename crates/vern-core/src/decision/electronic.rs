//! The electronic-mail marketing rule and the Danish prior call request, kept apart from the
//! rest of `decide` so each rule reads on its own. Sources in `crate::marketing` and
//! `docs/marketing-law.md`.

use std::sync::Arc;
use time::OffsetDateTime;

use super::{ContactRequest, PersonFacts, ReasonCode};
use crate::consent::ConsentState;
use crate::identifier::IdentifierKind;
use crate::marketing::{self, BusinessContactRule, ContactBasis};
use crate::purpose::LegalBasis;

/// The ground for direct marketing by electronic mail: `Ok(None)` when the rule does not apply
/// (not direct marketing, or not electronic mail), `Ok(Some(basis))` when it is met, and the
/// reason when it is not.
///
/// A purpose on the legal basis of consent is refused by the consent rule already when consent
/// is missing; this rule adds its own reason only where the GDPR basis alone would have let the
/// message through (legitimate interests, contract, …): the national laws ask for consent
/// whatever that basis is.
pub(super) fn ground(
    people: &[&Arc<PersonFacts>],
    request: &ContactRequest<'_>,
    consent: ConsentState,
) -> Result<Option<ContactBasis>, ReasonCode> {
    let purpose = request.purpose;
    if !purpose.direct_marketing || !marketing::is_electronic_mail(request.channel) {
        return Ok(None);
    }
    match consent {
        ConsentState::Granted => return Ok(Some(ContactBasis::Consent)),
        _ if purpose.legal_basis == LegalBasis::Consent => return Ok(None),
        // A withdrawal is the person's refusal: it ends a soft opt-in (the opt-out was used)
        // and, in Finland, the freedom to market to a legal person's address.
        ConsentState::Withdrawn => return Err(ReasonCode::ConsentRequiredElectronic),
        ConsentState::Unknown | ConsentState::Expired => {}
    }
    if people.iter().any(|p| p.business_contact)
        && business_contact_outside(request.controller.country)
    {
        return Ok(Some(ContactBasis::BusinessContact));
    }
    if soft_opt_in(people, request) {
        return Ok(Some(ContactBasis::SoftOptIn));
    }
    Err(ReasonCode::ConsentRequiredElectronic)
}

/// Whether the controller's country leaves a business contact outside its consent rule. A
/// refusal in Finland arrives as a withdrawal or an objection, both refused before this.
fn business_contact_outside(country: Option<crate::country::Country>) -> bool {
    match marketing::business_contact_rule(country) {
        BusinessContactRule::Outside | BusinessContactRule::OutsideUnlessRefused => true,
        BusinessContactRule::Protected => false,
    }
}

/// Whether an address used for this contact came from the controller's own sale of products of
/// the purpose's category, with an opt-out offered at collection, before the contact.
fn soft_opt_in(people: &[&Arc<PersonFacts>], request: &ContactRequest<'_>) -> bool {
    let Some(category) = request
        .purpose
        .product_category
        .as_ref()
        .map(|c| c.as_str())
    else {
        return false;
    };
    let needs = if request.channel == crate::channel::Channel::Email {
        IdentifierKind::Email
    } else {
        IdentifierKind::Phone
    };
    let used = request.identifiers.iter().filter(|p| p.kind == needs);
    used.into_iter().any(|probe| {
        people.iter().flat_map(|p| p.soft_opt_ins.iter()).any(|s| {
            s.digest == probe.digest
                && s.opt_out_offered
                && s.obtained_at <= request.at
                && s.product_category == category
        })
    })
}

/// Whether the person asked this controller to call them before the call: forbrugeraftaleloven
/// § 4 stk. 1 bans telephone sales made "uden forudgående anmodning" only. The people were
/// found under this controller, so a request to another trader never counts.
pub(super) fn call_requested(people: &[&Arc<PersonFacts>], at: OffsetDateTime) -> bool {
    people
        .iter()
        .flat_map(|p| p.call_requests.iter())
        .any(|requested| *requested <= at)
}
