use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, LockMode, MigrationFinding, SafeFix};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-statement-timeout",
    severity: Severity::Info,
    summary: "the first statement that scans or rewrites an existing table while holding a lock that blocks writes, with no statement_timeout",
    why: "On a large table the scan or rewrite can run for minutes while its lock blocks the application; a statement_timeout bounds the damage. Statements that only change the catalog hold their lock for milliseconds once they have it (lock_timeout bounds the wait), and scans under SHARE UPDATE EXCLUSIVE (VALIDATE, CONCURRENTLY) do not block reads or writes, so they are not flagged.",
    fix: "SET statement_timeout before the statement (long backfills and VALIDATE belong in separate steps).",
    bad: "SET lock_timeout = '5s';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    good: "SET lock_timeout = '5s';\nSET statement_timeout = '5min';\nALTER TABLE users ADD CONSTRAINT users_email_check CHECK (email <> '');\n",
    ..PG_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.state.statement_timeout || c.state.statement_timeout_reported || !(c.facts.scans || c.facts.rewrites) {
        return;
    }
    let Some(lock) = c.facts.lock.filter(|l| *l <= LockMode::Share) else { return };
    if c.on_new_table() {
        return;
    }
    let on = c.facts.table.as_ref().map(|t| t.name.clone()).or_else(|| c.facts.object.clone()).unwrap_or_else(|| "the table".into());
    let what = if c.facts.rewrites { "rewrites" } else { "scans" };
    // only for the statement as written: a safe version that no longer scans needs none
    let fix = SafeFix { before: vec![safe::STATEMENT_TIMEOUT.into()], only_as_written: true, ..Default::default() };
    // alone in its file (see require-lock-timeout) a SET would join it to the tool's transaction
    let fix = (!c.alone_outside_tool_tx()).then_some(fix);
    out.push(finding(&META, c, format!("{what} {on} under {} with no statement_timeout", lock.name()), fix));
}

rule_tests! {
    fn scans_under_blocking_locks() {
        for m in ["REINDEX TABLE users;", "CLUSTER users;", "ALTER DOMAIN positive_int ADD CONSTRAINT c CHECK (VALUE > 0);", "ALTER TABLE users ADD COLUMN team_id bigint REFERENCES orgs (id);", "CREATE INDEX i ON users (name);", "ALTER TABLE users ALTER COLUMN org_id TYPE text;"] {
            assert!(fires(&META, m), "{m}");
        }
        for m in ["ALTER TABLE users ADD COLUMN a int;", "ALTER TABLE users VALIDATE CONSTRAINT c;", "CREATE INDEX CONCURRENTLY i ON users (name);", "REINDEX TABLE CONCURRENTLY users;"] {
            assert!(!fires(&META, m), "{m}");
        }
    }
}
