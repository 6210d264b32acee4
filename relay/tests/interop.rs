//! Interop with stock automerge-repo: the JavaScript library with its WebSocket adapter,
//! under Node, finds a document our client created through our relay, and its edit
//! arrives back at ours. Needs `node` and `e2e/node_modules` (scripts/setup.sh).

mod common;

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Command, Stdio},
    time::Duration,
};

use automerge::{Automerge, ROOT, ReadDoc, sync, transaction::Transactable};
use common::*;
use kam_protocol::DocumentId;

fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("e2e")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stock_automerge_repo_client_finds_our_document_and_its_edit_comes_back() {
    let e2e = e2e_dir();
    assert!(
        e2e.join("node_modules/@automerge/automerge-repo").is_dir(),
        "npm packages missing in {}: run scripts/setup.sh",
        e2e.display()
    );
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    let id = DocumentId::from_bytes(*b"kam-interop-0001");
    let mut ours = Automerge::new();
    {
        let mut tx = ours.transaction();
        tx.put(ROOT, "name", "Muster AG").expect("put");
        tx.commit();
    }
    let mut client = Client::connect(&relay, "kam-client").await;
    let mut state = sync::State::new();
    client
        .sync(id, &mut ours, &mut state, Duration::from_millis(300))
        .await;

    let mut node = Command::new("node")
        .arg(e2e.join("interop/js-peer.mjs"))
        .arg(relay.url(Some(TOKEN)))
        .arg(id.url())
        .current_dir(&e2e)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs");
    let stdout = node.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .take(2)
            .collect::<Vec<String>>()
    });
    let lines = tokio::time::timeout(Duration::from_secs(30), lines)
        .await
        .expect("the JavaScript peer answers")
        .expect("joined");
    assert_eq!(
        lines.first().map(String::as_str),
        Some(r#"{"found":{"name":"Muster AG"}}"#),
        "{lines:?}"
    );
    assert_eq!(lines.get(1).map(String::as_str), Some("edited"));

    // The JavaScript edit reaches our client through the relay.
    let mut arrived = None;
    for _ in 0..50 {
        client
            .sync(id, &mut ours, &mut state, Duration::from_millis(100))
            .await;
        // Automerge 3 in JavaScript writes strings as collaborative text.
        arrived = match ours.get(ROOT, "fromJs").ok().flatten() {
            Some((automerge::Value::Object(automerge::ObjType::Text), obj)) => ours.text(&obj).ok(),
            Some((v, _)) => v.into_string().ok(),
            None => None,
        };
        if arrived.is_some() {
            break;
        }
    }
    assert_eq!(
        arrived.as_deref(),
        Some("hello from automerge-repo"),
        "{:?}",
        client.received
    );
    drop(node.stdin.take());
    let _ = tokio::task::spawn_blocking(move || node.wait()).await;
    relay.stop().await;
}
