//! A relay on 127.0.0.1 (port 0) inside the test, and a small automerge-repo client that
//! speaks the protocol over a real WebSocket.
#![allow(dead_code)]

use std::{net::SocketAddr, path::Path, time::Duration};

use automerge::{
    Automerge,
    sync::{self, SyncDoc},
};
use futures_util::{SinkExt, StreamExt};
use kam_protocol::{DocumentId, Message};
use kam_relay::{
    server::ServerLimits,
    sync::{Stats, SyncConfig, SyncHub},
};
use tokio::{net::TcpStream, sync::oneshot, task::JoinHandle};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream, tungstenite};

pub const TOKEN: &str = "test-token-123";

pub struct Relay {
    pub addr: SocketAddr,
    pub stats: Stats,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl Relay {
    pub async fn start(data: &Path) -> Relay {
        Relay::start_with(SyncConfig::new(data.to_path_buf(), TOKEN.into())).await
    }

    pub async fn start_with(config: SyncConfig) -> Relay {
        let hub = SyncHub::new(config);
        Relay::start_hub(hub, ServerLimits::default()).await
    }

    /// A relay on a given hub (e.g. with injected storage) and HTTP limits.
    pub async fn start_hub(hub: SyncHub, limits: ServerLimits) -> Relay {
        log();
        let stats = hub.stats();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = oneshot::channel::<()>();
        let router = kam_relay::app(None, Some(hub));
        let task = tokio::spawn(async move {
            let _ = kam_relay::server::serve(listener, router, limits, async {
                let _ = stopped.await;
            })
            .await;
        });
        Relay {
            addr,
            stats,
            stop: Some(stop),
            task,
        }
    }

    pub fn url(&self, token: Option<&str>) -> String {
        match token {
            Some(t) => format!("ws://{}/sync?token={t}", self.addr),
            None => format!("ws://{}/sync", self.addr),
        }
    }

    /// Stops accepting and ends the server task (open sockets are dropped with it).
    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        self.task.abort();
        let _ = self.task.await;
    }
}

pub type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A minimal automerge-repo peer: one socket, documents with their sync states.
pub struct Client {
    pub peer_id: String,
    pub socket: Socket,
    pub relay_id: String,
    pub received: Vec<Message>,
}

impl Client {
    pub async fn connect(relay: &Relay, name: &str) -> Client {
        Client::connect_url(&relay.url(Some(TOKEN)), name).await
    }

    /// Connects to a relay at a WebSocket URL (with the token) and joins.
    pub async fn connect_url(url: &str, name: &str) -> Client {
        let (mut socket, _) = tokio_tungstenite::connect_async(url)
            .await
            .expect("connect");
        let join = Message::Join {
            sender_id: name.into(),
            supported_protocol_versions: vec!["1".into()],
            metadata: None,
        };
        socket
            .send(tungstenite::Message::Binary(join.encode().into()))
            .await
            .expect("send join");
        let relay_id = match next(&mut socket, Duration::from_secs(5)).await {
            Some(Message::Peer {
                sender_id,
                target_id,
                ..
            }) => {
                assert_eq!(target_id, name);
                sender_id
            }
            other => panic!("expected peer, got {other:?}"),
        };
        Client {
            peer_id: name.into(),
            socket,
            relay_id,
            received: Vec::new(),
        }
    }

    pub async fn send(&mut self, message: Message) {
        self.socket
            .send(tungstenite::Message::Binary(message.encode().into()))
            .await
            .expect("send");
    }

    /// Syncs `doc` with the relay until neither side has anything to say for `quiet`.
    /// Starts with `request` when the document is empty here (as automerge-repo does).
    pub async fn sync(
        &mut self,
        id: DocumentId,
        doc: &mut Automerge,
        state: &mut sync::State,
        quiet: Duration,
    ) {
        let mut first = doc.get_heads().is_empty();
        loop {
            while let Some(m) = doc.generate_sync_message(state) {
                let message = if first {
                    Message::Request {
                        sender_id: self.peer_id.clone(),
                        target_id: self.relay_id.clone(),
                        document_id: id,
                        data: m.encode(),
                    }
                } else {
                    Message::Sync {
                        sender_id: self.peer_id.clone(),
                        target_id: self.relay_id.clone(),
                        document_id: id,
                        data: m.encode(),
                    }
                };
                first = false;
                self.send(message).await;
            }
            match next(&mut self.socket, quiet).await {
                Some(Message::Sync {
                    data, document_id, ..
                }) if document_id == id => {
                    let m = sync::Message::decode(&data).expect("sync message");
                    doc.receive_sync_message(state, m).expect("apply");
                }
                Some(other) => self.received.push(other),
                None => return,
            }
        }
    }
}

/// The next protocol message, or `None` after `wait` of silence or a closed socket.
pub async fn next(socket: &mut Socket, wait: Duration) -> Option<Message> {
    loop {
        match tokio::time::timeout(wait, socket.next()).await {
            Ok(Some(Ok(tungstenite::Message::Binary(b)))) => {
                return Some(Message::decode(&b).expect("relay sends valid messages"));
            }
            Ok(Some(Ok(tungstenite::Message::Ping(_) | tungstenite::Message::Pong(_)))) => continue,
            _ => return None,
        }
    }
}

/// True when the relay closed the socket (within `wait`).
pub async fn closed(socket: &mut Socket, wait: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        match tokio::time::timeout_at(deadline, socket.next()).await {
            Ok(None | Some(Err(_)) | Some(Ok(tungstenite::Message::Close(_)))) => return true,
            Ok(Some(Ok(_))) => continue,
            Err(_) => return false,
        }
    }
}

/// Relay log lines in test output (`RUST_LOG=debug cargo test`), once per test binary.
pub fn log() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
}

/// Sets a string at the document's root, as one change.
/// The document as a client connecting now receives it (a check that nothing was lost).
pub async fn read_back(relay: &Relay, id: DocumentId) -> Automerge {
    let mut check = Client::connect(relay, "check").await;
    let mut copy = Automerge::new();
    check
        .sync(
            id,
            &mut copy,
            &mut sync::State::new(),
            Duration::from_millis(300),
        )
        .await;
    copy
}

pub fn put(doc: &mut Automerge, key: &str, value: &str) {
    use automerge::transaction::Transactable;
    let mut tx = doc.transaction();
    tx.put(automerge::ROOT, key, value).expect("put");
    tx.commit();
}

/// A string at the document's root.
pub fn get(doc: &Automerge, key: &str) -> Option<String> {
    use automerge::ReadDoc;
    doc.get(automerge::ROOT, key)
        .ok()
        .flatten()
        .and_then(|(v, _)| v.into_string().ok())
}
