//! Background jobs of `vern serve`, one module per loop. Every job keeps its state in the
//! database, so any number of servers can run them and a restart loses nothing. A loop only
//! paces its rounds; each round calls the use case that does the work. `app::serve` starts them.
//!
//! The follower's loop (`Follower::run`), which keeps every process's views current, stays
//! beside the follower.

pub(crate) mod art14;
pub(crate) mod deadlines;
pub(crate) mod delivery;
pub(crate) mod metrics;
pub(crate) mod notices;
pub(crate) mod retention;

use tokio::sync::watch;

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
    use std::time::Duration;

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
