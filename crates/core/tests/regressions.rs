//! Every crash, hang and breakout found by the outside attack of issue 21 (and later by the
//! fuzzers in `fuzz/`), as a test that fails without its fix. Each test says what used to happen.
//!
//! A hang cannot fail a test by itself, so work that used to loop forever runs on a thread with a
//! generous deadline (the work takes milliseconds; the deadline is only there to turn "never" into
//! a failure).

use schemaplay_core::codegen::{self, Target};
use schemaplay_core::parse::parse;
use schemaplay_core::model::TypeKind;
use schemaplay_core::Dialect;

/// The values of a column whose type is MySQL's inline `enum(...)`.
fn enum_values(c: &schemaplay_core::model::Column) -> Vec<String> {
    match &c.data_type.kind {
        TypeKind::Enum(v) => v.clone(),
        k => panic!("{} is {k:?}, not an enum", c.name),
    }
}
use std::sync::mpsc;
use std::time::Duration;

const ALL_TARGETS: [Target; 9] = [
    Target::Prisma,
    Target::Drizzle,
    Target::Sql(Dialect::Postgres),
    Target::Sql(Dialect::Mysql),
    Target::Sql(Dialect::Sqlite),
    Target::Mermaid,
    Target::Dbml,
    Target::TypeScript,
    Target::Zod,
];

/// Runs `f` on its own thread; fails the test when it does not finish within 60 s.
fn finishes<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(v) => v,
        Err(_) => panic!("{what}: did not finish (endless loop)"),
    }
}

/// Used to loop forever: two relation names collide and `{table}_{name}` reaches the 63-byte
/// limit, so the `_2` suffix was cut off again and the name never changed (MySQL and PostgreSQL
/// inputs, `--to postgres`; MySQL index names the same with `--to mysql`).
#[test]
fn colliding_names_at_the_length_limit_get_new_names() {
    for n in [62, 63, 64, 65, 100] {
        let long = "a".repeat(n);
        for (from, sql) in [
            (Dialect::Mysql, format!("CREATE TABLE a (x int, KEY k (x)); CREATE TABLE {long} (x int, KEY k (x));")),
            (Dialect::Postgres, format!("CREATE TABLE a (x int); CREATE INDEX k ON a (x); CREATE TABLE {long} (x int); CREATE INDEX k ON {long} (x); CREATE INDEX k ON {long} (x);")),
            (Dialect::Sqlite, format!("CREATE TABLE a (x int); CREATE INDEX k ON a (x); CREATE TABLE {long} (x int); CREATE INDEX k ON {long} (x);")),
        ] {
            for to in Dialect::ALL {
                let schema = parse(&sql, from).schema;
                let out = finishes(&format!("{from:?} → {to:?}, {n}-byte name"), move || codegen::generate(&schema, Target::Sql(to)).code);
                // every index the output creates has its own name (in its table for MySQL, in the
                // schema elsewhere)
                let back = parse(&out, to).schema;
                let mut names: Vec<String> = back
                    .tables
                    .iter()
                    .flat_map(|t| t.indexes.iter().filter_map(move |i| i.name.clone().map(|n| if to == Dialect::Mysql { format!("{}.{n}", t.name) } else { n })))
                    .collect();
                let all = names.len();
                names.sort();
                names.dedup();
                assert_eq!(names.len(), all, "{from:?} → {to:?}: duplicate index names in\n{out}");
                if to == Dialect::Postgres {
                    assert!(names.iter().all(|x| x.len() <= 63), "{names:?}");
                }
                if to == Dialect::Mysql {
                    assert!(back.tables.iter().all(|t| t.name.chars().count() <= 64), "{out}");
                }
            }
        }
    }
}

/// Used to abort ("Formatting argument out of range"): the Prisma generator padded its columns
/// with `format!` widths, which stop at 65,535, and a name or type can be longer (SQLite has no
/// length limit; MySQL names were not cut at all).
#[test]
fn names_and_types_longer_than_a_format_width() {
    let long = "c".repeat(70_000);
    for (d, sql) in [
        (Dialect::Sqlite, format!("CREATE TABLE t (id int PRIMARY KEY, {long} int);")),
        (Dialect::Sqlite, format!("CREATE TABLE t (id int PRIMARY KEY, c \"{long}\");")),
        (Dialect::Mysql, format!("CREATE TABLE t (id int PRIMARY KEY, {long} int, e enum('{long}'));")),
        (Dialect::Postgres, format!("CREATE TABLE t (id int PRIMARY KEY, \"{long}\" int);")),
    ] {
        let schema = parse(&sql, d).schema;
        for target in ALL_TARGETS {
            let out = codegen::generate(&schema, target);
            assert!(!out.code.is_empty(), "{d:?} {target:?}");
        }
    }
}

/// MySQL rejects names over 64 characters; they were kept whole. Now they are read as their first
/// 64 characters, with a warning at their line.
#[test]
fn mysql_names_over_64_characters_are_cut_and_reported() {
    let long = "n".repeat(70);
    let p = parse(&format!("CREATE TABLE ok (id int);\nCREATE TABLE {long} (`{long}` int, KEY {long} (`{long}`));"), Dialect::Mysql);
    let t = &p.schema.tables[1];
    assert_eq!(t.name, "n".repeat(64));
    assert_eq!(t.columns[0].name, "n".repeat(64));
    assert_eq!(t.indexes[0].name.as_deref(), Some("n".repeat(64).as_str()));
    let d: Vec<_> = p.diagnostics.iter().filter(|d| d.message.contains("longer than 64")).collect();
    assert_eq!(d.len(), 1, "{:?}", p.diagnostics);
    assert_eq!(d[0].line, 2);
}

/// MySQL → MySQL used to write an enum value or default ending in a backslash unescaped, so a
/// shared schema could end the statement and run `DROP TABLE users`; the enum values came out
/// lower-cased while their DEFAULT did not, so the default matched no value.
#[test]
fn mysql_backslashes_and_enum_case_survive_the_round_trip() {
    let sql = "CREATE TABLE users (id int);\nCREATE TABLE t (e enum('a\\\\', ', evil int); DROP TABLE users; -- ', 'B') DEFAULT 'B', d varchar(10) DEFAULT 'x\\\\', c text COMMENT 'q\\\\');";
    let src = parse(sql, Dialect::Mysql).schema;
    let e = &src.tables[1].columns[0];
    assert_eq!(enum_values(e), vec!["a\\", ", evil int); DROP TABLE users; -- ", "B"]);
    for to in Dialect::ALL {
        let out = codegen::generate(&src, Target::Sql(to)).code;
        let back = parse(&out, to);
        assert_eq!(back.schema.tables.len(), 2, "{to:?}: an injected statement or a lost table in\n{out}");
        assert!(back.diagnostics.iter().all(|d| !d.message.contains("DROP")), "{to:?}: {:?}", back.diagnostics);
        let t = &back.schema.tables[1];
        let d = t.columns.iter().find(|c| c.name == "d").unwrap();
        assert_eq!(schemaplay_core::sqltext::string_value(to, d.default.as_deref().unwrap()).as_deref(), Some("x\\"), "{to:?}\n{out}");
        if to == Dialect::Mysql {
            let e = &t.columns[0];
            assert_eq!(enum_values(e), vec!["a\\", ", evil int); DROP TABLE users; -- ", "B"], "{out}");
            let def = schemaplay_core::sqltext::string_value(to, e.default.as_deref().unwrap()).unwrap();
            assert!(enum_values(e).contains(&def), "default {def:?} is no enum value in\n{out}");
            assert_eq!(t.columns[2].comment.as_deref(), Some("q\\"));
        }
    }
}

/// `CHECK (a <> ')')` was stored as `((a <> ')')` (the parenthesis inside the string counted) and
/// emitted unbalanced for every target: sqlite3 rejected the script, Drizzle's `check()` got it.
#[test]
fn a_parenthesis_inside_a_check_string_is_not_syntax() {
    for d in Dialect::ALL {
        let p = parse("CREATE TABLE t (a text, CHECK (a <> ')'), b text CHECK (b <> '((' AND b <> ')'), CONSTRAINT c CHECK ((a <> '(')));", d);
        let mut exprs: Vec<&str> = p.schema.tables[0].checks.iter().map(|c| c.expression.as_str()).collect();
        exprs.sort();
        assert_eq!(exprs, ["a <> '('", "a <> ')'", "b <> '((' AND b <> ')'"], "{d:?}");
        for to in Dialect::ALL {
            let out = codegen::generate(&p.schema, Target::Sql(to)).code;
            let back = parse(&out, to);
            assert!(back.diagnostics.iter().all(|x| x.severity != schemaplay_core::Severity::Error), "{d:?} → {to:?}: {:?}\n{out}", back.diagnostics);
            assert_eq!(back.schema.tables[0].checks.len(), 3, "{d:?} → {to:?}\n{out}");
        }
        let drizzle = codegen::generate(&p.schema, Target::Drizzle).code;
        assert!(drizzle.contains("sql`a <> ')'`"), "{drizzle}");
    }
}

/// A `)` or `[` inside a MySQL enum value was read as type syntax: `[` made the column an array
/// (its default and values were dropped for other targets) and `)` garbled the type's name (the
/// DBML and SQL generators lost the enum).
#[test]
fn enum_values_are_not_type_syntax() {
    let p = parse("CREATE TABLE t (e enum('f(1)', '[a]', 'x') DEFAULT 'x', s set('a)', 'b'));", Dialect::Mysql);
    let cols = &p.schema.tables[0].columns;
    assert_eq!(cols[0].data_type.array_dims, 0);
    assert_eq!(cols[0].data_type.kind, TypeKind::Enum(vec!["f(1)".into(), "[a]".into(), "x".into()]));
    assert_eq!(cols[1].data_type.kind, TypeKind::Set(vec!["a)".into(), "b".into()]));
    for to in Dialect::ALL {
        let out = codegen::generate(&p.schema, Target::Sql(to));
        assert!(out.warnings.iter().all(|w| !w.contains("array")), "{to:?}: {:?}", out.warnings);
    }
}
