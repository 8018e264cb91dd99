use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Op, ReindexTarget};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-concurrent-reindex",
    severity: Severity::Warning,
    summary: "REINDEX without CONCURRENTLY blocks writes to the table (and reads that use the index)",
    why: "A plain REINDEX holds SHARE on the table (INSERT/UPDATE/DELETE wait) and ACCESS EXCLUSIVE on each index it rebuilds (queries using it wait) for the whole rebuild. REINDEX (CONCURRENTLY false) is the same. REINDEX SYSTEM cannot be concurrent and is not flagged.",
    fix: "REINDEX ... CONCURRENTLY (PostgreSQL 12+; SHARE UPDATE EXCLUSIVE: reads and writes continue), outside a transaction block.",
    bad: "REINDEX INDEX users_email_idx;\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nREINDEX INDEX CONCURRENTLY users_email_idx;\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::Reindex { target, name, concurrently: false } = c.op else { return };
    if *target == ReindexTarget::System || c.on_new_table() {
        return;
    }
    let what = format!("{target:?}").to_ascii_uppercase();
    let fix = (c.opts.pg_version >= 12).then_some(()).and(name.as_ref()).map(|n| {
        let stmt = format!("REINDEX {what} CONCURRENTLY {};", c.qt(n));
        SafeFix::recipe(c, safe::outside_transaction(c, &stmt, true))
    });
    let on = name.as_ref().map(|n| format!(" {}", n.name)).unwrap_or_default();
    out.push(finding(&META, c, format!("REINDEX {what}{on} blocks writes (SHARE) and reads through the index (ACCESS EXCLUSIVE) while it rebuilds"), fix));
}

rule_tests! {
    fn cases() {
        for m in ["REINDEX TABLE users;", "REINDEX SCHEMA public;", "REINDEX DATABASE app;", "REINDEX (CONCURRENTLY false) INDEX users_email_idx;", "REINDEX (VERBOSE) TABLE users;"] {
            assert!(fires(&META, m), "{m}");
        }
        for m in ["REINDEX TABLE CONCURRENTLY users;", "REINDEX (CONCURRENTLY) TABLE users;", "REINDEX (CONCURRENTLY true) INDEX users_email_idx;", "REINDEX SYSTEM app;"] {
            assert!(!fires(&META, m), "{m}");
        }
    }
}
