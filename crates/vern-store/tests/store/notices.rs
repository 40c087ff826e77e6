//! `NoticeStore`: a person bought from a list owes the Art. 14 notice (GDPR Art. 14(3)), which
//! is queued, delivered, or excused on an Art. 14(5) ground, each step with its ledger entry.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::notice::{Exemption, Source};
use vern_store::StoreError;
use vern_store::model::{
    ART14_TEMPLATE, NewMessage, PersonIndexFacts, PersonInput, PersonSource, Profile,
};
use vern_store::store::{AdminStore, NoticeStore, OutboxStore, PeopleStore};

fn bought(ctx: &Ctx, name: &str, email: Option<&str>, e164: &str) -> PersonInput {
    PersonInput {
        profile: Profile {
            name: name.to_owned(),
            phones: vec![e164.to_owned()],
            emails: email.iter().map(|e| (*e).to_owned()).collect(),
            ..Profile::default()
        },
        digests: email
            .map(|e| {
                (
                    vern_core::IdentifierKind::Email,
                    ctx.store.keys().digest().digest("email", e),
                )
            })
            .into_iter()
            .chain([ctx.phone(e164)])
            .collect(),
        lists: Vec::new(),
        business_contact: None,
        source: PersonSource {
            source: Source::PurchasedList,
            supplier: Some("Listmäklaren AB".to_owned()),
        },
    }
}

#[tokio::test]
async fn a_bought_persons_notice_is_owed_queued_sent_or_excused() {
    on_each_backend(async |ctx: &Ctx| {
        let start = ctx.head().await;
        let (anna, _) = ctx
            .store
            .create_person(
                &ctx.actor,
                T0,
                ctx.controller,
                &bought(ctx, "Anna", Some("anna@example.se"), "+46701234567"),
            )
            .await
            .unwrap();
        let (bo, _) = ctx
            .store
            .create_person(
                &ctx.actor,
                T0,
                ctx.controller,
                &bought(ctx, "Bo", None, "+46709998877"),
            )
            .await
            .unwrap();
        let own = ctx.person("Cia", "+46705550000").await;
        assert_eq!(ctx.store.art14_notice(&own.id).await.unwrap(), None);
        let notice = ctx.store.art14_notice(&anna.id).await.unwrap().unwrap();
        assert_eq!(notice.state, "owed");
        assert_eq!(notice.source, "purchased_list");
        assert_eq!(notice.supplier.as_deref(), Some("Listmäklaren AB"));
        assert_eq!(notice.due_at, T0 + Duration::days(31));
        // The index knows who waits.
        let mut pending = Vec::new();
        ctx.store
            .person_facts(None, &mut |f: PersonIndexFacts| {
                if f.facts.art14_pending {
                    pending.push(f.id);
                }
            })
            .await
            .unwrap();
        pending.sort();
        let mut expected = vec![anna.id.clone(), bo.id.clone()];
        expected.sort();
        assert_eq!(pending, expected);

        // Only Anna has an e-mail address; with an SMS path Bo's phone counts too.
        let owed = ctx.store.owed_art14_notices(false, 10).await.unwrap();
        assert_eq!(owed.len(), 1);
        assert_eq!(owed[0].person_id, anna.id);
        assert_eq!(
            ctx.store.owed_art14_notices(true, 10).await.unwrap().len(),
            2
        );
        let counts = ctx.store.art14_counts(T0, false).await.unwrap();
        assert_eq!((counts.owed, counts.overdue, counts.no_address), (2, 0, 1));
        let late = ctx
            .store
            .art14_counts(T0 + Duration::days(32), true)
            .await
            .unwrap();
        assert_eq!((late.owed, late.overdue, late.no_address), (2, 2, 0));

        // Anna's is queued, then delivered.
        let message = NewMessage {
            channel: "email".to_owned(),
            to: "anna@example.se".to_owned(),
            subject: "s".to_owned(),
            body: "b".to_owned(),
            template: ART14_TEMPLATE.to_owned(),
            language: "sv".to_owned(),
            from: None,
        };
        ctx.store
            .queue_art14_notice(&ctx.actor, T0, &anna.id, &message)
            .await
            .unwrap();
        assert!(matches!(
            ctx.store
                .queue_art14_notice(&ctx.actor, T0, &anna.id, &message)
                .await,
            Err(StoreError::Conflict(_))
        ));
        let queued = ctx.store.art14_notice(&anna.id).await.unwrap().unwrap();
        assert_eq!(queued.state, "queued");
        let claimed = ctx
            .store
            .claim_outbox(T0, Duration::minutes(1), 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        ctx.store
            .finish_outbox(&ctx.actor, T0, &claimed[0].id, Ok(()), None)
            .await
            .unwrap();
        let sent = ctx.store.art14_notice(&anna.id).await.unwrap().unwrap();
        assert_eq!(sent.state, "sent");
        assert_eq!(sent.sent_via.as_deref(), Some("email"));

        // Bo's is excused, with a reason kept sealed and who recorded it.
        let (excused, _) = ctx
            .store
            .record_art14_exemption(
                &ctx.actor,
                T0,
                &bo.id,
                Exemption::DisproportionateEffort,
                "published on the web site",
                "dpo@example.se",
            )
            .await
            .unwrap();
        assert_eq!(excused.state, "exempt");
        assert_eq!(
            excused.exemption_reason.as_deref(),
            Some("published on the web site")
        );
        assert!(matches!(
            ctx.store
                .record_art14_exemption(
                    &ctx.actor,
                    T0,
                    &own.id,
                    Exemption::AlreadyInformed,
                    "x",
                    "y"
                )
                .await,
            Err(StoreError::Conflict(_))
        ));
        assert_eq!(
            ctx.store
                .record_art14_given(&ctx.actor, T0, ctx.controller, std::slice::from_ref(&bo.id))
                .await
                .unwrap(),
            None,
            "an excused notice is not given again"
        );
        let counts = ctx.store.art14_counts(T0, true).await.unwrap();
        assert_eq!(counts.owed, 0);

        let kinds = ctx.kinds_after(start).await;
        let notices: Vec<&str> = kinds
            .iter()
            .map(String::as_str)
            .filter(|k| k.starts_with("notice."))
            .collect();
        assert_eq!(
            notices,
            [
                "notice.art14_owed",
                "notice.art14_owed",
                "notice.art14_queued",
                "notice.art14_sent",
                "notice.art14_exempted"
            ]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
