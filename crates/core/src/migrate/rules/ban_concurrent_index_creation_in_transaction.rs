use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::replay::needs_no_transaction;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "ban-concurrent-index-creation-in-transaction",
    severity: Severity::Error,
    summary: "CREATE INDEX CONCURRENTLY (or DROP INDEX / REINDEX / DETACH PARTITION ... CONCURRENTLY) inside a transaction fails",
    why: "CONCURRENTLY cannot run inside a transaction block. Migration tools run each migration in one, so the migration errors out — unless the statement is alone in its file (tools that send the file as one script then run it on its own, and it is not flagged; a SET beside it makes the script one implicit transaction again).",
    fix: "Run it outside the transaction: in a migration of its own (dbmate `transaction:false`, sqlx `-- no-transaction`, Rails `disable_ddl_transaction!`, ...), or end the migration's transaction around it (COMMIT; ... BEGIN;).",
    bad: "ALTER TABLE users ADD COLUMN nickname text;\nCREATE INDEX CONCURRENTLY users_nickname_idx ON users (nickname);\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if !needs_no_transaction(c.op) || !c.in_transaction {
        return;
    }
    let fix = SafeFix::plain(safe::outside_transaction(c, &safe::stmt(c.sql), true));
    out.push(finding(&META, c, "CONCURRENTLY cannot run inside a transaction block (the migration runs in one)".into(), Some(fix)));
}

rule_tests! {
    examples_in_tool_transaction;

    fn transactions() {
        let m = "CREATE INDEX CONCURRENTLY i ON users (email);";
        let tx = CheckOptions::default();
        let no_tx = no_tx();
        // alone in its file: written to run outside a transaction
        assert_eq!(count(&META, m, &tx), 0);
        // not with a SET beside it: one script is one implicit transaction (PostgreSQL refuses it)
        assert_eq!(count(&META, &format!("SET lock_timeout = '1s';\n{m}"), &tx), 1);
        assert_eq!(count(&META, &format!("{m}\nALTER TABLE users ADD COLUMN x int;"), &tx), 1);
        assert_eq!(count(&META, &format!("BEGIN;\n{m}\nCOMMIT;"), &no_tx), 1);
        // after an explicit COMMIT the tool's transaction is over
        assert_eq!(count(&META, &format!("COMMIT;\n{m}\nBEGIN;\nALTER TABLE users ADD COLUMN x int;"), &tx), 0);
        for d in ["-- squawk-disable-assume-in-transaction", "-- morph:nontransactional"] {
            assert_eq!(count(&META, &format!("{d}\n{m}\nALTER TABLE users ADD COLUMN x int;"), &tx), 0, "{d}");
        }
        for other in ["DROP INDEX CONCURRENTLY users_email_idx;", "REINDEX INDEX CONCURRENTLY users_email_idx;", "ALTER TABLE measurements DETACH PARTITION measurements_2024 CONCURRENTLY;"] {
            assert_eq!(count(&META, &format!("ALTER TABLE users ADD COLUMN x int;\n{other}"), &tx), 1, "{other}");
        }
    }
}
