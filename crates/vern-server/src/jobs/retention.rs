//! Retention and the recycle bin: people past their time are purged, ended legal holds
//! released, the retention rules applied.

use std::sync::Arc;
use tokio::sync::watch;
use vern_store::Store;

use crate::clock::Clock;
use crate::erasure::ErasureSettings;

/// Run the purge and retention work every `every` until shutdown.
pub(crate) async fn run(
    store: Arc<dyn Store>,
    clock: Clock,
    settings: ErasureSettings,
    every: std::time::Duration,
    shutdown: watch::Receiver<bool>,
) {
    // The first run waits a minute: a server starting up (or several at once) has other work.
    let ticker = tokio::time::interval_at(
        tokio::time::Instant::now() + std::time::Duration::from_secs(60).min(every),
        every,
    );
    let mut rounds = super::Rounds::new(ticker, shutdown);
    while rounds.next().await {
        match crate::erasure::run_retention(store.as_ref(), clock.now(), &settings, false).await {
            Ok(s) if s.purged + s.holds_released > 0 || !s.inactive.is_empty() => {
                tracing::info!(
                    purged = s.purged,
                    holds_released = s.holds_released,
                    inactive = s.inactive.len(),
                    "retention run"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "retention run failed"),
        }
    }
}
