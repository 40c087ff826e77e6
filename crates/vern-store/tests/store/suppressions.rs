//! `SuppressionStore`: an objection to direct marketing (Art. 21(2)-(3)) suppresses an
//! identifier until the person withdraws it; the block list takes single entries and files.

use crate::harness::{Ctx, T0, on_each_backend};
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_store::StoreError;
use vern_store::model::{ObjectionInput, ObjectionSource, WithdrawalInput, WithdrawnBy};
use vern_store::store::SuppressionStore;

#[tokio::test]
async fn objections_and_the_block_list_become_suppressions_and_are_lifted() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let (kind, objected) = ctx.phone("+46701234567");
        let input = ObjectionInput {
            kind: ObjectionKind::DirectMarketing,
            source: ObjectionSource {
                kind: ObjectionSourceKind::Subject,
                agent_name: None,
                mandate_reference: None,
                mandate_verification: None,
            },
            controller: Some(ctx.controller),
            request_controller: ctx.controller,
            digests: vec![(kind, objected)],
            agent_key: None,
            received_at: None,
        };
        let (objection, _) = ctx
            .store
            .record_objection(&ctx.actor, T0, &input)
            .await
            .unwrap();
        assert_eq!(objection.kind, ObjectionKind::DirectMarketing);
        let standing = ctx
            .store
            .suppressions_with(&[objected], false)
            .await
            .unwrap();
        assert_eq!(standing.len(), 1);

        let (kind, blocked) = ctx.phone("+46709998877");
        let (entry, _) = ctx
            .store
            .blocklist_add(&ctx.actor, T0, kind, &blocked, "asked on the phone")
            .await
            .unwrap();
        // The same identifier twice is refused, and nothing is written.
        let before = ctx.head().await;
        assert!(matches!(
            ctx.store
                .blocklist_add(&ctx.actor, T0, kind, &blocked, "again")
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(ctx.head().await, before);
        let file = [
            ctx.phone("+46701111111"),
            ctx.phone("+46702222222"),
            (kind, blocked),
        ];
        let (imported, _) = ctx
            .store
            .blocklist_import(&ctx.actor, T0, &file, "partner list", "list.csv")
            .await
            .unwrap();
        assert_eq!((imported.added, imported.duplicates), (2, 1));
        let listed = ctx.store.list_blocklist(10, None).await.unwrap();
        assert_eq!(listed.len(), 3, "the single entry and the file's two");
        assert!(listed.iter().any(|s| s.id == entry.id));

        assert!(ctx.store.suppression_count_hint().await.unwrap() >= 4);
        let mut digests = Vec::new();
        let streamed = ctx
            .store
            .stream_suppressions(None, &mut |s| digests.push(s.digest))
            .await
            .unwrap();
        assert_eq!(streamed, 4, "objection, entry and the file's two");
        assert!(digests.contains(&objected) && digests.contains(&blocked));

        ctx.store
            .blocklist_remove(&ctx.actor, T0, &entry.id, "mistake")
            .await
            .unwrap();
        assert_eq!(ctx.store.list_blocklist(10, None).await.unwrap().len(), 2);
        assert_eq!(
            ctx.store
                .suppressions_with(&[blocked], true)
                .await
                .unwrap()
                .len(),
            1
        );

        let withdrawal = WithdrawalInput {
            controller: ctx.controller,
            person: None,
            digests: vec![objected],
            by: WithdrawnBy::Subject {
                verification: "sms_code".to_owned(),
                request: None,
            },
        };
        let (withdrawn, _) = ctx
            .store
            .withdraw_objection(&ctx.actor, T0, &withdrawal)
            .await
            .unwrap();
        assert_eq!(withdrawn.objections, [objection.id]);
        assert!(
            ctx.store
                .suppressions_with(&[objected], false)
                .await
                .unwrap()
                .is_empty()
        );
        // Nothing left to withdraw.
        assert!(matches!(
            ctx.store
                .withdraw_objection(&ctx.actor, T0, &withdrawal)
                .await,
            Err(StoreError::NotFound)
        ));

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "objection.recorded",
                "blocklist.added",
                "blocklist.imported",
                "blocklist.removed",
                "objection.withdrawn"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
