use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "transaction-nesting",
    severity: Severity::Warning,
    summary: "BEGIN inside a transaction, COMMIT / ROLLBACK of the migration tool's transaction, or one with no transaction open",
    why: "PostgreSQL has no nested transactions: BEGIN inside one only warns, COMMIT ends the migration tool's transaction early (the rest runs outside it, and a failure leaves the migration half-applied), and COMMIT with no transaction open only warns. The one deliberate split — `COMMIT;` then `BEGIN;` right after it, or around statements that cannot run in a transaction (CREATE INDEX CONCURRENTLY) — is not flagged: the safe alternatives use it to leave the transaction for a step.",
    fix: "Drop the BEGIN / COMMIT (the tool provides the transaction), put each transaction in a migration of its own, or mark the migration as not run in a transaction.",
    bad: "BEGIN;\nALTER TABLE users ALTER COLUMN name SET DEFAULT '';\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN name SET DEFAULT '';\n",
    ..PG_RULE
};

/// The statement removed.
fn drop_it(what: &str) -> Option<SafeFix> {
    Some(SafeFix::plain(format!("-- {what}")))
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.split {
        return;
    }
    let s = c.state;
    match c.op {
        Op::Begin if s.tool_tx && !s.explicit_tx => {
            out.push(finding(&META, c, "BEGIN inside the migration tool's transaction (PostgreSQL has no nested transactions)".into(), drop_it("BEGIN removed: the migration tool's transaction covers the file")));
        }
        Op::Begin if s.explicit_tx => {
            out.push(finding(&META, c, format!("BEGIN inside the transaction begun at line {} (PostgreSQL has no nested transactions)", s.begin_line), drop_it("BEGIN removed: a transaction is already open")));
        }
        Op::Commit { .. } | Op::Rollback { .. } if s.tool_tx && !s.explicit_tx => {
            out.push(finding(&META, c, "COMMIT/ROLLBACK ends the migration tool's transaction early: the rest of the migration runs outside it".into(), drop_it("COMMIT removed: the migration tool commits at the end")));
        }
        Op::Commit { .. } | Op::Rollback { .. } if !s.in_tx => {
            out.push(finding(&META, c, "COMMIT/ROLLBACK with no transaction open".into(), drop_it("COMMIT removed: no transaction is open here")));
        }
        _ => {}
    }
}

rule_tests! {
    examples_in_tool_transaction;

    fn nesting() {
        let tx = CheckOptions::default();
        let no_tx = no_tx();
        assert_eq!(count(&META, "BEGIN;\nBEGIN;\nSELECT 1;\nCOMMIT;", &no_tx), 1);
        assert_eq!(count(&META, "BEGIN;\nSELECT 1;\nCOMMIT;\nCOMMIT;", &no_tx), 1);
        assert_eq!(count(&META, "SELECT 1;\nCOMMIT;", &tx), 1);
        assert_eq!(count(&META, "SELECT 1;\nROLLBACK;", &tx), 1);
        assert_eq!(count(&META, "BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;", &no_tx), 0);
        assert_eq!(count(&META, "-- squawk-disable-assume-in-transaction\nBEGIN;\nSELECT 1;\nCOMMIT;", &tx), 0);
        // the deliberate splits
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nBEGIN;\nALTER TABLE users ADD COLUMN b int;", &tx), 0);
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nCREATE INDEX CONCURRENTLY i ON users (a);\nBEGIN;\nALTER TABLE users ADD COLUMN b int;", &tx), 0);
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nALTER TABLE users ADD COLUMN b int;\nBEGIN;", &tx), 1);
    }
}
