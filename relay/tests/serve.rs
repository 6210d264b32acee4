//! The relay serves the built app with a single-page-app fallback, over a real socket.

use std::io::{Read, Write};

fn get(addr: std::net::SocketAddr, path: &str) -> String {
    get_with(addr, path, "")
}

fn get_with(addr: std::net::SocketAddr, path: &str, headers: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n"
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
    let hashed = "kam-app-0123456789abcdef.js";
    std::fs::write(dir.path().join(hashed), "console.log(2)").expect("write");
    std::fs::write(dir.path().join(format!("{hashed}.br")), "BROTLI").expect("write");
    std::fs::write(dir.path().join("sw.js"), "self.x = 1").expect("write");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind port 0");
    let addr = listener.local_addr().expect("addr");
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        kam_relay::server::serve(
            listener,
            kam_relay::app(Some(dir.path().to_path_buf()), None),
            kam_relay::server::ServerLimits::default(),
            async {
                let _ = stop_rx.await;
            },
        )
        .await
    });

    let (health, index, deep, asset, (brotli, plain, missing, worker)) =
        tokio::task::spawn_blocking(move || {
            (
                get(addr, "/health"),
                get(addr, "/"),
                get(addr, "/settings"),
                get(addr, "/app-1234.js"),
                (
                    get_with(
                        addr,
                        "/kam-app-0123456789abcdef.js",
                        "Accept-Encoding: br, gzip\r\n",
                    ),
                    get(addr, "/kam-app-0123456789abcdef.js"),
                    get(addr, "/kam-app-fedcba9876543210.js"),
                    get(addr, "/sw.js"),
                ),
            )
        })
        .await
        .expect("client thread");
    let lower = |s: &str| s.to_ascii_lowercase();
    // Precompressed when the browser takes it, plain otherwise; hashed: cached forever.
    assert!(lower(&brotli).contains("content-encoding: br"), "{brotli}");
    assert!(brotli.ends_with("BROTLI"));
    assert!(plain.ends_with("console.log(2)"), "{plain}");
    assert!(lower(&plain).contains("cache-control: public, max-age=31536000, immutable"));
    assert!(lower(&plain).contains("x-content-type-options: nosniff"));
    // A missing asset is a 404, not the page.
    assert!(missing.starts_with("HTTP/1.1 404"), "{missing}");
    assert!(!missing.contains("KAM index"));
    assert!(
        lower(&worker).contains("cache-control: no-cache"),
        "{worker}"
    );
    // The page carries a policy that lets the wasm app run.
    assert!(lower(&index).contains("content-security-policy: default-src 'self'"));
    assert!(index.contains("'wasm-unsafe-eval'"));

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
