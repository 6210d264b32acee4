//! The KAM relay: a tiny server that a company can run itself.
//!
//! It serves the built app (with a single-page-app fallback, so deep links and reloads
//! work), a health check, and document sync over the automerge-repo WebSocket protocol
//! at `/sync` (see [`sync`]). The relay knows nothing of KAM.

pub mod config;
pub mod server;
pub mod sync;
mod web;

use std::path::PathBuf;

use axum::{Router, routing::get};

pub use config::{Config, ConfigError};

/// Builds the relay's HTTP router. Tests call it without a socket. Serve it with
/// [`server::serve`] (or axum's `into_make_service_with_connect_info::<SocketAddr>()`):
/// sync limits go by address.
pub fn app(static_dir: Option<PathBuf>, sync: Option<sync::SyncHub>) -> Router {
    let router = Router::new().route("/health", get(health));
    let router = match sync {
        Some(hub) => router.merge(sync::routes(hub)),
        None => router,
    };
    let router = match static_dir {
        Some(dir) => web::static_files(router, dir),
        None => router,
    };
    web::security_headers(router)
}

async fn health() -> &'static str {
    "ok"
}

/// Resolves when the process is asked to stop: Ctrl-C, SIGTERM, or (when `stdin_eof` is
/// set) the parent closing our standard input, so test servers never outlive their test.
pub async fn shutdown_signal(stdin_eof: bool) {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    let eof = async {
        if stdin_eof {
            use tokio::io::AsyncReadExt;
            let mut stdin = tokio::io::stdin();
            let mut buf = [0u8; 256];
            loop {
                match stdin.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
        _ = eof => {},
    }
}
