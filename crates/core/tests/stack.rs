//! Stack headroom (issue 21): the web app runs the engine in wasm with a 1 MiB stack (the
//! `__stack_pointer` of the release build starts at 1,048,576; see README "Limits"), and a stack
//! overflow there kills the page. Deeply nested input of every kind — SQL expressions, types and
//! statements in each dialect, Prisma attributes, DBML settings, catalog JSON — must be cut off by
//! a depth limit (sqlparser's recursion limit of 40, the readers' own, serde_json's), not by the
//! stack. Each case runs every entry point on a thread with a 1 MiB stack in this unoptimised
//! build, whose frames are larger than the release build's.

use schemaplay_core::codegen::{self, Target};
use schemaplay_core::erd::{self, LayoutOptions};
use schemaplay_core::migrate::{check, diff, CheckOptions};
use schemaplay_core::parse::{self, InputKind};
use schemaplay_core::{analyze, Dialect, Input};

const DEPTH: usize = 5_000;

fn nest(open: &str, inner: &str, close: &str) -> String {
    format!("{}{inner}{}", open.repeat(DEPTH), close.repeat(DEPTH))
}

/// Every entry point on `text`, on a thread with a 1 MiB stack.
fn survives(label: &str, kind: InputKind, dialect: Dialect, text: String) {
    let label = label.to_string();
    eprintln!("{label}");
    let run = move || {
        let read = parse::read(&text, Some(kind), dialect);
        let schema = read.parsed.schema;
        let d = schema.dialect;
        if kind == InputKind::Sql {
            let _ = analyze(&Input { text: text.clone(), dialect: d, ..Default::default() });
            let _ = check(&schemaplay_core::Schema::new(d), &text, d, &CheckOptions::default());
        }
        for t in [Target::Prisma, Target::Drizzle, Target::Mermaid, Target::Dbml, Target::TypeScript, Target::Zod, Target::Sql(Dialect::Postgres), Target::Sql(Dialect::Mysql), Target::Sql(Dialect::Sqlite)] {
            let _ = codegen::generate(&schema, t);
        }
        let graph = erd::from_schema(&schema);
        let _ = erd::layout_verified(&graph, &LayoutOptions::default());
        let _ = diff::diff(&schemaplay_core::Schema::new(d), &schema, d, &Default::default()).up_sql();
    };
    let h = std::thread::Builder::new().stack_size(1 << 20).spawn(run).expect("thread");
    assert!(h.join().is_ok(), "{label}: panicked");
}

#[test]
fn deep_sql_nesting_is_cut_off_by_a_depth_limit() {
    for d in Dialect::ALL {
        let cases = [
            ("nested calls in a default", format!("CREATE TABLE t (a int DEFAULT {});", nest("f(", "1", ")"))),
            ("nested parentheses in a check", format!("CREATE TABLE t (a int, CHECK {});", nest("(", "a > 0", ")"))),
            ("nested CASE", format!("CREATE TABLE t (a int, CHECK ({}));", nest("CASE WHEN a > 0 THEN ", "1", " END"))),
            ("nested NOT", format!("CREATE TABLE t (a int, CHECK ({}a > 0));", "NOT ".repeat(DEPTH))),
            ("nested unary minus", format!("CREATE TABLE t (a int DEFAULT {}1);", "- ".repeat(DEPTH))),
            ("nested subqueries", format!("CREATE VIEW v AS {};", nest("SELECT * FROM (", "SELECT 1", ") s"))),
            ("nested array type", format!("CREATE TABLE t (a int{});", "[]".repeat(DEPTH))),
            ("nested casts", format!("CREATE TABLE t (a int DEFAULT {});", nest("CAST(", "1", " AS int)"))),
            ("open parentheses only", format!("CREATE TABLE t (a int DEFAULT {}", "(".repeat(DEPTH * 4))),
            ("nested index expression", format!("CREATE TABLE t (a int); CREATE INDEX i ON t ({});", nest("(", "a", ")"))),
            ("nested DO blocks", nest("DO $$ BEGIN ", "CREATE TABLE t (a int);", " END $$;")),
            // Chains sqlparser reads in a loop into a tree as deep as the chain.
            ("a long chain of +", format!("CREATE TABLE t (a int DEFAULT 1{});", " + 1".repeat(DEPTH))),
            ("a long chain of casts", format!("CREATE TABLE t (a int DEFAULT 1{});", "::int".repeat(DEPTH))),
            ("a long chain of OR", format!("CREATE TABLE t (a int, CHECK (a = 0{}));", " OR a = 1".repeat(DEPTH))),
            ("a long chain of subscripts", format!("CREATE TABLE t (a int[], CHECK (a{} > 0));", "[1]".repeat(DEPTH))),
        ];
        for (label, text) in cases {
            survives(&format!("{d:?}: {label}"), InputKind::Sql, d, text);
        }
    }
}

/// Up to the limit a chain is read (a CHECK listing 500 values with OR), within the same stack; past
/// it the statement is one error at its line and the rest of the script is read.
#[test]
fn operator_chains_up_to_the_limit_are_read() {
    let values: Vec<String> = (0..500).map(|i| format!("x = 'v{i}'")).collect();
    let ok = format!("CREATE TABLE t (x text, CHECK ({}));\nCREATE TABLE u (id int);", values.join(" OR "));
    let long = format!("CREATE TABLE t (a int DEFAULT 1{});\nCREATE TABLE u (id int);", " + 1".repeat(DEPTH));
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            for d in Dialect::ALL {
                let p = parse::parse(&ok, d);
                assert_eq!((p.schema.tables.len(), p.schema.tables[0].checks.len()), (2, 1), "{d:?}: {:?}", p.diagnostics);
                let p = parse::parse(&long, d);
                assert_eq!(p.schema.tables.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["u"], "{d:?}");
                assert!(p.diagnostics.iter().any(|x| x.line == 1 && x.message.contains("operators")), "{d:?}: {:?}", p.diagnostics);
            }
        })
        .expect("thread")
        .join()
        .expect("no panic");
}

#[test]
fn deep_nesting_in_the_other_readers_is_cut_off() {
    let prisma = [
        ("nested calls in @default", format!("datasource db {{\n  provider = \"postgresql\"\n  url = env(\"D\")\n}}\nmodel M {{\n  id Int @id @default({})\n}}\n", nest("f(", "1", ")"))),
        ("nested lists in an attribute", format!("model M {{\n  id Int @id\n  @@index({})\n}}\n", nest("[", "id", "]"))),
        ("nested braces", nest("model M {\n", "id Int @id", "}\n")),
        ("a long native type", format!("datasource db {{\n  provider = \"postgresql\"\n  url = env(\"D\")\n}}\nmodel M {{\n  id Int @id\n  a String @db.VarChar({})\n}}\n", "1 + ".repeat(DEPTH))),
    ];
    for (label, text) in prisma {
        survives(&format!("prisma: {label}"), InputKind::Prisma, Dialect::Postgres, text);
    }
    // Too deep is one error at its line, and the rest of the schema is still read.
    let text = format!("model A {{\n  id Int @id @default({})\n}}\nmodel B {{\n  id Int @id\n}}\n", nest("f(", "1", ")"));
    let read = parse::read(&text, Some(InputKind::Prisma), Dialect::Postgres).parsed;
    let deep: Vec<_> = read.diagnostics.iter().filter(|d| d.message.contains("levels deep")).collect();
    assert_eq!((deep.len(), deep.first().map(|d| d.line)), (1, Some(2)), "{:?}", read.diagnostics);
    assert_eq!(read.schema.tables.len(), 2);
    let dbml = [
        ("nested parentheses in a default", format!("Table t {{\n  a int [default: `{}`]\n}}\n", nest("(", "1", ")"))),
        ("nested brackets", format!("Table t {{\n  a int {}\n}}\n", nest("[", "pk", "]"))),
        ("nested braces", nest("Table t {\n", "a int", "}\n")),
        ("a long array type", format!("Table t {{\n  a int{}\n}}\n", "[]".repeat(DEPTH))),
        ("nested index groups", format!("Table t {{\n  a int\n  indexes {{\n    {}\n  }}\n}}\n", nest("(", "a", ")"))),
    ];
    for (label, text) in dbml {
        survives(&format!("dbml: {label}"), InputKind::Dbml, Dialect::Postgres, text);
    }
    survives("catalog: nested arrays", InputKind::Catalog, Dialect::Postgres, nest("[", "1", "]"));
    survives("catalog: nested objects", InputKind::Catalog, Dialect::Postgres, nest("{\"a\":", "1", "}"));
    survives("drizzle: nested calls", InputKind::Drizzle, Dialect::Postgres, format!("export const t = pgTable('t', {{ a: {} }});", nest("f(", "1", ")")));
}
