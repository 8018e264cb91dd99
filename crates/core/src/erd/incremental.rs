//! Incremental layout: the diagram after an edit, drawn from the drawing before it, so the boxes a
//! person already knows stay where they are.
//!
//! Contract: [`relayout`] takes the previous [`Layout`] and the edited graph and returns the new
//! layout, or `None` when the graph is not an edit of what was drawn ([`is_new`]: fewer than half
//! of its boxes were drawn before; lay it out afresh with [`super::layout`]).
//!
//! - A pinned box (`LayoutOptions::positions`) is exactly at its pin.
//! - A box drawn before (by key; one table renamed — one key gone, one new — keeps its box's
//!   place) stays where it was, unless a box above or left of it grew onto it (a column was added,
//!   a longer name) or was pushed onto it: then it moves just past that box, down or right,
//!   whichever is shorter. The edited boxes (those whose size changed) are placed first, so they
//!   stay. A pin that moved (a drag) pushes nothing (in a full layout too a person may stack boxes
//!   by hand), nor does a pin an edited box grew onto (they stay stacked), nor an overlap that was
//!   already drawn.
//! - A box drawn alone (no relationship) that gets its first relationship, with a table that has
//!   others, is placed again as a new box is (a table added from the toolbar, then related);
//!   pinned boxes excepted.
//! - A new box goes beside a drawn table it references (to its right, where the layered layout
//!   puts referencing tables), else beside one that references it (to its left), else below
//!   either, whichever is free nearest; without a drawn neighbour, to the right of the drawing,
//!   at the top. It is slid down past every box it would touch, so it overlaps nothing.
//! - An edge whose two boxes are unchanged (same place, same size) and whose line crosses no
//!   changed box keeps its route; the others are routed alone among all boxes (as pinned boxes'
//!   edges are: `route_alone`). Dangling edges get their stubs.
//!
//! Cost: O((n + e) log n) for n boxes and e edges plus the boxes each pushed or new box meets (a
//! grid of cells finds them) and O(n) per rerouted edge; no layered layout runs. Deterministic,
//! never panics on any graph or previous layout.

use super::verify::{segment_hits_rect, Rect};
use super::{clean, finish, resolve, route_alone, sizes_of, stubs, table_boxes, EdgeRef, ErdGraph, Layout, LayoutOptions, Resolved};
use std::collections::{BTreeMap, BTreeSet};

/// Whether `new` is a different schema from the one whose boxes are `old` (pasted, an example
/// loaded: fewer than half its tables were drawn, or fewer than half the drawn tables are still
/// there), so it is laid out (and fitted) afresh; an edit that adds, renames or drops a few tables
/// keeps the drawing.
pub fn is_new<'a>(old: impl IntoIterator<Item = &'a str>, new: &ErdGraph) -> bool {
    let keys: BTreeSet<&str> = crate::sort::set(old);
    let kept = new.tables.iter().filter(|t| keys.contains(t.key.as_str())).count();
    kept * 2 < new.tables.len() || kept * 2 < keys.len()
}

/// The layout of `graph` after an edit of the graph `prev` was drawn for (see the module doc);
/// `None` when `graph` is a new drawing.
pub fn relayout(prev: &Layout, graph: &ErdGraph, opts: &LayoutOptions) -> Option<Layout> {
    if graph.tables.is_empty() || is_new(prev.tables.iter().map(|b| b.key.as_str()), graph) {
        return None;
    }
    let sizes = sizes_of(graph);
    let index = graph.key_index();
    let (resolved, ends) = resolve(graph, &index);
    let mut tables = table_boxes(graph, &sizes);
    let was = previous_boxes(prev, graph, &index);
    let mut before: Vec<Option<Rect>> = was.iter().map(|j| j.map(|j| &prev.tables[j]).map(|b| [b.x, b.y, b.width, b.height])).collect();
    let mut pins: Vec<Option<[f64; 2]>> = vec![None; tables.len()];
    for (key, p) in &opts.positions {
        if let Some(&i) = index.get(key.as_str()) {
            pins[i] = Some([clean(p[0]), clean(p[1])]);
        }
    }
    for i in joined(prev, &resolved, &was) {
        if pins[i].is_none() {
            before[i] = None;
        }
    }
    let at = Placer::new(&sizes, &before, &pins, opts).run(&resolved);
    for (t, p) in tables.iter_mut().zip(&at) {
        t.x = p[0];
        t.y = p[1];
    }
    let rects: Vec<Rect> = tables.iter().map(|t| [t.x, t.y, t.width, t.height]).collect();
    let changed: Vec<bool> = rects.iter().zip(&before).map(|(r, b)| b.is_none_or(|b| b != *r)).collect();
    let changed_rects: Vec<Rect> = rects.iter().zip(&changed).filter(|(_, c)| **c).map(|(r, _)| *r).collect();
    let mut old_routes = previous_routes(prev);
    let mut points = vec![Vec::new(); graph.edges.len()];
    for r in &resolved {
        let e = &graph.edges[r.id];
        let key = edge_key(&super::end_ref(graph, Some(r.from), &e.from), &super::end_ref(graph, Some(r.to), &e.to), e.dependency);
        let old = old_routes.get_mut(&key).and_then(|v| v.pop());
        let kept = old.filter(|pts| {
            !changed[r.from]
                && !changed[r.to]
                && pts.len() >= 2
                && !pts.windows(2).any(|s| changed_rects.iter().any(|b| segment_hits_rect(s[0], s[1], *b, 0.5)))
        });
        points[r.id] = kept.unwrap_or_else(|| route_alone(r, &rects, &opts.route));
    }
    stubs(graph, &ends, &tables, &mut points);
    Some(finish(graph, &ends, tables, points, prev.notes.clone(), opts.margin))
}

/// Per table of `graph`, its box in `prev` (an index into `prev.tables`): by key (the first table
/// with a key), or, when exactly one key of `prev` is gone and exactly one table is new, that box
/// for that table (a rename).
fn previous_boxes(prev: &Layout, graph: &ErdGraph, index: &BTreeMap<&str, usize>) -> Vec<Option<usize>> {
    let mut old: BTreeMap<&str, usize> = BTreeMap::new();
    for (j, b) in prev.tables.iter().enumerate() {
        old.entry(b.key.as_str()).or_insert(j);
    }
    let mut out: Vec<Option<usize>> = vec![None; graph.tables.len()];
    for (&key, &i) in index {
        out[i] = old.get(key).copied();
    }
    let gone: Vec<usize> = old.iter().filter(|(k, _)| !index.contains_key(*k)).map(|(_, &j)| j).collect();
    let fresh: Vec<usize> = index.values().copied().filter(|&i| out[i].is_none()).collect();
    if let ([j], [i]) = (gone.as_slice(), fresh.as_slice()) {
        out[*i] = Some(*j);
    }
    out
}

/// The tables drawn alone before (no relationship) that now have one with a table that had one
/// (or, both alone, the referencing one): they are placed again, beside that table.
fn joined(prev: &Layout, resolved: &[Resolved], was: &[Option<usize>]) -> Vec<usize> {
    let key_of: BTreeMap<(Option<&str>, &str), &str> = crate::sort::map(prev.tables.iter().map(|b| ((b.schema.as_deref(), b.name.as_str()), b.key.as_str())));
    let mut related: BTreeSet<&str> = BTreeSet::new();
    for e in prev.edges.iter().filter(|e| !e.dangling) {
        for end in [&e.from, &e.to] {
            if let Some(k) = key_of.get(&(end.schema.as_deref(), end.table.as_str())) {
                related.insert(k);
            }
        }
    }
    let kept = |i: usize| was[i].is_some();
    let alone = |i: usize| was[i].is_some_and(|j| !related.contains(prev.tables[j].key.as_str()));
    let mut out: Vec<usize> = Vec::new();
    for r in resolved.iter().filter(|r| r.from != r.to) {
        if alone(r.from) && kept(r.to) {
            out.push(r.from);
        } else if alone(r.to) && kept(r.from) {
            // (then `from` had a relationship: else the first case)
            out.push(r.to);
        }
    }
    out.sort_unstable();
    out.dedup();
    // the first of two tables joined to each other stays, so the second goes beside it
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    out.retain(|&i| {
        let partner_moved = resolved.iter().any(|r| (r.from == i && taken.contains(&r.to)) || (r.to == i && taken.contains(&r.from)));
        taken.insert(i);
        !partner_moved
    });
    out
}

type EdgeKey = (Option<String>, String, Vec<String>, Option<String>, String, Vec<String>, bool);

fn edge_key(from: &EdgeRef, to: &EdgeRef, dependency: bool) -> EdgeKey {
    (from.schema.clone(), from.table.clone(), from.columns.clone(), to.schema.clone(), to.table.clone(), to.columns.clone(), dependency)
}

/// The routes of `prev`'s edges between two drawn tables, by what they connect (several alike:
/// taken in order).
fn previous_routes(prev: &Layout) -> BTreeMap<EdgeKey, Vec<Vec<[f64; 2]>>> {
    let mut out: BTreeMap<EdgeKey, Vec<Vec<[f64; 2]>>> = BTreeMap::new();
    for e in prev.edges.iter().rev().filter(|e| !e.dangling) {
        out.entry(edge_key(&e.from, &e.to, e.dependency)).or_default().push(e.points.clone());
    }
    out
}

/// Grid cell size for finding the placed boxes near a box.
const CELL: f64 = 256.0;

fn overlaps(a: Rect, b: Rect) -> bool {
    a[0] + a[2] > b[0] + 0.5 && b[0] + b[2] > a[0] + 0.5 && a[1] + a[3] > b[1] + 0.5 && b[1] + b[3] > a[1] + 0.5
}

fn grown(r: Rect, by: f64) -> Rect {
    [r[0] - by, r[1] - by, r[2] + 2.0 * by, r[3] + 2.0 * by]
}

/// Places the boxes (see the module doc), keeping a grid of the boxes placed so far.
struct Placer<'a> {
    sizes: &'a [(f64, f64)],
    before: &'a [Option<Rect>],
    pins: &'a [Option<[f64; 2]>],
    at: Vec<Option<[f64; 2]>>,
    grid: BTreeMap<(i64, i64), Vec<usize>>,
    /// Vertical gap between boxes, horizontal gap beside a neighbour, the drawing's margin and the
    /// gap before a new box right of the drawing.
    gap: f64,
    beside: f64,
    margin: f64,
    component_gap: f64,
}

impl<'a> Placer<'a> {
    fn new(sizes: &'a [(f64, f64)], before: &'a [Option<Rect>], pins: &'a [Option<[f64; 2]>], opts: &LayoutOptions) -> Self {
        Placer {
            sizes,
            before,
            pins,
            at: vec![None; sizes.len()],
            grid: BTreeMap::new(),
            gap: opts.spacing.node_gap,
            // room for route_free's straight Z between two neighbours
            beside: 4.0 * opts.route.end_margin + 2.0 * opts.route.track_spacing,
            margin: opts.margin,
            component_gap: opts.component_gap,
        }
    }

    fn rect(&self, i: usize, p: [f64; 2]) -> Rect {
        [p[0], p[1], self.sizes[i].0, self.sizes[i].1]
    }

    fn cells(r: Rect) -> impl Iterator<Item = (i64, i64)> {
        let (x0, x1) = ((r[0] / CELL).floor() as i64, ((r[0] + r[2]) / CELL).floor() as i64);
        let (y0, y1) = ((r[1] / CELL).floor() as i64, ((r[1] + r[3]) / CELL).floor() as i64);
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn put(&mut self, i: usize, p: [f64; 2]) {
        self.at[i] = Some(p);
        for c in Self::cells(self.rect(i, p)) {
            self.grid.entry(c).or_default().push(i);
        }
    }

    /// The placed boxes whose rectangle meets `r`, lowest first (by bottom, then index).
    fn near(&self, r: Rect) -> Vec<(usize, Rect)> {
        let mut ids: Vec<usize> = Self::cells(r).filter_map(|c| self.grid.get(&c)).flatten().copied().collect();
        ids.sort_unstable();
        ids.dedup();
        let mut out: Vec<(usize, Rect)> =
            ids.into_iter().filter_map(|j| self.at[j].map(|p| (j, self.rect(j, p)))).filter(|(_, o)| overlaps(r, *o)).collect();
        crate::sort::by(&mut out, |a, b| (b.1[1] + b.1[3]).total_cmp(&(a.1[1] + a.1[3])).then(a.0.cmp(&b.0)));
        out
    }

    /// Slides box `i` from `p` until it meets no placed box `j` for which `blocks(j)`: past each
    /// box it meets, downwards, or (`sideways`) to the right when that is the shorter move.
    fn slide(&self, i: usize, mut p: [f64; 2], pad: f64, sideways: bool, blocks: impl Fn(usize) -> bool) -> [f64; 2] {
        // x and y only grow and each step passes the right or bottom side of a box it met, which
        // it then never meets again: at most one step per placed box.
        for _ in 0..=self.sizes.len() {
            let r = grown(self.rect(i, p), pad);
            let Some((_, o)) = self.near(r).into_iter().find(|(j, _)| blocks(*j)) else { break };
            let gap = self.gap.max(pad);
            let (down, right) = (o[1] + o[3] + gap - p[1], o[0] + o[2] + gap - p[0]);
            if sideways && right < down {
                p[0] += right;
            } else {
                p[1] += down;
            }
        }
        p
    }

    fn run(mut self, resolved: &[Resolved]) -> Vec<[f64; 2]> {
        let n = self.sizes.len();
        for i in 0..n {
            if let Some(p) = self.pins[i] {
                self.put(i, p);
            }
        }
        // Boxes drawn before: first those that changed size (the edited ones stay), then the
        // others top to bottom, each moved only past what grew or was pushed onto it.
        let grew = |i: usize| self.before[i].is_some_and(|b| (b[2], b[3]) != self.sizes[i]);
        let mut kept: Vec<usize> = (0..n).filter(|&i| self.pins[i].is_none() && self.before[i].is_some()).collect();
        crate::sort::by(&mut kept, |&a, &b| {
            let (ra, rb) = (self.before[a].unwrap_or_default(), self.before[b].unwrap_or_default());
            grew(b).cmp(&grew(a)).then(ra[1].total_cmp(&rb[1])).then(ra[0].total_cmp(&rb[0])).then(a.cmp(&b))
        });
        for i in kept {
            let Some(was) = self.before[i] else { continue };
            let edited = grew(i);
            let blocks = |j: usize| {
                let Some(old) = self.before[j] else { return false };
                // a pin that moved (a drag) pushes nothing, nor does one an edited box grew onto
                // (stacked as by hand); an overlap already drawn stays
                let pinned = self.pins[j].is_some();
                let moved_pin = pinned && self.pins[j] != Some([old[0], old[1]]);
                let stacked = moved_pin || (edited && pinned) || overlaps(was, old);
                !stacked
            };
            let p = self.slide(i, [was[0], was[1]], 0.0, true, blocks);
            self.put(i, p);
        }
        // New boxes: beside a drawn neighbour, else right of the drawing.
        for i in 0..n {
            if self.at[i].is_none() {
                let p = self.new_place(i, resolved);
                self.put(i, p);
            }
        }
        self.at.into_iter().map(|p| p.unwrap_or([0.0, 0.0])).collect()
    }

    /// Where new box `i` goes: the nearest free spot beside a placed neighbour (it references
    /// one: to its right; one references it: to its left; else below), else right of the drawing.
    fn new_place(&self, i: usize, resolved: &[Resolved]) -> [f64; 2] {
        let (w, _) = self.sizes[i];
        let placed = |j: usize| j != i && self.at[j].is_some();
        let anchor = resolved
            .iter()
            .find(|r| r.from == i && placed(r.to))
            .map(|r| (r.to, true))
            .or_else(|| resolved.iter().find(|r| r.to == i && placed(r.from)).map(|r| (r.from, false)));
        let mut starts: Vec<[f64; 2]> = Vec::new();
        if let Some((a, right)) = anchor {
            let ar = self.rect(a, self.at[a].unwrap_or_default());
            let (r, l) = ([ar[0] + ar[2] + self.beside, ar[1]], [ar[0] - self.beside - w, ar[1]]);
            let sides = match (right, l[0] >= self.margin) {
                (_, false) => vec![r],
                (true, true) => vec![r, l],
                (false, true) => vec![l, r],
            };
            starts.extend(sides);
            starts.push([ar[0], ar[1] + ar[3] + self.gap]);
        } else {
            let right = self.at.iter().enumerate().filter_map(|(j, p)| p.map(|p| p[0] + self.sizes[j].0)).reduce(f64::max);
            starts.push(right.map_or([self.margin, self.margin], |x| [x + self.component_gap, self.margin]));
        }
        let pad = self.gap / 2.0;
        let mut best: Option<(f64, [f64; 2])> = None;
        for s in starts {
            let p = self.slide(i, s, pad, false, |_| true);
            let cost = p[1] - s[1];
            if best.is_none_or(|b| cost < b.0) {
                best = Some((cost, p));
            }
        }
        best.map_or([self.margin, self.margin], |b| b.1)
    }
}

#[cfg(test)]
#[path = "incremental_tests.rs"]
mod tests;
