//! p2 — layering.
//!
//! Contract: given an acyclic edge list over `n` nodes, returns a layer number per node such that
//! every edge `u → v` has `layer[u] < layer[v]` (referenced tables left of the tables that
//! reference them), the smallest layer is 0, and every node is at most `n - 1`.
//!
//! Strategy: longest path from the sources (a node sits one layer right of its furthest
//! predecessor), then a promotion pass in reverse topological order that moves a node with more
//! out-edges than in-edges right, next to its nearest successor — this pulls "hub" tables such as
//! `users` close to the many tables that reference them instead of leaving them all in layer 0.
//! Finally [`balance`] caps the number of tables per layer: while a layer holds more than `cap`
//! tables, tables that can move one layer right without breaking an edge (all their successors
//! are further right; sinks always can) move there, fewest in-edges first. Real schemas have a few
//! hubs referenced by most tables, which otherwise puts most tables in one enormous layer; the cap
//! trades a few longer edges for a drawing closer to a rectangle. The cap depends only on the
//! table count, so editing columns never changes it.
//! O(n + m) per layer, deterministic (Kahn's algorithm with the lowest-index ready node first).

use super::dag::DagEdge;
use std::collections::BinaryHeap;
use std::cmp::Reverse;

pub fn run(n: usize, edges: &[DagEdge], cap: usize) -> Vec<u32> {
    let mut indeg = vec![0usize; n];
    let mut outdeg = vec![0usize; n];
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        if e.u >= n || e.v >= n || e.u == e.v {
            continue;
        }
        indeg[e.v] += 1;
        outdeg[e.u] += 1;
        succ[e.u].push(e.v);
        pred[e.v].push(e.u);
    }
    // Topological order, lowest index first among ready nodes.
    let mut deg = indeg.clone();
    let mut heap: BinaryHeap<Reverse<usize>> = (0..n).filter(|&i| deg[i] == 0).map(Reverse).collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(Reverse(x)) = heap.pop() {
        topo.push(x);
        for &y in &succ[x] {
            deg[y] -= 1;
            if deg[y] == 0 {
                heap.push(Reverse(y));
            }
        }
    }
    // A cycle slipped through (should not happen after p1): append the rest in index order.
    if topo.len() < n {
        let mut placed = vec![false; n];
        for &t in &topo {
            placed[t] = true;
        }
        topo.extend((0..n).filter(|&i| !placed[i]));
    }
    let mut pos = vec![0usize; n];
    for (i, &t) in topo.iter().enumerate() {
        pos[t] = i;
    }

    let mut layer = vec![0u32; n];
    for &x in &topo {
        for &p in &pred[x] {
            if pos[p] < pos[x] {
                layer[x] = layer[x].max(layer[p] + 1);
            }
        }
    }
    // Promotion: pull nodes right towards their successors when that shortens more edges than
    // it lengthens.
    for &x in topo.iter().rev() {
        if outdeg[x] > indeg[x] {
            let min_succ = succ[x].iter().filter(|&&s| pos[s] > pos[x]).map(|&s| layer[s]).min();
            if let Some(ms) = min_succ {
                if ms > layer[x] + 1 {
                    layer[x] = ms - 1;
                }
            }
        }
    }
    let min = layer.iter().copied().min().unwrap_or(0);
    for l in &mut layer {
        *l -= min;
    }
    balance(&mut layer, &succ, &pred, cap);
    layer
}

/// Most layers the cap may spread a component over (see [`auto_cap`]).
pub const MAX_BALANCED_LAYERS: usize = 16;

/// The default cap for a component of `n` tables: about 5√n, at least 6, and at least
/// n / [`MAX_BALANCED_LAYERS`]. Every layer a long edge spans costs it a dummy node in p3–p5, so
/// spreading a star of n tables over √n/3 layers made ≈ n·√n/6 dummies (50,000 references to one
/// table: 1.9 million, and the ERD time grew 30-fold for 10× the input); with at most 16 balanced
/// layers the dummies stay ≤ 8n. Components up to 6,400 tables keep the 5√n cap. (It was 3√n until
/// the ELK comparison showed the long edges it made cost most of our extra bends and crossings
/// on the largest schemas: 5√n cut MusicBrainz from 3,128 to 2,160 bends and 41,336 to 30,980
/// crossings, its area still 0.37 of ELK's; `benches/erd_elk_results.md`.)
pub fn auto_cap(n: usize) -> usize {
    (((n as f64) * 25.0).sqrt().ceil() as usize).max(6).max(n.div_ceil(MAX_BALANCED_LAYERS))
}

/// Moves tables right until no layer holds more than `cap` (see module doc).
pub fn balance(layer: &mut [u32], succ: &[Vec<usize>], pred: &[Vec<usize>], cap: usize) {
    let n = layer.len();
    if cap == 0 || n <= cap {
        return;
    }
    let mut members: Vec<Vec<usize>> = Vec::new();
    for (v, &lv) in layer.iter().enumerate() {
        let l = lv as usize;
        if members.len() <= l {
            members.resize(l + 1, Vec::new());
        }
        members[l].push(v);
    }
    let mut l = 0;
    while l < members.len() {
        if members[l].len() > cap {
            let mut movable: Vec<usize> = members[l]
                .iter()
                .copied()
                .filter(|&v| succ[v].iter().all(|&s| layer[s] as usize > l + 1))
                .collect();
            crate::sort::by_key(&mut movable, |&v| (pred[v].len(), !succ[v].is_empty(), std::cmp::Reverse(v)));
            let excess = members[l].len() - cap;
            let moving: Vec<usize> = movable.into_iter().take(excess).collect();
            if !moving.is_empty() {
                if members.len() <= l + 1 {
                    members.push(Vec::new());
                }
                for &v in &moving {
                    layer[v] = l as u32 + 1;
                }
                // the ones moved now carry layer l + 1 (a lookup, not a scan of `moving` per
                // member: a 50,000-table star was cubic here)
                members[l].retain(|&v| layer[v] as usize == l);
                members[l + 1].extend(moving);
                members[l + 1].sort_unstable();
            }
        }
        l += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::Port;

    fn e(u: usize, v: usize) -> DagEdge {
        DagEdge { u, v, u_port: Port::DUMMY, v_port: Port::DUMMY, id: 0 }
    }

    #[test]
    fn edges_point_right() {
        let edges = vec![e(0, 1), e(1, 2), e(0, 2), e(3, 2)];
        let l = run(4, &edges, 0);
        for x in &edges {
            assert!(l[x.u] < l[x.v]);
        }
        assert_eq!(l[0], 0);
        // 3 only feeds 2 (layer 2): promoted next to it.
        assert_eq!(l[3], l[2] - 1);
    }

    #[test]
    fn cap_spreads_a_star() {
        // One hub referenced by 20 leaves: with a cap of 6 the leaves spread over 4 layers.
        let edges: Vec<DagEdge> = (1..21).map(|v| e(0, v)).collect();
        let l = run(21, &edges, 6);
        for x in &edges {
            assert!(l[x.u] < l[x.v]);
        }
        for layer in 1..=4 {
            assert!(l.iter().filter(|&&k| k == layer).count() <= 6);
        }
        assert_eq!(*l.iter().max().unwrap(), 4);
    }

    /// The cap never spreads a star over more than [`MAX_BALANCED_LAYERS`] layers, so the dummy
    /// nodes its long edges need grow linearly (an operation count, not a timing): 10× the leaves
    /// gives 10× the dummies. With the 3√n cap alone it gave 31×.
    #[test]
    fn a_star_needs_linearly_many_dummies() {
        let dummies = |n: usize| -> usize {
            let edges: Vec<DagEdge> = (1..=n).map(|v| e(0, v)).collect();
            let l = run(n + 1, &edges, auto_cap(n + 1));
            assert!(*l.iter().max().unwrap() as usize <= MAX_BALANCED_LAYERS + 1);
            edges.iter().map(|x| (l[x.v] - l[x.u] - 1) as usize).sum()
        };
        let (small, big) = (dummies(5_000), dummies(50_000));
        assert!(big <= 12 * small, "{small} dummies for 5,000 leaves, {big} for 50,000");
        assert!(big <= 8 * 50_000, "{big}");
    }

    /// Up to 6,400 tables the cap is 5√n (real schemas keep it).
    #[test]
    fn cap_unchanged_for_real_sizes() {
        for n in [1, 10, 100, 1_000, 6_400] {
            assert_eq!(auto_cap(n), (((n as f64) * 25.0).sqrt().ceil() as usize).max(6));
        }
        assert!(auto_cap(20_000) > (((20_000f64) * 25.0).sqrt().ceil() as usize));
    }

    #[test]
    fn empty_and_single() {
        assert!(run(0, &[], 0).is_empty());
        assert_eq!(run(1, &[], 0), vec![0]);
    }
}
