//! `WebhookStore`: a recipient is told of a restriction (Art. 19), the notice is delivered,
//! and the recipient is disabled.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_store::StoreError;
use vern_store::store::{PeopleStore, WebhookStore};

#[tokio::test]
async fn a_restriction_is_noticed_to_its_recipient_once_and_delivered() {
    on_each_backend(async |ctx: &Ctx| {
        let person = ctx.person("Kim Berg", "+46701234567").await;
        let start = ctx.head().await;
        let events = vec!["restriction".to_owned()];
        let (hook, _) = ctx
            .store
            .create_webhook(
                &ctx.actor,
                T0,
                "crm",
                "https://crm.example/hook",
                &events,
                "s3cret",
                None,
            )
            .await
            .unwrap();
        assert_eq!(ctx.store.list_webhooks().await.unwrap(), vec![hook.clone()]);
        let before = ctx.head().await;
        assert!(matches!(
            ctx.store
                .create_webhook(
                    &ctx.actor,
                    T0,
                    "x",
                    "https://x.example",
                    &["hologram".to_owned()],
                    "s",
                    None,
                )
                .await,
            Err(StoreError::Invalid(_))
        ));
        assert_eq!(
            ctx.head().await,
            before,
            "a refused recipient writes nothing"
        );

        ctx.store
            .set_restriction(&ctx.actor, T0, &person.id, true, "accuracy contested", None)
            .await
            .unwrap();
        assert_eq!(ctx.store.queue_notices(T0).await.unwrap(), 1);
        assert_eq!(
            ctx.store.queue_notices(T0).await.unwrap(),
            0,
            "each entry once"
        );
        let lease = Duration::minutes(5);
        let claimed = ctx.store.claim_deliveries(T0, lease, 10).await.unwrap();
        assert_eq!(claimed.len(), 1);
        let (delivery, url, secret) = &claimed[0];
        assert_eq!(
            (url.as_str(), secret.as_str()),
            ("https://crm.example/hook", "s3cret")
        );
        assert_eq!(delivery.event, "restriction");
        assert!(
            ctx.store
                .claim_deliveries(T0, lease, 10)
                .await
                .unwrap()
                .is_empty(),
            "leased"
        );
        ctx.store
            .finish_delivery(T0, &delivery.id, Some(200), None, None)
            .await
            .unwrap();
        let deliveries = ctx.store.list_deliveries(&hook.id).await.unwrap();
        assert_eq!(deliveries.len(), 1);
        assert_eq!(deliveries[0].state, "delivered");

        ctx.store
            .disable_webhook(&ctx.actor, T0, &hook.id)
            .await
            .unwrap();
        assert!(
            ctx.store.list_webhooks().await.unwrap()[0]
                .disabled_at
                .is_some()
        );

        assert_eq!(
            ctx.kinds_after(start).await,
            ["webhook.created", "restriction.placed", "webhook.disabled"]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
