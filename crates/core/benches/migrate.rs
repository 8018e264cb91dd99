//! Migration-check time: (1) in process over every PostgreSQL migration file of the shared
//! corpus, each checked on its own (the throughput figure to compare with squawk, whose own
//! figure comes from scripts/squawk_compare.py); (2) the playground case: a 100-table schema and a
//! 40-statement migration, checked per keystroke (bar: one frame, 16 ms).
//! `cargo bench -p schemaplay-core --bench migrate` (QUICK=1 for a short run).

#[path = "../tests/common/mod.rs"]
mod common;

use common::time;
use schemaplay_core::migrate::{check, CheckOptions};
use schemaplay_core::parse::parse;
use schemaplay_core::{Dialect, Schema};
use std::fmt::Write;
use std::path::Path;


fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/migrations");
    let mut all = Vec::new();
    common::files_below(&root, None, &mut all);
    let texts: Vec<String> = all
        .iter()
        .filter(|p| {
            let r = p.to_string_lossy().to_ascii_lowercase();
            let name = p.file_name().map(|n| n.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            name.ends_with(".sql") && !name.contains("down") && !r.contains("mysql") && !r.contains("sqlite") && !r.contains("cockroach")
        })
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let empty = Schema::new(Dialect::Postgres);
    let opts = CheckOptions::default();
    let mut stmts = 0;
    let (t, runs) = time(|| {
        stmts = texts.iter().map(|t| check(&empty, t, Dialect::Postgres, &opts).statements.len()).sum();
    });
    println!(
        "corpus PostgreSQL migrations: {} files, {stmts} statements, {:.2} MB: {:.1} ms per pass ({runs} runs) = {:.0} files/s, {:.1} MB/s",
        texts.len(),
        bytes as f64 / 1e6,
        t * 1e3,
        texts.len() as f64 / t,
        bytes as f64 / 1e6 / t
    );
    // Playground case.
    let mut base = String::new();
    for i in 0..100 {
        let _ = writeln!(base, "CREATE TABLE t{i} (id bigint PRIMARY KEY, org_id bigint, name varchar(100), created_at timestamptz DEFAULT now());");
        let _ = writeln!(base, "CREATE INDEX t{i}_org ON t{i} (org_id);");
    }
    let schema = parse(&base, Dialect::Postgres).schema;
    let mut mig = String::from("SET lock_timeout = '5s';\n");
    for i in 0..10 {
        let _ = writeln!(mig, "ALTER TABLE t{i} ADD COLUMN note text NOT NULL;\nALTER TABLE t{i} ALTER COLUMN name TYPE text;\nCREATE INDEX t{i}_name ON t{i} (name);\nALTER TABLE t{i} ADD CONSTRAINT t{i}_org_fk FOREIGN KEY (org_id) REFERENCES t{} (id);", i + 1);
    }
    let (t2, runs2) = time(|| {
        let _ = check(&schema, &mig, Dialect::Postgres, &opts);
    });
    println!("playground: 100-table schema, 41-statement migration: {:.2} ms per check ({runs2} runs)", t2 * 1e3);
}
