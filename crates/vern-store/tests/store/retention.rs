//! `RetentionStore`: storage limitation (Art. 5(1)(e)): who is due, the fields of a purpose
//! that ended, old message metadata, and the run's record.

use crate::harness::{Ctx, T0, message, on_each_backend};
use time::Duration;
use vern_core::consent::ConsentAction;
use vern_core::{ChannelSet, LegalBasis};
use vern_store::ledger::RetentionRun;
use vern_store::model::{ConsentInput, CustomField, Evidence, PersonInput, Selection};
use vern_store::store::{ErasureStore, OutboxStore, PeopleStore, RetentionStore};

#[tokio::test]
async fn what_is_due_is_found_dropped_pruned_and_the_run_recorded() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
            .await;
        let start = ctx.head().await;
        let kim = ctx.person("Kim Berg", "+46701234567").await;
        let mut input = PersonInput {
            profile: kim.profile.clone(),
            digests: vec![ctx.phone("+46709998877")],
            lists: vec!["vip".to_owned()],
            business_contact: None,
            source: Default::default(),
        };
        input.profile.name = "Alex Lund".to_owned();
        input.profile.custom_fields = vec![CustomField {
            name: "shoe_size".to_owned(),
            value: "42".to_owned(),
            purpose: "newsletter".to_owned(),
        }];
        let (alex, _) = ctx
            .store
            .create_person(&ctx.actor, T0, ctx.controller, &input)
            .await
            .unwrap();
        let vip = Selection {
            lists: vec!["vip".to_owned()],
            ..Selection::default()
        };
        assert_eq!(
            ctx.store.select_people(&vip).await.unwrap(),
            vec![alex.id.clone()]
        );

        // A consent that expires ends its purpose (Art. 7(3) and 17(1)(b)).
        let consent = ConsentInput {
            purpose: "newsletter".to_owned(),
            channels: ChannelSet::ALL,
            action: ConsentAction::Granted,
            given_at: T0,
            expires_at: Some(T0 + Duration::days(30)),
            source: "web_form".to_owned(),
            evidence: Evidence::default(),
        };
        ctx.store
            .record_consent(&ctx.actor, T0, &alex.id, &consent)
            .await
            .unwrap();
        let later = T0 + Duration::days(31);
        assert_eq!(
            ctx.store.retention_candidates(later).await.unwrap(),
            vec![alex.id.clone()]
        );
        let (dropped, _) = ctx
            .store
            .drop_purpose_fields(&ctx.actor, later, &alex.id, &["newsletter".to_owned()])
            .await
            .unwrap();
        assert_eq!(dropped, 1);
        assert!(
            ctx.store
                .get_person(&alex.id)
                .await
                .unwrap()
                .profile
                .custom_fields
                .is_empty()
        );

        ctx.store
            .queue_messages(
                &ctx.actor,
                T0,
                &kim.id,
                ctx.controller,
                &[message("welcome")],
            )
            .await
            .unwrap();
        let claimed = ctx
            .store
            .claim_outbox(T0, Duration::minutes(5), 10)
            .await
            .unwrap();
        ctx.store
            .finish_outbox(&ctx.actor, T0, &claimed[0].id, Ok(()), None)
            .await
            .unwrap();
        assert_eq!(
            ctx.store
                .prunable_messages(T0 - Duration::days(1))
                .await
                .unwrap(),
            0
        );
        assert_eq!(ctx.store.prunable_messages(later).await.unwrap(), 1);
        let (pruned, _) = ctx
            .store
            .prune_messages(&ctx.actor, later, later)
            .await
            .unwrap();
        assert_eq!(pruned, 1);
        assert_eq!(ctx.store.prunable_messages(later).await.unwrap(), 0);

        ctx.store
            .erase_person(&ctx.actor, T0, &kim.id, "asked", &[])
            .await
            .unwrap();
        assert!(
            ctx.store
                .trash_due(T0 - Duration::days(1))
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            ctx.store.trash_due(later).await.unwrap(),
            vec![kim.id.clone()]
        );
        assert!(ctx.store.holds_ended(later).await.unwrap().is_empty());
        // No key belongs to someone who is gone: the keys of the living stay.
        assert_eq!(ctx.store.reconcile_keyring(later).await.unwrap(), 0);
        assert_eq!(ctx.store.get_person(&alex.id).await.unwrap().id, alex.id);

        let run = RetentionRun {
            dry_run: false,
            inactive: 0,
            messages: pruned,
            notices: 0,
            fields_purged: dropped,
            no_purpose: 0,
            purged: 0,
            holds_released: 0,
            rules: serde_json::json!([]),
        };
        ctx.store
            .record_retention_run(&ctx.actor, later, run)
            .await
            .unwrap();

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "person.created",
                "person.created",
                "consent.granted",
                "retention.fields_purged",
                "message.queued",
                "message.sent",
                "retention.messages_pruned",
                "person.erased",
                "retention.run"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
