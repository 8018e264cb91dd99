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
use std::path::{Path, PathBuf};

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

fn corpus() -> Option<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    [std::env::var_os("SCHEMAPLAY_CORPUS").map(PathBuf::from), Some(base.join("../../../shared/corpus")), Some(base.join("../../../../shared/corpus"))].into_iter().flatten().find(|d| d.is_dir())
}

fn walk(d: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(d).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            walk(&p, out)
        } else if p.extension().is_some_and(|x| x == "sql") {
            out.push(p)
        }
    }
}

/// No target panics on any corpus file, read in its own dialect (the dialect by folder).
#[test]
fn corpus_never_panics() {
    let Some(dir) = corpus() else {
        eprintln!("note: ../shared/corpus not found; codegen corpus check skipped");
        return;
    };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    assert!(files.len() > 20, "corpus at {} looks incomplete", dir.display());
    for p in &files {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap()).into_owned();
        let s = p.to_string_lossy().to_ascii_lowercase();
        let d = if s.contains("mysql") || s.contains("mariadb") { Dialect::Mysql } else if s.contains("sqlite") { Dialect::Sqlite } else { Dialect::Postgres };
        {
            let schema = parse(&text, d).schema;
            for (target, _) in TARGETS {
                let r = std::panic::catch_unwind(|| generate(&schema, target));
                assert!(r.is_ok(), "{target:?} panicked on {} read as {d:?}", p.display());
            }
        }
    }
}

/// Seeded mutations of the default example: no target panics.
#[test]
fn mutations_never_panic() {
    let base = schemaplay_core::examples::DEFAULT.sql.as_bytes().to_vec();
    let inserts: &[&str] = &["\"İ\"", "`", "'", "\"", "${", "*/", "<script>", "\n", "(", ")", ";", " REFERENCES \"x\"(", " PRIMARY KEY", " UNIQUE", " int[][]", " CHECK (", "Ωmega"];
    let mut seed: u64 = 0xc0de;
    let mut next = |n: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % n.max(1)
    };
    for _ in 0..150 {
        let mut b = base.clone();
        for _ in 0..1 + next(6) {
            let at = next(b.len());
            match next(3) {
                0 => {
                    let len = next(40).min(b.len() - at);
                    b.drain(at..at + len);
                }
                1 => {
                    let len = next(80).min(b.len() - at);
                    let chunk = b[at..at + len].to_vec();
                    b.splice(at..at, chunk);
                }
                _ => {
                    let ins = inserts[next(inserts.len())].as_bytes();
                    b.splice(at..at, ins.iter().copied());
                }
            }
        }
        let text = String::from_utf8_lossy(&b).into_owned();
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
