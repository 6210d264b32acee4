//! Document sync over the automerge-repo WebSocket protocol (`/sync?token=…`).
//!
//! The relay only serves documents a client asks for by id and never announces any.
//! Access needs the token configured at start; it travels in the URL so that stock
//! automerge-repo clients can use it.
//!
//! Everything a peer can make the relay hold is bounded: connections in all and per
//! client address, bytes queued towards a client (a client that does not keep up is
//! disconnected, never silently skipped), bytes received and not yet applied (a fast
//! sender waits), the time to join and the time a connection may stay silent (pings
//! keep live ones busy), wrong-token attempts per address. Every refusal is logged in
//! one short line.

mod doc;
mod outbox;
pub mod s3;
pub mod storage;
pub mod validate;

use std::{
    collections::HashMap,
    net::{IpAddr, SocketAddr},
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{
    Router,
    extract::{
        ConnectInfo, Query, State,
        ws::{self, CloseFrame, WebSocket, WebSocketUpgrade},
    },
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
};
use futures_util::{Sink, SinkExt, Stream, StreamExt};
use kam_protocol::{DocumentId, Message, PROTOCOL_VERSION, PeerMetadata};
use tokio::sync::{Semaphore, mpsc};

use doc::{Budget, DocInput, DocTask, Docs, send};
use outbox::{Outbox, OutboxReceiver};
use storage::{ChunkStore, DocStore, FileStore};

/// Identifies one WebSocket connection.
pub type ConnId = u64;

/// How the sync endpoint is set up.
#[derive(Debug, Clone)]
pub struct SyncConfig {
    /// Where documents are stored (automerge-repo NodeFS layout).
    pub data_dir: PathBuf,
    /// Clients must present this token (`?token=`).
    pub token: String,
    /// Largest message accepted, in bytes.
    pub max_message_bytes: usize,
    /// Largest presence (ephemeral) message passed on, in bytes.
    pub max_ephemeral_bytes: usize,
    /// Most connections at once from one client address.
    pub max_connections_per_address: usize,
    /// Most sync connections at once, in all (keep it under the process's file limit).
    pub max_connections: usize,
    /// Bytes queued for one client before it is disconnected as too slow.
    pub outbox_bytes: usize,
    /// Bytes received from one connection and not yet applied before it must wait.
    pub inbound_bytes_per_connection: usize,
    /// Bytes received and not yet applied, over all connections.
    pub inbound_bytes_total: usize,
    /// Time a new connection has to send its `join`.
    pub handshake_timeout: Duration,
    /// Time a connection may stay silent (pongs count) before it is closed.
    pub idle_timeout: Duration,
    /// How often the relay pings each client.
    pub ping_interval: Duration,
    /// Wrong tokens accepted from one address per minute before it must wait.
    pub wrong_tokens_per_minute: u32,
    /// A reverse proxy whose `X-Forwarded-For` names the real client address.
    pub trusted_proxy: Option<IpAddr>,
    /// Most bytes one document may take in storage.
    pub max_document_bytes: Option<u64>,
    /// How long a document waits after a change for more before it answers (0: answer
    /// at once, coalescing only what arrived together).
    pub coalesce: Duration,
    /// How long the acknowledgement of a client's change may wait for other changes to
    /// that client to carry it (0: at once). Delivery to others is never delayed.
    pub ack_delay: Duration,
    /// How often each client that syncs a document is told the relay is alive
    /// (`kam_protocol::liveness::alive`): an idle client notices a dead connection.
    pub alive_interval: Duration,
    /// Check sync messages against [`validate`] before Automerge sees them. Only tests
    /// turn it off, to show that a panic inside Automerge closes one connection.
    #[doc(hidden)]
    pub check_sync_messages: bool,
}

impl SyncConfig {
    pub fn new(data_dir: PathBuf, token: String) -> SyncConfig {
        SyncConfig {
            data_dir,
            token,
            max_message_bytes: 16 * 1024 * 1024,
            max_ephemeral_bytes: 64 * 1024,
            max_connections_per_address: 64,
            max_connections: 512,
            outbox_bytes: 32 * 1024 * 1024,
            inbound_bytes_per_connection: 32 * 1024 * 1024,
            inbound_bytes_total: 256 * 1024 * 1024,
            handshake_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(90),
            ping_interval: Duration::from_secs(30),
            wrong_tokens_per_minute: 20,
            trusted_proxy: None,
            max_document_bytes: None,
            coalesce: Duration::ZERO,
            ack_delay: Duration::from_millis(1000),
            alive_interval: Duration::from_secs(20),
            check_sync_messages: true,
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

/// At most this much of a peer's text goes into a log line or an error frame.
pub const SHORT: usize = 200;

/// A peer's text cut to [`SHORT`] characters, for logs and error frames.
pub fn short(text: &str) -> String {
    if text.chars().count() <= SHORT {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(SHORT).collect();
    cut.push('…');
    cut
}

struct Hub {
    config: SyncConfig,
    relay_id: String,
    chunks: Arc<dyn ChunkStore>,
    docs: Docs,
    per_address: Mutex<HashMap<IpAddr, usize>>,
    live: Mutex<HashMap<ConnId, Outbox>>,
    /// Which connection speaks for a peer id now: presence is passed on under the id a
    /// connection joined with, so one id must not speak on two connections.
    peers: Mutex<HashMap<String, ConnId>>,
    wrong_tokens: Mutex<HashMap<IpAddr, (Instant, u32)>>,
    inbound: Arc<Semaphore>,
    next_conn: AtomicU64,
    connections: AtomicUsize,
    stats: Stats,
}

/// The sync endpoint's shared state.
#[derive(Clone)]
pub struct SyncHub(Arc<Hub>);

impl SyncHub {
    /// A hub storing documents as files under `config.data_dir`.
    pub fn new(config: SyncConfig) -> SyncHub {
        let chunks = Arc::new(FileStore::new(&config.data_dir));
        SyncHub::with_store(config, chunks)
    }

    /// A hub on another chunk store (tests inject failing storage this way).
    pub fn with_store(config: SyncConfig, chunks: Arc<dyn ChunkStore>) -> SyncHub {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        // One message must always fit, or a large upload would wait forever.
        let inbound = config
            .inbound_bytes_total
            .max(config.max_message_bytes)
            .min(Semaphore::MAX_PERMITS);
        SyncHub(Arc::new(Hub {
            relay_id: format!("kam-relay-{:x}", nanos ^ u128::from(std::process::id())),
            inbound: Arc::new(Semaphore::new(inbound)),
            config,
            chunks,
            docs: Arc::new(Mutex::new(HashMap::new())),
            per_address: Mutex::new(HashMap::new()),
            live: Mutex::new(HashMap::new()),
            peers: Mutex::new(HashMap::new()),
            wrong_tokens: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            connections: AtomicUsize::new(0),
            stats: Stats::default(),
        }))
    }

    pub fn stats(&self) -> Stats {
        self.0.stats.clone()
    }

    /// Sync connections open now.
    pub fn connections(&self) -> usize {
        self.0.connections.load(Ordering::Acquire)
    }

    /// Closes every connection with a close frame saying the relay is stopping, and
    /// waits (up to `wait`) until they are gone.
    pub async fn close_all(&self, wait: Duration) {
        let open: Vec<Outbox> = match self.0.live.lock() {
            Ok(live) => live.values().cloned().collect(),
            Err(_) => Vec::new(),
        };
        for outbox in open {
            outbox.close(STOPPING.into());
        }
        let deadline = Instant::now() + wait;
        while self.connections() > 0 && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Hands an input to the document's task, starting (and loading) it if needed.
    /// Loading happens in the task, outside this lock, on a blocking thread.
    fn to_doc(&self, id: DocumentId, mut input: DocInput) {
        let Ok(mut docs) = self.0.docs.lock() else {
            return;
        };
        for _ in 0..2 {
            let (_, sender) = docs.entry(id).or_insert_with(|| {
                let (tx, rx) = mpsc::unbounded_channel();
                let number = self.0.next_conn.fetch_add(1, Ordering::Relaxed);
                let task = DocTask {
                    id,
                    number,
                    relay_id: self.0.relay_id.clone(),
                    store: DocStore::new(
                        self.0.chunks.clone(),
                        id,
                        self.0.config.max_document_bytes,
                    ),
                    stats: self.0.stats.clone(),
                    coalesce: self.0.config.coalesce,
                    ack_delay: self.0.config.ack_delay,
                    docs: Arc::downgrade(&self.0.docs),
                    check_sync_messages: self.0.config.check_sync_messages,
                };
                tokio::task::spawn_blocking(move || task.run(rx));
                (number, tx)
            });
            match sender.send(input) {
                Ok(()) => return,
                // The task ended without leaving the table (it panicked): start anew.
                Err(mpsc::error::SendError(back)) => {
                    docs.remove(&id);
                    input = back;
                }
            }
        }
    }

    /// Makes `conn` the one connection of `peer_id`. An older connection with the same
    /// id is closed: it is the same client reconnecting (the app keeps its id across
    /// reconnects) or someone posing as it, and either way one id speaks on one line.
    fn claim_peer_id(&self, peer_id: &str, conn: ConnId) {
        let old = match self.0.peers.lock() {
            Ok(mut peers) => peers.insert(peer_id.to_string(), conn),
            Err(_) => None,
        };
        if let Some(old) = old.filter(|old| *old != conn)
            && let Ok(live) = self.0.live.lock()
            && let Some(outbox) = live.get(&old)
        {
            tracing::info!(
                "peer {}: a newer connection replaces the old one",
                short(peer_id)
            );
            send(
                outbox,
                &self.0.stats,
                Message::Error {
                    message: "replaced by a newer connection with the same peer id".into(),
                },
            );
            outbox.close("replaced by a newer connection".into());
        }
    }

    /// Counts a wrong token from `ip`; true while that address may still try.
    fn wrong_token(&self, ip: IpAddr) -> bool {
        let Ok(mut seen) = self.0.wrong_tokens.lock() else {
            return false;
        };
        let now = Instant::now();
        if seen.len() > 10_000 {
            seen.retain(|_, (since, _)| now.duration_since(*since) < MINUTE);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= MINUTE {
            *entry = (now, 0);
        }
        entry.1 = entry.1.saturating_add(1);
        if entry.1 == self.0.config.wrong_tokens_per_minute {
            tracing::warn!("{ip}: too many wrong tokens; refusing this address for a minute");
        }
        entry.1 < self.0.config.wrong_tokens_per_minute
    }

    /// True when `ip` used up its wrong tokens for this minute.
    fn locked_out(&self, ip: IpAddr) -> bool {
        let Ok(seen) = self.0.wrong_tokens.lock() else {
            return true;
        };
        seen.get(&ip).is_some_and(|(since, count)| {
            since.elapsed() < MINUTE && *count >= self.0.config.wrong_tokens_per_minute
        })
    }

    /// The client's address: the TCP peer, or what a trusted proxy says it forwards.
    fn client_ip(&self, addr: SocketAddr, headers: &HeaderMap) -> IpAddr {
        if self.0.config.trusted_proxy == Some(addr.ip())
            && let Some(forwarded) = headers
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.rsplit(',').next())
                .and_then(|v| v.trim().parse::<IpAddr>().ok())
        {
            return forwarded;
        }
        addr.ip()
    }
}

const MINUTE: Duration = Duration::from_secs(60);
const STOPPING: &str = "the relay is stopping";
const ENDED: &str = "connection ended";

/// The `/sync` route, and `/sync/check` that tells a client whether its token is the
/// reason it cannot connect (browsers do not see the status of a refused WebSocket).
pub fn routes(hub: SyncHub) -> Router {
    Router::new()
        .route("/sync", get(upgrade))
        .route("/sync/check", get(check))
        .with_state(hub)
}

/// Why a connection is not let in: a status and a short text, nothing internal.
struct Refusal(StatusCode, &'static str);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, self.1).into_response()
    }
}

/// Checks the token; the refusal to send when it is wrong or missing.
fn authorise(hub: &SyncHub, ip: IpAddr, token: Option<&str>) -> Result<(), Refusal> {
    if hub.locked_out(ip) {
        return Err(Refusal(
            StatusCode::TOO_MANY_REQUESTS,
            "too many wrong tokens; wait a minute",
        ));
    }
    match token {
        Some(t) if same(t, &hub.0.config.token) => Ok(()),
        Some(_) => {
            tracing::warn!("refused {ip}: wrong token");
            hub.wrong_token(ip);
            Err(Refusal(StatusCode::UNAUTHORIZED, "wrong token"))
        }
        None => Err(Refusal(StatusCode::UNAUTHORIZED, "token required")),
    }
}

async fn check(
    State(hub): State<SyncHub>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let ip = hub.client_ip(addr, &headers);
    let status = match authorise(&hub, ip, query.token.as_deref()) {
        Ok(()) => StatusCode::NO_CONTENT,
        Err(refusal) => refusal.0,
    };
    // The app may be served from elsewhere than the relay; it learns only yes or no.
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

/// A connection's place in the limits, given back when it is dropped.
struct Slot {
    hub: SyncHub,
    ip: IpAddr,
}

impl Slot {
    fn take(hub: &SyncHub, ip: IpAddr) -> Result<Slot, Refusal> {
        let config = &hub.0.config;
        let Ok(mut counts) = hub.0.per_address.lock() else {
            return Err(Refusal(StatusCode::INTERNAL_SERVER_ERROR, "relay error"));
        };
        let total = hub.0.connections.load(Ordering::Acquire);
        if total >= config.max_connections {
            tracing::warn!(
                "refused {ip}: {total} connections open (limit {})",
                config.max_connections
            );
            return Err(Refusal(StatusCode::SERVICE_UNAVAILABLE, "relay is full"));
        }
        let count = counts.entry(ip).or_default();
        if *count >= config.max_connections_per_address {
            tracing::warn!(
                "refused {ip}: already {count} connections from this address (limit {})",
                config.max_connections_per_address
            );
            return Err(Refusal(
                StatusCode::TOO_MANY_REQUESTS,
                "too many connections",
            ));
        }
        *count += 1;
        hub.0.connections.fetch_add(1, Ordering::AcqRel);
        Ok(Slot {
            hub: hub.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut counts) = self.hub.0.per_address.lock()
            && let Some(c) = counts.get_mut(&self.ip)
        {
            *c = c.saturating_sub(1);
            if *c == 0 {
                counts.remove(&self.ip);
            }
        }
        self.hub.0.connections.fetch_sub(1, Ordering::AcqRel);
    }
}

async fn upgrade(
    State(hub): State<SyncHub>,
    ConnectInfo(addr): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
    ws: WebSocketUpgrade,
) -> Response {
    let ip = hub.client_ip(addr, &headers);
    if let Err(refusal) = authorise(&hub, ip, query.token.as_deref()) {
        return refusal.into_response();
    }
    let slot = match Slot::take(&hub, ip) {
        Ok(s) => s,
        Err(refusal) => return refusal.into_response(),
    };
    let limit = hub.0.config.max_message_bytes;
    ws.max_message_size(limit).max_frame_size(limit).on_upgrade(
        move |socket: WebSocket| async move {
            let (sink, stream) = socket.split();
            serve(hub, sink, stream, ip).await;
            drop(slot);
        },
    )
}

/// One frame as the connection handler sees it, whatever carries it.
#[derive(Debug)]
pub enum Frame {
    Binary(Vec<u8>),
    Text,
    Ping,
    Pong,
    Close,
}

impl From<ws::Message> for Frame {
    fn from(m: ws::Message) -> Frame {
        match m {
            ws::Message::Binary(b) => Frame::Binary(b.into()),
            ws::Message::Text(_) => Frame::Text,
            ws::Message::Ping(_) => Frame::Ping,
            ws::Message::Pong(_) => Frame::Pong,
            ws::Message::Close(_) => Frame::Close,
        }
    }
}

/// One client connection: handshake, then messages in both directions until either
/// side closes or a limit is hit. A protocol error closes only this connection.
pub async fn serve<S, R, E>(hub: SyncHub, sink: S, mut stream: R, ip: IpAddr)
where
    S: Sink<ws::Message> + Unpin + Send + 'static,
    R: Stream<Item = Result<ws::Message, E>> + Unpin,
    E: std::fmt::Display,
{
    let config = hub.0.config.clone();
    let conn: ConnId = hub.0.next_conn.fetch_add(1, Ordering::Relaxed);
    let (outbox, queued) = outbox::outbox(config.outbox_bytes);
    if let Ok(mut live) = hub.0.live.lock() {
        live.insert(conn, outbox.clone());
    }
    let writer = tokio::spawn(write(sink, queued, outbox.clone(), config.ping_interval));
    let own_budget = Arc::new(Semaphore::new(
        config
            .inbound_bytes_per_connection
            .max(config.max_message_bytes)
            .min(Semaphore::MAX_PERMITS),
    ));
    let mut peer_id: Option<String> = None;
    let mut docs: Vec<DocumentId> = Vec::new();
    // The log gets the details; the client gets words that give nothing internal away.
    let refuse = |why: Breach| {
        tracing::warn!("closing {ip}: {}", short(&why.detail()));
        let message = why.to_client();
        send(
            &outbox,
            &hub.0.stats,
            Message::Error {
                message: message.clone(),
            },
        );
        outbox.close(message);
    };
    // The join must come within the handshake time however many pongs come first.
    let join_by = tokio::time::Instant::now() + config.handshake_timeout;
    // As the command line's minimum; a zero interval would make tokio panic.
    let every = config.alive_interval.max(Duration::from_millis(100));
    let mut alive = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    alive.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut alive_count = 0u64;
    // Silence counts from the last frame received: telling the client the relay is
    // alive does not make the client alive.
    let mut heard_at = tokio::time::Instant::now();
    loop {
        let (wait, until) = if peer_id.is_some() {
            let wait = config.idle_timeout;
            (wait, heard_at + wait)
        } else {
            (config.handshake_timeout, join_by)
        };
        let frame = tokio::select! {
            biased;
            _ = outbox.closed() => break,
            _ = alive.tick() => {
                // Beside the document the client syncs last (it listens to that one).
                if let (Some(me), Some(&document_id)) = (&peer_id, docs.last()) {
                    alive_count += 1;
                    send(
                        &outbox,
                        &hub.0.stats,
                        Message::Ephemeral {
                            sender_id: hub.0.relay_id.clone(),
                            target_id: me.clone(),
                            document_id,
                            session_id: hub.0.relay_id.clone(),
                            count: alive_count,
                            data: kam_protocol::liveness::alive(
                                u32::try_from(every.as_millis()).unwrap_or(u32::MAX),
                            ),
                        },
                    );
                }
                continue;
            }
            f = tokio::time::timeout_at(until, stream.next()) => f,
        };
        if frame.is_ok() {
            heard_at = tokio::time::Instant::now();
        }
        let bytes = match frame {
            Err(_) if peer_id.is_none() => {
                refuse(Breach::NoJoin {
                    secs: wait.as_secs(),
                });
                break;
            }
            Err(_) => {
                tracing::info!("closing {ip}: silent for {} s", wait.as_secs());
                outbox.close("idle".into());
                break;
            }
            Ok(None) => break,
            // A client that vanished (tab closed, network gone): nothing to warn about.
            Ok(Some(Err(e))) => {
                tracing::info!("closing {ip}: {}", short(&e.to_string()));
                break;
            }
            Ok(Some(Ok(m))) => match Frame::from(m) {
                Frame::Binary(b) => b,
                Frame::Close => break,
                Frame::Ping | Frame::Pong => continue,
                Frame::Text => {
                    refuse(Breach::TextFrame);
                    break;
                }
            },
        };
        tracing::debug!("{ip}: frame of {} bytes", bytes.len());
        let message = match Message::decode(&bytes) {
            Ok(m) => m,
            Err(e) => {
                refuse(Breach::Malformed(e.to_string()));
                break;
            }
        };
        // Memory held until the document has applied the message: wait for room.
        let budget = match message {
            Message::Request { .. } | Message::Sync { .. } | Message::Ephemeral { .. } => {
                let n = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
                drop(bytes);
                let permits = async {
                    let total = hub.0.inbound.clone().acquire_many_owned(n).await.ok()?;
                    let own = own_budget.clone().acquire_many_owned(n).await.ok()?;
                    Some(Budget::new(vec![total, own]))
                };
                tokio::select! {
                    biased;
                    _ = outbox.closed() => break,
                    b = permits => match b {
                        Some(b) => b,
                        None => break,
                    },
                }
            }
            _ => Budget::new(Vec::new()),
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
                    refuse(Breach::Unsupported(supported_protocol_versions));
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
                hub.claim_peer_id(&sender_id, conn);
                peer_id = Some(sender_id);
            }
            (None, other) => {
                refuse(Breach::ExpectedJoin(kind(&other)));
                break;
            }
            (Some(_), Message::Join { .. }) => {
                refuse(Breach::JoinTwice);
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
                        budget,
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
                if data.len() > config.max_ephemeral_bytes {
                    refuse(Breach::PresenceTooLarge {
                        bytes: data.len(),
                        max: config.max_ephemeral_bytes,
                    });
                    break;
                }
                hub.to_doc(
                    document_id,
                    DocInput::Ephemeral {
                        conn,
                        session_id,
                        count,
                        data,
                        budget,
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
    outbox.close(ENDED.into());
    if let Ok(mut live) = hub.0.live.lock() {
        live.remove(&conn);
    }
    if let Some(me) = &peer_id
        && let Ok(mut peers) = hub.0.peers.lock()
        && peers.get(me) == Some(&conn)
    {
        peers.remove(me);
    }
    for id in docs {
        hub.to_doc(id, DocInput::Gone { conn });
    }
    drop(outbox);
    let _ = writer.await;
}

/// Writes queued frames and pings until the connection is asked to close; then sends
/// what small frames (errors) are still queued and a close frame, within a second.
async fn write<S>(mut sink: S, mut queued: OutboxReceiver, outbox: Outbox, ping: Duration)
where
    S: Sink<ws::Message> + Unpin,
{
    let mut pings = tokio::time::interval_at(tokio::time::Instant::now() + ping, ping);
    let reason = loop {
        tokio::select! {
            biased;
            reason = outbox.closed() => break reason,
            frame = queued.recv() => {
                let Some(frame) = frame else { break String::new() };
                let len = frame.len();
                let sent = tokio::select! {
                    r = sink.send(ws::Message::Binary(frame.into())) => r.is_ok(),
                    _ = outbox.closed() => false,
                };
                queued.written(len);
                if !sent {
                    break String::new();
                }
            }
            _ = pings.tick() => {
                if sink.send(ws::Message::Ping(Default::default())).await.is_err() {
                    break String::new();
                }
            }
        }
    };
    let goodbye = async {
        while let Some(frame) = queued.try_recv() {
            if frame.len() <= 4096 {
                sink.send(ws::Message::Binary(frame.into())).await.ok()?;
            }
        }
        let code = match reason.as_str() {
            STOPPING => 1001,
            ENDED | "" => 1000,
            _ => 1008,
        };
        let reason: String = reason.chars().take(100).collect();
        sink.send(ws::Message::Close(Some(CloseFrame {
            code,
            reason: reason.into(),
        })))
        .await
        .ok()?;
        sink.close().await.ok()
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), goodbye).await;
    outbox.close(String::new());
}

/// Why the relay closes a connection. One type for every protocol breach, so what a client is
/// told is decided in one place: the protocol rule it broke, never a decoder's or the
/// relay's internals (those go to the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Breach {
    NoJoin {
        secs: u64,
    },
    TextFrame,
    /// The decoder's words, for the log only.
    Malformed(String),
    Unsupported(Vec<String>),
    ExpectedJoin(&'static str),
    JoinTwice,
    PresenceTooLarge {
        bytes: usize,
        max: usize,
    },
}

impl Breach {
    /// What the client is told (also the close frame's reason).
    pub fn to_client(&self) -> String {
        match self {
            Breach::NoJoin { secs } => format!("no join within {secs} s"),
            Breach::TextFrame => "text frames are not part of the protocol".into(),
            Breach::Malformed(_) => "malformed message".into(),
            Breach::Unsupported(_) => {
                format!("unsupported protocol versions (this relay speaks {PROTOCOL_VERSION})")
            }
            Breach::ExpectedJoin(got) => format!("expected join, got {got}"),
            Breach::JoinTwice => "join sent twice".into(),
            Breach::PresenceTooLarge { max, .. } => {
                format!("presence message too large (at most {max} bytes)")
            }
        }
    }

    /// What the log says.
    pub fn detail(&self) -> String {
        match self {
            Breach::Malformed(e) => format!("malformed message: {e}"),
            Breach::Unsupported(v) => format!("unsupported protocol versions {v:?}"),
            Breach::PresenceTooLarge { bytes, max } => {
                format!("presence message of {bytes} bytes (at most {max})")
            }
            other => other.to_client(),
        }
    }
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
