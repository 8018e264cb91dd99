//! `uuid-v4-primary-key`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "uuid-v4-primary-key",
    severity: Severity::Info,
    dialects: &[Dialect::Postgres, Dialect::Mysql],
    summary: "Random (v4) UUID primary-key default; prefer time-ordered UUIDv7",
    why: "Random keys land on random pages of the primary-key B-tree: inserts touch the whole index instead of its right edge, cache hit rates drop and pages split; on MySQL/InnoDB the table itself is clustered on the key. Time-ordered UUIDv7 keeps the benefits of UUIDs with sequential inserts.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a primary-key column whose default generates a random (version 4) UUID: `gen_random_uuid()`, `uuid_generate_v4()` (PostgreSQL) or `UUID()` / `uuid()` (MySQL, which gives v1 — time-based but with the time's low bits first, so just as scattered).",
    fix: "`id uuid PRIMARY KEY DEFAULT uuidv7()` (PostgreSQL 18, or generate v7 in the application / an extension), or a `bigint` identity.",
    bad: table_with!("documents"; "id uuid PRIMARY KEY DEFAULT gen_random_uuid()", "title text NOT NULL"),
    good: table_with!("documents"; "id uuid PRIMARY KEY DEFAULT uuidv7()", "title text NOT NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in &cx.schema.tables {
        let Some(pk) = &t.primary_key else { continue };
        for c in pk.columns.iter().filter_map(|name| t.column(name)) {
            let Some(default) = &c.default else { continue };
            let d = default.to_ascii_lowercase();
            if !(d.contains("gen_random_uuid") || d.contains("uuid_generate_v4") || d.trim_matches(|c| c == '(' || c == ')') == "uuid") {
                continue;
            }
            let message = format!(
                "{} defaults to a random UUID ({default}); random keys insert into random index pages, causing page splits and poor cache locality. Default to a time-ordered UUIDv7 instead.",
                cx.col(t, c)
            );
            out.push(cx.on_column(&META, t, c, message));
        }
    }
}

rule_tests! {
    fn v4_defaults() {
        fires(&META, "CREATE TABLE a (id uuid DEFAULT uuid_generate_v4() PRIMARY KEY);", Dialect::Postgres, 1);
        passes(&META, "CREATE TABLE a (id uuid PRIMARY KEY, other uuid DEFAULT gen_random_uuid());", Dialect::Postgres);
    }
}
