//! The index's facts are read two ways: every person at once when vern starts (one reader per
//! core, each gathering a share of the people), and the people a ledger entry names while it
//! runs. Both must say the same of every person, or a restart would change who may be
//! contacted: an objector's restriction, a withdrawn consent or a pending Art. 14 notice
//! (GDPR Art. 14, 18, 21) lost at start-up would let a check answer "allowed".

use crate::harness::{Ctx, T0, on_each_backend};
use std::collections::BTreeMap;
use time::Duration;
use time::macros::date;
use vern_core::consent::ConsentAction;
use vern_core::notice::Source;
use vern_core::{Channel, ChannelSet, IdentifierKind, LegalBasis, PersonFacts, ProductCategory};
use vern_store::model::{
    CallRequestInput, ConsentInput, DealInput, Evidence, PersonIndexFacts, PersonInput,
    PersonSource, Profile, RelationshipInput, SoftOptInInput,
};
use vern_store::store::{
    AdminStore, CustomerStore, ErasureStore, HistoryStore, MarketingStore, PeopleStore,
};

/// A person's facts with every list in one order, since the two readers may read a table's
/// rows in different orders and the decision does not depend on it.
fn normal(f: &PersonFacts) -> String {
    fn sorted<T: std::fmt::Debug>(items: &[T]) -> Vec<String> {
        let mut v: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
        v.sort();
        v
    }
    format!(
        "restricted {} business {} art14 {} digests {:?} postal {:?} consents {:?} customer {:?} soft {:?} calls {:?}",
        f.restricted,
        f.business_contact,
        f.art14_pending,
        sorted(&f.digests),
        sorted(&f.postal),
        sorted(&f.consents),
        sorted(&f.customer_relationships),
        sorted(&f.soft_opt_ins),
        sorted(&f.call_requests),
    )
}

async fn facts_of(ctx: &Ctx, ids: Option<&[String]>) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    ctx.store
        .person_facts(ids, &mut |p: PersonIndexFacts| {
            assert!(
                out.insert(p.id.clone(), normal(&p.facts)).is_none(),
                "a person read twice"
            );
        })
        .await
        .unwrap();
    out
}

#[tokio::test]
async fn the_start_up_scan_and_the_per_person_reader_agree_on_every_fact() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
            .await;
        let mut ids = Vec::new();
        // Enough people that every share of the scan (one per core, by the id's last
        // character) holds some of them, each with a different mix of facts.
        for i in 0..40_u32 {
            let e164 = format!("+4670{:07}", 1_000_000 + i);
            let email = format!("p{i}@example.se");
            let input = PersonInput {
                profile: Profile {
                    name: format!("Person {i}"),
                    phones: vec![e164.clone()],
                    emails: vec![email.clone()],
                    ..Profile::default()
                },
                digests: vec![
                    ctx.phone(&e164),
                    (
                        IdentifierKind::Email,
                        ctx.store.keys().digest().digest("email", &email),
                    ),
                ],
                lists: Vec::new(),
                business_contact: (i % 5 == 0).then_some(true),
                source: PersonSource {
                    source: if i % 4 == 1 {
                        Source::PurchasedList
                    } else {
                        Source::Subject
                    },
                    supplier: (i % 4 == 1).then(|| "Listmäklaren AB".to_owned()),
                },
            };
            let (person, _) = ctx
                .store
                .create_person(&ctx.actor, T0, ctx.controller, &input)
                .await
                .unwrap();
            let id = person.id;
            if i % 2 == 0 {
                let consent = ConsentInput {
                    purpose: "newsletter".to_owned(),
                    channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
                    action: ConsentAction::Granted,
                    given_at: T0,
                    expires_at: (i % 6 == 0).then_some(T0 + Duration::days(365)),
                    source: "web_form".to_owned(),
                    evidence: Evidence::default(),
                };
                ctx.store
                    .record_consent(&ctx.actor, T0, &id, &consent)
                    .await
                    .unwrap();
                if i % 8 == 0 {
                    let withdrawn = ConsentInput {
                        action: ConsentAction::Withdrawn,
                        given_at: T0 + Duration::days(3),
                        channels: ChannelSet::of(&[Channel::Sms]),
                        ..consent
                    };
                    ctx.store
                        .record_consent(&ctx.actor, T0, &id, &withdrawn)
                        .await
                        .unwrap();
                }
            }
            if i % 3 == 0 {
                let relationship = RelationshipInput {
                    product_category: ProductCategory::parse("insurance").unwrap(),
                    started: date!(2025 - 01 - 01),
                    ended: (i % 9 == 0).then_some(date!(2025 - 12 - 31)),
                    deal: None,
                };
                ctx.store
                    .start_relationship(&ctx.actor, T0, &id, &relationship)
                    .await
                    .unwrap();
            }
            if i % 7 == 0 {
                let deal = DealInput {
                    title: None,
                    amount_minor: 10_000,
                    currency: "SEK".to_owned(),
                    stage: "won".to_owned(),
                    owner: None,
                    opened_at: T0,
                    closed_at: Some(T0),
                    product_category: None,
                };
                let (deal, _) = ctx
                    .store
                    .add_deal(&ctx.actor, T0, &id, &deal)
                    .await
                    .unwrap();
                let soft = SoftOptInInput {
                    kind: IdentifierKind::Email,
                    digest: ctx.store.keys().digest().digest("email", &email),
                    deal: deal.id,
                    product_category: "insurance".to_owned(),
                    opt_out_offered: i % 14 == 0,
                    obtained_at: T0,
                };
                ctx.store
                    .record_soft_opt_in(&ctx.actor, T0, &id, &soft)
                    .await
                    .unwrap();
            }
            if i % 6 == 1 {
                let call = CallRequestInput {
                    requested_at: T0 + Duration::hours(i.into()),
                    evidence: "asked on the phone".to_owned(),
                };
                ctx.store
                    .record_call_request(&ctx.actor, T0, &id, &call)
                    .await
                    .unwrap();
            }
            if i % 10 == 3 {
                ctx.store
                    .set_restriction(&ctx.actor, T0, &id, true, "accuracy contested", None)
                    .await
                    .unwrap();
            }
            ids.push(id);
        }
        // An erased person is in neither.
        let gone = ids.pop().unwrap();
        ctx.store
            .erase_person(&ctx.actor, T0, &gone, "test", &[])
            .await
            .unwrap();

        let scanned = facts_of(ctx, None).await;
        ids.sort();
        let one_by_one = facts_of(ctx, Some(&ids)).await;
        assert_eq!(scanned.len(), ids.len(), "every living person, once");
        assert!(!scanned.contains_key(&gone));
        assert_eq!(scanned, one_by_one);
        // The facts are really there, not empty on both sides.
        let all = scanned.values().cloned().collect::<Vec<_>>().join("\n");
        for fact in [
            "restricted true",
            "business true",
            "art14 true",
            "Withdrawn",
            "expires_at: Some",
            "ended: Some",
            "opt_out_offered: true",
        ] {
            assert!(all.contains(fact), "no person shows {fact}");
        }
    })
    .await;
}
