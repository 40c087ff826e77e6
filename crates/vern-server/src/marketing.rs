//! Use cases of the facts the electronic-mail and Danish telephone-sales rules read: a person's
//! business-contact mark, a soft opt-in from a won deal, a consumer's request to be called; and
//! the Danish name-and-address key vern keeps for a person so Robinsonlisten matches them.
//! The rules themselves are in `vern_core::marketing` and `decide`; the law in
//! `docs/marketing-law.md`.

use time::OffsetDateTime;
use vern_core::{Country, DigestKey, IdentifierDigest, IdentifierKind, LegalBasis, Purpose};
use vern_store::Actor;
use vern_store::model::{
    CallRequestInput, CallRequestRecord, Profile, SoftOptInInput, SoftOptInRecord,
};

use crate::error::{ApiError, ApiResult, FieldError};
use crate::input::{IdentifiersIn, Reading};
use crate::people::not_found;
use crate::state::AppState;

/// The digest of a person's Danish name and address, the key Robinsonlisten is matched on
/// (markedsføringsloven § 10 stk. 4), in the same canonical form as the register and the wash.
/// The address's own country decides; without one, the controller's. Only Danish addresses:
/// no other register matches on name and address.
pub(crate) fn held_address(
    keys: &DigestKey,
    controller_country: Option<Country>,
    profile: &Profile,
) -> Option<(IdentifierKind, IdentifierDigest)> {
    let address = profile.address.as_ref()?;
    let country = match address.country.as_deref() {
        Some(code) => code.trim().to_ascii_uppercase().parse().ok(),
        None => controller_country,
    };
    if country != Some(Country::Dk) {
        return None;
    }
    let canonical =
        vern_core::postal::canonical(&profile.name, &address.street, &address.postal_code)?;
    Some((
        IdentifierKind::Postal,
        vern_core::postal::digest(keys, Country::Dk, &canonical),
    ))
}

/// The warnings a purpose gets when it is saved: direct marketing on an electronic channel
/// under any basis but consent still needs consent or a soft opt-in.
pub(crate) fn purpose_warnings(purpose: &Purpose) -> Vec<String> {
    let electronic: Vec<&str> = purpose
        .channels
        .iter()
        .filter(|c| vern_core::marketing::is_electronic_mail(*c))
        .map(|c| c.as_str())
        .collect();
    if !purpose.direct_marketing
        || purpose.legal_basis == LegalBasis::Consent
        || electronic.is_empty()
    {
        return Vec::new();
    }
    vec![format!(
        "direct marketing by {} needs the person's prior consent for this purpose and channel \
         whatever the legal basis (SE marknadsföringslagen 19 §, NO markedsføringsloven § 15, \
         DK markedsføringsloven § 10, FI tietoyhteiskuntakaari § 200); without it vern refuses \
         with consent.required_electronic, unless the address came from the controller's own \
         sale of the same product category with an opt-out offered (the soft opt-in: set \
         product_category)",
        electronic.join(", ")
    )]
}

/// Mark or unmark a person as a business contact.
pub(crate) async fn set_business_contact(
    state: &AppState,
    actor: &Actor,
    person: &str,
    business_contact: bool,
) -> ApiResult<bool> {
    let seq = state
        .store
        .set_business_contact(actor, state.clock.now(), person, business_contact)
        .await
        .map_err(not_found)?;
    state.follower.sync_to(seq).await?;
    Ok(business_contact)
}

/// A soft opt-in to record.
#[derive(Debug)]
pub(crate) struct SoftOptInRequest {
    /// The identifier obtained in the sale (one e-mail address or phone number).
    pub identifier: IdentifiersIn,
    /// The won deal.
    pub deal: String,
    /// The sale's product category.
    pub product_category: String,
    /// Whether an opt-out was offered at collection.
    pub opt_out_offered: bool,
    /// When the address was obtained (default: now).
    pub obtained_at: Option<OffsetDateTime>,
}

/// Record a soft opt-in: the identifier must be one the person holds, the deal theirs and won.
pub(crate) async fn record_soft_opt_in(
    state: &AppState,
    actor: &Actor,
    person: &str,
    request: SoftOptInRequest,
) -> ApiResult<SoftOptInRecord> {
    let now = state.clock.now();
    let found = state.store.get_person(person).await.map_err(not_found)?;
    let controller = state
        .follower
        .index()
        .controller_by_id(found.controller)
        .cloned()
        .ok_or_else(|| ApiError::not_found("controller"))?;
    let mut errors = Vec::new();
    if request.identifier.national_id.is_some()
        || usize::from(request.identifier.phone.is_some())
            + usize::from(request.identifier.email.is_some())
            != 1
    {
        errors.push(FieldError {
            field: "identifier".into(),
            message: "give the one e-mail address or phone number obtained in the sale".into(),
        });
    }
    // A category is a key the purpose's category must equal (`decide` compares them), so it is
    // validated as one: "Bikes" would be stored and never match a purpose's "bikes".
    let category = vern_core::ProductCategory::parse(request.product_category.trim())
        .map(|c| c.as_str().to_owned())
        .map_err(|e| FieldError {
            field: "product_category".into(),
            message: e.to_string(),
        });
    if let Err(e) = &category {
        errors.push(e.clone());
    }
    let ids = if errors.is_empty() {
        Reading::of(&controller, now, None)
            .identifiers(&request.identifier, "identifier")
            .unwrap_or_else(|mut e| {
                errors.append(&mut e);
                Vec::new()
            })
    } else {
        Vec::new()
    };
    let (Some(id), Ok(product_category), true) = (ids.first(), category, errors.is_empty()) else {
        return Err(ApiError::invalid(errors));
    };
    let digest = id.digest(state.store.keys().digest());
    if !crate::people::person_digests(state, &found.profile).contains(&digest) {
        return Err(ApiError::invalid_field(
            "identifier",
            "the person does not hold this identifier: add it to the person first",
        ));
    }
    let input = SoftOptInInput {
        kind: id.kind(),
        digest,
        deal: request.deal,
        product_category,
        opt_out_offered: request.opt_out_offered,
        obtained_at: request.obtained_at.unwrap_or(now),
    };
    let (record, seq) = state
        .store
        .record_soft_opt_in(actor, now, person, &input)
        .await
        .map_err(not_found)?;
    state.follower.sync_to(seq).await?;
    Ok(record)
}

/// Record a consumer's request to be called by the person's controller, with its evidence.
pub(crate) async fn record_call_request(
    state: &AppState,
    actor: &Actor,
    person: &str,
    requested_at: Option<OffsetDateTime>,
    evidence: &str,
) -> ApiResult<CallRequestRecord> {
    let now = state.clock.now();
    let evidence =
        crate::input::text(evidence, "evidence", 2_000).map_err(|e| ApiError::invalid(vec![e]))?;
    let requested_at = requested_at.unwrap_or(now);
    if requested_at > now {
        return Err(ApiError::invalid_field(
            "requested_at",
            "a request to be called cannot be recorded before it was made",
        ));
    }
    let input = CallRequestInput {
        requested_at,
        evidence,
    };
    let (record, seq) = state
        .store
        .record_call_request(actor, now, person, &input)
        .await
        .map_err(not_found)?;
    state.follower.sync_to(seq).await?;
    Ok(record)
}

#[cfg(test)]
mod tests {
    use super::*;
    use vern_core::{ChannelSet, PurposeKey};
    use vern_store::model::Address;

    #[test]
    fn only_a_danish_address_is_kept_as_a_robinsonlisten_key() {
        // Markedsføringsloven § 10 stk. 4: Robinsonlisten is matched on name and address, and
        // it lists Danish residents only.
        let keys = DigestKey::derive(&[3; 32]);
        let mut profile = Profile {
            name: "Mette Sørensen".into(),
            address: Some(Address {
                street: "Nørregade 12, 3. th.".into(),
                postal_code: "8000".into(),
                city: "Aarhus C".into(),
                country: None,
            }),
            ..Profile::default()
        };
        let expected = vern_core::postal::canonical("Sørensen,Mette", "Nørregade 12 3 th", "8000")
            .map(|c| vern_core::postal::digest(&keys, Country::Dk, &c));
        assert_eq!(
            held_address(&keys, Some(Country::Dk), &profile).map(|(_, d)| d),
            expected
        );
        assert_eq!(held_address(&keys, Some(Country::Se), &profile), None);
        profile.address.as_mut().unwrap().country = Some("dk".into());
        assert!(held_address(&keys, Some(Country::Se), &profile).is_some());
    }

    #[test]
    fn electronic_marketing_on_legitimate_interests_warns() {
        // SE 19 §, NO § 15, DK § 10, FI § 200: consent whatever the GDPR basis.
        let mut p = Purpose {
            key: PurposeKey::parse("news").unwrap(),
            name: "News".into(),
            legal_basis: LegalBasis::LegitimateInterests,
            direct_marketing: true,
            channels: ChannelSet::of(&[vern_core::Channel::Email, vern_core::Channel::Phone]),
            retention: None,
            description: String::new(),
            dk_telemarketing_exception: false,
            product_category: None,
            retention_from: None,
        };
        let w = purpose_warnings(&p);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("email") && !w[0].contains("phone,"));
        p.legal_basis = LegalBasis::Consent;
        assert!(purpose_warnings(&p).is_empty());
        p.legal_basis = LegalBasis::LegitimateInterests;
        p.channels = ChannelSet::of(&[vern_core::Channel::Phone]);
        assert!(purpose_warnings(&p).is_empty());
    }
}
