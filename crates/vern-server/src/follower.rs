//! Following the ledger: every server process keeps its in-memory views current by reading
//! the entries written since it last looked, its own and other servers'. A write is
//! acknowledged only after the local views reflect it ([`Follower::sync_to`]), so a caller's
//! own write is visible to its next check; other servers see it within one poll interval.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;
use tokio::sync::Mutex;
use vern_store::{LedgerEntry, Store, StoreResult};

use crate::auth::KeyCache;

/// The views kept current from the ledger.
#[derive(Debug)]
pub struct Follower {
    store: Arc<dyn Store>,
    applied: AtomicI64,
    gate: Mutex<()>,
    /// Authenticated API keys.
    pub keys: KeyCache,
}

impl Follower {
    /// A follower that has applied nothing yet; call [`Follower::start`] before serving.
    pub fn new(store: Arc<dyn Store>) -> Follower {
        Follower {
            store,
            applied: AtomicI64::new(0),
            gate: Mutex::new(()),
            keys: KeyCache::default(),
        }
    }

    /// Build the views from the current state of the database.
    pub async fn start(&self) -> StoreResult<()> {
        let _gate = self.gate.lock().await;
        let head = self.store.ledger_head().await?;
        self.keys.clear();
        self.applied.store(head, Ordering::SeqCst);
        Ok(())
    }

    /// The last ledger entry the views reflect.
    pub fn applied(&self) -> i64 {
        self.applied.load(Ordering::SeqCst)
    }

    /// Make sure the views reflect at least entry `seq`.
    pub async fn sync_to(&self, seq: i64) -> StoreResult<()> {
        if self.applied() >= seq {
            return Ok(());
        }
        self.catch_up().await
    }

    /// Apply every entry written since the last call.
    pub async fn catch_up(&self) -> StoreResult<()> {
        let _gate = self.gate.lock().await;
        loop {
            let after = self.applied();
            let entries = self.store.ledger_after(after, 1_000).await?;
            let Some(last) = entries.last().map(|e| e.seq) else {
                return Ok(());
            };
            for entry in &entries {
                self.apply(entry);
            }
            self.applied.store(last, Ordering::SeqCst);
        }
    }

    fn apply(&self, entry: &LedgerEntry) {
        if entry.kind == "api_key.revoked"
            && let Ok(payload) = serde_json::from_str::<serde_json::Value>(&entry.payload)
            && let Some(id) = payload.get("id").and_then(|v| v.as_str())
        {
            self.keys.forget(id);
        }
    }

    /// Poll the ledger until `shutdown` resolves.
    pub async fn run(
        self: Arc<Self>,
        interval: Duration,
        mut shutdown: tokio::sync::watch::Receiver<bool>,
    ) {
        let mut ticker = tokio::time::interval(interval);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    if let Err(e) = self.catch_up().await {
                        tracing::warn!(error = %e, "could not read new ledger entries");
                    }
                }
                _ = shutdown.changed() => return,
            }
        }
    }
}
