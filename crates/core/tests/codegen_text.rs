//! Snapshot tests of the text generators (SQL for each database, Mermaid, DBML) on the default
//! example. Expected text lives in `tests/snapshots/codegen/<name>`; run with `UPDATE_SNAPSHOTS=1`
//! to (re)write them, then review the diff before committing. The real-tool checks (engines,
//! mermaid, @dbml/core) are tests/codegen/.

mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;

fn snapshot(name: &str, actual: &str) {
    common::snapshot("codegen", name, actual);
}

fn default_schema() -> schemaplay_core::Schema {
    let ex = schemaplay_core::examples::DEFAULT;
    parse(ex.sql, ex.dialect).schema
}

#[test]
fn default_example_sql_for_each_database() {
    let schema = default_schema();
    for to in Dialect::ALL {
        let out = generate(&schema, Target::Sql(to));
        snapshot(&format!("saas.{}.sql", to.id()), &out.code);
        // every warning is also a comment at the top of the file
        for w in &out.warnings {
            assert!(out.code.contains(&format!("--   * {w}")), "{to:?}: warning {w:?} not in the code");
        }
        // every table of the model is created, in an order where references resolve
        for t in &schema.tables {
            assert!(out.code.contains(&format!("CREATE TABLE {} (", t.name)), "{to:?}: {}", t.name);
        }
        assert!(!out.code.contains("ALTER TABLE tasks ADD"), "{to:?}: the example has no cycle");
    }
    let pg = generate(&schema, Target::Sql(Dialect::Postgres));
    assert!(pg.warnings.is_empty(), "{:?}", pg.warnings);
    assert!(pg.code.contains("ALTER TABLE projects ENABLE ROW LEVEL SECURITY;"));
    assert!(pg.code.contains("CREATE POLICY tenant_isolation ON projects USING"));
    let my = generate(&schema, Target::Sql(Dialect::Mysql));
    assert!(my.warnings.iter().any(|w| w.contains("row level security")), "{:?}", my.warnings);
}

#[test]
fn default_example_mermaid_and_dbml() {
    let schema = default_schema();
    let mm = generate(&schema, Target::Mermaid);
    snapshot("saas.mmd", &mm.code);
    let fks: usize = schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    assert_eq!(mm.code.lines().filter(|l| l.contains(" : \"")).count(), fks);
    let dbml = generate(&schema, Target::Dbml);
    snapshot("saas.dbml", &dbml.code);
    assert_eq!(dbml.code.lines().filter(|l| l.starts_with("Ref")).count(), fks);
}

#[test]
fn hostile_and_empty_inputs_never_panic() {
    let inputs = [
        "",
        "CREATE TABLE \"\" ();",
        "CREATE TABLE t (\"a\nb\" int, \"*/ --\" text DEFAULT '*/''', x int REFERENCES t(nope));",
        "CREATE TABLE `a``b` (`c` enum('x''y', 'z\\\\') DEFAULT 'z\\\\', id int AUTO_INCREMENT, d int AUTO_INCREMENT);",
        "CREATE TABLE a (id int PRIMARY KEY, b int REFERENCES b); CREATE TABLE b (id int PRIMARY KEY, a int REFERENCES a);",
        "CREATE TABLE t (x numeric(99999999999, -3) DEFAULT (((1))), y varchar(0), z timestamp(99) DEFAULT 'now');",
    ];
    for text in inputs {
        for from in Dialect::ALL {
            let schema = parse(text, from).schema;
            for target in [Target::Sql(Dialect::Postgres), Target::Sql(Dialect::Mysql), Target::Sql(Dialect::Sqlite), Target::Mermaid, Target::Dbml] {
                let out = generate(&schema, target);
                assert!(!out.code.is_empty(), "{target:?} from {from:?}: {text}");
            }
        }
    }
}
