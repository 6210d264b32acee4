//! The relay's sync endpoint over real WebSockets on 127.0.0.1: two clients meet, late
//! joiners catch up, tokens are checked, bad frames close only their connection,
//! documents survive a restart, presence is relayed.

mod common;

use std::time::Duration;

use automerge::{Automerge, ROOT, sync, transaction::Transactable};
use common::*;
use futures_util::SinkExt;
use kam_protocol::{DocumentId, Message};
use kam_relay::sync::SyncConfig;
use tokio_tungstenite::tungstenite;

const QUIET: Duration = Duration::from_millis(300);

fn doc_with(key: &str, value: &str) -> Automerge {
    let mut doc = Automerge::new();
    let mut tx = doc.transaction();
    tx.put(ROOT, key, value).expect("put");
    tx.commit();
    doc
}

fn new_id(n: u8) -> DocumentId {
    DocumentId::from_bytes([n; 16])
}

#[tokio::test]
async fn two_clients_sync_a_document_both_ways() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    let id = new_id(1);
    let mut a = Client::connect(&relay, "anna").await;
    let mut b = Client::connect(&relay, "beat").await;
    let mut doc_a = doc_with("name", "Muster AG");
    let (mut sa, mut sb) = (sync::State::new(), sync::State::new());
    a.sync(id, &mut doc_a, &mut sa, QUIET).await;
    let mut doc_b = Automerge::new();
    b.sync(id, &mut doc_b, &mut sb, QUIET).await;
    assert_eq!(get(&doc_b, "name").as_deref(), Some("Muster AG"));
    put(&mut doc_b, "city", "St. Gallen");
    b.sync(id, &mut doc_b, &mut sb, QUIET).await;
    a.sync(id, &mut doc_a, &mut sa, QUIET).await;
    assert_eq!(get(&doc_a, "city").as_deref(), Some("St. Gallen"));
    assert_eq!(doc_a.get_heads(), doc_b.get_heads());
    relay.stop().await;
}

#[tokio::test]
async fn a_client_that_joins_later_receives_the_document_and_unknown_ids_are_unavailable() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    let id = new_id(2);
    {
        let mut a = Client::connect(&relay, "anna").await;
        let mut doc = doc_with("name", "Später AG");
        a.sync(id, &mut doc, &mut sync::State::new(), QUIET).await;
    } // Anna's socket is gone.
    let mut c = Client::connect(&relay, "carla").await;
    let mut doc_c = Automerge::new();
    c.sync(id, &mut doc_c, &mut sync::State::new(), QUIET).await;
    assert_eq!(get(&doc_c, "name").as_deref(), Some("Später AG"));

    // Asking for a document nobody uploaded: the relay says so and announces nothing.
    let mut empty = Automerge::new();
    c.sync(new_id(99), &mut empty, &mut sync::State::new(), QUIET)
        .await;
    assert!(
        c.received.iter().any(|m| matches!(m, Message::DocUnavailable { document_id, .. } if *document_id == new_id(99))),
        "{:?}",
        c.received
    );
    assert!(empty.get_heads().is_empty());
    relay.stop().await;
}

#[tokio::test]
async fn clients_without_the_token_or_with_a_wrong_one_are_refused() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    // The check a browser uses to tell a wrong token from an unreachable relay.
    for (token, status) in [("wrong-token-1", 401), (TOKEN, 204)] {
        let mut stream = tokio::net::TcpStream::connect(relay.addr)
            .await
            .expect("tcp");
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let request = format!(
            "GET /sync/check?token={token} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.expect("write");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read");
        assert!(
            response.starts_with(&format!("HTTP/1.1 {status}")),
            "{response}"
        );
    }
    for url in [relay.url(None), relay.url(Some("wrong-token-1"))] {
        match tokio_tungstenite::connect_async(url.clone()).await {
            Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 401, "{url}"),
            other => panic!("{url} was not refused: {:?}", other.map(|_| ())),
        }
    }
    relay.stop().await;
}

#[tokio::test]
async fn oversized_or_malformed_frames_close_only_that_connection() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut config = SyncConfig::new(dir.path().to_path_buf(), TOKEN.into());
    config.max_message_bytes = 64 * 1024;
    let relay = Relay::start_with(config).await;
    let id = new_id(3);
    let mut good = Client::connect(&relay, "good").await;
    let mut doc = doc_with("name", "Stabil AG");
    let mut state = sync::State::new();
    good.sync(id, &mut doc, &mut state, QUIET).await;

    let mut big = Client::connect(&relay, "big").await;
    let _ = big
        .socket
        .send(tungstenite::Message::Binary(vec![0u8; 100 * 1024].into()))
        .await;
    assert!(
        closed(&mut big.socket, Duration::from_secs(5)).await,
        "oversized frame closes the connection"
    );

    let mut junk = Client::connect(&relay, "junk").await;
    junk.socket
        .send(tungstenite::Message::Binary(
            b"not cbor at all".to_vec().into(),
        ))
        .await
        .expect("send");
    let reply = next(&mut junk.socket, Duration::from_secs(5)).await;
    assert!(
        matches!(reply, Some(Message::Error { ref message }) if message.contains("malformed")),
        "{reply:?}"
    );
    assert!(closed(&mut junk.socket, Duration::from_secs(5)).await);

    let mut before_join = tokio_tungstenite::connect_async(relay.url(Some(TOKEN)))
        .await
        .expect("connect")
        .0;
    let sync_first = Message::Sync {
        sender_id: "x".into(),
        target_id: "y".into(),
        document_id: id,
        data: vec![],
    };
    before_join
        .send(tungstenite::Message::Binary(sync_first.encode().into()))
        .await
        .expect("send");
    assert!(matches!(
        next(&mut before_join, Duration::from_secs(5)).await,
        Some(Message::Error { .. })
    ));

    // The first client is unaffected.
    put(&mut doc, "city", "Bern");
    good.sync(id, &mut doc, &mut state, QUIET).await;
    let copy = read_back(&relay, id).await;
    assert_eq!(get(&copy, "city").as_deref(), Some("Bern"));
    relay.stop().await;
}

#[tokio::test]
async fn documents_survive_a_relay_restart() {
    let dir = tempfile::tempdir().expect("tmp");
    let id = new_id(4);
    let mut original = doc_with("name", "Dauer AG");
    {
        let relay = Relay::start(dir.path()).await;
        let mut a = Client::connect(&relay, "anna").await;
        let mut state = sync::State::new();
        a.sync(id, &mut original, &mut state, QUIET).await;
        for i in 0..30 {
            put(&mut original, &format!("k{i}"), "v");
            a.sync(id, &mut original, &mut state, Duration::from_millis(50))
                .await;
        }
        a.sync(id, &mut original, &mut state, QUIET).await;
        relay.stop().await;
    }
    let relay = Relay::start(dir.path()).await;
    let mut b = Client::connect(&relay, "beat").await;
    let mut copy = Automerge::new();
    b.sync(id, &mut copy, &mut sync::State::new(), QUIET).await;
    assert_eq!(copy.get_heads(), original.get_heads());
    // Stored in automerge-repo's NodeFS layout.
    let name = id.to_string();
    assert!(dir.path().join(&name[..2]).join(&name[2..]).is_dir());
    relay.stop().await;
}

#[tokio::test]
async fn presence_messages_reach_the_other_clients_of_the_document_only() {
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    let id = new_id(5);
    let mut a = Client::connect(&relay, "anna").await;
    let mut b = Client::connect(&relay, "beat").await;
    let mut other = Client::connect(&relay, "otto").await;
    let mut doc_a = doc_with("name", "Präsenz AG");
    a.sync(id, &mut doc_a, &mut sync::State::new(), QUIET).await;
    b.sync(id, &mut Automerge::new(), &mut sync::State::new(), QUIET)
        .await;
    other
        .sync(
            new_id(6),
            &mut doc_with("x", "y"),
            &mut sync::State::new(),
            QUIET,
        )
        .await;
    a.send(Message::Ephemeral {
        sender_id: "anna".into(),
        target_id: a.relay_id.clone(),
        document_id: id,
        session_id: "s-anna".into(),
        count: 1,
        data: b"on /rollout/plan".to_vec(),
    })
    .await;
    match next(&mut b.socket, Duration::from_secs(5)).await {
        Some(Message::Ephemeral {
            sender_id,
            target_id,
            data,
            ..
        }) => {
            assert_eq!((sender_id.as_str(), target_id.as_str()), ("anna", "beat"));
            assert_eq!(data, b"on /rollout/plan");
        }
        other => panic!("expected presence, got {other:?}"),
    }
    // (A held-back acknowledgement of their own upload may still come; no presence.)
    assert!(
        !heard_presence(&mut other.socket).await,
        "other documents hear nothing"
    );
    assert!(
        !heard_presence(&mut a.socket).await,
        "no echo to the sender"
    );
    relay.stop().await;
}

#[tokio::test]
async fn connections_per_address_are_limited() {
    let dir = tempfile::tempdir().expect("tmp");
    let mut config = SyncConfig::new(dir.path().to_path_buf(), TOKEN.into());
    config.max_connections_per_address = 2;
    let relay = Relay::start_with(config).await;
    let _one = Client::connect(&relay, "one").await;
    let two = Client::connect(&relay, "two").await;
    match tokio_tungstenite::connect_async(relay.url(Some(TOKEN))).await {
        Err(tungstenite::Error::Http(response)) => assert_eq!(response.status(), 429),
        other => panic!("third connection was not refused: {:?}", other.map(|_| ())),
    }
    drop(two);
    // A slot frees up once a connection is gone.
    let mut ok = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if tokio_tungstenite::connect_async(relay.url(Some(TOKEN)))
            .await
            .is_ok()
        {
            ok = true;
            break;
        }
    }
    assert!(ok, "a freed slot is usable again");
    relay.stop().await;
}

/// True when a presence message arrives within a quiet moment (other messages are
/// skipped).
async fn heard_presence(socket: &mut Socket) -> bool {
    while let Some(message) = next(socket, QUIET).await {
        if matches!(message, Message::Ephemeral { .. }) {
            return true;
        }
    }
    false
}
