//! Checks a peer's sync message before Automerge works with it.
//!
//! Automerge 0.12 trusts the Bloom filter parameters a peer sends: zero bits make
//! `generate_sync_message` divide by zero (a panic), and a huge probe count makes it
//! loop and allocate for as long as the peer likes. A stock automerge-repo peer sends
//! 10 bits per entry and 7 probes; the bounds below leave room for other settings.

use automerge::sync;

/// Most probes per hash a Bloom filter may ask for.
pub const MAX_PROBES: u64 = 32;
/// Most bits per entry a Bloom filter may use.
pub const MAX_BITS_PER_ENTRY: u64 = 64;
/// Most Bloom filters ("have" entries) in one message; automerge sends one.
pub const MAX_HAVES: usize = 16;
/// Most hashes in `heads`, `need` or one `last_sync`.
pub const MAX_HASHES: usize = 100_000;

/// Why a sync message was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncProblem {
    #[error("not a sync message")]
    Undecodable,
    #[error("{0} Bloom filters in one message (at most {MAX_HAVES})")]
    TooManyFilters(usize),
    #[error("{0} hashes in one list (at most {MAX_HASHES})")]
    TooManyHashes(usize),
    #[error("a Bloom filter with {0}")]
    BadFilter(String),
}

fn leb128(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value: u64 = 0;
    for (i, b) in bytes.iter().enumerate().take(10) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// The filter's parameters as Automerge encodes them: entries, bits per entry, probes,
/// then the bits. An empty encoding is the empty filter.
fn check_filter(encoded: &[u8]) -> Result<(), SyncProblem> {
    if encoded.is_empty() {
        return Ok(());
    }
    let bad = |why: &str| SyncProblem::BadFilter(why.to_string());
    let (entries, rest) = leb128(encoded).ok_or_else(|| bad("an unreadable size"))?;
    let (bits_per_entry, rest) = leb128(rest).ok_or_else(|| bad("an unreadable size"))?;
    let (probes, bits) = leb128(rest).ok_or_else(|| bad("an unreadable size"))?;
    if entries == 0 {
        return Ok(());
    }
    if bits_per_entry == 0 || bits.is_empty() {
        return Err(bad("no bits"));
    }
    if bits_per_entry > MAX_BITS_PER_ENTRY {
        return Err(bad(&format!("{bits_per_entry} bits per entry")));
    }
    if probes > MAX_PROBES {
        return Err(bad(&format!("{probes} probes")));
    }
    Ok(())
}

/// Decodes a sync message and checks it is within the bounds Automerge handles safely.
pub fn sync_message(data: &[u8]) -> Result<sync::Message, SyncProblem> {
    let message = sync::Message::decode(data).map_err(|_| SyncProblem::Undecodable)?;
    if message.have.len() > MAX_HAVES {
        return Err(SyncProblem::TooManyFilters(message.have.len()));
    }
    let longest = message
        .have
        .iter()
        .map(|h| h.last_sync.len())
        .chain([message.heads.len(), message.need.len()])
        .max()
        .unwrap_or(0);
    if longest > MAX_HASHES {
        return Err(SyncProblem::TooManyHashes(longest));
    }
    for have in &message.have {
        check_filter(&have.bloom.to_bytes())?;
    }
    Ok(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use automerge::{Automerge, sync::SyncDoc, transaction::Transactable};

    /// The 10 bytes that stopped the relay: one `have` whose filter has 1 entry, 0 bits
    /// per entry and 1 probe.
    pub const ZERO_BIT_FILTER: [u8; 10] =
        [0x42, 0x00, 0x00, 0x01, 0x00, 0x03, 0x01, 0x00, 0x01, 0x00];

    #[test]
    fn the_zero_bit_filter_is_refused() {
        assert_eq!(
            sync_message(&ZERO_BIT_FILTER),
            Err(SyncProblem::BadFilter("no bits".into()))
        );
    }

    #[test]
    fn a_filter_with_millions_of_probes_is_refused() {
        // 1 entry, 10 bits, 2^25 probes (leb128 80 80 80 10), 2 bytes of bits.
        let bytes = [
            0x42, 0x00, 0x00, 0x01, 0x00, 0x08, 0x01, 0x0a, 0x80, 0x80, 0x80, 0x10, 0xff, 0xff,
            0x00,
        ];
        assert_eq!(
            sync_message(&bytes),
            Err(SyncProblem::BadFilter("33554432 probes".into()))
        );
    }

    #[test]
    fn what_automerge_itself_sends_passes() {
        let mut a = Automerge::new();
        let mut tx = a.transaction();
        tx.put(automerge::ROOT, "k", 1).expect("put");
        tx.commit();
        let mut b = Automerge::new();
        let (mut sa, mut sb) = (sync::State::new(), sync::State::new());
        for _ in 0..10 {
            let mut quiet = true;
            if let Some(m) = a.generate_sync_message(&mut sa) {
                let m = sync_message(&m.encode()).expect("valid");
                b.receive_sync_message(&mut sb, m).expect("apply");
                quiet = false;
            }
            if let Some(m) = b.generate_sync_message(&mut sb) {
                let m = sync_message(&m.encode()).expect("valid");
                a.receive_sync_message(&mut sa, m).expect("apply");
                quiet = false;
            }
            if quiet {
                break;
            }
        }
        assert_eq!(a.get_heads(), b.get_heads());
    }
}
