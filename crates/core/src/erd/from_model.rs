//! Adapter: schema model → [`ErdGraph`].
//!
//! Contract: one ERD table per model table, in model order, keyed by its qualified name as the
//! source wrote it (`schema.name` or `name`); columns in declaration order with their type as
//! spelled, `is_pk` (in the primary key), `is_fk` (in any foreign key), `is_unique` (alone in a
//! unique constraint or a unique index on plain columns), `nullable`. One edge per foreign key, in
//! model order: the referenced table is resolved through the dialect's search path
//! ([`Schema::table_index`]); an unresolved one keeps its written name and is drawn dangling.
//! `from_nullable` = any FK column nullable; `from_unique` = the FK columns are exactly the primary
//! key or a unique key (a one-to-one relation).

use super::graph::{EdgeEnd, ErdColumn, ErdEdge, ErdGraph, ErdTable};
use crate::model::{Schema, Table};

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

pub fn from_schema(s: &Schema) -> ErdGraph {
    let mut g = ErdGraph::default();
    for t in &s.tables {
        let uniques = unique_sets(t);
        let pk: &[String] = t.primary_key.as_ref().map(|p| p.columns.as_slice()).unwrap_or(&[]);
        let columns = t
            .columns
            .iter()
            .map(|c| ErdColumn {
                name: c.name.clone(),
                type_label: c.data_type.spelling.clone(),
                is_pk: pk.contains(&c.name),
                is_fk: t.foreign_keys.iter().any(|f| f.columns.contains(&c.name)),
                is_unique: uniques.iter().any(|u| u.len() == 1 && u[0] == c.name),
                nullable: c.nullable,
            })
            .collect();
        g.tables.push(ErdTable { key: key(t), schema: t.schema.clone(), name: t.name.clone(), columns });
    }
    let lookup = crate::model::TableLookup::new(s);
    for t in &s.tables {
        let uniques = unique_sets(t);
        for fk in &t.foreign_keys {
            let target = lookup.index(s, &fk.ref_table).map(|i| &s.tables[i]);
            let from_cols: Vec<usize> =
                fk.columns.iter().filter_map(|c| t.columns.iter().position(|x| &x.name == c)).collect();
            let to_cols: Vec<usize> = match target {
                Some(rt) => fk.ref_columns.iter().filter_map(|c| rt.columns.iter().position(|x| &x.name == c)).collect(),
                None => Vec::new(),
            };
            g.edges.push(ErdEdge {
                name: fk.name.clone(),
                from: EdgeEnd { table: key(t), columns: from_cols },
                to: EdgeEnd { table: target.map(key).unwrap_or_else(|| fk.ref_table.to_string()), columns: to_cols },
                from_nullable: fk.columns.iter().any(|c| t.column(c).map(|c| c.nullable).unwrap_or(true)),
                from_unique: uniques.iter().any(|u| same_set(u, &fk.columns)),
                logical: fk.logical,
            });
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dialect;

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
