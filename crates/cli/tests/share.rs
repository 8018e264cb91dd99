//! `schemaplay share encode/decode` from the outside: round trips through files, stdin and whole
//! URLs, the committed v1 fixture, and clear exit-2 errors for damaged or hostile links.

mod common;
use common::run;

use std::time::{Duration, Instant};


const SQL: &str = "CREATE TABLE `users` (\n  `id` int NOT NULL AUTO_INCREMENT,\n  `name` varchar(50) -- «名前» 🦀 </script>\n  , PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\n";

#[test]
fn encode_then_decode_round_trips_through_stdin_files_and_urls() {
    let (code, frag, err) = run(&["share", "encode", "--dialect", "mysql", "-"], SQL);
    assert_eq!(code, 0, "{err}");
    let frag = frag.trim_end_matches('\n');
    assert!(frag.starts_with("v2.") && !frag.contains('#'), "{frag}");
    assert!(frag.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)), "{frag}");
    for link in [frag.to_string(), format!("#{frag}"), format!("http://127.0.0.1:8080/?embed=findings#{frag}")] {
        let (code, out, err) = run(&["share", "decode", &link], "");
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, SQL);
    }
    let (code, out, _) = run(&["share", "decode", "-"], &format!("{frag}\n"));
    assert_eq!(code, 0);
    assert_eq!(out, SQL);
    // From a file, and the dialect is in the link (a postgres link of the same text differs).
    let path = std::env::temp_dir().join(format!("schemaplay-share-{}.sql", std::process::id()));
    std::fs::write(&path, SQL).unwrap();
    let (code, from_file, _) = run(&["share", "encode", "--dialect", "mysql", path.to_str().unwrap()], "");
    let (_, pg, _) = run(&["share", "encode", path.to_str().unwrap()], "");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 0);
    assert_eq!(from_file.trim_end(), frag);
    assert_ne!(pg.trim_end(), frag);
}

#[test]
fn decodes_the_committed_v1_fixture() {
    let fixtures = include_str!("../../core/src/share/fixtures/v1.txt");
    let first = fixtures.lines().find(|l| l.starts_with("v1.")).unwrap();
    let (code, out, err) = run(&["share", "decode", first], "");
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL -- «名前» 🦀\n);\n");
}

#[test]
fn damaged_and_hostile_links_fail_with_exit_2_and_a_message() {
    let (_, frag, _) = run(&["share", "encode", "-"], SQL);
    let frag = frag.trim_end();
    let mut flipped = frag.as_bytes().to_vec();
    let i = flipped.len() / 2;
    flipped[i] = if flipped[i] == b'A' { b'B' } else { b'A' };
    let flipped = String::from_utf8(flipped).unwrap();
    for (link, expect) in [
        (&frag[..frag.len() - 7], "damaged"),
        (flipped.as_str(), "damaged"),
        ("v9.AAAA", "newer version"),
        ("pako:eNpLy89XSEpU", "not a Schema Playground share link"),
        ("v1.%%%", "damaged"),
        ("https://example.org/#", "no playground state"),
    ] {
        let t = Instant::now();
        let (code, out, err) = run(&["share", "decode", link], "");
        assert!(t.elapsed() < Duration::from_secs(5));
        assert_eq!(code, 2, "{link}: {out}");
        assert!(out.is_empty(), "{link}: printed {out}");
        assert!(err.contains(expect), "{link}: {err}");
    }
}

#[test]
fn bad_usage_is_exit_2() {
    for args in [&["share"][..], &["share", "pack", "x"], &["share", "decode"], &["share", "decode", "a", "b"], &["share", "encode", "--format", "json", "-"]] {
        let (code, _, err) = run(args, "");
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("usage:"), "{args:?}: {err}");
    }
    let (code, out, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("share encode") && out.contains("share decode"));
}
