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

/// The shared corpus: `$SCHEMAPLAY_CORPUS`, else `../shared/corpus` beside the checkout. It is
/// part of the project (CI has it): a missing folder is a failure, not a skip, unless
/// `SCHEMAPLAY_NO_CORPUS` is set for a checkout without it (then `None`).
pub fn corpus() -> Option<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [std::env::var_os("SCHEMAPLAY_CORPUS").map(PathBuf::from), Some(base.join("../../../shared/corpus")), Some(base.join("../../../../shared/corpus"))];
    let found = candidates.into_iter().flatten().find(|d| d.is_dir());
    assert!(
        found.is_some() || std::env::var_os("SCHEMAPLAY_NO_CORPUS").is_some(),
        "{} not found; set SCHEMAPLAY_NO_CORPUS=1 to run without the shared corpus",
        base.join("../../../shared/corpus").display()
    );
    found
}

/// Every file of the corpus's `postgres/`, `mysql/` and `sqlite/` folders (sorted within each),
/// with that folder's dialect; none without the corpus (see [`corpus`]).
pub fn schema_files() -> Vec<(PathBuf, schemaplay_core::Dialect)> {
    use schemaplay_core::Dialect;
    let Some(root) = corpus() else { return Vec::new() };
    let mut out = Vec::new();
    for (dir, d) in [("postgres", Dialect::Postgres), ("mysql", Dialect::Mysql), ("sqlite", Dialect::Sqlite)] {
        let mut files = Vec::new();
        files_below(&root.join(dir), None, &mut files);
        out.extend(files.into_iter().map(|f| (f, d)));
    }
    out
}

/// Every `.sql` file below `dir`, sorted, with its dialect ([`dialect_of`]).
pub fn sql_files(dir: &Path) -> Vec<(PathBuf, schemaplay_core::Dialect)> {
    let mut files = Vec::new();
    files_below(dir, Some("sql"), &mut files);
    files.into_iter().map(|p| {
        let d = dialect_of(&p);
        (p, d)
    }).collect()
}

/// Seeded mutations of `base`, what the no-panic tests feed the engine: `runs` texts, each with
/// 1 to 6 edits at random places (a deletion of up to 40 bytes, a duplication of up to
/// `max_dup` bytes, or one of `inserts`), decoded lossily. The same seed gives the same texts.
pub fn mutations(base: &str, inserts: &[&str], seed: u64, runs: usize, max_dup: usize) -> Vec<String> {
    let mut rng = schemaplay_core::rng::Rng(seed);
    let mut next = |n: usize| rng.below(n);
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let mut b = base.as_bytes().to_vec();
        for _ in 0..1 + next(6) {
            let at = next(b.len());
            match next(3) {
                0 => {
                    let len = next(40).min(b.len() - at);
                    b.drain(at..at + len);
                }
                1 => {
                    let len = next(max_dup).min(b.len() - at);
                    let chunk = b[at..at + len].to_vec();
                    b.splice(at..at, chunk);
                }
                _ => {
                    let ins = inserts[next(inserts.len())].as_bytes();
                    b.splice(at..at, ins.iter().copied());
                }
            }
        }
        out.push(String::from_utf8_lossy(&b).into_owned());
    }
    out
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

/// The files below a migration folder as the folder reader takes them: paths relative to `root`
/// (`/`-separated), texts decoded lossily. `ext` as in [`files_below`].
pub fn folder_files(root: &Path, ext: Option<&str>) -> Vec<schemaplay_core::migrate::folder::SourceFile> {
    let mut paths = Vec::new();
    files_below(root, ext, &mut paths);
    paths
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(root).unwrap_or(p).to_string_lossy().replace('\\', "/");
            schemaplay_core::migrate::folder::SourceFile::new(rel, String::from_utf8_lossy(&std::fs::read(p).unwrap_or_default()).into_owned())
        })
        .collect()
}

/// Mean seconds per run of `f` after a warm-up, and the number of runs: at least 2, for 3 s
/// (0.3 s with `QUICK=1`). For the benches.
pub fn time(mut f: impl FnMut()) -> (f64, u32) {
    use std::time::{Duration, Instant};
    f();
    let start = Instant::now();
    let mut runs = 0u32;
    while start.elapsed() < Duration::from_millis(if std::env::var_os("QUICK").is_some() { 300 } else { 3000 }) || runs < 2 {
        f();
        runs += 1;
    }
    (start.elapsed().as_secs_f64() / runs as f64, runs)
}
