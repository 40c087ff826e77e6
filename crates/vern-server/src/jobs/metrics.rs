//! Upkeep of the metrics recorder.

use metrics_exporter_prometheus::PrometheusHandle;
use std::time::Duration;
use tokio::sync::watch;

/// Fold the recorded latency samples into their histograms every `every` until shutdown. The
/// recorder keeps each sample until this runs or `/metrics` is scraped: without it, a server
/// nobody scrapes would grow with every request it answers.
pub(crate) async fn run(
    handle: PrometheusHandle,
    every: Duration,
    shutdown: watch::Receiver<bool>,
) {
    let mut rounds = super::Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        handle.run_upkeep();
    }
}
