//! `OutboxStore`: messages to a person are queued, claimed for delivery, sent, retried or
//! given up; each attempt is in the ledger.

use crate::harness::{Ctx, T0, message, on_each_backend};
use time::Duration;
use vern_store::store::OutboxStore;

#[tokio::test]
async fn a_message_is_claimed_sent_or_retried_then_given_up() {
    on_each_backend(async |ctx: &Ctx| {
        let person = ctx.person("Kim Berg", "+46701234567").await;
        let start = ctx.head().await;
        let lease = Duration::minutes(5);
        ctx.store
            .queue_messages(
                &ctx.actor,
                T0,
                &person.id,
                ctx.controller,
                &[message("welcome")],
            )
            .await
            .unwrap();
        let claimed = ctx.store.claim_outbox(T0, lease, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        assert_eq!(
            claimed[0].message.as_ref().unwrap().template,
            "welcome",
            "opened"
        );
        // Claimed: nobody else takes it while the lease runs.
        assert!(
            ctx.store
                .claim_outbox(T0, lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        ctx.store
            .finish_outbox(&ctx.actor, T0, &claimed[0].id, Ok(()), None)
            .await
            .unwrap();

        ctx.store
            .queue_messages(
                &ctx.actor,
                T0,
                &person.id,
                ctx.controller,
                &[message("offer")],
            )
            .await
            .unwrap();
        let claimed = ctx.store.claim_outbox(T0, lease, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        let retry = T0 + Duration::hours(1);
        ctx.store
            .finish_outbox(
                &ctx.actor,
                T0,
                &claimed[0].id,
                Err("mailbox full".to_owned()),
                Some(retry),
            )
            .await
            .unwrap();
        assert!(
            ctx.store
                .claim_outbox(T0 + lease * 2, lease, 10)
                .await
                .unwrap()
                .is_empty()
        );
        let again = ctx.store.claim_outbox(retry, lease, 10).await.unwrap();
        assert_eq!(again.len(), 1);
        ctx.store
            .finish_outbox(
                &ctx.actor,
                retry,
                &again[0].id,
                Err("mailbox full".to_owned()),
                None,
            )
            .await
            .unwrap();
        assert!(
            ctx.store
                .claim_outbox(retry + Duration::days(1), lease, 10)
                .await
                .unwrap()
                .is_empty()
        );

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "message.queued",
                "message.sent",
                "message.queued",
                "message.retrying",
                "message.failed"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
