//! Art. 19 notices: recipients of personal data are told of rectifications and erasures.

use std::sync::Arc;
use tokio::sync::watch;
use vern_store::Store;

use crate::clock::Clock;

/// Deliver notices every `every` until shutdown.
pub(crate) async fn run(
    store: Arc<dyn Store>,
    clock: Clock,
    every: std::time::Duration,
    shutdown: watch::Receiver<bool>,
) {
    let client = match reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::error!(error = %e, "no HTTP client for notices");
            return;
        }
    };
    let mut rounds = super::Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        if let Err(e) = crate::erasure::notify_recipients(store.as_ref(), &clock, &client).await {
            tracing::warn!(error = %e, "could not deliver notices");
        }
    }
}
