//! Import throughput: parses the largest SQL files of the shared corpus (and the bundled example)
//! repeatedly and prints MB/s. `cargo bench -p schemaplay-core --bench import`.

#[path = "../tests/common/mod.rs"]
mod common;

use schemaplay_core::parse::parse;
use schemaplay_core::Dialect;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    common::files_below(dir, Some("sql"), out);
}

fn dialect_of(p: &Path) -> Dialect {
    let s = p.to_string_lossy().to_ascii_lowercase();
    if s.contains("mysql") {
        Dialect::Mysql
    } else if s.contains("sqlite") {
        Dialect::Sqlite
    } else {
        Dialect::Postgres
    }
}

fn measure(name: &str, text: &str, d: Dialect) {
    let _ = parse(text, d); // warm up
    let mut runs = 0u32;
    let start = Instant::now();
    let mut tables = 0;
    while start.elapsed() < Duration::from_secs(2) || runs < 3 {
        let p = parse(text, d);
        tables = p.schema.tables.len();
        runs += 1;
    }
    let per = start.elapsed().as_secs_f64() / runs as f64;
    let mb = text.len() as f64 / 1e6;
    println!("{name}: {:.2} MB, {tables} tables, {:.2} ms/import, {:.1} MB/s ({runs} runs)", mb, per * 1e3, mb / per);
}

fn main() {
    measure("bundled example (saas.sql)", schemaplay_core::examples::DEFAULT.sql, Dialect::Postgres);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus");
    let mut files = Vec::new();
    walk(&dir, &mut files);
    if files.is_empty() {
        println!("note: ../shared/corpus not found; corpus benchmarks skipped");
        return;
    }
    files.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    let picks = ["postgres/pgdump/danbooru_structure.sql", "postgres/pgdump/gisia_structure.sql", "mysql/mysqldump/mattermost-mysql-5.0.sql"];
    let mut chosen: Vec<PathBuf> = files.iter().take(1).cloned().collect();
    chosen.extend(picks.iter().map(|p| dir.join(p)).filter(|p| p.exists()));
    for p in chosen {
        let text = String::from_utf8_lossy(&std::fs::read(&p).unwrap_or_default()).into_owned();
        let name = p.strip_prefix(&dir).unwrap_or(&p).display().to_string();
        measure(&name, &text, dialect_of(&p));
    }
    // Whole corpus once.
    let start = Instant::now();
    let mut bytes = 0usize;
    for p in &files {
        let text = String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned();
        bytes += text.len();
        let _ = parse(&text, dialect_of(p));
    }
    let s = start.elapsed().as_secs_f64();
    println!("all {} corpus .sql files: {:.2} MB in {:.0} ms, {:.1} MB/s", files.len(), bytes as f64 / 1e6, s * 1e3, bytes as f64 / 1e6 / s);
}
