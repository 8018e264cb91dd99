//! `rls-without-policy`: documented by its [`META`] (what it flags, why, the fix, examples), which
//! `schemaplay rules` and the app's rule catalogue show.

use super::prelude::*;

pub const META: RuleDoc = RuleDoc {
    id: "rls-without-policy",
    severity: Severity::Error,
    dialects: POSTGRES,
    details: "Flags a table with row level security enabled and no policy.",
    summary: "Row level security enabled and no policy on the table",
    why: "With RLS enabled and no policy PostgreSQL denies every row to every role that does not bypass RLS: the application sees an empty table (or cannot insert) while the owner, which bypasses RLS unless it is forced, sees everything — so it works in development and breaks in production.",
    fix: "Create the policy next to the ENABLE statement: `CREATE POLICY tenant_isolation ON projects USING (org_id = current_setting('app.current_org_id')::uuid);`",
    bad: notes!(no_policy),
    good: notes!(),
    ..RuleDoc::SCHEMA
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
