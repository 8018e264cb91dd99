//! `schemaplay generate` from the outside: the naming options (--prisma-names, --drizzle-keys), their
//! defaults and their usage errors.

mod common;
use common::run;

const SQL: &str = "CREATE TABLE user_accounts (id int PRIMARY KEY, created_at timestamptz NOT NULL, \"Display Name\" text);
CREATE TABLE posts (id int PRIMARY KEY, author_id int REFERENCES user_accounts(id));
";

#[test]
fn prisma_names_pascal_is_the_default_and_keep_keeps_table_and_column_names() {
    let (code, default, _) = run(&["generate", "--target", "prisma", "-"], SQL);
    assert_eq!(code, 0);
    let (_, pascal, _) = run(&["generate", "--target", "prisma", "--prisma-names", "pascal", "-"], SQL);
    assert_eq!(default, pascal);
    assert!(pascal.contains("model UserAccount {"), "{pascal}");
    assert!(pascal.contains("@@map(\"user_accounts\")"), "{pascal}");
    assert!(pascal.contains("@map(\"created_at\")"), "{pascal}");

    let (code, keep, err) = run(&["generate", "--target", "prisma", "--prisma-names", "keep", "-"], SQL);
    assert_eq!(code, 0, "{err}");
    assert!(keep.contains("model user_accounts {"), "{keep}");
    assert!(keep.contains("model posts {"), "{keep}");
    assert!(keep.contains("  created_at "), "{keep}");
    assert!(keep.contains("  author_id "), "{keep}");
    assert!(!keep.contains("@@map(\"user_accounts\")") && !keep.contains("@map(\"created_at\")"), "{keep}");
    // a column Prisma cannot name as it is still gets a safe name and @map
    assert!(keep.contains("@map(\"Display Name\")"), "{keep}");
}

#[test]
fn drizzle_keys_camel_is_the_default_and_column_uses_the_column_names() {
    let (_, default, _) = run(&["generate", "--target", "drizzle", "-"], SQL);
    let (_, camel, _) = run(&["generate", "--target", "drizzle", "--drizzle-keys", "camel", "-"], SQL);
    assert_eq!(default, camel);
    assert!(camel.contains("createdAt: timestamp(\"created_at\""), "{camel}");
    let (code, col, err) = run(&["generate", "--target", "drizzle", "--drizzle-keys", "column", "-"], SQL);
    assert_eq!(code, 0, "{err}");
    assert!(col.contains("created_at: timestamp(\"created_at\""), "{col}");
    assert!(col.contains("author_id: integer(\"author_id\")"), "{col}");
    assert!(!col.contains("createdAt"), "{col}");
}

#[test]
fn naming_option_usage_errors() {
    let (code, _, err) = run(&["generate", "--target", "prisma", "--prisma-names", "snake", "-"], SQL);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--prisma-names"), "{err}");
    let (code, _, err) = run(&["generate", "--target", "drizzle", "--drizzle-keys", "pascal", "-"], SQL);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--drizzle-keys"), "{err}");
    let (code, _, err) = run(&["generate", "--target", "sql", "--prisma-names", "keep", "-"], SQL);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only applies to --target prisma"), "{err}");
    let (code, _, err) = run(&["generate", "--target", "prisma", "--drizzle-keys", "column", "-"], SQL);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("only applies to --target drizzle"), "{err}");
}
