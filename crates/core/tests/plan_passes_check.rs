//! The differ's safe plan passes the migration checker (issue 8: "The plan passes the checker"):
//! for every diff fixture, the safe plan's up SQL checked against the old schema has no finding of
//! warning or error severity, while the direct plan of the fixtures with unsafe changes does — so
//! the check below has something to catch.

use schemaplay_core::migrate::diff::{diff, DiffOptions};
use schemaplay_core::migrate::{check, CheckOptions};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Severity};
use std::path::Path;

fn fixtures() -> Vec<(String, Dialect, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/diff/fixtures");
    let mut v = Vec::new();
    for e in std::fs::read_dir(&root).unwrap_or_else(|e| panic!("{}: {e}", root.display())) {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        let d = match name.split('_').next() {
            Some("pg") => Dialect::Postgres,
            Some("mysql") => Dialect::Mysql,
            Some("sqlite") => Dialect::Sqlite,
            _ => continue,
        };
        let old = std::fs::read_to_string(p.join("old.sql")).unwrap();
        let new = std::fs::read_to_string(p.join("new.sql")).unwrap();
        v.push((name, d, old, new));
    }
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// Rules that flag the change itself rather than how it is made: the new schema asks for the
/// drop or the rename, so the plan cannot avoid them (it defers them to after the deploy, with
/// expand/contract or a view shim where code may still use the old name). MySQL has no online
/// form for the operations `mysql-table-copy` flags; the differ warns about them in the plan.
const INTENDED: &[&str] = &["ban-drop-column", "ban-drop-table", "ban-drop-not-null", "renaming-table", "renaming-column", "mysql-table-copy"];

/// Findings of warning or error severity the checker reports on `plan` run against `old`
/// (except the [`INTENDED`] ones).
fn serious(old: &str, plan: &str, d: Dialect) -> Vec<String> {
    let base = parse(old, d).schema;
    // The plan manages its own transactions (BEGIN/COMMIT per transactional phase, autocommit for
    // CONCURRENTLY phases), so it is checked as a script that does not run inside one.
    let report = check(&base, plan, d, &CheckOptions { in_transaction: false, ..CheckOptions::default() });
    report
        .statements
        .iter()
        .flat_map(|s| {
            s.findings
                .iter()
                .filter(|f| f.severity >= Severity::Warning && !INTENDED.contains(&f.rule))
                .map(move |f| format!("line {}: [{}] {} — {}", s.line, f.rule, f.message, s.sql.lines().next().unwrap_or("")))
        })
        .collect()
}

#[test]
fn every_safe_plan_passes_the_checker() {
    let all = fixtures();
    assert!(all.len() >= 12, "found only {} diff fixtures", all.len());
    let mut failures = Vec::new();
    let mut direct_flagged = 0;
    for (name, d, old, new) in &all {
        let (po, pn) = (parse(old, *d).schema, parse(new, *d).schema);
        let safe = diff(&po, &pn, *d, &DiffOptions::default());
        // Removing an enum value has no safe form: the plan says so in a warning and names the enum
        // in `rewritten_enums`,
        // and the checker must then report the rewrite of each column of that type.
        let rewritten_enums = &safe.rewritten_enums;
        for f in serious(old, &safe.up_sql(), *d) {
            let announced = f.contains("[changing-column-type]") && rewritten_enums.iter().any(|e| f.contains(&format!(" TYPE {e} USING ")));
            if !announced {
                failures.push(format!("{name}: {f}"));
            }
        }
        let direct = diff(&po, &pn, *d, &DiffOptions { safe: false, ..DiffOptions::default() });
        if !serious(old, &direct.up_sql(), *d).is_empty() {
            direct_flagged += 1;
        }
    }
    assert!(failures.is_empty(), "the safe plan draws findings:\n{}", failures.join("\n"));
    assert!(direct_flagged >= 5, "only {direct_flagged} direct plans draw findings: the check has nothing to catch");
}
