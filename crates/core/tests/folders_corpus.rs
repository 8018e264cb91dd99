//! Every migration history of the shared corpus (listed in `tests/realdb/histories.txt`) read as
//! its tool reads it, replayed and checked:
//!
//! - nothing panics, and every listed folder is recognised without an error;
//! - the checker's statement-by-statement replay of checked migrations, and the files joined into
//!   one text (what the CLI's schema commands read), end with exactly the schema the replay alone
//!   makes ([`folder::schema_at`]): one truth for "the schema after migration n", whichever path
//!   built it;
//! - no lock or scan rule fires on a table created earlier in the same migration (it is new
//!   and empty), over every statement of every history.
//!
//! The real engines' catalogs after the same files are compared in `tests/realdb/histories.py`.

mod common;

use schemaplay_core::migrate::folder::{self, Layout, ReadOptions, Selection};
use schemaplay_core::migrate::CheckOptions;
use schemaplay_core::model::json::Report;
use schemaplay_core::parse::input::files::{join, SourceFile as JoinFile};
use schemaplay_core::parse::InputKind;
use schemaplay_core::{Dialect, Severity};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// (folder, dialect, layout) of each listed history.
fn histories() -> Vec<(String, Dialect, Option<Layout>)> {
    let text = std::fs::read_to_string(repo().join("tests/realdb/histories.txt")).expect("tests/realdb/histories.txt");
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").split_whitespace().collect::<Vec<_>>())
        .filter(|w| w.len() >= 2 && w[1] != "-")
        .map(|w| {
            let layout = w.iter().position(|x| *x == "--layout").and_then(|i| w.get(i + 1)).and_then(|l| Layout::parse(l));
            (w[0].to_string(), Dialect::parse(w[1]).unwrap_or_else(|| panic!("bad dialect in {w:?}")), layout)
        })
        .collect()
}


/// Rules about locks, scans and rewrites: a table the migration itself created is empty and
/// unused, so none of them applies to it.
const LOCK_OR_SCAN: [&str; 12] = [
    "require-concurrent-index-creation",
    "require-concurrent-index-deletion",
    "adding-field-with-default",
    "adding-not-nullable-field",
    "adding-required-field",
    "setting-not-null",
    "adding-foreign-key-constraint",
    "constraint-missing-not-valid",
    "disallowed-unique-constraint",
    "changing-column-type",
    "require-lock-timeout",
    "require-statement-timeout",
];

#[test]
fn corpus_histories_replay_and_check_consistently() {
    let corpus = repo().join("../shared/corpus/migrations");
    if !corpus.is_dir() {
        assert!(std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(), "{} not found; set SCHEMAPLAY_NO_CORPUS=1 to run without it", corpus.display());
        return;
    }
    let list = histories();
    assert!(list.len() >= 30, "histories.txt lists {}", list.len());
    let mut checked_statements = 0;
    for (name, dialect, layout) in list {
        let h = folder::read(common::folder_files(&corpus.join(&name), None), &ReadOptions { dialect: Some(dialect), layout, ..Default::default() });
        let errors: Vec<_> = h.problems.iter().filter(|p| p.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(!h.migrations.is_empty(), "{name}: no migrations");
        let h = Arc::new(h);
        let n = h.migrations.len();
        let report = folder::check(h.clone(), &Selection::All, &CheckOptions::default(), None);
        let replayed = folder::schema_at(&h, n, None).parsed.schema;
        let json = |s: &schemaplay_core::Schema| serde_json::to_string_pretty(&Report::new(s, &[])).unwrap_or_default();
        // The CLI's schema commands read a folder as its files joined with marker lines (the
        // readers' several-files text): the same schema.
        let files: Vec<JoinFile> = h.migrations.iter().map(|m| JoinFile { name: m.path.clone(), text: m.sql().into_owned() }).collect();
        let joined = schemaplay_core::parse::read(&join(&files, "--"), Some(InputKind::Sql), dialect).parsed.schema;
        for (what, other) in [("the checked replay", &report.schema), ("the joined files", &joined)] {
            let (a, b) = (json(other), json(&replayed));
            if a != b {
                let line = a.lines().zip(b.lines()).position(|(x, y)| x != y).unwrap_or(0);
                panic!("{name} ({}): {what} and the replay differ at line {line}:\n {what}: {:?}\n replay:  {:?}", dialect.id(), a.lines().nth(line), b.lines().nth(line));
            }
        }
        for f in &report.files {
            // Tables created by earlier statements of this migration.
            let mut created: Vec<String> = Vec::new();
            for s in &f.report.statements {
                let all_new = s.new_table && s.other_locks.iter().all(|(t, _)| created.iter().any(|c| c.eq_ignore_ascii_case(t)));
                if all_new {
                    let bad: Vec<_> = s.findings.iter().filter(|x| LOCK_OR_SCAN.contains(&x.rule)).map(|x| x.rule).collect();
                    assert!(bad.is_empty(), "{name}/{} line {}: {bad:?} on tables created earlier in the migration: {}", h.migrations[f.migration].path, s.line, s.sql);
                }
                if s.sql.get(..12).is_some_and(|h| h.eq_ignore_ascii_case("CREATE TABLE")) {
                    created.extend(s.table.clone());
                }
            }
            checked_statements += f.report.statements.len();
        }
    }
    assert!(checked_statements > 5000, "{checked_statements} statements checked");
}
