//! A static index of boxes for stabbing queries, used by the layout verifier.
//!
//! Contract: [`StabIndex::new`] takes, per box, its closed extent on the *stab axis* and on the
//! *other axis*. [`StabIndex::query`] calls back every box whose stab-axis extent contains `at`
//! and whose other-axis extent meets `[lo, hi]` (closed intervals throughout). It may call back a
//! box more than once and may call back a few boxes that only touch the query; it never misses
//! one. Boxes with an empty stab-axis extent (`a >= b`) are left out.
//!
//! Structure: a segment tree over the elementary intervals between the sorted distinct stab-axis
//! endpoints. A box is stored in the O(log n) nodes that cover its extent exactly; each node keeps
//! its boxes sorted by the start of their other-axis extent, with the running maximum of their
//! ends, so one binary search finds the first box that can meet `[lo, hi]`. A query visits the
//! O(log n) nodes above the leaf holding `at`.
//!
//! Cost: building O(n log² n) time and O(n log n) memory; a query O(log² n + answers + skipped).
//! In a layout that passes the overlap check, the boxes of one node all cross one vertical (or
//! horizontal) line, so they do not overlap on the other axis and nothing is skipped: the verifier
//! is O((n + segments) log² n) where scanning every box of a layer column made it O(n^1.5) with
//! columns of about 5√n tables.

/// A box as stored in a node: its other-axis extent and the running maximum of `hi`.
#[derive(Clone, Copy, Debug)]
struct Entry {
    lo: f64,
    hi: f64,
    reach: f64,
    id: u32,
}

pub struct StabIndex {
    /// Sorted distinct stab-axis endpoints; leaf `i` is `[coords[i], coords[i + 1]]`.
    coords: Vec<f64>,
    /// Leaves in the tree (a power of two ≥ the elementary interval count).
    size: usize,
    /// Heap-ordered nodes (1 is the root, leaf `i` is `size + i`).
    nodes: Vec<Vec<Entry>>,
}

impl StabIndex {
    /// `boxes[id] = ([a, b] on the stab axis, [lo, hi] on the other axis)`.
    pub fn new(boxes: &[([f64; 2], [f64; 2])]) -> StabIndex {
        let mut coords: Vec<f64> = boxes.iter().filter(|b| b.0[0] < b.0[1]).flat_map(|b| b.0).collect();
        crate::sort::by(&mut coords, f64::total_cmp);
        coords.dedup();
        let leaves = coords.len().saturating_sub(1);
        let size = leaves.next_power_of_two();
        let mut nodes: Vec<Vec<Entry>> = vec![Vec::new(); 2 * size];
        let slot = |v: f64| coords.partition_point(|&c| c < v);
        for (id, &([a, b], [lo, hi])) in boxes.iter().enumerate() {
            if a >= b {
                continue;
            }
            let entry = Entry { lo, hi, reach: hi, id: id as u32 };
            // Leaves [slot(a), slot(b)) are covered; the usual bottom-up walk stores the box in
            // the nodes that cover that range exactly.
            let (mut l, mut r) = (slot(a) + size, slot(b) + size);
            while l < r {
                if l & 1 == 1 {
                    nodes[l].push(entry);
                    l += 1;
                }
                if r & 1 == 1 {
                    r -= 1;
                    nodes[r].push(entry);
                }
                l >>= 1;
                r >>= 1;
            }
        }
        for list in &mut nodes {
            crate::sort::by(list, |x, y| x.lo.total_cmp(&y.lo).then(x.id.cmp(&y.id)));
            let mut reach = f64::NEG_INFINITY;
            for e in list.iter_mut() {
                reach = reach.max(e.hi);
                e.reach = reach;
            }
        }
        StabIndex { coords, size, nodes }
    }

    /// Calls `f(id)` for every box whose stab extent contains `at` and whose other extent meets
    /// `[lo, hi]` (see the module doc for duplicates).
    pub fn query(&self, at: f64, lo: f64, hi: f64, mut f: impl FnMut(usize)) {
        let k = self.coords.len();
        if k < 2 || !(at >= self.coords[0] && at <= self.coords[k - 1]) {
            return;
        }
        // The leaf whose interval holds `at`; on an endpoint shared by two leaves, both.
        let right = self.coords.partition_point(|&c| c <= at).saturating_sub(1).min(k - 2);
        let left = if right > 0 && self.coords[right] == at { right - 1 } else { right };
        let (mut p, mut q) = (left + self.size, right + self.size);
        while p >= 1 {
            self.scan(p, lo, hi, &mut f);
            if q != p {
                self.scan(q, lo, hi, &mut f);
            }
            p >>= 1;
            q >>= 1;
        }
    }

    fn scan(&self, node: usize, lo: f64, hi: f64, f: &mut impl FnMut(usize)) {
        let list = &self.nodes[node];
        let start = list.partition_point(|e| e.reach < lo);
        for e in &list[start..] {
            if e.lo > hi {
                break;
            }
            if e.hi >= lo {
                f(e.id as usize);
            }
        }
    }

    /// Entries stored over all nodes (the O(n log n) bound, for tests).
    #[cfg(test)]
    fn stored(&self) -> usize {
        self.nodes.iter().map(Vec::len).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The answer by brute force: every box whose closed extents meet the query.
    fn brute(boxes: &[([f64; 2], [f64; 2])], at: f64, lo: f64, hi: f64) -> Vec<usize> {
        (0..boxes.len()).filter(|&i| {
            let ([a, b], [l, h]) = boxes[i];
            a < b && a <= at && at <= b && l <= hi && h >= lo
        }).collect()
    }

    fn answer(ix: &StabIndex, at: f64, lo: f64, hi: f64) -> Vec<usize> {
        let mut v = Vec::new();
        ix.query(at, lo, hi, |i| v.push(i));
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn same_answers_as_brute_force() {
        // Pseudo-random boxes on a coarse grid, so endpoints coincide often (the shared-endpoint
        // case), some empty or reversed.
        let mut rng = crate::rng::Rng(7);
        let mut next = |m: usize| rng.below_f64(m);
        for round in 0..40 {
            let n = 1 + round * 3;
            let boxes: Vec<([f64; 2], [f64; 2])> = (0..n)
                .map(|_| {
                    let (a, w, l, h) = (next(30), next(8), next(30), next(8));
                    ([a, a + w - 1.0], [l, l + h])
                })
                .collect();
            let ix = StabIndex::new(&boxes);
            for _ in 0..60 {
                let (at, lo, len) = (next(40) - 2.0, next(40) - 2.0, next(10));
                assert_eq!(answer(&ix, at, lo, lo + len), brute(&boxes, at, lo, lo + len), "{boxes:?} at {at} [{lo}, {}]", lo + len);
            }
        }
    }

    #[test]
    fn empty_and_outside() {
        let ix = StabIndex::new(&[]);
        assert!(answer(&ix, 0.0, 0.0, 1.0).is_empty());
        let ix = StabIndex::new(&[([1.0, 1.0], [0.0, 5.0])]);
        assert!(answer(&ix, 1.0, 0.0, 5.0).is_empty());
        let ix = StabIndex::new(&[([1.0, 2.0], [0.0, 5.0])]);
        assert!(answer(&ix, 0.5, 0.0, 5.0).is_empty());
        assert!(answer(&ix, 2.5, 0.0, 5.0).is_empty());
        assert_eq!(answer(&ix, 2.0, 5.0, 9.0), vec![0]);
    }

    /// A column of boxes (one layer): a stab through the column finds only the boxes in the
    /// queried band, and the index stores O(n log n) entries.
    #[test]
    fn a_column_answers_only_the_band() {
        let n = 4096;
        let boxes: Vec<([f64; 2], [f64; 2])> =
            (0..n).map(|i| ([100.0 - (i % 7) as f64, 260.0 + (i % 5) as f64], [i as f64 * 50.0, i as f64 * 50.0 + 40.0])).collect();
        let ix = StabIndex::new(&boxes);
        let mut calls = 0;
        ix.query(180.0, 1000.0, 1100.0, |_| calls += 1);
        assert!(calls <= 3 * 12, "{calls} callbacks for a band of 3 boxes");
        assert_eq!(answer(&ix, 180.0, 1000.0, 1100.0), vec![20, 21, 22]);
        assert!(ix.stored() <= n * 2 * 14, "{} entries", ix.stored());
    }
}
