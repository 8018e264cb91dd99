//! `naming-snake-case`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "naming-snake-case",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Table or column names that are not snake_case",
    why: "PostgreSQL folds unquoted names to lower case, so a mixed-case name must be quoted in every query forever (`\"createdAt\"`); MySQL table-name case sensitivity depends on the server's file system. One convention keeps hand-written SQL and generated code predictable.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags table and column names that are not lower-case `snake_case` (`[a-z][a-z0-9_]*`): `UserAccounts`, `createdAt`, `first-name`. One finding for the table name and one for all of a table's offending columns (at the first of them).",
    fix: "`CREATE TABLE user_accounts (created_at timestamptz);` — ORMs map `createdAt` ↔ `created_at` (Prisma `@map`, Drizzle `casing: 'snake_case'`).",
    bad: table!("projects", "\"displayName\" text NOT NULL"),
    good: table!("projects", "display_name text NOT NULL"),
    ..META.doc()
};

pub fn is_snake(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_lowercase() || c == '_') && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn snake(name: &str) -> String {
    sqltext::snake(name).into_owned()
}

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        if !is_snake(&t.name) {
            let message = format!("Table name {} is not snake_case; mixed-case names need quoting in every query. Rename it to {}.", t.name, snake(&t.name));
            out.push(cx.on_table(&META, t, message));
        }
        // one finding per table for its columns (a PascalCase schema would otherwise report
        // every column), pointing at the first offending column
        let bad: Vec<&Column> = t.columns.iter().filter(|c| !is_snake(&c.name)).collect();
        let Some(first) = bad.first() else { continue };
        let shown: Vec<String> = bad.iter().take(4).map(|c| format!("{} → {}", c.name, snake(&c.name))).collect();
        let more = if bad.len() > 4 { format!(" and {} more", bad.len() - 4) } else { String::new() };
        let (s, are) = if bad.len() == 1 { ("", "is") } else { ("s", "are") };
        let message = format!(
            "{} column{s} of {} {are} not snake_case ({}{more}); mixed-case names need quoting in every query. Rename them and map the names in the ORM.",
            bad.len(),
            cx.label(t),
            shown.join(", ")
        );
        out.push(cx.on_column(&META, t, first, message));
    }
}

rule_tests! {
    fn one_finding_per_table_for_columns() {
        let f = fires(&META, "CREATE TABLE `Album` (`AlbumId` int PRIMARY KEY, `Title` text, artist_id int);", Dialect::Mysql, 2);
        assert!(f[1].message.starts_with("2 columns of Album are not snake_case (AlbumId → album_id, Title → title)"), "{}", f[1].message);
    }
}
