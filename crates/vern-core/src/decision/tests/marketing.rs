//! The electronic-mail marketing rule, business contacts, Robinsonlisten by telephone and the
//! Danish prior call request. Each test names its source; the facts are in
//! `docs/marketing-law.md`.

use super::*;
use crate::marketing::SoftOptIn;

fn li_marketing(key: &str) -> Purpose {
    purpose(key, LegalBasis::LegitimateInterests, true)
}

fn in_country(country: Option<Country>) -> ControllerFacts {
    ControllerFacts {
        country,
        ..controller(&[])
    }
}

/// A state holding one person under C1, found by each of `ids`.
fn holding(person: PersonFacts, ids: &[IdentifierProbe]) -> TestState {
    let person = Arc::new(PersonFacts {
        digests: ids.iter().map(|p| p.digest).collect(),
        ..person
    });
    let mut state = TestState::default();
    for id in ids {
        state
            .people
            .insert((C1, id.digest), vec![Arc::clone(&person)]);
    }
    state
}

fn postal(canonical: &str) -> IdentifierProbe {
    crate::postal::probe(&key(), Country::Dk, canonical)
}

#[test]
fn electronic_marketing_on_legitimate_interests_needs_consent() {
    // SE marknadsföringslagen 19 §, NO markedsføringsloven § 15, DK markedsføringsloven § 10
    // stk. 1, FI tietoyhteiskuntakaari § 200: prior consent for e-mail, SMS, MMS and messaging
    // marketing, whatever the GDPR basis; a voice call and addressed post are not electronic
    // mail.
    let mail = email("anna@example.se");
    let number = phone("+46701234567", Some(Country::Se));
    let offers = li_marketing("offers");
    let state = TestState::default();
    for (channel, id) in [
        (Channel::Email, mail),
        (Channel::Sms, number),
        (Channel::Mms, number),
        (Channel::Messaging, number),
    ] {
        let d = ask(&state, &[id], channel, &offers);
        assert_eq!(codes(&d), ["consent.required_electronic"], "{channel}");
        assert_eq!(d.basis, None);
    }
    let call = ask(&state, &[number], Channel::Phone, &offers);
    assert!(call.allowed);
    assert_eq!((call.basis, call.obligations.len()), (None, 0));
    // With consent for the purpose on e-mail: allowed, on consent, with an opt-out in every
    // message (19 § andra stycket, § 10 stk. 3).
    let mut person = PersonFacts::default();
    person.consents.push(grant(
        &offers,
        Channel::Email,
        datetime!(2026-01-01 0:00 UTC),
    ));
    let state = holding(person, &[mail, number]);
    let d = ask(&state, &[mail], Channel::Email, &offers);
    assert!(d.allowed);
    assert_eq!(d.basis, Some(ContactBasis::Consent));
    assert_eq!(d.obligations, [Obligation::OfferOptOut]);
    // Consent on e-mail is not consent on SMS.
    assert_eq!(
        codes(&ask(&state, &[number], Channel::Sms, &offers)),
        ["consent.required_electronic"]
    );
    // Service messages are not marketing: no rule, no obligation.
    let service = purpose("service", LegalBasis::Contract, false);
    let d = ask(&state, &[mail], Channel::Email, &service);
    assert!(d.allowed && d.basis.is_none() && d.obligations.is_empty());
}

#[test]
fn a_consent_purpose_without_consent_says_so_once() {
    // The consent rule (GDPR Art. 6(1)(a)) already refuses; the electronic-mail rule adds no
    // second reason for the same missing consent.
    let mail = email("anna@example.se");
    let news = purpose("news", LegalBasis::Consent, true);
    assert_eq!(
        codes(&ask(&TestState::default(), &[mail], Channel::Email, &news)),
        ["consent.missing"]
    );
}

#[test]
fn the_soft_opt_in_allows_own_similar_products_until_the_opt_out_is_used() {
    // SE marknadsföringslagen 19 § andra stycket, NO markedsføringsloven § 15 tredje ledd, DK
    // markedsføringsloven § 10 stk. 2, FI tietoyhteiskuntakaari § 200 stk. 2: an address
    // obtained in the controller's own sale may be used for its own similar products if an
    // opt-out was offered at collection and has not been used.
    let mail = email("anna@example.se");
    let number = phone("+46701234567", Some(Country::Se));
    let mut bikes = li_marketing("bikes");
    bikes.product_category = Some(crate::customer::ProductCategory::parse("bicycles").unwrap());
    let sale = SoftOptIn {
        digest: mail.digest,
        product_category: "bicycles".into(),
        obtained_at: datetime!(2026-06-01 12:00 UTC),
        opt_out_offered: true,
    };
    let person = PersonFacts {
        soft_opt_ins: vec![sale.clone()],
        ..PersonFacts::default()
    };
    let state = holding(person.clone(), &[mail, number]);
    let d = ask(&state, &[mail], Channel::Email, &bikes);
    assert!(d.allowed);
    assert_eq!(d.basis, Some(ContactBasis::SoftOptIn));
    assert_eq!(d.obligations, [Obligation::OfferOptOut]);
    // Only the address obtained in the sale: the phone number was not.
    assert_eq!(
        codes(&ask(&state, &[number], Channel::Sms, &bikes)),
        ["consent.required_electronic"]
    );
    // Not the controller's similar products: another category, or none on the purpose.
    let mut cars = bikes.clone();
    cars.product_category = Some(crate::customer::ProductCategory::parse("cars").unwrap());
    assert!(!ask(&state, &[mail], Channel::Email, &cars).allowed);
    let mut plain = bikes.clone();
    plain.product_category = None;
    assert!(!ask(&state, &[mail], Channel::Email, &plain).allowed);
    // Not before the sale.
    let before = datetime!(2026-05-01 0:00 UTC);
    let c = controller(&[]);
    assert!(!ask_at(&state, &[mail], Channel::Email, &bikes, c, before).allowed);
    // No opt-out offered at collection: no soft opt-in.
    let no_offer = PersonFacts {
        soft_opt_ins: vec![SoftOptIn {
            opt_out_offered: false,
            ..sale.clone()
        }],
        ..PersonFacts::default()
    };
    let state = holding(no_offer, &[mail]);
    assert!(!ask(&state, &[mail], Channel::Email, &bikes).allowed);
    // The opt-out used (a withdrawal on the channel) ends it.
    let mut opted_out = person.clone();
    opted_out.consents.push(ConsentFact {
        action: ConsentAction::Withdrawn,
        ..grant(&bikes, Channel::Email, datetime!(2026-07-01 0:00 UTC))
    });
    let state = holding(opted_out, &[mail]);
    assert_eq!(
        codes(&ask(&state, &[mail], Channel::Email, &bikes)),
        ["consent.required_electronic"]
    );
    // So does a direct-marketing objection (GDPR Art. 21(3)).
    let mut state = holding(person, &[mail]);
    state
        .suppressions
        .insert(mail.digest, vec![objection(Scope::All)]);
    let d = ask(&state, &[mail], Channel::Email, &bikes);
    assert!(!d.allowed);
    assert_eq!(codes(&d)[0], "objection.direct_marketing");
}

#[test]
fn business_contacts_follow_the_controllers_country() {
    // SE marknadsföringslagen 19 § and NO markedsføringsloven § 15 protect natural persons: a
    // company's role address is outside. DK markedsføringsloven § 10 protects every recipient.
    // FI tietoyhteiskuntakaari § 202: allowed to a legal person unless it refused.
    let mail = email("info@firma.example");
    let offers = li_marketing("offers");
    let person = PersonFacts {
        business_contact: true,
        ..PersonFacts::default()
    };
    let state = holding(person.clone(), &[mail]);
    for country in [Country::Se, Country::No, Country::Fi] {
        let d = ask_at(
            &state,
            &[mail],
            Channel::Email,
            &offers,
            in_country(Some(country)),
            NOW,
        );
        assert!(d.allowed, "{country:?}");
        assert_eq!(d.basis, Some(ContactBasis::BusinessContact));
        assert_eq!(d.obligations, [Obligation::OfferOptOut]);
    }
    for country in [Some(Country::Dk), None] {
        let d = ask_at(
            &state,
            &[mail],
            Channel::Email,
            &offers,
            in_country(country),
            NOW,
        );
        assert_eq!(codes(&d), ["consent.required_electronic"], "{country:?}");
    }
    // A consumer in Sweden is protected.
    let consumer = holding(PersonFacts::default(), &[mail]);
    let se = in_country(Some(Country::Se));
    assert!(!ask_at(&consumer, &[mail], Channel::Email, &offers, se, NOW).allowed);
    // A Finnish company that refused (withdrew) is refused.
    let mut refused = person;
    refused.consents.push(ConsentFact {
        action: ConsentAction::Withdrawn,
        ..grant(&offers, Channel::Email, datetime!(2026-01-01 0:00 UTC))
    });
    let state = holding(refused, &[mail]);
    let fi = in_country(Some(Country::Fi));
    assert!(!ask_at(&state, &[mail], Channel::Email, &offers, fi, NOW).allowed);
}

fn robinson_loaded(state: &mut TestState) {
    state.registers.insert(
        Register::Robinsonlisten,
        RegisterVersion {
            version_date: time::macros::date!(2026 - 10 - 01),
        },
    );
}

#[test]
fn robinsonlisten_refuses_calls_and_post_whatever_the_product() {
    // Markedsføringsloven § 10 stk. 4: no approach by any means of distance communication to a
    // person on the CPR list, telephone included; forbrugeraftaleloven § 4's product exceptions
    // (newspaper subscriptions, …) lift the telephone-sales ban, never Robinsonlisten.
    let dk = phone("+4520123456", Some(Country::Dk));
    let address = postal("mette sørensen|nørregade 12 3 th|8000");
    let mut newspaper = li_marketing("newspaper");
    newspaper.dk_telemarketing_exception = true;
    let rules = controller(&[Rule::Robinsonlisten, Rule::DkTelemarketingBan]);
    let mut state = TestState::default();
    robinson_loaded(&mut state);
    // A listing imported as addressed mail only still covers the telephone.
    state.listings.insert(
        (Register::Robinsonlisten, address.digest),
        ChannelSet::of(&[Channel::Post]),
    );
    for channel in [Channel::Phone, Channel::Post] {
        let d = ask_at(&state, &[dk, address], channel, &newspaper, rules, NOW);
        assert_eq!(codes(&d), ["register.robinsonlisten"], "{channel}");
        assert_eq!(d.reasons[0].register, Some(Register::Robinsonlisten));
    }
    // Not listed: the newspaper call is allowed (§ 4 exception).
    let other = postal("jens hansen|vestergade 1|1456");
    assert!(ask_at(&state, &[dk, other], Channel::Phone, &newspaper, rules, NOW).allowed);
}

#[test]
fn robinsonlisten_matches_the_address_vern_holds_for_a_known_person() {
    // Markedsføringsloven § 10 stk. 4: the list is matched on name and address; a caller that
    // gives only the phone number of a person vern holds is matched by the stored address.
    let dk = phone("+4520123456", Some(Country::Dk));
    let address = postal("mette sørensen|nørregade 12 3 th|8000");
    let person = PersonFacts {
        postal: vec![address.digest],
        ..PersonFacts::default()
    };
    let mut state = holding(person, &[dk, address]);
    let mut newspaper = li_marketing("newspaper");
    newspaper.dk_telemarketing_exception = true;
    let rules = controller(&[Rule::Robinsonlisten]);
    // Honoured, the person has a Danish address, no version loaded: stale.
    assert_eq!(
        codes(&ask_at(
            &state,
            &[dk],
            Channel::Phone,
            &newspaper,
            rules,
            NOW
        )),
        ["register.stale"]
    );
    robinson_loaded(&mut state);
    assert!(ask_at(&state, &[dk], Channel::Phone, &newspaper, rules, NOW).allowed);
    state.listings.insert(
        (Register::Robinsonlisten, address.digest),
        ChannelSet::of(&[Channel::Post]),
    );
    assert_eq!(
        codes(&ask_at(
            &state,
            &[dk],
            Channel::Phone,
            &newspaper,
            rules,
            NOW
        )),
        ["register.robinsonlisten"]
    );
}

#[test]
fn a_prior_call_request_lifts_the_danish_ban_but_not_robinsonlisten() {
    // Forbrugeraftaleloven § 4 stk. 1 bans telephone sales "uden forudgående anmodning": the
    // consumer's own request lifts it for that trader. Markedsføringsloven § 10 stk. 4 still
    // forbids calling a person on Robinsonlisten unless they consented to that trader.
    let dk = phone("+4520123456", Some(Country::Dk));
    let address = postal("mette sørensen|nørregade 12 3 th|8000");
    let solar = li_marketing("solar_panels");
    let rules = controller(&[Rule::Robinsonlisten, Rule::DkTelemarketingBan]);
    let asked = PersonFacts {
        postal: vec![address.digest],
        call_requests: vec![datetime!(2026-11-20 9:00 UTC)],
        ..PersonFacts::default()
    };
    let mut state = holding(asked.clone(), &[dk, address]);
    robinson_loaded(&mut state);
    assert!(ask_at(&state, &[dk], Channel::Phone, &solar, rules, NOW).allowed);
    // Not before the request was made.
    let earlier = datetime!(2026-11-19 10:00 UTC);
    assert_eq!(
        codes(&ask_at(
            &state,
            &[dk],
            Channel::Phone,
            &solar,
            rules,
            earlier
        )),
        ["dk_telemarketing_ban"]
    );
    // Another controller was not asked.
    let other = ControllerFacts { id: C2, ..rules };
    assert_eq!(
        codes(&ask_at(&state, &[dk], Channel::Phone, &solar, other, NOW)),
        ["dk_telemarketing_ban"]
    );
    // Listed: the request does not lift Robinsonlisten ...
    state.listings.insert(
        (Register::Robinsonlisten, address.digest),
        ChannelSet::of(&[Channel::Post]),
    );
    assert_eq!(
        codes(&ask_at(&state, &[dk], Channel::Phone, &solar, rules, NOW)),
        ["register.robinsonlisten"]
    );
    // ... an explicit consent to this trader for the purpose does.
    let mut consented = asked;
    consented.consents.push(grant(
        &solar,
        Channel::Phone,
        datetime!(2026-11-20 9:00 UTC),
    ));
    let mut state2 = holding(consented, &[dk, address]);
    robinson_loaded(&mut state2);
    state2.listings = state.listings.clone();
    assert!(ask_at(&state2, &[dk], Channel::Phone, &solar, rules, NOW).allowed);
}
