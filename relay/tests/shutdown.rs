//! Stopping the relay (SIGTERM) tells every client with a close frame ("going away"),
//! so apps reconnect at once instead of waiting for a time-out.

mod common;

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::Duration,
};

use common::*;
use futures_util::StreamExt;
use tokio_tungstenite::tungstenite;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_sends_a_close_frame_to_every_client() {
    let data = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(env!("CARGO_BIN_EXE_kam-relay"))
        .args(["--listen", "127.0.0.1:0", "--token", TOKEN])
        .arg("--data-dir")
        .arg(data.path())
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start the relay");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let addr = loop {
        let line = lines.next().expect("a line").expect("readable");
        if let Some(rest) = line.strip_prefix("KAM relay listening on http://") {
            break rest.trim().to_string();
        }
    };
    std::thread::spawn(move || for _ in lines.by_ref() {});
    let url = format!("ws://{addr}/sync?token={TOKEN}");
    let mut a = Client::connect_url(&url, "a").await;
    let mut b = Client::connect_url(&url, "b").await;
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    for client in [&mut a, &mut b] {
        let frame = loop {
            match tokio::time::timeout(Duration::from_secs(10), client.socket.next()).await {
                Ok(Some(Ok(tungstenite::Message::Close(frame)))) => break frame,
                Ok(Some(Ok(_))) => continue,
                other => panic!("no close frame: {other:?}"),
            }
        };
        let frame = frame.expect("a close frame with a code");
        assert_eq!(u16::from(frame.code), 1001, "going away");
    }
    let exited = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(exited.success(), "{exited:?}");
}
