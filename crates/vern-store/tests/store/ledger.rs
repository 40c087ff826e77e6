//! `LedgerStore`: following, verifying and browsing the ledger, and a person's entries.

use crate::harness::{Ctx, T0, on_each_backend};
use vern_core::Role;
use vern_store::store::{ApiKeyStore, LedgerStore};

#[tokio::test]
async fn the_ledger_is_read_forward_backward_by_kind_and_by_person() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let person = ctx.person("Kim Berg", "+46701234567").await;
        ctx.store
            .create_api_key(&ctx.actor, T0, "crm", Role::Marketer)
            .await
            .unwrap();
        let head = ctx.head().await;
        assert_eq!(head, start + 2);

        let after = ctx.store.ledger_after(start, 10).await.unwrap();
        let seqs: Vec<i64> = after.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [start + 1, start + 2], "oldest first");
        assert_eq!(ctx.store.ledger_after(start, 1).await.unwrap().len(), 1);

        let page = ctx.store.ledger_page(None, None, 2).await.unwrap();
        let seqs: Vec<i64> = page.iter().map(|e| e.seq).collect();
        assert_eq!(seqs, [head, head - 1], "newest first");
        let older = ctx.store.ledger_page(Some(head), None, 10).await.unwrap();
        assert_eq!(older[0].seq, head - 1);
        let keys = ctx
            .store
            .ledger_page(None, Some("api_key"), 10)
            .await
            .unwrap();
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].kind, "api_key.created");
        // A prefix is a prefix, not a pattern: `%` cannot widen it.
        let wild = ctx.store.ledger_page(None, Some("%"), 10).await.unwrap();
        assert_eq!(wild.len(), 3, "{wild:?}");

        let about = ctx.store.ledger_for(&person.id).await.unwrap();
        let kinds: Vec<&str> = about.iter().map(|e| e.kind.as_str()).collect();
        assert_eq!(kinds, ["person.created"]);
        assert!(
            about
                .iter()
                .all(|e| e.subject.as_deref() == Some(&*person.id))
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
