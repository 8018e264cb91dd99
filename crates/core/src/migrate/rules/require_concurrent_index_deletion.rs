//! `require-concurrent-index-deletion`: DROP INDEX without CONCURRENTLY.

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "require-concurrent-index-deletion",
    severity: Severity::Warning,
    dialects: PG,
    summary: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table",
    why: "A plain DROP INDEX locks the table against reads and writes; if it waits behind a long query, everything queues behind it.",
    fix: "DROP INDEX CONCURRENTLY (one index per statement, outside a transaction).",
    bad: "DROP INDEX users_email_idx;\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::DropIndex { names, concurrently: false, table: None, .. } = c.op else { return };
    let old: Vec<_> = names.iter().filter(|n| !c.state.created_indexes.contains(&n.name.to_ascii_lowercase())).collect();
    if old.is_empty() || c.facts.table.as_ref().is_some_and(|t| c.is_new(t)) {
        return;
    }
    let alt = old.iter().map(|n| format!("DROP INDEX CONCURRENTLY IF EXISTS {};", c.qt(n))).collect::<Vec<_>>().join("\n");
    let list = old.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(", ");
    out.push(finding(&META, format!("DROP INDEX {list} takes ACCESS EXCLUSIVE on its table"), Some(format!("-- outside a transaction:\n{alt}"))));
}
