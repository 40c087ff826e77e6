use super::*;
use crate::consent::ConsentAction;
use crate::controller::RuleSet;
use crate::customer::{CustomerTerms, ProductCategory};
use crate::digest::DigestKey;
use crate::objection::Scope;
use crate::purpose::PurposeKey;
use proptest::prelude::*;
use std::collections::HashMap;
use time::macros::datetime;

/// A plain in-memory state for tests.
#[derive(Default)]
struct TestState {
    suppressions: HashMap<IdentifierDigest, Vec<Suppression>>,
    people: HashMap<(ControllerId, IdentifierDigest), Vec<Arc<PersonFacts>>>,
    registers: HashMap<Register, RegisterVersion>,
    listings: HashMap<(Register, IdentifierDigest), ChannelSet>,
}

impl ContactState for TestState {
    fn suppressions(&self, digest: &IdentifierDigest) -> &[Suppression] {
        self.suppressions.get(digest).map_or(&[], Vec::as_slice)
    }
    fn people(&self, controller: ControllerId, digest: &IdentifierDigest) -> &[Arc<PersonFacts>] {
        self.people
            .get(&(controller, *digest))
            .map_or(&[], Vec::as_slice)
    }
    fn register_version(&self, register: Register) -> Option<RegisterVersion> {
        self.registers.get(&register).copied()
    }
    fn register_listing(
        &self,
        register: Register,
        digest: &IdentifierDigest,
    ) -> Option<ChannelSet> {
        self.listings.get(&(register, *digest)).copied()
    }
}

const C1: ControllerId = ControllerId(1);
const C2: ControllerId = ControllerId(2);
const NOW: OffsetDateTime = datetime!(2026-11-24 10:00 UTC);

fn key() -> DigestKey {
    DigestKey::derive(&[9; 32])
}

fn phone(e164: &str, country: Option<Country>) -> IdentifierProbe {
    IdentifierProbe {
        kind: IdentifierKind::Phone,
        digest: key().digest("phone", e164),
        country,
    }
}

fn email(addr: &str) -> IdentifierProbe {
    IdentifierProbe {
        kind: IdentifierKind::Email,
        digest: key().digest("email", addr),
        country: None,
    }
}

fn purpose(key: &str, basis: LegalBasis, dm: bool) -> Purpose {
    Purpose {
        key: PurposeKey::parse(key).unwrap(),
        name: key.to_owned(),
        legal_basis: basis,
        direct_marketing: dm,
        channels: ChannelSet::ALL,
        retention: None,
        description: String::new(),
        dk_telemarketing_exception: false,
        product_category: None,
        retention_from: None,
    }
}

fn controller(rules: &[Rule]) -> ControllerFacts {
    ControllerFacts {
        id: C1,
        rules: rules.iter().copied().collect(),
        customer_terms: CustomerTerms::default(),
        country: None,
    }
}

fn ask(state: &TestState, ids: &[IdentifierProbe], channel: Channel, p: &Purpose) -> Decision {
    ask_at(state, ids, channel, p, controller(&[]), NOW)
}

fn ask_at(
    state: &TestState,
    ids: &[IdentifierProbe],
    channel: Channel,
    p: &Purpose,
    c: ControllerFacts,
    at: OffsetDateTime,
) -> Decision {
    decide(
        state,
        &ContactRequest {
            controller: c,
            identifiers: ids,
            channel,
            purpose: p,
            at,
            carries_art14_notice: false,
        },
    )
}

fn codes(d: &Decision) -> Vec<&'static str> {
    d.reasons.iter().map(|r| r.code.as_str()).collect()
}

fn grant(p: &Purpose, channel: Channel, at: OffsetDateTime) -> ConsentFact {
    ConsentFact {
        purpose: p.key.clone(),
        channel,
        action: ConsentAction::Granted,
        at,
        expires_at: None,
    }
}

fn objection(scope: Scope) -> Suppression {
    Suppression {
        scope,
        channels: ChannelSet::ALL,
        source: SuppressionSource::Objection(ObjectionSourceKind::AuthorizedAgent),
    }
}

/// A state holding one person of C1, reached by `id`, with `facts`.
fn holding(id: IdentifierProbe, facts: PersonFacts) -> TestState {
    let mut state = TestState::default();
    let person = PersonFacts {
        digests: vec![id.digest],
        ..facts
    };
    state.people.insert((C1, id.digest), vec![Arc::new(person)]);
    state
}

fn ask_carrying(state: &TestState, id: IdentifierProbe, p: &Purpose, carries: bool) -> Decision {
    decide(
        state,
        &ContactRequest {
            controller: controller(&[]),
            identifiers: &[id],
            channel: Channel::Post,
            purpose: p,
            at: NOW,
            carries_art14_notice: carries,
        },
    )
}

#[test]
fn a_pending_art14_notice_refuses_direct_marketing_until_a_contact_carries_it() {
    // GDPR Art. 14(3)(b): where the data are used to communicate with the person, the
    // information is given "at the latest at the time of the first communication". Marketing
    // before the notice would be that first communication without it.
    let address = email("bought@example.se");
    let state = holding(
        address,
        PersonFacts {
            art14_pending: true,
            ..PersonFacts::default()
        },
    );
    let marketing = purpose("letters", LegalBasis::LegitimateInterests, true);
    let refused = ask_carrying(&state, address, &marketing, false);
    assert!(!refused.allowed);
    assert_eq!(codes(&refused), ["notice.art14_pending"]);
    assert!(!refused.gives_art14_notice);
    // The first communication carries the notice: allowed, and the caller must record it.
    let carried = ask_carrying(&state, address, &marketing, true);
    assert!(carried.allowed, "{:?}", carried.reasons);
    assert!(carried.gives_art14_notice);
    // Not a marketing purpose: the notice does not hold up service contact.
    let service = purpose("service", LegalBasis::Contract, false);
    let d = ask_carrying(&state, address, &service, false);
    assert!(d.allowed);
    assert!(!d.gives_art14_notice);
    // Once the notice has gone (or an Art. 14(5) ground is recorded) the flag is off.
    let told = holding(address, PersonFacts::default());
    let d = ask_carrying(&told, address, &marketing, false);
    assert!(d.allowed);
    assert!(!ask_carrying(&told, address, &marketing, true).gives_art14_notice);
}

#[test]
fn carrying_the_notice_never_lifts_an_objection() {
    // Art. 21(3): after an objection to direct marketing the data "shall no longer be
    // processed for such purposes"; carrying the Art. 14 notice changes nothing about that.
    let address = email("bought@example.se");
    let mut state = holding(
        address,
        PersonFacts {
            art14_pending: true,
            ..PersonFacts::default()
        },
    );
    state
        .suppressions
        .insert(address.digest, vec![objection(Scope::All)]);
    let marketing = purpose("letters", LegalBasis::LegitimateInterests, true);
    let d = ask_carrying(&state, address, &marketing, true);
    assert!(!d.allowed);
    assert_eq!(codes(&d), ["objection.direct_marketing"]);
    assert!(!d.gives_art14_notice);
    let d = ask_carrying(&state, address, &marketing, false);
    assert_eq!(
        codes(&d),
        ["objection.direct_marketing", "notice.art14_pending"]
    );
}

#[test]
fn objection_denies_marketing_on_every_channel_but_not_service() {
    let mut state = TestState::default();
    let number = phone("+46701234567", Some(Country::Se));
    state
        .suppressions
        .insert(number.digest, vec![objection(Scope::All)]);
    let marketing = purpose("telemarketing", LegalBasis::LegitimateInterests, true);
    let service = purpose("service", LegalBasis::Contract, false);
    for channel in [Channel::Phone, Channel::Sms, Channel::Messaging] {
        let d = ask(&state, &[number], channel, &marketing);
        assert!(!d.allowed);
        // On SMS and messaging the electronic-mail rule refuses as well (no consent).
        assert_eq!(codes(&d)[0], "objection.direct_marketing");
        assert_eq!(
            d.reasons[0].source,
            Some(ObjectionSourceKind::AuthorizedAgent)
        );
        assert!(ask(&state, &[number], channel, &service).allowed);
    }
}

#[test]
fn objection_through_one_identifier_covers_the_persons_others() {
    let mut state = TestState::default();
    let number = phone("+46701234567", Some(Country::Se));
    let mail = email("anna@example.se");
    state
        .suppressions
        .insert(number.digest, vec![objection(Scope::All)]);
    let person = Arc::new(PersonFacts {
        digests: vec![number.digest, mail.digest],
        ..PersonFacts::default()
    });
    state
        .people
        .insert((C1, mail.digest), vec![Arc::clone(&person)]);
    let news = purpose("newsletter", LegalBasis::LegitimateInterests, true);
    let d = ask(&state, &[mail], Channel::Email, &news);
    // First the objection; e-mail marketing without consent is refused by its own rule too
    // (marknadsföringslagen 19 §).
    assert_eq!(
        codes(&d),
        ["objection.direct_marketing", "consent.required_electronic"]
    );
}

#[test]
fn scope_limits_a_controller_objection() {
    let mut state = TestState::default();
    let number = phone("+4791234567", Some(Country::No));
    state
        .suppressions
        .insert(number.digest, vec![objection(Scope::Controller(C2))]);
    let dm = purpose("dm", LegalBasis::LegitimateInterests, true);
    // A call: SMS marketing would need consent anyway (markedsføringsloven § 15).
    assert!(ask(&state, &[number], Channel::Phone, &dm).allowed);
    let other = ControllerFacts {
        id: C2,
        rules: RuleSet::EMPTY,
        customer_terms: CustomerTerms::default(),
        country: None,
    };
    assert!(!ask_at(&state, &[number], Channel::Phone, &dm, other, NOW).allowed);
}

#[test]
fn a_person_found_by_a_colliding_fingerprint_lends_no_consent() {
    // An index that finds people by a shorter fingerprint could return someone who does not
    // hold the asked digest; their consent must not count.
    let mut state = TestState::default();
    let asked = email("asked@example.se");
    let holder = email("holder@example.se");
    let news = purpose("newsletter", LegalBasis::Consent, true);
    let mut person = PersonFacts {
        digests: vec![holder.digest],
        ..PersonFacts::default()
    };
    person
        .consents
        .push(grant(&news, Channel::Email, datetime!(2026-01-01 0:00 UTC)));
    let person = Arc::new(person);
    state
        .people
        .insert((C1, asked.digest), vec![Arc::clone(&person)]);
    state.people.insert((C1, holder.digest), vec![person]);
    assert_eq!(
        codes(&ask(&state, &[asked], Channel::Email, &news)),
        ["consent.missing"]
    );
    assert!(ask(&state, &[holder], Channel::Email, &news).allowed);
}

#[test]
fn consent_basis_needs_a_grant_for_that_channel() {
    let mut state = TestState::default();
    let mail = email("anna@example.se");
    let news = purpose("newsletter", LegalBasis::Consent, true);
    assert_eq!(
        codes(&ask(&state, &[mail], Channel::Email, &news)),
        ["consent.missing"]
    );
    let mut person = PersonFacts {
        digests: vec![mail.digest],
        ..PersonFacts::default()
    };
    person
        .consents
        .push(grant(&news, Channel::Email, datetime!(2026-01-01 0:00 UTC)));
    state
        .people
        .insert((C1, mail.digest), vec![Arc::new(person.clone())]);
    assert!(ask(&state, &[mail], Channel::Email, &news).allowed);
    // Consent on e-mail says nothing about SMS; the other controller knows nobody.
    let d = ask(
        &state,
        &[mail, phone("+46701234567", Some(Country::Se))],
        Channel::Sms,
        &news,
    );
    assert_eq!(codes(&d), ["consent.missing"]);
    let other = ControllerFacts {
        id: C2,
        rules: RuleSet::EMPTY,
        customer_terms: CustomerTerms::default(),
        country: None,
    };
    assert!(!ask_at(&state, &[mail], Channel::Email, &news, other, NOW).allowed);
    person.consents.push(ConsentFact {
        action: ConsentAction::Withdrawn,
        ..grant(&news, Channel::Email, datetime!(2026-02-01 0:00 UTC))
    });
    state
        .people
        .insert((C1, mail.digest), vec![Arc::new(person)]);
    assert_eq!(
        codes(&ask(&state, &[mail], Channel::Email, &news)),
        ["consent.withdrawn"]
    );
}

#[test]
fn restriction_denies_everything() {
    let mut state = TestState::default();
    let mail = email("anna@example.se");
    let person = PersonFacts {
        restricted: true,
        digests: vec![mail.digest],
        ..PersonFacts::default()
    };
    state
        .people
        .insert((C1, mail.digest), vec![Arc::new(person)]);
    let service = purpose("billing", LegalBasis::LegalObligation, false);
    assert_eq!(
        codes(&ask(&state, &[mail], Channel::Email, &service)),
        ["restricted"]
    );
}

#[test]
fn channel_needs_a_reaching_identifier_and_a_declaring_purpose() {
    let state = TestState::default();
    let mut service = purpose("service", LegalBasis::Contract, false);
    let mail = email("anna@example.se");
    assert_eq!(
        codes(&ask(&state, &[mail], Channel::Sms, &service)),
        ["identifier.missing"]
    );
    service.channels = ChannelSet::of(&[Channel::Email]);
    let number = phone("+46701234567", Some(Country::Se));
    let d = ask(&state, &[number], Channel::Phone, &service);
    assert_eq!(codes(&d), ["purpose.channel_not_declared"]);
}

#[test]
fn nix_telefon_listing_stale_and_consent_override() {
    let mut state = TestState::default();
    let number = phone("+46701234567", Some(Country::Se));
    let tm = purpose("telemarketing", LegalBasis::LegitimateInterests, true);
    let nix = controller(&[Rule::NixTelefon]);
    // Honoured but never loaded: stale.
    let d = ask_at(&state, &[number], Channel::Phone, &tm, nix, NOW);
    assert_eq!(codes(&d), ["register.stale"]);
    assert_eq!(d.reasons[0].register, Some(Register::NixTelefon));
    // Loaded and current; the number is not on it.
    state.registers.insert(
        Register::NixTelefon,
        RegisterVersion {
            version_date: time::macros::date!(2026 - 11 - 01),
        },
    );
    assert!(ask_at(&state, &[number], Channel::Phone, &tm, nix, NOW).allowed);
    // SMS is not covered by NIX-Telefon, nor are Norwegian numbers.
    state.listings.insert(
        (Register::NixTelefon, number.digest),
        ChannelSet::of(&[Channel::Phone]),
    );
    assert_eq!(
        codes(&ask_at(&state, &[number], Channel::Phone, &tm, nix, NOW)),
        ["register.nix_telefon"]
    );
    // (SMS marketing under legitimate interests needs consent anyway: marknadsföringslagen
    // 19 §; the refusal is that rule's, not NIX-Telefon's.)
    assert_eq!(
        codes(&ask_at(&state, &[number], Channel::Sms, &tm, nix, NOW)),
        ["consent.required_electronic"]
    );
    // Not honoured: no effect.
    assert!(ask(&state, &[number], Channel::Phone, &tm).allowed);
    // A consent less than three months old overrides; an older one does not.
    let mut person = PersonFacts {
        digests: vec![number.digest],
        ..PersonFacts::default()
    };
    person
        .consents
        .push(grant(&tm, Channel::Phone, datetime!(2026-10-01 0:00 UTC)));
    state
        .people
        .insert((C1, number.digest), vec![Arc::new(person.clone())]);
    assert!(ask_at(&state, &[number], Channel::Phone, &tm, nix, NOW).allowed);
    person.consents[0].at = datetime!(2026-08-01 0:00 UTC);
    state
        .people
        .insert((C1, number.digest), vec![Arc::new(person)]);
    assert!(!ask_at(&state, &[number], Channel::Phone, &tm, nix, NOW).allowed);
    // Stale after two months.
    let later = datetime!(2027-01-02 10:00 UTC);
    assert_eq!(
        codes(&ask_at(&state, &[number], Channel::Phone, &tm, nix, later)),
        ["register.stale"]
    );
}

#[test]
fn norwegian_hours_and_danish_ban() {
    let state = TestState::default();
    let no = phone("+4791234567", Some(Country::No));
    let dk = phone("+4520123456", Some(Country::Dk));
    let mut tm = purpose("telemarketing", LegalBasis::LegitimateInterests, true);
    let rules = controller(&[Rule::NoTelemarketingHours, Rule::DkTelemarketingBan]);
    let saturday = datetime!(2026-11-28 12:00 UTC);
    assert_eq!(
        codes(&ask_at(&state, &[no], Channel::Phone, &tm, rules, saturday)),
        ["quiet_hours"]
    );
    assert!(ask_at(&state, &[no], Channel::Phone, &tm, rules, NOW).allowed);
    // Quiet hours are for calls; an SMS on legitimate interests is refused by markedsføringsloven
    // § 15 (consent) instead, not by § 14.
    assert_eq!(
        codes(&ask_at(&state, &[no], Channel::Sms, &tm, rules, saturday)),
        ["consent.required_electronic"]
    );
    assert_eq!(
        codes(&ask_at(&state, &[dk], Channel::Phone, &tm, rules, NOW)),
        ["dk_telemarketing_ban"]
    );
    tm.dk_telemarketing_exception = true;
    assert!(ask_at(&state, &[dk], Channel::Phone, &tm, rules, NOW).allowed);
}

// ---- properties that must hold for every input ----

fn any_channel() -> impl Strategy<Value = Channel> {
    proptest::sample::select(Channel::ALL.to_vec())
}

fn any_basis() -> impl Strategy<Value = LegalBasis> {
    proptest::sample::select(LegalBasis::ALL.to_vec())
}

fn any_source() -> impl Strategy<Value = SuppressionSource> {
    prop_oneof![
        Just(SuppressionSource::Blocklist),
        proptest::sample::select(vec![
            ObjectionSourceKind::Subject,
            ObjectionSourceKind::AuthorizedAgent,
            ObjectionSourceKind::Sms,
            ObjectionSourceKind::Register,
            ObjectionSourceKind::Staff,
            ObjectionSourceKind::UnsubscribeLink,
            ObjectionSourceKind::Gpc,
        ])
        .prop_map(SuppressionSource::Objection),
    ]
}

#[derive(Debug, Clone)]
struct World {
    channel: Channel,
    basis: LegalBasis,
    direct_marketing: bool,
    purpose_channels: u8,
    consents: Vec<(Channel, bool, i64)>,
    restricted: bool,
    suppressed: Option<(SuppressionSource, bool)>,
    rules: Vec<Rule>,
    at_offset_hours: i64,
    register_loaded: bool,
}

fn any_world() -> impl Strategy<Value = World> {
    (
        any_channel(),
        any_basis(),
        any::<bool>(),
        any::<u8>(),
        proptest::collection::vec((any_channel(), any::<bool>(), -5000i64..5000), 0..6),
        any::<bool>(),
        proptest::option::of((any_source(), any::<bool>())),
        proptest::sample::subsequence(Rule::ALL.to_vec(), 0..=5),
        -400i64..400,
        any::<bool>(),
    )
        .prop_map(
            |(channel, basis, dm, pc, consents, restricted, suppressed, rules, at, loaded)| World {
                channel,
                basis,
                direct_marketing: dm,
                purpose_channels: pc,
                consents,
                restricted,
                suppressed,
                rules,
                at_offset_hours: at,
                register_loaded: loaded,
            },
        )
}

/// Build the state and request of a world; the person has a Swedish, a Norwegian and a Danish
/// number and an e-mail address, all given in the request.
fn run(world: &World) -> Decision {
    let ids = [
        phone("+46701234567", Some(Country::Se)),
        phone("+4791234567", Some(Country::No)),
        phone("+4520123456", Some(Country::Dk)),
        email("anna@example.se"),
    ];
    let mut p = purpose("p", world.basis, world.direct_marketing);
    p.channels = ChannelSet::from_bits(world.purpose_channels);
    let at = NOW + time::Duration::hours(world.at_offset_hours);
    let mut state = TestState::default();
    let person = PersonFacts {
        restricted: world.restricted,
        digests: ids.iter().map(|i| i.digest).collect(),
        customer_relationships: Vec::new(),
        consents: world
            .consents
            .iter()
            .map(|(channel, granted, hours)| ConsentFact {
                action: if *granted {
                    ConsentAction::Granted
                } else {
                    ConsentAction::Withdrawn
                },
                ..grant(&p, *channel, NOW + time::Duration::hours(*hours))
            })
            .collect(),
        ..PersonFacts::default()
    };
    state
        .people
        .insert((C1, ids[3].digest), vec![Arc::new(person)]);
    if let Some((source, all)) = world.suppressed {
        let scope = if all {
            Scope::All
        } else {
            Scope::Controller(C1)
        };
        state.suppressions.insert(
            ids[0].digest,
            vec![Suppression {
                scope,
                channels: ChannelSet::ALL,
                source,
            }],
        );
    }
    if world.register_loaded {
        for r in Register::ALL {
            state.registers.insert(
                r,
                RegisterVersion {
                    version_date: NOW.date(),
                },
            );
        }
    }
    let c = ControllerFacts {
        id: C1,
        rules: world.rules.iter().copied().collect(),
        customer_terms: CustomerTerms::default(),
        country: None,
    };
    ask_at(&state, &ids, world.channel, &p, c, at)
}

proptest! {
    #[test]
    fn suppression_denies_every_marketing_purpose_whatever_the_consents(
        world in any_world(),
        suppressed in (any_source(), any::<bool>()),
    ) {
        let world = World { direct_marketing: true, suppressed: Some(suppressed), ..world };
        let d = run(&world);
        prop_assert!(!d.allowed);
        prop_assert!(d.reasons.iter().any(|r| matches!(r.code, ReasonCode::ObjectionDirectMarketing | ReasonCode::Blocklist)));
    }

    #[test]
    fn restriction_always_denies(world in any_world()) {
        let world = World { restricted: true, ..world };
        let d = run(&world);
        prop_assert!(!d.allowed);
        prop_assert!(d.reasons.iter().any(|r| r.code == ReasonCode::Restricted));
    }

    #[test]
    fn consent_basis_is_denied_without_a_current_grant(world in any_world()) {
        let world = World { basis: LegalBasis::Consent, ..world };
        let at_hours = world.at_offset_hours;
        let latest = world
            .consents
            .iter()
            .filter(|(c, _, h)| *c == world.channel && *h <= at_hours)
            .max_by_key(|(_, granted, h)| (*h, !*granted));
        let granted = latest.is_some_and(|(_, g, _)| *g);
        let d = run(&world);
        if !granted {
            prop_assert!(!d.allowed);
        }
        if d.allowed {
            prop_assert!(granted);
        }
    }

    #[test]
    fn marketing_objection_never_blocks_other_purposes(world in any_world()) {
        let world = World { direct_marketing: false, ..world };
        let with = run(&world);
        let without = run(&World { suppressed: None, ..world.clone() });
        prop_assert_eq!(with, without);
    }

    #[test]
    fn electronic_marketing_is_allowed_only_on_a_named_ground(world in any_world()) {
        // SE 19 §, NO § 15, DK § 10, FI § 200: e-mail, SMS, MMS and messaging marketing needs
        // consent whatever the GDPR basis, and every allowed message offers an opt-out.
        let world = World { direct_marketing: true, ..world };
        let d = run(&world);
        let electronic = crate::marketing::is_electronic_mail(world.channel);
        if d.allowed && electronic {
            prop_assert_eq!(d.basis, Some(ContactBasis::Consent));
            prop_assert_eq!(d.obligations, &[Obligation::OfferOptOut][..]);
        }
        if !electronic || !d.allowed {
            prop_assert_eq!(d.basis, None);
            prop_assert!(d.obligations.is_empty());
        }
    }

    #[test]
    fn allowed_means_no_reasons(world in any_world()) {
        let d = run(&world);
        prop_assert_eq!(d.allowed, d.reasons.is_empty());
    }
}

// NIX-Telefon's rules (undantagen): an established customer relationship for the same type of
// goods or services is exempt, lasting at least six months and normally not more than a year
// after the contract ends; markedsføringsloven § 12: Reservasjonsregisteret does not stop offers
// of the trader's own similar products to its existing customers. GDPR Art. 21(3): an objection
// to direct marketing still ends it, exemption or not.
#[test]
fn an_existing_customer_is_exempt_from_the_phone_registers_but_not_from_an_objection() {
    let mut state = TestState::default();
    let se = phone("+46701234567", Some(Country::Se));
    let no = phone("+4791234567", Some(Country::No));
    let version = RegisterVersion {
        version_date: time::macros::date!(2026 - 11 - 01),
    };
    for (register, number) in [
        (Register::NixTelefon, se),
        (Register::Reservasjonsregisteret, no),
    ] {
        state.registers.insert(register, version);
        state
            .listings
            .insert((register, number.digest), ChannelSet::of(&[Channel::Phone]));
    }
    let mut tm = purpose("telemarketing", LegalBasis::LegitimateInterests, true);
    tm.product_category = Some(ProductCategory::parse("broadband").unwrap());
    let person = Arc::new(PersonFacts {
        digests: vec![se.digest, no.digest],
        customer_relationships: vec![CustomerRelationship {
            product_category: ProductCategory::parse("broadband").unwrap(),
            started: time::macros::date!(2024 - 01 - 01),
            ended: Some(time::macros::date!(2026 - 05 - 20)),
        }],
        ..PersonFacts::default()
    });
    for number in [se, no] {
        state
            .people
            .insert((C1, number.digest), vec![Arc::clone(&person)]);
    }
    let mut c = controller(&[Rule::NixTelefon, Rule::Reservasjonsregisteret]);
    c.customer_terms = CustomerTerms::new(6, 6).unwrap();
    let within = datetime!(2026-11-20 10:00 UTC);
    for (number, register) in [
        (se, Register::NixTelefon),
        (no, Register::Reservasjonsregisteret),
    ] {
        let d = ask_at(&state, &[number], Channel::Phone, &tm, c, within);
        assert!(d.allowed, "{register}: {:?}", d.reasons);
        assert_eq!(
            d.exemptions,
            [Reason::new(ReasonCode::ExemptCustomer(register))]
        );
        assert_eq!(d.exemptions[0].code.as_str(), "register.exempt_customer");
    }
    // Six months after the last day, and not a day more.
    let after = within + time::Duration::days(1);
    let d = ask_at(&state, &[no], Channel::Phone, &tm, c, after);
    assert_eq!(codes(&d), ["register.reservasjonsregisteret"]);
    let d = ask_at(&state, &[se], Channel::Phone, &tm, c, after);
    assert_eq!(codes(&d), ["register.nix_telefon"]);
    assert!(d.exemptions.is_empty());
    // Without a product category on the purpose, nothing is exempt.
    let mut plain = tm.clone();
    plain.product_category = None;
    let d = ask_at(&state, &[se], Channel::Phone, &plain, c, within);
    assert_eq!(codes(&d), ["register.nix_telefon"]);
    // Another product category: not the same type of goods.
    let mut other = tm.clone();
    other.product_category = Some(ProductCategory::parse("insurance").unwrap());
    let d = ask_at(&state, &[se], Channel::Phone, &other, c, within);
    assert_eq!(codes(&d), ["register.nix_telefon"]);
    // The objection wins, always.
    state
        .suppressions
        .insert(se.digest, vec![objection(Scope::All)]);
    let d = ask_at(&state, &[se], Channel::Phone, &tm, c, within);
    assert!(!d.allowed);
    assert_eq!(codes(&d), ["objection.direct_marketing"]);
}
mod marketing;
