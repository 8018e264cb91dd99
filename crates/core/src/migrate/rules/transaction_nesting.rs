//! `transaction-nesting`: BEGIN/COMMIT inside a migration that the tool already runs in a
//! transaction (or BEGIN inside BEGIN).

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "transaction-nesting",
    severity: Severity::Warning,
    dialects: PG,
    summary: "BEGIN or COMMIT inside a migration that already runs in a transaction",
    why: "PostgreSQL has no nested transactions: BEGIN only warns, and COMMIT ends the tool's transaction early, so the rest of the migration runs outside it and a failure leaves it half-applied.",
    fix: "Drop the BEGIN/COMMIT (the tool provides the transaction), or mark the migration non-transactional.",
    bad: "BEGIN;\nALTER TABLE users ALTER COLUMN name SET DEFAULT '';\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN name SET DEFAULT '';\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    match c.op {
        Op::Begin if c.in_transaction => {
            out.push(finding(&META, "BEGIN inside a transaction: the migration already runs in one".into(), Some("-- remove the BEGIN; the migration tool's transaction covers the file".into())));
        }
        Op::Commit | Op::Rollback if c.in_transaction && !c.state.explicit_tx => {
            out.push(finding(&META, "COMMIT/ROLLBACK ends the migration tool's transaction early".into(), Some("-- remove the COMMIT; the migration tool commits at the end".into())));
        }
        _ => {}
    }
}
