use super::*;
use crate::parse::parse;
use crate::migrate::types::{pg_type_change_rewrites, SchemaType};
use crate::model::DataType;

fn schema(sql: &str, d: Dialect) -> Schema {
    let p = parse(sql, d);
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    p.schema
}

fn plan_with(old: &str, new: &str, d: Dialect, opts: &DiffOptions) -> Plan {
    diff(&schema(old, d), &schema(new, d), d, opts)
}

fn plan(old: &str, new: &str) -> Plan {
    plan_with(old, new, Dialect::Postgres, &DiffOptions::default())
}

fn dt(s: &str) -> DataType {
    let sch = schema(&format!("CREATE TABLE t (c {s});"), Dialect::Postgres);
    sch.tables[0].columns[0].data_type.clone()
}

/// The differ's in-place verdict for a PostgreSQL type change (no other schema objects).
fn pg_in_place(a: &DataType, b: &DataType) -> bool {
    let s = Schema::new(Dialect::Postgres);
    !pg_type_change_rewrites(SchemaType::new(&s, a), SchemaType::new(&s, b), 18)
}

#[test]
fn in_place_type_changes_are_the_known_widenings() {
    for (a, b) in [("varchar(10)", "varchar(20)"), ("varchar(10)", "text"), ("character varying(5)", "varchar"), ("numeric(8,2)", "numeric(12,2)"), ("numeric(8,2)", "numeric")] {
        assert!(pg_in_place(&dt(a), &dt(b)), "{a} -> {b}");
    }
    for (a, b) in [("varchar(20)", "varchar(10)"), ("int", "bigint"), ("text", "varchar(10)"), ("numeric(8,2)", "numeric(12,3)"), ("numeric", "numeric(10,2)"), ("text", "int")] {
        assert!(!pg_in_place(&dt(a), &dt(b)), "{a} -> {b}");
    }
    // spellings of the same type are no change at all
    assert!(dt("int4").same_type(&dt("INTEGER")));
    assert!(dt("timestamptz").same_type(&dt("timestamp with time zone")));
}

#[test]
fn identical_schemas_give_an_empty_plan() {
    let p = plan("CREATE TABLE a (id int PRIMARY KEY, v text DEFAULT 'x');", "create table a (ID INT primary key, V text default 'x');");
    assert!(p.is_empty(), "{}", p.up_sql());
    assert_eq!(p.up_sql(), "-- No changes.\n");
    assert_eq!(p.down, "-- No changes.\n");
}

#[test]
fn one_strong_candidate_is_a_rename_and_still_a_question() {
    let old = "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL);";
    let new = "CREATE TABLE t (id int PRIMARY KEY, full_name text NOT NULL);";
    let p = plan_with(old, new, Dialect::Postgres, &DiffOptions { safe: false, ..Default::default() });
    assert_eq!(p.questions, vec![RenameQuestion { kind: RenameKind::Column, table: "t".into(), from: "name".into(), to: "full_name".into(), assumed: true }]);
    assert!(p.up_sql().contains("ALTER TABLE t RENAME COLUMN name TO full_name;"), "{}", p.up_sql());
    assert!(p.down.contains("ALTER TABLE t RENAME COLUMN full_name TO name;"), "{}", p.down);
    // answered no: drop + add, and the rollback follows the same decision
    let no = DiffOptions { safe: false, renames: vec![RenameAnswer { kind: RenameKind::Column, table: "t".into(), from: "name".into(), to: "full_name".into(), is_rename: false }], ..Default::default() };
    let p = plan_with(old, new, Dialect::Postgres, &no);
    assert!(p.up_sql().contains("ADD COLUMN full_name text NOT NULL") && p.up_sql().contains("DROP COLUMN name;"), "{}", p.up_sql());
    assert!(!p.down.contains("RENAME"), "{}", p.down);
    assert!(!p.questions[0].assumed);
}

#[test]
fn several_candidates_are_questions_with_drop_and_add() {
    let old = "CREATE TABLE t (id int PRIMARY KEY, a text, b text);";
    let new = "CREATE TABLE t (id int PRIMARY KEY, c text, d text);";
    let p = plan(old, new);
    assert_eq!(p.questions.len(), 4, "{:?}", p.questions);
    assert!(p.questions.iter().all(|q| !q.assumed));
    assert!(!p.up_sql().contains("RENAME"));
    // answering one pair settles it; the other pair is then one-to-one
    let opts = DiffOptions { renames: vec![RenameAnswer { kind: RenameKind::Column, table: "t".into(), from: "a".into(), to: "d".into(), is_rename: true }], safe: false, ..Default::default() };
    let p = plan_with(old, new, Dialect::Postgres, &opts);
    let up = p.up_sql();
    assert!(up.contains("RENAME COLUMN a TO d;") && up.contains("RENAME COLUMN b TO c;"), "{up}");
}

#[test]
fn table_rename_safe_plan_leaves_a_view_until_after_the_deploy() {
    let p = plan("CREATE TABLE customers (id int PRIMARY KEY, email text);", "CREATE TABLE clients (id int PRIMARY KEY, email text);");
    assert_eq!(p.questions.len(), 1);
    assert_eq!(p.questions[0].kind, RenameKind::Table);
    assert_eq!(p.phases.len(), 2);
    assert!(p.phases[0].title.contains("before deploying"));
    assert!(p.phases[0].sql.contains("ALTER TABLE customers RENAME TO clients;"));
    assert!(p.phases[0].sql.contains("CREATE VIEW customers AS SELECT * FROM clients;"));
    assert!(p.phases[0].sql.contains("RENAME CONSTRAINT customers_pkey TO clients_pkey"));
    assert!(p.phases[1].title.contains("after deploying"));
    assert!(p.phases[1].sql.contains("DROP VIEW customers;"));
    // a different shape is no rename
    let p = plan("CREATE TABLE customers (id int PRIMARY KEY, email text);", "CREATE TABLE clients (id int PRIMARY KEY, email text NOT NULL);");
    assert!(p.questions.is_empty());
    assert!(p.up_sql().contains("CREATE TABLE clients") && p.up_sql().contains("DROP TABLE customers;"));
}

#[test]
fn not_null_column_recipe_depends_on_the_default_and_version() {
    let old = "CREATE TABLE t (id int PRIMARY KEY);";
    let new = "CREATE TABLE t (id int PRIMARY KEY, s text NOT NULL DEFAULT 'x');";
    let p = plan(old, new);
    assert_eq!(p.phases.len(), 1, "{}", p.up_sql());
    assert!(p.phases[0].sql.contains("ADD COLUMN s text NOT NULL DEFAULT 'x';"));
    // before PostgreSQL 11 a default rewrote the table: the phased recipe
    let p = plan_with(old, new, Dialect::Postgres, &DiffOptions { pg_version: 10, ..Default::default() });
    let up = p.up_sql();
    assert!(up.contains("ADD COLUMN s text;") && up.contains("SET DEFAULT 'x'") && up.contains("NOT VALID") && up.contains("SET NOT NULL"), "{up}");
    assert!(p.changes.iter().any(|c| c.phased));
    // no default: after the deploy, with a warning
    let p = plan(old, "CREATE TABLE t (id int PRIMARY KEY, s text NOT NULL);");
    assert!(p.phases.iter().any(|ph| ph.title.contains("after deploying") && ph.sql.contains("SET NOT NULL")), "{}", p.up_sql());
    assert!(p.warnings.iter().any(|w| w.contains("t.s is NOT NULL without a default")));
    assert!(!p.phases.iter().any(|ph| ph.title.contains("before deploying") && ph.sql.contains("SET NOT NULL")));
}

#[test]
fn direct_plans_are_one_transaction() {
    let p = plan_with(
        "CREATE TABLE t (id int PRIMARY KEY, a int);",
        "CREATE TABLE t (id int PRIMARY KEY, a bigint NOT NULL, b text UNIQUE); CREATE INDEX t_a ON t (a);",
        Dialect::Postgres,
        &DiffOptions { safe: false, ..Default::default() },
    );
    assert_eq!(p.phases.len(), 1, "{}", p.up_sql());
    assert!(p.phases[0].transactional);
    let up = p.up_sql();
    assert!(up.contains("ALTER COLUMN a TYPE bigint USING a::bigint;") && up.contains("SET NOT NULL;") && up.contains("CREATE INDEX t_a ON t (a);"), "{up}");
    // the plan says it runs outside a migration tool's transaction (it has its own), then phase 1
    assert!(up.starts_with("-- squawk-disable-assume-in-transaction\n-- Phase 1 — migration (direct statements)\nBEGIN;\n") && up.ends_with("COMMIT;\n"), "{up}");
    assert!(!up.contains("lock_timeout"));
}

#[test]
fn non_transactional_phases_are_marked() {
    let p = plan("CREATE TABLE t (id int PRIMARY KEY, a int);", "CREATE TABLE t (id int PRIMARY KEY, a int); CREATE INDEX t_a ON t (a);");
    assert_eq!(p.phases.len(), 1);
    assert!(!p.phases[0].transactional);
    let up = p.up_sql();
    assert!(up.contains("-- Phase 1 — before deploying the new code: build indexes concurrently\n-- NOT in a transaction"), "{up}");
    assert!(!up.contains("BEGIN;"), "{up}");
}

#[test]
fn foreign_keys_order_new_tables_and_close_cycles_after() {
    let p = plan(
        "CREATE TABLE x (id int PRIMARY KEY);",
        "CREATE TABLE x (id int PRIMARY KEY);
         CREATE TABLE c (id int PRIMARY KEY, b_id int);
         CREATE TABLE b (id int PRIMARY KEY, a_id int);
         CREATE TABLE a (id int PRIMARY KEY, c_id int REFERENCES c(id));
         ALTER TABLE c ADD FOREIGN KEY (b_id) REFERENCES b(id);
         ALTER TABLE b ADD FOREIGN KEY (a_id) REFERENCES a(id);",
    );
    let up = p.up_sql();
    let created: Vec<usize> = ["CREATE TABLE a", "CREATE TABLE b", "CREATE TABLE c"].iter().map(|s| up.find(s).unwrap()).collect();
    // one FK of the cycle is added with ALTER TABLE after all three tables exist
    let alter = up.find("ALTER TABLE").unwrap_or_else(|| panic!("{up}"));
    assert!(created.iter().all(|&c| c < alter), "{up}");
    assert_eq!(up.matches("FOREIGN KEY").count(), 3, "{up}");
    // the rollback drops the cycle's constraint first
    assert!(p.down.find("DROP CONSTRAINT").unwrap() < p.down.find("DROP TABLE").unwrap(), "{}", p.down);
}

#[test]
fn enum_value_additions_and_removals() {
    let p = plan("CREATE TYPE m AS ENUM ('a', 'c');", "CREATE TYPE m AS ENUM ('a', 'b', 'c', 'd');");
    assert_eq!(p.phases.len(), 1);
    assert!(p.phases[0].sql.contains("ALTER TYPE m ADD VALUE IF NOT EXISTS 'b' BEFORE 'c';"));
    assert!(p.phases[0].sql.contains("ALTER TYPE m ADD VALUE IF NOT EXISTS 'd' AFTER 'c';"));
    assert!(p.down.contains("ALTER TYPE m RENAME TO m__old;") && p.down.contains("DROP TYPE m__old;"), "{}", p.down);
}

#[test]
fn mysql_and_sqlite_specifics() {
    let p = plan_with("CREATE TABLE t (id INT PRIMARY KEY);", "CREATE TABLE t (id INT PRIMARY KEY, a INT, KEY t_a (a));", Dialect::Mysql, &DiffOptions::default());
    let up = p.up_sql();
    assert!(up.contains("ADD COLUMN a int, ALGORITHM=INSTANT;") && up.contains("ALGORITHM=INPLACE LOCK=NONE;"), "{up}");
    assert!(!up.contains("BEGIN;"), "{up}");
    // SQLite: a simple column addition is ALTER TABLE, a type change a rebuild
    let p = plan_with("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT);", Dialect::Sqlite, &DiffOptions::default());
    assert!(p.up_sql().contains("ALTER TABLE t ADD COLUMN b text;") && !p.up_sql().contains("PRAGMA"), "{}", p.up_sql());
    let p = plan_with("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);", "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER);", Dialect::Sqlite, &DiffOptions::default());
    let ph = &p.phases[0];
    assert!(!ph.transactional);
    for step in ["PRAGMA foreign_keys = OFF;", "BEGIN;", "CREATE TABLE t__new", "INSERT INTO t__new (id, a) SELECT id, a FROM t;", "DROP TABLE t;", "ALTER TABLE t__new RENAME TO t;", "PRAGMA foreign_key_check;", "COMMIT;", "PRAGMA foreign_keys = ON;"] {
        assert!(ph.sql.contains(step), "{step} missing:\n{}", ph.sql);
    }
}

#[test]
fn hostile_input_never_panics() {
    let inputs = [
        "",
        "CREATE TABLE",
        "CREATE TABLE \"we\"\"ird\" (\"a b\" int PRIMARY KEY, \"É\" text REFERENCES nowhere(x));",
        "CREATE TABLE t (id int PRIMARY KEY, p int REFERENCES t(id)); CREATE INDEX ON t ((id + 1));",
        "CREATE TYPE e AS ENUM (); CREATE TABLE t (e e[]);",
        "CREATE TABLE t (a int, b int, PRIMARY KEY (a, b), UNIQUE (b, a), CHECK (((a > 0))));",
    ];
    for d in Dialect::ALL {
        for a in &inputs {
            for b in &inputs {
                let (x, y) = (parse(a, d).schema, parse(b, d).schema);
                for safe in [true, false] {
                    let p = diff(&x, &y, d, &DiffOptions { safe, ..Default::default() });
                    let _ = p.up_sql();
                }
            }
        }
    }
}

#[test]
fn rename_answers_round_trip_through_the_shared_syntax() {
    let odd = vec![
        RenameAnswer { kind: RenameKind::Column, table: "a:b;c".into(), from: "x=1%3A".into(), to: "y;=:%".into(), is_rename: true },
        RenameAnswer { kind: RenameKind::Table, table: String::new(), from: "a".into(), to: "b".into(), is_rename: false },
    ];
    assert_eq!(RenameAnswer::parse_list(&RenameAnswer::write_list(&odd)), odd);
    assert_eq!(
        RenameAnswer::parse("column:users:name:full_name=yes"),
        Some(RenameAnswer { kind: RenameKind::Column, table: "users".into(), from: "name".into(), to: "full_name".into(), is_rename: true })
    );
    for bad in ["column:users:name=yes", "view::a:b=yes", "table::a:b=maybe", "table::a:b"] {
        assert_eq!(RenameAnswer::parse(bad), None, "{bad}");
    }
}

#[test]
fn removed_enum_values_name_the_rewritten_type() {
    let p = plan("CREATE TYPE c AS ENUM ('a', 'b');\nCREATE TABLE t (x c);", "CREATE TYPE c AS ENUM ('a');\nCREATE TABLE t (x c);");
    assert_eq!(p.rewritten_enums, ["c"]);
    assert!(p.warnings.iter().any(|w| w.starts_with("enum c: removing")), "{:?}", p.warnings);
    // adding a value (ADD VALUE) rewrites nothing
    let p = plan("CREATE TYPE c AS ENUM ('a');\nCREATE TABLE t (x c);", "CREATE TYPE c AS ENUM ('a', 'b');\nCREATE TABLE t (x c);");
    assert!(p.rewritten_enums.is_empty(), "{:?}", p.rewritten_enums);
}

/// Indexes that swap names, or shift along a chain (i1 → i2 → i3), are renamed in an order that
/// never takes a name still in use: the swap through a free temporary name, both ways.
#[test]
fn index_renames_never_take_a_name_in_use() {
    let old = "CREATE TABLE t (a int, b int, c int);\nCREATE INDEX i1 ON t (a);\nCREATE INDEX i2 ON t (b);\nCREATE INDEX i1__swap ON t (c);";
    let swap = "CREATE TABLE t (a int, b int, c int);\nCREATE INDEX i2 ON t (a);\nCREATE INDEX i1 ON t (b);\nCREATE INDEX i1__swap ON t (c);";
    let chain = "CREATE TABLE t (a int, b int, c int);\nCREATE INDEX i2 ON t (a);\nCREATE INDEX i3 ON t (b);\nCREATE INDEX i1__swap ON t (c);";
    let p = plan_with(old, swap, Dialect::Postgres, &DiffOptions::default());
    let up = p.up_sql();
    assert!(up.contains("ALTER INDEX i1 RENAME TO i1__swap2;\nALTER INDEX i2 RENAME TO i1;\nALTER INDEX i1__swap2 RENAME TO i2;"), "{up}");
    assert!(p.down.contains("RENAME TO i2__swap;"), "{}", p.down);
    let up = plan_with(old, chain, Dialect::Postgres, &DiffOptions::default()).up_sql();
    assert!(up.contains("ALTER INDEX i2 RENAME TO i3;\nALTER INDEX i1 RENAME TO i2;"), "{up}");
    let up = plan_with(old, swap, Dialect::Mysql, &DiffOptions::default()).up_sql();
    assert!(up.contains("ALTER TABLE t RENAME INDEX i1 TO i1__swap2;\nALTER TABLE t RENAME INDEX i2 TO i1;"), "{up}");
    let up = plan_with(old, swap, Dialect::Sqlite, &DiffOptions::default()).up_sql();
    assert!(up.contains("DROP INDEX i1;\nDROP INDEX i2;\nCREATE INDEX i2 ON t (a);\nCREATE INDEX i1 ON t (b);"), "{up}");
}

/// Replays the renames of `sql` (`RENAME CONSTRAINT a TO b`, `RENAME INDEX a TO b`, `ALTER INDEX a
/// RENAME TO b`) on the set of names `names`: each source must be there and each target free at
/// its turn. Returns the names at the end.
fn replay_renames(sql: &str, names: &[&str]) -> std::collections::BTreeSet<String> {
    let mut have: std::collections::BTreeSet<String> = names.iter().map(|s| s.to_string()).collect();
    for line in sql.lines() {
        let words: Vec<&str> = line.trim_end_matches(';').split_whitespace().collect();
        let (a, b) = match words.as_slice() {
            [.., "RENAME", "CONSTRAINT" | "INDEX", a, "TO", b] => (a, b),
            ["ALTER", "INDEX", a, "RENAME", "TO", b] => (a, b),
            _ => continue,
        };
        assert!(have.remove(*a), "{a} is not there at its turn:\n{sql}");
        assert!(have.insert(b.to_string()), "{b} is still taken at its turn:\n{sql}");
    }
    have
}

/// Keys and constraints that swap names (two uniques, a check with a foreign key: one namespace
/// per table on PostgreSQL) or shift along a chain (f1 → f2 → f3) are renamed in an order that
/// never takes a name still in use, as indexes are, both ways; on MySQL a unique key and an index
/// (both indexes) swap names too.
#[test]
fn constraint_renames_never_take_a_name_in_use() {
    let table = |k: [&str; 2], c: [&str; 2], f: [&str; 2], x: [&str; 2]| {
        format!(
            "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE t (a int, b int, c int, d int, e int,\n CONSTRAINT {} UNIQUE (a), CONSTRAINT {} UNIQUE (b),\n CONSTRAINT {} CHECK (a > 0), CONSTRAINT {} CHECK (b > 0),\n CONSTRAINT {} FOREIGN KEY (c) REFERENCES p (id), CONSTRAINT {} FOREIGN KEY (d) REFERENCES p (id),\n CONSTRAINT {} CHECK (e > 0), CONSTRAINT {} FOREIGN KEY (e) REFERENCES p (id));",
            k[0], k[1], c[0], c[1], f[0], f[1], x[0], x[1]
        )
    };
    let old = table(["k1", "k2"], ["c1", "c2"], ["f1", "f2"], ["x", "y"]);
    let new = table(["k2", "k1"], ["c2", "c1"], ["f2", "f3"], ["y", "x"]);
    let before = ["p_pkey", "k1", "k2", "c1", "c2", "f1", "f2", "x", "y"];
    let after = ["p_pkey", "k1", "k2", "c1", "c2", "f2", "f3", "x", "y"];
    for opts in [DiffOptions::default(), DiffOptions { safe: false, ..Default::default() }] {
        let p = plan_with(&old, &new, Dialect::Postgres, &opts);
        let up = p.up_sql();
        assert!(up.contains("ALTER TABLE t RENAME CONSTRAINT f2 TO f3;\nALTER TABLE t RENAME CONSTRAINT f1 TO f2;"), "{up}");
        assert!(up.contains("ALTER TABLE t RENAME CONSTRAINT k1 TO k1__swap;\nALTER TABLE t RENAME CONSTRAINT k2 TO k1;\nALTER TABLE t RENAME CONSTRAINT k1__swap TO k2;"), "{up}");
        assert_eq!(replay_renames(&up, &before), after.iter().map(|s| s.to_string()).collect(), "{up}");
        assert_eq!(replay_renames(&p.down, &after), before.iter().map(|s| s.to_string()).collect(), "{}", p.down);
    }
    // MySQL renames unique keys (indexes, like the plain index they swap names with), not checks
    // or foreign keys.
    let table = |u: &str, i: &str| format!("CREATE TABLE t (a int, b int, UNIQUE KEY {u} (a), KEY {i} (b));");
    let p = plan_with(&table("u", "i"), &table("i", "u"), Dialect::Mysql, &DiffOptions::default());
    let up = p.up_sql();
    assert!(up.contains("ALTER TABLE t RENAME INDEX u TO u__swap;\nALTER TABLE t RENAME INDEX i TO u;\nALTER TABLE t RENAME INDEX u__swap TO i;"), "{up}");
    assert_eq!(replay_renames(&p.down, &["i", "u"]).len(), 2, "{}", p.down);
}

/// A dropped constraint whose name a renamed one of another kind takes (a check renamed to the
/// name of a foreign key whose target changed) is dropped before the rename, not after the deploy.
#[test]
fn a_constraint_renamed_to_a_dropped_name_waits_for_the_drop() {
    let old = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE q (id int PRIMARY KEY);\nCREATE TABLE t (a int, c int, CONSTRAINT c1 CHECK (a > 0), CONSTRAINT f1 FOREIGN KEY (c) REFERENCES p (id));";
    let new = "CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE q (id int PRIMARY KEY);\nCREATE TABLE t (a int, c int, CONSTRAINT f1 CHECK (a > 0), CONSTRAINT f2 FOREIGN KEY (c) REFERENCES q (id));";
    for opts in [DiffOptions::default(), DiffOptions { safe: false, ..Default::default() }] {
        let up = plan_with(old, new, Dialect::Postgres, &opts).up_sql();
        let (drop, rename) = (up.find("DROP CONSTRAINT f1;"), up.find("RENAME CONSTRAINT c1 TO f1;"));
        assert!(drop.is_some() && drop < rename, "{up}");
    }
}
