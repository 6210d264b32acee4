//! Order that users choose, kept as a `rank` number on each item (see `model`).
//!
//! Moving an item changes only its own rank (one field), so a concurrent edit of another
//! field of the same item survives the merge. Items with equal ranks (two devices added
//! one at the end at the same time) are ordered by id, the same on every device.

use std::cmp::Ordering;

/// Orders two ranked items: by rank, then by id so that ties look the same everywhere.
pub fn compare(a: (f64, &str), b: (f64, &str)) -> Ordering {
    a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1))
}

/// An item kept in the order users choose.
pub trait Ranked {
    fn rank(&self) -> f64;
    fn id(&self) -> &str;
}

/// `items` in their chosen order (rank, then id), the same on every device.
pub fn sorted<'a, T: Ranked>(items: impl IntoIterator<Item = &'a T>) -> Vec<&'a T> {
    let mut list: Vec<&T> = items.into_iter().collect();
    crate::order::sort_by(&mut list, |a, b| {
        compare((a.rank(), a.id()), (b.rank(), b.id()))
    });
    list
}

/// The rank of a new item placed after all `ranks`.
pub fn after_last(ranks: impl IntoIterator<Item = f64>) -> f64 {
    ranks
        .into_iter()
        .filter(|r| r.is_finite())
        .fold(0.0_f64, f64::max)
        .floor()
        + 1.0
}

/// Which way to move an item by one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
}

/// New ranks that move item `id` one place up or down in `items` (id, rank), which may be
/// in any order. Usually one change (the moved item's rank, halfway between its new
/// neighbours); when ties leave no room in between, every item is renumbered 1, 2, 3….
/// Empty when the item is unknown or already first (up) / last (down).
pub fn move_by_one(items: &[(String, f64)], id: &str, direction: Direction) -> Vec<(String, f64)> {
    let mut sorted: Vec<(&str, f64)> = items.iter().map(|(i, r)| (i.as_str(), *r)).collect();
    crate::order::sort_by(&mut sorted, |a, b| compare((a.1, a.0), (b.1, b.0)));
    let Some(pos) = sorted.iter().position(|(i, _)| *i == id) else {
        return Vec::new();
    };
    // The two neighbours the item lands between (`None` past the ends).
    let (low, high) = match direction {
        Direction::Up if pos > 0 => (pos.checked_sub(2).map(|p| sorted[p].1), sorted[pos - 1].1),
        Direction::Down if pos + 1 < sorted.len() => {
            let high = sorted.get(pos + 2).map(|(_, r)| *r);
            return between(&sorted, pos, Some(sorted[pos + 1].1), high, pos + 1);
        }
        _ => return Vec::new(),
    };
    between(&sorted, pos, low, Some(high), pos - 1)
}

fn between(
    sorted: &[(&str, f64)],
    pos: usize,
    low: Option<f64>,
    high: Option<f64>,
    target: usize,
) -> Vec<(String, f64)> {
    let id = sorted[pos].0;
    let rank = match (low, high) {
        (Some(l), Some(h)) => (l + h) / 2.0,
        (None, Some(h)) => h - 1.0,
        (Some(l), None) => l + 1.0,
        (None, None) => return Vec::new(),
    };
    let fits = low.is_none_or(|l| l < rank) && high.is_none_or(|h| rank < h);
    if fits {
        return vec![(id.to_string(), rank)];
    }
    // No room (ties or exhausted precision): renumber everything in the new order.
    let mut order: Vec<&str> = sorted.iter().map(|(i, _)| *i).collect();
    let moved = order.remove(pos);
    order.insert(target, moved);
    order
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id.to_string(), (i + 1) as f64))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(list: &[(&str, f64)]) -> Vec<(String, f64)> {
        list.iter().map(|(i, r)| (i.to_string(), *r)).collect()
    }

    fn apply(list: &[(&str, f64)], changes: &[(String, f64)]) -> Vec<String> {
        let mut all = items(list);
        for (id, rank) in changes {
            if let Some(item) = all.iter_mut().find(|(i, _)| i == id) {
                item.1 = *rank;
            }
        }
        crate::order::sort_by(&mut all, |a, b| compare((a.1, &a.0), (b.1, &b.0)));
        all.into_iter().map(|(i, _)| i).collect()
    }

    #[test]
    fn moving_changes_only_the_moved_item() {
        let list = [("a", 1.0), ("b", 2.0), ("c", 3.0), ("d", 4.0)];
        let up = move_by_one(&items(&list), "c", Direction::Up);
        assert_eq!(up, vec![("c".to_string(), 1.5)]);
        assert_eq!(apply(&list, &up), ["a", "c", "b", "d"]);
        let first = move_by_one(&items(&list), "b", Direction::Up);
        assert_eq!(first, vec![("b".to_string(), 0.0)]);
        assert_eq!(apply(&list, &first), ["b", "a", "c", "d"]);
        let down = move_by_one(&items(&list), "b", Direction::Down);
        assert_eq!(down, vec![("b".to_string(), 3.5)]);
        let last = move_by_one(&items(&list), "c", Direction::Down);
        assert_eq!(last, vec![("c".to_string(), 5.0)]);
        assert_eq!(apply(&list, &last), ["a", "b", "d", "c"]);
        assert!(move_by_one(&items(&list), "a", Direction::Up).is_empty());
        assert!(move_by_one(&items(&list), "d", Direction::Down).is_empty());
        assert!(move_by_one(&items(&list), "x", Direction::Down).is_empty());
    }

    #[test]
    fn ties_are_ordered_by_id_and_renumbered_when_there_is_no_room() {
        // Two devices both appended at rank 3.
        let list = [("a", 1.0), ("b", 2.0), ("y", 3.0), ("x", 3.0), ("z", 4.0)];
        let order = apply(&list, &[]);
        assert_eq!(order, ["a", "b", "x", "y", "z"]);
        // Moving z up lands between x and y, which tie: everything is renumbered.
        let changes = move_by_one(&items(&list), "z", Direction::Up);
        assert_eq!(changes.len(), 5);
        assert_eq!(apply(&list, &changes), ["a", "b", "x", "z", "y"]);
        // Moving y up past x: between b (2) and x (3) there is room.
        let y_up = move_by_one(&items(&list), "y", Direction::Up);
        assert_eq!(y_up, vec![("y".to_string(), 2.5)]);
    }

    #[test]
    fn new_items_go_last() {
        assert_eq!(after_last([]), 1.0);
        assert_eq!(after_last([1.0, 3.5, 2.0]), 4.0);
        assert_eq!(after_last([f64::NAN, -2.0]), 1.0);
    }
}
