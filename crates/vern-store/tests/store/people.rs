//! `PeopleStore`: a person is created, found, rectified (Art. 16), consents (Art. 7) and is
//! restricted (Art. 18).

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::consent::ConsentAction;
use vern_core::{Channel, ChannelSet, LegalBasis};
use vern_store::StoreError;
use vern_store::model::{ConsentInput, Evidence, PersonIndexFacts, PersonInput};
use vern_store::store::PeopleStore;

#[tokio::test]
async fn a_person_is_found_rectified_consents_and_is_restricted() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
            .await;
        let start = ctx.head().await;
        let person = ctx.person("Kim Berg", "+46701234567").await;
        assert_eq!(ctx.store.get_person(&person.id).await.unwrap(), person);
        let (_, digest) = ctx.phone("+46701234567");
        let found = ctx
            .store
            .find_people(ctx.controller, &[digest])
            .await
            .unwrap();
        assert_eq!(found, vec![person.clone()]);

        // Art. 16: the new number replaces the old one, in the profile and in the index.
        let mut profile = person.profile.clone();
        profile.phones = vec!["+46709998877".to_owned()];
        let input = PersonInput {
            profile,
            digests: vec![ctx.phone("+46709998877")],
            lists: Vec::new(),
            business_contact: None,
            source: Default::default(),
        };
        let (updated, _) = ctx
            .store
            .update_person(&ctx.actor, T0, &person.id, &input, None, &[])
            .await
            .unwrap();
        assert_eq!(updated.profile.phones, ["+46709998877"]);
        assert!(
            ctx.store
                .find_people(ctx.controller, &[digest])
                .await
                .unwrap()
                .is_empty()
        );

        let consent = ConsentInput {
            purpose: "newsletter".to_owned(),
            channels: ChannelSet::of(&[Channel::Email, Channel::Sms]),
            action: ConsentAction::Granted,
            given_at: T0,
            expires_at: Some(T0 + Duration::days(365)),
            source: "web_form".to_owned(),
            evidence: Evidence {
                text: Some("Yes, send me offers".to_owned()),
                ..Evidence::default()
            },
        };
        let (records, _) = ctx
            .store
            .record_consent(&ctx.actor, T0, &person.id, &consent)
            .await
            .unwrap();
        assert_eq!(records.len(), 2, "one per channel");
        let listed = ctx.store.list_consents(&person.id).await.unwrap();
        assert_eq!(listed.len(), 2);
        assert_eq!(
            listed[0].evidence.as_ref().unwrap().text,
            consent.evidence.text
        );
        // A purpose the controller never declared is refused, and nothing is written.
        let before = ctx.head().await;
        let unknown = ConsentInput {
            purpose: "telemarketing".to_owned(),
            ..consent
        };
        assert!(matches!(
            ctx.store
                .record_consent(&ctx.actor, T0, &person.id, &unknown)
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(ctx.head().await, before);

        ctx.store
            .set_restriction(&ctx.actor, T0, &person.id, true, "accuracy contested", None)
            .await
            .unwrap();
        assert!(
            ctx.store
                .get_person(&person.id)
                .await
                .unwrap()
                .restricted_at
                .is_some()
        );
        let mut facts = Vec::new();
        ctx.store
            .person_facts(
                Some(std::slice::from_ref(&person.id)),
                &mut |f: PersonIndexFacts| {
                    facts.push(f);
                },
            )
            .await
            .unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].id, person.id);
        let later = T0 + Duration::days(1);
        let (lifted, _) = ctx
            .store
            .set_restriction(&ctx.actor, later, &person.id, false, "corrected", None)
            .await
            .unwrap();
        assert!(lifted.lifted_at.is_some());
        let restrictions = ctx.store.list_restrictions(&person.id).await.unwrap();
        assert_eq!(restrictions.len(), 1);
        assert_eq!(
            restrictions[0].reason.as_deref(),
            Some("accuracy contested")
        );
        let (any, erased) = ctx.store.get_person_any(&person.id).await.unwrap();
        assert_eq!((any.id.as_str(), erased), (person.id.as_str(), None));

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "person.created",
                "person.updated",
                "consent.granted",
                "restriction.placed",
                "restriction.lifted"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}

/// An import batch: people created and updated in one transaction, a `person.imported` each and
/// an `import.batch` for the batch; the external id finds the person again.
#[tokio::test]
async fn an_import_batch_creates_and_updates_people_in_one_transaction() {
    use vern_store::model::{ImportBatch, ImportedPerson, Profile};
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
            .await;
        let start = ctx.head().await;
        let key = |x: &str| {
            vern_store::store::AdminStore::keys(&ctx.store)
                .digest()
                .digest("external_id", x)
        };
        let imported =
            |line: u64, name: &str, phone: &str, existing: Option<String>| ImportedPerson {
                line,
                existing,
                external_key: Some(key(name)),
                person: PersonInput {
                    profile: Profile {
                        name: name.to_owned(),
                        phones: vec![phone.to_owned()],
                        external_id: Some(name.to_owned()),
                        ..Profile::default()
                    },
                    digests: vec![ctx.phone(phone)],
                    lists: vec!["club".to_owned()],
                    business_contact: None,
                    source: Default::default(),
                },
                consents: vec![ConsentInput {
                    purpose: "newsletter".to_owned(),
                    channels: ChannelSet::of(&[Channel::Sms]),
                    action: ConsentAction::Granted,
                    given_at: T0,
                    expires_at: None,
                    source: "import".to_owned(),
                    evidence: Evidence::default(),
                }],
                relationships: Vec::new(),
                objections: Vec::new(),
                activities: Vec::new(),
                deals: Vec::new(),
                todos: Vec::new(),
            };
        let people = [
            imported(2, "Kim", "+46701234567", None),
            imported(3, "Lo", "+46701234568", None),
        ];
        let batch = ImportBatch {
            import: "run-1",
            number: 1,
            people: &people,
            unchanged: 0,
            rejected: 1,
            via: "cli",
        };
        let (written, _) = ctx
            .store
            .import_people(&ctx.actor, T0, ctx.controller, &batch)
            .await
            .unwrap();
        assert_eq!(written.created.len(), 2);
        assert_eq!(written.created[0].0, 2, "with its line");
        let kim = written.created[0].1.clone();
        let person = ctx.store.get_person(&kim).await.unwrap();
        assert_eq!(person.lists, ["club"]);
        assert_eq!(ctx.store.list_consents(&kim).await.unwrap().len(), 1);
        let holders = ctx
            .store
            .external_holders(ctx.controller, &[key("Kim"), key("nobody")])
            .await
            .unwrap();
        assert_eq!(holders.len(), 1);
        assert_eq!(
            (holders[0].person.as_str(), holders[0].erased),
            (kim.as_str(), false)
        );
        let (_, d) = ctx.phone("+46701234568");
        let held = ctx
            .store
            .identifier_holders(ctx.controller, &[d])
            .await
            .unwrap();
        assert_eq!(held, [(d, written.created[1].1.clone())]);

        // Kim again, with another number: updated in place.
        let again = [imported(2, "Kim", "+46709998877", Some(kim.clone()))];
        let batch = ImportBatch {
            number: 2,
            people: &again,
            rejected: 0,
            ..batch
        };
        let (written, _) = ctx
            .store
            .import_people(&ctx.actor, T0, ctx.controller, &batch)
            .await
            .unwrap();
        assert_eq!(written.updated, [(2, kim.clone())]);
        assert_eq!(
            ctx.store.get_person(&kim).await.unwrap().profile.phones,
            ["+46709998877"]
        );
        assert_eq!(ctx.store.people_of(ctx.controller).await.unwrap().len(), 2);
        let seq = ctx
            .store
            .record_people_export(&ctx.actor, T0, ctx.controller, "csv", 2, "cli")
            .await
            .unwrap();
        assert!(seq > start);
        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "person.imported",
                "person.imported",
                "import.batch",
                "person.imported",
                "import.batch",
                "people.exported"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
