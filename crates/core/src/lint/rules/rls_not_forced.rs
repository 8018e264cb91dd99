//! `rls-not-forced`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "rls-not-forced",
    severity: Severity::Info,
    dialects: POSTGRES,
    summary: "Row level security enabled without FORCE ROW LEVEL SECURITY",
    why: "Without `FORCE ROW LEVEL SECURITY` the table's owner bypasses every policy. Many applications connect as the role that ran the migrations (the owner), so the policies the schema declares never apply to them. The seeds: \"Force RLS even for table owners\".",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a table with row level security enabled but not forced.",
    fix: "`ALTER TABLE projects ENABLE ROW LEVEL SECURITY; ALTER TABLE projects FORCE ROW LEVEL SECURITY;`",
    bad: notes!(not_forced),
    good: notes!(),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for t in cx.schema.tables.iter().filter(|t| t.rls_enabled && !t.rls_forced) {
        let at = cx.after_table(t, &t.policies.iter().map(|p| p.span).collect::<Vec<_>>());
        let message = format!(
            "Table {} has row level security enabled but not forced; its owner bypasses every policy, and applications often connect as the owner. Add ALTER TABLE {} FORCE ROW LEVEL SECURITY.",
            cx.label(t),
            t.name
        );
        let fix = Edit::insert(at, format!("\nALTER TABLE {} FORCE ROW LEVEL SECURITY;", cx.sql_name(t)));
        out.push(cx.on_table(&META, t, message).fix(format!("Force row level security on {}", t.name), vec![fix]));
    }
}

rule_tests! {}
