//! `AdminStore`: the engine, its keys, migrations and the installation's claim.

use crate::harness::{Ctx, on_each_backend};
use vern_store::store::{AdminStore, ControllerStore};

#[tokio::test]
async fn a_claimed_store_answers_migrates_again_and_holds_its_default_controller() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.store.ping().await.unwrap();
        // Migrating a migrated store changes nothing.
        ctx.store.migrate().await.unwrap();
        // Digests are keyed by the installation: the same number, the same digest.
        assert_eq!(ctx.phone("+46701234567"), ctx.phone("+46701234567"));
        assert_ne!(ctx.phone("+46701234567"), ctx.phone("+46701234568"));
        let controllers = ctx.store.list_controllers().await.unwrap();
        assert_eq!(controllers.len(), 1);
        assert_eq!(controllers[0].key, "default");
        // The claim created the default controller, and said so in the ledger.
        assert_eq!(ctx.kinds_after(0).await, ["controller.created"]);
        ctx.assert_chain_intact().await;
    })
    .await;
}
