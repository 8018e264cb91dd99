use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::Op;
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "require-concurrent-index-creation",
    severity: Severity::Warning,
    summary: "CREATE INDEX without CONCURRENTLY blocks writes to an existing table",
    why: "A plain CREATE INDEX holds SHARE on the table for the whole build: INSERT/UPDATE/DELETE wait until it finishes.",
    fix: "CREATE INDEX CONCURRENTLY IF NOT EXISTS (SHARE UPDATE EXCLUSIVE: writes continue), outside a transaction block.",
    bad: "CREATE INDEX users_name_idx ON users (name);\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    ..PG_RULE
};

/// `CREATE INDEX` made `CREATE INDEX CONCURRENTLY [IF NOT EXISTS]` (a name is needed for IF NOT EXISTS).
pub fn concurrent_create(sql: &str, named: bool, if_not_exists: bool) -> Option<String> {
    let with = safe::insert_after(sql, "INDEX", "CONCURRENTLY")?;
    let with = if named && !if_not_exists { safe::insert_after(&with, "CONCURRENTLY", "IF NOT EXISTS")? } else { with };
    Some(safe::stmt(&with))
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Op::CreateIndex { table, concurrently: false, name, if_not_exists, .. } = c.op else { return };
    if c.is_new(table) {
        return;
    }
    let fix = concurrent_create(c.sql, name.is_some(), *if_not_exists).map(|s| SafeFix::recipe(c, safe::outside_transaction(c, &s, true)));
    out.push(finding(&META, c, format!("CREATE INDEX on {} holds SHARE (blocks writes) for the whole build", table.name), fix));
}

rule_tests! {
    fn cases() {
        assert!(!fires(&META, "CREATE TABLE t (a int);\nCREATE INDEX t_a ON t (a);"));
        assert!(fires(&META, "CREATE TABLE other.users (a int);\nCREATE INDEX i ON users (name);"));
        // the safe version is split out of the migration's transaction (unless it is alone in the file)
        let alt = |m: &str, tx: bool| run(BASE, m, &CheckOptions { in_transaction: tx, ..Default::default() }).statements.last().and_then(|s| s.safe_version()).unwrap_or_default();
        let two = "ALTER TABLE users ADD COLUMN nick text;\nCREATE INDEX users_nick_idx ON users (nick);";
        assert!(alt(two, true).contains("outside a transaction (CONCURRENTLY cannot run inside one):\n-- CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nick_idx ON users (nick);"), "{}", alt(two, true));
        assert_eq!(alt(two, false), "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nick_idx ON users (nick);");
        // alone in its file it stays alone: no SET before it (that would make the script one transaction)
        assert_eq!(alt("CREATE INDEX users_nick_idx ON users (nick);", true), "CREATE INDEX CONCURRENTLY IF NOT EXISTS users_nick_idx ON users (nick);");
        // an unnamed index cannot say IF NOT EXISTS
        assert!(alt("CREATE INDEX ON users (name);", false).ends_with("CREATE INDEX CONCURRENTLY ON users (name);"));
    }
}
