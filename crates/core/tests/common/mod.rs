//! Helpers shared by the engine's integration tests.

use std::path::Path;

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
