//! `ErasureStore`: erasure (Art. 17) through the recycle bin, a restore, a purge, and a legal
//! hold (Art. 17(3)(b)) that keeps what the law requires.

use crate::harness::{Ctx, T0, message, on_each_backend};
use time::Duration;
use vern_core::{LegalBasis, Retention};
use vern_store::StoreError;
use vern_store::model::{CustomField, PersonInput, PurgeKind};
use vern_store::store::{ErasureStore, PeopleStore};

#[tokio::test]
async fn a_person_goes_to_the_bin_comes_back_and_is_purged_but_a_hold_keeps_its_part() {
    on_each_backend(async |ctx: &Ctx| {
        // Bookkeeping law: invoices are kept seven years.
        ctx.purpose(
            "bookkeeping",
            LegalBasis::LegalObligation,
            Some(Retention::years(7)),
            &[],
        )
        .await;
        let start = ctx.head().await;
        let kim = ctx.person("Kim Berg", "+46701234567").await;
        ctx.store
            .erase_person(&ctx.actor, T0, &kim.id, "asked", &[message("erasure")])
            .await
            .unwrap();
        assert!(matches!(
            ctx.store.get_person(&kim.id).await,
            Err(StoreError::NotFound)
        ));
        let trash = ctx.store.list_trash().await.unwrap();
        assert_eq!(trash.len(), 1);
        assert_eq!(
            (trash[0].id.as_str(), trash[0].held),
            (kim.id.as_str(), false)
        );
        let (_, erased) = ctx.store.get_person_any(&kim.id).await.unwrap();
        assert!(erased.is_some());

        ctx.store
            .restore_person(&ctx.actor, T0, &kim.id, &[])
            .await
            .unwrap();
        assert_eq!(ctx.store.get_person(&kim.id).await.unwrap().id, kim.id);
        assert!(ctx.store.list_trash().await.unwrap().is_empty());

        let digests = vec!["aa".to_owned()];
        let (outcome, _) = ctx
            .store
            .purge_person(&ctx.actor, T0, &kim.id, PurgeKind::Purged, digests.clone())
            .await
            .unwrap();
        assert!(outcome.shredded && outcome.kept.is_empty(), "{outcome:?}");
        assert!(matches!(
            ctx.store.get_person_any(&kim.id).await,
            Err(StoreError::NotFound)
        ));

        let mut input = PersonInput {
            profile: kim.profile.clone(),
            digests: vec![ctx.phone("+46709998877")],
            lists: Vec::new(),
            business_contact: None,
            source: Default::default(),
        };
        input.profile.name = "Alex Lund".to_owned();
        input.profile.custom_fields = vec![CustomField {
            name: "invoice".to_owned(),
            value: "2026-17".to_owned(),
            purpose: "bookkeeping".to_owned(),
        }];
        let (alex, _) = ctx
            .store
            .create_person(&ctx.actor, T0, ctx.controller, &input)
            .await
            .unwrap();
        let holds = ctx.store.holds_for(&alex.id, T0).await.unwrap();
        assert_eq!(holds.len(), 1);
        assert_eq!(holds[0].fields, ["custom:invoice"]);
        assert!(
            ctx.store
                .holds_for(&alex.id, T0 + Duration::days(366 * 8))
                .await
                .unwrap()
                .is_empty()
        );
        let (outcome, _) = ctx
            .store
            .purge_person(&ctx.actor, T0, &alex.id, PurgeKind::Anonymized, digests)
            .await
            .unwrap();
        assert!(!outcome.shredded, "the key stays while the hold does");
        assert_eq!(outcome.kept, holds);
        assert_eq!(ctx.store.person_holds(&alex.id).await.unwrap(), holds);
        let (kept, _) = ctx.store.get_person_any(&alex.id).await.unwrap();
        assert_eq!(kept.profile.custom_fields, input.profile.custom_fields);
        assert!(kept.profile.phones.is_empty(), "only what the hold keeps");

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "person.created",
                "message.queued",
                "person.erased",
                "person.restored",
                "person.purged",
                "person.created",
                "person.anonymized"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
