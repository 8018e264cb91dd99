//! Share-link length against Mermaid Live's `pako:` links, on every `.sql` file of the shared
//! corpus and the bundled examples. `cargo bench -p schemaplay-core --bench share`.
//!
//! Mermaid Live writes `pako:` + base64url(zlib level 9 (pako.deflate) of JSON `{"code": text, ...}`).
//! The comparison uses Mermaid's *most favourable* case, the JSON holding nothing but `code`
//! (its real default state adds `"mermaid":"{\n  \"theme\": \"default\"\n}"`, `"autoSync":true`,
//! `"updateDiagram":true`, which only makes its links longer), compressed with miniz_oxide's zlib
//! level 9. CAUTION: miniz's level 9 is not pako's: real zlib (which pako ports) compresses large
//! dumps up to ~1.5% smaller than miniz's level 9 does. `tests/share_vs_pako.rs` (a `cargo test`)
//! and `benches/share_vs_pako.py` repeat the comparison with real zlib level 9 and fail on any
//! corpus file where ours is longer.
//! Exits non-zero when any of our links is longer than Mermaid's for the same schema text.
//! Set SCHEMAPLAY_CORPUS to the corpus directory if it is not at ../shared/corpus.

#[path = "../tests/common/mod.rs"]
mod common;

use schemaplay_core::share::{decode, encode, ShareState};
use schemaplay_core::Dialect;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    common::files_below(dir, Some("sql"), out);
}

fn b64url(bytes: &[u8]) -> String {
    // Same alphabet and no padding, as js-base64's fromUint8Array(bytes, true) in Mermaid Live.
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut s = String::new();
    for c in bytes.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            s.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    s
}

fn mermaid_pako(text: &str) -> String {
    let json = serde_json::json!({ "code": text }).to_string();
    format!("pako:{}", b64url(&miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9)))
}

fn corpus_dir() -> Option<PathBuf> {
    if let Ok(d) = std::env::var("SCHEMAPLAY_CORPUS") {
        return Some(PathBuf::from(d));
    }
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    // /work/main/crates/core → /work/shared; a worktree at /work/wt/x/crates/core → one more level.
    ["../../../shared/corpus", "../../../../shared/corpus"].iter().map(|p| here.join(p)).find(|p| p.is_dir())
}

fn dialect_of(p: &Path) -> Dialect {
    common::dialect_of(p)
}

fn main() {
    let mut cases: Vec<(String, String, Dialect)> = schemaplay_core::examples::ALL
        .iter()
        .map(|e| (format!("example:{}", e.id), e.sql.to_string(), e.dialect))
        .collect();
    match corpus_dir() {
        Some(dir) => {
            let mut files = Vec::new();
            walk(&dir, &mut files);
            files.sort();
            for f in files {
                let Ok(bytes) = std::fs::read(&f) else { continue };
                let name = f.strip_prefix(&dir).unwrap_or(&f).display().to_string();
                cases.push((name, String::from_utf8_lossy(&bytes).into_owned(), dialect_of(&f)));
            }
        }
        None => println!("note: corpus not found (set SCHEMAPLAY_CORPUS); examples only"),
    }
    let (mut ours_total, mut theirs_total, mut longer, mut over_8k) = (0usize, 0usize, Vec::new(), 0usize);
    let mut worst = (f64::MAX, String::new());
    let mut encode_time = 0f64;
    println!("{:>9} {:>9} {:>9} {:>7} {:>9}  file", "ours", "+dialect", "mermaid", "ratio", "text");
    for (name, text, dialect) in &cases {
        // Postgres is the default dialect, so the same text costs the same bytes; other dialects
        // add `"d":"mysql"` (a few characters) that Mermaid's link does not carry at all.
        let state = ShareState::from_text(text.clone(), *dialect);
        let t = Instant::now();
        let ours = encode(&state);
        encode_time += t.elapsed().as_secs_f64();
        assert_eq!(decode(&ours).as_ref(), Ok(&state), "{name} round trip");
        let same_text = encode(&ShareState::from_text(text.clone(), Dialect::Postgres));
        let theirs = mermaid_pako(text);
        ours_total += same_text.len();
        theirs_total += theirs.len();
        if same_text.len() > 8000 {
            over_8k += 1;
        }
        let saved = theirs.len() as f64 - same_text.len() as f64;
        if saved < worst.0 {
            worst = (saved, name.clone());
        }
        if same_text.len() > theirs.len() {
            longer.push(name.clone());
        }
        let ratio = same_text.len() as f64 / theirs.len() as f64;
        println!("{:>9} {:>9} {:>9} {:>7.4} {:>9}  {name}", same_text.len(), ours.len(), theirs.len(), ratio, text.len());
    }
    println!(
        "\n{} schemas: ours {} characters in total, Mermaid pako: {} ({:.2}% of Mermaid's); {} links over 8,000 characters; encode {:.1} ms in total",
        cases.len(),
        ours_total,
        theirs_total,
        100.0 * ours_total as f64 / theirs_total as f64,
        over_8k,
        encode_time * 1e3
    );
    println!("closest case: {} characters shorter ({})", worst.0, worst.1);
    if !longer.is_empty() {
        eprintln!("FAIL: for the same text ours is longer than Mermaid's on {} file(s): {longer:?}", longer.len());
        std::process::exit(1);
    }
    println!("ok: for the same schema text no link of ours is longer than Mermaid's");
}
