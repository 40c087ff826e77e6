//! A person's contact history: activities, deals and todos.

use crate::error::StoreResult;
use crate::ledger::Actor;
use crate::model::Activity;
use crate::model::ActivityInput;
use crate::model::Deal;
use crate::model::DealFact;
use crate::model::DealInput;
use crate::model::Todo;
use crate::model::TodoInput;
use async_trait::async_trait;
use time::OffsetDateTime;

/// Contact history: this part of the [`Store`](super::Store) port (see the module).
#[async_trait]
pub trait HistoryStore: Send + Sync {
    /// Record an activity.
    async fn add_activity(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &ActivityInput,
    ) -> StoreResult<(Activity, i64)>;

    /// A person's activities, newest first.
    async fn list_activities(&self, person: &str) -> StoreResult<Vec<Activity>>;

    /// Record a deal.
    async fn add_deal(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &DealInput,
    ) -> StoreResult<(Deal, i64)>;

    /// A person's deals.
    async fn list_deals(&self, person: &str) -> StoreResult<Vec<Deal>>;

    /// Every deal of a controller closed (or, while open, opened) in `[from, to)`, with the
    /// people's and erased people's alike, as statistics read them: nothing personal.
    async fn deal_facts(
        &self,
        controller: vern_core::ControllerId,
        from: OffsetDateTime,
        to: OffsetDateTime,
    ) -> StoreResult<Vec<DealFact>>;

    /// Record a todo.
    async fn add_todo(
        &self,
        actor: &Actor,
        now: OffsetDateTime,
        person: &str,
        input: &TodoInput,
    ) -> StoreResult<(Todo, i64)>;

    /// A person's todos.
    async fn list_todos(&self, person: &str) -> StoreResult<Vec<Todo>>;
}
