//! Telling a dead connection from a slow one, on the client.
//!
//! A tablet that changes networks, or a path through the internet that drops a
//! connection without closing it, leaves a WebSocket that looks open: sends succeed, and
//! nothing ever comes back. The browser may not notice for many minutes, and the status
//! would say "syncing" all that time. So while the client waits for the relay (a
//! handshake, or a change the relay has not confirmed) it watches for signs of life: a
//! frame from the relay, or its own outgoing buffer shrinking (a large upload in
//! progress). After too long without either it gives the connection up and connects
//! again; each time it does, the next connection gets twice the time (a slow relay or a
//! large answer that takes long to arrive), up to [`MAX_PATIENCE_MS`].
//!
//! A client that waits for nothing (in sync, nobody editing) would not notice a dead
//! connection until it next sends, and meanwhile miss what others change. So our relay
//! says it is alive at a steady pace ([`alive`], an `ephemeral` message that stock
//! automerge-repo clients pass by), naming the pace; once a connection has said so, a
//! silence of [`IDLE_MISSED`] beats is a dead connection too. A relay that never says
//! so (a stock sync server) is never given up while idle.

use minicbor::{Decoder, Encoder};

/// How long a connection may stay silent while the client waits, at first.
pub const PATIENCE_MS: f64 = 15_000.0;
/// The longest it may stay silent after connections were given up in a row.
pub const MAX_PATIENCE_MS: f64 = 120_000.0;

/// Beats of the relay's pace an idle connection may miss before it is given up.
pub const IDLE_MISSED: f64 = 3.0;
/// The pace a relay may name, in ms (a faster or slower one is taken as the bound).
const PACE_MS: std::ops::RangeInclusive<u32> = 100..=300_000;
/// What the relay's `alive` payload is called (presence is `kam-presence`).
const ALIVE_KIND: &str = "kam-relay-alive";

/// The payload of the relay's `alive` message: it says so every `every_ms`.
pub fn alive(every_ms: u32) -> Vec<u8> {
    let mut e = Encoder::new(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = e
        .map(2)
        .and_then(|e| e.str("kind"))
        .and_then(|e| e.str(ALIVE_KIND))
        .and_then(|e| e.str("every_ms"))
        .and_then(|e| e.u32(every_ms));
    e.into_writer()
}

/// The pace an `alive` payload names (in ms, within bounds), or `None` for any other.
pub fn read_alive(bytes: &[u8]) -> Option<u32> {
    let mut d = Decoder::new(bytes);
    let (mut kind, mut every) = (None, None);
    for _ in 0..d.map().ok()?? {
        match d.str().ok()? {
            "kind" => kind = Some(d.str().ok()?),
            "every_ms" => every = Some(d.u32().ok()?),
            _ => d.skip().ok()?,
        }
    }
    (kind == Some(ALIVE_KIND)).then_some(())?;
    every.map(|e| e.clamp(*PACE_MS.start(), *PACE_MS.end()))
}

#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// Last sign of life (ms), or `None` while the client is not waiting.
    since: Option<f64>,
    /// Last frame of this connection (or its start), waiting or not.
    last: f64,
    /// The pace this connection's relay said it is alive at, once it has.
    relay_pace: Option<f64>,
    /// The outgoing buffer when last looked at, in bytes.
    buffered: u32,
    /// Connections given up in a row.
    given_up: u32,
}

impl Watch {
    /// The client waits for the relay from `now` on (it was not waiting before).
    pub fn start(&mut self, now: f64) {
        if self.since.is_none() {
            self.since = Some(now);
        }
    }

    /// The client has nothing to wait for (in sync, offline, no relay).
    pub fn stop(&mut self) {
        self.since = None;
    }

    /// Something came from the relay.
    pub fn heard(&mut self, now: f64) {
        self.last = now;
        if self.since.is_some() {
            self.since = Some(now);
        }
    }

    /// A new connection: it gets its full time, and its relay must say anew that it is
    /// alive (another relay may answer now).
    pub fn connected(&mut self, now: f64) {
        self.heard(now);
        self.relay_pace = None;
    }

    /// The relay said it is alive every `every_ms`.
    pub fn relay_alive(&mut self, every_ms: u32) {
        self.relay_pace = Some(f64::from(every_ms));
    }

    /// The relay confirmed everything: a slow connection was not a dead one.
    pub fn in_sync(&mut self) {
        self.stop();
        self.given_up = 0;
    }

    /// How long the current connection may stay silent.
    pub fn patience(&self) -> f64 {
        (PATIENCE_MS * f64::from(1u32 << self.given_up.min(3))).min(MAX_PATIENCE_MS)
    }

    /// Looked at every few seconds with the socket's outgoing buffer: true when the
    /// connection should be given up. Then the watch waits anew, with more patience.
    pub fn dead(&mut self, now: f64, buffered: u32) -> bool {
        let Some(mut since) = self.since else {
            // Idle: dead only when a relay that beats has missed its beats.
            let missed = self
                .relay_pace
                .is_some_and(|pace| now - self.last > pace * IDLE_MISSED);
            if missed {
                self.relay_pace = None;
                self.last = now;
            }
            return missed;
        };
        if buffered < self.buffered {
            since = now;
            self.since = Some(now);
        }
        self.buffered = buffered;
        if now - since <= self.patience() {
            return false;
        }
        self.given_up += 1;
        self.since = Some(now);
        self.buffered = 0;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_connection_is_given_up_only_when_a_relay_that_beats_falls_silent() {
        let mut w = Watch::default();
        w.connected(0.0);
        assert!(!w.dead(3_600_000.0, 0), "a stock relay: idle is never dead");
        w.connected(3_600_000.0);
        w.relay_alive(20_000);
        for beat in 1..10 {
            let now = 3_600_000.0 + f64::from(beat) * 20_000.0;
            w.heard(now);
            assert!(!w.dead(now + 1_000.0, 0), "beat {beat}");
        }
        let last = 3_600_000.0 + 9.0 * 20_000.0;
        assert!(!w.dead(last + 60_000.0, 0), "three beats missed: not yet");
        assert!(w.dead(last + 60_001.0, 0));
        // The next connection must say it beats before its silence counts.
        w.connected(last + 61_000.0);
        assert!(!w.dead(last + 1e6, 0));
    }

    #[test]
    fn waiting_keeps_its_own_patience_on_a_relay_that_beats() {
        let mut w = Watch::default();
        w.connected(0.0);
        w.relay_alive(1_000);
        w.start(0.0);
        assert!(!w.dead(10_000.0, 0), "waiting: 15 s, not three beats");
        assert!(w.dead(15_001.0, 0));
        w.in_sync();
        w.heard(16_000.0);
        assert!(!w.dead(18_000.0, 0));
        assert!(w.dead(19_001.0, 0), "idle again: three beats");
    }

    #[test]
    fn the_alive_payload_names_its_pace_and_is_no_presence() {
        assert_eq!(read_alive(&alive(20_000)), Some(20_000));
        assert_eq!(read_alive(&alive(1)), Some(100), "too fast: the bound");
        assert_eq!(read_alive(&alive(u32::MAX)), Some(300_000));
        assert!(crate::presence::Presence::decode(&alive(20_000)).is_none());
        let presence = crate::presence::Presence {
            name: "Anna".into(),
            screen: "/".into(),
            field: None,
            lead: false,
            role: None,
        };
        assert_eq!(read_alive(&presence.encode()), None);
        assert_eq!(read_alive(b""), None);
        assert_eq!(read_alive(&[0xa1, 0x64]), None, "cut off");
    }

    #[test]
    fn silence_while_waiting_gives_the_connection_up() {
        let mut w = Watch::default();
        assert!(!w.dead(1e9, 0), "not waiting: never dead");
        w.start(0.0);
        assert!(!w.dead(10_000.0, 0));
        assert!(!w.dead(15_000.0, 0));
        assert!(w.dead(15_001.0, 0));
        // The next connection gets twice the time, then four and eight times, no more.
        assert!(!w.dead(15_001.0 + 30_000.0, 0));
        assert!(w.dead(15_002.0 + 30_000.0, 0));
        assert_eq!(w.patience(), 60_000.0);
        w.dead(1e6, 0);
        w.dead(2e6, 0);
        w.dead(3e6, 0);
        assert_eq!(w.patience(), MAX_PATIENCE_MS);
    }

    #[test]
    fn frames_and_a_draining_upload_are_signs_of_life() {
        let mut w = Watch::default();
        w.start(0.0);
        w.heard(14_000.0);
        assert!(!w.dead(20_000.0, 0), "heard 6 s ago");
        // A large upload: the buffer shrinks, slowly.
        assert!(!w.dead(20_000.0, 5_000_000));
        for step in 1..10 {
            let now = 20_000.0 + f64::from(step) * 10_000.0;
            assert!(
                !w.dead(now, 5_000_000 - step * 400_000),
                "still uploading at {now}"
            );
        }
        // Stuck: the buffer stays where it is.
        assert!(!w.dead(120_000.0, 1_400_000));
        assert!(w.dead(126_000.0, 1_400_000));
    }

    #[test]
    fn waiting_starts_when_it_starts_and_being_in_sync_resets_the_patience() {
        let mut w = Watch::default();
        w.start(0.0);
        assert!(w.dead(20_000.0, 0));
        w.in_sync();
        assert_eq!(w.patience(), PATIENCE_MS);
        // Idle and in sync for an hour, then an edit: the wait starts with the edit.
        w.start(3_600_000.0);
        w.start(3_605_000.0);
        assert!(!w.dead(3_610_000.0, 0));
        assert!(w.dead(3_615_001.0, 0));
    }
}
