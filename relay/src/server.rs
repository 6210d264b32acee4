//! The accept loop: HTTP/1.1 with WebSocket upgrades, with limits that `axum::serve`
//! does not offer. A client must send its request headers within a few seconds, and
//! only so many connections may wait for that at once; past the limit new connections
//! are closed at once. Without these, idle TCP connections used up the process's file
//! limit and locked every client out, token or not.

use std::{
    collections::HashMap,
    convert::Infallible,
    net::{IpAddr, SocketAddr},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use axum::{Router, extract::ConnectInfo};
use hyper::{body::Incoming, server::conn::http1, service::service_fn};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tower::ServiceExt;

/// Limits of the HTTP side.
#[derive(Clone, Debug)]
pub struct ServerLimits {
    /// Most HTTP connections at once (WebSockets count once upgraded, in the sync hub).
    pub max_http_connections: usize,
    /// Most HTTP connections at once from one address, so that one client cannot take
    /// every slot.
    pub max_http_per_address: usize,
    /// A reverse proxy, exempt from the per-address limit (every client comes from it).
    pub trusted_proxy: Option<IpAddr>,
    /// Time a client has to send a request's headers, also between keep-alive requests.
    pub header_timeout: Duration,
}

impl Default for ServerLimits {
    fn default() -> ServerLimits {
        ServerLimits {
            max_http_connections: 256,
            max_http_per_address: 64,
            trusted_proxy: None,
            header_timeout: Duration::from_secs(10),
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves; then stops accepting and
/// lets open requests finish (up to 5 s).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let open = Arc::new(AtomicUsize::new(0));
    let per_address: Arc<Mutex<HashMap<IpAddr, usize>>> = Arc::default();
    let (stopping, stop_seen) = tokio::sync::watch::channel(false);
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let mut last_full_warning: Option<Instant> = None;
    tokio::pin!(shutdown);
    loop {
        let (stream, addr) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait instead of spinning.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let admitted = per_address.lock().is_ok_and(|mut counts| {
            let mine = counts.entry(addr.ip()).or_default();
            let ok = open.load(Ordering::Acquire) < limits.max_http_connections
                && (*mine < limits.max_http_per_address || limits.trusted_proxy == Some(addr.ip()));
            if ok {
                *mine += 1;
            }
            ok
        });
        if !admitted {
            // One line per 10 s at most: a flood must not become a flood of log lines.
            if last_full_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(10)) {
                tracing::warn!(
                    "refused {addr}: HTTP connection limit reached ({} in all, {} per address)",
                    limits.max_http_connections,
                    limits.max_http_per_address
                );
                last_full_warning = Some(Instant::now());
            }
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = service_fn(move |mut req: hyper::Request<Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(addr));
            let router = router.clone();
            async move {
                let response = router.oneshot(req.map(axum::body::Body::new)).await;
                Ok::<_, Infallible>(match response {
                    Ok(r) => r,
                    Err(never) => match never {},
                })
            }
        });
        let mut connection = builder
            .serve_connection(TokioIo::new(stream), service)
            .with_upgrades();
        let open = open.clone();
        let per_address = per_address.clone();
        let mut stop_seen = stop_seen.clone();
        open.fetch_add(1, Ordering::AcqRel);
        tokio::spawn(async move {
            let stop = async {
                // The guard `wait_for` returns must not be held across an await.
                let _ = stop_seen.wait_for(|s| *s).await.map(|_| ());
            };
            tokio::select! {
                _ = &mut connection => {}
                _ = stop => {
                    std::pin::Pin::new(&mut connection).graceful_shutdown();
                    let _ = connection.await;
                }
            }
            open.fetch_sub(1, Ordering::AcqRel);
            if let Ok(mut counts) = per_address.lock()
                && let Some(n) = counts.get_mut(&addr.ip())
            {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    counts.remove(&addr.ip());
                }
            }
        });
    }
    drop(listener);
    let _ = stopping.send(true);
    let deadline = Instant::now() + Duration::from_secs(5);
    while open.load(Ordering::Acquire) > 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Ok(())
}
