use super::{finding, ALL_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-drop-database",
    severity: Severity::Error,
    summary: "DROP DATABASE in a migration",
    why: "A migration that drops a database deletes every table and row in it; it is almost never meant to run against production.",
    fix: "Drop databases by hand, outside the migration history.",
    bad: "DROP DATABASE app;\n",
    good: "CREATE TABLE notes (id bigint PRIMARY KEY);\n",
    ..ALL_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if let Op::DropDatabase { name } = c.op {
        out.push(finding(&META, c, format!("DROP DATABASE {name} deletes all its data"), None));
    }
}

rule_tests! {
    examples_without_fix;

    fn if_exists() {
        assert!(fires(&META, "DROP DATABASE IF EXISTS app;"));
    }
}
