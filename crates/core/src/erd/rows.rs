//! Where a drawn box's column rows are (issue 19, editing from the diagram): which table and
//! which part of which row a point of the layout falls on, and the rectangles the app puts its
//! row controls on (the relationship handle at a row's right edge, the inline editor over the
//! row). The same measures `svg::render_table` draws with (`measure`), so a hit is where the row
//! is drawn.

use super::measure::{self, HEADER_H, NAME_TYPE_GAP, PAD_X, ROW_H};
use super::view::Rect;
use super::{ErdGraph, ErdTable, Layout, TableBox};

/// Half the width of the band around a box's right edge where a row's relationship handle is.
pub const HANDLE_HALF: f64 = 7.0;

/// What part of a row a point is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The key markers and the name.
    Name,
    /// The type (and the nullable mark).
    Type,
    /// The relationship handle on the right edge.
    Handle,
}

/// A point on a drawn box: the table (its index in the graph and layout) and, below the header,
/// the column row and the part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub table: usize,
    pub row: Option<(usize, Part)>,
}

/// The box (topmost: the last drawn) under layout point `(x, y)`, the handle band included.
pub fn hit(graph: &ErdGraph, layout: &Layout, x: f64, y: f64) -> Option<Hit> {
    let i = (0..layout.tables.len().min(graph.tables.len())).rev().find(|&i| {
        let b = &layout.tables[i];
        x >= b.x && x <= b.x + b.width + HANDLE_HALF && y >= b.y && y <= b.y + b.height
    })?;
    Some(Hit { table: i, row: row_at(&graph.tables[i], &layout.tables[i], x - layout.tables[i].x, y - layout.tables[i].y) })
}

/// The row and part at box-relative `(x, y)` of table `t` drawn as `b`.
pub fn row_at(t: &ErdTable, b: &TableBox, x: f64, y: f64) -> Option<(usize, Part)> {
    if y < HEADER_H || x < 0.0 || x > b.width + HANDLE_HALF {
        return None;
    }
    let row = ((y - HEADER_H) / ROW_H) as usize;
    if row >= t.columns.len() {
        return None;
    }
    let part = if x >= b.width - HANDLE_HALF {
        Part::Handle
    } else if x < type_x(t) - NAME_TYPE_GAP / 2.0 {
        Part::Name
    } else {
        Part::Type
    };
    Some((row, part))
}

/// Box-relative x where the type column starts (as `svg::render_table` draws it).
pub fn type_x(t: &ErdTable) -> f64 {
    PAD_X + measure::MARKER_W + measure::measure_table(t).name_w + NAME_TYPE_GAP
}

/// Layout rectangle `[x0, y0, x1, y1]` of row `row` of the box `b`.
pub fn row_rect(b: &TableBox, row: usize) -> Rect {
    let top = b.y + HEADER_H + ROW_H * row as f64;
    [b.x, top, b.x + b.width, top + ROW_H]
}

/// Layout point of row `row`'s relationship handle (the middle of the row's right edge).
pub fn handle_point(b: &TableBox, row: usize) -> (f64, f64) {
    let r = row_rect(b, row);
    (r[2], (r[1] + r[3]) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dialect::Dialect;
    use crate::erd::{from_schema, layout, svg::Detail, LayoutOptions};
    use crate::parse::parse;

    const SQL: &str = "CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL);\n\
                       CREATE TABLE posts (id bigint PRIMARY KEY, author bigint REFERENCES users (id), title varchar(200));\n";

    fn drawn() -> (ErdGraph, Layout) {
        let g = from_schema(&parse(SQL, Dialect::Postgres).schema);
        let l = layout(&g, &LayoutOptions::default());
        (g, l)
    }

    /// Every column's drawn text (from the SVG the app shows) lies in the part the hit test gives
    /// it, and the handle band is at the box's right edge.
    #[test]
    fn hits_follow_the_drawn_rows() {
        let (g, l) = drawn();
        for (ti, (t, b)) in g.tables.iter().zip(&l.tables).enumerate() {
            let mut svg = String::new();
            crate::erd::render_table(&mut svg, t, b, Detail::Full);
            for (ri, c) in t.columns.iter().enumerate() {
                // the x of the column's name and type texts, read from the SVG itself
                let xs: Vec<f64> = svg
                    .split("<text class=\"")
                    .filter(|s| s.starts_with("col") || s.starts_with("type"))
                    .map(|s| s.split("x=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).expect("x"))
                    .collect();
                let (name_x, type_x) = (xs[2 * ri], xs[2 * ri + 1]);
                let y = b.y + HEADER_H + ROW_H * ri as f64 + ROW_H / 2.0;
                assert_eq!(hit(&g, &l, b.x + name_x + 2.0, y), Some(Hit { table: ti, row: Some((ri, Part::Name)) }), "{}.{}", t.key, c.name);
                assert_eq!(hit(&g, &l, b.x + type_x + 2.0, y), Some(Hit { table: ti, row: Some((ri, Part::Type)) }), "{}.{}", t.key, c.name);
                let (hx, hy) = handle_point(b, ri);
                assert_eq!(hit(&g, &l, hx + HANDLE_HALF - 1.0, hy), Some(Hit { table: ti, row: Some((ri, Part::Handle)) }));
                assert_eq!(hit(&g, &l, hx - HANDLE_HALF + 1.0, hy + ROW_H / 2.0 - 1.0), Some(Hit { table: ti, row: Some((ri, Part::Handle)) }));
            }
            assert_eq!(hit(&g, &l, b.x + 10.0, b.y + 5.0), Some(Hit { table: ti, row: None }), "the header");
        }
    }

    #[test]
    fn outside_boxes_nothing() {
        let (g, l) = drawn();
        assert_eq!(hit(&g, &l, -5.0, -5.0), None);
        let b = &l.tables[0];
        assert_eq!(hit(&g, &l, b.x + b.width + HANDLE_HALF + 1.0, b.y + HEADER_H + 1.0), None);
        assert_eq!(hit(&g, &l, b.x + 5.0, b.y + b.height + 1.0), None);
        assert_eq!(row_rect(b, 1), [b.x, b.y + HEADER_H + ROW_H, b.x + b.width, b.y + HEADER_H + 2.0 * ROW_H]);
    }
}
