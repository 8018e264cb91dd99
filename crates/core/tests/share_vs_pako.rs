//! For the same schema text our share link is no longer than Mermaid Live's `pako:` link, on every
//! `.sql` file of the shared corpus. Mermaid's link is made by real zlib level 9 (Python's `zlib`
//! module: zlib itself, which pako ports byte for byte) through `benches/share_vs_pako.py
//! --pako-lengths`; its JSON holds only `{"code": text}`, Mermaid's most favourable case.
//! Needs `python3`; fails when it or the corpus is missing (SCHEMAPLAY_NO_CORPUS=1 to skip).

mod common;

use schemaplay_core::share::{decode, encode, ShareState};
use schemaplay_core::Dialect;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    common::files_below(dir, Some("sql"), out);
}

#[test]
fn no_link_longer_than_mermaid_pako_with_real_zlib() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Some(dir) = common::corpus() else { return };
    let mut files = Vec::new();
    walk(&dir, &mut files);
    files.sort();
    assert!(files.len() > 1000, "only {} corpus files", files.len());

    let mut py = Command::new("python3")
        .arg(here.join("benches/share_vs_pako.py"))
        .arg("--pako-lengths")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 is needed for the real-zlib comparison");
    let list: String = files.iter().map(|f| format!("{}\n", f.display())).collect();
    py.stdin.take().unwrap().write_all(list.as_bytes()).unwrap();
    let out = py.wait_with_output().unwrap();
    assert!(out.status.success(), "share_vs_pako.py --pako-lengths failed");
    let theirs: Vec<usize> = String::from_utf8(out.stdout).unwrap().lines().map(|l| l.parse().unwrap()).collect();
    assert_eq!(theirs.len(), files.len());

    let (mut ours_total, mut theirs_total, mut longer) = (0, 0, Vec::new());
    for (f, &t) in files.iter().zip(&theirs) {
        let bytes = std::fs::read(f).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let st = ShareState::from_text(text, Dialect::Postgres);
        let link = encode(&st);
        assert_eq!(decode(&link).as_ref(), Ok(&st), "{}", f.display());
        ours_total += link.len();
        theirs_total += t;
        if link.len() > t {
            longer.push(format!("{}: ours {} > pako {t}", f.display(), link.len()));
        }
    }
    println!("{} files: ours {ours_total} characters, pako (real zlib 9) {theirs_total} ({:.2}%)", files.len(), 100.0 * ours_total as f64 / theirs_total as f64);
    assert!(longer.is_empty(), "{} links longer than Mermaid's:\n{}", longer.len(), longer.join("\n"));
}
