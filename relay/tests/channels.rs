//! The connection handler over in-memory channels instead of a WebSocket: the protocol
//! (handshake, refusals, syncing between two peers) without TCP, HTTP or timing of a
//! real network.

mod common;

use std::{convert::Infallible, net::IpAddr, time::Duration};

use automerge::{
    Automerge,
    sync::{self, SyncDoc},
};
use axum::extract::ws;
use common::{TOKEN, get, put};
use futures_channel::mpsc;
use futures_util::{SinkExt, StreamExt};
use kam_protocol::{DocumentId, Message};
use kam_relay::sync::{SyncConfig, SyncHub, serve};

/// One end of a connection: what the client sends, what the relay wrote.
struct Peer {
    to_relay: mpsc::UnboundedSender<Result<ws::Message, Infallible>>,
    from_relay: mpsc::UnboundedReceiver<ws::Message>,
    handler: tokio::task::JoinHandle<()>,
}

fn connect(hub: &SyncHub) -> Peer {
    let (to_relay, relay_reads) = mpsc::unbounded();
    let (relay_writes, from_relay) = mpsc::unbounded();
    let ip: IpAddr = [127, 0, 0, 1].into();
    let handler = tokio::spawn(serve(hub.clone(), relay_writes, relay_reads, ip));
    Peer {
        to_relay,
        from_relay,
        handler,
    }
}

impl Peer {
    async fn send(&mut self, message: &Message) {
        self.send_frame(ws::Message::Binary(message.encode().into()))
            .await;
    }

    async fn send_frame(&mut self, frame: ws::Message) {
        self.to_relay.send(Ok(frame)).await.expect("relay reads");
    }

    /// The next frame the relay wrote, pings skipped; `None` after a quiet second.
    async fn frame(&mut self) -> Option<ws::Message> {
        loop {
            match tokio::time::timeout(Duration::from_secs(1), self.from_relay.next()).await {
                Ok(Some(ws::Message::Ping(_))) => continue,
                Ok(other) => return other,
                Err(_) => return None,
            }
        }
    }

    async fn message(&mut self) -> Option<Message> {
        match self.frame().await? {
            ws::Message::Binary(b) => Some(Message::decode(&b).expect("valid message")),
            other => panic!("expected a binary frame, got {other:?}"),
        }
    }

    async fn join(&mut self, name: &str) -> String {
        self.send(&Message::Join {
            sender_id: name.into(),
            supported_protocol_versions: vec!["1".into()],
            metadata: None,
        })
        .await;
        match self.message().await {
            Some(Message::Peer {
                sender_id,
                target_id,
                selected_protocol_version,
                ..
            }) => {
                assert_eq!(target_id, name);
                assert_eq!(selected_protocol_version, "1");
                sender_id
            }
            other => panic!("expected peer, got {other:?}"),
        }
    }

    /// The error the relay sent and the close frame after it; the handler has ended.
    async fn refused(mut self) -> (String, u16, String) {
        let message = match self.message().await {
            Some(Message::Error { message }) => message,
            other => panic!("expected an error, got {other:?}"),
        };
        let (code, reason) = match self.frame().await {
            Some(ws::Message::Close(Some(close))) => (close.code, close.reason.to_string()),
            other => panic!("expected a close frame, got {other:?}"),
        };
        tokio::time::timeout(Duration::from_secs(5), self.handler)
            .await
            .expect("the handler ends")
            .expect("the handler does not panic");
        (message, code, reason)
    }
}

fn hub(dir: &tempfile::TempDir) -> SyncHub {
    SyncHub::new(SyncConfig::new(dir.path().to_path_buf(), TOKEN.into()))
}

#[tokio::test]
async fn a_join_is_answered_with_the_relays_peer_message() {
    let dir = tempfile::tempdir().expect("dir");
    let hub = hub(&dir);
    let mut peer = connect(&hub);
    let relay = peer.join("anna").await;
    assert!(!relay.is_empty());
    drop(peer.to_relay);
    tokio::time::timeout(Duration::from_secs(5), peer.handler)
        .await
        .expect("ends when the client goes")
        .expect("no panic");
}

#[tokio::test]
async fn malformed_bytes_are_refused_without_the_decoders_words() {
    let dir = tempfile::tempdir().expect("dir");
    let hub = hub(&dir);
    let mut peer = connect(&hub);
    peer.join("anna").await;
    // A CBOR map that claims many entries and ends: the decoder has something to say
    // about it, the client is only told the message was malformed.
    peer.send_frame(ws::Message::Binary(
        vec![0xbb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01].into(),
    ))
    .await;
    let (message, code, reason) = peer.refused().await;
    assert_eq!(message, "malformed message");
    assert_eq!((code, reason.as_str()), (1008, "malformed message"));
}

#[tokio::test]
async fn protocol_breaches_are_named_and_close_the_connection() {
    let dir = tempfile::tempdir().expect("dir");
    let hub = hub(&dir);
    let id = DocumentId::from_bytes([7; 16]);

    let mut peer = connect(&hub);
    peer.send_frame(ws::Message::Text("hello".into())).await;
    assert_eq!(
        peer.refused().await.0,
        "text frames are not part of the protocol"
    );

    let mut peer = connect(&hub);
    peer.send(&Message::Sync {
        sender_id: "anna".into(),
        target_id: "relay".into(),
        document_id: id,
        data: vec![],
    })
    .await;
    assert_eq!(peer.refused().await.0, "expected join, got sync");

    let mut peer = connect(&hub);
    peer.join("anna").await;
    peer.send(&Message::Join {
        sender_id: "anna".into(),
        supported_protocol_versions: vec!["1".into()],
        metadata: None,
    })
    .await;
    assert_eq!(peer.refused().await.0, "join sent twice");

    let mut peer = connect(&hub);
    peer.send(&Message::Join {
        sender_id: "beat".into(),
        supported_protocol_versions: vec!["0".into(), "9".into()],
        metadata: None,
    })
    .await;
    let (message, ..) = peer.refused().await;
    assert!(
        message.starts_with("unsupported protocol versions"),
        "{message}"
    );
}

/// Sends what `doc` has for the relay and applies what comes back until both are quiet.
async fn sync(peer: &mut Peer, me: &str, relay: &str, id: DocumentId, doc: &mut Automerge) {
    let mut state = sync::State::new();
    let mut first = doc.get_heads().is_empty();
    loop {
        while let Some(m) = doc.generate_sync_message(&mut state) {
            let (sender_id, target_id, data) = (me.to_string(), relay.to_string(), m.encode());
            peer.send(&if first {
                Message::Request {
                    sender_id,
                    target_id,
                    document_id: id,
                    data,
                }
            } else {
                Message::Sync {
                    sender_id,
                    target_id,
                    document_id: id,
                    data,
                }
            })
            .await;
            first = false;
        }
        match peer.message().await {
            Some(Message::Sync {
                data, document_id, ..
            }) if document_id == id => {
                let m = sync::Message::decode(&data).expect("sync message");
                doc.receive_sync_message(&mut state, m).expect("apply");
            }
            Some(_) => {}
            None => return,
        }
    }
}

#[tokio::test]
async fn two_peers_share_a_document_through_the_handler() {
    let dir = tempfile::tempdir().expect("dir");
    let hub = hub(&dir);
    let id = DocumentId::from_bytes([3; 16]);
    let mut anna = connect(&hub);
    let relay = anna.join("anna").await;
    let mut doc_a = Automerge::new();
    put(&mut doc_a, "name", "Muster AG");
    sync(&mut anna, "anna", &relay, id, &mut doc_a).await;

    let mut beat = connect(&hub);
    beat.join("beat").await;
    let mut doc_b = Automerge::new();
    sync(&mut beat, "beat", &relay, id, &mut doc_b).await;
    assert_eq!(get(&doc_b, "name").as_deref(), Some("Muster AG"));
    assert_eq!(doc_a.get_heads(), doc_b.get_heads());
}

/// A client of the test: its document and its side of the sync conversation.
struct Client {
    peer: Peer,
    me: &'static str,
    relay: String,
    id: DocumentId,
    doc: Automerge,
    state: sync::State,
}

impl Client {
    async fn new(hub: &SyncHub, me: &'static str, id: DocumentId, doc: Automerge) -> Client {
        let mut peer = connect(hub);
        let relay = peer.join(me).await;
        Client {
            peer,
            me,
            relay,
            id,
            doc,
            state: sync::State::new(),
        }
    }

    fn sync_frame(&self, m: sync::Message) -> Message {
        Message::Sync {
            sender_id: self.me.into(),
            target_id: self.relay.clone(),
            document_id: self.id,
            data: m.encode(),
        }
    }

    /// What the client would send now, if anything.
    fn next_message(&mut self) -> Option<Message> {
        let m = self.doc.generate_sync_message(&mut self.state)?;
        Some(self.sync_frame(m))
    }

    /// The next sync message from the relay within `wait`, not yet applied.
    async fn incoming(&mut self, wait: Duration) -> Option<sync::Message> {
        let until = tokio::time::Instant::now() + wait;
        loop {
            let frame = tokio::time::timeout_at(until, self.peer.from_relay.next()).await;
            match frame.ok()?? {
                ws::Message::Binary(b) => {
                    if let Ok(Message::Sync { data, .. }) = Message::decode(&b) {
                        return Some(sync::Message::decode(&data).expect("sync message"));
                    }
                }
                _ => continue,
            }
        }
    }

    fn apply(&mut self, m: sync::Message) {
        self.doc
            .receive_sync_message(&mut self.state, m)
            .expect("apply");
    }

    /// Talks with the relay until it has nothing more to say for `wait`.
    async fn settle(&mut self, wait: Duration) {
        loop {
            if let Some(m) = self.next_message() {
                self.peer.send(&m).await;
            }
            match self.incoming(wait).await {
                Some(m) => self.apply(m),
                None => return,
            }
        }
    }

    /// The relay has confirmed everything this client has.
    fn confirmed(&self) -> bool {
        self.state.their_heads.as_deref() == Some(&self.doc.get_heads()[..])
    }
}

#[tokio::test]
async fn a_change_sent_right_before_a_reply_is_still_confirmed() {
    // Answers come in batches (coalesce) and acknowledgements are held back, as on a busy
    // relay; the order below is the one two tablets produced when they came back online
    // together.
    let dir = tempfile::tempdir().expect("dir");
    let mut config = SyncConfig::new(dir.path().to_path_buf(), TOKEN.into());
    config.coalesce = Duration::from_millis(300);
    config.ack_delay = Duration::from_millis(200);
    let hub = SyncHub::new(config);
    let id = DocumentId::from_bytes([4; 16]);
    let mut first = Automerge::new();
    put(&mut first, "name", "Muster AG");
    let mut anna = Client::new(&hub, "anna", id, first).await;
    anna.settle(Duration::from_millis(600)).await;
    let mut beat = Client::new(&hub, "beat", id, Automerge::new()).await;
    beat.settle(Duration::from_millis(600)).await;
    assert_eq!(get(&beat.doc, "name").as_deref(), Some("Muster AG"));
    anna.settle(Duration::from_millis(300)).await;

    // Beat's edit goes to the relay, which passes it on to Anna.
    put(&mut beat.doc, "beat", "B");
    let m = beat.next_message().expect("Beat's change");
    beat.peer.send(&m).await;
    let to_anna = anna
        .incoming(Duration::from_secs(3))
        .await
        .expect("Beat's change for Anna");
    // Anna had just edited: her change leaves, then her reply to Beat's change, before
    // the relay answers the first.
    put(&mut anna.doc, "anna", "A");
    let change = anna.next_message().expect("Anna's change");
    anna.peer.send(&change).await;
    anna.apply(to_anna);
    let reply = anna.next_message().expect("Anna's reply");
    anna.peer.send(&reply).await;

    anna.settle(Duration::from_secs(2)).await;
    assert!(
        anna.confirmed(),
        "the relay never told Anna it has her change"
    );
    beat.settle(Duration::from_secs(2)).await;
    assert_eq!(get(&beat.doc, "anna").as_deref(), Some("A"));
    assert!(beat.confirmed());
    assert_eq!(anna.doc.get_heads(), beat.doc.get_heads());
}

#[tokio::test]
async fn a_client_that_syncs_hears_the_relay_is_alive_and_a_silent_one_is_still_closed() {
    let dir = tempfile::tempdir().expect("dir");
    let mut config = SyncConfig::new(dir.path().to_path_buf(), TOKEN.into());
    config.alive_interval = Duration::from_millis(150);
    config.idle_timeout = Duration::from_millis(1_500);
    let hub = SyncHub::new(config);
    let mut anna = connect(&hub);
    let relay = anna.join("anna").await;
    // Joined, no document yet: nothing to say it beside.
    assert!(anna.message().await.is_none(), "no beat before a document");
    let id = DocumentId::from_bytes([9; 16]);
    let mut doc = Automerge::new();
    put(&mut doc, "name", "Muster AG");
    let first = doc
        .generate_sync_message(&mut sync::State::new())
        .expect("a first message");
    anna.send(&Message::Request {
        sender_id: "anna".into(),
        target_id: relay.clone(),
        document_id: id,
        data: first.encode(),
    })
    .await;
    // From now on anna sends nothing: the relay beats, then closes her as silent.
    let started = std::time::Instant::now();
    let mut beats = 0;
    let closed = loop {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "beating must not keep a silent client open ({beats} beats)"
        );
        match anna.frame().await {
            Some(ws::Message::Binary(b)) => match Message::decode(&b).expect("valid") {
                Message::Ephemeral {
                    sender_id,
                    target_id,
                    document_id,
                    data,
                    ..
                } => {
                    assert_eq!(
                        (sender_id.as_str(), target_id.as_str()),
                        (relay.as_str(), "anna")
                    );
                    assert_eq!(document_id, id);
                    assert_eq!(kam_protocol::liveness::read_alive(&data), Some(150));
                    beats += 1;
                }
                Message::Error { message } => panic!("no error for silence: {message}"),
                _ => {}
            },
            Some(ws::Message::Close(close)) => break close,
            other => panic!("expected beats, then a close: {other:?}"),
        }
    };
    let after = started.elapsed();
    assert!(beats >= 4, "beats while open: {beats} in {after:?}");
    assert!(
        after < Duration::from_millis(3_000),
        "beating does not keep a silent client open: closed after {after:?}"
    );
    assert_eq!(closed.map(|c| c.code), Some(1008));
    tokio::time::timeout(Duration::from_secs(5), anna.handler)
        .await
        .expect("the handler ends")
        .expect("the handler does not panic");
}
