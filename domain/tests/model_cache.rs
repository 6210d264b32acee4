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

#[test]
fn any_text_and_number_the_model_holds_comes_back_exactly() {
    let size = kam_domain::fixture::FixtureSize {
        customers: 5,
        key_accounts: 2,
        actions: 4,
        stakeholders: 3,
        changes: 40,
        authors: 2,
    };
    let doc = kam_domain::fixture::generate(size, 3).expect("fixture");
    let mut ws = doc.workspace().expect("model");
    // What JSON must escape, what it need not, and what is more than one UTF-16 unit.
    ws.customers[0].name = "Müller \"&\" Söhne \\ AG\n\tZürich \u{1} \u{7f} 🎉 / ∑".into();
    ws.customers[0].revenue = Some(i64::MIN);
    ws.customers[1].revenue = Some(i64::MAX);
    ws.customers[1].name = String::new();
    ws.customers[2].margin = Some(-1);
    if let Some(account) = ws.key_accounts.first_mut() {
        // Fractional ranks (between two others) and extreme ones.
        account.rank = -0.000_123_456_789;
    }
    if let Some(account) = ws.key_accounts.get_mut(1) {
        account.rank = 1.5e300;
    }
    let bytes = ModelCache::encode(&keys(&["w/snapshot/1"]), &ws);
    let cache = ModelCache::decode(&bytes).expect("decodes");
    assert_eq!(cache.workspace, ws);
}

#[test]
fn a_cache_cut_anywhere_or_with_more_after_it_is_no_cache() {
    let ws = common::workspace().workspace().expect("model");
    let good = ModelCache::encode(&keys(&["w/snapshot/1"]), &ws);
    // Every cut (a write torn off, a disk full) is refused, never misread or a panic;
    // only white space may be cut from the end.
    let end = good.trim_ascii_end().len();
    for cut in (0..end).step_by(7).chain([end - 1]) {
        assert!(ModelCache::decode(&good[..cut]).is_none(), "cut at {cut}");
    }
    assert!(ModelCache::decode(&good[..end]).is_some());
    let mut more = good.clone();
    more.extend_from_slice(b" {}");
    assert!(
        ModelCache::decode(&more).is_none(),
        "something after the model"
    );
    // Damage inside a string or between values.
    let text = String::from_utf8(good).expect("utf-8");
    for (from, to) in [("\":", "\";"), ("\",", "\"")] {
        let damaged = text.replacen(from, to, 3);
        assert_ne!(damaged, text);
        assert!(
            ModelCache::decode(damaged.as_bytes()).is_none(),
            "{from} → {to}"
        );
    }
}
