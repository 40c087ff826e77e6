//! Request deadlines: open requests approaching and past their deadline are flagged.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use vern_store::{Actor, Store};

use crate::clock::Clock;
use crate::gauges::Gauges;

/// How long before its deadline a request counts as due soon.
pub(crate) const DUE_SOON: time::Duration = time::Duration::days(7);

/// Flag open requests approaching and past their deadline, and publish the counts in this
/// server's gauges (`vern_requests_due_soon`, `vern_requests_overdue`).
pub async fn flag_deadlines(
    store: &dyn Store,
    clock: &Clock,
    gauges: &Gauges,
) -> anyhow::Result<(i64, i64)> {
    let (soon, overdue, changed) = store
        .flag_deadlines(&Actor::System("deadlines"), clock.now(), DUE_SOON)
        .await?;
    gauges.set_deadlines(soon, overdue);
    if changed > 0 {
        tracing::info!(
            due_soon = soon,
            overdue,
            changed,
            "request deadlines flagged"
        );
    }
    Ok((soon, overdue))
}

/// Run `flag_deadlines` every `every` until shutdown.
pub(crate) async fn run(
    store: Arc<dyn Store>,
    clock: Clock,
    gauges: Arc<Gauges>,
    every: Duration,
    shutdown: watch::Receiver<bool>,
) {
    let mut rounds = super::Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        if let Err(e) = flag_deadlines(store.as_ref(), &clock, &gauges).await {
            tracing::warn!(error = %e, "could not flag request deadlines");
        }
    }
}
