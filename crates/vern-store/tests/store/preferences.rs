//! `PreferenceStore`: what a person changes themselves (a one-click unsubscribe, the preference
//! centre, the GPC signal) is written only when it changes something, checked in the same
//! transaction, so a link followed twice records nothing twice.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::consent::ConsentAction;
use vern_core::objection::{ObjectionKind, ObjectionSourceKind};
use vern_core::{Channel, ChannelSet, LegalBasis};
use vern_store::model::{
    ConsentInput, Evidence, ObjectionContext, ObjectionInput, ObjectionSource,
};
use vern_store::store::{PeopleStore, PreferenceStore, SuppressionStore};

fn consent(action: ConsentAction, channels: &[Channel]) -> ConsentInput {
    ConsentInput {
        purpose: "newsletter".to_owned(),
        channels: ChannelSet::of(channels),
        action,
        given_at: T0,
        expires_at: None,
        source: "web_form".to_owned(),
        evidence: Evidence {
            text: Some("Newsletter (E-mail)".to_owned()),
            ..Evidence::default()
        },
    }
}

#[tokio::test]
async fn consent_changes_are_written_only_where_they_change_the_latest_event() {
    on_each_backend(async |ctx: &Ctx| {
        ctx.purpose("newsletter", LegalBasis::Consent, None, &[])
            .await;
        let person = ctx.person("Kim Berg", "+46701234567").await;
        let start = ctx.head().await;
        // Nothing recorded yet: a withdrawal is still written, as the person's own word.
        let seq = ctx
            .store
            .record_consent_changes(
                &ctx.actor,
                T0,
                &person.id,
                &[consent(ConsentAction::Withdrawn, &[Channel::Email])],
            )
            .await
            .unwrap();
        assert!(seq.is_some());
        assert_eq!(ctx.kinds_after(start).await, ["consent.withdrawn"]);

        // The same withdrawal again: nothing written.
        let before = ctx.head().await;
        let again = ctx
            .store
            .record_consent_changes(
                &ctx.actor,
                T0 + Duration::minutes(1),
                &person.id,
                &[consent(ConsentAction::Withdrawn, &[Channel::Email])],
            )
            .await
            .unwrap();
        assert_eq!(again, None);
        assert_eq!(ctx.head().await, before);

        // A grant on e-mail and SMS, and a withdrawal of SMS, in one transaction: the grant is
        // written on both channels, the withdrawal after it on SMS.
        let both = ctx
            .store
            .record_consent_changes(
                &ctx.actor,
                T0 + Duration::minutes(2),
                &person.id,
                &[
                    ConsentInput {
                        given_at: T0 + Duration::minutes(2),
                        ..consent(ConsentAction::Granted, &[Channel::Email, Channel::Sms])
                    },
                    ConsentInput {
                        given_at: T0 + Duration::minutes(3),
                        ..consent(ConsentAction::Withdrawn, &[Channel::Sms])
                    },
                ],
            )
            .await
            .unwrap();
        assert!(both.is_some());
        assert_eq!(
            ctx.kinds_after(before).await,
            ["consent.granted", "consent.withdrawn"]
        );
        let listed = ctx.store.list_consents(&person.id).await.unwrap();
        assert_eq!(
            listed.len(),
            4,
            "one withdrawal, two grants, one withdrawal"
        );
        assert_eq!(
            listed[0].evidence.as_ref().unwrap().text.as_deref(),
            Some("Newsletter (E-mail)")
        );

        // A grant that stands is not granted again; one that lapsed is.
        let regrant = |minute: i64| ConsentInput {
            given_at: T0 + Duration::minutes(minute),
            ..consent(ConsentAction::Granted, &[Channel::Email])
        };
        assert!(
            ctx.store
                .record_consent_changes(
                    &ctx.actor,
                    T0 + Duration::minutes(4),
                    &person.id,
                    &[regrant(4)]
                )
                .await
                .unwrap()
                .is_none(),
            "the grant of minute 2 stands"
        );
        let lapsing = ConsentInput {
            expires_at: Some(T0 + Duration::minutes(6)),
            ..regrant(5)
        };
        ctx.store
            .record_consent(&ctx.actor, T0 + Duration::minutes(5), &person.id, &lapsing)
            .await
            .unwrap();
        assert!(
            ctx.store
                .record_consent_changes(
                    &ctx.actor,
                    T0 + Duration::minutes(10),
                    &person.id,
                    &[regrant(10)]
                )
                .await
                .unwrap()
                .is_some(),
            "the grant of minute 5 lapsed at minute 6"
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}

#[tokio::test]
async fn an_objection_is_recorded_once_for_the_identifiers_it_does_not_cover_yet() {
    on_each_backend(async |ctx: &Ctx| {
        let (kind, first) = ctx.phone("+46701234567");
        let (_, second) = ctx.phone("+46709998877");
        let objection = |digests| ObjectionInput {
            kind: ObjectionKind::DirectMarketing,
            source: ObjectionSource {
                kind: ObjectionSourceKind::Gpc,
                agent_name: None,
                mandate_reference: None,
                mandate_verification: None,
            },
            controller: Some(ctx.controller),
            request_controller: ctx.controller,
            digests,
            agent_key: None,
            received_at: None,
        };
        let start = ctx.head().await;
        let (record, _) = ctx
            .store
            .record_objection_once(
                &ctx.actor,
                T0,
                &objection(vec![(kind, first)]),
                ObjectionContext::default(),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(record.source.kind, ObjectionSourceKind::Gpc);
        assert_eq!(ctx.kinds_after(start).await, ["objection.recorded"]);
        let standing = ctx.store.suppressions_with(&[first], false).await.unwrap();
        assert_eq!(standing.len(), 1);
        assert_eq!(standing[0].source, "objection:gpc");

        // The same again: nothing. With a second identifier: only that one is added.
        let before = ctx.head().await;
        let again = ctx
            .store
            .record_objection_once(
                &ctx.actor,
                T0,
                &objection(vec![(kind, first)]),
                ObjectionContext::default(),
            )
            .await
            .unwrap();
        assert!(again.is_none());
        assert_eq!(ctx.head().await, before);
        ctx.store
            .record_objection_once(
                &ctx.actor,
                T0,
                &objection(vec![(kind, first), (kind, second)]),
                ObjectionContext::default(),
            )
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            ctx.store
                .suppressions_with(&[first], false)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            ctx.store
                .suppressions_with(&[second], false)
                .await
                .unwrap()
                .len(),
            1
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
