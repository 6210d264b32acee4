//! What is queued for one connection, bounded in bytes. A client that does not read
//! fast enough is disconnected (never silently skipped): its sync state would believe
//! messages were delivered, and it would stay out of sync. On reconnect it syncs anew.

use std::sync::{
    Arc,
    atomic::{AtomicBool, AtomicUsize, Ordering},
};

use tokio::sync::{Notify, mpsc};

struct Shared {
    queued: AtomicUsize,
    budget: usize,
    closing: AtomicBool,
    reason: std::sync::Mutex<Option<String>>,
    wake: Notify,
}

/// The sending side, held by the connection and by each document it syncs.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::UnboundedSender<Vec<u8>>,
    shared: Arc<Shared>,
}

/// The writing side, held by the connection's writer task.
pub struct OutboxReceiver {
    rx: mpsc::UnboundedReceiver<Vec<u8>>,
    shared: Arc<Shared>,
}

/// A queue for one connection that holds at most `budget` bytes.
pub fn outbox(budget: usize) -> (Outbox, OutboxReceiver) {
    let (tx, rx) = mpsc::unbounded_channel();
    let shared = Arc::new(Shared {
        queued: AtomicUsize::new(0),
        budget,
        closing: AtomicBool::new(false),
        reason: std::sync::Mutex::new(None),
        wake: Notify::new(),
    });
    (
        Outbox {
            tx,
            shared: shared.clone(),
        },
        OutboxReceiver { rx, shared },
    )
}

impl Outbox {
    /// Queues a frame; false (and the connection is asked to close) when it does not
    /// fit the budget or the connection is going.
    pub fn push(&self, frame: Vec<u8>) -> bool {
        if self.is_closing() {
            return false;
        }
        let len = frame.len();
        let before = self.shared.queued.fetch_add(len, Ordering::AcqRel);
        // One frame larger than the budget still goes when nothing else is queued, so a
        // large document can be sent to a client that reads.
        if before > 0 && before + len > self.shared.budget {
            self.shared.queued.fetch_sub(len, Ordering::AcqRel);
            self.close(format!(
                "client does not keep up ({} bytes queued, limit {})",
                before, self.shared.budget
            ));
            return false;
        }
        if self.tx.send(frame).is_err() {
            self.shared.queued.fetch_sub(len, Ordering::AcqRel);
            return false;
        }
        true
    }

    /// Asks the connection to close, with the reason it logs; the first reason wins.
    pub fn close(&self, reason: String) {
        if !self.shared.closing.swap(true, Ordering::AcqRel) {
            if let Ok(mut r) = self.shared.reason.lock() {
                *r = Some(reason);
            }
            self.shared.wake.notify_waiters();
            self.shared.wake.notify_one();
        }
    }

    /// True once the connection is closing or gone.
    pub fn is_closing(&self) -> bool {
        self.shared.closing.load(Ordering::Acquire) || self.tx.is_closed()
    }

    /// Resolves when someone asked the connection to close; gives the reason.
    pub async fn closed(&self) -> String {
        loop {
            let notified = self.shared.wake.notified();
            if self.shared.closing.load(Ordering::Acquire) {
                return self
                    .shared
                    .reason
                    .lock()
                    .ok()
                    .and_then(|r| r.clone())
                    .unwrap_or_default();
            }
            notified.await;
        }
    }

    /// Bytes waiting to be written.
    #[cfg(test)]
    pub fn queued(&self) -> usize {
        self.shared.queued.load(Ordering::Acquire)
    }
}

impl OutboxReceiver {
    /// The next frame to write; `None` when every sender is gone.
    pub async fn recv(&mut self) -> Option<Vec<u8>> {
        self.rx.recv().await
    }

    /// A frame already queued, without waiting.
    pub fn try_recv(&mut self) -> Option<Vec<u8>> {
        let frame = self.rx.try_recv().ok()?;
        self.written(frame.len());
        Some(frame)
    }

    /// Call after a frame was written: it no longer counts against the budget.
    pub fn written(&self, len: usize) {
        self.shared.queued.fetch_sub(len, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_outbox_refuses_and_asks_the_connection_to_close() {
        let (outbox, mut rx) = outbox(100);
        assert!(outbox.push(vec![0; 60]));
        assert!(!outbox.push(vec![0; 60]), "over the budget");
        assert!(outbox.is_closing());
        assert!(outbox.closed().await.contains("does not keep up"));
        assert!(!outbox.push(vec![0; 1]), "nothing more once closing");
        let frame = rx.recv().await.expect("the first frame");
        rx.written(frame.len());
        assert_eq!(outbox.queued(), 0);
    }

    #[tokio::test]
    async fn one_large_frame_fits_an_empty_outbox() {
        let (outbox, _rx) = outbox(100);
        assert!(outbox.push(vec![0; 1000]));
        assert!(!outbox.is_closing());
    }
}
