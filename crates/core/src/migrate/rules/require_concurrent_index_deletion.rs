use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-concurrent-index-deletion",
    severity: Severity::Warning,
    summary: "DROP INDEX without CONCURRENTLY takes ACCESS EXCLUSIVE on the table",
    why: "A plain DROP INDEX locks the table against reads and writes; if it waits behind a long query, everything queues behind it.",
    fix: "DROP INDEX CONCURRENTLY IF EXISTS (one index per statement, outside a transaction block).",
    bad: "DROP INDEX users_email_idx;\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY IF EXISTS users_email_idx;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::DropIndex { names, concurrently: false, table: None, .. } = c.op else { return };
    let old: Vec<_> = names.iter().filter(|n| !c.state.created_indexes.contains(&n.name.to_ascii_lowercase())).collect();
    if old.is_empty() || c.on_new_table() {
        return;
    }
    let drops = old.iter().map(|n| format!("DROP INDEX CONCURRENTLY IF EXISTS {};", c.qt(n))).collect::<Vec<_>>().join("\n");
    let fix = (old.len() == names.len()).then(|| SafeFix::recipe(c, safe::outside_transaction(c, &drops, old.len() == 1)));
    let list = old.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join(", ");
    out.push(finding(&META, c, format!("DROP INDEX {list} takes ACCESS EXCLUSIVE on its table"), fix));
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "CREATE INDEX CONCURRENTLY i ON users (name);\nDROP INDEX i;"));
        assert!(fires(&META, "DROP INDEX unknown_idx;"));
        assert!(!fires(&META, "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;"));
    }
}
