//! Runs the migration checker over every real migration folder of the shared corpus
//! (`../shared/corpus/migrations`): each folder's up-migrations are replayed in order (each file
//! checked against the schema the previous files built), per dialect. Nothing may panic, and a
//! reviewable snapshot of the findings (per folder: counts per rule plus the first lines of each)
//! is committed in `tests/snapshots/migrate/corpus.txt` (`UPDATE_SNAPSHOTS=1` to refresh).

mod common;

use schemaplay_core::migrate::{check_replay, CheckOptions};
use schemaplay_core::{Dialect, Schema};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    common::files_below(dir, None, out);
}

/// The dialect of a migration file, None for down-migrations and other engines.
fn dialect(folder: &str, rel: &str) -> Option<Dialect> {
    let r = rel.to_ascii_lowercase();
    let name = r.rsplit('/').next().unwrap_or("");
    if name.contains("down") || r.contains("cockroach") || !(name.ends_with(".sql") || name.ends_with(".sql.postgres") || name.ends_with(".sql.sqlite")) {
        return None;
    }
    let f = folder.to_ascii_lowercase();
    Some(if r.contains("mysql") || f.contains("mysql") {
        Dialect::Mysql
    } else if r.contains("sqlite") || f.contains("sqlite") {
        Dialect::Sqlite
    } else {
        Dialect::Postgres
    })
}

#[test]
fn corpus_migrations_check_without_panic_and_match_snapshot() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/migrations");
    if !root.is_dir() {
        assert!(std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(), "{} not found; set SCHEMAPLAY_NO_CORPUS=1 to run without it", root.display());
        return;
    }
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&root).unwrap().filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut out = String::new();
    let (mut n_files, mut n_stmts, mut n_findings) = (0, 0, 0);
    for folder in folders {
        let fname = folder.file_name().unwrap().to_string_lossy().to_string();
        let mut all = Vec::new();
        files(&folder, &mut all);
        // one replay per dialect in the folder
        let mut schemas: BTreeMap<&'static str, Schema> = BTreeMap::new();
        let mut per_rule: BTreeMap<(&'static str, &'static str), (usize, Vec<String>)> = BTreeMap::new();
        let (mut files_here, mut stmts_here) = (0, 0);
        for p in &all {
            let rel = p.strip_prefix(&folder).unwrap().to_string_lossy().replace('\\', "/");
            let Some(d) = dialect(&fname, &rel) else { continue };
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
            let base = schemas.remove(d.id()).unwrap_or_else(|| Schema::new(d));
            let (report, after) = check_replay(&base, &text, d, &CheckOptions::default());
            schemas.insert(d.id(), after);
            files_here += 1;
            stmts_here += report.statements.len();
            for (s, f) in report.findings() {
                let e = per_rule.entry((d.id(), f.rule)).or_default();
                e.0 += 1;
                if e.1.len() < 2 {
                    let first: String = s.sql.lines().next().unwrap_or("").chars().take(90).collect();
                    e.1.push(format!("{rel}:{}: {first}", s.line));
                }
            }
        }
        if files_here == 0 {
            continue;
        }
        n_files += files_here;
        n_stmts += stmts_here;
        let total: usize = per_rule.values().map(|v| v.0).sum();
        n_findings += total;
        out.push_str(&format!("## {fname}: {files_here} files, {stmts_here} statements, {total} findings\n"));
        for ((d, rule), (n, ex)) in &per_rule {
            out.push_str(&format!("  {rule} ({d}): {n}\n"));
            for e in ex {
                out.push_str(&format!("      {e}\n"));
            }
        }
    }
    out.push_str(&format!("# total: {n_files} files, {n_stmts} statements, {n_findings} findings\n"));
    assert!(n_files > 1500, "only {n_files} migration files found");
    common::snapshot("migrate", "corpus.txt", &out);
}
