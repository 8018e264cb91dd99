//! Snapshot tests of lint findings, as a person reads them, on the default example and a few
//! corpus files (`../shared/corpus`; missing is a failure unless SCHEMAPLAY_NO_CORPUS is set). Expected text lives in
//! `tests/snapshots/lint/<name>.txt`; run with `UPDATE_SNAPSHOTS=1` to (re)write them, then
//! review the diff before committing. Also: every quick fix offered on the default example
//! applies cleanly, re-parses and makes its finding go away.

mod common;

use schemaplay_core::lint::{lint, Finding, LintConfig};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Severity};

fn render(findings: &[Finding]) -> String {
    let mut s = String::new();
    for f in findings {
        let obj = match (&f.table, &f.column) {
            (Some(t), Some(c)) => format!(" {t}.{c}"),
            (Some(t), None) => format!(" {t}"),
            _ => String::new(),
        };
        s.push_str(&format!("{}:{} {}[{}]{obj}: {}\n", f.line, f.column_no, f.severity.id(), f.rule, f.message));
        if let Some(fix) = &f.fix {
            s.push_str(&format!("    fix: {}\n", fix.description));
            for e in &fix.edits {
                s.push_str(&format!("      @{}..{} {:?}\n", e.start, e.end, e.replacement));
            }
        }
    }
    s
}

fn snapshot(name: &str, actual: &str) {
    common::snapshot("lint", &format!("{name}.txt"), actual);
}

fn findings(text: &str, d: Dialect) -> Vec<Finding> {
    let p = parse(text, d);
    lint(text, &p.schema, &LintConfig::default())
}

#[test]
fn default_example() {
    let ex = schemaplay_core::examples::DEFAULT;
    let f = findings(ex.sql, ex.dialect);
    snapshot("saas", &render(&f));
    // the deliberate flaws of the example are all found
    for (rule, obj) in [
        ("plaintext-secret", "users"),
        ("prefer-text-field", "projects"),
        ("fk-missing-index", "tasks"),
        ("fk-missing-on-delete", "tasks"),
        ("prefer-timestamptz", "tasks"),
        ("soft-delete-without-partial-index", "tasks"),
        ("prefer-jsonb", "comments"),
        ("ban-char-field", "labels"),
    ] {
        assert!(f.iter().any(|x| x.rule == rule && x.table.as_deref() == Some(obj)), "{rule} on {obj}");
    }
    assert!(!f.iter().any(|x| x.severity == Severity::Error), "the default example has no error-level findings");
}

#[test]
fn every_fix_on_the_default_example_works() {
    let ex = schemaplay_core::examples::DEFAULT;
    let before = findings(ex.sql, ex.dialect);
    let mut n = 0;
    for f in before.iter().filter(|f| f.fix.is_some()) {
        n += 1;
        let text = f.fix.as_ref().unwrap().apply(ex.sql);
        let p = parse(&text, ex.dialect);
        let warnings: Vec<_> = p.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
        assert!(warnings.is_empty(), "{}: fixed text has parse warnings {warnings:?}", f.rule);
        let after = lint(&text, &p.schema, &LintConfig::default());
        assert!(
            !after.iter().any(|g| g.rule == f.rule && g.table == f.table && g.column == f.column),
            "{} on {:?}.{:?} still reported after its fix",
            f.rule,
            f.table,
            f.column
        );
    }
    assert!(n >= 15, "only {n} fixes");
}

#[test]
fn corpus_files() {
    let Some(dir) = common::corpus() else {
        eprintln!("note: ../shared/corpus not found; lint corpus snapshots skipped");
        return;
    };
    for (name, rel, d) in [
        ("supabase_subscription_payments", "postgres/supabase/nextjs-subscription-payments_schema.sql", Dialect::Postgres),
        ("pagila_pgdump", "postgres/pgdump/pagila-schema.sql", Dialect::Postgres),
        ("chinook_mysql", "mysql/scripts/Chinook_MySql.sql", Dialect::Mysql),
        ("memos_sqlite", "sqlite/handwritten/memos_LATEST.sql", Dialect::Sqlite),
    ] {
        let Ok(bytes) = std::fs::read(dir.join(rel)) else {
            eprintln!("note: {rel} missing; skipped");
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        snapshot(name, &render(&findings(&text, d)));
    }
}

/// Lint never panics on any corpus file, and every fix offered on a few real dumps applies,
/// re-parses without new warnings and resolves its finding.
#[test]
fn corpus_lint_and_fixes() {
    let Some(dir) = common::corpus() else { return };
    for (p, d) in common::sql_files(&dir) {
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into_owned();
        let r = std::panic::catch_unwind(|| findings(&text, d).len());
        assert!(r.is_ok(), "lint panicked on {}", p.display());
    }
    for (rel, d) in [
        ("postgres/supabase/nextjs-subscription-payments_schema.sql", Dialect::Postgres),
        ("postgres/pgdump/pagila-schema.sql", Dialect::Postgres),
        ("sqlite/handwritten/memos_LATEST.sql", Dialect::Sqlite),
        ("mysql/scripts/Chinook_MySql.sql", Dialect::Mysql),
    ] {
        let Ok(bytes) = std::fs::read(dir.join(rel)) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let before = parse(&text, d);
        let warn = |p: &schemaplay_core::parse::Parsed| p.diagnostics.iter().filter(|x| x.severity != Severity::Info).count();
        for f in lint(&text, &before.schema, &LintConfig::default()).iter().filter(|f| f.fix.is_some()) {
            let fixed = f.fix.as_ref().unwrap().apply(&text);
            let p = parse(&fixed, d);
            assert!(warn(&p) <= warn(&before), "{rel}: fix for {} on {:?} adds parse warnings", f.rule, f.table);
            let after = lint(&fixed, &p.schema, &LintConfig::default());
            assert!(
                !after.iter().any(|g| g.rule == f.rule && g.table == f.table && g.column == f.column),
                "{rel}: {} on {:?}.{:?} still reported after its fix",
                f.rule,
                f.table,
                f.column
            );
        }
    }
}

/// Seeded mutations of the default example (byte deletions, duplications and hostile
/// insertions, including non-ASCII and quote characters): lint never panics and every fix it
/// offers applies without panicking.
#[test]
fn lint_survives_mutations() {
    let base = schemaplay_core::examples::DEFAULT.sql;
    let inserts: &[&str] = &["\"İStanbul\"", "ÆØÅ_ids uuid[]", "'", "\"", "`", "--", "/*", "$$", "(", ")", ";", "Ωmega", " char(", "REFERENCES \"ü\"(", "\n"];
    for text in common::mutations(base, inserts, 0x5eed, 300, 60) {
        for d in Dialect::ALL {
            let r = std::panic::catch_unwind(|| {
                for f in findings(&text, d) {
                    if let Some(fix) = &f.fix {
                        let _ = fix.apply(&text);
                    }
                }
            });
            assert!(r.is_ok(), "lint panicked on a mutation ({d:?}):\n{text}");
        }
    }
}
