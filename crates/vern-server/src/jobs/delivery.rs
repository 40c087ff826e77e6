//! Delivery of queued messages (e-mail, SMS) through the configured deliverer.

use std::sync::Arc;
use tokio::sync::watch;
use vern_store::Store;

use crate::clock::Clock;
use crate::delivery::{BATCH, Deliverer};

/// Deliver due messages every `every` until `shutdown` changes. A round stops between two
/// messages when shutdown is asked for.
pub async fn run(
    store: Arc<dyn Store>,
    clock: Clock,
    deliverer: Arc<Deliverer>,
    every: std::time::Duration,
    shutdown: watch::Receiver<bool>,
) {
    if deliverer.is_configured() {
        tracing::info!(delivery = %deliverer.describe(), "message delivery started");
    }
    let mut rounds = super::Rounds::new(tokio::time::interval(every), shutdown);
    while rounds.next().await {
        let stop = rounds.shutdown();
        if let Err(e) =
            crate::delivery::deliver(store.as_ref(), &clock, &deliverer, BATCH, Some(stop)).await
        {
            tracing::warn!(error = %e, "could not deliver queued messages");
        }
    }
}
