//! `schemaplay` with Drizzle and catalog inputs, and `catalog-query`, from the outside.

mod common;

use common::run;

#[test]
fn catalog_query_prints_one_query_per_engine() {
    for d in ["postgres", "mysql", "sqlite"] {
        let (code, out, err) = run(&["catalog-query", "--dialect", d], "");
        assert_eq!(code, 0, "{err}");
        assert!(out.contains("schemaplay-catalog") && out.to_ascii_uppercase().contains("SELECT"), "{d}");
    }
    let (code, _, err) = run(&["catalog-query"], "");
    assert_eq!(code, 2);
    assert!(err.contains("--dialect"), "{err}");
    let (code, _, _) = run(&["catalog-query", "--dialect", "oracle"], "");
    assert_eq!(code, 2);
}

#[test]
fn drizzle_from_stdin_is_recognised_and_generates_prisma() {
    let ts = "import { pgTable, serial, text } from \"drizzle-orm/pg-core\";\nexport const users = pgTable(\"users\", { id: serial().primaryKey(), email: text().notNull().unique() });\n";
    let (code, out, err) = run(&["inspect", "--format", "json", "-"], ts);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"][0]["name"], "users");
    assert_eq!(v["tables"][0]["unique"][0]["name"], "users_email_unique");
    let (code, out, err) = run(&["generate", "--target", "prisma", "--from", "drizzle", "-"], ts);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("model User"), "{out}");
}

#[test]
fn a_drizzle_warning_has_its_line() {
    let ts = "import { pgTable, integer } from \"drizzle-orm/pg-core\";\nexport const t = pgTable(\"t\", {\n  id: integer(),\n  x: mystery(),\n});\n";
    let (code, out, err) = run(&["inspect", "--from", "drizzle", "-"], ts);
    assert_eq!(code, 0, "{err}");
    let text = format!("{out}{err}");
    assert!(text.contains("4:6: warning") && text.contains("mystery"), "{text}");
}

#[test]
fn catalog_json_from_stdin() {
    let json = r#"{"format":"schemaplay-catalog","version":1,"engine":"sqlite","objects":[{"type":"table","name":"a","table":"a","sql":"CREATE TABLE a (id INTEGER PRIMARY KEY)"}],"tables":[]}"#;
    let (code, out, err) = run(&["inspect", "--format", "json", "-"], json);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dialect"], "sqlite");
    assert_eq!(v["tables"][0]["name"], "a");
}
