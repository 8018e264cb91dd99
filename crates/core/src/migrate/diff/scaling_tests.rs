//! Linear work in the differ's matching steps (issue 21): each case is diffed (plan and rollback)
//! at n and 10n, and the items the matching steps looked at ([`super::looked`]) must grow at most
//! 10.5×. Each case is one of the paths that scanned a list per item (quadratic or worse), named
//! in its test. Unlike CPU time the count does not depend on the machine.

use super::*;
use crate::parse::parse;

/// Items looked at while diffing `old` → `new` (PostgreSQL, safe plan, with the rollback).
fn looks(old: &str, new: &str) -> u64 {
    let (a, b) = (parse(old, Dialect::Postgres).schema, parse(new, Dialect::Postgres).schema);
    let before = LOOKED.with(|c| c.get());
    let plan = diff(&a, &b, Dialect::Postgres, &DiffOptions::default());
    assert!(!plan.is_empty());
    LOOKED.with(|c| c.get()) - before
}

/// Asserts the case's count grows at most 10.5× from `n` to `10 n`.
fn linear(name: &str, n: usize, case: impl Fn(usize) -> (String, String)) {
    let ((a, b), (c, d)) = (case(n), case(10 * n));
    let (small, big) = (looks(&a, &b), looks(&c, &d));
    let growth = big as f64 / small.max(1) as f64;
    eprintln!("{name}: {small} → {big} items looked at ({growth:.2}×)");
    assert!(growth <= 10.5, "{name}: {growth:.2}× the items looked at for 10× the input ({small} → {big})");
}

/// `n` tables, about 1.5 FKs each (to earlier tables).
fn tables(n: usize) -> String {
    (0..n)
        .map(|i| {
            let mut s = format!("CREATE TABLE t{i} (id int PRIMARY KEY");
            if i > 0 {
                s.push_str(&format!(", parent_id int REFERENCES t{}(id)", i / 2));
            }
            if i > 3 && i % 2 == 0 {
                s.push_str(&format!(", owner_id int REFERENCES t{}(id)", i - 3));
            }
            s + ");\n"
        })
        .collect()
}

/// Dropping tables: each round scanned every remaining table's FKs (about cubic); the rollback
/// creates them all.
#[test]
fn dropping_tables_looks_at_each_fk_once() {
    linear("tables dropped", 100, |n| (tables(n), String::new()));
}

/// The FK targets' pairs: in the rollback of a schema written in another order the referenced
/// table comes last, and each FK searched every pair for it.
#[test]
fn tables_in_another_order_find_their_fk_targets_directly() {
    let table = |i: usize| format!("CREATE TABLE t{i} (id int PRIMARY KEY, p_id int REFERENCES t0(id));\n");
    linear("tables in another order", 300, |n| ((0..n).map(table).collect(), (0..n).rev().map(table).collect::<String>().replacen("p_id int", "extra int, p_id int", 1)));
}

/// A type change asked whether the column is referenced by scanning every FK of the schema.
#[test]
fn type_changes_look_up_referenced_columns() {
    linear("type changes", 100, |n| {
        let children: String = (0..n).map(|i| format!("CREATE TABLE c{i} (id int PRIMARY KEY, p_id int REFERENCES p(id));\n")).collect();
        let parent = |ty: &str| format!("CREATE TABLE p (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", v{i} {ty}")).collect::<String>());
        (format!("{}{children}", parent("int")), format!("{}{children}", parent("bigint")))
    });
}

/// Renamed columns: every dropped column compared with every added one, the answers searched per
/// candidate in the rollback, the renamed ones removed one search at a time.
#[test]
fn renamed_columns_are_paired_by_shape() {
    linear("columns renamed", 100, |n| {
        let table = |p: &str| format!("CREATE TABLE r (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", {p}{i} varchar({})", i + 1)).collect::<String>());
        (table("a"), table("b"))
    });
}

/// A warning each: the warning list was searched before each one.
#[test]
fn warnings_are_kept_once_without_a_search() {
    linear("columns made NOT NULL", 100, |n| {
        let table = |null: &str| format!("CREATE TABLE w (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", c{i} int{null}")).collect::<String>());
        (table(""), table(" NOT NULL"))
    });
}

/// Tables created in a schema the old side lacks: the old tables were scanned per created table.
#[test]
fn tables_created_in_another_schema_look_up_the_old_schemas() {
    linear("tables created in another schema", 200, |n| {
        let tables = |s: &str| (0..n).map(|i| format!("CREATE TABLE {s}.t{i} (id int PRIMARY KEY);\n")).collect::<String>();
        (tables("a"), format!("{}{}", tables("a"), tables("b")))
    });
}

/// One table's FKs, checks and indexes in the other order: each old one searched the new ones
/// (recomputing their keys).
#[test]
fn constraints_of_one_table_are_matched_by_key() {
    linear("constraints of one table", 100, |n| {
        let cols: String = (0..n).map(|i| format!(", c{i} int")).collect();
        let items = |rev: bool| {
            let mut v: Vec<usize> = (0..n).collect();
            if rev {
                v.reverse();
            }
            let cons: String = v.iter().map(|i| format!(", CONSTRAINT f{i} FOREIGN KEY (c{i}) REFERENCES p(id), CONSTRAINT k{i} CHECK (c{i} > {i})")).collect();
            let ix: String = v.iter().map(|i| format!("CREATE INDEX i{i} ON t (c{i});\n")).collect();
            format!("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int PRIMARY KEY{cols}{cons});\n{ix}")
        };
        (items(false), items(true).replacen("id int PRIMARY KEY, c0", "id int PRIMARY KEY, extra int, c0", 1))
    });
}
