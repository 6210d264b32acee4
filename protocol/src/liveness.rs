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

/// How long a connection may stay silent while the client waits, at first.
pub const PATIENCE_MS: f64 = 15_000.0;
/// The longest it may stay silent after connections were given up in a row.
pub const MAX_PATIENCE_MS: f64 = 120_000.0;

#[derive(Debug, Clone, Default)]
pub struct Watch {
    /// Last sign of life (ms), or `None` while the client is not waiting.
    since: Option<f64>,
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
        if self.since.is_some() {
            self.since = Some(now);
        }
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
            return false;
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
