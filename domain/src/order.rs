//! The one sort the shipped code uses.
//!
//! Every `slice::sort_by` with its own closure compiles its own copy of the standard
//! library's sort into the wasm (about 4.5 KB each; the app's ~50 copies were most of
//! the bundle's 274 KB of sort code). Here the sort runs on positions through a `dyn`
//! comparison, so there is one copy; only the small reordering is per element type.
//! Stable, like `sort_by`: equal items keep their order.

use std::cmp::Ordering;

/// Sorts `list` stably by `compare`.
pub fn sort_by<T>(list: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if list.len() < 2 {
        return;
    }
    let order = positions(list.len(), &|a, b| compare(&list[a], &list[b]));
    reorder(list, &order);
}

/// Sorts `list` stably by the key `key` gives each item.
pub fn sort_by_key<T, K: Ord>(list: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(list, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `list` in its natural order.
pub fn sort<T: Ord>(list: &mut Vec<T>) {
    sort_by(list, T::cmp);
}

/// The positions `0..len` in sorted order: the only compiled sort.
#[inline(never)]
fn positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Puts the items of `list` in the order of `order` (a permutation of its positions).
fn reorder<T>(list: &mut Vec<T>, order: &[usize]) {
    let mut slots: Vec<Option<T>> = list.drain(..).map(Some).collect();
    list.extend(
        order
            .iter()
            .filter_map(|&i| slots.get_mut(i).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_items_in_order() {
        // Pairs with many equal keys: a stable sort keeps the second field ascending.
        let original: Vec<(u8, usize)> = (0..500).map(|i| (((i * 7919) % 13) as u8, i)).collect();
        let mut ours = original.clone();
        let mut std_sorted = original.clone();
        sort_by_key(&mut ours, |p| p.0);
        std_sorted.sort_by_key(|p| p.0);
        assert_eq!(ours, std_sorted);
        let mut descending = original.clone();
        sort_by(&mut descending, |a, b| b.0.cmp(&a.0));
        assert!(
            descending
                .windows(2)
                .all(|w| w[0].0 > w[1].0 || (w[0].0 == w[1].0 && w[0].1 < w[1].1))
        );
        let mut words = vec!["b", "a", "c", "a"];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
        let mut empty: Vec<u8> = Vec::new();
        sort(&mut empty);
        assert!(empty.is_empty());
    }
}
