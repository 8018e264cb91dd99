//! Helpers shared by the engine's integration tests (and the benches, which include this file).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Appends every file below `dir` (recursively, sorted by path) to `out`; with `ext`, only the
/// files whose extension is `ext`. A folder that cannot be read adds nothing.
pub fn files_below(dir: &Path, ext: Option<&str>, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files_below(&p, ext, out);
        } else if ext.is_none_or(|x| p.extension().is_some_and(|e| e == x)) {
            out.push(p);
        }
    }
}

/// The dialect a corpus file is written in, from its path (`mysql`/`mariadb`, `sqlite`, else
/// PostgreSQL).
pub fn dialect_of(path: &Path) -> schemaplay_core::Dialect {
    let s = path.to_string_lossy().to_ascii_lowercase();
    if s.contains("mysql") || s.contains("mariadb") {
        schemaplay_core::Dialect::Mysql
    } else if s.contains("sqlite") {
        schemaplay_core::Dialect::Sqlite
    } else {
        schemaplay_core::Dialect::Postgres
    }
}

/// Compares `actual` with `tests/snapshots/<dir>/<file>`; `UPDATE_SNAPSHOTS=1` (re)writes it
/// instead. A mismatch names the first differing line.
pub fn snapshot(dir: &str, file: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots").join(dir).join(file);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("missing snapshot {}; run with UPDATE_SNAPSHOTS=1", path.display()));
    if expected != actual {
        let first = expected.lines().zip(actual.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count().min(actual.lines().count()));
        panic!(
            "snapshot {dir}/{file} differs at line {}:\n expected: {:?}\n   actual: {:?}\n(run with UPDATE_SNAPSHOTS=1 and review the diff)",
            first + 1,
            expected.lines().nth(first),
            actual.lines().nth(first)
        );
    }
}
