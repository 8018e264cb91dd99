//! Import throughput: parses the largest SQL files of the shared corpus (and the bundled example)
//! repeatedly and prints MB/s; the Prisma and DBML readers on the largest Prisma schema of the corpus
//! and on our DBML of danbooru. `cargo bench -p schemaplay-core --bench import`.

#[path = "../tests/common/mod.rs"]
mod common;

use schemaplay_core::codegen::{generate, Target};
use schemaplay_core::parse::{parse, read, InputKind};
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
    measure_with(name, text, &|| parse(text, d).schema.tables.len());
}

fn measure_with(name: &str, text: &str, import: &dyn Fn() -> usize) {
    let _ = import(); // warm up
    let mut runs = 0u32;
    let start = Instant::now();
    let mut tables = 0;
    while start.elapsed() < Duration::from_secs(2) || runs < 3 {
        tables = import();
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
    // The non-SQL readers (each builds the DDL its tool would run and imports it).
    let prisma = dir.join("prisma/civitai_schema.full.prisma");
    if let Ok(text) = std::fs::read_to_string(&prisma) {
        measure_with("prisma: civitai_schema.full.prisma", &text, &|| read(&text, Some(InputKind::Prisma), Dialect::Postgres).parsed.schema.tables.len());
    }
    if let Ok(sql) = std::fs::read_to_string(dir.join("postgres/pgdump/danbooru_structure.sql")) {
        let dbml = generate(&parse(&sql, Dialect::Postgres).schema, Target::Dbml).code;
        measure_with("dbml: our DBML of danbooru_structure.sql", &dbml, &|| read(&dbml, Some(InputKind::Dbml), Dialect::Postgres).parsed.schema.tables.len());
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
