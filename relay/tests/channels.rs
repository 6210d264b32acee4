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
