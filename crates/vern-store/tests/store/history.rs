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

/// An import batch writes a person's activities, deals and todos with the entries their own
/// use cases write, and a won deal's relationship linked to the deal, all in the batch's
/// transaction: a batch that fails writes none of it.
#[tokio::test]
async fn an_import_batch_writes_the_crm_history_in_its_transaction() {
    use vern_core::ProductCategory;
    use vern_store::model::{
        ImportBatch, ImportedDeal, ImportedPerson, PersonInput, Profile, RelationshipInput,
    };
    use vern_store::store::{CustomerStore, PeopleStore};
    on_each_backend(async |ctx: &Ctx| {
        let day = T0.date();
        let broadband = ProductCategory::parse("broadband").unwrap();
        let person = |ended| ImportedPerson {
            line: 2,
            existing: None,
            external_key: None,
            person: PersonInput {
                profile: Profile {
                    name: "Kim".to_owned(),
                    phones: vec!["+46701234567".to_owned()],
                    ..Profile::default()
                },
                digests: vec![ctx.phone("+46701234567")],
                lists: Vec::new(),
                business_contact: None,
                source: Default::default(),
            },
            consents: Vec::new(),
            relationships: Vec::new(),
            objections: Vec::new(),
            activities: vec![ActivityInput {
                kind: "call".to_owned(),
                note: Some("Wants broadband".to_owned()),
                channel: Some(Channel::Phone),
                owner: None,
                at: T0,
            }],
            deals: vec![ImportedDeal {
                deal: DealInput {
                    title: Some("Broadband".to_owned()),
                    amount_minor: 49_900,
                    currency: "SEK".to_owned(),
                    stage: "won".to_owned(),
                    owner: None,
                    opened_at: T0,
                    closed_at: Some(T0),
                    product_category: Some(broadband.clone()),
                },
                relationship: Some(RelationshipInput {
                    product_category: broadband.clone(),
                    started: day,
                    ended,
                    deal: None,
                }),
            }],
            todos: vec![TodoInput {
                text: "Install".to_owned(),
                owner: None,
                due_at: None,
                done_at: Some(T0),
            }],
        };
        let batch = |people| ImportBatch {
            import: "run-1",
            number: 1,
            people,
            unchanged: 0,
            rejected: 0,
            via: "cli",
        };
        // A relationship that ends before it starts fails the batch: nobody is written.
        let start = ctx.head().await;
        let bad = [person(Some(day - Duration::days(1)))];
        assert!(
            ctx.store
                .import_people(&ctx.actor, T0, ctx.controller, &batch(&bad))
                .await
                .is_err()
        );
        assert_eq!(ctx.head().await, start);
        assert!(
            ctx.store
                .people_of(ctx.controller)
                .await
                .unwrap()
                .is_empty()
        );

        let good = [person(None)];
        let (written, _) = ctx
            .store
            .import_people(&ctx.actor, T0, ctx.controller, &batch(&good))
            .await
            .unwrap();
        let kim = &written.created[0].1;
        assert_eq!(
            ctx.kinds_after(start).await,
            [
                "person.imported",
                "import.batch",
                "activity.recorded",
                "deal.recorded",
                "customer.relationship_started",
                "todo.recorded"
            ]
        );
        let activities = ctx.store.list_activities(kim).await.unwrap();
        assert_eq!(activities[0].note.as_deref(), Some("Wants broadband"));
        let deals = ctx.store.list_deals(kim).await.unwrap();
        let relationships = ctx.store.list_relationships(kim).await.unwrap();
        assert_eq!(relationships.len(), 1);
        assert_eq!(relationships[0].deal.as_ref(), Some(&deals[0].id));
        let todos = ctx.store.list_todos(kim).await.unwrap();
        assert_eq!(todos[0].done_at, Some(T0));
        ctx.assert_chain_intact().await;
    })
    .await;
}
