//! MySQL: the index InnoDB creates for a foreign key no key serves, named as MariaDB names it.
//! The expected names are what MariaDB 10.11 reported for
//! `tests/realdb/fixtures/mysql/fk_implicit_indexes.sql` (the realdb layer compares the importer
//! with the live catalog for that file).

use super::*;

/// Per table, its indexes as (name, columns, implicit).
type Indexes = Vec<(String, Vec<(String, Vec<String>, bool)>)>;

fn indexes(sql: &str) -> Indexes {
    let p = parse(sql, Dialect::Mysql);
    let warnings: Vec<_> = p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    p.schema
        .tables
        .iter()
        .map(|t| {
            let ix = t.indexes.iter().map(|i| (i.name.clone().unwrap_or_default(), i.parts.iter().filter_map(|p| p.column.clone()).collect(), i.implicit)).collect();
            (t.name.clone(), ix)
        })
        .collect()
}

fn of(all: &Indexes, table: &str) -> Vec<String> {
    all.iter().find(|(t, _)| t == table).map(|(_, ix)| ix.iter().map(|(n, c, _)| format!("{n}({})", c.join(","))).collect()).unwrap_or_else(|| panic!("no table {table}"))
}

const FIXTURE: &str = include_str!("../../../../tests/realdb/fixtures/mysql/fk_implicit_indexes.sql");

#[test]
fn implicit_fk_indexes_are_named_as_mariadb_names_them() {
    let all = indexes(FIXTURE);
    let expect = [
        ("c1", vec!["pid(pid)"]),
        ("c2", vec!["c2_ibfk_1(pid)"]),
        ("c3", vec!["c3_named(pid)"]),
        ("c4", vec!["c4_idx(pid)"]),
        ("c5", vec!["pid(x)", "pid_2(pid)"]),
        ("c6", vec!["pid(pid,b)"]),
        ("c7", vec!["c7_inline(pid)"]),
        ("c8", vec!["c8_b(pid)"]),
        ("c9", vec!["c9_k(pid,x)"]),
        ("c10", vec!["c10_named(pid)"]),
        ("c11", vec!["c11_long(pid,b)"]),
        ("c12", vec!["c12_long(pid,b)"]),
        ("c13", vec![]),
        ("c14", vec![]),
        ("c15", vec!["pid(pid)"]),
        ("c16", vec!["c16_ibfk_1(x)", "pid(pid)"]),
    ];
    for (table, want) in expect {
        let mut got = of(&all, table);
        got.sort();
        assert_eq!(got, want, "{table}");
    }
}

#[test]
fn fk_names_follow_mariadb() {
    let p = parse(FIXTURE, Dialect::Mysql);
    let fks = |t: &str| -> Vec<String> { p.schema.tables.iter().find(|x| x.name == t).unwrap().foreign_keys.iter().map(|f| f.name.clone().unwrap_or_default()).collect() };
    assert_eq!(fks("c3"), vec!["c3_named"], "the constraint name wins over the index name");
    assert_eq!(fks("c4"), vec!["c4_idx"], "with no constraint name the FK takes the index name");
    assert_eq!(fks("c16"), vec!["c16_ibfk_1", "c16_ibfk_2"]);
}

#[test]
fn the_written_default_name_is_not_the_unnamed_default() {
    // the same FK, once unnamed and once with the name MariaDB would have given it
    let unnamed = indexes("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, p_id int, FOREIGN KEY (p_id) REFERENCES p (id));");
    let named = indexes("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (id int, p_id int, CONSTRAINT t_ibfk_1 FOREIGN KEY (p_id) REFERENCES p (id));");
    assert_eq!(of(&unnamed, "t"), vec!["p_id(p_id)"]);
    assert_eq!(of(&named, "t"), vec!["t_ibfk_1(p_id)"]);
    assert!(named[1].1[0].2, "still implicit");
}
