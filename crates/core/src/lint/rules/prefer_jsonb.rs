//! `prefer-jsonb`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "prefer-jsonb",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "json instead of jsonb in PostgreSQL",
    why: "`json` stores the text as given and re-parses it on every access; it has no equality operator (so no `DISTINCT`, `GROUP BY` or unique index on it) and cannot use GIN indexes. `jsonb` is stored parsed, supports containment (`@>`) with GIN indexes and is faster to query. Keep `json` only when the exact text (key order, duplicates) matters.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags `json` columns in PostgreSQL.",
    fix: "`metadata jsonb`.",
    bad: table!("events", "payload json NOT NULL"),
    good: table!("events", "payload jsonb NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.retype_columns(&META, out, |t, c| {
        if c.data_type.kind != (TypeKind::Json { binary: false }) {
            return None;
        }
        Some(("jsonb".to_string(), format!("{} is json; it is re-parsed on every access and cannot be compared or GIN-indexed. Use jsonb.", cx.col(t, c))))
    });
}

rule_tests! {
    fn only_postgres_json() {
        passes(&META, "CREATE TABLE e (id int PRIMARY KEY, p json);", Dialect::Mysql);
        passes(&META, "CREATE TABLE e (id int PRIMARY KEY, p jsonb);", Dialect::Postgres);
    }
}
