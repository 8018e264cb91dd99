//! `ban-concurrent-index-creation-in-transaction`: CREATE/DROP INDEX CONCURRENTLY inside a
//! transaction (PostgreSQL rejects it).

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "ban-concurrent-index-creation-in-transaction",
    severity: Severity::Error,
    dialects: PG,
    summary: "CREATE/DROP INDEX CONCURRENTLY inside a transaction fails",
    why: "CONCURRENTLY cannot run inside a transaction block; migration tools wrap each migration in one, so the migration errors out.",
    fix: "Put the statement in its own migration that runs outside a transaction (e.g. `-- morph:nontransactional`, Rails `disable_ddl_transaction!`, golang-migrate without BEGIN).",
    bad: "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\nALTER TABLE users ADD COLUMN nickname text;\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let concurrent = matches!(c.op, Op::CreateIndex { concurrently: true, .. } | Op::DropIndex { concurrently: true, .. } | Op::Reindex { concurrently: true, .. });
    // A file holding nothing but this statement (and SETs) is written to run on its own, outside
    // a transaction (squawk makes the same exception): not flagged unless an explicit BEGIN wraps it.
    if !concurrent || !c.in_transaction || c.sole_statement {
        return;
    }
    let alt = format!("-- a separate migration that runs outside a transaction:\n{}", safe::stmt(c.sql));
    out.push(finding(&META, "CONCURRENTLY cannot run inside a transaction (the migration runs in one)".into(), Some(alt)));
}
