//! `ApiKeyStore`: a key is made, found by its secret, listed and revoked.

use crate::harness::{Ctx, T0, on_each_backend};
use vern_core::Role;
use vern_store::store::ApiKeyStore;

#[tokio::test]
async fn a_key_is_found_by_its_secret_until_it_is_revoked() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let (key, secret) = ctx
            .store
            .create_api_key(&ctx.actor, T0, "crm", Role::Marketer)
            .await
            .unwrap();
        let found = ctx.store.find_api_key(&secret).await.unwrap().unwrap();
        assert_eq!(found.id, key.id);
        assert_eq!(found.role, Role::Marketer);
        assert!(
            ctx.store
                .find_api_key("not-a-secret")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(ctx.store.list_api_keys().await.unwrap().len(), 1);

        let revoked = ctx
            .store
            .revoke_api_key(&ctx.actor, T0, &key.id)
            .await
            .unwrap();
        assert!(revoked.revoked_at.is_some());
        assert!(ctx.store.find_api_key(&secret).await.unwrap().is_none());

        assert_eq!(
            ctx.kinds_after(start).await,
            ["api_key.created", "api_key.revoked"]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
