//! `schemaplay check-migration` from the outside: ../shared/DESIGN.md's JSON shape, the text format, SARIF,
//! `--schema`, `--pg-version`, `--no-transaction`, exit codes.

mod common;
use common::run;

use serde_json::Value;

fn base_file() -> String {
    let p = std::env::temp_dir().join(format!("schemaplay_mig_base_{}.sql", std::process::id()));
    std::fs::write(&p, "CREATE TABLE users (id bigint PRIMARY KEY, email text, name text);\n").unwrap();
    p.to_string_lossy().into_owned()
}

#[test]
fn json_shape_locks_and_exit_code() {
    let base = base_file();
    let mig = "ALTER TABLE users ADD COLUMN age int NOT NULL;\nCREATE INDEX users_email_idx ON users (email);\n";
    let (code, out, err) = run(&["check-migration", "--schema", &base, "--format", "json", "-"], mig);
    assert_eq!(code, 1, "adding-required-field is an error: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let st = v["statements"].as_array().unwrap();
    assert_eq!(st.len(), 2);
    for s in st {
        for k in ["index", "line", "sql", "table", "lock", "rewrites_table", "scans_table", "findings"] {
            assert!(s.get(k).is_some(), "missing {k} in {s}");
        }
    }
    assert_eq!(st[0]["lock"], "ACCESS EXCLUSIVE");
    assert_eq!(st[1]["lock"], "SHARE");
    assert_eq!(st[1]["line"], 2);
    let rules: Vec<&str> = st.iter().flat_map(|s| s["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap())).collect();
    assert!(rules.contains(&"adding-required-field") && rules.contains(&"require-concurrent-index-creation"), "{rules:?}");
    let f = &st[1]["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "require-concurrent-index-creation").unwrap().clone();
    // written for the settings: out of the migration's transaction, re-runnable
    let alt = f["safe_alternative"].as_str().unwrap();
    assert!(alt.contains("outside a transaction (CONCURRENTLY cannot run inside one):\n-- CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"), "{f}");
    // the statement's one safe version (what the app applies) holds every finding's alternative
    let safe = v["statements"][1]["safe_version"].as_str().unwrap();
    assert!(safe.contains("-- CREATE INDEX CONCURRENTLY IF NOT EXISTS users_email_idx ON users (email);"), "{safe}");
    // Without --schema the table is still treated as existing (not created here).
    let (code, _, _) = run(&["check-migration", "-"], "SET lock_timeout = '1s';\nALTER TABLE t ADD COLUMN c int;\n");
    assert_eq!(code, 0);
}

#[test]
fn text_format_and_options() {
    let base = base_file();
    let (code, out, _) = run(&["check-migration", "--schema", &base, "--pg-version", "10", "-"], "ALTER TABLE users ADD COLUMN n int DEFAULT 0;\n");
    assert_eq!(code, 0, "warnings only");
    assert!(out.contains("line 1: ALTER TABLE users ADD COLUMN n int DEFAULT 0"), "{out}");
    assert!(out.contains("lock: ACCESS EXCLUSIVE on users · rewrites table"), "{out}");
    assert!(out.contains("warning [adding-field-with-default]"), "{out}");
    // one safe version per statement: the rewrite-free default and the lock timeout merged
    assert!(out.contains("  safe version:\n    SET lock_timeout = '5s';\n"), "{out}");
    let (_, out18, _) = run(&["check-migration", "--schema", &base, "-"], "ALTER TABLE users ADD COLUMN n int DEFAULT 0;\n");
    assert!(!out18.contains("adding-field-with-default") && !out18.contains("rewrites table"), "{out18}");
    // CONCURRENTLY: error in a transaction, fine with --no-transaction
    let m = "SET lock_timeout = '1s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (name);\nALTER TABLE users ADD COLUMN IF NOT EXISTS x int;\n";
    let (code, out, _) = run(&["check-migration", "--schema", &base, "-"], m);
    assert_eq!(code, 1, "{out}");
    let (code, out, _) = run(&["check-migration", "--schema", &base, "--no-transaction", "-"], m);
    assert_eq!(code, 0, "{out}");
    let (code, _, err) = run(&["check-migration", "--pg-version", "x", "-"], m);
    assert_eq!(code, 2, "{err}");
}

#[test]
fn sarif_and_mysql() {
    let (code, out, _) = run(&["check-migration", "--format", "sarif", "-"], "DROP TABLE users;\n");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run0 = &v["runs"][0];
    assert!(run0["tool"]["driver"]["rules"].as_array().unwrap().iter().any(|r| r["id"] == "ban-drop-table"));
    let res = &run0["results"][0];
    assert_eq!(res["ruleId"], "ban-drop-table");
    assert_eq!(res["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    let (_, out, _) = run(&["check-migration", "--dialect", "mysql", "--mysql-version", "8.0.11", "--format", "json", "-"], "ALTER TABLE t ADD COLUMN c int;\n");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["statements"][0]["mysql_algorithm"], "INPLACE");
    assert_eq!(v["statements"][0]["lock"], Value::Null);
}

#[test]
fn tool_transaction_behaviour() {
    let base = base_file();
    let m = "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON users (name);\nALTER TABLE users ADD COLUMN IF NOT EXISTS x int;\n";
    let rules = |args: &[&str], text: &str| {
        let mut all = vec!["check-migration", "--schema", base.as_str(), "--format", "json"];
        all.extend_from_slice(args);
        all.push("-");
        let (_, out, err) = run(&all, text);
        let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
        v["statements"].as_array().unwrap().iter().flat_map(|s| s["findings"].as_array().unwrap().iter().map(|f| f["rule"].as_str().unwrap().to_string())).collect::<Vec<_>>()
    };
    // dbmate runs each migration in a transaction unless the file opts out
    assert!(rules(&["--tool", "dbmate"], m).contains(&"ban-concurrent-index-creation-in-transaction".to_string()));
    assert!(!rules(&["--tool", "dbmate"], &format!("-- migrate:up transaction:false\n{m}")).contains(&"ban-concurrent-index-creation-in-transaction".to_string()));
    // plain SQL files run in autocommit
    assert!(!rules(&["--tool", "plain"], m).contains(&"ban-concurrent-index-creation-in-transaction".to_string()));
    let (code, _, err) = run(&["check-migration", "--tool", "nope", "-"], m);
    assert_eq!(code, 2, "{err}");
}


/// `--tool` reads the tool's settings beside the file and its name, as the folder reader does
/// (the table test `folder_reader_and_tool_option_agree_on_transactions` covers every case).
#[test]
fn tool_reads_the_settings_beside_the_file() {
    let dir = std::env::temp_dir().join(format!("schemaplay_tool_conf_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // Two statements: a file of one CONCURRENTLY statement alone runs outside a transaction anyway.
    let m = "CREATE INDEX CONCURRENTLY i ON users (name);\nALTER TABLE users ADD COLUMN x int;\n";
    let in_tx = |tool: &str, name: &str| {
        let p = dir.join(name);
        std::fs::write(&p, m).unwrap();
        let (_, out, err) = run(&["check-migration", "--tool", tool, "--format", "json", p.to_str().unwrap()], "");
        assert!(out.contains("\"statements\""), "{out} {err}");
        out.contains("ban-concurrent-index-creation-in-transaction")
    };
    assert!(in_tx("flyway", "V1__a.sql"));
    std::fs::write(dir.join("V2__b.sql.conf"), "executeInTransaction=false\n").unwrap();
    assert!(!in_tx("flyway", "V2__b.sql"));
    assert!(in_tx("pop", "1_c.up.sql"));
    assert!(!in_tx("pop", "1_c.autocommit.up.sql"));
    let _ = std::fs::remove_dir_all(&dir);
}
