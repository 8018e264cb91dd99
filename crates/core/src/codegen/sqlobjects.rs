//! SQL for partitioning and views (issue 14), used by [`super::sql::generate`].
//!
//! - Partitioning is written back for the engine it came from: PostgreSQL's `PARTITION BY` on the
//!   parent and each partition created like `pg_dump` does (a table, then `ALTER TABLE parent ATTACH
//!   PARTITION child <bound>`, so indexes and keys the partition already has are attached, not
//!   duplicated); MySQL's clause with its partitions after the table options. Another target gets
//!   the parent unpartitioned, PostgreSQL partitions left out (their rows live in the parent), and a
//!   warning saying so.
//! - Views are re-emitted for the dialect they were written in, after every table, in dependency
//!   order (a view after the views it reads); for another dialect each view is a warning (its query
//!   is the source dialect's SQL).

use super::sql::ident;
use crate::model::{IndexPart, PartitionBy, QualifiedName, Schema, View};
use crate::Dialect;

fn key_part(to: Dialect, p: &IndexPart) -> String {
    match &p.column {
        Some(c) => {
            let mut s = ident(to, c);
            if let Some(op) = &p.opclass {
                s.push(' ');
                s.push_str(op);
            }
            s
        }
        // an expression key is written in parentheses in PostgreSQL (`(lower(name))`)
        None if to == Dialect::Postgres && !p.expression.starts_with('(') => format!("({})", p.expression),
        None => p.expression.clone(),
    }
}

/// `PARTITION BY ...` for the engine the clause came from; `None` for another target.
pub(super) fn partition_by_clause(from: Dialect, to: Dialect, pb: &PartitionBy) -> Option<String> {
    if from != to || to == Dialect::Sqlite {
        return None;
    }
    let key: Vec<String> = pb.key.iter().map(|k| key_part(to, k)).collect();
    let mut s = format!("PARTITION BY {}{}", if pb.linear { "LINEAR " } else { "" }, pb.strategy.id().to_ascii_uppercase());
    if pb.columns_form {
        s.push_str(" COLUMNS");
    }
    s.push_str(&format!(" ({})", key.join(", ")));
    if to == Dialect::Mysql {
        if let Some(n) = pb.count.filter(|_| pb.partitions.is_empty()) {
            s.push_str(&format!(" PARTITIONS {n}"));
        }
        if let Some(sub) = &pb.subpartition {
            s.push_str(&format!(" {sub}"));
        }
        if !pb.partitions.is_empty() {
            let defs: Vec<String> = pb.partitions.iter().map(|d| format!("PARTITION {}{}", ident(to, &d.name), if d.bound.is_empty() { String::new() } else { format!(" {}", d.bound) })).collect();
            s.push_str(&format!(" ({})", defs.join(", ")));
        }
    }
    Some(s)
}

/// Why a partitioned table is generated unpartitioned for `to` (each PostgreSQL partition left out
/// says so in a warning of its own).
pub(super) fn partition_warning(table: &str, pb: &PartitionBy, from: Dialect, to: Dialect) -> String {
    format!("table {table} is partitioned in {} (PARTITION BY {pb}); {} partitioning is not generated from it, so {table} is a plain table", from.label(), to.label())
}

/// `ALTER TABLE parent ATTACH PARTITION child <bound>;` (PostgreSQL).
pub(super) fn attach_partition(parent: &str, child: &str, bound: &str) -> String {
    format!("ALTER TABLE {parent} ATTACH PARTITION {child} {bound};")
}

/// Items in dependency order: each after the items it depends on (`deps[i]`), by a depth-first walk
/// in source order; a dependency back into the current path (a cycle) is not waited for.
pub(super) fn dependency_order(deps: &[Vec<usize>]) -> Vec<usize> {
    let n = deps.len();
    let mut state = vec![0u8; n]; // 0 new, 1 visiting, 2 done
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if let Some(&w) = deps[v].get(*k) {
                *k += 1;
                if state[w] == 0 {
                    state[w] = 1;
                    stack.push((w, 0));
                }
            } else {
                state[v] = 2;
                order.push(v);
                stack.pop();
            }
        }
    }
    order
}

/// Views in dependency order (each after the views it reads).
fn view_order(schema: &Schema) -> Vec<usize> {
    let deps: Vec<Vec<usize>> = schema.views.iter().map(|v| v.reads.iter().filter_map(|r| schema.view_index(r)).collect()).collect();
    dependency_order(&deps)
}

fn view_name(to: Dialect, v: &View) -> String {
    let q = QualifiedName::new(v.schema.clone().filter(|_| to == Dialect::Postgres), v.name.clone());
    match &q.schema {
        Some(s) => format!("{}.{}", ident(to, s), ident(to, &q.name)),
        None => ident(to, &q.name),
    }
}

/// The views' statements for `to` and the warnings for what is not generated.
pub(super) fn views(schema: &Schema, to: Dialect) -> (Vec<String>, Vec<String>) {
    let from = schema.dialect;
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    if schema.views.is_empty() {
        return (out, warnings);
    }
    if from != to {
        let names: Vec<String> = schema.views.iter().map(|v| v.qualified_name().to_string()).collect();
        warnings.push(format!("views are not generated for {} (their queries are {} SQL): {}", to.label(), from.label(), names.join(", ")));
        return (out, warnings);
    }
    let mut path: &[String] = &[];
    for vi in view_order(schema) {
        let v = &schema.views[vi];
        // the view's unqualified names resolve through the search path it was defined under
        if to == Dialect::Postgres && v.search_path != path {
            path = &v.search_path;
            let list: Vec<String> = if path.is_empty() { vec!["public".into()] } else { path.iter().map(|s| ident(to, s)).collect() };
            out.push(format!("SET search_path TO {};", list.join(", ")));
        }
        if v.definition.trim().is_empty() {
            warnings.push(format!("view {} is not generated: the input declares it without its query (a Prisma view)", v.qualified_name()));
            continue;
        }
        if v.materialized && to != Dialect::Postgres {
            warnings.push(format!("materialized view {} is not generated for {}", v.qualified_name(), to.label()));
            continue;
        }
        let cols = v.columns.as_ref().map(|c| format!(" ({})", c.iter().map(|c| ident(to, c)).collect::<Vec<_>>().join(", "))).unwrap_or_default();
        let kind = if v.materialized { "MATERIALIZED VIEW" } else { "VIEW" };
        let body = v.definition.trim().trim_end_matches(';');
        out.push(format!("CREATE {kind} {}{cols} AS\n{body};", view_name(to, v)));
    }
    (out, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    #[test]
    fn views_in_dependency_order_for_their_dialect() {
        let s = parse("CREATE TABLE t (a int);\nCREATE VIEW b AS SELECT a FROM c;\nCREATE VIEW c AS SELECT a FROM t;\nCREATE MATERIALIZED VIEW m AS SELECT count(*) AS n FROM b;", Dialect::Postgres).schema;
        let (v, w) = views(&s, Dialect::Postgres);
        assert!(w.is_empty(), "{w:?}");
        let heads: Vec<&str> = v.iter().map(|x| x.lines().next().unwrap()).collect();
        assert_eq!(heads, ["CREATE VIEW c (a) AS", "CREATE VIEW b (a) AS", "CREATE MATERIALIZED VIEW m (n) AS"]);
        let (v, w) = views(&s, Dialect::Mysql);
        assert!(v.is_empty() && w[0].contains("b, c, m"), "{w:?}");
    }

    #[test]
    fn partition_clauses() {
        let s = parse("CREATE TABLE p (id int, y int) PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);\nCREATE TABLE h (id int) PARTITION BY LINEAR HASH (id) PARTITIONS 4;", Dialect::Mysql).schema;
        let c: Vec<Option<String>> = s.tables.iter().map(|t| partition_by_clause(Dialect::Mysql, Dialect::Mysql, t.partition_by.as_ref().unwrap())).collect();
        assert_eq!(c[0].as_deref(), Some("PARTITION BY RANGE (y) (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE)"));
        assert_eq!(c[1].as_deref(), Some("PARTITION BY LINEAR HASH (id) PARTITIONS 4"));
        assert_eq!(partition_by_clause(Dialect::Mysql, Dialect::Postgres, s.tables[0].partition_by.as_ref().unwrap()), None);
        let pg = parse("CREATE TABLE m (\"Id\" int, name text) PARTITION BY LIST (\"Id\", lower(name));", Dialect::Postgres).schema;
        assert_eq!(partition_by_clause(Dialect::Postgres, Dialect::Postgres, pg.tables[0].partition_by.as_ref().unwrap()).as_deref(), Some("PARTITION BY LIST (\"Id\", (lower(name)))"));
    }
}
