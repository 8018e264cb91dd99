//! What the live diagram paints over everything while relationships are highlighted (a hovered
//! edge, or a hovered table's edges): for each one its whole route (`<path class="hl-route">`)
//! and, when rows are drawn, the rows of its columns at both ends (`<rect class="hl-row">`).
//!
//! Why a layer of its own: edges leaving one port share a trunk (`p5_routing`), so an edge
//! highlighted in place is partly covered by its neighbours drawn after it, and a hovered shared
//! segment would light every edge on it. Drawn once more above the boxes, the route of exactly the
//! highlighted relationship shows end to end, and its two end columns with it.

use super::graph::{EdgeEnd, ErdGraph};
use super::measure::{HEADER_H, ROW_H};
use super::svg::{n as num, polyline};
use super::Layout;
use std::fmt::Write;

/// The highlight of the relationships `edges` (indices into `g.edges` / `layout.edges`; unknown
/// ones are skipped). `rows`: also tint the end columns' rows (the boxes draw their rows).
pub fn highlight(g: &ErdGraph, layout: &Layout, edges: &[usize], rows: bool) -> String {
    let index = g.key_index();
    let mut out = String::new();
    let mut tinted: Vec<(usize, usize)> = Vec::new();
    for &i in edges {
        let (Some(e), Some(r)) = (g.edges.get(i), layout.edges.get(i)) else { continue };
        if r.points.len() < 2 {
            continue;
        }
        polyline(&mut out, " class=\"hl-route\"", &r.points);
        if rows {
            for end in [&e.from, &e.to] {
                end_rows(&index, g, end, &mut tinted);
            }
        }
    }
    tinted.sort_unstable();
    tinted.dedup();
    for (t, c) in tinted {
        let Some(b) = layout.tables.get(t) else { continue };
        let _ = write!(
            out,
            "<rect class=\"hl-row\" data-key=\"{}\" data-row=\"{c}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            super::svg::escape(&b.key),
            num(b.x + 1.0),
            num(b.y + HEADER_H + ROW_H * c as f64),
            num((b.width - 2.0).max(0.0)),
            num(ROW_H)
        );
    }
    out
}

/// The (table index, row) pairs of `end`'s columns that the table draws.
fn end_rows(index: &std::collections::BTreeMap<&str, usize>, g: &ErdGraph, end: &EdgeEnd, out: &mut Vec<(usize, usize)>) {
    let Some(&t) = index.get(end.table.as_str()) else { return };
    let n = g.tables[t].columns.len();
    out.extend(end.columns.iter().filter(|&&c| c < n).map(|&c| (t, c)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{layout, ErdEdge, ErdTable, LayoutOptions};

    /// `orders.user_id` and `posts.user_id` both reference `users.id`: their routes share the
    /// trunk at the users end.
    fn shared_trunk() -> (ErdGraph, Layout) {
        let g = ErdGraph {
            tables: vec![
                ErdTable::new("users").col("id", "int").col("name", "text"),
                ErdTable::new("orders").col("id", "int").col("user_id", "int"),
                ErdTable::new("posts").col("id", "int").col("title", "text").col("user_id", "int"),
            ],
            edges: vec![ErdEdge::new("orders", &[1], "users", &[0]), ErdEdge::new("posts", &[2], "users", &[0])],
        };
        let l = layout(&g, &LayoutOptions::default());
        (g, l)
    }

    fn route_d(pts: &[[f64; 2]]) -> String {
        pts.iter().enumerate().map(|(k, p)| format!("{}{} {}", if k == 0 { 'M' } else { 'L' }, num(p[0]), num(p[1]))).collect()
    }

    #[test]
    fn one_edge_whole_route_and_its_two_end_rows_even_on_a_shared_trunk() {
        let (g, l) = shared_trunk();
        let (a, b) = (&l.edges[0].points, &l.edges[1].points);
        // the case this is about: the two routes run along a common stretch
        let common = |p: &[[f64; 2]], q: &[[f64; 2]]| p.iter().filter(|x| q.contains(x)).count();
        assert!(common(a, b) >= 1, "the routes share a port/trunk point: {a:?} {b:?}");
        let hl = highlight(&g, &l, &[0], true);
        assert_eq!(hl.matches("class=\"hl-route\"").count(), 1);
        assert!(hl.contains(&format!("d=\"{}\"", route_d(a))), "{hl}");
        assert!(!hl.contains(&route_d(b)));
        // orders row 1 (user_id) and users row 0 (id), where the boxes draw those rows
        let (users, orders) = (&l.tables[0], &l.tables[1]);
        for (b, row) in [(users, 0.0), (orders, 1.0)] {
            let rect = format!("data-key=\"{}\" data-row=\"{row}\" x=\"{}\" y=\"{}\"", b.key, num(b.x + 1.0), num(b.y + HEADER_H + ROW_H * row));
            assert!(hl.contains(&rect), "{rect} in {hl}");
        }
        assert_eq!(hl.matches("hl-row").count(), 2);
        let other = highlight(&g, &l, &[1], true);
        assert!(other.contains(&format!("d=\"{}\"", route_d(b))) && !other.contains(&route_d(a)));
    }

    #[test]
    fn rows_only_when_drawn_unknown_and_dangling_edges_are_safe() {
        let (mut g, _) = shared_trunk();
        g.edges.push(ErdEdge::new("posts", &[9], "nowhere", &[0]));
        let l = layout(&g, &LayoutOptions::default());
        assert!(!highlight(&g, &l, &[0], false).contains("hl-row"));
        assert_eq!(highlight(&g, &l, &[7], true), "");
        // a dangling stub: its route, no row for the missing table or the out-of-range column
        let d = highlight(&g, &l, &[2], true);
        assert_eq!(d.matches("hl-route").count(), 1);
        assert_eq!(d.matches("hl-row").count(), 0);
        // a table's edges: both routes, the shared users.id row once
        let both = highlight(&g, &l, &[0, 1], true);
        assert_eq!(both.matches("hl-route").count(), 2);
        assert_eq!(both.matches("data-key=\"users\" data-row=\"0\"").count(), 1);
    }
}
