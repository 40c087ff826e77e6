//! Art. 14 notices: every owed notice with an address is queued in the outbox at once, and the
//! counts of notices not yet given are published as this server's gauges
//! (`vern_art14_notices_owed`, `_overdue`, `_no_address`, `_failed`).

use std::sync::Arc;
use tokio::sync::watch;
use vern_store::Store;

use crate::clock::Clock;
use crate::gauges::Gauges;
use crate::settings::PreferenceSettings;

/// One round: queue what is owed, then count.
pub(crate) async fn round(
    store: &dyn Store,
    clock: &Clock,
    gauges: &Gauges,
    sms: bool,
    links: &PreferenceSettings,
) -> anyhow::Result<usize> {
    let queued = crate::art14::send_owed(store, clock, sms, links).await?;
    if queued > 0 {
        tracing::info!(queued, "Art. 14 notices queued");
    }
    let counts = crate::art14::counts(store, clock, sms).await?;
    let gauge = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    gauges.set_art14(
        gauge(counts.owed),
        gauge(counts.overdue),
        gauge(counts.no_address),
        gauge(counts.failed),
    );
    Ok(queued)
}

/// Run [`round`] every `every` until shutdown.
pub(crate) async fn run(
    store: Arc<dyn Store>,
    clock: Clock,
    gauges: Arc<Gauges>,
    sms: bool,
    links: PreferenceSettings,
    every: std::time::Duration,
    shutdown: watch::Receiver<bool>,
) {
    let mut rounds = super::Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        if let Err(e) = round(store.as_ref(), &clock, &gauges, sms, &links).await {
            tracing::warn!(error = %e, "could not send Art. 14 notices");
        }
    }
}
