//! Runs every file of the shared corpus (`../shared/corpus` from the repo root) through the parser:
//! no panic anywhere, sensible counts on a few known files, and a seeded mutation fuzz over the
//! corpus text. Fails when the corpus folder is absent (unless SCHEMAPLAY_NO_CORPUS is set).
//!
//! `CORPUS_VERBOSE=1 cargo test -p schemaplay-core --test corpus -- --nocapture` prints per-file
//! warning counts and the most common warning messages.

mod common;

use schemaplay_core::parse::{parse, Parsed};
use schemaplay_core::{Dialect, Severity};
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use common::corpus as corpus_dir;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    common::files_below(dir, None, out);
}

/// The dialect a corpus file is written in, from its path.
pub fn dialect_of(path: &Path) -> Dialect {
    common::dialect_of(path)
}

fn read(p: &Path) -> String {
    let b = std::fs::read(p).unwrap_or_default();
    String::from_utf8_lossy(&b).into_owned()
}

fn parse_file(rel: &str, d: Dialect) -> Option<Parsed> {
    let dir = corpus_dir()?;
    Some(parse(&read(&dir.join(rel)), d))
}

#[test]
fn every_corpus_file_parses_without_panic() {
    let Some(dir) = corpus_dir() else {
        eprintln!("note: ../shared/corpus not found; corpus test skipped");
        return;
    };
    let mut all = Vec::new();
    files(&dir, &mut all);
    let verbose = std::env::var("CORPUS_VERBOSE").is_ok();
    let (mut n_files, mut n_stmts, mut n_tables) = (0usize, 0usize, 0usize);
    let mut by_sev: BTreeMap<&str, usize> = BTreeMap::new();
    let mut messages: BTreeMap<String, usize> = BTreeMap::new();
    let mut panics = Vec::new();
    for p in &all {
        let text = read(p);
        let d = dialect_of(p);
        let r = catch_unwind(AssertUnwindSafe(|| parse(&text, d)));
        n_files += 1;
        match r {
            Ok(parsed) => {
                n_stmts += parsed.statement_count;
                n_tables += parsed.schema.tables.len();
                let mut w = 0;
                for diag in &parsed.diagnostics {
                    *by_sev.entry(diag.severity.id()).or_default() += 1;
                    if diag.severity >= Severity::Warning {
                        w += 1;
                        let key: String = diag.message.chars().take(70).collect();
                        *messages.entry(key).or_default() += 1;
                    }
                }
                if verbose && w > 0 {
                    println!("{w:5} warnings  {}", p.strip_prefix(&dir).unwrap_or(p).display());
                }
            }
            Err(_) => panics.push(p.clone()),
        }
    }
    println!("corpus: {n_files} files, {n_stmts} statements, {n_tables} tables, diagnostics {by_sev:?}");
    if verbose {
        let mut m: Vec<_> = messages.into_iter().collect();
        m.sort_by_key(|x| std::cmp::Reverse(x.1));
        for (msg, n) in m.iter().take(60) {
            println!("{n:6}  {msg}");
        }
    }
    assert!(panics.is_empty(), "parser panicked on: {panics:?}");
}

#[test]
fn known_files_have_sensible_counts() {
    let Some(p) = parse_file("postgres/pgdump/pagila-schema.sql", Dialect::Postgres) else { return };
    // pagila: 71 CREATE TABLEs, 55 of them partitions attached with ATTACH PARTITION.
    let names: Vec<&str> = p.schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"actor") && names.contains(&"payment"), "{names:?}");
    assert_eq!(p.schema.tables.len(), 71, "{names:?}");
    let payment_p = p.schema.tables.iter().filter(|t| t.partition_of.is_some()).count();
    assert_eq!(payment_p, 55);
    let actor = p.schema.tables.iter().find(|t| t.name == "actor").unwrap();
    assert_eq!(actor.primary_key.as_ref().unwrap().columns, vec!["actor_id"]);
    assert!(!actor.columns[0].nullable);

    let Some(p) = parse_file("postgres/pgdump/danbooru_structure.sql", Dialect::Postgres) else { return };
    let idx: usize = p.schema.tables.iter().map(|t| t.indexes.len()).sum();
    assert_eq!(idx, 391, "danbooru indexes");
    assert_eq!(p.schema.tables.len(), 66);

    let Some(p) = parse_file("mysql/mysqldump/kanboard_mysql.sql", Dialect::Mysql) else { return };
    assert!(p.schema.tables.len() >= 40, "kanboard tables {}", p.schema.tables.len());
    let fks: usize = p.schema.tables.iter().map(|t| t.foreign_keys.len()).sum();
    assert!(fks > 20, "kanboard fks {fks}");

    let Some(p) = parse_file("sqlite/dot-schema/synapse_main_full72.sql.sqlite", Dialect::Sqlite) else { return };
    assert!(p.schema.tables.len() >= 120, "synapse sqlite tables {}", p.schema.tables.len());
}

#[test]
fn non_sql_files_give_useful_diagnostics() {
    let Some(dir) = corpus_dir() else { return };
    let mut all = Vec::new();
    files(&dir.join("migrations/supabase_auth"), &mut all);
    let mut warned = 0;
    for f in all.iter().take(20) {
        let p = parse(&read(f), Dialect::Postgres);
        warned += p.diagnostics.iter().filter(|d| d.severity >= Severity::Warning && d.line > 0).count();
    }
    assert!(all.is_empty() || warned > 0);
}


const PIECES: &[&str] = &[
    "'", "\"", "`", "[", "]", "(", ")", ";", "--", "/*", "*/", "/*!40101", "$$", "$a$", "\\.", "\nDELIMITER ;;\n", "\nDELIMITER ;\n", ",", "CREATE TABLE",
    "ALTER TABLE ONLY", "PRIMARY KEY", "REFERENCES", "CONSTRAINT", "ç", "€", "\u{0}", "\n", " ", "ON DELETE CASCADE", "COPY x FROM stdin;\n", "::", "#",
    "CHECK (", "INDEX", "UNIQUE", "GENERATED ALWAYS AS (", "ATTACH PARTITION", "OWNED BY", "CREATE TRIGGER", "AFTER", "ON", "x.y.z",
    "DO $$ BEGIN ", " EXCEPTION WHEN duplicate_object THEN null; END $$;", "DROP INDEX CONCURRENTLY ", "ALTER INDEX x RENAME TO ", "BEGIN", "END;",
    "CREATE VIRTUAL TABLE v USING fts5(", "SET search_path = ", "é$",
];

#[test]
fn mutated_corpus_text_never_panics() {
    let Some(dir) = corpus_dir() else { return };
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.retain(|p| std::fs::metadata(p).map(|m| m.len() < 40_000).unwrap_or(false));
    if all.is_empty() {
        return;
    }
    let iterations: usize = std::env::var("FUZZ_ITERATIONS").ok().and_then(|s| s.parse().ok()).unwrap_or(300);
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x9E37_79B9_7F4A_7C15);
    let mut rng = schemaplay_core::rng::Rng(seed);
    for it in 0..iterations {
        let f = &all[rng.below(all.len())];
        let mut text: Vec<char> = read(f).chars().collect();
        for _ in 0..1 + rng.below(8) {
            let pos = rng.below(text.len() + 1);
            match rng.below(4) {
                0 => {
                    let piece = PIECES[rng.below(PIECES.len())];
                    text.splice(pos..pos, piece.chars());
                }
                1 if !text.is_empty() => {
                    let end = (pos + rng.below(40)).min(text.len());
                    text.drain(pos.min(end)..end);
                }
                2 => text.truncate(pos),
                _ => {
                    if !text.is_empty() {
                        let p = pos.min(text.len() - 1);
                        text[p] = PIECES[rng.below(PIECES.len())].chars().next().unwrap_or(' ');
                    }
                }
            }
        }
        let mut s: String = text.into_iter().collect();
        if rng.below(5) == 0 {
            // Token soup: SQL-ish pieces in random order.
            s.clear();
            for _ in 0..rng.below(120) {
                s.push_str(PIECES[rng.below(PIECES.len())]);
                s.push_str(["", " ", "a", "(", ")", ",", "1", "'x'"][rng.below(8)]);
            }
        }
        let d = Dialect::ALL[rng.below(3)];
        let r = catch_unwind(AssertUnwindSafe(|| parse(&s, d)));
        assert!(r.is_ok(), "panic at iteration {it} on a mutation of {} ({d:?}); input:\n{s}", f.display());
    }
}

/// The browser analyses a large paste in slices (`AnalysisJob`, stopping after any statement or
/// lint rule); the result must be exactly what the one-shot `analyze` gives. Every third `.sql`
/// file of the corpus, sliced at every 5th statement/rule boundary, plus every boundary on the
/// smaller files.
#[test]
fn sliced_analysis_equals_analyze() {
    use schemaplay_core::{analyze, AnalysisJob, Input};
    let Some(dir) = corpus_dir() else { return };
    let mut all = Vec::new();
    files(&dir, &mut all);
    all.retain(|p| p.extension().is_some_and(|e| e == "sql"));
    all.sort();
    let mut checked = 0;
    for (i, p) in all.iter().enumerate().filter(|(i, _)| i % 3 == 0) {
        let input = Input { text: read(p), dialect: dialect_of(p), ..Default::default() };
        let whole = analyze(&input);
        let every = if input.text.len() < 20_000 { 1 } else { 5 };
        let mut job = AnalysisJob::new(input.clone());
        let (mut calls, mut steps) = (0usize, 0usize);
        let sliced = loop {
            steps += 1;
            if let Some(a) = job.step(&mut || {
                calls += 1;
                calls % every != 0
            }) {
                break a;
            }
            assert!(steps < 1_000_000, "{}: the job does not finish", p.display());
        };
        assert!(job.step(&mut || true).is_none(), "a spent job returns nothing");
        assert_eq!(whole, sliced, "{} (file {i}): sliced analysis differs", p.display());
        if whole.statement_count > 3 {
            assert!(steps > 2, "{}: {} steps for {} statements: the job did not stop when asked", p.display(), steps, whole.statement_count);
        }
        checked += 1;
    }
    assert!(checked > 20, "only {checked} corpus files checked");
}
