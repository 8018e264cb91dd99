//! The layout verifier and geometry helpers.
//!
//! Contract: [`verify`] checks a [`Layout`] against its [`ErdGraph`] and returns the first
//! violation as text:
//!
//! - one box per table and one edge entry per foreign key, in input order;
//! - every coordinate finite and non-negative, the drawing inside `width × height`;
//! - no two boxes overlap (pairs involving a manually pinned box are exempt: a person may stack
//!   them);
//! - every foreign key with at least one known table has exactly one polyline of ≥ 2 points, all
//!   segments horizontal or vertical;
//! - without pins, no segment passes through the interior of any box.
//!
//! Cost O((n + segments) log² n): boxes are found through two [`StabIndex`]es (by x extent and by
//! y extent), so a segment meets only the boxes on its own line instead of every box of a layer
//! column (which was O(n^1.5) with columns of about 5√n tables).
//!
//! `layout` runs it in debug builds; the tests run it on random graphs. [`count_crossings`] counts
//! proper crossings between polylines of different edges (used by the benchmark, also for dot's
//! output).

use super::graph::ErdGraph;
use super::p5_routing::Point;
use super::stab_index::StabIndex;
use super::Layout;
use std::collections::BTreeMap;

/// `[x, y, width, height]`.
pub type Rect = [f64; 4];

/// Does segment `a–b` enter the interior of `r` shrunk by `eps` on every side?
pub fn segment_hits_rect(a: Point, b: Point, r: Rect, eps: f64) -> bool {
    let (x0, y0, x1, y1) = (r[0] + eps, r[1] + eps, r[0] + r[2] - eps, r[1] + r[3] - eps);
    if x0 >= x1 || y0 >= y1 {
        return false;
    }
    // Liang–Barsky clipping.
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let mut t0: f64 = 0.0;
    let mut t1: f64 = 1.0;
    for (p, q) in [(-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])] {
        if p == 0.0 {
            if q <= 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    t0 < t1
}

fn overlaps(a: Rect, b: Rect, eps: f64) -> bool {
    a[0] + a[2] > b[0] + eps && b[0] + b[2] > a[0] + eps && a[1] + a[3] > b[1] + eps && b[1] + b[3] > a[1] + eps
}

/// The order boxes are reported in: left to right, then by index.
fn leftmost(rects: &[Rect], a: usize, b: usize) -> std::cmp::Ordering {
    rects[a][0].total_cmp(&rects[b][0]).then(a.cmp(&b))
}

/// Two unpinned boxes that overlap, the left one first. Of two overlapping boxes, the one further
/// right has its left side inside the other's x extent, so a vertical line there finds the other.
fn first_overlap(rects: &[Rect], pinned: &[bool], by_x: &StabIndex) -> Option<(usize, usize)> {
    let mut found = None;
    for (j, r) in rects.iter().enumerate() {
        if pinned[j] {
            continue;
        }
        let [lo, hi] = [r[1].min(r[1] + r[3]), r[1].max(r[1] + r[3])];
        by_x.query(r[0], lo, hi, |i| {
            if found.is_none() && i != j && overlaps(rects[i], *r, 0.5) {
                found = Some(if leftmost(rects, i, j).is_lt() { (i, j) } else { (j, i) });
            }
        });
        if found.is_some() {
            break;
        }
    }
    found
}

/// The leftmost box whose interior the axis-parallel segment `a–b` enters: a vertical segment
/// asks the boxes its x stabs, a horizontal one the boxes its y stabs.
fn box_hit(a: Point, b: Point, rects: &[Rect], by_x: &StabIndex, by_y: &StabIndex) -> Option<usize> {
    let mut hit: Option<usize> = None;
    let mut check = |k: usize| {
        if segment_hits_rect(a, b, rects[k], 0.5) && hit.is_none_or(|h| leftmost(rects, k, h).is_lt()) {
            hit = Some(k);
        }
    };
    if a[0] == b[0] {
        by_x.query(a[0], a[1].min(b[1]), a[1].max(b[1]), &mut check);
    } else {
        by_y.query(a[1], a[0].min(b[0]), a[0].max(b[0]), &mut check);
    }
    hit
}

pub fn verify(graph: &ErdGraph, l: &Layout, pins: &BTreeMap<String, [f64; 2]>) -> Result<(), String> {
    if l.tables.len() != graph.tables.len() {
        return Err(format!("{} boxes for {} tables", l.tables.len(), graph.tables.len()));
    }
    if l.edges.len() != graph.edges.len() {
        return Err(format!("{} edges for {} foreign keys", l.edges.len(), graph.edges.len()));
    }
    let ok = |v: f64| v.is_finite() && v >= -0.01;
    if !(l.width.is_finite() && l.height.is_finite()) {
        return Err("non-finite size".into());
    }
    let rects: Vec<Rect> = l.tables.iter().map(|t| [t.x, t.y, t.width, t.height]).collect();
    for (i, r) in rects.iter().enumerate() {
        if !r.iter().all(|&v| ok(v)) || r[0] + r[2] > l.width + 0.01 || r[1] + r[3] > l.height + 0.01 {
            return Err(format!("box {} ({}) out of bounds: {r:?}", i, l.tables[i].key));
        }
    }
    let pinned: Vec<bool> = l.tables.iter().map(|t| pins.contains_key(&t.key)).collect();
    // Boxes by x extent (stabbed by a vertical line), the unpinned ones only: pairs involving a
    // pinned box are exempt from the overlap check.
    let extent = |r: &Rect, axis: usize| [r[axis].min(r[axis] + r[axis + 2]), r[axis].max(r[axis] + r[axis + 2])];
    let boxes_x: Vec<([f64; 2], [f64; 2])> = rects
        .iter()
        .zip(&pinned)
        .map(|(r, &p)| if p { ([0.0, 0.0], [0.0, 0.0]) } else { (extent(r, 0), extent(r, 1)) })
        .collect();
    let by_x = StabIndex::new(&boxes_x);
    if let Some((i, j)) = first_overlap(&rects, &pinned, &by_x) {
        return Err(format!("boxes {} and {} overlap", l.tables[i].key, l.tables[j].key));
    }
    // Without pins every box is in `by_x`; horizontal segments need the boxes by y extent.
    let by_y = pins.is_empty().then(|| StabIndex::new(&rects.iter().map(|r| (extent(r, 1), extent(r, 0))).collect::<Vec<_>>()));
    let index = graph.key_index();
    for (id, (e, r)) in graph.edges.iter().zip(&l.edges).enumerate() {
        let known = index.contains_key(e.from.table.as_str()) || index.contains_key(e.to.table.as_str());
        if !known {
            continue;
        }
        if r.points.len() < 2 {
            return Err(format!("edge {id} has no polyline"));
        }
        for s in r.points.windows(2) {
            let (a, b) = (s[0], s[1]);
            if !(ok(a[0]) && ok(a[1]) && ok(b[0]) && ok(b[1])) {
                return Err(format!("edge {id} has a bad point"));
            }
            if a[0] != b[0] && a[1] != b[1] {
                return Err(format!("edge {id} has a diagonal segment {a:?}–{b:?}"));
            }
            if a[0] > l.width + 0.01 || b[0] > l.width + 0.01 || a[1] > l.height + 0.01 || b[1] > l.height + 0.01 {
                return Err(format!("edge {id} leaves the drawing"));
            }
            if let Some(by_y) = &by_y {
                if let Some(k) = box_hit(a, b, &rects, &by_x, by_y) {
                    return Err(format!("edge {id} passes through box {}", l.tables[k].key));
                }
            }
        }
    }
    Ok(())
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Proper crossing point of two segments (interiors cross at one point), if any.
fn cross(a: Point, b: Point, c: Point, d: Point) -> Option<Point> {
    let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b));
    let eps = 1e-9;
    if ((o1 > eps && o2 < -eps) || (o1 < -eps && o2 > eps)) && ((o3 > eps && o4 < -eps) || (o3 < -eps && o4 > eps)) {
        let t = o3 / (o3 - o4);
        Some([a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])])
    } else {
        None
    }
}

/// Number of proper crossings between segments of different polylines (grid-bucketed).
pub fn count_crossings(polylines: &[Vec<Point>]) -> usize {
    count_crossings_between(polylines, None)
}

/// Like [`count_crossings`], but when `ends` gives the two tables of each polyline, crossings
/// between edges that share a table are not counted (edges fanning out of one box).
pub fn count_crossings_between(polylines: &[Vec<Point>], ends: Option<&[(usize, usize)]>) -> usize {
    let adjacent = |a: usize, b: usize| -> bool {
        match ends {
            Some(e) => match (e.get(a), e.get(b)) {
                (Some(x), Some(y)) => x.0 == y.0 || x.0 == y.1 || x.1 == y.0 || x.1 == y.1,
                _ => false,
            },
            None => false,
        }
    };
    let mut segs: Vec<(usize, Point, Point)> = Vec::new();
    for (i, p) in polylines.iter().enumerate() {
        for s in p.windows(2) {
            if s[0] != s[1] {
                segs.push((i, s[0], s[1]));
            }
        }
    }
    if segs.len() < 2 {
        return 0;
    }
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for &(_, a, b) in &segs {
        x0 = x0.min(a[0]).min(b[0]);
        y0 = y0.min(a[1]).min(b[1]);
        x1 = x1.max(a[0]).max(b[0]);
        y1 = y1.max(a[1]).max(b[1]);
    }
    let side = (x1 - x0).max(y1 - y0).max(1.0);
    let cells = ((segs.len() as f64).sqrt().ceil() as usize).clamp(1, 512);
    let cs = side / cells as f64 + 1e-9;
    let cell = |v: f64, o: f64| (((v - o) / cs) as usize).min(cells - 1);
    let mut grid: Vec<Vec<usize>> = vec![Vec::new(); cells * cells];
    for (k, &(_, a, b)) in segs.iter().enumerate() {
        let (cx0, cx1) = (cell(a[0].min(b[0]), x0), cell(a[0].max(b[0]), x0));
        let (cy0, cy1) = (cell(a[1].min(b[1]), y0), cell(a[1].max(b[1]), y0));
        for cy in cy0..=cy1 {
            for cx in cx0..=cx1 {
                grid[cy * cells + cx].push(k);
            }
        }
    }
    let mut count = 0;
    for (ci, bucket) in grid.iter().enumerate() {
        for (i, &s) in bucket.iter().enumerate() {
            for &t in &bucket[i + 1..] {
                let (ps, a, b) = segs[s];
                let (pt, c, d) = segs[t];
                if ps == pt || adjacent(ps, pt) {
                    continue;
                }
                if let Some(p) = cross(a, b, c, d) {
                    if cell(p[1], y0) * cells + cell(p[0], x0) == ci {
                        count += 1;
                    }
                }
            }
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossings_counted_once() {
        let a = vec![[0.0, 5.0], [10.0, 5.0]];
        let b = vec![[5.0, 0.0], [5.0, 10.0]];
        let c = vec![[0.0, 5.0], [0.0, 10.0]]; // touches a's end: not a crossing
        assert_eq!(count_crossings(&[a.clone(), b.clone(), c]), 1);
        let long: Vec<Vec<Point>> = (0..50).map(|i| vec![[i as f64, -1.0], [i as f64, 100.0]]).collect();
        let mut all = long;
        all.push(vec![[-1.0, 50.0], [100.0, 50.0]]);
        assert_eq!(count_crossings(&all), 50);
    }

    /// The checks by brute force (every pair of boxes, every segment against every box).
    fn brute(l: &Layout, pins: &BTreeMap<String, [f64; 2]>) -> Option<&'static str> {
        let rects: Vec<Rect> = l.tables.iter().map(|t| [t.x, t.y, t.width, t.height]).collect();
        let pinned: Vec<bool> = l.tables.iter().map(|t| pins.contains_key(&t.key)).collect();
        for i in 0..rects.len() {
            for j in i + 1..rects.len() {
                if !pinned[i] && !pinned[j] && overlaps(rects[i], rects[j], 0.5) {
                    return Some("overlap");
                }
            }
        }
        let through = l.edges.iter().flat_map(|e| e.points.windows(2)).any(|s| rects.iter().any(|&r| segment_hits_rect(s[0], s[1], r, 0.5)));
        (pins.is_empty() && through).then_some("passes through")
    }

    /// Random boxes on a coarse grid (so sides coincide) and random orthogonal polylines: the
    /// verifier finds a violation exactly when the brute-force check does, and of the same kind.
    #[test]
    fn same_verdict_as_brute_force() {
        use crate::erd::{EdgeRef, EdgeRoute, ErdEdge, ErdTable, TableBox};
        let mut rng = crate::rng::Rng(11);
        let mut next = |m: u64| rng.below_f64(m as usize);
        let mut kinds = [0usize; 3];
        for round in 0..600 {
            let n = 2 + round % 9;
            let tables: Vec<ErdTable> = (0..n).map(|i| ErdTable::new(format!("t{i}"))).collect();
            let boxes: Vec<TableBox> = (0..n)
                .map(|i| TableBox {
                    key: format!("t{i}"),
                    schema: None,
                    name: format!("t{i}"),
                    x: next(12) * 10.0,
                    y: next(12) * 10.0,
                    width: next(4) * 10.0 + 0.5 * next(2),
                    height: next(4) * 10.0,
                    kind: Default::default(),
                    partitions: 0,
                })
                .collect();
            let polyline = |next: &mut dyn FnMut(u64) -> f64| {
                let mut p = vec![[next(16) * 10.0 + next(3) * 0.25, next(16) * 10.0]];
                for k in 0..1 + next(3) as usize {
                    let [px, py] = p[p.len() - 1];
                    p.push(if k % 2 == 0 { [next(16) * 10.0, py] } else { [px, next(16) * 10.0] });
                }
                p
            };
            let edges: Vec<EdgeRoute> = (0..1 + round % 3)
                .map(|_| {
                    let end = EdgeRef { schema: None, table: "t0".into(), columns: vec![] };
                    EdgeRoute { name: None, from: end.clone(), to: end, points: polyline(&mut next), dangling: false, dependency: false }
                })
                .collect();
            let graph = ErdGraph {
                tables,
                edges: edges.iter().map(|_| ErdEdge::new("t0", &[], "t0", &[])).collect(),
            };
            let l = Layout { width: 200.0, height: 200.0, tables: boxes, edges, notes: vec![] };
            let mut pins = BTreeMap::new();
            if round % 4 == 0 {
                pins.insert("t1".to_string(), [0.0, 0.0]);
            }
            let want = brute(&l, &pins);
            let got = verify(&graph, &l, &pins);
            kinds[match want { None => 0, Some("overlap") => 1, _ => 2 }] += 1;
            match (want, &got) {
                (None, Ok(())) => {}
                (Some(w), Err(e)) if e.contains(w) => {}
                _ => panic!("round {round}: brute force {want:?}, verify {got:?}\n{l:?}"),
            }
        }
        // The random layouts exercise all three outcomes.
        assert!(kinds.iter().all(|&k| k > 20), "{kinds:?}");
    }

    #[test]
    fn segment_vs_rect() {
        let r = [10.0, 10.0, 10.0, 10.0];
        assert!(segment_hits_rect([0.0, 15.0], [30.0, 15.0], r, 0.5));
        assert!(!segment_hits_rect([0.0, 15.0], [10.0, 15.0], r, 0.5));
        assert!(!segment_hits_rect([0.0, 10.0], [30.0, 10.0], r, 0.5));
        assert!(segment_hits_rect([12.0, 12.0], [13.0, 13.0], r, 0.5));
    }
}
