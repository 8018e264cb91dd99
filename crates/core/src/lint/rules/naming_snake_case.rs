//! # `naming-snake-case` (info; all dialects)
//!
//! **What it does.** Flags table and column names that are not lower-case `snake_case`
//! (`[a-z][a-z0-9_]*`): `UserAccounts`, `createdAt`, `first-name`.
//!
//! **Why.** PostgreSQL folds unquoted names to lower case, so a mixed-case name must be quoted
//! in every query forever (`"createdAt"`); MySQL table-name case sensitivity depends on the
//! server's file system. One convention keeps hand-written SQL and generated code predictable.
//!
//! **Example.**
//! ```sql
//! CREATE TABLE "UserAccounts" ("createdAt" timestamptz);
//! ```
//!
//! **Use instead.** `CREATE TABLE user_accounts (created_at timestamptz);` — ORMs map
//! `createdAt` ↔ `created_at` (Prisma `@map`, Drizzle `casing: 'snake_case'`).

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "naming-snake-case",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Table or column names that are not snake_case",
    why: "Mixed-case names must be quoted in every PostgreSQL query, MySQL table-name case depends on the file system, and one convention keeps SQL and generated code predictable.",
    fix: "Rename to lower-case snake_case and map names in the ORM.",
    bad: concat!("CREATE TABLE projects (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    \"displayName\" text NOT NULL,\n", ts!(), ");\n", trig!("projects")),
    good: concat!("CREATE TABLE projects (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    display_name text NOT NULL,\n", ts!(), ");\n", trig!("projects")),
};

pub fn is_snake(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_') && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn snake(name: &str) -> String {
    sql::words(name).join("_")
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if !is_snake(&t.name) {
            out.push(
                Finding::new(
                    &META,
                    t.span,
                    format!(
                        "Table name {} is not snake_case; mixed-case names need quoting in every query. Rename it to {}.",
                        t.name,
                        snake(&t.name)
                    ),
                )
                .table(cx.label(t)),
            );
        }
        for c in &t.columns {
            if is_snake(&c.name) {
                continue;
            }
            out.push(
                Finding::new(
                    &META,
                    c.span,
                    format!(
                        "Column {}.{} is not snake_case; mixed-case names need quoting in every query. Rename it to {} (and map it in the ORM).",
                        cx.label(t),
                        c.name,
                        snake(&c.name)
                    ),
                )
                .table(cx.label(t))
                .column(c.name.clone()),
            );
        }
    }
}
