//! `HistoryStore`: the contact history of a person (activities, deals, todos), its free text
//! sealed with the person's key.

use crate::harness::{Ctx, T0, on_each_backend};
use time::Duration;
use vern_core::Channel;
use vern_store::model::{ActivityInput, DealInput, TodoInput};
use vern_store::store::HistoryStore;

#[tokio::test]
async fn activities_deals_and_todos_are_recorded_and_read_back() {
    on_each_backend(async |ctx: &Ctx| {
        let person = ctx.person("Kim Berg", "+46701234567").await;
        let start = ctx.head().await;
        let activity = ActivityInput {
            kind: "call".to_owned(),
            note: Some("Wants the spring offer".to_owned()),
            channel: Some(Channel::Phone),
            owner: Some("sales".to_owned()),
            at: T0,
        };
        ctx.store
            .add_activity(&ctx.actor, T0, &person.id, &activity)
            .await
            .unwrap();
        let activities = ctx.store.list_activities(&person.id).await.unwrap();
        assert_eq!(activities.len(), 1);
        assert_eq!(activities[0].note, activity.note);

        let deal = DealInput {
            title: Some("Spring offer".to_owned()),
            amount_minor: 129_900,
            currency: "SEK".to_owned(),
            stage: "won".to_owned(),
            owner: None,
            opened_at: T0,
            closed_at: Some(T0 + Duration::days(2)),
            product_category: None,
        };
        ctx.store
            .add_deal(&ctx.actor, T0, &person.id, &deal)
            .await
            .unwrap();
        let deals = ctx.store.list_deals(&person.id).await.unwrap();
        assert_eq!((deals.len(), deals[0].amount_minor), (1, 129_900));
        assert_eq!(deals[0].title, deal.title);
        // Statistics read the deal by the day it closed, with nothing of the person's.
        let facts = ctx
            .store
            .deal_facts(
                ctx.controller,
                T0 + Duration::days(1),
                T0 + Duration::days(3),
            )
            .await
            .unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(
            (
                facts[0].amount_minor,
                facts[0].stage.as_str(),
                facts[0].anonymized
            ),
            (129_900, "won", false)
        );
        assert!(
            ctx.store
                .deal_facts(
                    ctx.controller,
                    T0 + Duration::days(3),
                    T0 + Duration::days(9)
                )
                .await
                .unwrap()
                .is_empty()
        );

        let todo = TodoInput {
            text: "Call back".to_owned(),
            owner: None,
            due_at: Some(T0 + Duration::days(7)),
            done_at: None,
        };
        ctx.store
            .add_todo(&ctx.actor, T0, &person.id, &todo)
            .await
            .unwrap();
        let todos = ctx.store.list_todos(&person.id).await.unwrap();
        assert_eq!(todos.len(), 1);
        assert_eq!(todos[0].text.as_deref(), Some("Call back"));

        // Nobody's history: refused.
        assert!(
            ctx.store
                .add_todo(&ctx.actor, T0, "nobody", &todo)
                .await
                .is_err()
        );

        assert_eq!(
            ctx.kinds_after(start).await,
            ["activity.recorded", "deal.recorded", "todo.recorded"]
        );
        ctx.assert_chain_intact().await;
    })
    .await;
}
