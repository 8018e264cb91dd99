//! The scaling benchmark's cases (issue 21): each input family, how to build it at size n and what
//! to run on it, as the CLI runs it. Shared by `benches/scaling.rs` (CPU time at n and 10n) and
//! `tests/op_counts.rs` (heap allocations at n and 10n, a count that does not depend on the machine).

use schemaplay_core::codegen::{self, Target};
use schemaplay_core::erd::{self, LayoutOptions, SvgOptions};
use schemaplay_core::migrate::{check, diff, CheckOptions};
use schemaplay_core::model::json::Report;
use schemaplay_core::{analyze, parse, Dialect, Input};

/// One family: what it measures, the two sizes, how to build the input and what to run.
pub struct Family {
    pub name: &'static str,
    pub op: &'static str,
    pub unit: &'static str,
    pub n: usize,
    pub input: fn(usize) -> Vec<String>,
    pub run: fn(&[String]) -> usize,
}

// ---------------------------------------------------------------- inputs

/// A schema written on one line: tables with FKs, defaults, checks and an index, `kb` KB in all.
fn one_line(kb: usize) -> Vec<String> {
    let mut s = String::new();
    let mut i = 0;
    while s.len() < kb * 1024 {
        let j = i / 2;
        s.push_str(&format!(
            "CREATE TABLE t{i} (id bigint PRIMARY KEY, org_id bigint REFERENCES t{j}(id), name text NOT NULL DEFAULT 'x', price numeric(10,2) CHECK (price >= 0), created_at timestamptz DEFAULT now()); CREATE INDEX t{i}_org ON t{i} (org_id); "
        ));
        i += 1;
    }
    vec![s]
}

/// One table with `n` foreign keys to one parent.
fn fks_from_one(n: usize) -> Vec<String> {
    let mut s = String::from("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY");
    for i in 0..n {
        s.push_str(&format!(", f{i} int REFERENCES p(id)"));
    }
    s.push_str(");\n");
    vec![s]
}

/// `n` tables with a foreign key each to one table; the second text adds a column to the parent.
fn fks_to_one(n: usize) -> Vec<String> {
    let mut s = String::from("CREATE TABLE p (id int PRIMARY KEY, name text);\n");
    for i in 0..n {
        s.push_str(&format!("CREATE TABLE c{i} (id int PRIMARY KEY, p_id int REFERENCES p(id));\n"));
    }
    let new = s.replacen("name text);", "name text, extra int);", 1);
    vec![s, new]
}

/// `n` tables with a foreign key each; the second text has them in the opposite order and adds a
/// column to the last (a dump sorted by name against a hand-written file).
fn reordered(n: usize) -> Vec<String> {
    let table = |i: usize| format!("CREATE TABLE t{i} (id int PRIMARY KEY, p_id int REFERENCES t0(id));\n");
    let old: String = (0..n).map(table).collect();
    let new: String = (0..n).rev().map(table).collect::<String>().replacen("p_id int REFERENCES", "extra int, p_id int REFERENCES", 1);
    vec![old, new]
}

/// `n` tables with about 1.5 foreign keys each (as [`tables`]) against no tables: the plan drops
/// them all (referencing tables first) and its rollback creates them all (referenced tables first).
fn tables_dropped(n: usize) -> Vec<String> {
    vec![tables(n).remove(0), String::new()]
}

/// A table with `n` integer columns that all become `bigint`, and `n` tables with a foreign key
/// to it (whether a changed column is referenced is asked once per column).
fn type_changes(n: usize) -> Vec<String> {
    let children: String = (0..n).map(|i| format!("CREATE TABLE c{i} (id int PRIMARY KEY, p_id int REFERENCES p(id));\n")).collect();
    let parent = |ty: &str| format!("CREATE TABLE p (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", v{i} {ty}")).collect::<String>());
    vec![format!("{}{children}", parent("int")), format!("{}{children}", parent("bigint"))]
}

/// One table whose `n` columns are all renamed, each with a shape of its own (`varchar(i)`): `n`
/// rename candidates among `n` dropped and `n` added columns.
fn columns_renamed(n: usize) -> Vec<String> {
    let table = |prefix: &str| format!("CREATE TABLE r (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", {prefix}{i} varchar({})", i + 1)).collect::<String>());
    vec![table("a"), table("b")]
}

/// One table whose `n` nullable columns all become NOT NULL: a warning of its own for each.
fn not_null(n: usize) -> Vec<String> {
    let table = |null: &str| format!("CREATE TABLE w (id int PRIMARY KEY{});\n", (0..n).map(|i| format!(", c{i} int{null}")).collect::<String>());
    vec![table(""), table(" NOT NULL")]
}

/// `n` tables in schema `a`; the second text adds `n` tables in schema `b`.
fn other_schema(n: usize) -> Vec<String> {
    let tables = |s: &str| (0..n).map(|i| format!("CREATE TABLE {s}.t{i} (id int PRIMARY KEY);\n")).collect::<String>();
    let old = tables("a");
    vec![old.clone(), format!("{old}{}", tables("b"))]
}

/// One table with `n` columns; the second text adds one.
fn wide(n: usize) -> Vec<String> {
    let cols: Vec<String> = (0..n).map(|i| format!("c{i} int")).collect();
    let old = format!("CREATE TABLE w (id int PRIMARY KEY, {});\n", cols.join(", "));
    let new = old.replacen("id int PRIMARY KEY,", "id int PRIMARY KEY, added text,", 1);
    vec![old, new]
}

/// A table and `n` indexes on it (as a schema, and as a migration against the bare table).
fn indexes(n: usize) -> Vec<String> {
    let table = format!("CREATE TABLE t (id int PRIMARY KEY, {});\n", (0..50).map(|c| format!("c{c} int")).collect::<Vec<_>>().join(", "));
    let mut idx = String::new();
    for i in 0..n {
        idx.push_str(&format!("CREATE INDEX i{i} ON t (c{}, c{});\n", i % 50, (i * 7 + 3) % 50));
    }
    vec![format!("{table}{idx}"), table, idx]
}

/// One MySQL table with `n` unnamed keys over 50 columns (named `c7`, `c7_2`, … by MySQL's rule).
fn mysql_keys(n: usize) -> Vec<String> {
    let cols: String = (0..50).map(|c| format!(", c{c} int")).collect();
    let keys: String = (0..n).map(|i| format!(", KEY (c{})", i % 50)).collect();
    vec![format!("CREATE TABLE t (id int PRIMARY KEY{cols}{keys});\n")]
}

/// One MySQL table with `n` unnamed foreign keys, each on its own column (InnoDB gives each an index).
fn mysql_fks(n: usize) -> Vec<String> {
    let cols: String = (0..n).map(|i| format!(", f{i} int")).collect();
    let fks: String = (0..n).map(|i| format!(", FOREIGN KEY (f{i}) REFERENCES p(id)")).collect();
    vec![format!("CREATE TABLE p (id int PRIMARY KEY);\nCREATE TABLE c (id int PRIMARY KEY{cols}{fks});\n")]
}

/// One PostgreSQL table with `n` columns and an unnamed CHECK on each (named `c_c7_check`).
fn pg_checks(n: usize) -> Vec<String> {
    let cols: String = (0..n).map(|i| format!(", c{i} int")).collect();
    let checks: String = (0..n).map(|i| format!(", CHECK (c{i} >= 0)")).collect();
    vec![format!("CREATE TABLE c (id int PRIMARY KEY{cols}{checks});\n")]
}

/// One SQLite table with `n` UNIQUE constraints on distinct pairs of columns.
fn sqlite_uniques(n: usize) -> Vec<String> {
    let cols: String = (0..n / 50 + 50).map(|c| format!(", c{c} int")).collect();
    let uniques: String = (0..n).map(|i| format!(", UNIQUE (c{}, c{})", i % 50, i / 50)).collect();
    vec![format!("CREATE TABLE u (id int PRIMARY KEY{cols}{uniques});\n")]
}

/// `n` tables, about 1.5 foreign keys each (to earlier tables).
fn tables(n: usize) -> Vec<String> {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("CREATE TABLE t{i} (id bigint PRIMARY KEY, name text NOT NULL, created_at timestamptz"));
        if i > 0 {
            s.push_str(&format!(", parent_id bigint REFERENCES t{}(id)", i / 2));
        }
        if i > 3 && i % 2 == 0 {
            s.push_str(&format!(", owner_id bigint REFERENCES t{}(id)", i - 3));
        }
        s.push_str(");\n");
    }
    vec![s]
}

/// `n` tables with 5 foreign keys each to pseudo-random earlier tables (a dense graph).
fn dense(n: usize) -> Vec<String> {
    let mut s = String::new();
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..n {
        s.push_str(&format!("CREATE TABLE t{i} (id bigint PRIMARY KEY, name text"));
        if i > 0 {
            for k in 0..5 {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                let j = (x >> 33) as usize % i;
                s.push_str(&format!(", r{k} bigint REFERENCES t{j}(id)"));
            }
        }
        s.push_str(");\n");
    }
    vec![s]
}

/// A migration of `n` statements that do not parse.
fn broken(n: usize) -> Vec<String> {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!("ALTER TABLE t{i} ADD COLUMN (x int,, ;\n"));
    }
    vec![s]
}

/// A table and `n` suppression comments.
fn ignores(n: usize) -> Vec<String> {
    let mut s = String::from("CREATE TABLE users (id int, name text);\n");
    for i in 0..n {
        s.push_str(&format!("-- schemaplay-ignore missing-primary-key line {i}\n"));
    }
    vec![s]
}

// ---------------------------------------------------------------- operations (as the CLI runs them)

fn pg(text: &str) -> parse::Parsed {
    parse::parse(text, Dialect::Postgres)
}

fn inspect(t: &[String]) -> usize {
    inspect_in(&t[0], Dialect::Postgres)
}

fn inspect_in(text: &str, dialect: Dialect) -> usize {
    let p = parse::parse(text, dialect);
    serde_json::to_string(&Report::new(&p.schema, &p.diagnostics)).map_or(0, |s| s.len())
}

fn inspect_mysql(t: &[String]) -> usize {
    inspect_in(&t[0], Dialect::Mysql)
}

fn inspect_sqlite(t: &[String]) -> usize {
    inspect_in(&t[0], Dialect::Sqlite)
}

fn lint(t: &[String]) -> usize {
    analyze(&Input { text: t[0].clone(), dialect: Dialect::Postgres, ..Default::default() }).findings.len()
}

fn prisma(t: &[String]) -> usize {
    codegen::generate(&pg(&t[0]).schema, Target::Prisma).code.len()
}

fn drizzle(t: &[String]) -> usize {
    codegen::generate(&pg(&t[0]).schema, Target::Drizzle).code.len()
}

/// `erd` (SVG) — and the size `erd --format json` would write.
fn erd_svg(t: &[String]) -> usize {
    let graph = erd::from_schema(&pg(&t[0]).schema);
    let (layout, _) = erd::layout_verified(&graph, &LayoutOptions::default());
    let svg = erd::render_svg(&graph, &layout, &SvgOptions::default());
    let json = serde_json::to_string(&layout).map_or(0, |s| s.len());
    eprintln!("json_bytes {json}");
    svg.len()
}

fn diff_two(t: &[String]) -> usize {
    let (a, b) = (pg(&t[0]).schema, pg(&t[1]).schema);
    diff::diff(&a, &b, Dialect::Postgres, &Default::default()).up_sql().len()
}

fn check_migration(t: &[String]) -> usize {
    let base = pg(&t[1]).schema;
    check(&base, &t[2], Dialect::Postgres, &CheckOptions::default()).statements.len()
}

fn check_broken(t: &[String]) -> usize {
    check(&schemaplay_core::Schema::new(Dialect::Postgres), &t[0], Dialect::Postgres, &CheckOptions::default()).statements.len()
}

pub const FAMILIES: &[Family] = &[
    Family { name: "schema on one line", op: "inspect", unit: "KB", n: 100, input: one_line, run: inspect },
    Family { name: "schema on one line", op: "lint", unit: "KB", n: 100, input: one_line, run: lint },
    Family { name: "FKs from one table", op: "generate drizzle", unit: "FKs", n: 200, input: fks_from_one, run: drizzle },
    Family { name: "FKs from one table", op: "generate prisma", unit: "FKs", n: 500, input: fks_from_one, run: prisma },
    Family { name: "FKs to one table", op: "inspect", unit: "FKs", n: 5000, input: fks_to_one, run: inspect },
    Family { name: "FKs to one table", op: "erd", unit: "FKs", n: 5000, input: fks_to_one, run: erd_svg },
    Family { name: "FKs to one table", op: "generate prisma", unit: "FKs", n: 5000, input: fks_to_one, run: prisma },
    Family { name: "FKs to one table", op: "diff", unit: "FKs", n: 5000, input: fks_to_one, run: diff_two },
    Family { name: "tables in another order", op: "diff", unit: "tables", n: 5000, input: reordered, run: diff_two },
    Family { name: "tables dropped (1.5 FKs each)", op: "diff", unit: "tables", n: 2000, input: tables_dropped, run: diff_two },
    Family { name: "type changes, FKs to the table", op: "diff", unit: "columns", n: 1000, input: type_changes, run: diff_two },
    Family { name: "columns renamed", op: "diff", unit: "columns", n: 1000, input: columns_renamed, run: diff_two },
    Family { name: "columns made NOT NULL", op: "diff", unit: "columns", n: 1000, input: not_null, run: diff_two },
    Family { name: "tables created in another schema", op: "diff", unit: "tables", n: 2000, input: other_schema, run: diff_two },
    Family { name: "columns in one table", op: "lint", unit: "columns", n: 1000, input: wide, run: lint },
    Family { name: "columns in one table", op: "diff", unit: "columns", n: 1000, input: wide, run: diff_two },
    Family { name: "indexes on one table", op: "lint", unit: "indexes", n: 2000, input: indexes, run: lint },
    Family { name: "indexes on one table", op: "check-migration", unit: "indexes", n: 2000, input: indexes, run: check_migration },
    Family { name: "unnamed keys, one MySQL table", op: "inspect", unit: "keys", n: 2000, input: mysql_keys, run: inspect_mysql },
    Family { name: "unnamed FKs, one MySQL table", op: "inspect", unit: "FKs", n: 2000, input: mysql_fks, run: inspect_mysql },
    Family { name: "unnamed CHECKs, one PG table", op: "inspect", unit: "checks", n: 2000, input: pg_checks, run: inspect },
    Family { name: "UNIQUEs, one SQLite table", op: "inspect", unit: "uniques", n: 2000, input: sqlite_uniques, run: inspect_sqlite },
    Family { name: "tables (1.5 FKs each)", op: "erd", unit: "tables", n: 2000, input: tables, run: erd_svg },
    Family { name: "dense FK graph (5 per table)", op: "erd", unit: "tables", n: 300, input: dense, run: erd_svg },
    Family { name: "broken statements", op: "check-migration", unit: "statements", n: 2000, input: broken, run: check_broken },
    Family { name: "schemaplay-ignore lines", op: "lint", unit: "lines", n: 2000, input: ignores, run: lint },
];
