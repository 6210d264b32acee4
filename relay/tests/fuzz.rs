//! A bounded mutation fuzzer over real frames: frames captured from two automerge peers
//! syncing a document (join, request, sync, presence) are mutated (bit flips, bytes
//! set to boundary values, inserted, deleted, duplicated, spliced across frames, and
//! the same for the automerge sync message inside) and fed to what the relay runs on
//! peer data: the wire decoder, the sync-message check, and automerge's receive and
//! answer under `catch_unwind`, exactly as the relay calls them. Then a share of them
//! goes to a real relay over sockets, which must still serve a good client.
//!
//! Run by the test command for a bounded time: `KAM_FUZZ_SECONDS` (default 5), with
//! `-- --ignored --nocapture` so the figures are printed.

mod common;

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    time::{Duration, Instant},
};

use automerge::{
    Automerge, ROOT, ReadDoc,
    sync::{self, SyncDoc},
    transaction::Transactable,
};
use common::*;
use futures_util::SinkExt;
use kam_protocol::{DocumentId, Message};
use kam_relay::sync::validate;
use tokio_tungstenite::tungstenite;

/// xorshift64*: seeded, so a failing case can be replayed from its number.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const INTERESTING: [u8; 10] = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x42, 0x43, 0x9f, 0xbf, 0xff];

/// One to four mutations of `bytes`, with `other` for splices.
fn mutate(rng: &mut Rng, bytes: &[u8], other: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(4) {
        let len = out.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                let n = 1 + rng.below(8);
                let fill: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
                out.splice(i..i, fill);
            }
            3 if len > 1 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                out.drain(i..i + n);
            }
            4 if len > 1 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(32));
                let copy = out[i..i + n].to_vec();
                out.splice(i..i, copy);
            }
            5 if !other.is_empty() => {
                let i = rng.below(len + 1);
                let j = rng.below(other.len());
                let n = 1 + rng.below((other.len() - j).min(32));
                out.splice(i..i.min(len), other[j..j + n].iter().copied());
            }
            // A large LEB128 number (sizes and counts are LEB128 in sync messages).
            _ => {
                let i = rng.below(len + 1);
                out.splice(i..i, [0xff, 0xff, 0xff, 0xff, 0x0f]);
            }
        }
    }
    out
}

/// Real frames: two peers syncing a document with edits, plus join and presence.
fn captured(id: DocumentId) -> (Automerge, Vec<Vec<u8>>) {
    let mut a = Automerge::new();
    let mut b = Automerge::new();
    let (mut sa, mut sb) = (sync::State::new(), sync::State::new());
    let mut frames = vec![
        Message::Join {
            sender_id: "peer-a".into(),
            supported_protocol_versions: vec!["1".into()],
            metadata: None,
        }
        .encode(),
        Message::Ephemeral {
            sender_id: "peer-a".into(),
            target_id: "relay".into(),
            document_id: id,
            session_id: "s".into(),
            count: 1,
            data: b"\xa2dnamedAnnadview".to_vec(),
        }
        .encode(),
    ];
    for round in 0..6 {
        let mut tx = a.transaction();
        tx.put(ROOT, format!("k{round}"), round).expect("put");
        tx.commit();
        let mut tx = b.transaction();
        tx.put(ROOT, format!("b{round}"), "Muster AG").expect("put");
        tx.commit();
        for _ in 0..4 {
            if let Some(m) = a.generate_sync_message(&mut sa) {
                let data = m.encode();
                frames.push(
                    Message::Sync {
                        sender_id: "peer-a".into(),
                        target_id: "relay".into(),
                        document_id: id,
                        data: data.clone(),
                    }
                    .encode(),
                );
                if let Ok(m) = sync::Message::decode(&data) {
                    let _ = b.receive_sync_message(&mut sb, m);
                }
            }
            if let Some(m) = b.generate_sync_message(&mut sb) {
                let data = m.encode();
                frames.push(
                    Message::Request {
                        sender_id: "peer-b".into(),
                        target_id: "relay".into(),
                        document_id: id,
                        data: data.clone(),
                    }
                    .encode(),
                );
                if let Ok(m) = sync::Message::decode(&data) {
                    let _ = a.receive_sync_message(&mut sa, m);
                }
            }
        }
    }
    (a, frames)
}

#[derive(Default, Debug)]
struct Counts {
    cases: u64,
    decoded: u64,
    checked: u64,
    applied: u64,
    refused_by_check: u64,
    caught_panics: u64,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "bounded fuzz run; scripts/test.sh runs it with --ignored"]
async fn mutated_frames_never_escape_the_relay() {
    let seconds: u64 = std::env::var("KAM_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let id = DocumentId::from_bytes([9; 16]);
    let (doc, frames) = captured(id);
    let mut rng = Rng(0x4b41_4d5f_6675_7a7a);
    let mut counts = Counts::default();
    let started = Instant::now();
    let deadline = started + Duration::from_secs(seconds);
    let mut for_relay = Vec::new();
    while Instant::now() < deadline && counts.cases < 5_000_000 {
        counts.cases += 1;
        let base = &frames[rng.below(frames.len())];
        let other = &frames[rng.below(frames.len())];
        let frame = if rng.below(2) == 0 {
            mutate(&mut rng, base, other)
        } else {
            base.clone()
        };
        // The wire decoder must never panic on anything.
        let decoded = catch_unwind(|| Message::decode(&frame));
        let Ok(decoded) = decoded else {
            panic!(
                "case {}: the wire decoder panicked on {frame:02x?}",
                counts.cases
            );
        };
        let Ok(message) = decoded else {
            continue;
        };
        counts.decoded += 1;
        let data = match message {
            Message::Sync { data, .. } | Message::Request { data, .. } => data,
            _ => continue,
        };
        let data = mutate(&mut rng, &data, &data);
        counts.checked += 1;
        let Ok(sync_message) = validate::sync_message(&data) else {
            counts.refused_by_check += 1;
            continue;
        };
        if for_relay.len() < 2_000 && rng.below(4) == 0 {
            for_relay.push(data.clone());
        }
        // As the relay does it: receive and answer under catch_unwind.
        let mut copy = doc.clone();
        let mut state = sync::State::new();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if copy.receive_sync_message(&mut state, sync_message).is_ok() {
                let _ = copy.generate_sync_message(&mut state);
            }
        }));
        match outcome {
            Ok(()) => counts.applied += 1,
            Err(_) => counts.caught_panics += 1,
        }
    }
    let fuzz_time = started.elapsed();

    // A share of the checked messages to a real relay, each wrapped as a sync frame.
    let dir = tempfile::tempdir().expect("tmp");
    let relay = Relay::start(dir.path()).await;
    let mut good = Client::connect(&relay, "good").await;
    let mut good_doc = doc.clone();
    let mut good_state = sync::State::new();
    good.sync(
        id,
        &mut good_doc,
        &mut good_state,
        Duration::from_millis(200),
    )
    .await;
    let mut sent = 0;
    let mut attacker = Client::connect(&relay, "fuzz-0").await;
    for (n, data) in for_relay.iter().enumerate() {
        let frame = Message::Sync {
            sender_id: attacker.peer_id.clone(),
            target_id: attacker.relay_id.clone(),
            document_id: id,
            data: data.clone(),
        };
        if attacker
            .socket
            .send(tungstenite::Message::Binary(frame.encode().into()))
            .await
            .is_err()
        {
            attacker = Client::connect(&relay, &format!("fuzz-{n}")).await;
            continue;
        }
        sent += 1;
    }
    drop(attacker);
    let mut tx = good_doc.transaction();
    tx.put(ROOT, "after-fuzz", "still here").expect("put");
    tx.commit();
    good.sync(
        id,
        &mut good_doc,
        &mut good_state,
        Duration::from_millis(300),
    )
    .await;
    let copy = read_back(&relay, id).await;
    let survived = copy
        .get(ROOT, "after-fuzz")
        .ok()
        .flatten()
        .is_some_and(|(v, _)| v.to_string().contains("still here"));
    relay.stop().await;

    println!(
        "fuzz: {} cases in {:.1} s ({:.0}/s): {} decoded as protocol messages, {} sync messages \
         checked, {} refused by the check, {} applied by automerge, {} automerge panics caught \
         (the relay's path), 0 decoder panics; {} frames written to a live relay, which still serves",
        counts.cases,
        fuzz_time.as_secs_f64(),
        counts.cases as f64 / fuzz_time.as_secs_f64().max(0.001),
        counts.decoded,
        counts.checked,
        counts.refused_by_check,
        counts.applied,
        counts.caught_panics,
        sent
    );
    assert!(counts.cases > 1_000, "the fuzzer ran: {counts:?}");
    assert!(
        survived,
        "the relay serves a good client after the fuzz frames"
    );
}

#[test]
fn the_relay_is_built_so_that_a_panic_unwinds() {
    // `panic = "abort"` turned one panic into the end of every connection.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let profile = manifest
        .split("[profile.relay]")
        .nth(1)
        .and_then(|rest| rest.split("\n[").next())
        .expect("a [profile.relay] section");
    assert!(profile.contains("panic = \"unwind\""), "{profile}");
    for script in ["scripts/test.sh", "scripts/run.sh"] {
        let text = std::fs::read_to_string(root.join(script)).expect("script");
        assert!(
            text.contains("-p kam-relay --profile relay"),
            "{script} builds the relay with the unwinding profile"
        );
    }
}
