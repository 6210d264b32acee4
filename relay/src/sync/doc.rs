//! One task per open document: it owns the Automerge document, one sync state per
//! connected peer, and the document's storage.
//!
//! Coalescing: the task applies every message already waiting in its inbox before it
//! answers, then sends each peer at most one sync message for the whole batch. Under
//! load, edits from many clients of a document share one outgoing message per peer
//! instead of one each (the weakness of a bare samod relay); when the relay is idle an
//! edit goes out at once, without a fixed delay.

use std::collections::HashMap;

use automerge::{
    Automerge,
    sync::{self, SyncDoc},
};
use kam_protocol::{DocumentId, Message};
use tokio::sync::mpsc;

use super::{ConnId, Outbox, Stats, storage::DocStore};

/// What a connection asks of a document.
pub enum DocInput {
    /// A `request` or `sync` message from a peer.
    Sync {
        conn: ConnId,
        peer_id: String,
        outbox: Outbox,
        data: Vec<u8>,
        request: bool,
    },
    /// An `ephemeral` message to pass to the document's other peers.
    Ephemeral {
        conn: ConnId,
        session_id: String,
        count: u64,
        data: Vec<u8>,
    },
    /// The connection closed.
    Gone { conn: ConnId },
}

struct Peer {
    peer_id: String,
    outbox: Outbox,
    state: sync::State,
    /// Asked for the document while the relay had none: told so once, and sent the
    /// document as soon as someone uploads it.
    waiting: bool,
}

pub struct DocTask {
    id: DocumentId,
    relay_id: String,
    doc: Option<Automerge>,
    store: DocStore,
    peers: HashMap<ConnId, Peer>,
    stats: Stats,
    coalesce: std::time::Duration,
}

impl DocTask {
    pub fn new(
        id: DocumentId,
        relay_id: String,
        mut store: DocStore,
        stats: Stats,
        coalesce: std::time::Duration,
    ) -> DocTask {
        let doc = store.load();
        DocTask {
            id,
            relay_id,
            doc,
            store,
            peers: HashMap::new(),
            stats,
            coalesce,
        }
    }

    /// Runs until every peer is gone and the inbox is empty; everything received has
    /// been stored by then.
    pub async fn run(mut self, mut inbox: mpsc::Receiver<DocInput>) {
        let mut last_flush = tokio::time::Instant::now() - self.coalesce;
        while let Some(first) = inbox.recv().await {
            let mut changed = self.handle(first);
            // Leading-edge throttle: a change after a quiet moment goes out at once; one
            // that follows the last flush closely waits for the end of the window, so that
            // the changes of a burst share one outgoing message per peer.
            if changed && !self.coalesce.is_zero() {
                let ready = last_flush + self.coalesce;
                if tokio::time::Instant::now() < ready {
                    tokio::time::sleep_until(ready).await;
                }
            }
            // Coalesce: take everything that is already waiting before answering.
            while let Ok(next) = inbox.try_recv() {
                changed |= self.handle(next);
            }
            if changed {
                self.persist();
                last_flush = tokio::time::Instant::now();
            }
            self.flush();
            if self.peers.is_empty() && inbox.is_empty() {
                break;
            }
        }
    }

    fn persist(&mut self) {
        if let Some(doc) = &self.doc
            && let Err(e) = self.store.save(doc)
        {
            tracing::error!("document {}: could not store changes: {e}", self.id);
        }
    }

    /// Applies one input; true when the document changed.
    fn handle(&mut self, input: DocInput) -> bool {
        match input {
            DocInput::Sync {
                conn,
                peer_id,
                outbox,
                data,
                request,
            } => {
                let peer = self.peers.entry(conn).or_insert_with(|| Peer {
                    peer_id,
                    outbox,
                    state: sync::State::new(),
                    waiting: false,
                });
                let message = match sync::Message::decode(&data) {
                    Ok(m) => m,
                    Err(e) => {
                        tracing::warn!(
                            "document {}: bad sync message from {}: {e}",
                            self.id,
                            peer.peer_id
                        );
                        return false;
                    }
                };
                if self.doc.is_none() && request {
                    // Nobody has uploaded it: say so once, and remember the peer.
                    if !peer.waiting {
                        peer.waiting = true;
                        send(
                            &peer.outbox,
                            &self.stats,
                            Message::DocUnavailable {
                                sender_id: self.relay_id.clone(),
                                target_id: peer.peer_id.clone(),
                                document_id: self.id,
                            },
                        );
                    }
                    return false;
                }
                // A `sync` for a document the relay lacks is its upload.
                let fresh = self.doc.is_none();
                let doc = self.doc.get_or_insert_with(Automerge::new);
                let before = doc.get_heads();
                tracing::debug!(
                    "document {}: sync from {} ({} bytes)",
                    self.id,
                    peer.peer_id,
                    data.len()
                );
                if let Err(e) = doc.receive_sync_message(&mut peer.state, message) {
                    tracing::warn!(
                        "document {}: sync from {} refused: {e}",
                        self.id,
                        peer.peer_id
                    );
                    if fresh {
                        self.doc = None;
                    }
                    return false;
                }
                doc.get_heads() != before
            }
            DocInput::Ephemeral {
                conn,
                session_id,
                count,
                data,
            } => {
                let Some(from) = self.peers.get(&conn).map(|p| p.peer_id.clone()) else {
                    return false;
                };
                for (other, peer) in &self.peers {
                    if *other != conn {
                        send(
                            &peer.outbox,
                            &self.stats,
                            Message::Ephemeral {
                                sender_id: from.clone(),
                                target_id: peer.peer_id.clone(),
                                document_id: self.id,
                                session_id: session_id.clone(),
                                count,
                                data: data.clone(),
                            },
                        );
                    }
                }
                false
            }
            DocInput::Gone { conn } => {
                self.peers.remove(&conn);
                false
            }
        }
    }

    /// At most one sync message per peer for everything that happened since the last.
    fn flush(&mut self) {
        let Some(doc) = self.doc.as_ref() else {
            return;
        };
        for peer in self.peers.values_mut() {
            if let Some(message) = doc.generate_sync_message(&mut peer.state) {
                tracing::debug!("document {}: sync to {}", self.id, peer.peer_id);
                peer.waiting = false;
                send(
                    &peer.outbox,
                    &self.stats,
                    Message::Sync {
                        sender_id: self.relay_id.clone(),
                        target_id: peer.peer_id.clone(),
                        document_id: self.id,
                        data: message.encode(),
                    },
                );
            }
        }
    }
}

/// Queues a message for a connection. A client that cannot keep up is disconnected by
/// its connection task (the outbox closes); nothing blocks the document.
pub fn send(outbox: &Outbox, stats: &Stats, message: Message) {
    let bytes = message.encode();
    let len = bytes.len() as u64;
    if outbox.try_send(bytes).is_ok() {
        stats.sent(len);
    }
}
