//! The gauges of one server. The metrics recorder is process-global (the `metrics` macros write
//! to the one recorder a process installs), so a gauge set there would be shared by every server
//! in the process: in the integration tests, where many run in one process, one server's
//! deadline job would overwrite another's count. What describes a server's own state is kept
//! here, in its `AppState`, and added to the recorder's text when `/metrics` is scraped.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, Ordering};

/// This server's gauges.
#[derive(Debug, Default)]
pub struct Gauges {
    due_soon: AtomicI64,
    overdue: AtomicI64,
    art14_owed: AtomicI64,
    art14_overdue: AtomicI64,
    art14_no_address: AtomicI64,
    art14_failed: AtomicI64,
}

impl Gauges {
    /// The open requests within seven days of their deadline, and past it, as last counted.
    pub(crate) fn set_deadlines(&self, due_soon: i64, overdue: i64) {
        self.due_soon.store(due_soon, Ordering::Relaxed);
        self.overdue.store(overdue, Ordering::Relaxed);
    }

    /// The Art. 14 notices not yet given, past their deadline, owed with no address to send
    /// them to, and failed for good, as last counted.
    pub(crate) fn set_art14(&self, owed: i64, overdue: i64, no_address: i64, failed: i64) {
        self.art14_failed.store(failed, Ordering::Relaxed);
        self.art14_owed.store(owed, Ordering::Relaxed);
        self.art14_overdue.store(overdue, Ordering::Relaxed);
        self.art14_no_address.store(no_address, Ordering::Relaxed);
    }

    /// The gauges in the Prometheus text format, with the last ledger entry this server's
    /// in-memory views have applied.
    pub(crate) fn render(&self, applied_seq: i64) -> String {
        let mut out = String::new();
        for (name, value) in [
            (
                "vern_requests_due_soon",
                self.due_soon.load(Ordering::Relaxed),
            ),
            (
                "vern_requests_overdue",
                self.overdue.load(Ordering::Relaxed),
            ),
            (
                "vern_art14_notices_owed",
                self.art14_owed.load(Ordering::Relaxed),
            ),
            (
                "vern_art14_notices_overdue",
                self.art14_overdue.load(Ordering::Relaxed),
            ),
            (
                "vern_art14_notices_no_address",
                self.art14_no_address.load(Ordering::Relaxed),
            ),
            (
                "vern_art14_notices_failed",
                self.art14_failed.load(Ordering::Relaxed),
            ),
            ("vern_ledger_applied_seq", applied_seq),
        ] {
            // Writing to a String cannot fail.
            let _ = write!(out, "# TYPE {name} gauge\n{name} {value}\n\n");
        }
        out
    }
}
