//! `require-statement-timeout`: the first statement that scans or rewrites an existing table
//! while holding a lock runs without `SET statement_timeout`.

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, LockMode, MigrationFinding, MigrationRuleMeta};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "require-statement-timeout",
    severity: Severity::Info,
    dialects: PG,
    summary: "a scanning or rewriting statement that holds a blocking lock with no statement_timeout",
    why: "On a large table the scan or rewrite can run for minutes while the lock blocks the application; a statement_timeout bounds the damage.",
    fix: "SET statement_timeout before the statement (long backfills and VALIDATE belong in separate steps).",
    bad: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    good: "SET lock_timeout = '5s';\nSET statement_timeout = '5min';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.state.statement_timeout || c.state.statement_timeout_reported || !(c.facts.scans || c.facts.rewrites) {
        return;
    }
    let Some(lock) = c.facts.lock else { return };
    if lock > LockMode::Share {
        return; // SHARE UPDATE EXCLUSIVE (VALIDATE, CONCURRENTLY) does not block reads or writes
    }
    let Some(t) = &c.facts.table else { return };
    if c.is_new(t) {
        return;
    }
    let alt = format!("SET statement_timeout = '5min';\n{}", safe::stmt(c.sql));
    let what = if c.facts.rewrites { "rewrites" } else { "scans" };
    out.push(finding(&META, format!("{what} {} under {} with no statement_timeout", t.name, lock.name()), Some(alt)));
}
