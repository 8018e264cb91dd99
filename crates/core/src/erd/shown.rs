//! The diagram's detail selector: every column, key columns only, or table names only
//! ([`Shown`]), kept in share links as the view option `diagram.detail` (absent: every column, so
//! links made before the option existed open as they always did).
//!
//! A choice below [`Shown::All`] draws a smaller graph ([`shown_graph`]) rather than hiding rows:
//! boxes shrink to what they show and the layout packs them, so a 66-table dump fits on one
//! screen with its names readable. Edges keep pointing at the same columns (indices remapped);
//! an edge whose columns are not shown attaches to the box's header.

use super::choice::ViewChoice;
use super::graph::ErdGraph;
use super::svg::is_key_column;
use std::collections::BTreeMap;

/// What each table box lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shown {
    #[default]
    All,
    /// Primary, foreign and unique key columns.
    Keys,
    /// No columns: the table names and their relationships.
    Names,
}

impl ViewChoice for Shown {
    const KEY: &'static str = "diagram.detail";
    const ALL: &'static [Shown] = &[Shown::All, Shown::Keys, Shown::Names];

    fn id(self) -> &'static str {
        match self {
            Shown::All => "all",
            Shown::Keys => "keys",
            Shown::Names => "names",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Shown::All => "All columns",
            Shown::Keys => "Keys only",
            Shown::Names => "Names only",
        }
    }
}

/// `g` with only the columns `shown` keeps; edges' column indices follow their columns (dropped
/// when a column is not shown). [`Shown::All`] is `g` unchanged.
pub fn shown_graph(g: &ErdGraph, shown: Shown) -> ErdGraph {
    if shown == Shown::All {
        return g.clone();
    }
    // Per table key: old column index → new one.
    let mut remap: BTreeMap<&str, Vec<Option<usize>>> = BTreeMap::new();
    let mut out = ErdGraph { tables: Vec::with_capacity(g.tables.len()), edges: Vec::with_capacity(g.edges.len()) };
    for t in &g.tables {
        let mut map = Vec::with_capacity(t.columns.len());
        let mut kept = Vec::new();
        for c in &t.columns {
            if shown == Shown::Keys && is_key_column(c) {
                map.push(Some(kept.len()));
                kept.push(c.clone());
            } else {
                map.push(None);
            }
        }
        remap.entry(t.key.as_str()).or_insert(map);
        let mut t2 = t.clone();
        t2.columns = kept;
        out.tables.push(t2);
    }
    let follow = |table: &str, cols: &[usize]| -> Vec<usize> {
        let Some(map) = remap.get(table) else { return cols.to_vec() };
        let new: Vec<usize> = cols.iter().filter_map(|&i| map.get(i).copied().flatten()).collect();
        // all or nothing: part of a composite key would point at the wrong rows
        if new.len() == cols.len() { new } else { Vec::new() }
    };
    for e in &g.edges {
        let mut e2 = e.clone();
        e2.from.columns = follow(&e.from.table, &e.from.columns);
        e2.to.columns = follow(&e.to.table, &e.to.columns);
        out.edges.push(e2);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{layout, verify, ErdColumn, ErdEdge, ErdTable, LayoutOptions};

    fn key(name: &str, pk: bool, fk: bool, uk: bool) -> ErdColumn {
        ErdColumn { name: name.into(), type_label: "int".into(), is_pk: pk, is_fk: fk, is_unique: uk, ..Default::default() }
    }

    fn shop() -> ErdGraph {
        let mut users = ErdTable::new("users").col("bio", "text");
        users.columns.push(key("id", true, false, false));
        users.columns.push(key("email", false, false, true));
        let mut orders = ErdTable::new("orders").col("note", "text").col("total", "numeric");
        orders.columns.push(key("user_id", false, true, false));
        orders.columns.push(key("id", true, false, false));
        ErdGraph {
            tables: vec![users, orders, ErdTable::new("audit").col("at", "timestamptz")],
            edges: vec![ErdEdge::new("orders", &[2], "users", &[1]), ErdEdge::new("orders", &[0], "users", &[2]), ErdEdge::new("orders", &[2], "gone", &[0])],
        }
    }

    fn names(g: &ErdGraph, t: usize) -> Vec<&str> {
        g.tables[t].columns.iter().map(|c| c.name.as_str()).collect()
    }

    #[test]
    fn keys_keep_key_columns_and_edges_follow_them() {
        let g = shop();
        let k = shown_graph(&g, Shown::Keys);
        assert_eq!(names(&k, 0), ["id", "email"]);
        assert_eq!(names(&k, 1), ["user_id", "id"]);
        assert!(names(&k, 2).is_empty());
        // orders.user_id → users.id: the same columns by name, at their new indices
        let e = &k.edges[0];
        assert_eq!((k.tables[1].columns[e.from.columns[0]].name.as_str(), k.tables[0].columns[e.to.columns[0]].name.as_str()), ("user_id", "id"));
        // an edge from a column not shown attaches to the header; the other end still follows
        assert!(k.edges[1].from.columns.is_empty());
        assert_eq!(k.tables[0].columns[k.edges[1].to.columns[0]].name, "email");
        // a dangling edge keeps its missing table's indices (nothing to remap)
        assert_eq!(k.edges[2].to.columns, vec![0]);
        assert_eq!(k.tables.iter().map(|t| &t.key).collect::<Vec<_>>(), g.tables.iter().map(|t| &t.key).collect::<Vec<_>>());
    }

    #[test]
    fn names_drop_every_column_and_all_is_unchanged() {
        let g = shop();
        let n = shown_graph(&g, Shown::Names);
        assert!(n.tables.iter().all(|t| t.columns.is_empty()));
        assert!(n.edges.iter().all(|e| e.from.columns.is_empty() && (e.to.table == "gone" || e.to.columns.is_empty())));
        assert_eq!(n.edges.len(), g.edges.len());
        assert_eq!(shown_graph(&g, Shown::All), g);
    }

    #[test]
    fn smaller_boxes_lay_out_smaller_and_verify() {
        let g = crate::erd::synthetic::synthetic(60, 7);
        let opts = LayoutOptions::default();
        let area = |g: &ErdGraph| {
            let l = layout(g, &opts);
            verify::verify(g, &l, &Default::default()).unwrap();
            l.width * l.height
        };
        let (all, keys, names) = (area(&g), area(&shown_graph(&g, Shown::Keys)), area(&shown_graph(&g, Shown::Names)));
        assert!(keys < all && names < keys, "{all} {keys} {names}");
    }

    #[test]
    fn link_values_round_trip_and_unknown_ones_show_everything() {
        for &s in Shown::ALL {
            assert_eq!(Shown::parse(Some(s.id())), s);
        }
        assert_eq!(Shown::parse(None), Shown::All);
        assert_eq!(Shown::parse(Some("everything-v9")), Shown::All);
    }
}
