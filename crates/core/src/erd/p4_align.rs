//! p4 (part) — Brandes–Köpf alignment with ports: straight-edge candidates for p4.
//!
//! Contract: [`place`] returns, for one of the four BK directions (layers left→right or
//! right→left × order top→bottom or bottom→top), the top y of every node of the proper layered
//! graph such that each layer keeps its p3 order and the separation of
//! [`super::p4_placement::run`] (box height plus gap), and every *aligned* segment runs exactly
//! straight (`y[a] + port(a) == y[b] + port(b)`). `None` when the blocks' constraints do not form
//! a DAG (never expected; the caller then keeps its own placement).
//!
//! Strategy (Brandes & Köpf 2001, with ports): in the direction's layer order, each node is aligned
//! with the median of its neighbours in the previous layer, ordered by (position, port row), unless
//! that would cross an alignment made just above it in the same layer or the segment crosses an
//! inner segment (dummy → dummy: long edges keep priority, "type 1 conflicts"). Aligned nodes form
//! blocks whose members sit at fixed offsets from the block's root (the port rows differ). Unlike
//! BK's compaction towards one side, blocks are then placed in topological order of the block
//! graph (separation constraints between layer neighbours), each as near its preferred y (the
//! caller's placement) as its placed neighbours and the room left below it allow, so the drawing
//! keeps the caller's balance and is no taller than the caller's or the compact one.
//! O(n + m) per direction, deterministic.

use super::p3_crossing::Layered;
use super::p4_placement::{gap, Spacing};

/// Segments crossing an inner segment (dummy → dummy) of the same layer pair.
fn type1_conflicts(l: &Layered, pos: &[usize]) -> Vec<bool> {
    let mut marked = vec![false; l.segs.len()];
    for li in 1..l.layers.len() {
        let upper_len = l.layers[li - 1].len();
        let layer = &l.layers[li];
        let (mut k0, mut start) = (0usize, 0usize);
        for (i, &v) in layer.iter().enumerate() {
            let inner = if l.is_dummy(v) { l.in_segs[v].iter().copied().find(|&s| l.is_dummy(l.segs[s].a)) } else { None };
            if inner.is_none() && i + 1 < layer.len() {
                continue;
            }
            let k1 = inner.map(|s| pos[l.segs[s].a]).unwrap_or(upper_len.saturating_sub(1));
            for &w in &layer[start..=i] {
                for &s in &l.in_segs[w] {
                    let k = pos[l.segs[s].a];
                    if k < k0 || k > k1 {
                        marked[s] = true;
                    }
                }
            }
            start = i + 1;
            k0 = k1;
        }
    }
    marked
}

/// Blocks of one direction: each node's root and its y offset from the root.
fn align(l: &Layered, pos: &[usize], marked: &[bool], ltr: bool, ttb: bool) -> (Vec<usize>, Vec<f64>) {
    let n = l.node_count();
    let mut root: Vec<usize> = (0..n).collect();
    let mut rel = vec![0.0f64; n];
    let nl = l.layers.len();
    let order: Vec<usize> = if ltr { (1..nl).collect() } else { (0..nl.saturating_sub(1)).rev().collect() };
    let mut nb: Vec<(u64, usize)> = Vec::new();
    for li in order {
        let layer = &l.layers[li];
        let other = if ltr { l.layers[li - 1].len() } else { l.layers[li + 1].len() };
        let dpos = |p: usize| if ttb { p as i64 } else { other as i64 - 1 - p as i64 };
        let mut r: i64 = -1;
        for k in 0..layer.len() {
            let v = layer[if ttb { k } else { layer.len() - 1 - k }];
            nb.clear();
            let segs = if ltr { &l.in_segs[v] } else { &l.out_segs[v] };
            for &s in segs {
                let sg = &l.segs[s];
                let (u, up) = if ltr { (sg.a, sg.a_port) } else { (sg.b, sg.b_port) };
                nb.push((((pos[u] as u64) << 12) | up.rank.min(4095) as u64, s));
            }
            if nb.is_empty() {
                continue;
            }
            nb.sort_unstable();
            if !ttb {
                nb.reverse();
            }
            let d = nb.len();
            let meds = if d % 2 == 1 { [(d - 1) / 2, (d - 1) / 2] } else { [d / 2 - 1, d / 2] };
            for m in meds {
                let s = nb[m].1;
                let sg = &l.segs[s];
                let (u, off_u, off_v) =
                    if ltr { (sg.a, sg.a_port.offset, sg.b_port.offset) } else { (sg.b, sg.b_port.offset, sg.a_port.offset) };
                if marked[s] || dpos(pos[u]) <= r {
                    continue;
                }
                root[v] = root[u];
                rel[v] = rel[u] + off_u - off_v;
                r = dpos(pos[u]);
                break;
            }
        }
    }
    (root, rel)
}

/// Places the blocks: each as near its preferred y (the mean of `pref` over its members) as the
/// separation constraints allow, within the height of the top-justified compaction or of `pref`,
/// whichever is taller. y with minimum 0, and the top-justified compaction's height.
fn compact(l: &Layered, heights: &[f64], s: &Spacing, root: &[usize], rel: &[f64], pref: &[f64]) -> Option<(Vec<f64>, f64)> {
    let n = l.node_count();
    // y[x] = z[root x] + rel[x]; a constraint (b, c, need): z[c] >= z[b] + need.
    let mut adj: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    let mut indeg = vec![0usize; n];
    for layer in &l.layers {
        for k in 1..layer.len() {
            let (w, v) = (layer[k - 1], layer[k]);
            let need = rel[w] + heights[w] + gap(l, w, v, s) - rel[v];
            let (rw, rv) = (root[w], root[v]);
            if rw == rv {
                return None;
            }
            adj[rw].push((rv, need));
            indeg[rv] += 1;
        }
    }
    let is_root = |v: usize| root[v] == v;
    // Topological order of the blocks.
    let mut topo = Vec::with_capacity(n);
    let mut ready: Vec<usize> = (0..n).rev().filter(|&v| is_root(v) && indeg[v] == 0).collect();
    while let Some(b) = ready.pop() {
        topo.push(b);
        for &(c, _) in &adj[b] {
            indeg[c] -= 1;
            if indeg[c] == 0 {
                ready.push(c);
            }
        }
    }
    if topo.len() < (0..n).filter(|&v| is_root(v)).count() {
        return None;
    }
    // Per block: lowest z keeping its members at y >= 0, highest keeping them inside the height,
    // and the preferred z.
    let (mut lo, mut top_room, mut want, mut members) = (vec![f64::NEG_INFINITY; n], vec![f64::INFINITY; n], vec![0.0f64; n], vec![0.0f64; n]);
    for x in 0..n {
        let b = root[x];
        lo[b] = lo[b].max(-rel[x]);
        top_room[b] = top_room[b].min(-rel[x] - heights[x]);
        want[b] += pref[x] - rel[x];
        members[b] += 1.0;
    }
    for &b in &topo {
        for &(c, need) in &adj[b] {
            lo[c] = lo[c].max(lo[b] + need);
        }
    }
    // Every member sits at y >= 0 (`lo`), so this is the compaction's height.
    let tight = (0..n).map(|x| lo[root[x]] + rel[x] + heights[x]).fold(0.0, f64::max);
    let height = (0..n).map(|x| pref[x] + heights[x]).fold(tight, f64::max);
    let mut hi: Vec<f64> = (0..n).map(|b| height + top_room[b]).collect();
    for &b in topo.iter().rev() {
        for &(c, need) in &adj[b] {
            hi[b] = hi[b].min(hi[c] - need);
        }
    }
    let mut z = vec![0.0f64; n];
    let mut floor = lo.clone();
    for &b in &topo {
        // Whole units (port rows are whole offsets, so aligned segments stay exactly straight).
        z[b] = (want[b] / members[b].max(1.0)).min(hi[b]).round().max(floor[b].ceil());
        for &(c, need) in &adj[b] {
            floor[c] = floor[c].max(z[b] + need);
        }
    }
    let mut y: Vec<f64> = (0..n).map(|x| z[root[x]] + rel[x]).collect();
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in &mut y {
            *v = (*v - min).round();
        }
    }
    Some((y, tight))
}

/// The placement of one BK direction (see the module doc), blocks as near `pref` as they fit, and
/// the height of the direction's alignment compacted to the top (what Brandes–Köpf itself, as in
/// ELK, would draw).
pub fn place(l: &Layered, heights: &[f64], s: &Spacing, ltr: bool, ttb: bool, pref: &[f64]) -> Option<(Vec<f64>, f64)> {
    let mut pos = vec![0usize; l.node_count()];
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    let marked = type1_conflicts(l, &pos);
    let (root, rel) = align(l, &pos, &marked, ltr, ttb);
    compact(l, heights, s, &root, &rel, pref)
}

/// Segments of the placement that do not run straight (each costs its edge two bends).
pub fn bent_segments(l: &Layered, y: &[f64]) -> usize {
    l.segs.iter().filter(|sg| (y[sg.a] + sg.a_port.offset - y[sg.b] - sg.b_port.offset).abs() >= 0.5).count()
}

/// Total vertical run of the segments (Σ |Δy| between their two ports).
pub fn vertical_run(l: &Layered, y: &[f64]) -> f64 {
    l.segs.iter().map(|sg| (y[sg.a] + sg.a_port.offset - y[sg.b] - sg.b_port.offset).abs()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::{Dag, DagEdge, Port};
    use crate::erd::p3_crossing;

    /// Every direction keeps order and separation, and aligns a simple chain exactly straight.
    #[test]
    fn aligned_chain_is_straight_and_separation_holds() {
        // 0 → 1 → 2 (a chain through three layers) and 3 → 1 (another in-edge of 1); (u, v, rows).
        let row = |r: u32| Port { offset: 28.0 + 20.0 * r as f64, rank: r };
        let edges = [(0, 1, 1, 3), (1, 2, 0, 2), (3, 1, 2, 1)]
            .iter()
            .enumerate()
            .map(|(id, &(u, v, ru, rv))| DagEdge { u, v, u_port: row(ru), v_port: row(rv), id })
            .collect();
        let dag = Dag { sizes: vec![(100.0, 100.0); 4], edges, loops: vec![] };
        let mut l = p3_crossing::build(&dag, &[0, 1, 2, 0]);
        p3_crossing::run(&mut l, 4);
        let h = vec![120.0; l.node_count()];
        let s = Spacing::default();
        for (ltr, ttb) in [(true, true), (true, false), (false, true), (false, false)] {
            let (y, _) = place(&l, &h, &s, ltr, ttb, &vec![0.0; l.node_count()]).expect("blocks form a DAG");
            for layer in &l.layers {
                for k in 1..layer.len() {
                    assert!(y[layer[k]] >= y[layer[k - 1]] + h[layer[k - 1]] + gap(&l, layer[k - 1], layer[k], &s) - 0.01);
                }
            }
            assert_eq!(y.iter().copied().fold(f64::INFINITY, f64::min), 0.0);
            // Two of the three segments can be straight; BK gets both in every direction.
            assert_eq!(bent_segments(&l, &y), 1, "{ltr} {ttb}: {y:?}");
        }
    }
}
