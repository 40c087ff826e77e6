//! `BreachStore`: a breach is opened and moved a step; its Art. 34 notices are queued once per
//! person, with the breach's next version and one `breach.notice` entry each, in one
//! transaction; the counts follow the outbox's delivery state.

use crate::harness::{Ctx, T0, message, on_each_backend};
use time::Duration;
use vern_core::breach::Risk;
use vern_store::model::{
    BreachAudience, BreachDetails, BreachNotes, BreachNoticeCounts, BreachNoticeInput, BreachRecord,
};
use vern_store::store::{BreachStore, OutboxStore};

#[tokio::test]
async fn notices_are_queued_once_per_person_with_the_breachs_next_version() {
    on_each_backend(async |ctx: &Ctx| {
        let kim = ctx.person("Kim Berg", "+46701234567").await;
        let ana = ctx.person("Ana Berg", "+46701234568").await;
        let draft = BreachRecord {
            id: String::new(),
            controller: ctx.controller,
            created_at: T0,
            occurred_at: None,
            aware_at: T0,
            risk: None,
            authority_notified_at: None,
            authority_reference: None,
            people_notified_at: None,
            people_exemption: None,
            closed_at: None,
            version: 0,
            details: BreachDetails {
                nature: "stolen laptop".to_owned(),
                ..BreachDetails::default()
            },
            notes: BreachNotes::default(),
        };
        let (mut breach, _) = ctx.store.open_breach(&ctx.actor, T0, &draft).await.unwrap();
        breach.risk = Some(Risk::High);
        let (breach, _) = ctx
            .store
            .update_breach(&ctx.actor, T0, &breach, "assessed")
            .await
            .unwrap();

        // Both are on the list "customers"; the list and an unknown id find them.
        let found = ctx
            .store
            .breach_audience(
                ctx.controller,
                &BreachAudience {
                    people: vec!["nobody".to_owned()],
                    lists: vec!["customers".to_owned()],
                    ..BreachAudience::default()
                },
            )
            .await
            .unwrap();
        let mut both = vec![kim.id.clone(), ana.id.clone()];
        both.sort();
        assert_eq!(found.people, both);
        assert_eq!(found.unknown_people, 1);

        let start = ctx.head().await;
        let mut told = breach.clone();
        told.people_notified_at = Some(T0);
        let notices = [
            BreachNoticeInput {
                person: kim.id.clone(),
                message: Some(message("breach_notice")),
            },
            BreachNoticeInput {
                person: ana.id.clone(),
                message: None,
            },
        ];
        let (written, queued, _) = ctx
            .store
            .send_breach_notices(&ctx.actor, T0, &told, "people_notified", &notices)
            .await
            .unwrap();
        assert_eq!(queued, 1);
        assert_eq!(written.version, breach.version + 1);
        assert_eq!(written.people_notified_at, Some(T0));
        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "breach.updated",
                "message.queued",
                "breach.notice",
                "breach.notice"
            ]
        );

        // A stale version writes nothing.
        assert!(
            ctx.store
                .send_breach_notices(&ctx.actor, T0, &told, "notice_sent", &notices)
                .await
                .is_err()
        );
        // Again from the current version: Kim is not queued twice; Ana, still without an
        // address, is recorded again.
        let (_, queued, _) = ctx
            .store
            .send_breach_notices(&ctx.actor, T0, &written, "notice_sent", &notices)
            .await
            .unwrap();
        assert_eq!(queued, 0);
        let outcomes = ctx.store.breach_notice_outcomes(&breach.id).await.unwrap();
        assert_eq!(outcomes[&kim.id], "queued");
        assert_eq!(outcomes[&ana.id], "no_address");

        let counts = |c: &std::collections::HashMap<String, BreachNoticeCounts>| c[&breach.id];
        let before = counts(&ctx.store.breach_notice_counts(None).await.unwrap());
        assert_eq!((before.pending, before.no_address), (1, 1));
        let claimed = ctx
            .store
            .claim_outbox(T0, Duration::minutes(5), 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1);
        ctx.store
            .finish_outbox(&ctx.actor, T0, &claimed[0].id, Ok(()), None)
            .await
            .unwrap();
        let after = counts(
            &ctx.store
                .breach_notice_counts(Some(&breach.id))
                .await
                .unwrap(),
        );
        assert_eq!((after.pending, after.sent, after.failed), (0, 1, 0));
        ctx.assert_chain_intact().await;
    })
    .await;
}
