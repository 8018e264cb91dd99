//! `require-concurrent-index-creation`: CREATE INDEX without CONCURRENTLY on an existing table.

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "require-concurrent-index-creation",
    severity: Severity::Warning,
    dialects: PG,
    summary: "CREATE INDEX without CONCURRENTLY blocks writes to an existing table",
    why: "A plain CREATE INDEX holds SHARE on the table for the whole build: INSERT/UPDATE/DELETE wait until it finishes.",
    fix: "CREATE INDEX CONCURRENTLY (SHARE UPDATE EXCLUSIVE: writes continue), outside a transaction.",
    bad: "CREATE INDEX users_name_idx ON users (name);\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::CreateIndex { table, concurrently: false, .. } = c.op else { return };
    if c.is_new(table) {
        return;
    }
    let alt = safe::insert_after(c.sql, "INDEX", "CONCURRENTLY").map(|s| format!("-- outside a transaction (a migration marked non-transactional):\n{}", safe::stmt(&s)));
    out.push(finding(&META, format!("CREATE INDEX on {} holds SHARE (blocks writes) for the whole build", table.name), alt));
}
