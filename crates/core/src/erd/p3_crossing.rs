//! p3 — crossing minimisation with ports.
//!
//! Contract: [`build`] turns a layered DAG into a *proper* layered graph: every edge spanning
//! more than one layer is split by one dummy node per layer it passes, so each [`Seg`] joins
//! adjacent layers; real nodes keep their DAG index, dummies are numbered after them. [`run`] then
//! permutes each layer to reduce crossings and leaves the best order found in `layers`.
//!
//! Ports: a segment leaves its left node at the row of its column and enters its right node at the
//! row of its column ([`Port`]); a node's sort key in a barycenter sweep is the mean of
//! `position + port key` of its neighbours, and crossings are counted between ports, not node
//! centres, so two edges leaving rows 1 and 5 of one table towards tables in the opposite order
//! count as a crossing.
//!
//! Strategy: initial order by depth-first search (nodes by layer, then index), then alternating
//! downward/upward barycenter sweeps, each followed by a transpose pass (swap neighbours while that
//! removes crossings, as in dot), keeping the order with the fewest crossings; stop after four
//! sweeps without 0.5 % improvement (at most [`LARGE_GRAPH_SWEEPS`] sweeps in a graph larger than
//! [`LARGE_GRAPH`]). Components of at most 50 tables then restart the
//! search from shuffled orders (as ELK's layer sweep does) within a fixed work budget, keeping a
//! restart's order only for a clear gain; restarts alternate the first sweep's direction, and in
//! components of at most [`THOROUGH_MAX_TABLES`] tables the kept order is then sifted. Crossings
//! are counted per layer pair with a Fenwick tree
//! (`p3_count`): O(m log m) per sweep.

use super::dag::{Dag, Port};
use super::p3_count::Counter;

/// A segment of an edge between adjacent layers (`a` in layer L, `b` in layer L+1).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seg {
    pub a: usize,
    pub b: usize,
    pub a_port: Port,
    pub b_port: Port,
    /// Index into `Dag::edges`.
    pub edge: usize,
}

/// A proper layered graph.
#[derive(Clone, Debug, Default)]
pub struct Layered {
    /// Layer of each node (real nodes `0..n_real`, then dummies).
    pub layer_of: Vec<u32>,
    pub n_real: usize,
    /// Node ids per layer, in order (top to bottom).
    pub layers: Vec<Vec<usize>>,
    pub segs: Vec<Seg>,
    /// Per DAG edge, its segments left to right.
    pub chains: Vec<Vec<usize>>,
    /// Per node, segments leaving to the right / entering from the left.
    pub out_segs: Vec<Vec<usize>>,
    pub in_segs: Vec<Vec<usize>>,
}

impl Layered {
    pub fn is_dummy(&self, node: usize) -> bool {
        node >= self.n_real
    }
    pub fn node_count(&self) -> usize {
        self.layer_of.len()
    }
}

pub fn build(dag: &Dag, layer: &[u32]) -> Layered {
    let n = dag.sizes.len();
    let mut l = Layered { layer_of: layer.to_vec(), n_real: n, ..Default::default() };
    l.chains = vec![Vec::new(); dag.edges.len()];
    for (ei, e) in dag.edges.iter().enumerate() {
        let (lu, lv) = (layer[e.u], layer[e.v]);
        let mut prev = e.u;
        let mut prev_port = e.u_port;
        for k in lu + 1..lv {
            let d = l.layer_of.len();
            l.layer_of.push(k);
            l.chains[ei].push(l.segs.len());
            l.segs.push(Seg { a: prev, b: d, a_port: prev_port, b_port: Port::DUMMY, edge: ei });
            prev = d;
            prev_port = Port::DUMMY;
        }
        l.chains[ei].push(l.segs.len());
        l.segs.push(Seg { a: prev, b: e.v, a_port: prev_port, b_port: e.v_port, edge: ei });
    }
    let total = l.layer_of.len();
    l.out_segs = vec![Vec::new(); total];
    l.in_segs = vec![Vec::new(); total];
    for (si, s) in l.segs.iter().enumerate() {
        l.out_segs[s.a].push(si);
        l.in_segs[s.b].push(si);
    }
    // Ports leaving one node in row order, so DFS visits top rows first.
    for v in 0..total {
        let segs = &l.segs;
        crate::sort::by_key(&mut l.out_segs[v], |&s| (segs[s].a_port.rank, s));
    }
    let nlayers = l.layer_of.iter().map(|&x| x as usize + 1).max().unwrap_or(0);
    l.layers = vec![Vec::new(); nlayers];
    // Initial order: DFS from real nodes by (layer, index).
    let mut starts: Vec<usize> = (0..n).collect();
    crate::sort::by_key(&mut starts, |&v| (layer[v], v));
    let mut seen = vec![false; total];
    let mut stack = Vec::new();
    for s in starts {
        if seen[s] {
            continue;
        }
        stack.push(s);
        while let Some(v) = stack.pop() {
            if seen[v] {
                continue;
            }
            seen[v] = true;
            l.layers[l.layer_of[v] as usize].push(v);
            for &si in l.out_segs[v].iter().rev() {
                let b = l.segs[si].b;
                if !seen[b] {
                    stack.push(b);
                }
            }
        }
    }
    l
}

fn positions(l: &Layered) -> Vec<usize> {
    let mut pos = vec![0usize; l.node_count()];
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            pos[v] = i;
        }
    }
    pos
}

/// Total port-level crossings of the current order.
pub fn count_crossings(l: &Layered) -> u64 {
    Counter::new(l).count(l)
}

/// What a search reuses from sweep to sweep and restart to restart (no allocation per sweep).
struct Work {
    counter: Counter,
    pos: Vec<usize>,
    keyed: Vec<(f64, usize, usize)>,
    /// Per position in the layer being transposed: sorted keys of the node's left / right ends.
    ins: Vec<Vec<u64>>,
    outs: Vec<Vec<u64>>,
    /// The best order a search has found so far.
    best_layers: Vec<Vec<usize>>,
    /// Whether the next search starts with an upward sweep: restarts alternate, so a node placed
    /// only by the layers right of it (a table referenced from further right) is not always
    /// placed last.
    first_up: bool,
    /// One layer's nodes in the order a sifting pass visits them.
    nodes: Vec<usize>,
}

impl Work {
    fn new(l: &Layered) -> Work {
        let counter = Counter::new(l);
        Work { counter, pos: positions(l), keyed: Vec::new(), ins: Vec::new(), outs: Vec::new(), best_layers: Vec::new(), first_up: false, nodes: Vec::new() }
    }
}

fn sweep(l: &mut Layered, w: &mut Work, down: bool) {
    let nl = l.layers.len();
    let (pos, keyed) = (&mut w.pos, &mut w.keyed);
    for k in 0..nl.saturating_sub(1) {
        let li = if down { k + 1 } else { nl - 2 - k };
        let neigh_len = if down { l.layers[li - 1].len() } else { l.layers[li + 1].len() }.max(1) as f64;
        let own_len = l.layers[li].len().max(1) as f64;
        keyed.clear();
        for &v in &l.layers[li] {
            let (mut sum, mut cnt) = (0.0, 0.0);
            if down {
                for &si in &l.in_segs[v] {
                    let s = &l.segs[si];
                    sum += (pos[s.a] as f64 + s.a_port.key()) / neigh_len;
                    cnt += 1.0;
                }
            } else {
                for &si in &l.out_segs[v] {
                    let s = &l.segs[si];
                    sum += (pos[s.b] as f64 + s.b_port.key()) / neigh_len;
                    cnt += 1.0;
                }
            }
            let key = if cnt > 0.0 { sum / cnt } else { (pos[v] as f64 + 0.5) / own_len };
            keyed.push((key, pos[v], v));
        }
        // (key, position) is unique per node, so the unstable sort gives the stable order.
        keyed.sort_unstable_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
        for (i, k) in keyed.iter().enumerate() {
            l.layers[li][i] = k.2;
            pos[k.2] = i;
        }
    }
}

/// For sorted `a` (edges of the upper node) and `b` (of the lower node): crossings with the upper
/// node above (pairs `a > b`) and with the order swapped (pairs `a < b`).
fn cross_sorted(a: &[u64], b: &[u64]) -> (u64, u64) {
    let (mut above, mut swapped) = (0u64, 0u64);
    let (mut lt, mut le) = (0usize, 0usize);
    for &x in a {
        while lt < b.len() && b[lt] < x {
            lt += 1;
        }
        while le < b.len() && b[le] <= x {
            le += 1;
        }
        above += lt as u64;
        swapped += (b.len() - le) as u64;
    }
    (above, swapped)
}

/// For each node of layer `li`, by its position: the sorted keys (neighbour's position, port rank)
/// of its left ends (`ins`) and right ends (`outs`), what [`transpose`] and [`sift`] compare.
fn neighbour_keys(l: &Layered, li: usize, pos: &[usize], ins: &mut Vec<Vec<u64>>, outs: &mut Vec<Vec<u64>>) {
    let key = |p: usize, port: Port| ((pos[p] as u64) << 12) | port.rank.min(4095) as u64;
    let len = l.layers[li].len();
    ins.resize(len.max(ins.len()), Vec::new());
    outs.resize(len.max(outs.len()), Vec::new());
    for (i, &v) in l.layers[li].iter().enumerate() {
        ins[i].clear();
        ins[i].extend(l.in_segs[v].iter().map(|&s| key(l.segs[s].a, l.segs[s].a_port)));
        ins[i].sort_unstable();
        outs[i].clear();
        outs[i].extend(l.out_segs[v].iter().map(|&s| key(l.segs[s].b, l.segs[s].b_port)));
        outs[i].sort_unstable();
    }
}

/// Swaps adjacent nodes while that removes crossings (at most `passes` passes over all layers).
/// The neighbour layers do not change while one layer is processed, so each node's sorted
/// neighbour keys are computed once per layer and a pair is compared in O(deg u + deg v).
fn transpose(l: &mut Layered, w: &mut Work, passes: usize) {
    let Work { pos, ins, outs, .. } = w;
    for _ in 0..passes {
        let mut improved = false;
        for li in 0..l.layers.len() {
            let len = l.layers[li].len();
            if len < 2 {
                continue;
            }
            neighbour_keys(l, li, pos, ins, outs);
            for i in 0..len - 1 {
                let (a1, b1) = cross_sorted(&ins[i], &ins[i + 1]);
                let (a2, b2) = cross_sorted(&outs[i], &outs[i + 1]);
                if b1 + b2 < a1 + a2 {
                    let (u, v) = (l.layers[li][i], l.layers[li][i + 1]);
                    l.layers[li].swap(i, i + 1);
                    ins.swap(i, i + 1);
                    outs.swap(i, i + 1);
                    pos[u] = i + 1;
                    pos[v] = i;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
}

/// Moves each node of each layer to the slot of its layer with the fewest crossings with its two
/// neighbour layers, the others keeping their order (sifting, Matuszewski, Schönfeld & Molitor);
/// returns whether a move removed crossings. A node moves only for a strict gain. Transpose only
/// swaps neighbours while that gains, so a node that must pass two others to gain stays; sifting
/// finds it. O(layer length × the layer's segments) per layer: small components only.
fn sift(l: &mut Layered, w: &mut Work) -> bool {
    let Work { pos, ins, outs, nodes, .. } = w;
    let mut improved = false;
    for li in 0..l.layers.len() {
        let len = l.layers[li].len();
        if len < 2 {
            continue;
        }
        neighbour_keys(l, li, pos, ins, outs);
        nodes.clear();
        nodes.extend_from_slice(&l.layers[li]);
        for &v in nodes.iter() {
            let at = pos[v];
            // Crossings of v at each slot relative to the top slot: passing u adds
            // (u above v) - (v above u).
            let (mut run, mut best, mut best_slot, mut here) = (0i64, 0i64, 0usize, 0i64);
            for j in 0..len {
                if j == at {
                    here = run;
                    continue;
                }
                let (v_above_i, u_above_i) = cross_sorted(&ins[at], &ins[j]);
                let (v_above_o, u_above_o) = cross_sorted(&outs[at], &outs[j]);
                run += (u_above_i + u_above_o) as i64 - (v_above_i + v_above_o) as i64;
                let slot = if j < at { j + 1 } else { j };
                if run < best {
                    best = run;
                    best_slot = slot;
                }
            }
            if best >= here || best_slot == at {
                continue;
            }
            improved = true;
            let layer = &mut l.layers[li];
            let (lo, hi) = (best_slot.min(at), best_slot.max(at));
            if best_slot < at {
                layer[lo..=hi].rotate_right(1);
                ins[lo..=hi].rotate_right(1);
                outs[lo..=hi].rotate_right(1);
            } else {
                layer[lo..=hi].rotate_left(1);
                ins[lo..=hi].rotate_left(1);
                outs[lo..=hi].rotate_left(1);
            }
            for (i, &u) in layer.iter().enumerate().take(hi + 1).skip(lo) {
                pos[u] = i;
            }
        }
    }
    improved
}

/// Work budget for restarts, in sweeps × (nodes + segments): a graph of size `s` may spend
/// `RESTART_BUDGET / s` extra sweeps (at most [`MAX_RESTARTS`] searches from shuffled orders).
pub const RESTART_BUDGET: usize = 60_000;
/// Restarts only for components of at most this many tables. Best-of-N is not continuous: in a
/// large diagram, adding a column (a port moves a row) could make another restart win and
/// reorder most boxes (`stable_under_adding_a_column`); large graphs also already beat ELK's
/// crossings with the single search.
pub const RESTART_MAX_TABLES: usize = 50;
pub const MAX_RESTARTS: usize = 16;
/// Components of at most this many tables end their search in a sifting-local optimum ([`sift`]
/// on the kept order, once per layout: at 40–50 tables the restarts already take most of the
/// layout's time and the ≥ 20× goal is closer).
pub const THOROUGH_MAX_TABLES: usize = 24;
/// A restart's order is kept only with fewer than this fraction of the kept order's crossings.
pub const RESTART_GAIN: f64 = 0.85;

/// Graphs of more nodes + segments than this get at most [`LARGE_GRAPH_SWEEPS`] sweeps.
pub const LARGE_GRAPH: usize = 50_000;
/// A large graph's sweep limit: a 20,000-table schema (140,000 nodes + segments) kept gaining
/// 0.5 % per sweep for 12 sweeps where 2,000 tables stopped after 7, so the search's work grew
/// 19× for 10× the tables; with a fixed limit it stays proportional to the graph. Real schemas
/// (the corpus's largest has 375 tables, a few thousand nodes + segments) are far below
/// [`LARGE_GRAPH`] and keep the full search.
pub const LARGE_GRAPH_SWEEPS: usize = 8;

/// The sweeps [`search`] may make in a graph of `size` nodes + segments.
fn sweep_limit(size: usize, max_sweeps: usize) -> usize {
    if size > LARGE_GRAPH {
        max_sweeps.min(LARGE_GRAPH_SWEEPS)
    } else {
        max_sweeps
    }
}

/// Reorders layers to reduce crossings; returns the crossing count of the kept order.
///
/// First from the DFS order of [`build`], then (budget permitting, see [`RESTART_BUDGET`]) from
/// deterministic shuffles of every layer, keeping the order with the fewest crossings.
pub fn run(l: &mut Layered, max_sweeps: usize) -> u64 {
    run_with_alternatives(l, max_sweeps, 0).0
}

/// Orders found by a search but not kept: (crossing count, order), fewest crossings first.
pub type Alternatives = Vec<(u64, Vec<Vec<usize>>)>;

/// [`run`], also returning up to `keep` other orders its restarts found (distinct from the kept
/// one and from each other, fewest p3 crossings first) for a caller that judges the drawn result.
pub fn run_with_alternatives(l: &mut Layered, max_sweeps: usize, keep: usize) -> (u64, Alternatives) {
    let mut alts: Alternatives = Vec::new();
    let best = restarts(l, max_sweeps, &mut alts, keep > 0);
    crate::sort::by_key(&mut alts, |a| a.0);
    let mut out: Alternatives = Vec::new();
    for a in alts {
        if out.len() < keep && a.1 != l.layers && !out.iter().any(|o| o.1 == a.1) {
            out.push(a);
        }
    }
    (best, out)
}

fn restarts(l: &mut Layered, max_sweeps: usize, alts: &mut Alternatives, collect: bool) -> u64 {
    let mut w = Work::new(l);
    let size = l.node_count() + l.segs.len();
    let max_sweeps = sweep_limit(size, max_sweeps);
    let mut best = search(l, &mut w, max_sweeps);
    let mut budget = if l.n_real <= RESTART_MAX_TABLES { RESTART_BUDGET / size.max(1) } else { 0 };
    let mut rng = 0x9E37_79B9_7F4A_7C15u64 ^ size as u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for _ in 0..MAX_RESTARTS {
        let sweeps = budget.min(max_sweeps);
        if best == 0 || sweeps < 2 {
            break;
        }
        budget -= sweeps;
        let kept = l.layers.clone();
        for layer in &mut l.layers {
            for i in (1..layer.len()).rev() {
                layer.swap(i, (next() % (i as u64 + 1)) as usize);
            }
        }
        w.first_up = !w.first_up;
        let c = search(l, &mut w, sweeps);
        // Only a clear gain replaces the order: a small edit (a column added, so a port moves)
        // changes counts by a little and must not flip the drawing to another restart's order.
        if (c as f64) < best as f64 * RESTART_GAIN {
            if collect {
                alts.push((best, kept));
            }
            best = c;
        } else {
            if collect {
                alts.push((c, std::mem::replace(&mut l.layers, kept)));
            } else {
                l.layers = kept;
            }
        }
    }
    if l.n_real <= THOROUGH_MAX_TABLES && best > 0 {
        best = polish(l, &mut w);
    }
    best
}

/// Sweeps from the current order; leaves the best order found in `l.layers` and returns its count.
fn search(l: &mut Layered, w: &mut Work, max_sweeps: usize) -> u64 {
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            w.pos[v] = i;
        }
    }
    let mut best = w.counter.count(l);
    w.best_layers.clone_from(&l.layers);
    let mut stale = 0;
    for it in 0..max_sweeps {
        if best == 0 {
            break;
        }
        sweep(l, w, (it % 2 == 0) != w.first_up);
        transpose(l, w, 1);
        let c = w.counter.count(l);
        // Under 0.5 % better counts as no progress (it keeps the order, but ends the search).
        let progress = (c as f64) < best as f64 * 0.995;
        if c < best {
            best = c;
            w.best_layers.clone_from(&l.layers);
        }
        if progress {
            stale = 0;
        } else {
            stale += 1;
            if stale >= 4 {
                break;
            }
        }
    }
    std::mem::swap(&mut l.layers, &mut w.best_layers);
    best
}

/// Sifts the current order until no node has a better slot (each pass removes crossings, so it
/// ends; at most [`SIFT_PASSES`] passes); returns the order's count.
fn polish(l: &mut Layered, w: &mut Work) -> u64 {
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            w.pos[v] = i;
        }
    }
    for _ in 0..SIFT_PASSES {
        if !sift(l, w) {
            break;
        }
    }
    w.counter.count(l)
}

/// Most sifting passes [`polish`] makes.
const SIFT_PASSES: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::DagEdge;

    fn port(rank: u32) -> Port {
        Port { offset: rank as f64 * 10.0, rank }
    }

    fn dag(n: usize, edges: &[(usize, usize, u32, u32)]) -> Dag {
        Dag {
            sizes: vec![(100.0, 60.0); n],
            edges: edges
                .iter()
                .enumerate()
                .map(|(id, &(u, v, pu, pv))| DagEdge { u, v, u_port: port(pu), v_port: port(pv), id })
                .collect(),
            loops: vec![],
        }
    }

    /// The search's work, sweeps × (nodes + segments), stays within a fixed multiple of the
    /// graph's size however large it grows; graphs up to [`LARGE_GRAPH`] keep every sweep.
    #[test]
    fn sweep_work_is_linear_in_the_graph() {
        for size in [10, 1_000, LARGE_GRAPH] {
            assert_eq!(sweep_limit(size, 24), 24);
        }
        let work = |size: usize| sweep_limit(size, 24) * size;
        for size in [LARGE_GRAPH + 1, 140_000, 1_400_000] {
            assert!(work(10 * size) <= 10 * work(size), "{size}");
            assert!(work(size) <= LARGE_GRAPH_SWEEPS * size);
        }
    }

    #[test]
    fn cross_sorted_counts_both_orders() {
        assert_eq!(cross_sorted(&[1, 5], &[2, 3]), (2, 2));
        assert_eq!(cross_sorted(&[4], &[1, 2, 5]), (2, 1));
        assert_eq!(cross_sorted(&[2], &[2]), (0, 0));
        assert_eq!(cross_sorted(&[], &[1]), (0, 0));
    }

    #[test]
    fn long_edges_get_dummies() {
        let d = dag(3, &[(0, 1, 1, 1), (1, 2, 1, 1), (0, 2, 2, 2)]);
        let l = build(&d, &[0, 1, 2]);
        assert_eq!(l.node_count(), 4);
        assert_eq!(l.chains[2].len(), 2);
        for s in &l.segs {
            assert_eq!(l.layer_of[s.a] + 1, l.layer_of[s.b]);
        }
        let total: usize = l.layers.iter().map(|x| x.len()).sum();
        assert_eq!(total, 4);
    }

    #[test]
    fn ports_untangle() {
        // Table 0 has rows 1 and 2 pointing at tables 2 and 1; the order should follow the rows.
        let d = dag(3, &[(0, 1, 2, 1), (0, 2, 1, 1)]);
        let mut l = build(&d, &[0, 1, 1]);
        l.layers[1] = vec![1, 2];
        assert_eq!(count_crossings(&l), 1);
        assert_eq!(run(&mut l, 8), 0);
        assert_eq!(l.layers[1], vec![2, 1]);
    }

    #[test]
    fn restarts_never_keep_a_worse_order() {
        // Random small DAGs over 4 layers: the kept order is never worse than the single search
        // from the DFS order, and the count returned is the count of the kept order.
        let mut rng = crate::rng::Rng(7);
        let mut rnd = |n: u64| rng.below(n as usize) as u64;
        let mut improved = 0;
        for _ in 0..40 {
            let n = 12;
            let layer: Vec<u32> = (0..n).map(|i| (i % 4) as u32).collect();
            let mut edges = Vec::new();
            for _ in 0..18 {
                let (a, b) = (rnd(n as u64) as usize, rnd(n as u64) as usize);
                if layer[a] < layer[b] {
                    edges.push((a, b, 1 + rnd(4) as u32, 1 + rnd(4) as u32));
                }
            }
            let d = dag(n, &edges);
            let mut single = build(&d, &layer);
            let mut w = Work::new(&single);
            let one = search(&mut single, &mut w, 24);
            let mut l = build(&d, &layer);
            let kept = run(&mut l, 24);
            assert!(kept <= one, "{kept} > {one}");
            assert_eq!(kept, count_crossings(&l));
            improved += usize::from(kept < one);
        }
        assert!(improved > 0, "restarts never helped");
    }

    /// A small component's kept order is a sifting-local optimum: no node of any layer has a
    /// slot in its layer with fewer crossings (every slot tried, counted by the counter). The
    /// sweeps, adjacent swaps and restarts alone leave one (first at round 35: 6 → 5).
    #[test]
    fn small_components_end_where_no_single_move_gains() {
        let mut rng = crate::rng::Rng(29);
        for round in 0..200 {
            let n = 6 + round % 12;
            let nl = 2 + round % 4;
            let layer: Vec<u32> = (0..n).map(|_| rng.below(nl) as u32).collect();
            let mut edges = Vec::new();
            for _ in 0..(n * 2) {
                let (a, b) = (rng.below(n), rng.below(n));
                if layer[a] < layer[b] {
                    edges.push((a, b, 1 + rng.below(4) as u32, 1 + rng.below(4) as u32));
                }
            }
            let d = dag(n, &edges);
            let mut l = build(&d, &layer);
            let kept = run(&mut l, 24);
            let mut counter = Counter::new(&l);
            assert_eq!(kept, counter.count(&l));
            for li in 0..l.layers.len() {
                for from in 0..l.layers[li].len() {
                    for to in 0..l.layers[li].len() {
                        let mut moved = l.clone();
                        let v = moved.layers[li].remove(from);
                        moved.layers[li].insert(to, v);
                        let c = counter.count(&moved);
                        assert!(c >= kept, "round {round}: layer {li}, {from} -> {to}: {c} < {kept}");
                    }
                }
            }
        }
    }

    #[test]
    fn reduces_crossings_on_a_k22() {
        let d = dag(4, &[(0, 3, 1, 1), (1, 2, 1, 1), (0, 2, 2, 2)]);
        let mut l = build(&d, &[0, 0, 1, 1]);
        l.layers[0] = vec![0, 1];
        l.layers[1] = vec![2, 3];
        assert_eq!(count_crossings(&l), 3);
        run(&mut l, 8);
        // Ports make one crossing unavoidable here.
        assert_eq!(count_crossings(&l), 1);
    }
}
