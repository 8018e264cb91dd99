//! The engine's and the app's one way to sort a slice (stable, like `slice::sort_by`).
//!
//! `slice::sort_by` is generic over the element type and the comparator, so every call site with
//! its own closure links its own copy of Rust's driftsort: the app's wasm module had 35 stable-sort
//! instantiations, 165 KB of code before wasm-opt (tests/e2e/first-load-results.md, Session 7).
//! Here, in the browser build, every sort becomes one sort of `usize` indices with one comparator
//! type (`&mut dyn FnMut`), followed by a small in-place permutation: one driftsort in the module.
//!
//! The result is the one `slice::sort_by` gives: both are stable sorts with the same comparisons,
//! so for a comparator that is a total order the output is unique. Native builds (the CLI, the
//! benchmarks) keep calling `slice::sort_by` directly, where size does not matter and the indirect
//! call would; the engine's unit tests (`cfg(test)`) run the browser's path, so every sort the
//! engine's tests reach goes through it too.
//!
//! Use these instead of the slice methods in `crates/core/src` and `src/` (the app): `by` for
//! `sort_by`, `by_key` for `sort_by_key`, `ord` for `sort` and for `sort_unstable` of values whose
//! equal elements are indistinguishable (numbers, strings, tuples of them).
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Stable sort of `v` by `cmp` (`slice::sort_by`).
pub fn by<T>(v: &mut [T], cmp: impl FnMut(&T, &T) -> Ordering) {
    #[cfg(any(target_arch = "wasm32", test))]
    {
        let mut cmp = cmp;
        let order = order_of(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
        permute(v, order);
    }
    #[cfg(not(any(target_arch = "wasm32", test)))]
    v.sort_by(cmp);
}

/// Stable sort of `v` by a key (`slice::sort_by_key`: the key is computed per comparison).
pub fn by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Stable sort of `v` by its own order (`slice::sort`).
pub fn ord<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// A `BTreeMap` of `items`, as `collect()` makes it (of equal keys the last value stays), built by
/// inserting them in turn: `collect()` into a `BTreeMap` or `BTreeSet` stable-sorts the items
/// first, which links one more copy of the standard sort per element type.
pub fn map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    build(items)
}

/// A `BTreeSet` of `items`, as `collect()` makes it (see [`map`]).
pub fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    build(items)
}

/// [`map`] and [`set`]: natively `collect()` (a sort, then a bulk build: inserting one by one was
/// measured 1.5-1.9x slower at 10x the bench sizes, scaling_results.md, Session 7, and size does not
/// matter there); in the browser build (and the engine's tests) inserting in turn.
fn build<I, C: Default + Extend<I> + FromIterator<I>>(items: impl IntoIterator<Item = I>) -> C {
    #[cfg(not(any(target_arch = "wasm32", test)))]
    return items.into_iter().collect();
    #[cfg(any(target_arch = "wasm32", test))]
    {
        let mut out = C::default();
        out.extend(items);
        out
    }
}

/// The positions `0..n` in sorted order: the module's one instantiation of the standard sort.
#[cfg(any(target_arch = "wasm32", test))]
#[inline(never)]
fn order_of(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Puts `v[order[i]]` at position `i` for every `i`, in place, by following each cycle of the
/// permutation once (each visited slot of `order` is marked by setting it to its own index).
#[cfg(any(target_arch = "wasm32", test))]
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Rng;

    /// Random keys with many ties (to see stability) and a payload that tells equal keys apart.
    fn sample(rng: &mut Rng, n: usize, range: usize) -> Vec<(usize, String)> {
        (0..n).map(|i| (rng.below(range), format!("item {i}"))).collect()
    }

    #[test]
    fn equals_the_standard_stable_sort_on_random_input() {
        let mut rng = Rng(17);
        for round in 0..400 {
            let n = rng.below(if round % 10 == 0 { 3000 } else { 60 });
            let range = 1 + rng.below(n.max(1));
            let v = sample(&mut rng, n, range);
            let mut ours = v.clone();
            let mut std_sorted = v.clone();
            by(&mut ours, |a, b| a.0.cmp(&b.0));
            std_sorted.sort_by_key(|a| a.0);
            assert_eq!(ours, std_sorted, "round {round}, n {n}");
            let mut desc = v.clone();
            by_key(&mut desc, |x| std::cmp::Reverse(x.0));
            std_sorted.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(desc, std_sorted, "round {round}, descending");
            let mut whole = v;
            ord(&mut whole);
            std_sorted.sort();
            assert_eq!(whole, std_sorted, "round {round}, whole value");
        }
    }

    #[test]
    fn permutes_every_shape_of_cycle() {
        // every permutation of 0..6: the element at i must end where `order` says
        let mut perm: Vec<usize> = (0..6).collect();
        let mut seen = 0;
        loop {
            let mut v: Vec<usize> = (0..6).map(|i| i * 10).collect();
            permute(&mut v, perm.clone());
            assert_eq!(v, perm.iter().map(|&i| i * 10).collect::<Vec<_>>(), "{perm:?}");
            seen += 1;
            // next permutation (lexicographic)
            let Some(i) = (0..5).rev().find(|&i| perm[i] < perm[i + 1]) else { break };
            let j = (i + 1..6).rev().find(|&j| perm[j] > perm[i]).unwrap();
            perm.swap(i, j);
            perm[i + 1..].reverse();
        }
        assert_eq!(seen, 720);
    }

    #[test]
    fn map_and_set_equal_collect() {
        let mut rng = Rng(5);
        for _ in 0..200 {
            let n = rng.below(80);
            let items: Vec<(usize, usize)> = (0..n).map(|i| (rng.below(20), i)).collect();
            assert_eq!(map(items.iter().copied()), items.iter().copied().collect::<BTreeMap<_, _>>());
            assert_eq!(set(items.iter().map(|p| p.0)), items.iter().map(|p| p.0).collect::<BTreeSet<_>>());
        }
    }

    #[test]
    fn empty_and_single() {
        let mut e: Vec<u8> = vec![];
        ord(&mut e);
        assert!(e.is_empty());
        let mut one = vec![5];
        by(&mut one, |a: &i32, b| b.cmp(a));
        assert_eq!(one, [5]);
    }
}
