use super::{existing_actions, finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Action;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-concurrent-partition-detach",
    severity: Severity::Warning,
    summary: "DETACH PARTITION without CONCURRENTLY takes ACCESS EXCLUSIVE on the partitioned table",
    why: "A plain DETACH PARTITION locks the parent table (and the partition) against reads and writes. DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+) takes SHARE UPDATE EXCLUSIVE in two transactions instead; it cannot run inside a transaction block nor when the table has a default partition, and FINALIZE completes one that was interrupted.",
    fix: "ALTER TABLE parent DETACH PARTITION child CONCURRENTLY, outside a transaction block.",
    bad: "ALTER TABLE measurements DETACH PARTITION measurements_2024;\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    for (table, a, alone) in existing_actions(c) {
        let Action::DetachPartition { partition, concurrently: false, finalize: false } = a else { continue };
        let fix = (alone && c.opts.pg_version >= 14).then(|| {
            let stmt = format!("ALTER TABLE {} DETACH PARTITION {} CONCURRENTLY;", c.qt(table), c.qt(partition));
            SafeFix::recipe(c, safe::outside_transaction(c, &stmt, true))
        });
        out.push(finding(&META, c, format!("detaching {} takes ACCESS EXCLUSIVE on {} (no reads or writes while it waits and runs)", partition.name, table.name), fix));
    }
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "ALTER TABLE measurements DETACH PARTITION measurements_2024 FINALIZE;"));
        let r = run(BASE, "ALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;", &Default::default());
        assert_eq!(r.statements[0].lock, Some(crate::migrate::LockMode::ShareUpdateExclusive));
        let r = run(BASE, "ALTER TABLE measurements DETACH PARTITION measurements_2024;", &Default::default());
        assert_eq!(r.statements[0].lock, Some(crate::migrate::LockMode::AccessExclusive));
    }
}
