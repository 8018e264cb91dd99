//! The diagram's accessible outline: what a keyboard or screen-reader user gets instead of the
//! picture (issue 20). The browser's outline tree and the diagram's keyboard navigation are a thin
//! view over these functions.
//!
//! Contract:
//! - [`reading_order`]: every box once, component by component (the order of
//!   [`super::components::components`]: biggest first), and within a component in the order the
//!   drawing reads: left to right by column (referenced tables are left of the tables referencing
//!   them), top to bottom within a column. Without a matching layout (a different length) the
//!   order within a component is the declaration order.
//! - [`relations`]: a box's relationships — first what it references (its foreign keys, or what a
//!   view reads), in edge order, then what references it — each naming the other box and the
//!   columns on both sides. A reference to a box not in the diagram names the key it points to. A
//!   foreign key from a table to itself appears once, as a reference.
//! - [`neighbours`]: the distinct other boxes of [`relations`], in that order: where arrow keys go.
//! - [`table_label`], [`column_label`], [`relation_label`]: the names a screen reader announces,
//!   e.g. "table orders, 6 columns, references customers, referenced by order_items".
//!
//! Edges resolve their ends like the layout does: the first box with a key wins. Nothing panics on
//! any [`ErdGraph`] (dangling edges, out-of-range column indices, duplicate keys).

use super::components::components;
use super::graph::{BoxKind, EdgeEnd, ErdColumn, ErdGraph, ErdTable};
use super::measure::header_label;
use super::Layout;

/// Which way a relationship points, seen from the box it is listed under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// This box's foreign key points at the other box.
    References,
    /// The other box's foreign key points at this box.
    ReferencedBy,
    /// This view reads the other box.
    Reads,
    /// The other view reads this box.
    ReadBy,
}

impl Direction {
    /// The words a screen reader says before the other box's name.
    pub fn words(self) -> &'static str {
        match self {
            Direction::References => "references",
            Direction::ReferencedBy => "referenced by",
            Direction::Reads => "reads",
            Direction::ReadBy => "read by",
        }
    }

    fn outgoing(self) -> bool {
        matches!(self, Direction::References | Direction::Reads)
    }
}

/// One relationship of a box (see [`relations`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    pub direction: Direction,
    /// Index of the edge in `ErdGraph::edges`.
    pub edge: usize,
    /// Index of the other box; `None` when it is not in the diagram.
    pub other: Option<usize>,
    /// The other box's display name (its key when it is not in the diagram).
    pub other_name: String,
    /// Column names on this box's side, then on the other box's side (empty for a view dependency).
    pub columns: Vec<String>,
    pub other_columns: Vec<String>,
    /// The constraint's name, when it has one.
    pub name: Option<String>,
}

/// Every box index once, in reading order (see the module doc).
pub fn reading_order(g: &ErdGraph, layout: Option<&Layout>) -> Vec<usize> {
    let keys = g.key_index();
    let pairs = g.edges.iter().filter_map(|e| Some((*keys.get(e.from.table.as_str())?, *keys.get(e.to.table.as_str())?)));
    let layout = layout.filter(|l| l.tables.len() == g.tables.len());
    let mut order = Vec::with_capacity(g.tables.len());
    for mut comp in components(g.tables.len(), pairs) {
        if let Some(l) = layout {
            // Stable sort: equal positions keep the declaration order.
            crate::sort::by(&mut comp, |&a, &b| {
                let (ta, tb) = (&l.tables[a], &l.tables[b]);
                ta.x.total_cmp(&tb.x).then(ta.y.total_cmp(&tb.y))
            });
        }
        order.extend(comp);
    }
    order
}

fn column_names(t: Option<&ErdTable>, idx: &[usize]) -> Vec<String> {
    let Some(t) = t else { return Vec::new() };
    idx.iter().filter_map(|&i| t.columns.get(i)).map(|c| c.name.clone()).collect()
}

/// The relationships of every box, by box index (see the module doc): one pass over the edges.
pub fn all_relations(g: &ErdGraph) -> Vec<Vec<Relation>> {
    let keys = g.key_index();
    let mut outgoing: Vec<Vec<Relation>> = vec![Vec::new(); g.tables.len()];
    let mut incoming: Vec<Vec<Relation>> = vec![Vec::new(); g.tables.len()];
    for (i, e) in g.edges.iter().enumerate() {
        let from = keys.get(e.from.table.as_str()).copied();
        let to = keys.get(e.to.table.as_str()).copied();
        let (out_dir, in_dir) = if e.dependency {
            (Direction::Reads, Direction::ReadBy)
        } else {
            (Direction::References, Direction::ReferencedBy)
        };
        // The relation as seen from `mine`'s end, towards `theirs`.
        let seen = |direction, mine: (Option<usize>, &EdgeEnd), theirs: (Option<usize>, &EdgeEnd)| {
            let table = |at: Option<usize>| at.and_then(|j| g.tables.get(j));
            Relation {
                direction,
                edge: i,
                other: theirs.0,
                other_name: table(theirs.0).map_or_else(|| theirs.1.table.clone(), header_label),
                columns: column_names(table(mine.0), &mine.1.columns),
                other_columns: column_names(table(theirs.0), &theirs.1.columns),
                name: e.name.clone(),
            }
        };
        if let Some(f) = from {
            outgoing[f].push(seen(out_dir, (from, &e.from), (to, &e.to)));
        }
        if let Some(t) = to.filter(|&t| Some(t) != from) {
            incoming[t].push(seen(in_dir, (to, &e.to), (from, &e.from)));
        }
    }
    for (o, i) in outgoing.iter_mut().zip(incoming) {
        o.extend(i);
    }
    outgoing
}

/// The relationships of box `index` (see the module doc); empty for an index out of range.
pub fn relations(g: &ErdGraph, index: usize) -> Vec<Relation> {
    all_relations(g).into_iter().nth(index).unwrap_or_default()
}

/// The distinct other boxes of a box's relations (`index` is the box itself), in order.
pub fn neighbours_of(rels: &[Relation], index: usize) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    for r in rels {
        if let Some(o) = r.other.filter(|&o| o != index && !out.contains(&o)) {
            out.push(o);
        }
    }
    out
}

/// The distinct other boxes box `index` is related to, in [`relations`] order.
pub fn neighbours(g: &ErdGraph, index: usize) -> Vec<usize> {
    neighbours_of(&relations(g, index), index)
}

/// The keyboard walk along relationships (arrow keys in the outline): [`Walk::forward`] goes to
/// the first related box not yet visited on this walk, [`Walk::back`] returns one step. Forward
/// and back in turn visit every neighbour of a box; forward again walks on, depth first. Moving
/// any other way starts a new walk ([`Walk::reset`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    trail: Vec<usize>,
    visited: Vec<usize>,
}

impl Walk {
    /// From box `at` with these `neighbours`: the next box, or `None` when every one was visited.
    pub fn forward(&mut self, at: usize, neighbours: &[usize]) -> Option<usize> {
        if !self.visited.contains(&at) {
            self.visited.push(at);
        }
        let next = neighbours.iter().copied().find(|n| !self.visited.contains(n))?;
        self.trail.push(at);
        self.visited.push(next);
        Some(next)
    }

    /// The box the last forward step came from, or `None` at the walk's start.
    pub fn back(&mut self) -> Option<usize> {
        self.trail.pop()
    }

    pub fn reset(&mut self) {
        self.trail.clear();
        self.visited.clear();
    }
}

fn kind_word(t: &ErdTable) -> &'static str {
    match t.kind {
        BoxKind::Table => "table",
        BoxKind::View => "view",
        BoxKind::MaterializedView => "materialized view",
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Joins names as a list a person says: "a", "a and b", "a, b and c".
fn spoken_list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The announced name of box `index`: kind, name, column count, partitions, change, and the
/// boxes it relates to grouped by direction, e.g.
/// "table orders, 6 columns, references customers, referenced by order_items".
pub fn table_label(g: &ErdGraph, index: usize) -> String {
    table_label_with(g, index, &relations(g, index))
}

/// [`table_label`] from the box's relations (as [`all_relations`] gives them).
pub fn table_label_with(g: &ErdGraph, index: usize, rels: &[Relation]) -> String {
    let Some(t) = g.tables.get(index) else { return String::new() };
    let mut parts = vec![format!("{} {}", kind_word(t), header_label(t)), plural(t.columns.len(), "column", "columns")];
    if t.partitions > 0 {
        parts.push(plural(t.partitions, "partition", "partitions"));
    }
    if let Some(c) = t.change {
        parts.push(c.id().to_string());
    }
    for dir in [Direction::References, Direction::Reads, Direction::ReferencedBy, Direction::ReadBy] {
        let mut names: Vec<String> = Vec::new();
        for r in rels.iter().filter(|r| r.direction == dir) {
            let n = if r.other == Some(index) { "itself".to_string() } else { r.other_name.clone() };
            if !names.contains(&n) {
                names.push(n);
            }
        }
        if !names.is_empty() {
            parts.push(format!("{} {}", dir.words(), spoken_list(&names)));
        }
    }
    parts.join(", ")
}

/// The announced name of a column: "customer_id, bigint, foreign key, nullable".
pub fn column_label(c: &ErdColumn) -> String {
    let mut parts = vec![c.name.clone()];
    if !c.type_label.is_empty() {
        parts.push(c.type_label.clone());
    }
    if c.is_pk {
        parts.push("primary key".into());
    }
    if c.is_fk {
        parts.push("foreign key".into());
    }
    if c.is_unique && !c.is_pk {
        parts.push("unique".into());
    }
    if c.nullable && !c.is_pk {
        parts.push("nullable".into());
    }
    if let Some(ch) = c.change {
        parts.push(ch.id().into());
    }
    parts.join(", ")
}

/// The announced name of a relationship: "references customers (customer_id → id)",
/// "referenced by order_items (order_id → id)", "reads orders", with "not in the diagram" for a
/// dangling reference.
pub fn relation_label(r: &Relation) -> String {
    let mut s = format!("{} {}", r.direction.words(), r.other_name);
    if !r.columns.is_empty() || !r.other_columns.is_empty() {
        let (from, to) = if r.direction.outgoing() { (&r.columns, &r.other_columns) } else { (&r.other_columns, &r.columns) };
        s.push_str(&format!(" ({} → {})", from.join(", "), to.join(", ")));
    }
    if r.other.is_none() {
        s.push_str(", not in the diagram");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{layout, ErdEdge, LayoutOptions};

    /// customers ← orders ← order_items → products; a lone `audit`.
    fn shop() -> ErdGraph {
        let mut oi = ErdEdge::new("order_items", &[1], "orders", &[0]);
        oi.name = Some("order_items_order_fk".into());
        ErdGraph {
            tables: vec![
                ErdTable::new("audit").col("id", "bigint"),
                ErdTable::new("order_items").col("id", "bigint").col("order_id", "bigint").col("product_id", "bigint"),
                ErdTable::new("orders")
                    .col("id", "bigint")
                    .col("customer_id", "bigint")
                    .col("placed_at", "timestamptz")
                    .col("status", "text")
                    .col("total", "numeric")
                    .col("note", "text"),
                ErdTable::new("customers").col("id", "bigint").col("email", "text"),
                ErdTable::new("products").col("id", "bigint"),
            ],
            edges: vec![
                ErdEdge::new("orders", &[1], "customers", &[0]),
                oi,
                ErdEdge::new("order_items", &[2], "products", &[0]),
            ],
        }
    }

    #[test]
    fn announces_kind_name_columns_and_relations_by_direction() {
        let g = shop();
        assert_eq!(table_label(&g, 2), "table orders, 6 columns, references customers, referenced by order_items");
        assert_eq!(table_label(&g, 1), "table order_items, 3 columns, references orders and products");
        assert_eq!(table_label(&g, 0), "table audit, 1 column");
        assert_eq!(table_label(&g, 99), "");
    }

    #[test]
    fn relations_list_outgoing_then_incoming_with_columns_on_both_sides() {
        let g = shop();
        let labels: Vec<String> = relations(&g, 2).iter().map(relation_label).collect();
        assert_eq!(labels, ["references customers (customer_id → id)", "referenced by order_items (order_id → id)"]);
        assert_eq!(relations(&g, 2)[1].name.as_deref(), Some("order_items_order_fk"));
        assert_eq!(neighbours(&g, 2), [3, 1]);
        assert_eq!(neighbours(&g, 1), [2, 4]);
        assert!(neighbours(&g, 0).is_empty());
    }

    #[test]
    fn reading_order_follows_the_drawing_component_by_component() {
        let g = shop();
        let l = layout(&g, &LayoutOptions::default());
        let order = reading_order(&g, Some(&l));
        let mut sorted = order.clone();
        crate::sort::ord(&mut sorted);
        assert_eq!(sorted, [0, 1, 2, 3, 4], "every box exactly once");
        // The big component first; within it, left to right as drawn: referenced before referencing.
        let pos = |i: usize| order.iter().position(|&o| o == i).unwrap();
        assert!(pos(3) < pos(2) && pos(2) < pos(1), "customers, orders, order_items: {order:?}");
        assert!(pos(4) < pos(1), "products before order_items: {order:?}");
        assert_eq!(*order.last().unwrap(), 0, "the lone table after the connected ones");
        for w in order.windows(2).take(3) {
            let (a, b) = (&l.tables[w[0]], &l.tables[w[1]]);
            assert!((a.x, a.y) <= (b.x, b.y), "drawing order within a component: {order:?}");
        }
        // Without a layout (or a stale one): declaration order within the component.
        assert_eq!(reading_order(&g, None), [1, 2, 3, 4, 0]);
        assert_eq!(reading_order(&g, Some(&Layout::default())), [1, 2, 3, 4, 0]);
    }

    #[test]
    fn self_references_views_dangling_edges_and_bad_indices_are_named_without_panic() {
        let mut dep = ErdEdge::new("recent", &[], "orders", &[]);
        dep.dependency = true;
        let mut view = ErdTable::new("recent").col("id", "");
        view.kind = BoxKind::View;
        let mut t = ErdTable::new("orders").col("id", "bigint").col("parent_id", "bigint");
        t.schema = Some("shop".into());
        let g = ErdGraph {
            tables: vec![t, view],
            edges: vec![
                ErdEdge::new("orders", &[1], "orders", &[0]),
                ErdEdge::new("orders", &[7], "gone", &[0]),
                dep,
            ],
        };
        assert_eq!(
            table_label(&g, 0),
            "table shop.orders, 2 columns, references itself and gone, read by recent"
        );
        assert_eq!(table_label(&g, 1), "view recent, 1 column, reads shop.orders");
        let labels: Vec<String> = relations(&g, 0).iter().map(relation_label).collect();
        assert_eq!(labels, ["references shop.orders (parent_id → id)", "references gone, not in the diagram", "read by recent"]);
        assert_eq!(neighbours(&g, 0), [1], "itself and a missing box are not places to go");
        assert_eq!(reading_order(&g, None), [0, 1]);
    }

    #[test]
    fn the_walk_reaches_every_neighbour_and_returns_along_its_trail() {
        let g = shop();
        let nb = |i: usize| neighbours(&g, i);
        let mut w = Walk::default();
        // orders → customers (a dead end: its only neighbour was visited), back, → order_items → products.
        assert_eq!(w.forward(2, &nb(2)), Some(3));
        assert_eq!(w.forward(3, &nb(3)), None);
        assert_eq!(w.back(), Some(2));
        assert_eq!(w.forward(2, &nb(2)), Some(1));
        assert_eq!(w.forward(1, &nb(1)), Some(4));
        assert_eq!(w.back(), Some(1));
        assert_eq!(w.forward(1, &nb(1)), None, "orders and products visited");
        assert_eq!(w.back(), Some(2));
        assert_eq!(w.back(), None);
        w.reset();
        assert_eq!(w.forward(0, &nb(0)), None, "a lone table has nowhere to go");
        assert_eq!(w.forward(4, &nb(4)), Some(1));
    }

    #[test]
    fn column_labels_say_type_and_keys() {
        let c = ErdColumn { name: "customer_id".into(), type_label: "bigint".into(), is_fk: true, nullable: true, ..Default::default() };
        assert_eq!(column_label(&c), "customer_id, bigint, foreign key, nullable");
        let pk = ErdColumn { name: "id".into(), type_label: "uuid".into(), is_pk: true, is_unique: true, nullable: true, ..Default::default() };
        assert_eq!(column_label(&pk), "id, uuid, primary key");
    }
}
