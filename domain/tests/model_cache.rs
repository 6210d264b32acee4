//! The cached model a start shows while the document loads: it round-trips, and it is
//! current only for exactly the chunks it was made from.

use kam_domain::model_cache::ModelCache;

mod common;

fn keys(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_full_workspace_round_trips_through_the_cache() {
    // Every kind of item the large fixture has, with less history (fast in debug).
    let size = kam_domain::fixture::FixtureSize {
        changes: 4_000,
        ..kam_domain::fixture::FixtureSize::LARGE
    };
    let doc = kam_domain::fixture::generate(size, 7).expect("fixture");
    let ws = doc.workspace().expect("model");
    let stored = keys(&["ws/snapshot/aa", "ws/incremental/bb"]);
    let bytes = ModelCache::encode(&stored, &ws);
    let cache = ModelCache::decode(&bytes).expect("decodes");
    assert_eq!(cache.workspace, ws, "the same model comes back");
    assert_eq!(cache.chunk_keys, stored);
}

#[test]
fn a_cache_is_current_only_for_exactly_its_chunks() {
    let ws = common::workspace().workspace().expect("model");
    let cache = ModelCache::decode(&ModelCache::encode(
        &keys(&["w/snapshot/1", "w/incremental/2"]),
        &ws,
    ))
    .expect("decodes");
    assert!(
        cache.is_current_for(&keys(&["w/incremental/2", "w/snapshot/1"])),
        "any order"
    );
    // A change stored after the model (by this tab or another).
    assert!(!cache.is_current_for(&keys(&[
        "w/snapshot/1",
        "w/incremental/2",
        "w/incremental/3"
    ])));
    // A compaction the model did not see, or a chunk gone.
    assert!(!cache.is_current_for(&keys(&["w/snapshot/3"])));
    assert!(!cache.is_current_for(&keys(&["w/snapshot/1"])));
    assert!(
        !cache.is_current_for(&[]),
        "nothing stored: nothing to show"
    );
}

#[test]
fn damaged_or_foreign_bytes_are_no_cache() {
    let ws = common::workspace().workspace().expect("model");
    let good = ModelCache::encode(&keys(&["w/snapshot/1"]), &ws);
    assert!(ModelCache::decode(&good).is_some());
    assert!(ModelCache::decode(b"").is_none());
    assert!(
        ModelCache::decode(&good[..good.len() / 2]).is_none(),
        "cut off"
    );
    // Written by another build: its model may read differently.
    let text = String::from_utf8(good.clone()).expect("utf-8");
    let other = text.replacen(
        &format!("\"format\":{}", kam_domain::model_cache::FORMAT),
        "\"format\":1",
        1,
    );
    assert_ne!(other, text);
    assert!(ModelCache::decode(other.as_bytes()).is_none());
    let not_a_model = b"{\"format\":0,\"chunk_keys\":[]}\n{\"name\":3}";
    assert!(ModelCache::decode(not_a_model).is_none());
}
