//! `ShareLinkStore`: a share link to a person's report is made, opened (a disclosure, Art. 15),
//! and revoked; a report for staff is a disclosure too.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_store::ledger::{LinkDisclosed, ReportGenerated};
use vern_store::model::Disclosure;
use vern_store::store::{LedgerStore, ShareLinkStore};

#[tokio::test]
async fn a_link_is_opened_counted_and_revoked_and_each_disclosure_recorded() {
    on_each_backend(async |ctx: &Ctx| {
        let person = ctx.person("Kim Berg", "+46701234567").await;
        let start = ctx.head().await;
        let token = [3u8; 32];
        let (link, _) = ctx
            .store
            .create_share_link(&ctx.actor, T0, &person.id, &token, T0 + Duration::days(7))
            .await
            .unwrap();
        assert_eq!(
            ctx.store.find_share_link(&token).await.unwrap(),
            Some(link.clone())
        );
        assert!(
            ctx.store
                .find_share_link(&[4u8; 32])
                .await
                .unwrap()
                .is_none()
        );

        let opened = LinkDisclosed {
            link: link.id.clone(),
            format: None,
        };
        ctx.store
            .record_disclosure(&ctx.actor, T0, &person.id, Disclosure::LinkOpened(opened))
            .await
            .unwrap();
        let downloaded = LinkDisclosed {
            link: link.id.clone(),
            format: Some("csv".to_owned()),
        };
        ctx.store
            .record_disclosure(
                &ctx.actor,
                T0,
                &person.id,
                Disclosure::Downloaded(downloaded),
            )
            .await
            .unwrap();
        let report = ReportGenerated {
            format: "html".to_owned(),
            schema: "vern.access-report/1".to_owned(),
            via: Some("ui".to_owned()),
        };
        ctx.store
            .record_disclosure(&ctx.actor, T0, &person.id, Disclosure::Report(report))
            .await
            .unwrap();
        let links = ctx.store.list_share_links(&person.id).await.unwrap();
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].opened, 2,
            "the page and the download, not the staff report"
        );

        let (revoked, _) = ctx
            .store
            .revoke_share_link(&ctx.actor, T0, &link.id)
            .await
            .unwrap();
        assert!(revoked.revoked_at.is_some());

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "share_link.created",
                "share_link.opened",
                "export.downloaded",
                "report.generated",
                "share_link.revoked"
            ]
        );
        // The disclosures are about the person, with the payloads the server always wrote.
        let about = ctx.store.ledger_for(&person.id).await.unwrap();
        let payloads: Vec<&str> = about
            .iter()
            .filter(|e| e.kind != "person.created" && !e.kind.starts_with("share_link.c"))
            .filter(|e| e.kind != "share_link.revoked")
            .map(|e| e.payload.as_str())
            .collect();
        assert_eq!(
            payloads,
            [
                format!(r#"{{"link":"{}"}}"#, link.id),
                format!(r#"{{"format":"csv","link":"{}"}}"#, link.id),
                r#"{"format":"html","schema":"vern.access-report/1","via":"ui"}"#.to_owned(),
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
