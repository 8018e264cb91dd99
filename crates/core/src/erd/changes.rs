//! What changed between two diagrams, drawn in one picture: [`mark`] colours the tables, columns
//! and foreign keys of the newer graph that were added or altered since the older one, and puts
//! back — marked dropped, taken from the older graph — the tables, columns and foreign keys the
//! newer one lost, so a migration's effect (the history view) or baseline → current (the plan
//! view) can be seen. [`changed_only`] keeps the changed tables and the tables their changed
//! foreign keys reach.
//!
//! Contract: identity is by name — a table by its key, a column by name within its table, a
//! foreign key by (referencing table, its column names, referenced table). A table is altered when
//! a column of it or a foreign key from it was added, altered or dropped; a column is altered when
//! its type, nullability or key markers changed. A dropped column is put back after the column
//! that preceded it in the older table. Nothing here panics; marking twice marks the same.

use super::graph::{Change, EdgeEnd, ErdColumn, ErdEdge, ErdGraph, ErdTable};
use std::collections::{BTreeMap, BTreeSet};

/// The identity of a foreign key: (referencing table, its column names, referenced table).
type EdgeId = (String, Vec<String>, String);

fn column_names(g: &ErdGraph, keys: &BTreeMap<&str, usize>, end: &EdgeEnd) -> Vec<String> {
    let t = keys.get(end.table.as_str()).map(|&i| &g.tables[i]);
    end.columns.iter().map(|&c| t.and_then(|t| t.columns.get(c)).map_or_else(|| format!("#{c}"), |c| c.name.clone())).collect()
}

fn edge_ids(g: &ErdGraph) -> Vec<EdgeId> {
    let keys = g.key_index();
    g.edges.iter().map(|e| (e.from.table.clone(), column_names(g, &keys, &e.from), e.to.table.clone())).collect()
}

fn column_changed(a: &ErdColumn, b: &ErdColumn) -> bool {
    a.type_label != b.type_label || a.nullable != b.nullable || a.is_pk != b.is_pk || a.is_unique != b.is_unique
}

/// Marks `after` against `before` and puts back what `before` had and `after` lacks (see the
/// module doc). Marks already on `after` are replaced.
pub fn mark(after: &mut ErdGraph, before: &ErdGraph) {
    unmark(after);
    let before_keys = before.key_index();
    let after_keys: BTreeSet<String> = crate::sort::set(after.tables.iter().map(|t| t.key.clone()));
    for t in &mut after.tables {
        let Some(&bi) = before_keys.get(t.key.as_str()) else {
            t.change = Some(Change::Added);
            continue;
        };
        let old = &before.tables[bi];
        for c in &mut t.columns {
            c.change = match old.columns.iter().find(|o| o.name == c.name) {
                None => Some(Change::Added),
                Some(o) if column_changed(o, c) => Some(Change::Altered),
                Some(_) => None,
            };
        }
        // Dropped columns, each after the column that preceded it in the older table.
        for (i, o) in old.columns.iter().enumerate() {
            if t.columns.iter().any(|c| c.name == o.name) {
                continue;
            }
            let at = old.columns[..i].iter().rev().find_map(|p| t.columns.iter().position(|c| c.name == p.name)).map_or(0, |p| p + 1);
            t.columns.insert(at, ErdColumn { change: Some(Change::Dropped), ..o.clone() });
        }
        if t.columns.iter().any(|c| c.change.is_some()) {
            t.change = Some(Change::Altered);
        }
    }
    for t in before.tables.iter().filter(|t| !after_keys.contains(&t.key)) {
        after.tables.push(ErdTable { change: Some(Change::Dropped), columns: t.columns.iter().map(|c| ErdColumn { change: None, ..c.clone() }).collect(), ..t.clone() });
    }
    mark_edges(after, before);
}

/// Takes the marks off and the dropped items (put back by [`mark`]) out.
pub fn unmark(g: &mut ErdGraph) {
    g.tables.retain(|t| t.change != Some(Change::Dropped));
    g.edges.retain(|e| e.change != Some(Change::Dropped));
    for t in &mut g.tables {
        t.change = None;
        t.columns.retain(|c| c.change != Some(Change::Dropped));
        for c in &mut t.columns {
            c.change = None;
        }
    }
    for e in &mut g.edges {
        e.change = None;
    }
}

/// Foreign keys: added ones marked, dropped ones put back (their columns found by name in the
/// marked tables), and the referencing table of either marked altered.
fn mark_edges(after: &mut ErdGraph, before: &ErdGraph) {
    let old_ids = edge_ids(before);
    let new_ids = edge_ids(after);
    let mut touched: BTreeSet<String> = BTreeSet::new();
    for (e, id) in after.edges.iter_mut().zip(&new_ids) {
        if !old_ids.contains(id) {
            e.change = Some(Change::Added);
            touched.insert(e.from.table.clone());
        }
    }
    let keys: BTreeMap<String, usize> = crate::sort::map(after.key_index().into_iter().map(|(k, v)| (k.to_string(), v)));
    let position = |table: &str, names: &[String], tables: &[ErdTable]| -> Vec<usize> {
        let t = keys.get(table).map(|&i| &tables[i]);
        names.iter().filter_map(|n| t.and_then(|t| t.columns.iter().position(|c| &c.name == n))).collect()
    };
    let mut ghosts = Vec::new();
    let before_keys = before.key_index();
    for (e, id) in before.edges.iter().zip(&old_ids) {
        if new_ids.contains(id) {
            continue;
        }
        let to_names = column_names(before, &before_keys, &e.to);
        ghosts.push(ErdEdge {
            from: EdgeEnd { table: e.from.table.clone(), columns: position(&e.from.table, &id.1, &after.tables) },
            to: EdgeEnd { table: e.to.table.clone(), columns: position(&e.to.table, &to_names, &after.tables) },
            change: Some(Change::Dropped),
            ..e.clone()
        });
        touched.insert(e.from.table.clone());
    }
    after.edges.extend(ghosts);
    for t in after.tables.iter_mut().filter(|t| t.change.is_none() && touched.contains(&t.key)) {
        t.change = Some(Change::Altered);
    }
}

/// The graph of `after` marked against `before` (a copy; see [`mark`]).
pub fn marked(after: &ErdGraph, before: &ErdGraph) -> ErdGraph {
    let mut g = after.clone();
    mark(&mut g, before);
    g
}

/// Only what changed: the marked tables, the tables a marked foreign key reaches (unmarked, for
/// context) and the foreign keys among them.
pub fn changed_only(g: &ErdGraph) -> ErdGraph {
    let mut keep: BTreeSet<&str> = crate::sort::set(g.tables.iter().filter(|t| t.change.is_some()).map(|t| t.key.as_str()));
    for e in g.edges.iter().filter(|e| e.change.is_some()) {
        keep.insert(&e.from.table);
        keep.insert(&e.to.table);
    }
    ErdGraph {
        tables: g.tables.iter().filter(|t| keep.contains(t.key.as_str())).cloned().collect(),
        edges: g.edges.iter().filter(|e| keep.contains(e.from.table.as_str()) && keep.contains(e.to.table.as_str())).cloned().collect(),
    }
}

/// How many tables, columns and foreign keys carry each mark (for a legend or a summary).
pub fn counts(g: &ErdGraph) -> BTreeMap<(&'static str, Change), usize> {
    let mut out = BTreeMap::new();
    for t in &g.tables {
        if let Some(c) = t.change {
            *out.entry(("table", c)).or_insert(0) += 1;
        }
        for c in t.columns.iter().filter_map(|c| c.change) {
            if t.change != Some(Change::Added) && t.change != Some(Change::Dropped) {
                *out.entry(("column", c)).or_insert(0) += 1;
            }
        }
    }
    for c in g.edges.iter().filter_map(|e| e.change) {
        *out.entry(("relation", c)).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::erd::{from_schema, layout, verify, LayoutOptions};
    use crate::{parse::parse, Dialect};

    fn graph(sql: &str) -> ErdGraph {
        from_schema(&parse(sql, Dialect::Postgres).schema)
    }

    const BEFORE: &str = "CREATE TABLE orgs (id int PRIMARY KEY, name text);
CREATE TABLE users (id int PRIMARY KEY, org_id int REFERENCES orgs (id), email varchar(50), legacy text);
CREATE TABLE old_logs (id int PRIMARY KEY, user_id int REFERENCES users (id));";
    const AFTER: &str = "CREATE TABLE orgs (id int PRIMARY KEY, name text);
CREATE TABLE users (id int PRIMARY KEY, org_id int, email varchar(100) NOT NULL, nick text);
CREATE TABLE posts (id int PRIMARY KEY, user_id int REFERENCES users (id));";

    fn change_of<'a>(g: &'a ErdGraph, key: &str) -> (Option<Change>, Vec<(&'a str, Option<Change>)>) {
        let t = g.tables.iter().find(|t| t.key == key).expect(key);
        (t.change, t.columns.iter().map(|c| (c.name.as_str(), c.change)).collect())
    }

    #[test]
    fn tables_columns_and_relations_are_marked_and_dropped_ones_come_back() {
        let g = marked(&graph(AFTER), &graph(BEFORE));
        assert_eq!(change_of(&g, "orgs"), (None, vec![("id", None), ("name", None)]));
        assert_eq!(
            change_of(&g, "users"),
            (Some(Change::Altered), vec![("id", None), ("org_id", None), ("email", Some(Change::Altered)), ("legacy", Some(Change::Dropped)), ("nick", Some(Change::Added))])
        );
        assert_eq!(change_of(&g, "posts").0, Some(Change::Added));
        assert_eq!(change_of(&g, "old_logs").0, Some(Change::Dropped));
        let edges: Vec<(&str, &str, Option<Change>)> = g.edges.iter().map(|e| (e.from.table.as_str(), e.to.table.as_str(), e.change)).collect();
        assert_eq!(edges, [("posts", "users", Some(Change::Added)), ("users", "orgs", Some(Change::Dropped)), ("old_logs", "users", Some(Change::Dropped))]);
        // The dropped foreign key points at columns of the marked tables.
        let users = g.tables.iter().find(|t| t.key == "users").unwrap();
        assert_eq!(users.columns[g.edges[1].from.columns[0]].name, "org_id");
        // The picture is a valid diagram, drawn with the marks.
        let l = layout(&g, &LayoutOptions::default());
        verify::verify(&g, &l, &Default::default()).unwrap();
        let svg = crate::erd::render_svg(&g, &l, &Default::default());
        for want in ["class=\"table chg-added\" data-key=\"posts\"", "class=\"table chg-dropped\" data-key=\"old_logs\"", "class=\"row chg-dropped\" data-column=\"legacy\"", "class=\"row chg-altered\" data-column=\"email\"", "class=\"edge chg-dropped\" data-from=\"users\"", "class=\"col gone\""] {
            assert!(svg.contains(want), "{want} in the SVG");
        }
        assert_eq!(marked(&g, &graph(BEFORE)), g, "marking again gives the same");
        let mut plain = g.clone();
        unmark(&mut plain);
        assert_eq!(plain, graph(AFTER), "unmark gives the newer graph back");
        let n = counts(&g);
        assert_eq!((n[&("table", Change::Added)], n[&("table", Change::Dropped)], n[&("column", Change::Dropped)], n[&("relation", Change::Added)]), (1, 1, 1, 1));
    }

    #[test]
    fn nothing_changed_marks_nothing_and_changed_only_keeps_the_neighbourhood() {
        let same = marked(&graph(BEFORE), &graph(BEFORE));
        assert_eq!(same, graph(BEFORE));
        assert!(changed_only(&same).tables.is_empty());
        let g = marked(&graph(AFTER), &graph(BEFORE));
        let only = changed_only(&g);
        let keys: Vec<&str> = only.tables.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ["orgs", "users", "posts", "old_logs"], "orgs stays: a dropped relation reaches it");
        assert_eq!(only.edges.len(), 3);
    }
}
