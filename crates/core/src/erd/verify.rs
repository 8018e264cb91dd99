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
//! `layout` runs it in debug builds; the tests run it on random graphs. [`count_crossings`] counts
//! proper crossings between polylines of different edges (used by the benchmark, also for dot's
//! output).

use super::graph::ErdGraph;
use super::p5_routing::Point;
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
    let mut by_x: Vec<usize> = (0..rects.len()).collect();
    by_x.sort_by(|&a, &b| rects[a][0].total_cmp(&rects[b][0]));
    for (k, &i) in by_x.iter().enumerate() {
        for &j in &by_x[k + 1..] {
            if rects[j][0] >= rects[i][0] + rects[i][2] {
                break;
            }
            if !pinned[i] && !pinned[j] && overlaps(rects[i], rects[j], 0.5) {
                return Err(format!("boxes {} and {} overlap", l.tables[i].key, l.tables[j].key));
            }
        }
    }
    let index = graph.key_index();
    let max_w = rects.iter().map(|r| r[2]).fold(0.0, f64::max);
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
            if pins.is_empty() {
                let (lo, hi) = (a[0].min(b[0]), a[0].max(b[0]));
                let start = by_x.partition_point(|&k| rects[k][0] < lo - max_w);
                for &k in &by_x[start..] {
                    if rects[k][0] > hi {
                        break;
                    }
                    if segment_hits_rect(a, b, rects[k], 0.5) {
                        return Err(format!("edge {id} passes through box {}", l.tables[k].key));
                    }
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

    #[test]
    fn segment_vs_rect() {
        let r = [10.0, 10.0, 10.0, 10.0];
        assert!(segment_hits_rect([0.0, 15.0], [30.0, 15.0], r, 0.5));
        assert!(!segment_hits_rect([0.0, 15.0], [10.0, 15.0], r, 0.5));
        assert!(!segment_hits_rect([0.0, 10.0], [30.0, 10.0], r, 0.5));
        assert!(segment_hits_rect([12.0, 12.0], [13.0, 13.0], r, 0.5));
    }
}
