//! `schemaplay inspect` from the outside: JSON shape, stdin, exit codes.

mod common;
use common::run;

#[test]
fn inspect_json_from_stdin() {
    let sql = "CREATE TABLE orgs (id uuid PRIMARY KEY);\nCREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), org_id uuid NOT NULL REFERENCES orgs(id) ON DELETE CASCADE, email text UNIQUE);\nCREATE INDEX idx_users_org ON users (org_id) WHERE email IS NOT NULL;\nCREATE TYPE member_role AS ENUM ('owner', 'admin');\nSET x = 1;\n";
    let (code, out, err) = run(&["inspect", "--format", "json", "-"], sql);
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
    let (code, out, _) = run(&["inspect", "--dialect", "mysql", "-"], "CREATE TABLE `t` (`id` int AUTO_INCREMENT PRIMARY KEY) ENGINE=InnoDB;");
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
        let (code, _, err) = run(&args, "");
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(!err.is_empty());
    }
}
