//! Adapter: schema model → [`ErdGraph`].
//!
//! Contract: one ERD box per model table, in model order, keyed by its qualified name as the
//! source wrote it (`schema.name` or `name`) — except a PostgreSQL partition of a table in the
//! model, which is not drawn: its parent's box counts it (`partitions`; a MySQL table counts the
//! partitions of its `PARTITION BY`). Then one box per view (`kind` view / materialized view), with
//! the columns the model knows (no type). Columns in declaration order with their type as spelled,
//! `is_pk` (in the primary key), `is_fk` (in any foreign key), `is_unique` (alone in a unique
//! constraint or a unique index on plain columns), `nullable`. One edge per foreign key, in model
//! order; a partition's foreign key leaves its parent's box, once per distinct (columns, target)
//! (each partition usually repeats the same key), and one to a partition points at the partitioned
//! table's box. The referenced table is resolved
//! through the dialect's search path ([`Schema::table_index`]); an unresolved one keeps its
//! written name and is drawn dangling. `from_nullable` = any FK column nullable; `from_unique` =
//! the FK columns are exactly the primary key or a unique key (a one-to-one relation). Then one
//! `dependency` edge per table or view a view reads (unresolved reads are not drawn). Every box
//! carries the byte offset of its statement (`source_offset`) and its declared group, if any
//! (`group`, DBML `TableGroup`: [`super::groups::declared`]).

use super::graph::{BoxKind, EdgeEnd, ErdColumn, ErdEdge, ErdGraph, ErdTable};
use crate::model::{Schema, Table, TableLookup};

fn key(t: &Table) -> String {
    t.qualified_name().to_string()
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// Column sets that are unique in `t` (PK, unique constraints, unique plain-column indexes).
fn unique_sets(t: &Table) -> Vec<Vec<String>> {
    let mut sets = Vec::new();
    if let Some(pk) = &t.primary_key {
        sets.push(pk.columns.clone());
    }
    for u in &t.uniques {
        sets.push(u.columns.clone());
    }
    for ix in &t.indexes {
        if ix.unique && ix.predicate.is_none() {
            let cols: Option<Vec<String>> = ix.parts.iter().map(|p| p.column.clone()).collect();
            if let Some(cols) = cols {
                sets.push(cols);
            }
        }
    }
    sets
}

/// Per column of `t`: in the primary key, in a foreign key, alone in a unique set. Key columns are
/// resolved as `Table::column` resolves them (a MySQL key may spell `Id` as `id`), in one pass.
fn column_flags(t: &Table) -> Vec<(bool, bool, bool)> {
    let at = t.column_positions();
    let mut flags = vec![(false, false, false); t.columns.len()];
    for name in t.primary_key.iter().flat_map(|p| &p.columns) {
        if let Some(i) = at.get(name) {
            flags[i].0 = true;
        }
    }
    for name in t.foreign_keys.iter().flat_map(|f| &f.columns) {
        if let Some(i) = at.get(name) {
            flags[i].1 = true;
        }
    }
    for set in unique_sets(t).iter().filter(|u| u.len() == 1) {
        if let Some(i) = at.get(&set[0]) {
            flags[i].2 = true;
        }
    }
    flags
}

/// For each table, the table drawn in its place: itself, or (for a partition, through any
/// number of levels) the partitioned table at the top.
fn drawn_as(s: &Schema, lookup: &TableLookup) -> Vec<usize> {
    let parent: Vec<Option<usize>> = s.tables.iter().enumerate().map(|(i, t)| t.partition_of.as_ref().and_then(|p| lookup.index(s, p)).filter(|&p| p != i)).collect();
    (0..s.tables.len())
        .map(|i| {
            let mut at = i;
            for _ in 0..s.tables.len() {
                match parent[at] {
                    Some(p) => at = p,
                    None => break,
                }
            }
            at
        })
        .collect()
}

pub fn from_schema(s: &Schema) -> ErdGraph {
    let mut g = ErdGraph::default();
    let lookup = TableLookup::new(s);
    let drawn = drawn_as(s, &lookup);
    let group_of = super::groups::declared(s, &lookup);
    let mut partitions = vec![0usize; s.tables.len()];
    for (i, &d) in drawn.iter().enumerate() {
        if d != i {
            partitions[d] += 1;
        }
    }
    for (i, t) in s.tables.iter().enumerate() {
        if drawn[i] != i {
            continue;
        }
        let flags = column_flags(t);
        let columns = t
            .columns
            .iter()
            .zip(flags)
            .map(|(c, (is_pk, is_fk, is_unique))| ErdColumn {
                name: c.name.clone(),
                type_label: c.data_type.spelling.clone(),
                is_pk,
                is_fk,
                is_unique,
                nullable: c.nullable,
                change: None,
            })
            .collect();
        let inline = t.partition_by.as_ref().map_or(0, |p| p.partitions.len().max(p.count.unwrap_or(0) as usize));
        g.tables.push(ErdTable {
            key: key(t),
            schema: t.schema.clone(),
            name: t.name.clone(),
            columns,
            partitions: partitions[i] + inline,
            source_offset: Some(t.span.start),
            group: group_of[i].clone(),
            color: t.color.as_deref().and_then(super::decor::color),
            ..Default::default()
        });
    }
    for v in &s.views {
        let columns = v.columns.iter().flatten().map(|c| ErdColumn { name: c.clone(), nullable: false, ..Default::default() }).collect();
        let kind = if v.materialized { BoxKind::MaterializedView } else { BoxKind::View };
        g.tables.push(ErdTable {
            key: v.qualified_name().to_string(),
            schema: v.schema.clone(),
            name: v.name.clone(),
            columns,
            kind,
            source_offset: Some(v.span.start),
            ..Default::default()
        });
    }
    // a partition's foreign keys leave its parent's box (once: each partition usually repeats them)
    let mut drawn_fks = std::collections::BTreeSet::new();
    let positions: Vec<_> = s.tables.iter().map(Table::column_positions).collect();
    let boxes_first = (0..s.tables.len()).filter(|&i| drawn[i] == i).chain((0..s.tables.len()).filter(|&i| drawn[i] != i));
    for i in boxes_first {
        let own = &s.tables[i];
        let t = &s.tables[drawn[i]];
        let uniques = unique_sets(t);
        for fk in &own.foreign_keys {
            let target = lookup.index(s, &fk.ref_table).map(|r| (r, &s.tables[drawn[r]]));
            let from_cols: Vec<usize> = fk.columns.iter().filter_map(|c| positions[drawn[i]].get(c)).collect();
            let to_cols: Vec<usize> = match target {
                Some((r, _)) => fk.ref_columns.iter().filter_map(|c| positions[drawn[r]].get(c)).collect(),
                None => Vec::new(),
            };
            let to_key = target.map(|(_, rt)| key(rt)).unwrap_or_else(|| fk.ref_table.to_string());
            if drawn[i] != i && !drawn_fks.insert((drawn[i], from_cols.clone(), to_key.clone(), to_cols.clone())) {
                continue;
            }
            if drawn[i] == i {
                drawn_fks.insert((i, from_cols.clone(), to_key.clone(), to_cols.clone()));
            }
            g.edges.push(ErdEdge {
                name: fk.name.clone(),
                from: EdgeEnd { table: key(t), columns: from_cols },
                to: EdgeEnd { table: to_key, columns: to_cols },
                from_nullable: fk.columns.iter().any(|c| t.column(c).map(|c| c.nullable).unwrap_or(true)),
                from_unique: uniques.iter().any(|u| same_set(u, &fk.columns)),
                change: None,
                dependency: false,
                logical: fk.logical,
            });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for v in &s.views {
        for r in &v.reads {
            let to = match lookup.index(s, r) {
                Some(ti) => key(&s.tables[drawn[ti]]),
                None => match s.view_index(r) {
                    Some(vi) => s.views[vi].qualified_name().to_string(),
                    None => continue,
                },
            };
            let from = v.qualified_name().to_string();
            if !seen.insert((from.clone(), to.clone())) {
                continue;
            }
            g.edges.push(ErdEdge { name: None, dependency: true, ..ErdEdge::new(&from, &[], &to, &[]) });
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dialect;

    #[test]
    fn key_columns_spelled_in_another_case_are_the_columns() {
        let sql = "CREATE TABLE t (Id int, PRIMARY KEY (id));\nCREATE TABLE u (x int, t_id int, FOREIGN KEY (T_ID) REFERENCES t(ID), UNIQUE (X));";
        let g = from_schema(&crate::parse::parse(sql, Dialect::Mysql).schema);
        assert!(g.tables[0].columns[0].is_pk);
        let u = &g.tables[1];
        assert!(u.columns[1].is_fk && u.columns[0].is_unique && !u.columns[0].is_fk);
        assert_eq!((g.edges[0].from.columns.clone(), g.edges[0].to.columns.clone()), (vec![1], vec![0]));
    }

    #[test]
    fn adapts_a_parsed_schema() {
        let sql = "CREATE TABLE orgs (id uuid PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id uuid PRIMARY KEY, org_id uuid NOT NULL REFERENCES orgs(id), email text UNIQUE,
  boss_id uuid REFERENCES users(id), ghost_id int REFERENCES nowhere(id));
CREATE TABLE profiles (user_id uuid PRIMARY KEY REFERENCES users(id), bio text);";
        let parsed = crate::parse::parse(sql, Dialect::Postgres);
        let g = from_schema(&parsed.schema);
        assert_eq!(g.tables.len(), 3);
        assert_eq!(g.edges.len(), 4);
        let users = &g.tables[1];
        assert_eq!(users.key, "users");
        assert!(users.columns[0].is_pk && users.columns[1].is_fk && users.columns[2].is_unique);
        assert!(!users.columns[1].nullable && users.columns[3].nullable);
        let e = &g.edges[0];
        assert_eq!((e.from.table.as_str(), e.to.table.as_str()), ("users", "orgs"));
        assert_eq!((e.from.columns.clone(), e.to.columns.clone()), (vec![1], vec![0]));
        assert!(!e.from_nullable && !e.from_unique);
        assert!(g.edges[1].from_nullable);
        assert_eq!(g.edges[2].to.table, "nowhere");
        assert!(g.edges[3].from_unique);
        let l = super::super::layout(&g, &Default::default());
        assert!(l.edges[2].dangling);
        super::super::verify::verify(&g, &l, &Default::default()).unwrap();
    }
}
