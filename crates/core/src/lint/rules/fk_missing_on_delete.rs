//! `fk-missing-on-delete`: documented by its [`META`] (what it flags and why: what the linter and
//! its findings show) and its [`DOC`] (details, the fix, examples), which `schemaplay rules` and the
//! app's rule catalogue show.

use super::prelude::*;

pub const META: RuleMeta = RuleMeta {
    id: "fk-missing-on-delete",
    severity: Severity::Info,
    dialects: ALL_DIALECTS,
    summary: "Foreign key with no explicit ON DELETE rule",
    why: "The default (`NO ACTION`) is rarely a decision: deleting the parent then fails while children exist. The seeds ask to decide per relation: `CASCADE` for owned rows (a post's comments), `SET NULL` for optional references (a task's assignee), `RESTRICT` to forbid.",
    ..RuleMeta::SCHEMA
};

/// Its catalogue texts: only the rule catalogue (from the engine worker), `schemaplay rules` and
/// the tests read them, so the page's module does not hold them.
pub const DOC: RuleDoc = RuleDoc {
    details: "Flags a foreign key written without an `ON DELETE` clause.",
    fix: "`assignee_id bigint REFERENCES users (id) ON DELETE SET NULL`",
    bad: posts!("author_id bigint REFERENCES users (id)"),
    good: posts!("author_id bigint REFERENCES users (id) ON DELETE SET NULL"),
    ..META.doc()
};

pub fn check(cx: &Ctx, out: &mut Vec<Finding>) {
    for (t, fk) in cx.foreign_keys().filter(|(_, fk)| !fk.on_delete_explicit) {
        let nullable = fk.columns.iter().all(|c| t.column(c).is_none_or(|c| c.nullable));
        let suggest = if nullable { "ON DELETE SET NULL (optional reference) or CASCADE" } else { "ON DELETE CASCADE (owned rows) or RESTRICT" };
        let (cols, target) = (cx.cols(t, &fk.columns), &fk.ref_table);
        let message = format!("FK {cols} → {target} has no ON DELETE rule; deleting a {} row fails while {} rows point at it. Decide: {suggest}.", target.name, t.name);
        out.push(cx.on_fk(&META, t, fk, message));
    }
}

rule_tests! {
    fn explicit_no_action_is_a_decision() {
        passes(&META, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a (id) ON DELETE NO ACTION);", Dialect::Postgres);
        fires(&META, "CREATE TABLE a (id int PRIMARY KEY);\nCREATE TABLE b (id int PRIMARY KEY, a_id int, FOREIGN KEY (a_id) REFERENCES a (id) ON UPDATE CASCADE);", Dialect::Mysql, 1);
    }
}
