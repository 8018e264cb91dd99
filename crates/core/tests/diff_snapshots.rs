//! Snapshot tests of the schema differ: for every fixture `tests/diff/fixtures/<name>/{old,new}.sql`
//! (dialect from the name's prefix: `pg_`, `mysql_`, `sqlite_`) the plan — summary, questions,
//! warnings, up SQL and rollback — is compared with `tests/snapshots/diff/<name>.txt`. Run with
//! `UPDATE_SNAPSHOTS=1` to (re)write them and review the diff. The real-engine check of the same
//! fixtures is `tests/realdb/run.sh --diff-plans`.

mod common;

use schemaplay_core::migrate::diff::{diff, DiffOptions, Plan};
use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<(String, Dialect, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/diff/fixtures");
    let mut v: Vec<(String, Dialect, PathBuf)> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let d = match name.split('_').next() {
                Some("pg") => Dialect::Postgres,
                Some("mysql") => Dialect::Mysql,
                Some("sqlite") => Dialect::Sqlite,
                _ => panic!("fixture {name}: name must start with pg_, mysql_ or sqlite_"),
            };
            (name, d, p)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn render(plan: &Plan) -> String {
    let mut s = String::from("== changes\n");
    for c in &plan.changes {
        s.push_str(&format!("- {}{}\n", c.text, if c.phased { "  [phased]" } else { "" }));
    }
    s.push_str("== questions\n");
    for q in &plan.questions {
        s.push_str(&format!("- {:?} {} {} -> {} (assumed {})\n", q.kind, q.table, q.from, q.to, if q.assumed { "rename" } else { "drop + add" }));
    }
    s.push_str("== up\n");
    s.push_str(&plan.up_sql());
    s.push_str("== down\n");
    s.push_str(&plan.down);
    s
}

#[test]
fn diff_fixtures_match_their_snapshots() {
    let all = fixtures();
    assert!(all.len() >= 12, "expected at least 12 diff fixtures, found {}", all.len());
    for (name, d, dir) in all {
        let old = std::fs::read_to_string(dir.join("old.sql")).unwrap();
        let new = std::fs::read_to_string(dir.join("new.sql")).unwrap();
        let (po, pn) = (parse(&old, d), parse(&new, d));
        assert!(po.diagnostics.is_empty() && pn.diagnostics.is_empty(), "{name}: fixture does not parse: {:?} {:?}", po.diagnostics, pn.diagnostics);
        let plan = diff(&po.schema, &pn.schema, d, &DiffOptions::default());
        common::snapshot("diff", &format!("{name}.txt"), &render(&plan));
        // the direct plan of the same fixture
        let direct = diff(&po.schema, &pn.schema, d, &DiffOptions { safe: false, ..Default::default() });
        common::snapshot("diff", &format!("{name}.direct.sql"), &direct.up_sql());
        if name == "pg_identical" {
            assert!(plan.is_empty(), "{name}: {}", plan.up_sql());
        } else {
            assert!(!plan.is_empty(), "{name}: no changes found");
            // diff(new, old) is not empty either, and diff(new, new) is
            let back = diff(&pn.schema, &pn.schema, d, &DiffOptions::default());
            assert!(back.is_empty(), "{name}: diff(new, new) = {}", back.up_sql());
        }
    }
}

/// diff(x, x) is empty for every schema of the shared corpus.
#[test]
fn corpus_schema_against_itself_is_empty() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    if !root.is_dir() {
        assert!(std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(), "shared corpus missing at {} (SCHEMAPLAY_NO_CORPUS=1 to allow)", root.display());
        return;
    }
    let mut n = 0;
    for (sub, d) in [("postgres", Dialect::Postgres), ("mysql", Dialect::Mysql), ("sqlite", Dialect::Sqlite)] {
        let mut stack = vec![root.join(sub)];
        while let Some(p) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&p) else { continue };
            for e in rd.flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "sql") {
                    let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
                    let s = parse(&text, d).schema;
                    let plan = diff(&s, &s, d, &DiffOptions::default());
                    assert!(plan.is_empty() && plan.questions.is_empty(), "{}: diff(x, x) = {}", path.display(), plan.up_sql());
                    // and a fresh parse of the same text compares equal too
                    let s2 = parse(&text, d).schema;
                    assert!(diff(&s, &s2, d, &DiffOptions::default()).is_empty(), "{}", path.display());
                    n += 1;
                }
            }
        }
    }
    assert!(n > 20, "only {n} corpus files");
}
