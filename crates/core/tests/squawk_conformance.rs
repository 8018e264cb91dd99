//! squawk's own rule tests, run through the migration checker.
//!
//! `tests/squawk/fetch.sh` downloads the pinned squawk-cli source release from PyPI and
//! `tests/squawk/extract.py` turns the test modules of its `crates/squawk_linter/src/rules/*.rs`
//! into fixtures: the SQL, the settings (PostgreSQL version, transaction assumption) and the
//! expected verdict per rule id. Every verdict of a rule id our catalogue shares with squawk is
//! checked here: the checker, run with the test's own settings against an empty schema, must reach
//! squawk's verdict, or the test must be listed in `tests/squawk/differences.tsv` with the reason
//! we answer differently. A listed test that now agrees fails too, so the list stays honest.
//!
//! The fixtures are read from `$SCHEMAPLAY_SQUAWK_FIXTURES` (set by `make test-rust`, where a
//! missing file is a failure), else from `target/squawk/fixtures.json` when it exists; without
//! either the test notes that it was skipped.

use schemaplay_core::migrate::{check, rules, CheckOptions};
use schemaplay_core::{Dialect, Schema};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// squawk rules added to our catalogue from squawk's (issue 23).
const ADOPTED: &[&str] = &[
    "require-concurrent-reindex",
    "require-concurrent-partition-detach",
    "ban-uncommitted-transaction",
    "identifier-too-long",
    "ban-alter-domain-with-add-constraint",
    "ban-create-domain-with-constraint",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> Option<serde_json::Value> {
    let path = match std::env::var_os("SCHEMAPLAY_SQUAWK_FIXTURES") {
        Some(p) => PathBuf::from(p),
        None => {
            let p = root().join("target/squawk/fixtures.json");
            if !p.exists() {
                eprintln!("note: {} not found (run tests/squawk/fetch.sh); squawk conformance skipped", p.display());
                return None;
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e} (run tests/squawk/fetch.sh)", path.display()));
    Some(serde_json::from_str(&text).expect("fixtures.json"))
}

/// `test<TAB>rule<TAB>reason` lines of the reviewed differences (comments start with `#`).
fn differences() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(root().join("tests/squawk/differences.tsv")).expect("tests/squawk/differences.tsv");
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        let (Some(test), Some(rule), Some(reason)) = (parts.next(), parts.next(), parts.next()) else {
            panic!("differences.tsv line {}: expected test<TAB>rule<TAB>reason", n + 1);
        };
        assert!(!reason.trim().is_empty(), "differences.tsv line {}: no reason", n + 1);
        assert!(out.insert((test.to_string(), rule.to_string()), reason.to_string()).is_none(), "differences.tsv line {}: listed twice", n + 1);
    }
    out
}

#[test]
fn squawk_rule_tests_agree_or_are_listed() {
    let Some(doc) = fixtures() else { return };
    // Our catalogue's ids, plus squawk rules we adopted (so a checker without them scores them as
    // never firing rather than skipping them).
    let mut ours: HashSet<&str> = rules().iter().map(|m| m.id).collect();
    ours.extend(ADOPTED);
    let listed = differences();
    let mut seen_listed = HashSet::new();
    let (mut agree, mut total) = (0usize, 0usize);
    let mut unexpected = Vec::new();
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let list = doc["fixtures"].as_array().expect("fixtures");
    for f in list {
        let test = f["test"].as_str().unwrap_or_default();
        let sql = f["sql"].as_str().unwrap_or_default();
        let opts = CheckOptions {
            pg_version: f["pg_version"].as_u64().unwrap_or(15) as u32,
            in_transaction: f["assume_in_transaction"].as_bool().unwrap_or(false),
            ..Default::default()
        };
        let report = check(&Schema::new(Dialect::Postgres), sql, Dialect::Postgres, &opts);
        let fired: HashSet<&str> = report.findings().map(|(_, x)| x.rule).collect();
        for (id, want) in f["ids"].as_object().expect("ids") {
            let Some(id) = ours.get(id.as_str()).copied() else { continue };
            total += 1;
            let want_error = want == "error";
            let got_error = fired.contains(id);
            let key = (test.to_string(), id.to_string());
            let e = per_rule.entry(id).or_default();
            e.1 += 1;
            if want_error == got_error {
                agree += 1;
                e.0 += 1;
                if listed.contains_key(&key) {
                    unexpected.push(format!("{test} [{id}]: listed as a difference but now agrees with squawk ({want}); remove it from differences.tsv"));
                }
            } else if listed.contains_key(&key) {
                seen_listed.insert(key);
            } else {
                unexpected.push(format!("{test} [{id}]: squawk expects {want}, we report {}\n    {}", if got_error { "error" } else { "ok" }, sql.trim().replace('\n', "\n    ")));
            }
        }
    }
    for key in listed.keys() {
        if !seen_listed.contains(key) && !unexpected.iter().any(|u| u.starts_with(&format!("{} [{}]", key.0, key.1))) {
            unexpected.push(format!("{} [{}]: listed in differences.tsv but no such shared-id verdict in the fixtures", key.0, key.1));
        }
    }
    eprintln!("squawk conformance ({}): {agree} of {total} shared-id verdicts agree; {} reviewed differences", doc["source"].as_str().unwrap_or("?"), seen_listed.len());
    for (id, (a, n)) in &per_rule {
        eprintln!("  {id}: {a}/{n}");
    }
    assert!(total > 200, "only {total} shared-id verdicts: is the extraction broken?");
    assert!(unexpected.is_empty(), "{} unexpected result(s):\n{}", unexpected.len(), unexpected.join("\n"));
}
