//! `PeopleStore`: a person is created, found, rectified (Art. 16), consents (Art. 7) and is
//! restricted (Art. 18).

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::consent::ConsentAction;
use vern_core::{Channel, ChannelSet, LegalBasis};
use vern_store::StoreError;
use vern_store::model::{ConsentInput, Evidence, PersonInput};
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
            .update_person(&ctx.actor, T0, &person.id, &input, None)
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
            .person_facts(Some(std::slice::from_ref(&person.id)), &mut |f| {
                facts.push(f);
            })
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
