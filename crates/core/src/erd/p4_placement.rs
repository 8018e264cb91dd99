//! p4 — node placement (y within a layer).
//!
//! Contract: given the ordered layers of p3 and a height per node (boxes: measured height;
//! dummies: 0), returns the top y of every node such that, within each layer, nodes keep their p3
//! order and are separated by at least their height plus a gap (boxes [`Spacing::node_gap`], a
//! box and a dummy `dummy_gap`, two dummies `edge_gap`). The smallest y is 0. X coordinates are
//! not decided here: the space between layers depends on the channels the router needs (p5).
//!
//! Strategy: compact quadratic placement. Each node wants to sit where its edges run straight
//! (`y[nbr] + port(nbr) - port(self)`, long-edge dummies weighted higher so long edges straighten);
//! per layer, the optimal positions under the ordering/separation constraints are found exactly by
//! isotonic regression (pool-adjacent-violators) in O(layer size). Alternating downward and upward
//! Gauss–Seidel sweeps converge in a handful of iterations: O(iterations · (n + m)). A mean makes
//! edges *nearly* straight, which still costs two bends each, so [`straighten`] then moves single
//! nodes, blocks and whole long edges into the room left to make segments exactly straight (a long
//! edge may push its layer neighbours aside, and jog once from its start row to its end row). (A weighted
//! median instead of the mean straightens more by itself, but jumps when a port moves a row:
//! adding a column reshuffled half of a 120-table diagram.) Finally [`prefer_aligned`] tries the
//! four Brandes–Köpf alignments of [`p4_align`] (blocks of segments made exactly straight, placed
//! as near this placement as they fit) and keeps one when it bends fewer segments and is no taller.

use super::dag::Port;
use super::p3_crossing::Layered;
use super::p4_align;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spacing {
    pub node_gap: f64,
    pub dummy_gap: f64,
    pub edge_gap: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing { node_gap: 28.0, dummy_gap: 14.0, edge_gap: 8.0 }
    }
}

pub(super) fn gap(l: &Layered, a: usize, b: usize, s: &Spacing) -> f64 {
    match (l.is_dummy(a), l.is_dummy(b)) {
        (false, false) => s.node_gap,
        (true, true) => s.edge_gap,
        _ => s.dummy_gap,
    }
}

fn weight(l: &Layered, a: usize, b: usize) -> f64 {
    match (l.is_dummy(a), l.is_dummy(b)) {
        (true, true) => 8.0,
        (false, false) => 1.0,
        _ => 2.0,
    }
}

/// Minimises Σ w (y - t)² subject to y[i+1] - y[i] >= d[i] (pool adjacent violators).
pub fn project(t: &[f64], w: &[f64], d: &[f64]) -> Vec<f64> {
    let n = t.len();
    let mut cum = vec![0.0; n];
    for i in 1..n {
        cum[i] = cum[i - 1] + d[i - 1];
    }
    // blocks: (weight sum, weighted target sum, count)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        let wi = w[i].max(1e-9);
        blocks.push((wi, wi * (t[i] - cum[i]), 1));
        while blocks.len() >= 2 {
            let (w2, s2, c2) = blocks[blocks.len() - 1];
            let (w1, s1, c1) = blocks[blocks.len() - 2];
            if s1 / w1 > s2 / w2 {
                blocks.pop();
                *blocks.last_mut().unwrap_or(&mut (0.0, 0.0, 0)) = (w1 + w2, s1 + s2, c1 + c2);
            } else {
                break;
            }
        }
    }
    let mut y = Vec::with_capacity(n);
    for (wsum, ssum, c) in blocks {
        let z = ssum / wsum;
        for _ in 0..c {
            let i = y.len();
            y.push(z + cum[i]);
        }
    }
    y
}

/// Port offset of a segment end on node `v` (dummies have none).
fn off(p: Port) -> f64 {
    p.offset
}

/// Which placement p4 returns: [`Placement::Auto`] (the layout's; see the module doc) or, as a
/// measuring hook for the ELK benchmark (`benches/erd_elk.rs --candidates`), one candidate
/// forced: the straightened quadratic placement alone, or Brandes–Köpf direction `k` (0..4, in
/// [`prefer_aligned`]'s order) straightened, whatever its height.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Placement {
    #[default]
    Auto,
    Quadratic,
    Aligned(usize),
}

pub fn run(l: &Layered, heights: &[f64], s: &Spacing, iterations: usize) -> Vec<f64> {
    run_with(l, heights, s, iterations, Placement::Auto)
}

/// [`run`] with the candidate chosen by `choice`.
pub fn run_with(l: &Layered, heights: &[f64], s: &Spacing, iterations: usize, choice: Placement) -> Vec<f64> {
    let n = l.node_count();
    let mut y = vec![0.0; n];
    // Initial: stacked.
    for layer in &l.layers {
        let mut cur = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            if i > 0 {
                cur += gap(l, layer[i - 1], v, s);
            }
            y[v] = cur;
            cur += heights[v];
        }
    }
    let nl = l.layers.len();
    let (mut t, mut w, mut d) = (Vec::new(), Vec::new(), Vec::new());
    let mut pulls: Vec<(f64, f64)> = Vec::new();
    // Pathological depth (tens of thousands of dummies): fewer sweeps keep the time bounded.
    let iterations = if n > 50_000 { iterations.min(4) } else { iterations };
    for it in 0..iterations {
        let down = it % 2 == 0;
        let use_in = it != 1;
        let use_out = it != 0;
        let order: Vec<usize> = if down { (0..nl).collect() } else { (0..nl).rev().collect() };
        for li in order {
            let layer = &l.layers[li];
            if layer.is_empty() {
                continue;
            }
            t.clear();
            w.clear();
            d.clear();
            for (i, &v) in layer.iter().enumerate() {
                pulls.clear();
                if use_in {
                    for &si in &l.in_segs[v] {
                        let sg = &l.segs[si];
                        pulls.push((y[sg.a] + off(sg.a_port) - off(sg.b_port), weight(l, sg.a, v)));
                    }
                }
                if use_out {
                    for &si in &l.out_segs[v] {
                        let sg = &l.segs[si];
                        pulls.push((y[sg.b] + off(sg.b_port) - off(sg.a_port), weight(l, v, sg.b)));
                    }
                }
                let sw: f64 = pulls.iter().map(|p| p.1).sum();
                if sw > 0.0 {
                    t.push(pulls.iter().map(|p| p.0 * p.1).sum::<f64>() / sw);
                    w.push(sw);
                } else {
                    t.push(y[v]);
                    w.push(1e-3);
                }
                if i + 1 < layer.len() {
                    d.push(heights[v] + gap(l, v, layer[i + 1], s));
                }
            }
            let ny = project(&t, &w, &d);
            for (i, &v) in layer.iter().enumerate() {
                y[v] = ny[i];
            }
        }
    }
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in &mut y {
            // Whole units: port rows are at whole offsets too, so "straight" is exact.
            *v = (*v - min).round();
        }
    }
    let passes = if n > 50_000 { 2 } else { 6 };
    straighten(l, &mut y, heights, s, passes);
    match choice {
        Placement::Auto if n <= 50_000 => prefer_aligned(l, &mut y, heights, s, passes),
        Placement::Aligned(k) => {
            let (ltr, ttb) = DIRECTIONS[k % 4];
            if let Some((mut c, _)) = p4_align::place(l, heights, s, ltr, ttb, &y) {
                straighten(l, &mut c, heights, s, passes);
                y = c;
            }
        }
        _ => {}
    }
    y
}

/// The four Brandes–Köpf directions (layers left to right?, order top to bottom?).
const DIRECTIONS: [(bool, bool); 4] = [(true, true), (true, false), (false, true), (false, false)];

/// How much taller than the quadratic placement a Brandes–Köpf candidate may be (or as tall as the
/// lowest of the four alignments compacted to the top, when that is taller: the height
/// Brandes–Köpf itself draws). The slacks were chosen on the ELK comparison
/// (`benches/erd_elk_results.md`): with none, the candidates straighten few graphs (they are
/// usually a little taller); 1.25 / 1.2 met the most goals.
pub const ALIGNED_HEIGHT_SLACK: f64 = 1.25;
/// How much more vertical edge run (Σ |Δy| over segments) a Brandes–Köpf candidate may have.
pub const ALIGNED_RUN_SLACK: f64 = 1.2;

/// Replaces `y` by the Brandes–Köpf candidate ([`p4_align::place`], four directions, each then
/// straightened) with the fewest bent segments, when it has fewer than `y`, is no taller than
/// [`ALIGNED_HEIGHT_SLACK`] allows and its edges run vertically at most [`ALIGNED_RUN_SLACK`] times
/// as far (straight segments must not cost longer detours elsewhere).
fn prefer_aligned(l: &Layered, y: &mut Vec<f64>, heights: &[f64], s: &Spacing, passes: usize) {
    let height = |y: &[f64]| y.iter().zip(heights).map(|(a, h)| a + h).fold(0.0, f64::max);
    let run_limit = p4_align::vertical_run(l, y) * ALIGNED_RUN_SLACK + 0.5;
    let mut best = p4_align::bent_segments(l, y);
    let pref = y.clone();
    let mut tightest = f64::INFINITY;
    let mut cands = Vec::with_capacity(4);
    for (ltr, ttb) in DIRECTIONS {
        let Some((mut c, tight)) = p4_align::place(l, heights, s, ltr, ttb, &pref) else { continue };
        tightest = tightest.min(tight);
        straighten(l, &mut c, heights, s, passes);
        cands.push(c);
    }
    let limit = (height(&pref) * ALIGNED_HEIGHT_SLACK).max(if tightest.is_finite() { tightest } else { 0.0 }) + 0.5;
    for c in cands {
        let bent = p4_align::bent_segments(l, &c);
        if bent < best && height(&c) <= limit && p4_align::vertical_run(l, &c) <= run_limit {
            best = bent;
            *y = c;
        }
    }
}

/// The y range node `v` may take with its layer neighbours where they are (and inside the
/// drawing's extent `top..bottom`).
#[allow(clippy::too_many_arguments)]
fn room(l: &Layered, y: &[f64], heights: &[f64], s: &Spacing, index: &[usize], v: usize, top: f64, bottom: f64) -> (f64, f64) {
    let layer = &l.layers[l.layer_of[v] as usize];
    let i = index[v];
    let lo = if i > 0 { y[layer[i - 1]] + heights[layer[i - 1]] + gap(l, layer[i - 1], v, s) } else { top };
    let hi = if i + 1 < layer.len() { y[layer[i + 1]] - heights[v] - gap(l, v, layer[i + 1], s) } else { bottom - heights[v] };
    (lo, hi)
}

/// Long edges: puts the dummies of an edge on the row of its start, then (from some dummy on)
/// on the row of its end, when more of the edge's segments end up straight: all but one (the
/// jog between the two rows), so a long edge has two bends instead of four or more. Any split
/// point will do, so a dummy only needs room on one of the two rows. A dummy without room there
/// pushes the layer neighbours in its way ([`push`], inside the drawing's extent); the straight
/// segments the pushed nodes had count against the gain (the split with the smallest such loss,
/// then the least movement of the dummies and the pushed nodes, wins), so every move strictly
/// increases the straight segments. Returns whether anything moved.
#[allow(clippy::too_many_arguments)]
fn straighten_chains(l: &Layered, y: &mut [f64], heights: &[f64], s: &Spacing, index: &[usize], top: f64, bottom: f64, plan: &mut Vec<(usize, f64)>) -> bool {
    let mut moved = false;
    // Per dummy of the chain: (lost, pushed distance) on the start row and on the end row.
    let mut cost: Vec<[Option<(usize, f64)>; 2]> = Vec::new();
    // sums[i]: the start costs of the first i dummies, the end costs of the last i.
    let mut sums: Vec<[Option<(usize, f64)>; 2]> = Vec::new();
    for chain in &l.chains {
        if chain.len() < 2 {
            continue;
        }
        let (first, last) = (&l.segs[chain[0]], &l.segs[chain[chain.len() - 1]]);
        let rows = [y[first.a] + off(first.a_port), y[last.b] + off(last.b_port)];
        let straight_now = chain.iter().filter(|&&si| (straight_at(l, y, l.segs[si].b, si) - y[l.segs[si].b]).abs() < 0.5).count();
        let k = chain.len() - 1 + usize::from((rows[0] - rows[1]).abs() < 0.5);
        if k <= straight_now {
            continue;
        }
        let dummies = &chain[..chain.len() - 1];
        cost.clear();
        for &si in dummies {
            let d = l.segs[si].b;
            let mut c = [None, None];
            for (r, row) in rows.iter().enumerate() {
                plan.clear();
                c[r] = push(l, y, heights, s, index, d, *row, top, bottom, plan)
                    .map(|lost| (lost, (row - y[d]).abs() + plan.iter().map(|&(v, ny)| (ny - y[v]).abs()).sum::<f64>()));
            }
            cost.push(c);
        }
        // Split j: dummies[..j] on the start row, dummies[j..] on the end row. Prefix sums of
        // the start costs, suffix sums of the end costs; ties keep the most on the start row.
        let add = |a: Option<(usize, f64)>, b: Option<(usize, f64)>| a.zip(b).map(|(a, b)| (a.0 + b.0, a.1 + b.1));
        sums.clear();
        sums.push([Some((0, 0.0)), Some((0, 0.0))]);
        for i in 0..cost.len() {
            let (p, q) = (sums[i][0], sums[i][1]);
            sums.push([add(p, cost[i][0]), add(q, cost[cost.len() - 1 - i][1])]);
        }
        let mut best: Option<(usize, f64, usize)> = None;
        for j in (0..=cost.len()).rev() {
            if let Some((lost, dist)) = add(sums[j][0], sums[cost.len() - j][1]) {
                if straight_now + lost < k && best.is_none_or(|b| (lost, dist) < (b.0, b.1)) {
                    best = Some((lost, dist, j));
                }
            }
        }
        let Some((_, _, j)) = best else { continue };
        for (i, &si) in dummies.iter().enumerate() {
            let (d, row) = (l.segs[si].b, rows[usize::from(i >= j)]);
            plan.clear();
            if push(l, y, heights, s, index, d, row, top, bottom, plan).is_some() {
                for &(v, ny) in plan.iter() {
                    y[v] = ny;
                }
                y[d] = row;
            }
        }
        moved = true;
    }
    moved
}

/// Most layer neighbours one dummy may push aside ([`push`]).
const PUSH_MAX: usize = 8;

/// Room for node `v` at `c`: the layer neighbours in the way move just far enough (each pushing
/// the next, at most [`PUSH_MAX`], all inside `top..bottom`). Appends their new y to `plan`;
/// returns how many straight segments they had (which the push breaks), or `None` when `c` does
/// not fit.
#[allow(clippy::too_many_arguments)]
fn push(l: &Layered, y: &[f64], heights: &[f64], s: &Spacing, index: &[usize], v: usize, c: f64, top: f64, bottom: f64, plan: &mut Vec<(usize, f64)>) -> Option<usize> {
    let layer = &l.layers[l.layer_of[v] as usize];
    let i = index[v];
    if c < top - 0.01 || c + heights[v] > bottom + 0.01 {
        return None;
    }
    let straight = |w: usize| l.in_segs[w].iter().chain(&l.out_segs[w]).filter(|&&si| (straight_at(l, y, w, si) - y[w]).abs() < 0.5).count();
    let mut lost = 0;
    // Downwards: each next node must start at or below `need`.
    let (mut prev, mut need) = (v, c + heights[v]);
    for (k, &w) in layer[i + 1..].iter().enumerate() {
        need += gap(l, prev, w, s);
        if y[w] >= need - 0.01 {
            break;
        }
        if k == PUSH_MAX || need + heights[w] > bottom + 0.01 {
            return None;
        }
        plan.push((w, need));
        lost += straight(w);
        prev = w;
        need += heights[w];
    }
    // Upwards: each previous node must end at or above `limit`.
    let (mut next, mut limit) = (v, c);
    for (k, &w) in layer[..i].iter().rev().enumerate() {
        limit -= gap(l, w, next, s);
        if y[w] + heights[w] <= limit + 0.01 {
            break;
        }
        if k == PUSH_MAX || limit - heights[w] < top - 0.01 {
            return None;
        }
        plan.push((w, limit - heights[w]));
        lost += straight(w);
        next = w;
        limit -= heights[w];
    }
    Some(lost)
}

/// Where `v` would sit for segment `si` (incident to `v`) to run straight.
fn straight_at(l: &Layered, y: &[f64], v: usize, si: usize) -> f64 {
    let sg = &l.segs[si];
    if sg.a == v {
        y[sg.b] + off(sg.b_port) - off(sg.a_port)
    } else {
        y[sg.a] + off(sg.a_port) - off(sg.b_port)
    }
}

/// Bend removal after the quadratic placement: a segment whose two ends are at the same y is
/// drawn without bends, and "nearly straight" is two bends. Alternating sweeps move each node,
/// within the room its layer neighbours leave it and inside the drawing's current vertical extent
/// (so the drawing never grows), to the y that makes the most of its segments straight, when that
/// is more than are straight where it is (ties: the nearest such y). Every move strictly increases
/// the number of straight segments at that node without breaking order or separation.
/// O(passes · Σ deg²) with small degrees; hubs are capped at 64 candidates.
pub fn straighten(l: &Layered, y: &mut [f64], heights: &[f64], s: &Spacing, passes: usize) {
    let (mut top, mut bottom) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in 0..l.node_count() {
        top = top.min(y[v]);
        bottom = bottom.max(y[v] + heights[v]);
    }
    if !top.is_finite() {
        return;
    }
    let nl = l.layers.len();
    let mut cands: Vec<f64> = Vec::new();
    let mut index = vec![0usize; l.node_count()];
    for layer in &l.layers {
        for (i, &v) in layer.iter().enumerate() {
            index[v] = i;
        }
    }
    let mut blocks = Blocks::default();
    let mut plan = Vec::new();
    for pass in 0..passes {
        let mut moved = straighten_chains(l, y, heights, s, &index, top, bottom, &mut plan);
        let order: Vec<usize> = if pass % 2 == 0 { (0..nl).collect() } else { (0..nl).rev().collect() };
        for li in order {
            let layer = &l.layers[li];
            for &v in layer {
                let (lo, hi) = room(l, y, heights, s, &index, v, top, bottom);
                cands.clear();
                cands.extend(
                    l.in_segs[v].iter().chain(&l.out_segs[v]).take(64).map(|&si| straight_at(l, y, v, si)),
                );
                let straight = |c: f64| cands.iter().filter(|&&t| (t - c).abs() < 0.5).count();
                let here = straight(y[v]);
                let mut best = (here, 0.0f64, y[v]);
                for &c in &cands {
                    if c < lo - 0.01 || c > hi + 0.01 {
                        continue;
                    }
                    let k = straight(c);
                    let d = (c - y[v]).abs();
                    if k > best.0 || (k == best.0 && k > here && d < best.1) {
                        best = (k, d, c);
                    }
                }
                if best.0 > here {
                    y[v] = best.2;
                    moved = true;
                }
            }
        }
        moved |= blocks.straighten(l, y, heights, s, &index, top, bottom);
        if !moved {
            break;
        }
    }
}

/// Scratch of [`Blocks::straighten`], reused from pass to pass.
#[derive(Default)]
struct Blocks {
    /// Union-find parent per node (blocks: nodes joined by straight segments).
    parent: Vec<usize>,
    /// Nodes grouped by block (`start[b]..start[b + 1]` of `members`, `b` in block-id order).
    members: Vec<usize>,
    start: Vec<usize>,
    id: Vec<usize>,
    /// A block moved in this pass, or one it now runs straight into: not moved again this pass.
    frozen: Vec<bool>,
    /// (shift, 1) per segment leaving a block that the shift would make straight.
    shifts: Vec<f64>,
}

fn find(p: &mut [usize], mut x: usize) -> usize {
    while p[x] != x {
        p[x] = p[p[x]];
        x = p[x];
    }
    x
}

impl Blocks {
    /// Whole blocks: the nodes joined by straight segments move together (so no straight segment
    /// breaks) by the shift that makes the most of the block's other segments straight, when the
    /// room every member leaves allows it (ties: the smallest shift). A node whose one straight
    /// segment ties it to its neighbour cannot move alone without breaking it ([`straighten`]);
    /// with the neighbour it can. Every move strictly increases the straight segments.
    /// O(n + m log m) per pass.
    #[allow(clippy::too_many_arguments)]
    fn straighten(&mut self, l: &Layered, y: &mut [f64], heights: &[f64], s: &Spacing, index: &[usize], top: f64, bottom: f64) -> bool {
        let n = l.node_count();
        self.parent.clear();
        self.parent.extend(0..n);
        for sg in &l.segs {
            if (y[sg.a] + off(sg.a_port) - y[sg.b] - off(sg.b_port)).abs() < 0.5 {
                let (ra, rb) = (find(&mut self.parent, sg.a), find(&mut self.parent, sg.b));
                if ra != rb {
                    self.parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
        // Counting sort of the nodes by block root (roots are the smallest member).
        self.start.clear();
        self.start.resize(n + 1, 0);
        self.id.clear();
        for v in 0..n {
            let r = find(&mut self.parent, v);
            self.id.push(r);
            self.start[r + 1] += 1;
        }
        for b in 0..n {
            self.start[b + 1] += self.start[b];
        }
        self.members.clear();
        self.members.resize(n, 0);
        let mut fill = self.start.clone();
        for v in 0..n {
            let b = self.id[v];
            self.members[fill[b]] = v;
            fill[b] += 1;
        }
        self.frozen.clear();
        self.frozen.resize(n, false);
        let mut moved = false;
        for b in 0..n {
            let (from, to) = (self.start[b], self.start[b + 1]);
            if from == to || self.frozen[b] {
                continue;
            }
            let (mut dlo, mut dhi) = (f64::NEG_INFINITY, f64::INFINITY);
            self.shifts.clear();
            for &m in &self.members[from..to] {
                let layer = &l.layers[l.layer_of[m] as usize];
                let i = index[m];
                let prev_free = i == 0 || self.id[layer[i - 1]] != b;
                let next_free = i + 1 == layer.len() || self.id[layer[i + 1]] != b;
                let (lo, hi) = room(l, y, heights, s, index, m, top, bottom);
                if prev_free {
                    dlo = dlo.max(lo - y[m]);
                }
                if next_free {
                    dhi = dhi.min(hi - y[m]);
                }
                dlo = dlo.max(top - y[m]);
                dhi = dhi.min(bottom - heights[m] - y[m]);
                for &si in l.in_segs[m].iter().chain(&l.out_segs[m]) {
                    let sg = &l.segs[si];
                    let other = if sg.a == m { sg.b } else { sg.a };
                    if self.id[other] != b {
                        self.shifts.push(straight_at(l, y, m, si) - y[m]);
                    }
                }
            }
            if self.shifts.is_empty() || dlo > dhi + 0.01 {
                continue;
            }
            self.shifts.sort_unstable_by(f64::total_cmp);
            // The best run of equal shifts inside the range: (count, |shift|, shift).
            let mut best = (0usize, 0.0f64, 0.0f64);
            let mut k = 0;
            while k < self.shifts.len() {
                let d = self.shifts[k];
                let mut e = k;
                while e < self.shifts.len() && self.shifts[e] - d < 0.5 {
                    e += 1;
                }
                let count = e - k;
                if d >= dlo - 0.01 && d <= dhi + 0.01 && (count > best.0 || (count == best.0 && d.abs() < best.1)) {
                    best = (count, d.abs(), d);
                }
                k = e;
            }
            if best.0 == 0 {
                continue;
            }
            for &m in &self.members[from..to] {
                y[m] += best.2;
            }
            moved = true;
            self.frozen[b] = true;
            for &m in &self.members[from..to] {
                for &si in l.in_segs[m].iter().chain(&l.out_segs[m]) {
                    let sg = &l.segs[si];
                    let other = if sg.a == m { sg.b } else { sg.a };
                    self.frozen[self.id[other]] = true;
                }
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::dag::{Dag, DagEdge};
    use crate::erd::p3_crossing;

    #[test]
    fn projection_respects_separation() {
        let y = project(&[0.0, 0.0, 0.0], &[1.0, 1.0, 1.0], &[10.0, 10.0]);
        assert_eq!(y, vec![-10.0, 0.0, 10.0]);
        let y = project(&[0.0, 100.0], &[1.0, 1.0], &[10.0]);
        assert_eq!(y, vec![0.0, 100.0]);
    }

    fn p(r: u32) -> Port {
        Port { offset: 28.0 + 20.0 * r as f64, rank: r }
    }

    #[test]
    fn straighten_moves_a_node_into_its_room() {
        // 0 (layer 0) → 1 and 2 (layer 1). Node 2 sits 10 below where its edge runs straight and
        // has room there: it moves; node 1 is straight already and stays.
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 3],
            edges: vec![
                DagEdge { u: 0, v: 1, u_port: p(1), v_port: p(1), id: 0 },
                DagEdge { u: 0, v: 2, u_port: p(4), v_port: p(1), id: 1 },
            ],
            loops: vec![],
        };
        let mut l = p3_crossing::build(&dag, &[0, 1, 1]);
        l.layers[1] = vec![1, 2];
        let h = vec![60.0, 20.0, 20.0];
        let s = Spacing::default();
        let mut y = vec![0.0, 0.0, 70.0];
        straighten(&l, &mut y, &h, &s, 4);
        assert_eq!(y, vec![0.0, 0.0, 60.0]);
        // Straight would be y = 90, past the bottom of the drawing (100 - 20): nothing moves.
        let mut y = vec![30.0, 30.0, 80.0];
        straighten(&l, &mut y, &h, &s, 4);
        assert_eq!(y, vec![30.0, 30.0, 80.0]);
        // Node 1 in the way (its box and the gap end at 78): nothing moves either.
        let mut y = vec![0.0, 0.0, 70.0];
        let h3 = vec![60.0, 50.0, 20.0];
        straighten(&l, &mut y, &h3, &s, 4);
        assert_eq!(y, vec![0.0, 0.0, 70.0]);
    }

    #[test]
    fn straighten_moves_a_block_of_straight_segments_together() {
        // 0 → 1 → 2 over three layers; 0 → 1 runs straight, 1 → 2 would be straight with 1 at
        // y = 40. Node 1 alone would break 0 → 1 (no gain), node 2 would leave the drawing (y =
        // -40): only 0 and 1 moving together straighten both.
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 3],
            edges: vec![
                DagEdge { u: 0, v: 1, u_port: p(1), v_port: p(1), id: 0 },
                DagEdge { u: 1, v: 2, u_port: p(1), v_port: p(3), id: 1 },
            ],
            loops: vec![],
        };
        let l = p3_crossing::build(&dag, &[0, 1, 2]);
        let h = vec![20.0, 20.0, 200.0];
        let mut y = vec![0.0, 0.0, 0.0];
        straighten(&l, &mut y, &h, &Spacing::default(), 4);
        assert_eq!(y, vec![40.0, 40.0, 0.0]);
        // No room below (the drawing would grow): nothing moves.
        let mut y = vec![0.0, 0.0, 0.0];
        straighten(&l, &mut y, &[20.0, 20.0, 50.0], &Spacing::default(), 4);
        assert_eq!(y, vec![0.0, 0.0, 0.0]);
    }

    #[test]
    fn straighten_puts_a_long_edge_on_one_row() {
        // 0 (layer 0) → 1 (layer 3): two dummies; they go to the start row together.
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 2],
            edges: vec![DagEdge { u: 0, v: 1, u_port: p(2), v_port: p(1), id: 0 }],
            loops: vec![],
        };
        let l = p3_crossing::build(&dag, &[0, 3]);
        assert_eq!(l.node_count(), 4);
        let h = vec![100.0, 100.0, 0.0, 0.0];
        let mut y = vec![0.0, 0.0, 55.0, 70.0];
        straighten(&l, &mut y, &h, &Spacing::default(), 4);
        let start = 0.0 + p(2).offset;
        assert_eq!((y[2], y[3]), (start, start));
        // The drawing never grows: a row outside the current extent is not used.
        let mut y = vec![0.0, 300.0, 310.0, 320.0];
        let h2 = vec![10.0, 10.0, 0.0, 0.0];
        straighten(&l, &mut y, &h2, &Spacing::default(), 4);
        assert!(y.iter().all(|&v| (0.0..=310.0).contains(&v)), "{y:?}");
    }

    /// A port at `offset` below the box's top.
    fn at(offset: f64) -> Port {
        Port { offset, rank: 1 }
    }

    #[test]
    fn a_long_edge_pushes_a_dummy_out_of_its_row() {
        // A (layer 0) → B (layer 2) through dummy dA, start row 88, end row 78; below dA in layer
        // 1: C → D's dummy dC (bent either way, no room to straighten) and an edgeless box Z.
        // dA has room up to 52 only: it reaches the end row by pushing dC and Z down (they lose
        // no straight segment, and stay inside the drawing). Nothing else can straighten it.
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 5],
            edges: vec![
                DagEdge { u: 0, v: 1, u_port: at(20.0), v_port: at(78.0), id: 0 },
                DagEdge { u: 2, v: 3, u_port: at(20.0), v_port: at(100.0), id: 1 },
            ],
            loops: vec![],
        };
        let mut l = p3_crossing::build(&dag, &[0, 2, 0, 2, 1]);
        let (da, dc) = (5, 6);
        l.layers = vec![vec![2, 0], vec![da, dc, 4], vec![1, 3]];
        let h = vec![200.0, 200.0, 40.0, 200.0, 200.0, 0.0, 0.0];
        let mut y = vec![68.0, 0.0, 0.0, 228.0, 74.0, 50.0, 60.0];
        straighten(&l, &mut y, &h, &Spacing::default(), 4);
        assert_eq!((y[da], y[dc], y[4]), (78.0, 86.0, 100.0), "{y:?}");
        assert_eq!(p4_align::bent_segments(&l, &y), 3);
    }

    #[test]
    fn a_long_edge_may_jog_from_its_start_row_to_its_end_row() {
        // A (layer 0, row 88) → B (layer 3, row 288) through d1 and d2, both at 200 (their
        // segment straight). d1 has room for the start row only (box X below it at the bottom
        // of the drawing), d2 for the end row only (box Y above it at the top): neither the
        // whole edge on one row, nor one dummy alone (it would break d1 → d2 for one other),
        // nor the block {d1, d2} fits; d1 on the start row and d2 on the end row does.
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 4],
            edges: vec![DagEdge { u: 0, v: 1, u_port: at(88.0), v_port: at(288.0), id: 0 }],
            loops: vec![],
        };
        let mut l = p3_crossing::build(&dag, &[0, 3, 1, 2]);
        let (d1, d2) = (4, 5);
        l.layers = vec![vec![0], vec![d1, 2], vec![3, d2], vec![1]];
        let h = vec![200.0, 400.0, 200.0, 150.0, 0.0, 0.0];
        let mut y = vec![0.0, 0.0, 250.0, 0.0, 200.0, 200.0];
        straighten(&l, &mut y, &h, &Spacing::default(), 4);
        assert_eq!((y[d1], y[d2]), (88.0, 288.0), "{y:?}");
        assert_eq!(p4_align::bent_segments(&l, &y), 1);
    }

    #[test]
    fn keeps_order_and_gaps() {
        let dag = Dag {
            sizes: vec![(100.0, 100.0); 4],
            edges: vec![
                DagEdge { u: 0, v: 1, u_port: p(1), v_port: p(2), id: 0 },
                DagEdge { u: 0, v: 2, u_port: p(1), v_port: p(1), id: 1 },
                DagEdge { u: 0, v: 3, u_port: p(1), v_port: p(1), id: 2 },
            ],
            loops: vec![],
        };
        let mut l = p3_crossing::build(&dag, &[0, 1, 1, 1]);
        p3_crossing::run(&mut l, 4);
        let h = vec![100.0; l.node_count()];
        let y = run(&l, &h, &Spacing::default(), 8);
        let layer = &l.layers[1];
        for k in 1..layer.len() {
            assert!(y[layer[k]] >= y[layer[k - 1]] + 100.0 + 28.0 - 0.2);
        }
        assert_eq!(y.iter().copied().fold(f64::INFINITY, f64::min), 0.0);
    }
}

