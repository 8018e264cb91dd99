//! `schemaplay inspect` from the outside: JSON shape, stdin, exit codes.

use std::io::Write;
use std::process::{Command, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_schemaplay"))
}

fn run_stdin(args: &[&str], input: &str) -> (i32, String, String) {
    let mut child = bin().args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn inspect_json_from_stdin() {
    let sql = "CREATE TABLE orgs (id uuid PRIMARY KEY);\nCREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE, email text UNIQUE);\nCREATE INDEX idx_users_org ON users (org_id) WHERE email IS NOT NULL;\nCREATE TYPE member_role AS ENUM ('owner', 'admin');\nSET x = 1;\n";
    let (code, out, err) = run_stdin(&["inspect", "--format", "json", "-"], sql);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["dialect"], "postgres");
    let users = &v["tables"][1];
    assert_eq!(users["name"], "users");
    assert_eq!(users["schema"], serde_json::Value::Null);
    assert_eq!(users["columns"][0]["type"], "uuid");
    assert_eq!(users["columns"][0]["nullable"], false);
    assert_eq!(users["primary_key"]["name"], "users_pkey");
    assert_eq!(users["foreign_keys"][0]["name"], "users_org_id_fkey");
    assert_eq!(users["foreign_keys"][0]["on_delete"], "cascade");
    assert_eq!(users["foreign_keys"][0]["on_update"], "no action");
    assert_eq!(users["unique"][0]["name"], "users_email_key");
    assert_eq!(users["indexes"][0]["name"], "idx_users_org");
    assert_eq!(users["indexes"][0]["method"], "btree");
    assert_eq!(users["indexes"][0]["where"], "email IS NOT NULL");
    assert_eq!(v["enums"][0]["values"][1], "admin");
    assert_eq!(v["diagnostics"][0]["severity"], "info");
    assert_eq!(v["diagnostics"][0]["line"], 5);
}

#[test]
fn inspect_text_and_dialects() {
    let (code, out, _) = run_stdin(&["inspect", "--dialect", "mysql", "-"], "CREATE TABLE `t` (`id` int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;");
    assert_eq!(code, 0);
    assert!(out.contains("table t") && out.contains("primary key PRIMARY (id)"), "{out}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["frobnicate"],
        vec![],
        vec!["inspect"],
        vec!["inspect", "--dialect", "oracle", "-"],
        vec!["inspect", "--format", "yaml", "-"],
        vec!["inspect", "--bogus", "1", "-"],
        vec!["inspect", "/definitely/not/here.sql"],
    ] {
        let (code, _, err) = run_stdin(&args, "");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.is_empty());
    }
}
