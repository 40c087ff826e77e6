//! What every handler can reach.

use metrics_exporter_prometheus::PrometheusHandle;
use std::ops::Deref;
use std::sync::Arc;
use vern_store::Store;

use crate::clock::Clock;
use crate::follower::Follower;

/// The application state, cheap to clone.
#[derive(Debug, Clone)]
pub struct AppState(pub Arc<App>);

/// The application.
#[derive(Debug)]
pub struct App {
    /// The store.
    pub store: Arc<dyn Store>,
    /// The clock.
    pub clock: Clock,
    /// The views kept current from the ledger.
    pub follower: Arc<Follower>,
    /// Prometheus metrics: the process's recorder.
    pub metrics: PrometheusHandle,
    /// This server's own gauges, beside the process's recorder.
    pub gauges: Arc<crate::gauges::Gauges>,
    /// This server's failed-guess limits on its public doors.
    pub(crate) limits: crate::guard::Limits,
    /// Erasure settings.
    pub erasure: crate::settings::ErasureSettings,
    /// List washing settings.
    pub wash: crate::settings::WashSettings,
    /// What a person's own changes keep as evidence.
    pub preferences: crate::settings::PreferenceSettings,
    /// Whether SMS can be sent (a gateway or the outbox directory is configured): an Art. 14
    /// notice goes by SMS to a person known only by phone.
    pub sms_path: bool,
}

impl Deref for AppState {
    type Target = App;

    fn deref(&self) -> &App {
        &self.0
    }
}
