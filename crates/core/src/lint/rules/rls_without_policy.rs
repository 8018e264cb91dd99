//! `rls-without-policy`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "rls-without-policy",
    severity: Severity::Error,
    dialects: POSTGRES,
    summary: "Row level security enabled and no policy on the table",
    why: "With RLS enabled and no policy PostgreSQL denies every row to every role that does not bypass RLS: the application sees an empty table (or cannot insert) while the owner, which bypasses RLS unless it is forced, sees everything — so it works in development and breaks in production.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table with row level security enabled and no policy.",
    fix: "Create the policy next to the ENABLE statement: `CREATE POLICY tenant_isolation ON projects USING (org_id = current_setting('app.current_org_id')::uuid);`",
    bad: notes!(no_policy),
    good: notes!(),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in cx.schema.tables.iter().filter(|t| t.rls_enabled && t.policies.is_empty()) {
        let message = format!(
            "Table {} has row level security enabled but no policy; every role without BYPASSRLS sees no rows and cannot write. Create a policy on {}.",
            cx.label(t),
            t.name
        );
        out.push(cx.on_table(&META, t, message));
    }
}

rule_tests! {}
