//! Whole-engine time: `analyze` (everything the app recomputes after an edit) on the default
//! example, on the largest SQL file of the shared corpus, and on generated 100- and 1,000-table
//! schemas. `cargo bench -p schemaplay-core --bench analyze`. Prints one line per input.

use schemaplay_core::{analyze, examples, Dialect, Input};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn sql_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            sql_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "sql") {
            out.push(p);
        }
    }
}

/// A schema in the style of a real app: every table has a few columns and FKs to earlier tables.
pub fn generated(tables: usize) -> String {
    let mut s = String::new();
    for i in 0..tables {
        s.push_str(&format!(
            "CREATE TABLE t{i} (\n  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n  name text NOT NULL,\n  email varchar(200),\n  created_at timestamptz NOT NULL DEFAULT now(),\n"
        ));
        if i > 0 {
            s.push_str(&format!("  parent_id bigint REFERENCES t{} (id) ON DELETE CASCADE,\n", i / 2));
        }
        if i > 3 {
            s.push_str(&format!("  owner_id bigint REFERENCES t{} (id),\n", i - 3));
        }
        s.push_str("  amount numeric(12, 2)\n);\n");
        s.push_str(&format!("CREATE INDEX idx_t{i}_name ON t{i} (name);\n"));
    }
    s
}

fn measure(name: &str, text: &str, dialect: Dialect) {
    let input = Input { text: text.to_string(), dialect, ..Default::default() };
    let _ = analyze(&input);
    let (mut runs, mut best) = (0u32, Duration::MAX);
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(2) || runs < 3 {
        let t = Instant::now();
        std::hint::black_box(analyze(std::hint::black_box(&input)));
        best = best.min(t.elapsed());
        runs += 1;
    }
    let mean = start.elapsed() / runs;
    println!(
        "analyze {name:<48} {:>8.1} KB  mean {:>8.2} ms  best {:>8.2} ms  {:>6.1} MB/s  ({runs} runs)",
        text.len() as f64 / 1024.0,
        mean.as_secs_f64() * 1e3,
        best.as_secs_f64() * 1e3,
        text.len() as f64 / 1e6 / mean.as_secs_f64(),
    );
}

fn main() {
    measure("default example (saas.sql)", examples::DEFAULT.sql, examples::DEFAULT.dialect);
    measure("generated 100 tables", &generated(100), Dialect::Postgres);
    measure("generated 1,000 tables", &generated(1000), Dialect::Postgres);
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut files = Vec::new();
    for sub in ["postgres", "mysql", "sqlite"] {
        sql_files(&corpus.join(sub), &mut files);
    }
    let largest = files.iter().max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0));
    match largest {
        Some(p) => {
            let text = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
            let s = p.to_string_lossy();
            let dialect = if s.contains("/mysql/") { Dialect::Mysql } else if s.contains("/sqlite/") { Dialect::Sqlite } else { Dialect::Postgres };
            let short = s.rsplit("corpus/").next().unwrap_or(&s).to_string();
            measure(&format!("largest corpus file {short}"), &text, dialect);
        }
        None => println!("analyze: corpus not found at {} (skipped)", corpus.display()),
    }
}
