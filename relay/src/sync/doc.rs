//! One task per open document: it owns the Automerge document, one sync state per
//! connected peer, and the document's storage. It runs on a blocking thread, so that
//! loading or saving a large document never holds up the async runtime (and so the
//! other documents and connections).
//!
//! Coalescing: the task applies every message already waiting in its inbox before it
//! answers, then sends each peer at most one sync message for the whole batch.
//!
//! Durability: a batch is stored before anything of it is sent on, so no peer is told
//! of a change (and no sender sees it acknowledged) that is not on disk. When storing
//! fails, the batch is dropped from memory, its senders get an error and are
//! disconnected, and their clients keep the changes and send them again later.
//!
//! Peer data never takes the relay down: sync messages are checked before Automerge
//! sees them ([`super::validate`]), and a panic inside Automerge closes only the
//! connection whose message caused it (the document is reloaded from storage, since a
//! panic may have left it half-changed).

use std::{
    collections::HashMap,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use automerge::{
    Automerge,
    sync::{self, SyncDoc},
};
use kam_protocol::{DocumentId, Message};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use super::{ConnId, Stats, outbox::Outbox, short, storage::DocStore, validate};

/// Memory a message holds until its document has dealt with it (per connection and in
/// all), so that a fast sender waits instead of piling up frames.
pub struct Budget {
    /// Held, never read: dropping the input gives the bytes back.
    _permits: Vec<OwnedSemaphorePermit>,
}

impl Budget {
    pub fn new(permits: Vec<OwnedSemaphorePermit>) -> Budget {
        Budget { _permits: permits }
    }
}

/// What a connection asks of a document.
pub enum DocInput {
    /// A `request` or `sync` message from a peer.
    Sync {
        conn: ConnId,
        peer_id: String,
        outbox: Outbox,
        data: Vec<u8>,
        request: bool,
        budget: Budget,
    },
    /// An `ephemeral` message to pass to the document's other peers.
    Ephemeral {
        conn: ConnId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
        budget: Budget,
    },
    /// The connection closed.
    Gone { conn: ConnId },
}

/// The open documents, each with its task's number and inbox.
pub type DocsMap = HashMap<DocumentId, (u64, mpsc::UnboundedSender<DocInput>)>;
/// The table of open documents, shared by the hub and the tasks.
pub type Docs = Arc<Mutex<DocsMap>>;

struct Peer {
    peer_id: String,
    outbox: Outbox,
    state: sync::State,
    /// Asked for the document while the relay had none: told so once, and sent the
    /// document as soon as someone uploads it.
    waiting: bool,
    /// An acknowledgement (a sync message without changes) held back until then, in
    /// the hope that changes for this peer come along and carry it.
    ack_due: Option<Instant>,
}

/// What one batch of inputs did.
#[derive(Default)]
struct Batch {
    changed: bool,
    /// Connections whose changes are in the batch (told if storing it fails).
    senders: Vec<ConnId>,
}

pub struct DocTask {
    pub id: DocumentId,
    /// Tells this task's entry in [`Docs`] from a later one for the same document.
    pub number: u64,
    pub relay_id: String,
    pub store: DocStore,
    pub stats: Stats,
    pub coalesce: Duration,
    /// How long an acknowledgement may wait for changes to ride along with.
    pub ack_delay: Duration,
    /// Weak, so that the task never keeps its own inbox open: when the hub goes, the
    /// inbox closes and the task ends.
    pub docs: std::sync::Weak<Mutex<DocsMap>>,
    /// See [`super::SyncConfig::check_sync_messages`].
    pub check_sync_messages: bool,
}

struct Open {
    task: DocTask,
    doc: Option<Automerge>,
    /// Set when the document cannot be read from storage; every peer is told.
    broken: Option<String>,
    peers: HashMap<ConnId, Peer>,
}

impl DocTask {
    /// Loads the document and serves its peers until every peer is gone and nothing is
    /// waiting; everything received has been stored (or refused) by then. Blocking:
    /// run it with `spawn_blocking`.
    pub fn run(mut self, mut inbox: mpsc::UnboundedReceiver<DocInput>) {
        let started = Instant::now();
        let (doc, broken) = match self.store.load() {
            Ok(doc) => (doc, None),
            Err(e) => {
                tracing::error!("document {}: cannot be read: {e}", self.id);
                (
                    None,
                    Some(format!("the relay cannot read this document: {e}")),
                )
            }
        };
        if started.elapsed() > Duration::from_millis(500) {
            tracing::info!(
                "document {}: loaded in {} ms ({} bytes)",
                self.id,
                started.elapsed().as_millis(),
                self.store.stored_bytes()
            );
        }
        let mut open = Open {
            task: self,
            doc,
            broken,
            peers: HashMap::new(),
        };
        let mut last_flush = Instant::now() - open.task.coalesce;
        let runtime = tokio::runtime::Handle::current();
        loop {
            // Wake for the next input, or when a held-back acknowledgement is due.
            let first = match open.next_ack_due() {
                None => inbox.blocking_recv(),
                Some(due) => {
                    let wait = due.saturating_duration_since(Instant::now());
                    match runtime.block_on(tokio::time::timeout(wait, inbox.recv())) {
                        Ok(input) => input,
                        Err(_) => {
                            open.flush(&Batch::default());
                            continue;
                        }
                    }
                }
            };
            let Some(first) = first else {
                break;
            };
            let mut batch = Batch::default();
            open.handle(first, &mut batch);
            // Leading-edge throttle: a change after a quiet moment goes out at once; one
            // that follows the last flush closely waits for the end of the window, so
            // that the changes of a burst share one outgoing message per peer.
            if batch.changed && !open.task.coalesce.is_zero() {
                let ready = last_flush + open.task.coalesce;
                let now = Instant::now();
                if now < ready {
                    std::thread::sleep(ready - now);
                }
            }
            while let Ok(next) = inbox.try_recv() {
                open.handle(next, &mut batch);
            }
            if batch.changed {
                open.persist(&batch);
                last_flush = Instant::now();
            }
            open.flush(&batch);
            open.peers.retain(|_, p| !p.outbox.is_closing());
            if open.peers.is_empty() && open.finish(&inbox) {
                break;
            }
        }
    }
}

impl Open {
    /// Leaves the table of open documents if nothing is waiting. Senders queue under
    /// the same lock, so no message can slip in between the check and the removal.
    fn finish(&self, inbox: &mpsc::UnboundedReceiver<DocInput>) -> bool {
        let Some(docs) = self.task.docs.upgrade() else {
            return true;
        };
        let Ok(mut docs) = docs.lock() else {
            return true;
        };
        if !inbox.is_empty() {
            return false;
        }
        if docs
            .get(&self.task.id)
            .is_some_and(|(task, _)| *task == self.task.number)
        {
            docs.remove(&self.task.id);
        }
        true
    }

    fn send(&self, outbox: &Outbox, message: Message) {
        send(outbox, &self.task.stats, message);
    }

    /// Tells a peer why and closes its connection.
    fn refuse(&mut self, conn: ConnId, why: String) {
        if let Some(peer) = self.peers.remove(&conn) {
            tracing::warn!(
                "document {}: closing {}: {}",
                self.task.id,
                short(&peer.peer_id),
                short(&why)
            );
            self.send(
                &peer.outbox,
                Message::Error {
                    message: short(&why),
                },
            );
            peer.outbox.close(why);
        }
    }

    /// Stores the batch; when that fails, forgets it and tells its senders.
    fn persist(&mut self, batch: &Batch) {
        let Some(doc) = &self.doc else {
            return;
        };
        match self.task.store.save(doc) {
            Ok(()) => {}
            Err(e) => {
                tracing::error!("document {}: could not store changes: {e}", self.task.id);
                self.reload(batch, format!("the relay could not store your changes ({e}); they stay on your device and are sent again when you reconnect"));
            }
        }
    }

    /// Back to what storage holds: the batch's changes are dropped and its senders
    /// disconnected, so that their clients send them again.
    fn reload(&mut self, batch: &Batch, why: String) {
        for conn in &batch.senders {
            self.refuse(*conn, why.clone());
        }
        match self.task.store.load() {
            Ok(doc) => self.doc = doc,
            Err(e) => {
                tracing::error!("document {}: cannot be read again: {e}", self.task.id);
                self.doc = None;
                self.broken = Some(format!("the relay cannot read this document: {e}"));
                let all: Vec<ConnId> = self.peers.keys().copied().collect();
                for conn in all {
                    self.refuse(conn, "the relay cannot read this document".into());
                }
            }
        }
    }

    /// Applies one input to the document (or passes it on).
    fn handle(&mut self, input: DocInput, batch: &mut Batch) {
        match input {
            DocInput::Sync {
                conn,
                peer_id,
                outbox,
                data,
                request,
                budget: _budget,
            } => self.sync(conn, peer_id, outbox, &data, request, batch),
            DocInput::Ephemeral {
                conn,
                session_id,
                count,
                data,
                budget: _budget,
            } => {
                // The sender is the peer id this connection joined with, never what
                // the message claims.
                let Some(from) = self.peers.get(&conn).map(|p| p.peer_id.clone()) else {
                    return;
                };
                for (other, peer) in &self.peers {
                    if *other != conn {
                        self.send(
                            &peer.outbox,
                            Message::Ephemeral {
                                sender_id: from.clone(),
                                target_id: peer.peer_id.clone(),
                                document_id: self.task.id,
                                session_id: session_id.clone(),
                                count,
                                data: data.clone(),
                            },
                        );
                    }
                }
            }
            DocInput::Gone { conn } => {
                self.peers.remove(&conn);
            }
        }
    }

    fn sync(
        &mut self,
        conn: ConnId,
        peer_id: String,
        outbox: Outbox,
        data: &[u8],
        request: bool,
        batch: &mut Batch,
    ) {
        if outbox.is_closing() {
            return;
        }
        self.peers.entry(conn).or_insert_with(|| Peer {
            peer_id,
            outbox,
            state: sync::State::new(),
            waiting: false,
            ack_due: None,
        });
        if let Some(why) = self.broken.clone() {
            self.refuse(conn, why);
            return;
        }
        let checked = if self.task.check_sync_messages {
            validate::sync_message(data)
        } else {
            sync::Message::decode(data).map_err(|_| validate::SyncProblem::Undecodable)
        };
        let message = match checked {
            Ok(m) => m,
            Err(e) => {
                self.refuse(conn, format!("sync message refused: {e}"));
                return;
            }
        };
        let id = self.task.id;
        let Some(peer) = self.peers.get_mut(&conn) else {
            return;
        };
        if self.doc.is_none() && request {
            // Nobody has uploaded it: say so once, and remember the peer.
            if !peer.waiting {
                peer.waiting = true;
                let unavailable = Message::DocUnavailable {
                    sender_id: self.task.relay_id.clone(),
                    target_id: peer.peer_id.clone(),
                    document_id: id,
                };
                send(&peer.outbox, &self.task.stats, unavailable);
            }
            return;
        }
        // A `sync` for a document the relay lacks is its upload.
        let doc = self.doc.get_or_insert_with(Automerge::new);
        let before = doc.get_heads();
        // Keeping what was sent: this peer's change may be answered later (in a batch, or
        // held back as an acknowledgement) and must be answered even if it speaks again.
        let received = catch_unwind(AssertUnwindSafe(|| {
            kam_protocol::answer::receive_keeping_answer(&mut peer.state, message, |s, m| {
                doc.receive_sync_message(s, m)
            })
        }));
        match received {
            Ok(Ok(())) => {
                if doc.get_heads() != before {
                    batch.changed = true;
                    batch.senders.push(conn);
                }
            }
            Ok(Err(e)) => {
                if doc.get_heads().is_empty() {
                    self.doc = None;
                }
                self.refuse(conn, format!("sync message refused: {e}"));
            }
            Err(panic) => {
                tracing::error!(
                    "document {id}: automerge panicked on a message from {} ({}); reloading the document",
                    short(&peer.peer_id),
                    panic_text(&panic)
                );
                self.refuse(conn, "sync message refused: it could not be applied".into());
                // The document may be half-changed: back to what is stored.
                let senders = std::mem::take(&mut batch.senders);
                batch.changed = false;
                self.reload(
                    &Batch {
                        changed: false,
                        senders,
                    },
                    "the relay had to reload the document; your changes are sent again when you reconnect".into(),
                );
            }
        }
    }

    /// The earliest held-back acknowledgement.
    fn next_ack_due(&self) -> Option<Instant> {
        self.peers.values().filter_map(|p| p.ack_due).min()
    }

    /// At most one sync message per peer for everything that happened since the last.
    ///
    /// A peer whose changes were just applied and who has everything the relay has
    /// would get a message that only acknowledges them. That one is held back for up
    /// to [`DocTask::ack_delay`]: under load, changes of others for that peer come
    /// along within it and carry the acknowledgement, so the relay sends about one
    /// message per delivered edit instead of one more per edit. Delivery to the other
    /// peers is not delayed.
    fn flush(&mut self, batch: &Batch) {
        let Some(doc) = self.doc.as_ref() else {
            return;
        };
        let heads = doc.get_heads();
        let now = Instant::now();
        let mut failed = Vec::new();
        for (conn, peer) in &mut self.peers {
            let only_an_ack = peer.state.their_heads.as_ref() == Some(&heads);
            if only_an_ack && !self.task.ack_delay.is_zero() {
                match peer.ack_due {
                    Some(due) if due > now => continue,
                    None if batch.senders.contains(conn) => {
                        peer.ack_due = Some(now + self.task.ack_delay);
                        continue;
                    }
                    _ => {}
                }
            }
            peer.ack_due = None;
            let generated = catch_unwind(AssertUnwindSafe(|| {
                doc.generate_sync_message(&mut peer.state)
            }));
            match generated {
                Ok(Some(message)) => {
                    peer.waiting = false;
                    send(
                        &peer.outbox,
                        &self.task.stats,
                        Message::Sync {
                            sender_id: self.task.relay_id.clone(),
                            target_id: peer.peer_id.clone(),
                            document_id: self.task.id,
                            data: message.encode(),
                        },
                    );
                }
                Ok(None) => {}
                Err(panic) => {
                    tracing::error!(
                        "document {}: automerge panicked answering {} ({})",
                        self.task.id,
                        short(&peer.peer_id),
                        panic_text(&panic)
                    );
                    failed.push(*conn);
                }
            }
        }
        for conn in failed {
            self.refuse(conn, "the relay could not answer this sync state".into());
        }
    }
}

fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .map(|s| short(&s))
        .unwrap_or_else(|| "no message".into())
}

/// Queues a message for a connection. A client that cannot keep up is disconnected by
/// its outbox (never skipped silently); nothing blocks the document.
pub fn send(outbox: &Outbox, stats: &Stats, message: Message) {
    let bytes = message.encode();
    let len = bytes.len() as u64;
    if outbox.push(bytes) {
        stats.sent(len);
    }
}
