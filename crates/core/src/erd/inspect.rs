//! The relationship inspector's content: for a selected table, the tables it references and the
//! tables that reference it, each with the columns involved (`orders.user_id → id`), in the
//! graph's order. Foreign keys only (a view's dependencies are not relationships); a
//! self-reference is listed on both sides; a foreign key to a table not in the graph is listed
//! with `missing` set (there is nowhere to jump).

use super::graph::{EdgeEnd, ErdGraph};

/// One relationship seen from the inspected table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    /// The other table's key (where a click jumps).
    pub table: String,
    /// `user_id → users.id` (references) or `orders.user_id → id` (referenced by).
    pub label: String,
    /// The other table is not in the graph.
    pub missing: bool,
}

/// What a table references, and what references it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Relations {
    pub references: Vec<Related>,
    pub referenced_by: Vec<Related>,
}

/// The relations of the table `key` in `g` (empty lists when it has none or does not exist).
pub fn relations(g: &ErdGraph, key: &str) -> Relations {
    let index = g.key_index();
    let cols = |end: &EdgeEnd| -> String {
        let Some(t) = index.get(end.table.as_str()).map(|&i| &g.tables[i]) else { return String::new() };
        let names: Vec<&str> = end.columns.iter().filter_map(|&c| t.columns.get(c).map(|c| c.name.as_str())).collect();
        match names.as_slice() {
            [] => String::new(),
            [one] => (*one).to_string(),
            many => format!("({})", many.join(", ")),
        }
    };
    let dotted = |table: &str, cols: String| if cols.is_empty() { table.to_string() } else { format!("{table}.{cols}") };
    let mut out = Relations::default();
    for e in g.edges.iter().filter(|e| !e.dependency) {
        if e.from.table == key {
            let (mine, theirs) = (cols(&e.from), dotted(&e.to.table, cols(&e.to)));
            let label = if mine.is_empty() { format!("→ {theirs}") } else { format!("{mine} → {theirs}") };
            out.references.push(Related { table: e.to.table.clone(), label, missing: !index.contains_key(e.to.table.as_str()) });
        }
        if e.to.table == key {
            let (theirs, mine) = (dotted(&e.from.table, cols(&e.from)), cols(&e.to));
            let label = if mine.is_empty() { theirs } else { format!("{theirs} → {mine}") };
            out.referenced_by.push(Related { table: e.from.table.clone(), label, missing: false });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{ErdEdge, ErdTable};

    fn shop() -> ErdGraph {
        let mut dep = ErdEdge::new("report", &[], "orders", &[]);
        dep.dependency = true;
        ErdGraph {
            tables: vec![
                ErdTable::new("users").col("id", "int").col("manager_id", "int"),
                ErdTable::new("orders").col("id", "int").col("user_id", "int").col("a", "int").col("b", "int"),
                ErdTable::new("items").col("order_id", "int"),
                ErdTable::new("report"),
            ],
            edges: vec![
                ErdEdge::new("orders", &[1], "users", &[0]),
                ErdEdge::new("items", &[0], "orders", &[0]),
                ErdEdge::new("users", &[1], "users", &[0]),
                ErdEdge::new("orders", &[2, 3], "ghost", &[0, 1]),
                dep,
            ],
        }
    }

    fn labels(r: &[Related]) -> Vec<&str> {
        r.iter().map(|r| r.label.as_str()).collect()
    }

    #[test]
    fn both_directions_with_their_columns() {
        let g = shop();
        let o = relations(&g, "orders");
        assert_eq!(labels(&o.references), ["user_id → users.id", "(a, b) → ghost"]);
        assert_eq!(o.references.iter().map(|r| (r.table.as_str(), r.missing)).collect::<Vec<_>>(), [("users", false), ("ghost", true)]);
        assert_eq!(labels(&o.referenced_by), ["items.order_id → id"], "a view's dependency is not listed");
        assert_eq!(o.referenced_by[0].table, "items");
        // a self-reference on both sides
        let u = relations(&g, "users");
        assert_eq!(labels(&u.references), ["manager_id → users.id"]);
        assert_eq!(labels(&u.referenced_by), ["orders.user_id → id", "users.manager_id → id"]);
        assert_eq!(relations(&g, "report"), Relations::default());
        assert_eq!(relations(&g, "nothing"), Relations::default());
    }

    #[test]
    fn every_edge_is_listed_once_on_each_side() {
        let g = crate::erd::synthetic::synthetic(80, 3);
        let (mut refs, mut by) = (0, 0);
        for t in &g.tables {
            let r = relations(&g, &t.key);
            refs += r.references.len();
            by += r.referenced_by.len();
            for x in r.references.iter().chain(&r.referenced_by) {
                assert!(g.tables.iter().any(|t| t.key == x.table) != x.missing);
            }
        }
        let fks = g.edges.iter().filter(|e| !e.dependency).count();
        assert_eq!(refs, fks);
        assert_eq!(by, g.edges.iter().filter(|e| !e.dependency && g.tables.iter().any(|t| t.key == e.to.table)).count());
    }
}
