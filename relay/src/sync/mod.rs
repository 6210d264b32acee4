//! Document sync over the automerge-repo WebSocket protocol (`/sync?token=…`).
//!
//! The relay only serves documents a client asks for by id and never announces any.
//! Access needs the token configured at start; it travels in the URL so that stock
//! automerge-repo clients can use it. Limits: message size, connections per client
//! address, a bounded queue per connection. Every refusal is logged in one line.

mod doc;
pub mod storage;

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
};

use axum::{
    Router,
    extract::{
        ConnectInfo, Query, State,
        ws::{self, WebSocket, WebSocketUpgrade},
    },
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use kam_protocol::{DocumentId, Message, PROTOCOL_VERSION, PeerMetadata};
use tokio::sync::mpsc;

use doc::{DocInput, DocTask, send};
use storage::DocStore;

/// Identifies one WebSocket connection.
pub type ConnId = u64;
/// Frames queued for one connection.
pub type Outbox = mpsc::Sender<Vec<u8>>;

/// How the sync endpoint is set up.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Where documents are stored (automerge-repo NodeFS layout).
    pub data_dir: PathBuf,
    /// Clients must present this token (`?token=`).
    pub token: String,
    /// Largest message accepted, in bytes.
    pub max_message_bytes: usize,
    /// Most connections at once from one client address.
    pub max_connections_per_address: usize,
    /// Frames queued for one slow client before it is disconnected.
    pub outbox_frames: usize,
    /// How long a document waits after a change for more before it answers (0: answer
    /// at once, coalescing only what arrived together).
    pub coalesce: std::time::Duration,
}

impl SyncConfig {
    pub fn new(data_dir: PathBuf, token: String) -> SyncConfig {
        SyncConfig {
            data_dir,
            token,
            max_message_bytes: 16 * 1024 * 1024,
            max_connections_per_address: 64,
            outbox_frames: 4096,
            coalesce: std::time::Duration::ZERO,
        }
    }
}

/// Counters for benchmarks and the health page.
#[derive(Clone, Default)]
pub struct Stats(Arc<(AtomicU64, AtomicU64)>);

impl Stats {
    fn sent(&self, bytes: u64) {
        self.0.0.fetch_add(1, Ordering::Relaxed);
        self.0.1.fetch_add(bytes, Ordering::Relaxed);
    }

    /// Messages and bytes sent to clients so far.
    pub fn totals(&self) -> (u64, u64) {
        (
            self.0.0.load(Ordering::Relaxed),
            self.0.1.load(Ordering::Relaxed),
        )
    }
}

struct Hub {
    config: SyncConfig,
    relay_id: String,
    docs: Mutex<HashMap<DocumentId, mpsc::Sender<DocInput>>>,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    next_conn: AtomicU64,
    stats: Stats,
}

/// The sync endpoint's shared state.
#[derive(Clone)]
pub struct SyncHub(Arc<Hub>);

impl SyncHub {
    pub fn new(config: SyncConfig) -> SyncHub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        SyncHub(Arc::new(Hub {
            relay_id: format!("kam-relay-{:x}", nanos ^ u128::from(std::process::id())),
            config,
            docs: Mutex::new(HashMap::new()),
            per_address: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            stats: Stats::default(),
        }))
    }

    pub fn stats(&self) -> Stats {
        self.0.stats.clone()
    }

    /// Hands an input to the document's task, starting (and loading) it if needed.
    fn to_doc(&self, id: DocumentId, mut input: DocInput) {
        let Ok(mut docs) = self.0.docs.lock() else {
            return;
        };
        for _ in 0..2 {
            let sender = docs.entry(id).or_insert_with(|| {
                let (tx, rx) = mpsc::channel(1024);
                let store = DocStore::new(&self.0.config.data_dir, &id);
                let task = DocTask::new(
                    id,
                    self.0.relay_id.clone(),
                    store,
                    self.0.stats.clone(),
                    self.0.config.coalesce,
                );
                tokio::spawn(task.run(rx));
                tx
            });
            match sender.try_send(input) {
                Ok(()) => return,
                // The task finished (its last peer left): start a fresh one.
                Err(mpsc::error::TrySendError::Closed(back)) => {
                    docs.remove(&id);
                    input = back;
                }
                Err(mpsc::error::TrySendError::Full(_)) => {
                    tracing::warn!("document {id}: inbox full, message dropped");
                    return;
                }
            }
        }
    }
}

/// The `/sync` route, and `/sync/check` that tells a client whether its token is the
/// reason it cannot connect (browsers do not see the status of a refused WebSocket).
pub fn routes(hub: SyncHub) -> Router {
    Router::new()
        .route("/sync", get(upgrade))
        .route("/sync/check", get(check))
        .with_state(hub)
}

async fn check(State(hub): State<SyncHub>, Query(query): Query<TokenQuery>) -> Response {
    let ok = query
        .token
        .as_deref()
        .is_some_and(|t| same(t, &hub.0.config.token));
    let status = if ok {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::UNAUTHORIZED
    };
    // The app may be served from elsewhere than the relay.
    (
        status,
        [(axum::http::header::ACCESS_CONTROL_ALLOW_ORIGIN, "*")],
    )
        .into_response()
}

#[derive(serde::Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

/// Compares without stopping at the first difference (no timing hint about the token).
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

async fn upgrade(
    State(hub): State<SyncHub>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    Query(query): Query<TokenQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    match query.token.as_deref() {
        Some(t) if same(t, &hub.0.config.token) => {}
        Some(_) => {
            tracing::warn!("refused {addr}: wrong token");
            return (StatusCode::UNAUTHORIZED, "wrong token").into_response();
        }
        None => {
            tracing::warn!("refused {addr}: no token");
            return (StatusCode::UNAUTHORIZED, "token required").into_response();
        }
    }
    {
        let Ok(mut counts) = hub.0.per_address.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let count = counts.entry(addr.ip()).or_default();
        if *count >= hub.0.config.max_connections_per_address {
            tracing::warn!(
                "refused {addr}: already {count} connections from this address (limit {})",
                hub.0.config.max_connections_per_address
            );
            return (StatusCode::TOO_MANY_REQUESTS, "too many connections").into_response();
        }
        *count += 1;
    }
    let limit = hub.0.config.max_message_bytes;
    ws.max_message_size(limit)
        .max_frame_size(limit)
        .on_upgrade(move |socket| async move {
            serve(hub.clone(), socket, addr).await;
            if let Ok(mut counts) = hub.0.per_address.lock()
                && let Some(c) = counts.get_mut(&addr.ip())
            {
                *c = c.saturating_sub(1);
                if *c == 0 {
                    counts.remove(&addr.ip());
                }
            }
        })
}

/// One client connection: handshake, then messages in both directions until either
/// side closes. A protocol error closes only this connection.
async fn serve(hub: SyncHub, socket: WebSocket, addr: SocketAddr) {
    use futures_util::{SinkExt, StreamExt};
    let conn: ConnId = hub.0.next_conn.fetch_add(1, Ordering::Relaxed);
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut queued) = mpsc::channel::<Vec<u8>>(hub.0.config.outbox_frames);
    let writer = tokio::spawn(async move {
        while let Some(frame) = queued.recv().await {
            if sink.send(ws::Message::Binary(frame.into())).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let mut peer_id: Option<String> = None;
    let mut docs: Vec<DocumentId> = Vec::new();
    let refuse = |outbox: &Outbox, why: String| {
        tracing::warn!("closing {addr}: {why}");
        send(outbox, &hub.0.stats, Message::Error { message: why });
    };
    while let Some(frame) = stream.next().await {
        let bytes = match frame {
            Ok(ws::Message::Binary(b)) => b,
            Ok(ws::Message::Close(_)) => break,
            Ok(ws::Message::Ping(_) | ws::Message::Pong(_)) => continue,
            Ok(ws::Message::Text(_)) => {
                refuse(&outbox, "text frames are not part of the protocol".into());
                break;
            }
            Err(e) => {
                tracing::warn!("closing {addr}: {e}");
                break;
            }
        };
        if outbox.is_closed() {
            break;
        }
        if outbox.capacity() == 0 {
            tracing::warn!("closing {addr}: client does not keep up");
            break;
        }
        let message = match Message::decode(&bytes) {
            Ok(m) => m,
            Err(e) => {
                refuse(&outbox, format!("malformed message: {e}"));
                break;
            }
        };
        match (&peer_id, message) {
            (
                None,
                Message::Join {
                    sender_id,
                    supported_protocol_versions,
                    ..
                },
            ) => {
                if !supported_protocol_versions
                    .iter()
                    .any(|v| v == PROTOCOL_VERSION)
                {
                    refuse(
                        &outbox,
                        format!("unsupported protocol versions {supported_protocol_versions:?}"),
                    );
                    break;
                }
                send(
                    &outbox,
                    &hub.0.stats,
                    Message::Peer {
                        sender_id: hub.0.relay_id.clone(),
                        target_id: sender_id.clone(),
                        selected_protocol_version: PROTOCOL_VERSION.into(),
                        metadata: Some(PeerMetadata {
                            storage_id: None,
                            is_ephemeral: false,
                        }),
                    },
                );
                peer_id = Some(sender_id);
            }
            (None, other) => {
                refuse(&outbox, format!("expected join, got {}", kind(&other)));
                break;
            }
            (Some(_), Message::Join { .. }) => {
                refuse(&outbox, "join sent twice".into());
                break;
            }
            (Some(me), message @ (Message::Request { .. } | Message::Sync { .. })) => {
                let request = matches!(message, Message::Request { .. });
                let (Message::Request {
                    document_id, data, ..
                }
                | Message::Sync {
                    document_id, data, ..
                }) = message
                else {
                    continue;
                };
                if !docs.contains(&document_id) {
                    docs.push(document_id);
                }
                hub.to_doc(
                    document_id,
                    DocInput::Sync {
                        conn,
                        peer_id: me.clone(),
                        outbox: outbox.clone(),
                        data,
                        request,
                    },
                );
            }
            (
                Some(_),
                Message::Ephemeral {
                    document_id,
                    session_id,
                    count,
                    data,
                    ..
                },
            ) => {
                hub.to_doc(
                    document_id,
                    DocInput::Ephemeral {
                        conn,
                        session_id,
                        count,
                        data,
                    },
                );
            }
            (Some(_), Message::Leave { .. }) => break,
            // Nothing to do for these at a relay.
            (
                Some(_),
                Message::DocUnavailable { .. }
                | Message::RemoteSubscriptionChange { .. }
                | Message::RemoteHeadsChanged { .. }
                | Message::Error { .. }
                | Message::Peer { .. },
            ) => {}
        }
    }
    for id in docs {
        hub.to_doc(id, DocInput::Gone { conn });
    }
    drop(outbox);
    let _ = writer.await;
}

fn kind(m: &Message) -> &'static str {
    match m {
        Message::Join { .. } => "join",
        Message::Peer { .. } => "peer",
        Message::Leave { .. } => "leave",
        Message::Request { .. } => "request",
        Message::Sync { .. } => "sync",
        Message::DocUnavailable { .. } => "doc-unavailable",
        Message::Ephemeral { .. } => "ephemeral",
        Message::Error { .. } => "error",
        Message::RemoteSubscriptionChange { .. } => "remote-subscription-change",
        Message::RemoteHeadsChanged { .. } => "remote-heads-changed",
    }
}
