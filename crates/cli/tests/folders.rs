//! Migration folders from the outside (issue 16): `check-migration DIR` with `--since`, `--only`,
//! `--order`, every output format and exit code; bad input (unreadable file, broken migration,
//! two layouts, empty folder); `inspect|lint|erd|generate --at`, `diff --old/--new`.

mod common;
use common::{run, run_in};

use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fresh folder under the temp dir holding `files` (path → text).
fn folder(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = std::env::temp_dir().join(format!("schemaplay_folders_{}_{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    for (p, t) in files {
        let f = d.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, t).unwrap();
    }
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A Prisma history: users created three migrations before a NOT NULL column is added to it.
const PRISMA: [(&str, &str); 5] = [
    ("migration_lock.toml", "provider = \"postgresql\"\n"),
    ("20240101000000_users/migration.sql", "CREATE TABLE \"users\" (\"id\" BIGINT PRIMARY KEY, \"email\" VARCHAR(50));\n"),
    ("20240102000000_posts/migration.sql", "CREATE TABLE \"posts\" (\"id\" BIGINT PRIMARY KEY, \"user_id\" BIGINT);\n"),
    ("20240103000000_widen/migration.sql", "SET lock_timeout = '2s';\nALTER TABLE \"users\" ALTER COLUMN \"email\" TYPE VARCHAR(100);\n"),
    ("20240104000000_name/migration.sql", "SET lock_timeout = '2s';\n-- the name\nALTER TABLE \"users\" ADD COLUMN \"name\" TEXT NOT NULL;\nCREATE TABLE \"tags\" (\"id\" BIGINT PRIMARY KEY);\nCREATE INDEX \"tags_id\" ON \"tags\" (\"id\");\n"),
];

fn path_of(d: &Path) -> String {
    d.to_string_lossy().into_owned()
}

#[test]
fn folder_json_has_the_designed_shape_and_checks_against_the_replayed_schema() {
    let d = folder("json", &PRISMA);
    let (code, out, err) = run(&["check-migration", "--format", "json", &path_of(&d)], "");
    assert_eq!(code, 1, "adding-required-field is an error: {err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["layout"].as_str(), v["dialect"].as_str(), v["dialect_from"].as_str()), (Some("prisma"), Some("postgres"), Some("migration_lock.toml")));
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 4);
    assert_eq!(files[0]["path"], "20240101000000_users/migration.sql", "paths are relative to the folder");
    assert!(files.iter().all(|f| f["checked"] == true));
    // Today's statement objects, unchanged.
    let st = &files[3]["statements"].as_array().unwrap()[1];
    for k in ["index", "line", "sql", "table", "lock", "rewrites_table", "scans_table", "findings"] {
        assert!(st.get(k).is_some(), "missing {k} in {st}");
    }
    assert_eq!((st["line"].as_u64(), st["lock"].as_str()), (Some(3), Some("ACCESS EXCLUSIVE")));
    assert!(st["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "adding-required-field"));
    // The widening of a column created two migrations earlier is known to be safe.
    assert!(files[2]["statements"][1]["findings"].as_array().unwrap().is_empty(), "{}", files[2]);
    // Statements on tags (created in the same migration) get no lock or scan finding.
    assert!(files[3]["statements"][3]["findings"].as_array().unwrap().is_empty(), "{}", files[3]["statements"][3]);
}

#[test]
fn since_and_only_check_some_migrations_and_replay_all() {
    let d = folder("select", &PRISMA);
    let (code, out, _) = run(&["check-migration", "--format", "json", "--since", "1", &path_of(&d)], "");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    let checked: Vec<bool> = v["files"].as_array().unwrap().iter().map(|f| f["checked"].as_bool().unwrap()).collect();
    assert_eq!(checked, [false, false, false, true]);
    assert!(v["files"][0]["statements"].as_array().unwrap().is_empty());
    // --only with a path from the current folder, a path inside DIR, a folder name, and a file
    // that is no migration (CI passes every changed file).
    let parent = d.parent().unwrap();
    let rel_from_cwd = format!("{}/20240102000000_posts/migration.sql", d.file_name().unwrap().to_string_lossy());
    let (code, out, err) = run_in(parent, &["check-migration", "--format", "json", &path_of(&d), "--only", &rel_from_cwd, "20240103000000_widen", "migration_lock.toml"], "");
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("migration_lock.toml is not a migration"), "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let checked: Vec<bool> = v["files"].as_array().unwrap().iter().map(|f| f["checked"].as_bool().unwrap()).collect();
    assert_eq!(checked, [false, true, true, false]);
    let (code, _, err) = run(&["check-migration", "--since", "1", "--only", "x", &path_of(&d)], "");
    assert_eq!(code, 2, "{err}");
}

#[test]
fn text_github_markdown_and_sarif_point_at_each_file() {
    let d = folder("formats", &PRISMA);
    let p = path_of(&d);
    let (code, out, _) = run(&["check-migration", "--since", "1", &p], "");
    assert_eq!(code, 1);
    assert!(out.starts_with("Prisma Migrate (the tool's order, postgres from migration_lock.toml): 4 migration(s), 1 checked"), "{out}");
    assert!(out.contains("\n20240104000000_name/migration.sql\n  line 1: SET lock_timeout = '2s'\n"), "{out}");
    assert!(out.contains("error [adding-required-field]"), "{out}");
    assert!(out.trim_end().ends_with("1 migration(s) checked, 4 statement(s), 2 finding(s)"), "{out}");
    let (code, out, _) = run(&["check-migration", "--format", "github", "--since", "1", &p], "");
    assert_eq!(code, 1);
    let line = out.lines().find(|l| l.contains("adding-required-field")).expect("an annotation");
    assert!(line.starts_with(&format!("::error file={p}/20240104000000_name/migration.sql,line=3,endLine=3,title=adding-required-field::")), "{line}");
    assert!(line.contains("%0A%0ASafe alternative:%0A"), "the safe alternative travels in the message: {line}");
    // --prefix: the folder's path in the repository when run from elsewhere.
    let (_, out, _) = run(&["check-migration", "--format", "github", "--since", "1", "--prefix", "prisma/migrations", &p], "");
    assert!(out.contains("file=prisma/migrations/20240104000000_name/migration.sql,line=3"), "{out}");
    let (_, out, _) = run(&["check-migration", "--format", "markdown", "--since", "1", &p], "");
    assert!(out.contains("### `") && out.contains("locks: ACCESS EXCLUSIVE on `users`") && out.contains("<summary>Safe alternative</summary>"), "{out}");
    let (_, out, _) = run(&["check-migration", "--format", "sarif", &p], "");
    let v: Value = serde_json::from_str(&out).unwrap();
    let r = &v["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "adding-required-field").unwrap()["locations"][0]["physicalLocation"];
    assert_eq!(r["artifactLocation"]["uri"], format!("{p}/20240104000000_name/migration.sql"));
    assert_eq!(r["region"]["startLine"], 3);
}

#[test]
fn bad_input_is_reported_at_its_file_and_the_later_migrations_are_still_checked() {
    let d = folder(
        "bad",
        &[
            ("001_users.sql", "CREATE TABLE users (id bigint PRIMARY KEY);\n"),
            ("002_broken.sql", "CREATE TABLE orders (id bigint PRIMARY KEY);\nALTER TABLE orders ADD COLUMN note text DEFAULT 'unclosed;\n"),
            ("004_later.sql", "SET lock_timeout = '2s';\nALTER TABLE users ADD COLUMN name text NOT NULL;\n"),
        ],
    );
    // An unreadable file: a link to nowhere.
    #[cfg(unix)]
    std::os::unix::fs::symlink("/nonexistent/schemaplay", d.join("003_gone.sql")).unwrap();
    let (code, out, err) = run(&["check-migration", &path_of(&d)], "");
    assert_eq!(code, 2, "an unreadable file is bad input: {out}{err}");
    assert!(out.contains("003_gone.sql: error: cannot read the file"), "{out}");
    assert!(out.contains("\n002_broken.sql\n") && out.contains("line 2: error: unterminated"), "the broken statement at its line: {out}");
    assert!(out.contains("error [adding-required-field]"), "the later migration is still checked: {out}");
    // Two layouts in one folder.
    let d = folder("two", &[("20240101000000_a/migration.sql", "CREATE TABLE a (id int);\n"), ("20240102000000_b/migration.sql", "CREATE TABLE b (id int);\n"), ("V1__c.sql", "CREATE TABLE c (id int);\n")]);
    let (code, out, _) = run(&["check-migration", &path_of(&d)], "");
    assert_eq!(code, 0);
    assert!(out.contains("V1__c.sql: warning: two layouts in one folder: read as Prisma Migrate (2 files), but 1 file is named like Flyway migrations (V1__c.sql)"), "{out}");
    // An empty folder.
    let d = folder("empty", &[("README.md", "nothing here\n")]);
    let (code, out, err) = run(&["check-migration", &path_of(&d)], "");
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.contains("no migration files: the folder holds no .sql file"), "{out}");
    let (code, _, err) = run(&["inspect", &path_of(&d)], "");
    assert_eq!(code, 2);
    assert!(err.contains("no migration files"), "{err}");
}

#[test]
fn listed_files_and_an_order_file_give_the_order() {
    let d = folder("order", &[("create_users.sql", "CREATE TABLE users (id int PRIMARY KEY);\n"), ("add_name.sql", "SET lock_timeout = '1s';\nALTER TABLE users ADD COLUMN name text NOT NULL;\n")]);
    let p = path_of(&d);
    // Name order would put add_name first: the folder says so and asks for an order.
    let (_, out, _) = run(&["check-migration", &p], "");
    assert!(out.contains("no known tool names its files like these") && out.contains("--order"), "{out}");
    std::fs::write(d.join("order.txt"), "create_users.sql\nadd_name.sql\n").unwrap();
    let order = d.join("order.txt");
    let (code, out, _) = run(&["check-migration", "--format", "json", "--order", &path_of(&order), &p], "");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!((v["order"].as_str(), v["files"][0]["path"].as_str()), (Some("given"), Some("create_users.sql")));
    // Files listed on the command line are a history in that order.
    let (code, out, _) = run(&["check-migration", "--format", "json", &path_of(&d.join("create_users.sql")), &path_of(&d.join("add_name.sql"))], "");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["layout"], "listed");
    assert!(v["files"][1]["statements"][1]["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "adding-required-field"));
}

#[test]
fn schema_commands_read_a_folder_at_a_point() {
    let d = folder("points", &PRISMA);
    let p = path_of(&d);
    let (code, out, _) = run(&["inspect", "--format", "json", "--at", "2", &p], "");
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 2);
    assert_eq!(v["input"], "sql");
    let (_, out, _) = run(&["inspect", "--format", "json", &p], "");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["tables"].as_array().unwrap().len(), 3);
    assert_eq!(v["tables"][0]["columns"][1]["type"], "varchar(100)");
    let (code, _, err) = run(&["inspect", "--at", "nope", &p], "");
    assert_eq!(code, 2, "{err}");
    // lint: each finding at the migration that made the item.
    let (_, out, _) = run(&["lint", "--fail-on", "info", "--format", "json", &p], "");
    let v: Value = serde_json::from_str(&out).unwrap();
    let tags = v["findings"].as_array().unwrap().iter().find(|f| f["table"] == "tags").expect("a finding on tags");
    assert_eq!((tags["file"].as_str(), tags["line"].as_u64()), (Some("20240104000000_name/migration.sql"), Some(4)));
    assert!(v["findings"].as_array().unwrap().iter().all(|f| f["fix"].is_null()), "no quick fix edits a migration that has run");
    let (_, out, _) = run(&["lint", "--fail-on", "info", &p], "");
    assert!(out.contains(&format!("{p}/20240104000000_name/migration.sql:4:1: info[missing-timestamps]")), "{out}");
    let (_, out, _) = run(&["generate", "--target", "sql", "--at", "20240101000000_users", &p], "");
    assert!(out.contains("CREATE TABLE users") && !out.contains("posts"), "{out}");
    let (_, out, _) = run(&["erd", "--format", "json", "--at", "1", &p], "");
    assert_eq!(serde_json::from_str::<Value>(&out).unwrap()["tables"].as_array().unwrap().len(), 1);
    // diff between two points of one folder.
    let (code, out, _) = run(&["diff", "--direct", "--old", "2", "--new", "4", &p], "");
    assert_eq!(code, 0);
    assert!(out.contains("ALTER COLUMN email TYPE") && out.contains("ADD COLUMN name") && out.contains("CREATE TABLE tags"), "{out}");
    let (_, out, _) = run(&["diff", "--direct", &p], "");
    assert!(!out.contains("email TYPE") && out.contains("CREATE TABLE tags"), "by default the newest migration: {out}");
}
