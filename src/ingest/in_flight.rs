//! Back-pressure in bytes between the feeder and the analysis workers.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex};

/// Article text read but not yet indexed, at most (plus one article larger than this alone).
pub const MAX_BYTES_IN_FLIGHT: u64 = 256 << 20;

/// Bytes of article text between the feeder and the end of indexing: the feeder reserves
/// before sending, a worker releases when done with the article.
#[derive(Default)]
pub(super) struct InFlight {
    bytes: Mutex<u64>,
    freed: Condvar,
    /// Workers still running: with none left (a panic), nothing would ever be freed.
    workers: AtomicU64,
}

impl InFlight {
    /// Wait until `n` more bytes fit (or nothing is in flight), then count them.
    pub(super) fn reserve(&self, n: u64) {
        let mut b = self.bytes.lock().unwrap_or_else(|p| p.into_inner());
        while *b > 0 && *b + n > MAX_BYTES_IN_FLIGHT && self.workers.load(Ordering::SeqCst) > 0 {
            b = self.freed.wait(b).unwrap_or_else(|p| p.into_inner());
        }
        *b += n;
    }

    /// Count a worker in until the returned guard drops (also when it unwinds).
    pub(super) fn worker(&self) -> Release<'_> {
        self.workers.fetch_add(1, Ordering::SeqCst);
        Release { of: self, what: Held::Worker }
    }

    /// A guard that gives `n` bytes back when the worker is done with its article.
    pub(super) fn hold(&self, n: u64) -> Release<'_> {
        Release { of: self, what: Held::Bytes(n) }
    }
}

/// What a [`Release`] gives back.
enum Held {
    /// A running worker.
    Worker,
    /// Bytes of article text.
    Bytes(u64),
}

/// Gives back what it holds when dropped (also when a worker unwinds).
pub(super) struct Release<'a> {
    of: &'a InFlight,
    what: Held,
}

impl Drop for Release<'_> {
    fn drop(&mut self) {
        let mut b = self.of.bytes.lock().unwrap_or_else(|p| p.into_inner());
        match self.what {
            Held::Worker => {
                self.of.workers.fetch_sub(1, Ordering::SeqCst);
            }
            Held::Bytes(n) => *b = b.saturating_sub(n),
        }
        self.of.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    use super::*;

    #[test]
    fn the_reader_waits_for_bytes_to_be_freed() {
        let f = InFlight::default();
        let _worker = f.worker();
        // One article larger than the whole budget still goes, alone.
        f.reserve(MAX_BYTES_IN_FLIGHT * 2);
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                f.reserve(1);
                done.store(true, Ordering::SeqCst);
            });
            std::thread::sleep(Duration::from_millis(50));
            assert!(!done.load(Ordering::SeqCst), "must wait while the budget is used");
            drop(f.hold(MAX_BYTES_IN_FLIGHT * 2));
        });
        assert!(done.load(Ordering::SeqCst));
    }

    #[test]
    fn no_wait_once_every_worker_is_gone() {
        let f = InFlight::default();
        f.reserve(MAX_BYTES_IN_FLIGHT);
        drop(f.worker());
        f.reserve(MAX_BYTES_IN_FLIGHT); // would block forever if it waited for a dead worker
    }
}
