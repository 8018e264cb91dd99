//! Drawing quality figures, computed the same way for our layout and for another tool's drawing.
//!
//! Contract: [`measure`] takes box rectangles and edge polylines (any tool's, in one coordinate
//! system) and returns the figures the layout benchmark compares: proper edge crossings (counted
//! by [`verify::count_crossings`]), the area of the bounding box of everything drawn, the total
//! edge length and the number of bends (interior polyline points where the direction changes;
//! repeated and collinear points are not bends).

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
    }
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
    }
}
