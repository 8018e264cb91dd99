//! The migration checker and the differ agree on PostgreSQL column type changes (issue 18): for
//! every case of `tests/types/pg_type_changes.tsv` — timestamp/time/interval precision, varchar
//! lengths, numeric precision and scale, cidr/inet, text/varchar/char/citext, integer widths,
//! arrays, enums, domains — whose `rewrites` column is PostgreSQL 15's own verdict
//! (`tests/realdb/run.sh --type-rewrites` checks the table against a real server):
//! - the checker says `ALTER TABLE ... ALTER COLUMN ... TYPE` rewrites the table exactly when
//!   PostgreSQL does (`rewrites_table`, and `changing-column-type` fires exactly then);
//! - the differ changes the column in place exactly when PostgreSQL does not rewrite, and uses
//!   expand/contract otherwise;
//! - the differ's plan passes the checker (no finding of warning severity or above besides the
//!   drop the contract step intends, and no statement of the plan rewrites the table).

use schemaplay_core::migrate::diff::{diff, DiffOptions};
use schemaplay_core::migrate::types::{pg_type_change_rewrites, SchemaType};
use schemaplay_core::migrate::{check, CheckOptions};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Schema, Severity};
use std::path::Path;

struct Case {
    old: String,
    new: String,
    rewrites: bool,
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn cases() -> Vec<Case> {
    let text = std::fs::read_to_string(root().join("tests/types/pg_type_changes.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 3 && matches!(f[2], "yes" | "no"), "bad line {l:?}");
            Case { old: f[0].to_string(), new: f[1].to_string(), rewrites: f[2] == "yes" }
        })
        .collect()
}

fn schema(prelude: &str, ty: &str) -> (String, Schema) {
    let sql = format!("{prelude}\nCREATE TABLE t (id int PRIMARY KEY, c {ty});\n");
    let p = parse(&sql, Dialect::Postgres);
    let warnings: Vec<_> = p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning).collect();
    assert!(warnings.is_empty(), "{ty}: {warnings:?}");
    (sql, p.schema)
}

/// Rules that flag the contract step's drop of the old column, which the plan intends.
const INTENDED: &[&str] = &["ban-drop-column", "renaming-column"];

#[test]
fn checker_and_differ_agree_with_postgresql_on_every_type_change() {
    let prelude = std::fs::read_to_string(root().join("tests/types/pg_type_changes.prelude.sql")).unwrap();
    let all = cases();
    assert!(all.len() >= 90, "only {} cases", all.len());
    let (mut in_place, mut expand) = (0, 0);
    let mut failures = Vec::new();
    for case in &all {
        let label = format!("{} -> {}", case.old, case.new);
        let (old_sql, old) = schema(&prelude, &case.old);
        let (_, new) = schema(&prelude, &case.new);
        let (a, b) = (&old.tables[0].columns[1].data_type, &new.tables[0].columns[1].data_type);
        if pg_type_change_rewrites(SchemaType::new(&old, a), SchemaType::new(&new, b), 18) != case.rewrites {
            failures.push(format!("{label}: pg_type_change_rewrites says {}", !case.rewrites));
        }
        // the checker on the statement itself
        let stmt = format!("ALTER TABLE t ALTER COLUMN c TYPE {};", case.new);
        let report = check(&old, &stmt, Dialect::Postgres, &CheckOptions::default());
        let st = &report.statements[0];
        if st.rewrites_table != case.rewrites {
            failures.push(format!("{label}: the checker says rewrites_table = {}", st.rewrites_table));
        }
        let flagged = st.findings.iter().any(|f| f.rule == "changing-column-type");
        if flagged != case.rewrites {
            failures.push(format!("{label}: changing-column-type {}", if flagged { "fires" } else { "does not fire" }));
        }
        // the differ's choice
        let plan = diff(&old, &new, Dialect::Postgres, &DiffOptions::default());
        let up = plan.up_sql();
        let same = a.same_type(b);
        let changed_in_place = plan.changes.iter().any(|c| c.text.contains("(in place, no rewrite)"));
        let expanded = plan.changes.iter().any(|c| c.text.contains("expand/contract"));
        match (same, case.rewrites) {
            (true, _) if !plan.is_empty() => failures.push(format!("{label}: the same type, yet a plan:\n{up}")),
            (true, _) => {}
            (false, false) if !changed_in_place || expanded => failures.push(format!("{label}: PostgreSQL changes it in place, the differ plans:\n{up}")),
            (false, true) if !expanded || changed_in_place => failures.push(format!("{label}: PostgreSQL rewrites, the differ plans:\n{up}")),
            (false, false) => in_place += 1,
            (false, true) => expand += 1,
        }
        // the plan passes the checker
        let report = check(&parse(&old_sql, Dialect::Postgres).schema, &up, Dialect::Postgres, &CheckOptions { in_transaction: false, ..CheckOptions::default() });
        for s in &report.statements {
            if s.rewrites_table {
                failures.push(format!("{label}: the plan rewrites the table: {}", s.sql.lines().next().unwrap_or("")));
            }
            for f in s.findings.iter().filter(|f| f.severity >= Severity::Warning && !INTENDED.contains(&f.rule)) {
                failures.push(format!("{label}: the plan draws [{}] {} — {}", f.rule, f.message, s.sql.lines().next().unwrap_or("")));
            }
        }
    }
    assert!(failures.is_empty(), "{} disagreements:\n{}", failures.len(), failures.join("\n"));
    // both answers are exercised
    assert!(in_place >= 25 && expand >= 40, "in place {in_place}, expand/contract {expand}");
}
