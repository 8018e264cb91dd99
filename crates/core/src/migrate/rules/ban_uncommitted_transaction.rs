use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-uncommitted-transaction",
    severity: Severity::Warning,
    summary: "a BEGIN whose transaction the migration never commits or rolls back",
    why: "The migration seems to run, but its work stays in an open transaction that is rolled back when the session ends: nothing is applied. (When the migration tool runs the file in its own transaction, the tool's COMMIT ends it, and this is not flagged.)",
    fix: "COMMIT (or ROLLBACK) the transaction at the end of the migration.",
    bad: "BEGIN;\nCREATE TABLE notes (id bigint PRIMARY KEY);\n",
    good: "BEGIN;\nCREATE TABLE notes (id bigint PRIMARY KEY);\nCOMMIT;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if !c.last {
        return;
    }
    let s = c.state;
    // the transaction still open after this, the last statement — one the tool does not commit
    let open = !s.tool_wraps
        && match c.op {
            Op::Begin => true,
            Op::Commit { chain } | Op::Rollback { chain } => *chain,
            _ => s.explicit_tx,
        };
    if !open {
        return;
    }
    let begun = if matches!(c.op, Op::Begin) { "here".to_string() } else { format!("at line {}", s.begin_line) };
    let fix = SafeFix::plain(format!("{}\nCOMMIT;", safe::stmt(c.sql)));
    out.push(finding(&META, c, format!("the transaction begun {begun} is never committed: nothing of it is applied"), Some(fix)));
}

rule_tests! {
    examples_in(&[no_tx()]);

    fn cases() {
        assert_eq!(count_no_tx(&META, "BEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\nBEGIN;\nCREATE TABLE b (id int);"), 1);
        assert_eq!(count_no_tx(&META, "START TRANSACTION;\nCREATE TABLE a (id int);"), 1);
        assert_eq!(count_no_tx(&META, "BEGIN WORK;\nCREATE TABLE a (id int);"), 1);
        assert_eq!(count_no_tx(&META, "BEGIN;\nCREATE TABLE a (id int);\nROLLBACK;"), 0);
        assert_eq!(count_no_tx(&META, "BEGIN;\nBEGIN;\nCOMMIT;"), 0);
        assert_eq!(count_no_tx(&META, "CREATE TABLE a (id int);"), 0);
        // the tool's COMMIT ends it
        assert_eq!(count(&META, "BEGIN;\nCREATE TABLE a (id int);", &CheckOptions::default()), 0);
    }
}
