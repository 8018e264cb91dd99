//! `schemaplay diff OLD NEW` from the outside: the up plan with its phase markers, `--down`, the JSON
//! shape, rename questions and `--rename` answers, dialects and usage errors.

mod common;
use common::run;

use serde_json::Value;
use std::path::PathBuf;

fn files(name: &str, old: &str, new: &str) -> (String, String) {
    let dir: PathBuf = std::env::temp_dir().join(format!("schemaplay-diff-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (o, n) = (dir.join("old.sql"), dir.join("new.sql"));
    std::fs::write(&o, old).unwrap();
    std::fs::write(&n, new).unwrap();
    (o.to_string_lossy().into_owned(), n.to_string_lossy().into_owned())
}

const OLD: &str = "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);\n";
const NEW: &str = "CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL DEFAULT gen_random_uuid()::text);
CREATE INDEX users_email_idx ON users (email);\n";

#[test]
fn prints_the_phased_up_plan() {
    let (o, n) = files("up", OLD, NEW);
    let (code, out, err) = run(&["diff", &o, &n], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("-- Phase 1 — before deploying the new code: expand"), "{out}");
    assert!(out.contains("SET lock_timeout"), "{out}");
    assert!(out.contains("ALTER TABLE users ADD COLUMN email text;"), "added nullable first:\n{out}");
    assert!(out.contains("CREATE INDEX CONCURRENTLY users_email_idx ON users (email);"), "{out}");
    assert!(out.contains("-- NOT in a transaction"), "{out}");
    assert!(out.contains("CHECK (email IS NOT NULL) NOT VALID"), "{out}");
    assert!(out.contains("VALIDATE CONSTRAINT users_email_not_null"), "{out}");
    assert!(out.contains("ALTER COLUMN email SET NOT NULL"), "{out}");
    // phases in deploy order: expand, indexes, backfill, validate
    let pos = |s: &str| out.find(s).unwrap_or_else(|| panic!("{s} missing:\n{out}"));
    assert!(pos("ADD COLUMN email") < pos("CONCURRENTLY") && pos("CONCURRENTLY") < pos("DO $$") && pos("DO $$") < pos("VALIDATE CONSTRAINT"));
    // --direct: plain statements
    let (code, out, _) = run(&["diff", "--direct", &o, &n], "");
    assert_eq!(code, 0);
    assert!(out.contains("ADD COLUMN email text NOT NULL DEFAULT gen_random_uuid()::text;"), "{out}");
    assert!(out.contains("CREATE INDEX users_email_idx"), "{out}");
    assert!(!out.contains("CONCURRENTLY"), "{out}");
}

#[test]
fn down_prints_the_rollback() {
    let (o, n) = files("down", OLD, NEW);
    let (code, out, err) = run(&["diff", "--down", &o, &n], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("-- Rollback"), "{out}");
    assert!(out.contains("DROP INDEX users_email_idx;"), "{out}");
    assert!(out.contains("ALTER TABLE users DROP COLUMN email;"), "{out}");
    assert!(!out.contains("ADD COLUMN"), "{out}");
    // nothing to do → says so
    let (o2, n2) = files("same", OLD, OLD);
    let (_, up, _) = run(&["diff", &o2, &n2], "");
    assert_eq!(up, "-- No changes.\n");
}

#[test]
fn json_has_the_design_shape() {
    let (o, n) = files("json", OLD, NEW);
    let (code, out, err) = run(&["diff", "--format", "json", &o, &n], "");
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let phases = v["phases"].as_array().unwrap();
    assert!(phases.len() >= 4, "{out}");
    for p in phases {
        assert!(p["title"].as_str().unwrap().starts_with("Phase "), "{p}");
        assert!(p["transactional"].is_boolean());
        assert!(p["sql"].is_string());
    }
    assert!(phases.iter().any(|p| p["transactional"] == false && p["sql"].as_str().unwrap().contains("CONCURRENTLY")));
    assert!(v["down"].as_str().unwrap().contains("DROP COLUMN email"));
    assert!(v["questions"].is_array() && v["warnings"].is_array());
    let changes = v["changes"].as_array().unwrap();
    assert!(changes.iter().any(|c| c["text"].as_str().unwrap().contains("add column users.email") && c["phased"] == true), "{out}");
}

#[test]
fn rename_questions_and_answers() {
    let old = "CREATE TABLE people (id bigint PRIMARY KEY, name text);\n";
    let new = "CREATE TABLE people (id bigint PRIMARY KEY, full_name text);\n";
    let (o, n) = files("rename", old, new);
    let (code, out, err) = run(&["diff", "--direct", &o, &n], "");
    assert_eq!(code, 0);
    assert!(err.contains("question: rename column people.name → full_name? (assumed: yes"), "{err}");
    assert!(out.contains("ALTER TABLE people RENAME COLUMN name TO full_name;"), "{out}");
    // answered no: drop + add
    let (_, out, _) = run(&["diff", "--direct", "--rename", "column:people:name:full_name=no", &o, &n], "");
    assert!(out.contains("ADD COLUMN full_name text") && out.contains("DROP COLUMN name"), "{out}");
    assert!(!out.contains("RENAME"), "{out}");
    // JSON carries the question
    let (_, out, _) = run(&["diff", "--format", "json", &o, &n], "");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["questions"][0]["kind"], "column");
    assert_eq!(v["questions"][0]["from"], "name");
    assert_eq!(v["questions"][0]["to"], "full_name");
    assert_eq!(v["questions"][0]["assumed"], true);
    // a bad answer is a usage error
    let (code, _, err) = run(&["diff", "--rename", "column:people=yes", &o, &n], "");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn other_dialects() {
    let (o, n) = files("sqlite", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT);\n", "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT NOT NULL DEFAULT '');\n");
    let (code, out, _) = run(&["diff", "--dialect", "sqlite", &o, &n], "");
    assert_eq!(code, 0);
    assert!(out.contains("PRAGMA foreign_keys = OFF;") && out.contains("CREATE TABLE t__new") && out.contains("PRAGMA foreign_key_check;"), "{out}");
    let (o, n) = files("mysql", "CREATE TABLE t (id INT PRIMARY KEY);\n", "CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(10));\nCREATE INDEX t_a ON t (a);\n");
    let (code, out, _) = run(&["diff", "--dialect", "mysql", &o, &n], "");
    assert_eq!(code, 0);
    assert!(out.contains("ALTER TABLE t ADD COLUMN a varchar(10), ALGORITHM=INSTANT;"), "{out}");
    assert!(out.contains("CREATE INDEX t_a ON t (a) ALGORITHM=INPLACE LOCK=NONE;"), "{out}");
}

#[test]
fn usage_errors() {
    let (o, _) = files("usage", OLD, NEW);
    let (code, _, err) = run(&["diff", &o], "");
    assert_eq!(code, 2);
    assert!(err.contains("OLD.sql NEW.sql"), "{err}");
    let (code, _, err) = run(&["diff", &o, "/nonexistent/new.sql"], "");
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
    let (code, _, _) = run(&["diff", "--format", "yaml", &o, &o], "");
    assert_eq!(code, 2);
}
