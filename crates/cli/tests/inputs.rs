//! Non-SQL inputs on the command line: recognition by extension and content, `--from`, a folder of
//! `.prisma` files as one schema (positions reported per file), and every command accepting them.

mod common;
use common::run;
use serde_json::Value;
use std::path::PathBuf;

const PRISMA: &str = "datasource db {\n  provider = \"sqlite\"\n}\n\nmodel User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  posts Post[]\n}\n\nmodel Post {\n  id       Int  @id\n  author   User @relation(fields: [authorId], references: [id])\n  authorId Int\n}\n";

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("schemaplay-inputs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("{e}: {s}"))
}

#[test]
fn prisma_is_recognised_from_content_and_extension_and_from_overrides() {
    let (code, out, err) = run(&["inspect", "--format", "json", "-"], PRISMA);
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    assert_eq!(v["input"], "prisma");
    assert_eq!(v["dialect"], "sqlite", "the provider picks the dialect");
    assert_eq!(v["tables"].as_array().unwrap().len(), 2);
    // Key order of ../shared/DESIGN.md's shape is kept.
    assert!(out.find("\"dialect\"").unwrap() < out.find("\"tables\"").unwrap() && out.find("\"tables\"").unwrap() < out.find("\"diagnostics\"").unwrap());

    let dir = temp_dir("ext");
    let file = dir.join("schema.txt.prisma");
    std::fs::write(&file, PRISMA).unwrap();
    let (code, out, _) = run(&["inspect", "--format", "json", file.to_str().unwrap()], "");
    assert_eq!((code, json(&out)["input"].as_str()), (0, Some("prisma")));

    // --from sql reads the same text as SQL (and says it cannot).
    let (code, out, _) = run(&["inspect", "--format", "json", "--from", "sql", "-"], PRISMA);
    assert_eq!(code, 0);
    let v = json(&out);
    assert_eq!(v["input"], "sql");
    assert!(v["tables"].as_array().unwrap().is_empty());
    let (code, _, err) = run(&["inspect", "--from", "yaml", "-"], PRISMA);
    assert_eq!(code, 2);
    assert!(err.contains("unknown --from"), "{err}");
}

#[test]
fn every_command_takes_a_prisma_schema() {
    let (code, out, err) = run(&["generate", "--target", "sql", "-"], PRISMA);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("AUTOINCREMENT") && out.contains("REFERENCES"), "SQL for the provider's database (SQLite): {out}");
    let (code, out, _) = run(&["generate", "--target", "drizzle", "-"], PRISMA);
    assert_eq!(code, 0);
    assert!(out.contains("sqliteTable("), "{out}");
    let (code, out, _) = run(&["erd", "--format", "json", "-"], PRISMA);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["edges"].as_array().unwrap().len(), 1);
    let (code, out, _) = run(&["lint", "--format", "json", "--fail-on", "error", "-"], PRISMA);
    assert_eq!(code, 0);
    let findings = json(&out)["findings"].as_array().unwrap().clone();
    assert!(!findings.is_empty());
    // a fix on Prisma text is written in Prisma (the @@index of an unindexed foreign key), never as SQL
    let fixes: Vec<&serde_json::Value> = findings.iter().filter(|f| !f["fix"].is_null()).collect();
    assert!(fixes.iter().any(|f| f["rule"] == "fk-missing-index"), "{findings:?}");
    for f in fixes {
        let text = f["fix"]["edits"].as_array().unwrap().iter().map(|e| e["replacement"].as_str().unwrap_or_default()).collect::<String>();
        assert!(text.contains("@@index(") && !text.contains("CREATE"), "{f}");
    }
    let lines = PRISMA.lines().count() as u64;
    assert!(findings.iter().all(|f| f["line"].as_u64().unwrap() <= lines));

    let dir = temp_dir("diff");
    let (old, new) = (dir.join("old.prisma"), dir.join("new.prisma"));
    std::fs::write(&old, PRISMA).unwrap();
    std::fs::write(&new, PRISMA.replace("  email String @unique\n", "  email String @unique\n  name  String?\n")).unwrap();
    let (code, out, err) = run(&["diff", "--direct", old.to_str().unwrap(), new.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ALTER TABLE") && out.contains("name"), "{out}");
}

#[test]
fn a_folder_of_prisma_files_is_one_schema_with_positions_per_file() {
    let dir = temp_dir("folder");
    std::fs::create_dir_all(dir.join("models")).unwrap();
    std::fs::create_dir_all(dir.join("migrations/0001_init")).unwrap();
    std::fs::write(dir.join("schema.prisma"), "datasource db {\n  provider = \"postgresql\"\n}\n").unwrap();
    std::fs::write(dir.join("models/user.prisma"), "model User {\n  id    Int    @id\n  posts Post[]\n}\n").unwrap();
    std::fs::write(dir.join("models/post.prisma"), "model Post {\n  id     Int  @id\n  user   User @relation(fields: [userId], references: [id])\n  userId Int\n  oops   Nope\n}\n").unwrap();
    std::fs::write(dir.join("migrations/0001_init/migration.sql"), "CREATE TABLE ignored (id int);").unwrap();
    let d = dir.to_str().unwrap();
    let (code, out, err) = run(&["inspect", "--format", "json", d], "");
    assert_eq!(code, 0, "{err}");
    let v = json(&out);
    let names: Vec<&str> = v["tables"].as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Post", "User"], "the .prisma files, in path order; migrations are not part of the schema");
    let diag = v["diagnostics"].as_array().unwrap().iter().find(|x| x["message"].as_str().unwrap().contains("Nope")).unwrap().clone();
    assert_eq!((diag["file"].as_str(), diag["line"].as_u64(), diag["column"].as_u64()), (Some("models/post.prisma"), Some(5), Some(10)));
    let (_, text, _) = run(&["inspect", d], "");
    assert!(text.contains("models/post.prisma:5:10: error:"), "{text}");
    let (_, lint, _) = run(&["lint", d], "");
    assert!(lint.lines().any(|l| l.starts_with(&format!("{d}/models/post.prisma:"))), "{lint}");
    let (_, sarif, _) = run(&["lint", "--format", "sarif", d], "");
    let v = json(&sarif);
    let uris: Vec<String> = v["runs"][0]["results"].as_array().unwrap().iter().map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().to_string()).collect();
    assert!(!uris.is_empty() && uris.iter().all(|u| u.starts_with(&format!("{d}/")) && u.ends_with(".prisma")), "{uris:?}");

    let empty = temp_dir("empty");
    let (code, _, err) = run(&["inspect", empty.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(err.contains("no schema files"), "{err}");
}

#[test]
fn a_mongodb_schema_says_so() {
    let (code, out, _) = run(&["inspect", "--format", "json", "-"], "datasource db {\n  provider = \"mongodb\"\n}\nmodel A {\n  id String @id @map(\"_id\")\n}\n");
    assert_eq!(code, 0);
    let v = json(&out);
    assert!(v["tables"].as_array().unwrap().is_empty());
    assert_eq!(v["diagnostics"][0]["line"], 2);
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("MongoDB is not supported"));
}
