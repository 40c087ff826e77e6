//! `ControllerStore`: a controller is made and changed; a purpose is declared and changed.

use crate::harness::{Ctx, T0, on_each_backend};
use vern_core::{ChannelSet, LegalBasis, Purpose, PurposeKey, RuleSet};
use vern_store::model::{ControllerFields, PurposeRecord};
use vern_store::store::ControllerStore;

#[tokio::test]
async fn controllers_and_their_purposes_are_saved_and_listed() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let mut fields = ControllerFields {
            key: "shop".to_owned(),
            name: "Shop AB".to_owned(),
            country: None,
            default_region: "SE".to_owned(),
            dpo_name: None,
            dpo_email: Some("dpo@shop.example".to_owned()),
            dpo_phone: None,
            privacy_notice_url: None,
            rules: RuleSet::EMPTY,
            public_form: true,
            time_zone: None,
        };
        let (shop, _) = ctx
            .store
            .create_controller(&ctx.actor, T0, &fields)
            .await
            .unwrap();
        // Keys are unique.
        assert!(
            ctx.store
                .create_controller(&ctx.actor, T0, &fields)
                .await
                .is_err()
        );
        fields.name = "Shop Nordic AB".to_owned();
        let (renamed, _) = ctx
            .store
            .update_controller(&ctx.actor, T0, shop.id, &fields)
            .await
            .unwrap();
        assert_eq!(renamed.name, "Shop Nordic AB");
        assert!(renamed.public_form && renamed.time_zone.is_none());
        // The public form closed and the calendar kept in Helsinki read back as saved.
        fields.public_form = false;
        fields.time_zone = Some(vern_core::zone::Zone::Helsinki);
        let (renamed, _) = ctx
            .store
            .update_controller(&ctx.actor, T0, shop.id, &fields)
            .await
            .unwrap();
        assert!(!renamed.public_form);
        assert_eq!(renamed.time_zone, Some(vern_core::zone::Zone::Helsinki));
        let all = ctx.store.list_controllers().await.unwrap();
        assert_eq!(all.len(), 2);
        assert!(all.contains(&renamed));

        // Art. 6(1)(a) and Art. 13(1)(c): a purpose names its legal basis.
        let mut purpose = PurposeRecord {
            controller: shop.id,
            purpose: Purpose {
                key: PurposeKey::parse("newsletter").unwrap(),
                name: "Newsletter".to_owned(),
                legal_basis: LegalBasis::Consent,
                direct_marketing: true,
                channels: ChannelSet::ALL,
                retention: None,
                description: "Offers by e-mail".to_owned(),
                dk_telemarketing_exception: false,
                product_category: None,
                retention_from: None,
            },
            processors: Vec::new(),
            recipients: Vec::new(),
            data_source: None,
            holds_fields: Vec::new(),
            created_at: T0,
            updated_at: T0,
        };
        ctx.store
            .save_purpose(&ctx.actor, T0, &purpose, true)
            .await
            .unwrap();
        purpose.purpose.name = "Weekly newsletter".to_owned();
        let (saved, _) = ctx
            .store
            .save_purpose(&ctx.actor, T0, &purpose, false)
            .await
            .unwrap();
        assert_eq!(saved.purpose.name, "Weekly newsletter");
        let listed = ctx.store.list_purposes(Some(shop.id)).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].purpose.name, "Weekly newsletter");
        assert!(
            ctx.store
                .list_purposes(Some(ctx.controller))
                .await
                .unwrap()
                .is_empty()
        );

        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "controller.created",
                "controller.updated",
                "controller.updated",
                "purpose.created",
                "purpose.updated"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
