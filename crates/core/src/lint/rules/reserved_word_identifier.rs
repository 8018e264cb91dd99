//! `reserved-word-identifier`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "reserved-word-identifier",
    severity: Severity::Warning,
    dialects: ALL_DIALECTS,
    summary: "Identifiers that are reserved words in the dialect (user, order, ...)",
    why: "The name must be quoted in every query (`SELECT * FROM \"user\"`); forgetting it gives confusing syntax errors — or, for `user` in PostgreSQL, silently selects the `current_user` name instead of the table.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags table and column names that are reserved words in the dialect (PostgreSQL's reserved key words, MySQL's reserved words, SQLite's keywords that cannot be used unquoted everywhere): `user`, `order`, `group`, `table`, `check`, `default`, ...",
    fix: "`CREATE TABLE orders (...);`",
    bad: table!("lines", "\"order\" integer NOT NULL"),
    good: table!("lines", "sort_order integer NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    let d = cx.dialect;
    for t in cx.schema.tables.iter().filter(|t| sqltext::is_reserved(d, &t.name)) {
        let message = format!(
            "Table name {} is a reserved word in {}; it must be quoted in every query and is easy to get wrong. Rename it (e.g. {}).",
            t.name,
            d.label(),
            sqltext::plural_word(&t.name.to_lowercase())
        );
        out.push(cx.on_table(&META, t, message));
    }
    for (t, c) in cx.columns().filter(|(_, c)| sqltext::is_reserved(d, &c.name)) {
        let message = format!(
            "Column {} is a reserved word in {}; it must be quoted in every query and is easy to get wrong. Rename it (e.g. {}_{}).",
            cx.col(t, c),
            d.label(),
            t.name.to_lowercase().trim_end_matches('s'),
            c.name.to_lowercase()
        );
        out.push(cx.on_column(&META, t, c, message));
    }
}

rule_tests! {
    fn dialect_specific() {
        fires(&META, "CREATE TABLE \"user\" (id int PRIMARY KEY);", Dialect::Postgres, 1);
        passes(&META, "CREATE TABLE user (id int PRIMARY KEY);", Dialect::Mysql);
        fires(&META, "CREATE TABLE `order` (id int PRIMARY KEY, `key` text);", Dialect::Mysql, 2);
    }
}
