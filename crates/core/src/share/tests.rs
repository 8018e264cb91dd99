use super::*;
use crate::parse::InputKind;
use std::time::{Duration, Instant};

/// Random share-link states and strings from the seeded [`crate::rng::Rng`], so a failure
/// reproduces from its seed.
struct Rng(crate::rng::Rng);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0.below(n as usize) as u64
    }
    fn string(&mut self, max: u64) -> String {
        const PIECES: &[&str] = &[
            "CREATE TABLE ", "users", " (id bigint PRIMARY KEY, ", "\"", "'", "`", "\\", "\n", "\r\n", "\t", "\0", "é", "日本語",
            "🦀", "\u{202e}", "\u{feff}", "</script><script>alert(1)</script>", "*/", "--", "#v1.", "%23", "&amp;", "{\"s\":1}",
            "\u{1F468}\u{200D}\u{1F469}", "\u{7f}", "\u{ffff}", " ",
        ];
        let mut s = String::new();
        for _ in 0..self.below(max) {
            if self.below(3) == 0 {
                // Any scalar value, including control characters and astral planes.
                let c = char::from_u32(self.below(0x11_0000) as u32).unwrap_or('?');
                s.push(c);
            } else {
                s.push_str(PIECES[self.below(PIECES.len() as u64) as usize]);
            }
        }
        s
    }
    fn state(&mut self) -> ShareState {
        let mut st = ShareState {
            text: self.string(200),
            dialect: Dialect::ALL[self.below(3) as usize],
            kind: [None, Some(InputKind::Sql), Some(InputKind::Prisma), Some(InputKind::Catalog)][self.below(4) as usize],
            migration: if self.below(2) == 0 { String::new() } else { self.string(40) },
            tab: if self.below(2) == 0 { String::new() } else { self.string(3) },
            baseline: if self.below(2) == 0 { String::new() } else { self.string(60) },
            ..Default::default()
        };
        for _ in 0..self.below(4) {
            st.lint.insert(self.string(3), self.string(2));
        }
        for _ in 0..self.below(6) {
            let x = (self.next() as i64 as f64) / 1e12;
            let y = f64::from_bits(self.next() & 0x7fef_ffff_ffff_ffff); // finite, any magnitude
            st.positions.insert(self.string(3), (x, if self.below(2) == 0 { -y } else { y }));
        }
        for _ in 0..self.below(4) {
            st.options.insert(self.string(3), self.string(5));
        }
        // Table colours (valid, normalised: what a state holds) and sticky notes with any text.
        for _ in 0..self.below(3) {
            st.colors.insert(self.string(3), format!("#{:06x}", self.next() & 0xff_ffff));
        }
        for _ in 0..self.below(3) {
            let (x, y) = ((self.next() as i64 as f64) / 1e9, self.below(5000) as f64 - 100.5);
            let mut note = crate::erd::decor::Sticky { x, y, text: self.string(30), ..Default::default() };
            // and now and then its places in Focus views (any table key)
            for _ in 0..self.below(3) {
                note.focus.insert(self.string(3), (self.below(900) as f64 + 0.5, -(self.next() as i64 as f64) / 1e15));
            }
            st.notes.push(note);
        }
        // A migration history now and then (path, text pairs in order, names may repeat).
        if self.below(3) == 0 {
            st.history_name = self.string(4);
            for _ in 0..self.below(5) {
                st.history.push((self.string(4), self.string(80)));
            }
        }
        st
    }
}

#[test]
fn round_trip_property() {
    for seed in 1..=500u64 {
        let mut rng = Rng(crate::rng::Rng(seed));
        let st = rng.state();
        let frag = encode(&st);
        assert!(frag.starts_with("v2."), "seed {seed}");
        // Old-format links of the same state still open.
        assert_eq!(decode(&codec::encode_v1(&st)).as_ref(), Ok(&st), "seed {seed} (v1)");
        assert!(frag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'), "seed {seed}: {frag}");
        assert_eq!(decode(&frag).as_ref(), Ok(&st), "seed {seed}");
        // A draft (one quick pass) is the same format.
        assert_eq!(decode(&encode_draft(&st)).as_ref(), Ok(&st), "seed {seed} (draft)");
        // Also as a whole URL and with the '#'.
        assert_eq!(decode(&format!("https://example.org/play/?embed=findings#{frag}")).as_ref(), Ok(&st), "seed {seed}");
        assert_eq!(decode(&format!("  #{frag}\n")).as_ref(), Ok(&st), "seed {seed}");
    }
}

#[test]
fn defaults_are_left_out_and_non_finite_positions_dropped() {
    let st = ShareState::from_text("CREATE TABLE t (id int);", Dialect::Postgres);
    assert_eq!(codec::to_json(&st), r#"{"s":"CREATE TABLE t (id int);"}"#);
    assert_eq!(codec::to_json(&ShareState::default()), "{}");
    let mut st = ShareState::from_text("x", Dialect::Sqlite);
    st.positions.insert("a".into(), (f64::NAN, 1.0));
    st.positions.insert("b".into(), (1.5, -2.0));
    assert_eq!(codec::to_json(&st), r#"{"s":"x","d":"sqlite","p":{"b":[1.5,-2.0]}}"#);
    assert_eq!(decode(&encode(&st)).unwrap().positions.len(), 1);
    // v2: the JSON without the text, a newline, the text as it is; no JSON at all when empty.
    assert_eq!(codec::v2_bytes::<SerdeJson>(&ShareState::from_text("CREATE TABLE \"t\" (\n id int);", Dialect::Postgres)), b"\nCREATE TABLE \"t\" (\n id int);");
    assert_eq!(codec::v2_bytes::<SerdeJson>(&st), b"{\"d\":\"sqlite\",\"p\":{\"b\":[1.5,-2.0]}}\nx");
}

/// The state the committed v1 fixture link was made from. Never change the fixture: it stands for
/// every v1 link people have already shared.
fn fixture_v1_state() -> ShareState {
    let mut st = ShareState {
        text: "CREATE TABLE users (\n  id bigint PRIMARY KEY,\n  name text NOT NULL -- «名前» 🦀\n);\n".into(),
        dialect: Dialect::Mysql,
        migration: "ALTER TABLE users ADD COLUMN email text;".into(),
        tab: "findings".into(),
        ..Default::default()
    };
    st.lint.insert("prefer-jsonb".into(), "off".into());
    st.lint.insert("fk-missing-index".into(), "error".into());
    st.positions.insert("users".into(), (120.5, -40.0));
    st.options.insert("sql.to".into(), "sqlite".into());
    st
}

#[test]
fn every_old_version_decodes() {
    let fixtures = include_str!("fixtures/v1.txt");
    let links: Vec<&str> = fixtures.lines().filter(|l| l.starts_with("v1.")).collect();
    assert_eq!(links.len(), 2, "one deflated and one uncompressed v1 link");
    assert_eq!(decode(links[0]), Ok(fixture_v1_state()));
    assert_eq!(decode(links[1]), Ok(ShareState::from_text("CREATE TABLE t (id int);", Dialect::Sqlite)));
    let fixtures = include_str!("fixtures/v2.txt");
    let links: Vec<&str> = fixtures.lines().filter(|l| l.starts_with("v2.")).collect();
    assert_eq!(links.len(), 2, "one deflated and one uncompressed v2 link");
    assert_eq!(decode(links[0]), Ok(fixture_v1_state()));
    assert_eq!(decode(links[1]), Ok(ShareState::from_text("CREATE TABLE t (id int);", Dialect::Sqlite)));
    // And today's encoder still writes exactly the v2 links (if this changes on purpose, old links
    // must still decode: keep the fixtures, add new ones).
    assert_eq!(encode(&fixture_v1_state()), links[0]);
    assert_eq!(encode(&ShareState::from_text("CREATE TABLE t (id int);", Dialect::Sqlite)), links[1]);
}

#[test]
fn the_migration_baseline_travels_and_old_links_have_none() {
    // A v1 link made before the field existed decodes with an empty baseline.
    let old = include_str!("fixtures/v1.txt").lines().find(|l| l.starts_with("v1.")).unwrap();
    assert_eq!(decode(old).unwrap().baseline, "");
    // Empty: not written at all (old links stay byte-identical).
    assert!(!codec::to_json(&fixture_v1_state()).contains("\"b\""));
    let mut st = ShareState::from_text("CREATE TABLE t (id int, name text);", Dialect::Postgres);
    st.baseline = "CREATE TABLE t (id int);".into();
    assert_eq!(codec::to_json(&st), r#"{"s":"CREATE TABLE t (id int, name text);","b":"CREATE TABLE t (id int);"}"#);
    assert_eq!(decode(&encode(&st)), Ok(st));
}

#[test]
fn the_input_kind_travels_and_old_links_recognise() {
    // Links made before the field existed: no kind, the text's content decides.
    for fixture in [include_str!("fixtures/v1.txt"), include_str!("fixtures/v2.txt")] {
        for link in fixture.lines().filter(|l| l.starts_with('v')) {
            assert_eq!(decode(link).unwrap().kind, None, "{link}");
        }
    }
    assert!(!codec::to_json(&fixture_v1_state()).contains("\"k\""));
    for kind in InputKind::ALL {
        let mut st = ShareState::from_text("model A {\n  id Int @id\n}\n", Dialect::Postgres);
        st.kind = Some(kind);
        // One short key: the override costs a few bytes of the link.
        assert_eq!(codec::to_json(&st), format!(r#"{{"s":"model A {{\n  id Int @id\n}}\n","k":"{}"}}"#, kind.id()));
        assert_eq!(decode(&encode(&st)), Ok(st));
    }
    // A kind this build does not know (a newer reader): the link still opens, recognised.
    let forged = "{\"k\":\"cobol\"}\nCREATE TABLE t (id int);";
    let link = forge_version(2, forged.as_bytes());
    let st = decode(&link).unwrap();
    assert_eq!((st.kind, st.text.as_str()), (None, "CREATE TABLE t (id int);"));
}

#[test]
fn tiny_incompressible_states_skip_deflate() {
    let st = ShareState::from_text("alter table crates\n    drop column downloads;\n", Dialect::Postgres);
    let bytes = base64url::decode(&encode(&st)[3..]).unwrap();
    assert_eq!(bytes[0], 0xFF);
    assert_eq!(decode(&encode(&st)), Ok(st));
    // An uncompressed payload with a wrong checksum is still refused.
    let mut forged = vec![0xFF];
    forged.extend_from_slice(b"{\"s\":\"x\"}");
    forged.extend_from_slice(&[1, 2, 3, 4]);
    assert_eq!(decode(&format!("v1.{}", base64url::encode(&forged))), Err(ShareError::Checksum));
}

#[test]
fn unknown_versions_and_non_links_are_named() {
    assert_eq!(decode(""), Err(ShareError::Empty));
    assert_eq!(decode("https://x.org/#"), Err(ShareError::Empty));
    assert_eq!(decode("hello"), Err(ShareError::NotALink));
    assert_eq!(decode("vx.abc"), Err(ShareError::NotALink));
    assert_eq!(decode("pako:eNpLy89XSEpU"), Err(ShareError::NotALink));
    assert_eq!(decode("v3.abcd"), Err(ShareError::UnknownVersion("v3".into())));
    assert_eq!(decode("v2.ab*d"), Err(ShareError::BadEncoding));
    assert_eq!(decode("v2."), Err(ShareError::Corrupt));
    assert_eq!(decode("v1.ab*d"), Err(ShareError::BadEncoding));
    assert_eq!(decode("v1."), Err(ShareError::Corrupt));
    assert!(decode("v3.abcd").unwrap_err().to_string().contains("newer version"));
}

/// Checks that decoding fails quickly and does not panic.
fn must_fail_fast(input: &str, what: &str) -> ShareError {
    let t = Instant::now();
    let r = std::panic::catch_unwind(|| decode(input));
    let took = t.elapsed();
    let r = r.unwrap_or_else(|_| panic!("{what}: decode panicked"));
    assert!(took < Duration::from_secs(2), "{what}: took {took:?}");
    match r {
        Err(e) => e,
        Ok(st) => panic!("{what}: decoded to {st:?}"),
    }
}

#[test]
fn crc32_is_the_standard_one() {
    assert_eq!(codec::crc32(b""), 0);
    assert_eq!(codec::crc32(b"123456789"), 0xCBF4_3926);
    assert_eq!(codec::crc32(b"The quick brown fox jumps over the lazy dog"), 0x414F_A339);
}

#[test]
fn truncated_and_bit_flipped_links_are_errors() {
    let frag = encode(&fixture_v1_state());
    // Every truncation.
    for cut in 0..frag.len() {
        must_fail_fast(&frag[..cut], &format!("cut at {cut}"));
    }
    // Every single-bit flip of every payload byte, as long as it stays in the alphabet or not.
    let bytes = frag.as_bytes();
    let mut errors = std::collections::BTreeMap::new();
    let mut padding = 0;
    for i in 3..bytes.len() {
        for bit in 0..7 {
            let mut b = bytes.to_vec();
            b[i] ^= 1 << bit;
            let Ok(s) = String::from_utf8(b) else { continue };
            // The bits after the end of the last DEFLATE block (up to 7, in its last byte) are
            // padding that inflate ignores: flipping one leaves the very same state, which is fine.
            // Any other flip must be an error.
            if decode(&s).as_ref() == Ok(&fixture_v1_state()) {
                padding += 1;
                continue;
            }
            let e = must_fail_fast(&s, &format!("flip byte {i} bit {bit}"));
            *errors.entry(format!("{:?}", std::mem::discriminant(&e))).or_insert(0) += 1;
        }
    }
    assert!(padding <= 7, "{padding} flips decode to the same state");
    assert!(errors.len() >= 2, "{errors:?}");
}

#[test]
fn random_garbage_never_panics() {
    let mut rng = Rng(crate::rng::Rng(0xDEAD_BEEF));
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for _ in 0..3000 {
        let len = rng.below(300) as usize;
        let body: String = (0..len).map(|_| alphabet[rng.below(64) as usize] as char).collect();
        let _ = must_fail_fast(&format!("v1.{body}"), "random payload");
        let junk = rng.string(20);
        let _ = std::panic::catch_unwind(|| decode(&junk)).expect("no panic");
    }
}

/// Deflated JSON with a valid checksum but the wrong content: still an error, never a panic.
fn forge(json: &[u8]) -> String {
    forge_version(1, json)
}

fn forge_version(version: u32, bytes: &[u8]) -> String {
    let mut out = miniz_oxide::deflate::compress_to_vec(bytes, 6);
    let sum = if version == 1 { adler2::adler32_slice(bytes) } else { codec::crc32(bytes) };
    out.extend_from_slice(&sum.to_be_bytes());
    format!("v{version}.{}", base64url::encode(&out))
}

#[test]
fn hostile_v2_payloads_are_errors() {
    for (bytes, what) in [
        (&b"no newline at all"[..], "no header end"),
        (b"", "empty"),
        (b"[1]\nx", "header not an object"),
        (b"{\"d\":\"oracle\"}\nx", "unknown dialect"),
        (b"{\"p\":{\"a\":[1]}}\nx", "short position"),
        (b"\n\xff\xfe not utf8", "text not UTF-8"),
        (b"{\"d\":\"mysql\"\nx", "cut-off header"),
    ] {
        let e = must_fail_fast(&forge_version(2, bytes), what);
        assert!(matches!(e, ShareError::BadState(_)), "{what}: {e:?}");
    }
    // A header's "s" does not replace the text after it; unknown keys are ignored.
    let st = decode(&forge_version(2, b"{\"s\":\"no\",\"d\":\"sqlite\",\"future\":1}\nyes")).unwrap();
    assert_eq!((st.text.as_str(), st.dialect), ("yes", Dialect::Sqlite));
    // A stream made with other settings (miniz level 6, one block) opens too.
    let st = fixture_v1_state();
    assert_eq!(decode(&forge_version(2, &codec::v2_bytes::<SerdeJson>(&st))), Ok(st));
}

/// Every deflate candidate the encoder tries inflates back to its input (a wrong candidate would
/// only show up on the inputs where it happens to be the shortest).
#[test]
fn every_deflate_candidate_round_trips() {
    let big: String = (0..3000).map(|i| format!("INSERT INTO t VALUES ({i}, 'name {}', {});\n", i * 7919 % 1000, i % 13)).collect();
    for data in ["".as_bytes(), b"x", b"CREATE TABLE t (id int);", big.as_bytes()] {
        let out = codec::deflate_shortest(data);
        assert_eq!(miniz_oxide::inflate::decompress_to_vec(&out).ok().as_deref(), Some(data), "{} bytes", data.len());
    }
}

#[test]
fn well_formed_but_hostile_payloads_are_errors() {
    for (json, what) in [
        (&b"\xff\xfe not utf8"[..], "not UTF-8"),
        (b"[1,2,3]", "not an object"),
        (b"{\"s\":42}", "wrong type"),
        (b"{\"d\":\"oracle\"}", "unknown dialect"),
        (b"{\"p\":{\"a\":[1]}}", "short position"),
        (b"{\"p\":{\"a\":[1e999,0]}}", "infinite position"),
        (b"", "empty"),
    ] {
        let e = must_fail_fast(&forge(json), what);
        assert!(matches!(e, ShareError::BadState(_)), "{what}: {e:?}");
    }
    // Deep nesting neither overflows the stack (serde_json's recursion limit) nor gets accepted
    // where a value is expected; under an unknown key it is skipped.
    let deep = format!("{{\"s\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(matches!(must_fail_fast(&forge(deep.as_bytes()), "deep nesting"), ShareError::BadState(_)));
    let deep = format!("{{\"x\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(std::panic::catch_unwind(|| decode(&forge(deep.as_bytes()))).is_ok());
    // Unknown keys are ignored (a later v1 writer may add optional fields).
    assert_eq!(decode(&forge(b"{\"s\":\"x\",\"future\":[1,{\"a\":2}]}")).unwrap().text, "x");
}

#[test]
fn huge_links_are_refused_before_any_work() {
    let huge = format!("v1.{}", "A".repeat(MAX_FRAGMENT));
    assert_eq!(must_fail_fast(&huge, "huge"), ShareError::TooLong(MAX_FRAGMENT + 3));
}

#[test]
fn a_decompression_bomb_stops_at_the_limit_quickly() {
    // 1 GiB of zeros deflates to about 1 MiB; feed it in pieces to keep the test's own memory small:
    // a stream of stored-nothing, Huffman blocks each expanding ~1032x. Build by compressing
    // 64 MiB of zeros (far above MAX_JSON) and checking the link is within MAX_FRAGMENT.
    let zeros = vec![0u8; 64 * 1024 * 1024];
    let mut bomb = miniz_oxide::deflate::compress_to_vec(&zeros, 10);
    drop(zeros);
    bomb.extend_from_slice(&[0, 0, 0, 0]);
    let link = format!("v1.{}", base64url::encode(&bomb));
    assert!(link.len() < MAX_FRAGMENT, "{} characters", link.len());
    let t = Instant::now();
    let e = must_fail_fast(&link, "bomb");
    eprintln!("bomb: {} characters of link, refused in {:?} ({e:?})", link.len(), t.elapsed());
    assert_eq!(e, ShareError::TooLarge);
}


/// The committed benchmark (`benches/share.rs`) runs the whole corpus; this keeps the bundled
/// examples checked on every `cargo test`: for the same schema text our link is no longer than
/// Mermaid Live's `pako:` link (zlib level 9 of `{"code": text}`, base64url), its most favourable case.
#[test]
fn no_longer_than_mermaid_pako_on_the_examples() {
    for ex in crate::examples::ALL {
        let ours = encode(&ShareState::from_text(ex.sql, Dialect::Postgres));
        let json = serde_json::json!({ "code": ex.sql }).to_string();
        let theirs = format!("pako:{}", base64url::encode(&miniz_oxide::deflate::compress_to_vec_zlib(json.as_bytes(), 9)));
        assert!(ours.len() <= theirs.len(), "{}: ours {} > mermaid {}", ex.id, ours.len(), theirs.len());
    }
}




#[test]
fn a_migration_history_travels_in_the_link_in_order() {
    let mut st = ShareState::from_text("CREATE TABLE t (id int);", Dialect::Postgres);
    st.history_name = "migrations".into();
    st.history = vec![
        ("002_b/migration.sql".into(), "ALTER TABLE t ADD COLUMN b int;".into()),
        ("001_a/migration.sql".into(), "CREATE TABLE t (id int);\n-- migrate:down\n".into()),
        ("meta/_journal.json".into(), "{\"entries\":[]}".into()),
    ];
    let back = decode(&encode(&st)).unwrap();
    assert_eq!(back, st, "the order and every file come back");
    // Links made before histories existed still open, without one.
    assert!(decode(&encode(&ShareState::from_text("x", Dialect::Mysql))).unwrap().history.is_empty());
}

#[test]
fn the_diagram_detail_travels_and_old_links_show_every_column() {
    use crate::erd::choice::ViewChoice;
    use crate::erd::shown::Shown;
    let detail = |st: &ShareState| Shown::parse(st.options.get("diagram.detail").map(String::as_str));
    // Links made before the selector existed: every column.
    for fixture in [include_str!("fixtures/v1.txt"), include_str!("fixtures/v2.txt")] {
        for link in fixture.lines().filter(|l| l.starts_with('v')) {
            assert_eq!(detail(&decode(link).unwrap()), Shown::All, "{link}");
        }
    }
    for &shown in Shown::ALL {
        let mut st = ShareState::from_text("CREATE TABLE t (id int PRIMARY KEY, note text);", Dialect::Postgres);
        if shown != Shown::All {
            st.options.insert("diagram.detail".into(), shown.id().into());
        }
        let back = decode(&encode(&st)).unwrap();
        assert_eq!(back, st);
        assert_eq!(detail(&back), shown);
    }
}

#[test]
fn colours_and_notes_round_trip_and_bad_ones_are_dropped() {
    use crate::erd::decor::{Sticky, MAX_NOTES, NOTE_MAX_CHARS};
    let mut st = ShareState::from_text("CREATE TABLE users (id int);", Dialect::Postgres);
    st.colors.insert("users".into(), "#1d4ed8".into());
    st.notes.push(Sticky { x: 10.0, y: 20.5, text: "line 1\n</text><script>alert(1)</script> \"q\" ' \\".into(), ..Default::default() });
    for frag in [encode(&st), codec::encode_v1(&st), encode_draft(&st)] {
        assert_eq!(decode(&frag), Ok(st.clone()));
    }
    // a link without them (every link made before they existed) decodes to none
    assert_eq!(decode(&encode(&ShareState::from_text("x", Dialect::Mysql))).unwrap().notes, vec![]);
    // refused colours and non-finite notes are left out; text and count are clamped
    let mut bad = st.clone();
    bad.colors.insert("a".into(), "red\"/><script>".into());
    bad.colors.insert("b".into(), "#ABC".into());
    bad.notes.push(Sticky { x: f64::INFINITY, y: 0.0, text: "gone".into(), ..Default::default() });
    bad.notes.push(Sticky { x: 0.0, y: 0.0, text: "y".repeat(NOTE_MAX_CHARS + 10), ..Default::default() });
    let got = decode(&encode(&bad)).unwrap();
    assert_eq!(got.colors.get("b").map(String::as_str), Some("#aabbcc"));
    assert!(!got.colors.contains_key("a"));
    assert_eq!(got.notes.len(), 2);
    assert_eq!(got.notes[1].text.chars().count(), NOTE_MAX_CHARS);
    let many = ShareState { notes: (0..MAX_NOTES + 5).map(|i| Sticky { x: i as f64, y: 0.0, ..Default::default() }).collect(), ..Default::default() };
    assert_eq!(decode(&encode(&many)).unwrap().notes.len(), MAX_NOTES);
    // the header keys: `c` and `n`
    let json = codec::to_json(&st);
    assert!(json.contains(r##""c":{"users":"#1d4ed8"}"##) && json.contains(r#""n":[[10.0,20.5,"line 1\n"#), "{json}");
}

/// The state of `fixtures/v2_notes.txt`: colours and sticky notes as session 7 wrote them (no
/// Focus-view places: `nv` did not exist).
fn fixture_notes_state() -> ShareState {
    use crate::erd::decor::Sticky;
    let mut st = ShareState::from_text("CREATE TABLE users (id int PRIMARY KEY);\nCREATE TABLE orders (id int, user_id int REFERENCES users(id));", Dialect::Postgres);
    st.colors.insert("users".into(), "#1d4ed8".into());
    st.notes.push(Sticky::new(40.0, 120.5, "Check the \"status\" column\nsecond line").unwrap());
    st.notes.push(Sticky::new(300.0, 10.0, "").unwrap());
    st
}

#[test]
fn old_note_links_decode_identically() {
    let link = include_str!("fixtures/v2_notes.txt").lines().find(|l| l.starts_with("v2.")).unwrap();
    let got = decode(link).unwrap();
    assert_eq!(got, fixture_notes_state());
    assert!(got.notes.iter().all(|n| n.focus.is_empty()), "an old link has no Focus-view places");
    // a state without Focus-view places writes the header session 7 wrote, byte for byte
    assert_eq!(encode(&got), link);
    let json = codec::to_json(&got);
    assert!(json.contains(r#""n":[[40.0,120.5,"Check the \"status\" column\nsecond line"],[300.0,10.0,""]]"#) && !json.contains("nv"), "{json}");
}

#[test]
fn focus_view_places_of_notes_travel_in_their_own_key() {
    let mut st = fixture_notes_state();
    assert!(st.notes[1].set_pos(Some("orders"), 30.0, 120.0));
    assert!(st.notes[1].set_pos(Some("users"), -5.5, 7.0));
    for frag in [encode(&st), codec::encode_v1(&st), encode_draft(&st)] {
        assert_eq!(decode(&frag), Ok(st.clone()));
    }
    // `n` keeps its three fields per note (what older builds read); the places are `nv`
    let json = codec::to_json(&st);
    assert!(json.contains(r#"[300.0,10.0,""]]"#) && json.contains(r#""nv":[[1,"orders",30.0,120.0],[1,"users",-5.5,7.0]]"#), "{json}");
    // an older build's reader (session 8's header fields, nothing more) opens the link: every note,
    // at its full-diagram place
    #[derive(serde::Deserialize)]
    struct Session8 {
        #[serde(rename = "n", default)]
        notes: Vec<(f64, f64, String)>,
        #[serde(rename = "c", default)]
        colors: BTreeMap<String, String>,
    }
    let old: Session8 = serde_json::from_str(&json).unwrap();
    assert_eq!(old.notes, st.notes.iter().map(|n| (n.x, n.y, n.text.clone())).collect::<Vec<_>>());
    assert_eq!(old.colors.len(), 1);
    // places of notes the link does not hold are left out; the others still apply
    let bad = json.replace(r#""nv":[[1,"orders",30.0,120.0]"#, r#""nv":[[7,"orders",30.0,120.0],[1,"orders",30.0,120.0]"#);
    assert_ne!(bad, json);
    let got = codec::decode_v1::<SerdeJson>(&codec::pack_v1_json(&bad)).unwrap();
    assert_eq!(got, st);
}
