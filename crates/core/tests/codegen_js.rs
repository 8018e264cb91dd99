//! The JavaScript-ecosystem generators (Prisma, Drizzle, TypeScript, Zod):
//! - snapshot of each target's output for the default example
//!   (`tests/snapshots/codegen/saas.<target>.<ext>`; `UPDATE_SNAPSHOTS=1` rewrites them — review the diff),
//! - never a panic, on every corpus file and on seeded mutations of the example,
//! - deterministic output,
//! - hostile identifiers never escape their string literal or comment.
//!
//! Whether the output is accepted by the real tools (prisma-schema-wasm, tsc) is checked from
//! node in `tests/codegen/js.test.mjs`.

mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::path::Path;

const TARGETS: [(Target, &str); 4] = [(Target::Prisma, "prisma.prisma"), (Target::Drizzle, "drizzle.ts"), (Target::TypeScript, "typescript.ts"), (Target::Zod, "zod.ts")];

fn snapshot(name: &str, actual: &str) {
    common::snapshot("codegen", name, actual);
}

#[test]
fn default_example_snapshots() {
    let ex = schemaplay_core::examples::DEFAULT;
    let schema = parse(ex.sql, ex.dialect).schema;
    for (target, ext) in TARGETS {
        let g = generate(&schema, target);
        assert!(!g.code.is_empty(), "{target:?} produced nothing: {:?}", g.warnings);
        assert!(!g.warnings.iter().any(|w| w.contains("not built yet")), "{target:?}");
        snapshot(&format!("saas.{ext}"), &g.code);
        assert_eq!(generate(&schema, target), g, "{target:?} output is not deterministic");
    }
    // what the example has that Prisma cannot express is reported, not dropped
    let p = generate(&schema, Target::Prisma);
    assert!(p.warnings.iter().any(|w| w.contains("organizations_plan_check")), "{:?}", p.warnings);
    assert!(p.warnings.iter().any(|w| w.contains("tenant_isolation")), "{:?}", p.warnings);
    // every table becomes a model / table / interface / schema
    for t in &schema.tables {
        let d = generate(&schema, Target::Drizzle).code;
        assert!(d.contains(&format!("pgTable(\"{}\"", t.name)), "{}", t.name);
        assert!(p.code.contains(&format!("@@map(\"{}\")", t.name)), "{}", t.name);
        assert!(generate(&schema, Target::TypeScript).code.contains(&format!("/** Row of {} */", t.name)), "{}", t.name);
        assert!(generate(&schema, Target::Zod).code.contains(&format!("/** Row of {} */", t.name)), "{}", t.name);
    }
}

/// The naming settings (Prisma `keep`, Drizzle `column`) on the default example, and the CHECK
/// value-list fixtures as TypeScript and Zod (`tests/codegen/fixtures/check_enums_*.sql`).
#[test]
fn naming_settings_and_check_enum_snapshots() {
    use schemaplay_core::codegen::{generate_with, DrizzleKeys, Options, PrismaNaming};
    let ex = schemaplay_core::examples::DEFAULT;
    let schema = parse(ex.sql, ex.dialect).schema;
    let keep = Options { prisma_naming: PrismaNaming::Keep, ..Default::default() };
    let column = Options { drizzle_keys: DrizzleKeys::Column, ..Default::default() };
    let p = generate_with(&schema, Target::Prisma, &keep);
    snapshot("saas.prisma-keep.prisma", &p.code);
    assert_ne!(p.code, generate(&schema, Target::Prisma).code);
    for t in &schema.tables {
        assert!(p.code.contains(&format!("model {} {{", t.name)), "{}", t.name);
    }
    assert!(!p.code.contains("@@map(") && !p.code.contains(" @map("), "{}", p.code);
    let d = generate_with(&schema, Target::Drizzle, &column);
    snapshot("saas.drizzle-column.ts", &d.code);
    assert!(d.code.contains("created_at: timestamp(\"created_at\""), "{}", d.code);
    // the options of the other target change nothing
    assert_eq!(generate_with(&schema, Target::Prisma, &column), generate(&schema, Target::Prisma));
    assert_eq!(generate_with(&schema, Target::Drizzle, &keep), generate(&schema, Target::Drizzle));

    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/codegen/fixtures");
    for (d, name) in [(Dialect::Postgres, "postgres"), (Dialect::Mysql, "mysql"), (Dialect::Sqlite, "sqlite")] {
        let text = std::fs::read_to_string(dir.join(format!("check_enums_{name}.sql"))).unwrap();
        let s = parse(&text, d).schema;
        let ts = generate(&s, Target::TypeScript).code;
        let zod = generate(&s, Target::Zod).code;
        snapshot(&format!("check_enums_{name}.typescript.ts"), &ts);
        snapshot(&format!("check_enums_{name}.zod.ts"), &zod);
        assert!(zod.matches("z.enum([").count() >= 2, "{zod}");
    }
}

/// No target panics on any corpus file, read in its own dialect (the dialect by folder).
#[test]
fn corpus_never_panics() {
    let Some(dir) = common::corpus() else {
        eprintln!("note: ../shared/corpus not found; codegen corpus check skipped");
        return;
    };
    let files = common::sql_files(&dir);
    assert!(files.len() > 20, "corpus at {} looks incomplete", dir.display());
    for (p, d) in files {
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let schema = parse(&text, d).schema;
        for (target, _) in TARGETS {
            let r = std::panic::catch_unwind(|| generate(&schema, target));
            assert!(r.is_ok(), "{target:?} panicked on {} read as {d:?}", p.display());
        }
    }
}

/// Seeded mutations of the default example: no target panics.
#[test]
fn mutations_never_panic() {
    let base = schemaplay_core::examples::DEFAULT.sql;
    let inserts: &[&str] = &["\"İ\"", "`", "'", "\"", "${", "*/", "<script>", "\n", "(", ")", ";", " REFERENCES \"x\"(", " PRIMARY KEY", " UNIQUE", " int[][]", " CHECK (", "Ωmega"];
    for text in common::mutations(base, inserts, 0xc0de, 150, 80) {
        for d in Dialect::ALL {
            let schema = parse(&text, d).schema;
            for (target, _) in TARGETS {
                let r = std::panic::catch_unwind(|| generate(&schema, target));
                assert!(r.is_ok(), "{target:?} panicked on a mutation ({d:?}):\n{text}");
            }
        }
    }
}

/// Hostile names only ever appear inside string literals, escaped; comments never close early
/// and never span lines. (The real tools check the same fixtures in js.test.mjs.)
#[test]
fn hostile_identifiers_stay_contained() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/codegen/fixtures");
    for (file, d) in [("hostile_postgres.sql", Dialect::Postgres), ("hostile_mysql.sql", Dialect::Mysql), ("hostile_sqlite.sql", Dialect::Sqlite)] {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let schema = parse(&text, d).schema;
        assert!(schema.tables.len() >= 2, "{file}");
        for (target, _) in TARGETS {
            let code = generate(&schema, target).code;
            for line in code.lines() {
                // every line starts like code the generator writes, never like a leaked fragment
                let t = line.trim_start();
                assert!(!t.starts_with("line") && !t.starts_with("a newline") && !t.starts_with("line\""), "{target:?} {file}: a newline leaked:\n{line}");
                if let Some(c) = t.strip_prefix("/**") {
                    assert_eq!(c.matches("*/").count(), 1, "{target:?} {file}: comment closes early: {line}");
                }
                if t.starts_with("//") {
                    assert!(!t.contains("*/"), "{target:?} {file}: block-comment closer in a line comment: {line}");
                }
            }
            assert!(!code.contains("<script>alert(1)</script>\"") || code.contains("\"<script>alert(1)</script>\""), "{target:?} {file}");
        }
    }
}
