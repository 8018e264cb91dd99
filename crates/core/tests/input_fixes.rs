//! Quick fixes on non-SQL input (issue 15, item 5): a finding's fix on a Prisma schema or a DBML
//! document is written in that language (`edit::fixes`), never as SQL.
//!
//! Over four schemas of the Prisma corpus, the readers' Prisma and DBML fixtures, and Prisma / DBML twins of SQL
//! corpus files (made by our generators, so they have the findings whose fixes are at stake): every
//! fix offered applies, the edited text reads again with no new warning or error, and the finding
//! it fixes is gone. Where a fix cannot be written in the language, none is offered (catalog JSON
//! has no planner at all); Drizzle's are written in Drizzle; and every `fk-missing-index` finding on
//! a Prisma model gets its `@@index`.

mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::edit::fixes::MAX_PLANNED;
use schemaplay_core::lint::Finding;
use schemaplay_core::parse::input::{lint, lint_schema, read, InputKind};
use schemaplay_core::{Dialect, Severity};
use std::path::{Path, PathBuf};

/// Fixes checked per text (each check reads and lints the edited text again).
const CHECKED_PER_TEXT: usize = 25;

fn repo(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(p)
}

fn corpus(p: &str) -> PathBuf {
    repo("../shared/corpus").join(p)
}

/// SQL corpus files whose Prisma and DBML twins have findings with fixes.
const SQL_SOURCES: &[&str] = &["postgres/scripts/Chinook_PostgreSql.sql", "postgres/pgdump/pagila-schema.sql", "postgres/pgdump/northwind_psql.sql", "sqlite/scripts/Chinook_Sqlite.sql"];

/// (name, kind, text) of every input the test reads.
fn inputs() -> Vec<(String, InputKind, String)> {
    let mut out = Vec::new();
    let mut files = Vec::new();
    // the corpus's larger schemas (civitai, trigger.dev) are left to the readers' own tests: each
    // fix reads the whole text again, which costs seconds there in a debug build
    for f in ["calcom_schema_2022-05.prisma", "documenso_schema.prisma", "hoppscotch_schema.prisma", "umami_schema.prisma"] {
        files.push(corpus("prisma").join(f));
    }
    common::files_below(&repo("tests/readers/fixtures/prisma"), Some("prisma"), &mut files);
    common::files_below(&repo("tests/readers/fixtures/dbml"), Some("dbml"), &mut files);
    for p in files {
        let kind = if p.extension().is_some_and(|e| e == "dbml") { InputKind::Dbml } else { InputKind::Prisma };
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        out.push((p.display().to_string(), kind, text));
    }
    for s in SQL_SOURCES {
        let p = corpus(s);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        let schema = schemaplay_core::parse::parse(&text, common::dialect_of(&p)).schema;
        out.push((format!("{s} as Prisma"), InputKind::Prisma, generate(&schema, Target::Prisma).code));
        out.push((format!("{s} as DBML"), InputKind::Dbml, generate(&schema, Target::Dbml).code));
    }
    out
}

fn problems(d: &[schemaplay_core::Diagnostic]) -> Vec<String> {
    d.iter().filter(|x| x.severity >= Severity::Warning).map(|x| x.message.clone()).collect()
}

fn same(a: &Finding, b: &Finding) -> bool {
    a.rule == b.rule && a.message == b.message
}

#[test]
fn every_fix_offered_on_prisma_and_dbml_applies_and_removes_its_finding() {
    let mut failures = Vec::new();
    let (mut offered, mut checked, mut prisma_indexes) = (0, 0, 0);
    for (name, kind, text) in inputs() {
        let imported = read(&text, Some(kind), Dialect::Postgres);
        assert_eq!(imported.kind, kind, "{name}");
        let findings = lint(&text, &imported, &Default::default());
        let before = problems(&imported.parsed.diagnostics);
        for (i, f) in findings.iter().enumerate() {
            let Some(fix) = &f.fix else {
                // fk-missing-index on a Prisma model is always expressible (`@@index`)
                let table = f.table.as_deref().unwrap_or("");
                let is_model = !table.starts_with('_');
                let planned = findings[..i].iter().filter(|g| g.edit.is_some()).count() < MAX_PLANNED;
                if kind == InputKind::Prisma && f.rule == "fk-missing-index" && is_model && planned {
                    failures.push(format!("{name}: no @@index offered for {}", f.message));
                }
                continue;
            };
            offered += 1;
            if kind == InputKind::Prisma && f.rule == "fk-missing-index" {
                prisma_indexes += 1;
            }
            if  findings[..i].iter().filter(|g| g.fix.is_some()).count() >= CHECKED_PER_TEXT {
                continue;
            }
            checked += 1;
            let new = fix.apply(&text);
            if new.contains("CREATE INDEX") && !text.contains("CREATE INDEX") {
                failures.push(format!("{name}: {}: SQL written into {}", f.rule, kind.label()));
            }
            let again = read(&new, Some(kind), Dialect::Postgres);
            let mut after = problems(&again.parsed.diagnostics);
            for b in &before {
                if let Some(p) = after.iter().position(|a| a == b) {
                    after.swap_remove(p);
                }
            }
            if !after.is_empty() {
                failures.push(format!("{name}: fixing {} ({}) brings {:?}", f.rule, fix.description, after));
                continue;
            }
            // the findings of the edited text (their own fixes are not needed)
            let left = lint_schema(&new, kind, &again.parsed.schema, &Default::default());
            let n = |v: &[Finding]| v.iter().filter(|g| same(g, f)).count();
            if n(&left) >= n(&findings) {
                failures.push(format!("{name}: fixing {} ({}) leaves: {}", f.rule, fix.description, f.message));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    // the class is really exercised (the inputs have these findings today)
    assert!(prisma_indexes >= 10, "only {prisma_indexes} @@index fixes offered on Prisma");
    assert!(offered > prisma_indexes, "no DBML fix offered ({offered} in all)");
    assert!(checked >= 40, "only {checked} fixes checked");
}

#[test]
fn a_prisma_fk_without_index_gets_an_at_at_index() {
    let text = "datasource db {\n  provider = \"postgresql\"\n  url      = env(\"DATABASE_URL\")\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id @default(autoincrement())\n  authorId Int\n  author   User @relation(fields: [authorId], references: [id])\n}\n";
    let imported = read(text, None, Dialect::Postgres);
    let findings = lint(text, &imported, &Default::default());
    let f = findings.iter().find(|f| f.rule == "fk-missing-index").expect("fk-missing-index fires");
    let fix = f.fix.as_ref().expect("a fix in Prisma");
    let new = fix.apply(text);
    assert_eq!(new, text.replace("references: [id])\n}", "references: [id])\n\n  @@index([authorId])\n}"));
    // everything outside the model stays byte-identical
    assert!(new.starts_with(&text[..text.find("model Post").unwrap()]));
}

#[test]
fn fixes_on_drizzle_are_written_in_drizzle() {
    let drizzle = "import { pgTable, integer, varchar, timestamp } from 'drizzle-orm/pg-core';\nexport const users = pgTable('users', { id: integer('id').primaryKey(), at: timestamp('at') });\nexport const posts = pgTable('posts', { id: integer('id').primaryKey(), title: varchar('title', { length: 80 }), userId: integer('user_id').references(() => users.id) });\n";
    let imported = read(drizzle, Some(InputKind::Drizzle), Dialect::Postgres);
    let findings = lint(drizzle, &imported, &Default::default());
    let fk = findings.iter().find(|f| f.rule == "fk-missing-index").expect("fk-missing-index fires");
    let new = fk.fix.as_ref().expect("a fix in Drizzle").apply(drizzle);
    assert!(new.contains("userId: integer('user_id').references(() => users.id) }, (table) => [index('idx_posts_user_id').on(table.userId)]);"), "{new}");
    assert!(new.starts_with("import { pgTable, integer, varchar, timestamp, index } from 'drizzle-orm/pg-core';"), "{new}");
    let tz = findings.iter().find(|f| f.rule == "prefer-timestamptz").expect("prefer-timestamptz fires");
    assert_eq!(tz.fix.as_ref().map(|x| x.apply(drizzle)), Some(drizzle.replace("at: timestamp('at')", "at: timestamp('at', { withTimezone: true })")));
}

#[test]
fn prisma_and_dbml_write_a_retype_in_their_language() {
    // Prisma and DBML write the timestamptz finding's retype, each in its own way
    let prisma = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DB\")\n}\nmodel T {\n  id Int @id\n  at DateTime @db.Timestamp(3)\n}\n";
    let imported = read(prisma, None, Dialect::Postgres);
    let f: Vec<Finding> = lint(prisma, &imported, &Default::default()).into_iter().filter(|f| f.rule == "prefer-timestamptz").collect();
    assert_eq!(f.len(), 1);
    // a type change lays the model's fields out again as `prisma format` does (aligned columns)
    let want = prisma.replace("@db.Timestamp(3)", "@db.Timestamptz(3)").replace("id Int @id", "id Int      @id");
    assert_eq!(f[0].fix.as_ref().map(|x| x.apply(prisma)), Some(want));
    let dbml = "Table t {\n  id int [pk]\n  at timestamp\n}\n";
    let imported = read(dbml, Some(InputKind::Dbml), Dialect::Postgres);
    let f: Vec<Finding> = lint(dbml, &imported, &Default::default()).into_iter().filter(|f| f.rule == "prefer-timestamptz").collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].fix.as_ref().map(|x| x.apply(dbml)), Some(dbml.replace("at timestamp", "at timestamptz")));
}
