//! `prefer-text-field`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "prefer-text-field",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "varchar(n) in PostgreSQL",
    why: "In PostgreSQL `text` and `varchar` are the same type underneath with the same performance; the length limit is an arbitrary business rule baked into the type, and raising it later is a DDL change (lowering it rewrites the table). Where a limit matters, a `CHECK (char_length(x) <= n)` says so and is cheap to change.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags `varchar(n)` / `character varying(n)` columns in PostgreSQL.",
    fix: "`name text NOT NULL` (plus a CHECK if the limit is a real rule).",
    bad: table!("projects", "name varchar(200) NOT NULL"),
    good: table!("projects", "name text NOT NULL CHECK (char_length(name) <= 200)"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    cx.retype_columns(&META, out, |t, c| {
        let TypeKind::VarChar { length: Some(n) } = c.data_type.kind else { return None };
        let message = format!(
            "{} is {}; in PostgreSQL text performs the same and the limit of {n} takes DDL to change. Use text (with CHECK (char_length({}) <= {n}) if the limit is a rule).",
            cx.col(t, c),
            c.data_type.spelling,
            c.name
        );
        Some(("text".to_string(), message))
    });
}

rule_tests! {
    fn unbounded_varchar_passes() {
        passes(&META, "CREATE TABLE p (id int PRIMARY KEY, a varchar, b character varying);", Dialect::Postgres);
        let sql = "CREATE TABLE p (id int PRIMARY KEY, a character varying(20)[]);";
        let f = fires(&META, sql, Dialect::Postgres, 1);
        assert!(f[0].fix.as_ref().unwrap().apply(sql).contains("a text[]"));
    }
}
