//! The relay serves the built app with a single-page-app fallback, over a real socket.

use std::io::{Read, Write};

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    response
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serves_index_assets_and_spa_fallback_on_port_0() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("index.html"), "<html>KAM index</html>").expect("write");
    std::fs::write(dir.path().join("app-1234.js"), "console.log(1)").expect("write");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            kam_relay::app(Some(dir.path().to_path_buf()), None),
        )
        .with_graceful_shutdown(async {
            let _ = stop_rx.await;
        })
        .await
    });

    let (health, index, deep, asset) = tokio::task::spawn_blocking(move || {
        (
            get(addr, "/health"),
            get(addr, "/"),
            get(addr, "/settings"),
            get(addr, "/app-1234.js"),
        )
    })
    .await
    .expect("client thread");

    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.ends_with("ok"));
    assert!(index.contains("KAM index"));
    assert!(
        index
            .to_ascii_lowercase()
            .contains("cache-control: no-cache")
    );
    assert!(deep.starts_with("HTTP/1.1 200"), "{deep}");
    assert!(deep.contains("KAM index"), "deep links get the app");
    assert!(asset.contains("console.log(1)"));
    assert!(
        !asset
            .to_ascii_lowercase()
            .contains("cache-control: no-cache")
    );

    stop_tx.send(()).expect("stop");
    server.await.expect("join").expect("served");
}
