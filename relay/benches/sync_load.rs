//! Relay benchmark (prints figures; not a timed test): our relay and a reference sync
//! server built from stock automerge-repo (Node, WebSocket adapter, NodeFS storage), side
//! by side, each with the same load from this Rust load generator: 100 clients in 20
//! documents on loopback, every client editing about once a second.
//!
//! Printed per server: p50/p99 time for an edit to reach the other clients of its
//! document, messages and bytes sent to clients per delivered edit, server CPU time and
//! resident memory. Goals (issue #8): p99 ≤ 50 ms, no more messages per delivered edit
//! than the reference, at most half its latency and memory.
//!
//! Our relay runs twice: as configured by default (each change answered at once) and
//! with `--coalesce-ms 100` (a leading-edge throttle like the reference's), because the
//! two goals pull apart: batching saves messages and costs latency.
//!
//! `cargo bench -p kam-relay --bench sync_load` (needs `node` and e2e/node_modules);
//! KAM_BENCH_SECONDS, KAM_BENCH_CLIENTS, KAM_BENCH_DOCS change the load.

use std::{
    collections::HashMap,
    io::{BufRead, BufReader},
    path::PathBuf,
    process::{Child, Command, Stdio},
    sync::{Arc, Mutex},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use automerge::{Automerge, ROOT, ReadDoc, sync, sync::SyncDoc, transaction::Transactable};
use futures_util::{SinkExt, StreamExt};
use kam_protocol::{DocumentId, Message};
use tokio_tungstenite::tungstenite;

const TOKEN: &str = "bench-token-123";

fn env_num(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn micros() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_micros() as i64)
        .unwrap_or_default()
}

/// A server under test: its process and the WebSocket address clients use.
struct Server {
    name: &'static str,
    child: Child,
    url: String,
}

impl Server {
    fn cpu_seconds(&self) -> f64 {
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())) else {
            return f64::NAN;
        };
        // Fields after the command name (which is in parentheses).
        let rest = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the name.
        (ticks(11) + ticks(12)) / 100.0
    }

    fn memory_kib(&self, key: &str) -> u64 {
        std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with(key))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|v| v.parse().ok())
            })
            .unwrap_or(0)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_line_until(child: &mut Child, pattern: &str) -> Option<String> {
    let out = child.stdout.take()?;
    let mut reader = BufReader::new(out);
    let mut line = String::new();
    for _ in 0..50 {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line.contains(pattern) {
            // Keep draining so the child never blocks on a full pipe.
            std::thread::spawn(move || for _ in reader.lines() {});
            return Some(line.trim().to_string());
        }
    }
    None
}

fn start_ours(dir: &std::path::Path, coalesce_ms: usize) -> Option<Server> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kam-relay"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--token",
            TOKEN,
            "--max-connections",
            "1000",
        ])
        .args(["--coalesce-ms", &coalesce_ms.to_string()])
        .arg("--data-dir")
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let line = read_line_until(&mut child, "listening on")?;
    let addr = line.rsplit("http://").next()?.to_string();
    Some(Server {
        name: if coalesce_ms == 0 {
            "kam-relay (default)"
        } else {
            "kam-relay --coalesce-ms 100"
        },
        child,
        url: format!("ws://{addr}/sync?token={TOKEN}"),
    })
}

fn start_reference(dir: &std::path::Path) -> Option<Server> {
    let e2e = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../e2e");
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").ok()?;
        l.local_addr().ok()?.port()
    };
    let mut child = Command::new("node")
        .arg(e2e.join("interop/reference-server.mjs"))
        .arg(port.to_string())
        .arg(dir)
        .current_dir(&e2e)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    read_line_until(&mut child, "listening")?;
    Some(Server {
        name: "automerge-repo (JS reference)",
        child,
        url: format!("ws://127.0.0.1:{port}"),
    })
}

#[derive(Default)]
struct Tally {
    latencies_us: Vec<i64>,
    frames: u64,
    bytes: u64,
    edits: u64,
    /// Sync messages that carried no changes (heads and bloom filters only).
    empty: u64,
}

type Sink = futures_util::stream::SplitSink<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    tungstenite::Message,
>;
type Stream = futures_util::stream::SplitStream<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
>;

async fn connect_and_join(url: &str, me: &str) -> Result<(Sink, Stream, String), String> {
    let (socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .map_err(|e| e.to_string())?;
    let (mut tx, mut rx) = socket.split();
    let join = Message::Join {
        sender_id: me.to_string(),
        supported_protocol_versions: vec!["1".into()],
        metadata: None,
    };
    tx.send(tungstenite::Message::Binary(join.encode().into()))
        .await
        .map_err(|e| e.to_string())?;
    loop {
        match tokio::time::timeout(Duration::from_secs(10), rx.next()).await {
            Ok(Some(Ok(tungstenite::Message::Binary(b)))) => {
                if let Ok(Message::Peer { sender_id, .. }) = Message::decode(&b) {
                    return Ok((tx, rx, sender_id));
                }
            }
            Ok(Some(Ok(_))) => continue,
            _ => return Err("no peer message".into()),
        }
    }
}

/// One simulated participant: a socket, one document, its sync state.
async fn client(
    url: String,
    n: usize,
    doc_id: DocumentId,
    creator: bool,
    seconds: u64,
    peers_per_doc: usize,
    tally: Arc<Mutex<Tally>>,
) -> Result<(), String> {
    let me = format!("bench-{n}");
    // Connect and join; a server busy accepting 100 sockets at once may drop a few.
    let mut attempt = 0;
    let (mut tx, mut rx, relay) = loop {
        attempt += 1;
        match connect_and_join(&url, &me).await {
            Ok(joined) => break joined,
            Err(e) if attempt >= 5 => return Err(format!("client {n}: {e}")),
            Err(_) => tokio::time::sleep(Duration::from_millis(200 * attempt)).await,
        }
    };
    let mut doc = Automerge::new();
    if creator {
        let mut t = doc.transaction();
        let _ = t.put(ROOT, "created", true);
        t.commit();
    } else {
        // Let the creator upload first.
        tokio::time::sleep(Duration::from_millis(1500)).await;
    }
    let mut state = sync::State::new();
    let mut first = !creator;
    // Values written before this client joined are history, not deliveries.
    let joined_at = micros();
    let key = format!("c{n}");
    let mut seen: HashMap<String, i64> = HashMap::new();
    let (mut frames, mut bytes, mut edits, mut latencies) = (0u64, 0u64, 0u64, Vec::new());
    let mut empty = 0u64;
    let warmup = Instant::now() + Duration::from_secs(3);
    let end = warmup + Duration::from_secs(seconds);
    // Spread the clients over the second.
    let offset = Duration::from_millis((n as u64 * 37) % 1000);
    let mut next_edit = warmup + offset;
    let mut measuring = false;
    loop {
        while let Some(m) = doc.generate_sync_message(&mut state) {
            let data = m.encode();
            let message = if first {
                first = false;
                Message::Request {
                    sender_id: me.clone(),
                    target_id: relay.clone(),
                    document_id: doc_id,
                    data,
                }
            } else {
                Message::Sync {
                    sender_id: me.clone(),
                    target_id: relay.clone(),
                    document_id: doc_id,
                    data,
                }
            };
            tx.send(tungstenite::Message::Binary(message.encode().into()))
                .await
                .map_err(|e| e.to_string())?;
        }
        let now = Instant::now();
        if now >= end + Duration::from_secs(2) {
            break;
        }
        if !measuring && now >= warmup {
            measuring = true;
        }
        let wait = if now < end {
            next_edit.saturating_duration_since(now)
        } else {
            Duration::from_millis(200)
        };
        tokio::select! {
            frame = rx.next() => {
                let Some(Ok(frame)) = frame else { break };
                let tungstenite::Message::Binary(b) = frame else { continue };
                if measuring {
                    frames += 1;
                    bytes += b.len() as u64;
                }
                if let Ok(Message::Sync { data, .. }) = Message::decode(&b)
                    && let Ok(m) = sync::Message::decode(&data)
                {
                    if measuring && m.changes.is_empty() {
                        empty += 1;
                    }
                    let before = doc.get_heads();
                    if doc.receive_sync_message(&mut state, m).is_ok() && doc.get_heads() != before {
                        let t = micros();
                        let first_of_doc = n / peers_per_doc * peers_per_doc;
                        for other in first_of_doc..first_of_doc + peers_per_doc {
                            let k = format!("c{other}");
                            if k == key { continue; }
                            if let Ok(Some((v, _))) = doc.get(ROOT, k.as_str())
                                && let Some(sent) = v.as_i64()
                                && seen.get(&k) != Some(&sent)
                            {
                                seen.insert(k, sent);
                                if measuring && sent >= joined_at { latencies.push(t - sent); }
                            }
                        }
                    }
                }
            }
            _ = tokio::time::sleep(wait) => {
                if Instant::now() < end && Instant::now() >= next_edit {
                    let mut t = doc.transaction();
                    let _ = t.put(ROOT, key.as_str(), micros());
                    t.commit();
                    if measuring { edits += 1; }
                    next_edit += Duration::from_secs(1);
                }
            }
        }
    }
    if let Ok(mut t) = tally.lock() {
        t.frames += frames;
        t.bytes += bytes;
        t.edits += edits;
        t.empty += empty;
        t.latencies_us.extend(latencies);
    }
    Ok(())
}

fn percentile(sorted: &[i64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

struct Figures {
    name: &'static str,
    p50: f64,
    p99: f64,
    msgs_per_delivery: f64,
    bytes_per_delivery: f64,
    deliveries: usize,
    empty_share: f64,
    cpu: f64,
    rss_mib: f64,
    peak_mib: f64,
}

async fn run(server: Server, clients: usize, docs: usize, seconds: u64) -> Figures {
    let per_doc = clients / docs;
    let tally = Arc::new(Mutex::new(Tally::default()));
    let cpu_before = server.cpu_seconds();
    let mut tasks = Vec::new();
    for n in 0..clients {
        let doc_index = n / per_doc;
        let mut id = [0u8; 16];
        id[..8].copy_from_slice(b"kambench");
        id[15] = doc_index as u8;
        let task = client(
            server.url.clone(),
            n,
            DocumentId::from_bytes(id),
            n % per_doc == 0,
            seconds,
            per_doc,
            tally.clone(),
        );
        tasks.push(tokio::spawn(task));
    }
    for t in tasks {
        match t.await {
            Ok(Err(e)) => eprintln!("{}: {e}", server.name),
            Err(e) => eprintln!("{}: {e}", server.name),
            Ok(Ok(())) => {}
        }
    }
    let cpu = server.cpu_seconds() - cpu_before;
    let rss = server.memory_kib("VmRSS:") as f64 / 1024.0;
    let peak = server.memory_kib("VmHWM:") as f64 / 1024.0;
    let t = tally
        .lock()
        .map(|mut t| std::mem::take(&mut *t))
        .unwrap_or_default();
    let mut lat = t.latencies_us;
    lat.sort_unstable();
    // Every edit should reach the other clients of its document.
    let expected = t.edits as f64 * (per_doc as f64 - 1.0);
    Figures {
        name: server.name,
        p50: percentile(&lat, 0.5),
        p99: percentile(&lat, 0.99),
        msgs_per_delivery: t.frames as f64 / expected.max(1.0),
        bytes_per_delivery: t.bytes as f64 / expected.max(1.0),
        deliveries: lat.len(),
        empty_share: t.empty as f64 / (t.frames as f64).max(1.0),
        cpu,
        rss_mib: rss,
        peak_mib: peak,
    }
}

fn main() {
    let clients = env_num("KAM_BENCH_CLIENTS", 100);
    let docs = env_num("KAM_BENCH_DOCS", 20).max(1);
    let seconds = env_num("KAM_BENCH_SECONDS", 20) as u64;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("no runtime: {e}");
            std::process::exit(1);
        }
    };
    let mut results = Vec::new();
    for which in ["ours", "ours-throttled", "reference"] {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => {
                eprintln!("no temporary folder: {e}");
                std::process::exit(1);
            }
        };
        let server = match which {
            "ours" => start_ours(dir.path(), 0),
            "ours-throttled" => start_ours(dir.path(), 100),
            _ => start_reference(dir.path()),
        };
        let Some(server) = server else {
            eprintln!(
                "could not start the {which} server (is node installed, e2e/node_modules present?)"
            );
            std::process::exit(1);
        };
        println!(
            "running {} with {clients} clients in {docs} documents for {seconds} s …",
            server.name
        );
        results.push(runtime.block_on(run(server, clients, docs, seconds)));
    }
    println!();
    println!(
        "relay benchmark: {clients} clients, {docs} documents, 1 edit per client per second, {seconds} s measured"
    );
    println!(
        "{:<32} {:>9} {:>9} {:>12} {:>12} {:>11} {:>9} {:>9} {:>9}",
        "server",
        "p50 ms",
        "p99 ms",
        "msgs/deliv",
        "bytes/deliv",
        "deliveries",
        "CPU s",
        "RSS MiB",
        "peak MiB"
    );
    for f in &results {
        println!(
            "  ({}: {:.0} % of the messages carried no changes)",
            f.name,
            f.empty_share * 100.0
        );
        println!(
            "{:<32} {:>9.1} {:>9.1} {:>12.2} {:>12.0} {:>11} {:>9.2} {:>9.1} {:>9.1}",
            f.name,
            f.p50,
            f.p99,
            f.msgs_per_delivery,
            f.bytes_per_delivery,
            f.deliveries,
            f.cpu,
            f.rss_mib,
            f.peak_mib
        );
    }
    if let [ours, throttled, reference] = &results[..] {
        let verdict = |ok: bool| if ok { "met" } else { "MISSED" };
        for f in [ours, throttled] {
            println!();
            println!("{}:", f.name);
            println!(
                "  goal p99 ≤ 50 ms ({:.1} ms): {}",
                f.p99,
                verdict(f.p99 <= 50.0)
            );
            println!(
                "  goal messages per delivered edit ≤ reference ({:.2} vs {:.2}): {}",
                f.msgs_per_delivery,
                reference.msgs_per_delivery,
                verdict(f.msgs_per_delivery <= reference.msgs_per_delivery)
            );
            println!(
                "  goal latency ≤ half the reference (p50 {:.1} vs {:.1} ms, p99 {:.1} vs {:.1} ms): {}",
                f.p50,
                reference.p50,
                f.p99,
                reference.p99,
                verdict(f.p50 <= reference.p50 / 2.0 && f.p99 <= reference.p99 / 2.0)
            );
            println!(
                "  goal memory ≤ half the reference ({:.1} vs {:.1} MiB peak): {}",
                f.peak_mib,
                reference.peak_mib,
                verdict(f.peak_mib <= reference.peak_mib / 2.0)
            );
        }
    }
}
