use super::{existing_actions, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding};
use crate::parse::ops::Action;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-drop-not-null",
    severity: Severity::Warning,
    summary: "DROP NOT NULL lets NULLs into a column the running code assumes is never NULL",
    why: "The change itself is instant, but code deployed before it (and readers such as reports or other services) may not handle NULL in that column.",
    fix: "Make every reader NULL-safe before dropping the constraint.",
    bad: "ALTER TABLE events ALTER COLUMN id DROP NOT NULL;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email SET DEFAULT '';\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, _) in existing_actions(c) {
        let Action::DropNotNull { column } = a else { continue };
        if c.is_new_column(table, column) {
            continue;
        }
        out.push(finding(&META, c, format!("{}.{column} may now be NULL; code that assumes it is not will break", table.name), None));
    }
}

rule_tests! {
    examples_without_fix;

    fn a_column_added_in_this_migration() {
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN n int NOT NULL DEFAULT 0;\nALTER TABLE users ALTER COLUMN n DROP NOT NULL;"));
    }
}
