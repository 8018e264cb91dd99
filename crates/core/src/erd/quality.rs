//! Drawing quality figures, computed the same way for our layout and for another tool's drawing.
//!
//! Contract: [`measure`] takes box rectangles and edge polylines (any tool's, in one coordinate
//! system) and returns the figures the layout benchmark compares: proper edge crossings (counted
//! by [`verify::count_crossings`]), the area of the bounding box of everything drawn, the total
//! edge length and the number of bends (interior polyline points where the direction changes;
//! repeated and collinear points are not bends). [`overlaps`] counts what proper crossings miss:
//! pairs of edges drawn on top of each other.

use super::p5_routing::Point;
use super::verify::{self, Rect};
use super::Layout;

/// Figures of one drawing.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Quality {
    pub crossings: usize,
    /// Bounding box of boxes and edges.
    pub width: f64,
    pub height: f64,
    pub length: f64,
    pub bends: usize,
    /// Pairs of edges drawn on top of each other ([`overlaps`]).
    pub overlaps: usize,
}

impl Quality {
    pub fn area(&self) -> f64 {
        self.width * self.height
    }
}

/// Bends of one polyline: interior points where the direction changes.
pub fn bends(points: &[Point]) -> usize {
    let mut pts: Vec<Point> = Vec::with_capacity(points.len());
    for &p in points {
        if pts.last() != Some(&p) {
            pts.push(p);
        }
    }
    pts.windows(3)
        .filter(|w| {
            let (a, b, c) = (w[0], w[1], w[2]);
            let cross = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
            cross.abs() > 1e-6 * (1.0 + (b[0] - a[0]).abs() + (b[1] - a[1]).abs()) * (1.0 + (c[0] - b[0]).abs() + (c[1] - b[1]).abs())
        })
        .count()
}

/// Euclidean length of one polyline.
pub fn length(points: &[Point]) -> f64 {
    points.windows(2).map(|s| (s[1][0] - s[0][0]).hypot(s[1][1] - s[0][1])).sum()
}

/// The figures of a drawing given as boxes and polylines.
pub fn measure(boxes: &[Rect], polylines: &[Vec<Point>]) -> Quality {
    let (mut x0, mut y0, mut x1, mut y1) = (f64::INFINITY, f64::INFINITY, f64::NEG_INFINITY, f64::NEG_INFINITY);
    for r in boxes {
        x0 = x0.min(r[0]);
        y0 = y0.min(r[1]);
        x1 = x1.max(r[0] + r[2]);
        y1 = y1.max(r[1] + r[3]);
    }
    for p in polylines.iter().flatten() {
        x0 = x0.min(p[0]);
        y0 = y0.min(p[1]);
        x1 = x1.max(p[0]);
        y1 = y1.max(p[1]);
    }
    let (width, height) = if x0.is_finite() { (x1 - x0, y1 - y0) } else { (0.0, 0.0) };
    Quality {
        crossings: verify::count_crossings(polylines),
        width,
        height,
        length: polylines.iter().map(|p| length(p)).sum(),
        bends: polylines.iter().map(|p| bends(p)).sum(),
        overlaps: overlaps(polylines),
    }
}

/// Pairs of edges that run along each other (collinear axis-parallel segments sharing more than
/// one unit) without sharing an end point. Edges fanning out of one port may share a trunk, but two
/// edges between other ends drawn on one line cannot be told apart, and a proper-crossing count
/// does not see them (a drawing that puts every run of a channel on one track has no crossings
/// there). O(s log s + pairs).
pub fn overlaps(polylines: &[Vec<Point>]) -> usize {
    // (vertical?, line coordinate, lo, hi, edge)
    let mut segs: Vec<(bool, f64, f64, f64, usize)> = Vec::new();
    for (i, p) in polylines.iter().enumerate() {
        for s in p.windows(2) {
            let (a, b) = (s[0], s[1]);
            if a[0] == b[0] && a[1] != b[1] {
                segs.push((true, a[0], a[1].min(b[1]), a[1].max(b[1]), i));
            } else if a[1] == b[1] && a[0] != b[0] {
                segs.push((false, a[1], a[0].min(b[0]), a[0].max(b[0]), i));
            }
        }
    }
    crate::sort::by(&mut segs, |x, y| x.0.cmp(&y.0).then(x.1.total_cmp(&y.1)).then(x.2.total_cmp(&y.2)));
    let shares_end = |i: usize, j: usize| {
        let (p, q) = (&polylines[i], &polylines[j]);
        let ends = |v: &Vec<Point>| [v.first().copied(), v.last().copied()];
        ends(p).iter().any(|e| e.is_some() && ends(q).contains(e))
    };
    let mut pairs = std::collections::BTreeSet::new();
    for (k, s) in segs.iter().enumerate() {
        for t in &segs[k + 1..] {
            if t.0 != s.0 || t.1 != s.1 || t.2 > s.3 - 1.0 {
                break;
            }
            if t.4 != s.4 && t.3.min(s.3) - t.2 > 1.0 && !shares_end(s.4, t.4) {
                pairs.insert((s.4.min(t.4), s.4.max(t.4)));
            }
        }
    }
    pairs.len()
}

/// The figures of one of our layouts.
pub fn of_layout(l: &Layout) -> Quality {
    let boxes: Vec<Rect> = l.tables.iter().map(|t| [t.x, t.y, t.width, t.height]).collect();
    let polys: Vec<Vec<Point>> = l.edges.iter().map(|e| e.points.clone()).collect();
    measure(&boxes, &polys)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bends_ignore_repeats_and_straight_runs() {
        assert_eq!(bends(&[[0.0, 0.0], [5.0, 0.0], [10.0, 0.0]]), 0);
        assert_eq!(bends(&[[0.0, 0.0], [5.0, 0.0], [5.0, 0.0], [5.0, 8.0], [9.0, 8.0]]), 2);
        assert_eq!(bends(&[[0.0, 0.0]]), 0);
    }

    #[test]
    fn figures_of_a_small_drawing() {
        let boxes = [[10.0, 10.0, 20.0, 20.0], [100.0, 50.0, 20.0, 30.0]];
        let polys = vec![
            vec![[30.0, 20.0], [60.0, 20.0], [60.0, 60.0], [100.0, 60.0]],
            vec![[40.0, 0.0], [40.0, 90.0]],
        ];
        let q = measure(&boxes, &polys);
        assert_eq!(q.crossings, 1);
        assert_eq!((q.width, q.height), (110.0, 90.0));
        assert_eq!(q.length, 30.0 + 40.0 + 40.0 + 90.0);
        assert_eq!(q.bends, 2);
        assert_eq!(q.area(), 9900.0);
        assert_eq!(q.overlaps, 0);
    }

    #[test]
    fn overlaps_count_edges_on_one_line_but_not_a_shared_port() {
        // 0 and 1 run down x = 50 together between different ends; 2 shares 0's start (a trunk).
        let polys = vec![
            vec![[0.0, 0.0], [50.0, 0.0], [50.0, 100.0], [90.0, 100.0]],
            vec![[0.0, 40.0], [50.0, 40.0], [50.0, 140.0], [90.0, 140.0]],
            vec![[0.0, 0.0], [50.0, 0.0], [50.0, 60.0], [90.0, 60.0]],
            vec![[0.0, 200.0], [50.0, 200.0], [50.0, 300.0], [90.0, 300.0]],
        ];
        // 0–1 overlap on 40..100, 1–2 on 40..60; 0–2 share their start; 3 only touches nothing.
        assert_eq!(overlaps(&polys), 2);
        assert_eq!(verify::count_crossings(&polys), 0);
    }
}
