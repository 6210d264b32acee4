//! Two relay processes on one S3-compatible store (s3rver under Node on 127.0.0.1): a
//! client on each edits the same document, they move between the relays and edit
//! again, and a third relay process started afterwards on the same store has every
//! edit. Needs `node` and `e2e/node_modules` (scripts/setup.sh).

mod common;

use std::{
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, ChildStdin, Command, Stdio},
    time::Duration,
};

use automerge::{Automerge, ROOT, ReadDoc, sync};
use common::*;
use kam_protocol::DocumentId;

const QUIET: Duration = Duration::from_millis(400);

/// A child process that stops when its standard input closes (dropped with it).
struct Process {
    child: Child,
    _stdin: ChildStdin,
    url: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `command` and waits for a line starting with `marker`; the rest is its URL.
fn start(mut command: Command, marker: &str) -> Process {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start");
    let stdin = child.stdin.take().expect("stdin");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines.next().expect("a line").expect("readable");
        if let Some(rest) = line.strip_prefix(marker) {
            break rest.trim().to_string();
        }
    };
    // Keep reading (and showing its log) so the child never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            eprintln!("  | {line}");
        }
    });
    Process {
        child,
        _stdin: stdin,
        url,
    }
}

fn e2e_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("e2e")
}

fn relay_on(s3: &str, data: &std::path::Path) -> Process {
    let mut command = Command::new(env!("CARGO_BIN_EXE_kam-relay"));
    command
        .args([
            "--listen",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--stop-on-stdin-eof",
        ])
        .args([
            "--s3-endpoint",
            s3,
            "--s3-bucket",
            "kam",
            "--s3-prefix",
            "docs/",
        ])
        .arg("--data-dir")
        .arg(data)
        .env("KAM_RELAY_S3_ACCESS_KEY", "S3RVER")
        .env("KAM_RELAY_S3_SECRET_KEY", "S3RVER")
        .env(
            "RUST_LOG",
            std::env::var("RUST_LOG").unwrap_or_else(|_| "warn".into()),
        );
    let mut process = start(command, "KAM relay listening on http://");
    process.url = format!("ws://{}/sync?token={TOKEN}", process.url);
    process
}

fn has(doc: &Automerge, key: &str) -> bool {
    doc.get(ROOT, key).ok().flatten().is_some()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_relays_on_one_object_store_lose_nothing() {
    let e2e = e2e_dir();
    assert!(
        e2e.join("node_modules/s3rver").is_dir(),
        "npm packages missing in {}: run scripts/setup.sh",
        e2e.display()
    );
    let objects = tempfile::tempdir().expect("tmp");
    let unused = tempfile::tempdir().expect("tmp");
    let mut node = Command::new("node");
    node.arg(e2e.join("support/s3-server.mjs"))
        .arg(objects.path())
        .current_dir(&e2e);
    let s3 = start(node, "S3 listening on ");
    let one = relay_on(&s3.url, unused.path());
    let two = relay_on(&s3.url, unused.path());
    let id = DocumentId::from_bytes(*b"kam-s3-two-relay");

    // Anna on relay one creates the document; Beat on relay two finds it there.
    let mut anna = Client::connect_url(&one.url, "anna").await;
    let mut anna_doc = Automerge::new();
    put(&mut anna_doc, "name", "Muster AG");
    let mut anna_state = sync::State::new();
    anna.sync(id, &mut anna_doc, &mut anna_state, QUIET).await;
    let mut beat = Client::connect_url(&two.url, "beat").await;
    let mut beat_doc = Automerge::new();
    let mut beat_state = sync::State::new();
    beat.sync(id, &mut beat_doc, &mut beat_state, QUIET).await;
    assert!(
        has(&beat_doc, "name"),
        "relay two read what relay one stored"
    );

    // Both edit, each on their relay.
    put(&mut anna_doc, "anna-1", "on one");
    anna.sync(id, &mut anna_doc, &mut anna_state, QUIET).await;
    put(&mut beat_doc, "beat-1", "on two");
    beat.sync(id, &mut beat_doc, &mut beat_state, QUIET).await;

    // They swap relays (their old connections close) and edit again.
    drop(anna);
    drop(beat);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut anna = Client::connect_url(&two.url, "anna-moved").await;
    let mut anna_state = sync::State::new();
    anna.sync(id, &mut anna_doc, &mut anna_state, QUIET).await;
    let mut beat = Client::connect_url(&one.url, "beat-moved").await;
    let mut beat_state = sync::State::new();
    beat.sync(id, &mut beat_doc, &mut beat_state, QUIET).await;
    put(&mut anna_doc, "anna-2", "on two");
    anna.sync(id, &mut anna_doc, &mut anna_state, QUIET).await;
    put(&mut beat_doc, "beat-2", "on one");
    beat.sync(id, &mut beat_doc, &mut beat_state, QUIET).await;
    assert!(
        has(&anna_doc, "beat-1"),
        "anna on relay two sees beat's edit from there"
    );
    assert!(
        has(&beat_doc, "anna-1"),
        "beat on relay one sees anna's edit from there"
    );
    drop(anna);
    drop(beat);
    drop(one);
    drop(two);

    // A third relay process on the same store has every edit.
    let unused_three = tempfile::tempdir().expect("tmp");
    let three = relay_on(&s3.url, unused_three.path());
    let mut check = Client::connect_url(&three.url, "check").await;
    let mut copy = Automerge::new();
    check
        .sync(id, &mut copy, &mut sync::State::new(), QUIET)
        .await;
    for key in ["name", "anna-1", "beat-1", "anna-2", "beat-2"] {
        assert!(has(&copy, key), "{key} is in the shared store");
    }
    let files = walk(objects.path());
    println!("{files} objects in the shared store at the end");
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let p = e.path();
                    if p.is_dir() { walk(&p) } else { 1 }
                })
                .sum()
        })
        .unwrap_or(0)
}
