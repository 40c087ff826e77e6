//! `RegisterStore`: national do-not-contact registers are imported version by version, and a
//! wash of a list against them is recorded.

use crate::harness::{Ctx, T0, on_each_backend};
use time::macros::date;
use vern_core::register::Register;
use vern_core::{Channel, ChannelSet};
use vern_store::model::{AppliedRegister, WashCounts, WashRecord};
use vern_store::store::RegisterStore;

#[tokio::test]
async fn a_new_register_version_supersedes_the_old_and_a_wash_is_recorded() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let phone = ChannelSet::of(&[Channel::Phone]);
        let first = [(ctx.phone("+46701234567").1, phone)];
        let (old, _) = ctx
            .store
            .import_register(
                &ctx.actor,
                T0,
                Register::NixTelefon,
                date!(2026 - 02 - 01),
                &first,
                "nix-1.txt",
                "d1",
            )
            .await
            .unwrap();
        let second = [
            (ctx.phone("+46701234567").1, phone),
            (ctx.phone("+46709998877").1, phone),
        ];
        let (new, _) = ctx
            .store
            .import_register(
                &ctx.actor,
                T0,
                Register::NixTelefon,
                date!(2026 - 03 - 01),
                &second,
                "nix-2.txt",
                "d2",
            )
            .await
            .unwrap();
        assert_eq!(new.entries, 2);
        let all = ctx.store.list_register_versions().await.unwrap();
        assert_eq!(all.len(), 2);
        let current = ctx.store.current_register_versions().await.unwrap();
        assert_eq!(current, vec![new.clone()]);
        assert!(
            all.iter()
                .any(|v| v.id == old.id && v.superseded_at.is_some())
        );

        let mut digests = Vec::new();
        let mut channels = Vec::new();
        ctx.store
            .stream_packed(&new.id, &mut |d, c| {
                digests.extend_from_slice(d);
                channels.extend_from_slice(c.unwrap_or_default());
            })
            .await
            .unwrap();
        assert_eq!(
            (digests.len(), channels.len()),
            (32, 2),
            "two digests, a channel byte each"
        );

        let wash = WashRecord {
            id: "w-1".to_owned(),
            controller: ctx.controller,
            purpose: "telemarketing".to_owned(),
            channel: Channel::Phone,
            list_name: "spring.csv".to_owned(),
            file_digest: "f".to_owned(),
            planned_at: T0,
            registers: vec![AppliedRegister {
                register: Register::NixTelefon,
                version_id: Some(new.id.clone()),
                version_date: Some(new.version_date),
                valid: true,
            }],
            counts: WashCounts {
                rows: 3,
                allowed: 1,
                rejected: 2,
                ..WashCounts::default()
            },
            via: "cli".to_owned(),
            created_at: T0,
        };
        ctx.store.record_wash(&ctx.actor, T0, &wash).await.unwrap();
        let got = ctx.store.get_wash("w-1").await.unwrap();
        assert_eq!(got.counts, wash.counts);
        assert_eq!(ctx.store.list_washes(10).await.unwrap().len(), 1);

        assert_eq!(
            ctx.kinds_after(start).await,
            ["register.imported", "register.imported", "wash.completed"]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
