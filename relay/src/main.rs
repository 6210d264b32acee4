//! Run with `cargo run -p kam-relay -- --static-dir dist` (see `--help`).

use kam_relay::{
    Config, app,
    config::USAGE,
    server::{self, ServerLimits},
    shutdown_signal,
    sync::{SyncConfig, SyncHub},
};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return std::process::ExitCode::SUCCESS;
    }
    let config = match Config::parse(args, |k| std::env::var(k).ok()) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("kam-relay: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("kam-relay: cannot listen on {}: {e}", config.listen);
            return std::process::ExitCode::from(1);
        }
    };
    let addr = match listener.local_addr() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kam-relay: no local address: {e}");
            return std::process::ExitCode::from(1);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&config.data_dir) {
        eprintln!(
            "kam-relay: cannot use data folder {}: {e}",
            config.data_dir.display()
        );
        return std::process::ExitCode::from(1);
    }
    let token = match config.token {
        Some(t) => t,
        None => {
            let t = automerge::ActorId::random().to_hex_string();
            println!("No token configured (--token or KAM_RELAY_TOKEN); this run uses: {t}");
            t
        }
    };
    let mut sync = SyncConfig::new(config.data_dir.clone(), token);
    sync.max_connections_per_address = config.max_connections_per_address;
    sync.max_message_bytes = config.max_message_bytes;
    sync.coalesce = std::time::Duration::from_millis(config.coalesce_ms as u64);
    sync.ack_delay = std::time::Duration::from_millis(config.ack_delay_ms as u64);
    sync.alive_interval = std::time::Duration::from_millis(config.alive_ms as u64);
    sync.max_connections = config.max_connections_total;
    sync.trusted_proxy = config.trusted_proxy;
    let trusted_proxy = config.trusted_proxy;
    let max_per_address = config.max_connections_per_address;
    sync.max_document_bytes = config.max_document_bytes;
    let hub = match config.s3.clone() {
        None => {
            tracing::info!("documents are stored in {}", config.data_dir.display());
            SyncHub::new(sync)
        }
        Some(s3) => {
            let place = format!("{}/{}/{}", s3.endpoint, s3.bucket, s3.prefix);
            match kam_relay::sync::s3::S3Store::new(s3) {
                Ok(store) => {
                    tracing::info!("documents are stored in the object store {place}");
                    SyncHub::with_store(sync, std::sync::Arc::new(store))
                }
                Err(e) => {
                    eprintln!("kam-relay: {e}");
                    return std::process::ExitCode::from(2);
                }
            }
        }
    };
    // Test harnesses read this exact line to learn the port.
    println!("KAM relay listening on http://{addr}");
    let router = app(config.static_dir, Some(hub.clone()));
    let served = server::serve(
        listener,
        router,
        ServerLimits {
            trusted_proxy,
            // As many handshakes at once as sync connections are allowed per address.
            max_http_per_address: max_per_address.max(32),
            ..ServerLimits::default()
        },
        shutdown_signal(config.stop_on_stdin_eof),
    )
    .await;
    // Clients get a close frame ("going away") and reconnect to the next relay.
    hub.close_all(std::time::Duration::from_secs(2)).await;
    match served {
        Ok(()) => {
            tracing::info!("stopped");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("kam-relay: server error: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
