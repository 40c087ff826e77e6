//! Background jobs of `vern serve`. Every job keeps its state in the database, so any number of
//! servers can run them and a restart loses nothing.

use metrics_exporter_prometheus::PrometheusHandle;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use vern_store::{Actor, Store};

use crate::clock::Clock;

/// How long before its deadline a request counts as due soon.
pub const DUE_SOON: time::Duration = time::Duration::days(7);

/// Flag open requests approaching and past their deadline, and publish the counts as metrics
/// (`vern_requests_due_soon`, `vern_requests_overdue`).
pub async fn flag_deadlines(store: &dyn Store, clock: &Clock) -> anyhow::Result<(i64, i64)> {
    let (soon, overdue, changed) = store
        .flag_deadlines(&Actor::System("deadlines"), clock.now(), DUE_SOON)
        .await?;
    metrics::gauge!("vern_requests_due_soon").set(soon as f64);
    metrics::gauge!("vern_requests_overdue").set(overdue as f64);
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
pub async fn run_deadlines(
    store: Arc<dyn Store>,
    clock: Clock,
    every: Duration,
    shutdown: watch::Receiver<bool>,
) {
    let mut rounds = Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        if let Err(e) = flag_deadlines(store.as_ref(), &clock).await {
            tracing::warn!(error = %e, "could not flag request deadlines");
        }
    }
}

/// Fold the recorded latency samples into their histograms every `every` until shutdown. The
/// recorder keeps each sample until this runs or `/metrics` is scraped: without it, a server
/// nobody scrapes would grow with every request it answers.
pub async fn run_metrics_upkeep(
    handle: PrometheusHandle,
    every: Duration,
    shutdown: watch::Receiver<bool>,
) {
    let mut rounds = Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        handle.run_upkeep();
    }
}

/// The rounds of a periodic job: one per tick of a ticker, until shutdown is asked for. A round
/// that overruns delays the next tick rather than bunching the missed ones; a round in progress
/// is finished.
#[derive(Debug)]
pub(crate) struct Rounds {
    ticker: tokio::time::Interval,
    shutdown: watch::Receiver<bool>,
}

impl Rounds {
    pub(crate) fn new(mut ticker: tokio::time::Interval, shutdown: watch::Receiver<bool>) -> Self {
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Rounds { ticker, shutdown }
    }

    /// Wait for the next round: false once shutdown is asked for (or its sender is gone). A
    /// shutdown wins over a tick that is due at the same time.
    pub(crate) async fn next(&mut self) -> bool {
        tokio::select! {
            biased;
            _ = self.shutdown.changed() => false,
            _ = self.ticker.tick() => true,
        }
    }

    /// The shutdown signal, for a round that should stop part-way.
    pub(crate) fn shutdown(&self) -> &watch::Receiver<bool> {
        &self.shutdown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn rounds_tick_until_shutdown_then_stop() {
        let (stop, shutdown) = watch::channel(false);
        let mut rounds = Rounds::new(tokio::time::interval(Duration::from_millis(5)), shutdown);
        // The first tick is immediate, the next after the period.
        assert!(rounds.next().await);
        assert!(rounds.next().await);
        assert!(!*rounds.shutdown().borrow());
        // Past the next tick: the shutdown still wins.
        tokio::time::sleep(Duration::from_millis(20)).await;
        stop.send(true).unwrap();
        assert!(!rounds.next().await);
        assert!(*rounds.shutdown().borrow());
        // A dropped sender ends the rounds too.
        let (stop, shutdown) = watch::channel(false);
        let mut rounds = Rounds::new(tokio::time::interval(Duration::from_secs(3600)), shutdown);
        assert!(rounds.next().await);
        drop(stop);
        assert!(!rounds.next().await);
    }
}
