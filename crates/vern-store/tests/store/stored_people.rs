//! A re-import reads what is stored of a whole batch of people at once
//! (`PeopleStore::stored_people`, and the suppressions of all their identifiers with
//! `SuppressionStore::suppression_rows_with`). It must say exactly what the one-person reads
//! say, or a re-import would report a person `unchanged` who is not (a consent withdrawn, an
//! objection standing: GDPR Art. 7(3), 21(3)) or record again what is already recorded.

use crate::harness::{Ctx, T0, on_each_backend};
use std::collections::HashSet;
use time::Duration;
use time::macros::date;
use vern_core::ProductCategory;
use vern_core::consent::ConsentAction;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{Channel, ChannelSet, IdentifierDigest, IdentifierKind, LegalBasis};
use vern_store::model::{
    ConsentInput, Evidence, ObjectionInput, ObjectionSource, PersonInput, Profile,
    RelationshipInput, StoredPerson, WithdrawalInput, WithdrawnBy,
};
use vern_store::store::{
    AdminStore, CustomerStore, ErasureStore, MarketingStore, PeopleStore, SuppressionStore,
};

fn objection(
    ctx: &Ctx,
    all: bool,
    digests: Vec<(IdentifierKind, IdentifierDigest)>,
) -> ObjectionInput {
    ObjectionInput {
        kind: ObjectionKind::DirectMarketing,
        source: ObjectionSource {
            kind: ObjectionSourceKind::Subject,
            agent_name: None,
            mandate_reference: None,
            mandate_verification: None,
        },
        controller: (!all).then_some(ctx.controller),
        request_controller: ctx.controller,
        digests,
        agent_key: None,
        received_at: None,
    }
}

/// People with every kind of fact a re-import compares; returns their ids and identifiers.
async fn people(ctx: &Ctx) -> Vec<(String, Vec<(IdentifierKind, IdentifierDigest)>)> {
    ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
        .await;
    let mut out = Vec::new();
    for i in 0..12_u32 {
        let e164 = format!("+4670{:07}", 2_000_000 + i);
        let email = format!("s{i}@example.se");
        let digests = vec![
            ctx.phone(&e164),
            (
                IdentifierKind::Email,
                ctx.store.keys().digest().digest("email", &email),
            ),
        ];
        let input = PersonInput {
            profile: Profile {
                name: format!("Stored {i}"),
                phones: vec![e164],
                emails: vec![email],
                ..Profile::default()
            },
            digests: digests.clone(),
            lists: vec!["vip".to_owned(), "customers".to_owned()],
            business_contact: (i % 5 == 0).then_some(true),
            source: Default::default(),
        };
        let (person, _) = ctx
            .store
            .create_person(&ctx.actor, T0, ctx.controller, &input)
            .await
            .unwrap();
        let id = person.id;
        if i % 2 == 0 {
            let grant = ConsentInput {
                purpose: "newsletter".to_owned(),
                channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
                action: ConsentAction::Granted,
                given_at: T0 - Duration::days(i.into()),
                expires_at: (i % 6 == 0).then_some(T0 + Duration::days(365)),
                source: "web_form".to_owned(),
                evidence: Evidence {
                    text: Some(format!("Yes to the newsletter ({i})")),
                    version: Some("v2".to_owned()),
                    ..Evidence::default()
                },
            };
            ctx.store
                .record_consent(&ctx.actor, T0, &id, &grant)
                .await
                .unwrap();
            if i % 4 == 0 {
                let withdrawal = ConsentInput {
                    action: ConsentAction::Withdrawn,
                    given_at: T0 + Duration::days(2),
                    channels: ChannelSet::of(&[Channel::Sms]),
                    ..grant
                };
                ctx.store
                    .record_consent(&ctx.actor, T0, &id, &withdrawal)
                    .await
                    .unwrap();
            }
        }
        if i % 3 == 0 {
            for (started, ended) in [
                (
                    date!(2025 - 01 - 01),
                    (i % 6 == 0).then_some(date!(2025 - 12 - 31)),
                ),
                (date!(2024 - 05 - 01), None),
            ] {
                let relationship = RelationshipInput {
                    product_category: ProductCategory::parse("insurance").unwrap(),
                    started,
                    ended,
                    deal: None,
                };
                ctx.store
                    .start_relationship(&ctx.actor, T0, &id, &relationship)
                    .await
                    .unwrap();
            }
        }
        match i {
            // An objection that stands, for this controller.
            1 => {
                ctx.store
                    .record_objection(&ctx.actor, T0, &objection(ctx, false, vec![digests[0]]))
                    .await
                    .unwrap();
            }
            // An objection withdrawn by the person.
            2 => {
                ctx.store
                    .record_objection(&ctx.actor, T0, &objection(ctx, false, vec![digests[0]]))
                    .await
                    .unwrap();
                let withdrawal = WithdrawalInput {
                    controller: ctx.controller,
                    person: Some(id.clone()),
                    digests: vec![digests[0].1],
                    by: WithdrawnBy::Subject {
                        verification: "sms_code".to_owned(),
                        request: None,
                    },
                };
                ctx.store
                    .withdraw_objection(&ctx.actor, T0, &withdrawal)
                    .await
                    .unwrap();
            }
            // An objection to every controller's marketing.
            3 => {
                ctx.store
                    .record_objection(&ctx.actor, T0, &objection(ctx, true, vec![digests[1]]))
                    .await
                    .unwrap();
            }
            7 => {
                ctx.store
                    .set_restriction(&ctx.actor, T0, &id, true, "accuracy contested", None)
                    .await
                    .unwrap();
            }
            _ => {}
        }
        out.push((id, digests));
    }
    // A block-list file (kept packed) with person 4's phone number.
    ctx.store
        .blocklist_import(&ctx.actor, T0, &[out[4].1[0]], "partner list", "list.csv")
        .await
        .unwrap();
    out
}

/// What the one-person reads say of a person.
async fn one_by_one(ctx: &Ctx, id: &str) -> StoredPerson {
    StoredPerson {
        person: ctx.store.get_person(id).await.unwrap(),
        consents: ctx.store.list_consents(id).await.unwrap(),
        relationships: ctx.store.list_relationships(id).await.unwrap(),
        business_contact: ctx.store.is_business_contact(id).await.unwrap(),
    }
}

#[tokio::test]
async fn the_batched_read_of_stored_people_says_what_the_one_person_reads_say() {
    on_each_backend(async |ctx: &Ctx| {
        let mut people = people(ctx).await;
        let (gone, _) = people.pop().unwrap();
        ctx.store
            .erase_person(&ctx.actor, T0, &gone, "test", &[])
            .await
            .unwrap();
        // More ids than one query takes (500): people never stored between the real ones, so
        // the real ones fall in two chunks; the erased person and the unknown ids are left out.
        let mut ids: Vec<String> = people[..5].iter().map(|(id, _)| id.clone()).collect();
        ids.extend((0..520).map(|_| uuid::Uuid::now_v7().to_string()));
        ids.extend(people[5..].iter().map(|(id, _)| id.clone()));
        ids.push(gone.clone());

        let batched = ctx.store.stored_people(&ids).await.unwrap();
        let mut expected = Vec::new();
        for (id, _) in &people {
            expected.push(one_by_one(ctx, id).await);
        }
        assert_eq!(batched.len(), people.len(), "every live person, once");
        assert_eq!(batched, expected);
        // The facts are really there, not empty on both sides.
        let all = format!("{batched:?}");
        for fact in [
            "action: Withdrawn",
            "expires_at: Some",
            "ended: Some",
            "restricted_at: Some",
            "business_contact: true",
            "Yes to the newsletter (8)",
        ] {
            assert!(all.contains(fact), "no person shows {fact}");
        }
        assert!(
            batched
                .iter()
                .all(|s| s.person.lists == ["customers", "vip"])
        );
        assert_eq!(
            batched
                .iter()
                .filter(|s| s.relationships.len() == 2)
                .count(),
            4
        );

        // The suppressions of everybody's identifiers, read at once, are each person's.
        let digests: Vec<IdentifierDigest> = people
            .iter()
            .flat_map(|(_, d)| d.iter().map(|(_, d)| *d))
            .collect();
        let at_once = ctx
            .store
            .suppression_rows_with(&digests, false)
            .await
            .unwrap();
        let mut objected = HashSet::new();
        for (i, (_, mine)) in people.iter().enumerate() {
            let mine: Vec<IdentifierDigest> = mine.iter().map(|(_, d)| *d).collect();
            let hex: Vec<String> = mine.iter().map(IdentifierDigest::to_hex).collect();
            let share: Vec<_> = at_once
                .iter()
                .filter(|s| hex.contains(&s.digest))
                .cloned()
                .collect();
            let alone = ctx.store.suppressions_with(&mine, false).await.unwrap();
            // Only the packed block-list entries are left out of the rows.
            let rows: Vec<_> = alone
                .iter()
                .filter(|s| s.source != "blocklist")
                .cloned()
                .collect();
            assert_eq!(share, rows, "person {i}");
            assert_eq!(alone.len() - rows.len(), usize::from(i == 4), "person {i}");
            if share.iter().any(|s| s.source.starts_with("objection:")) {
                objected.insert(i);
            }
        }
        assert_eq!(
            objected,
            HashSet::from([1, 3]),
            "the withdrawn one no longer stands"
        );
        assert!(
            at_once
                .iter()
                .any(|s| s.source.starts_with("objection:") && s.controller.is_none())
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
