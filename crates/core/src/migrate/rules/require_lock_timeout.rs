//! `require-lock-timeout`: the first statement that locks an existing table runs without
//! `SET lock_timeout` before it.

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, LockMode, MigrationFinding, MigrationRuleMeta};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "require-lock-timeout",
    severity: Severity::Warning,
    dialects: PG,
    summary: "a lock-taking statement with no lock_timeout set before it",
    why: "A statement waiting for its lock (behind one long query) blocks every later query on the table: the whole application queues behind the migration. lock_timeout makes it give up and retry instead.",
    fix: "Start the migration with SET lock_timeout = '5s' (or SET LOCAL inside the transaction) and retry on timeout.",
    bad: "ALTER TABLE users ADD COLUMN nickname text;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.state.lock_timeout || c.state.lock_timeout_reported {
        return;
    }
    let Some(lock) = c.facts.lock else { return };
    if lock > LockMode::ShareUpdateExclusive {
        return; // ROW EXCLUSIVE and weaker: DML
    }
    let Some(t) = &c.facts.table else { return };
    if c.is_new(t) && c.facts.other_locks.is_empty() {
        return;
    }
    let alt = format!("{}\n{}", safe::LOCK_TIMEOUT, safe::stmt(c.sql));
    out.push(finding(&META, format!("takes {} on {} with no lock_timeout: if it waits, every query on the table waits behind it", lock.name(), t.name), Some(alt)));
}
