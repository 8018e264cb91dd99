use super::{finding, PG_RULE};
use crate::diagnostic::Severity;
use crate::migrate::replay::needs_no_transaction;
use crate::migrate::{safe, Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, DomainAction, Op, Relation};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "prefer-robust-stmts",
    severity: Severity::Info,
    summary: "a statement that fails when a half-applied migration is run again (CREATE without IF NOT EXISTS, DROP without IF EXISTS, a second ADD CONSTRAINT ...), where the migration is not one transaction",
    why: "A migration that does not run as one transaction (autocommit, several transactions, or a CONCURRENTLY statement, which cannot run in one) stays half-applied when a statement fails; running it again then fails on the statements that already ran. Statements that succeed again (ENABLE ROW LEVEL SECURITY, SET NOT NULL, VALIDATE CONSTRAINT) are fine.",
    fix: "Write CREATE ... IF NOT EXISTS, DROP ... IF EXISTS, ADD COLUMN IF NOT EXISTS, DROP CONSTRAINT IF EXISTS before ADD CONSTRAINT, ADD VALUE IF NOT EXISTS — or run the whole migration in one transaction.",
    bad: "CREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n",
    good: "-- a migration of its own, which the tool runs outside a transaction:\n-- squawk-disable-assume-in-transaction\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    ..PG_RULE
};

/// What fails when run again, and the statement made re-runnable where SQL can say it.
fn weak(c: &Ctx) -> Option<(&'static str, Option<SafeFix>)> {
    let replace = |s: Option<String>| s.map(|s| SafeFix::plain(safe::stmt(&s)));
    let sql = c.sql;
    Some(match c.op {
        Op::CreateIndex { if_not_exists: false, name: Some(_), concurrently, .. } => {
            ("CREATE INDEX", replace(safe::insert_after(sql, if *concurrently { "CONCURRENTLY" } else { "INDEX" }, "IF NOT EXISTS")))
        }
        Op::CreateTable { if_not_exists: false, temporary, on_commit_drop, as_select, .. } => {
            if *temporary && *on_commit_drop || (*as_select && sql.trim_start().to_ascii_uppercase().starts_with("SELECT")) {
                return None;
            }
            ("CREATE TABLE", replace(safe::insert_after(sql, "TABLE", "IF NOT EXISTS")))
        }
        Op::DropIndex { if_exists: false, concurrently, .. } => ("DROP INDEX", replace(safe::insert_after(sql, if *concurrently { "CONCURRENTLY" } else { "INDEX" }, "IF EXISTS"))),
        Op::DropTable { if_exists: false, .. } => ("DROP TABLE", replace(safe::insert_after(sql, "TABLE", "IF EXISTS"))),
        Op::DropType { if_exists: false, .. } => ("DROP TYPE", replace(safe::insert_after(sql, "TYPE", "IF EXISTS"))),
        Op::AlterTypeAddValue { if_not_exists: false, .. } => ("ADD VALUE", replace(safe::insert_after(sql, "VALUE", "IF NOT EXISTS"))),
        Op::AlterIndexRename { .. } => ("ALTER INDEX ... RENAME", None),
        Op::AlterDomain { action: DomainAction::AddConstraint { .. }, .. } => ("ALTER DOMAIN ... ADD CONSTRAINT", None),
        Op::AlterTable { table, actions, relation: Relation::Table, .. } => {
            let one = actions.len() == 1;
            let found = actions.iter().find_map(|a| {
                Some(match a {
                    Action::AddColumn { if_not_exists: false, .. } => {
                        let fix = safe::insert_after(sql, "COLUMN", "IF NOT EXISTS").or_else(|| safe::insert_after(sql, "ADD", "COLUMN IF NOT EXISTS"));
                        ("ADD COLUMN", if one { replace(fix) } else { None })
                    }
                    Action::DropColumn { if_exists: false, .. } => ("DROP COLUMN", if one { replace(safe::insert_after(sql, "COLUMN", "IF EXISTS").or_else(|| safe::insert_after(sql, "DROP", "COLUMN IF EXISTS"))) } else { None }),
                    Action::DropConstraint { if_exists: false, .. } => ("DROP CONSTRAINT", if one { replace(safe::insert_after(sql, "CONSTRAINT", "IF EXISTS")) } else { None }),
                    Action::AddConstraint { name, .. } => {
                        if name.as_deref().is_some_and(|n| c.state.readds_dropped(table, n)) {
                            return None;
                        }
                        let fix = name.as_ref().filter(|_| one).map(|n| SafeFix { before: vec![format!("ALTER TABLE {} DROP CONSTRAINT IF EXISTS {};", c.qt(table), c.q(n))], ..Default::default() });
                        ("ADD CONSTRAINT", fix)
                    }
                    Action::RenameColumn { .. } => ("RENAME COLUMN", None),
                    Action::RenameTable { .. } => ("RENAME TO", None),
                    Action::RenameConstraint { .. } => ("RENAME CONSTRAINT", None),
                    Action::AttachPartition { .. } => ("ATTACH PARTITION", None),
                    Action::DetachPartition { finalize: false, .. } => ("DETACH PARTITION", None),
                    Action::AddIdentity { .. } => ("ADD GENERATED AS IDENTITY", None),
                    _ => return None,
                })
            });
            found?
        }
        _ => return None,
    })
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    // a CONCURRENTLY statement always runs outside a transaction
    if c.rerun_safe && !needs_no_transaction(c.op) {
        return;
    }
    let Some((what, fix)) = weak(c) else { return };
    let why = if c.in_transaction { "the migration is not one transaction" } else { "it runs outside a transaction" };
    out.push(finding(&META, c, format!("{what} fails when the migration is run again after a partial failure ({why})"), fix));
}

rule_tests! {
    fn what_fails_again() {
        for m in [
            "ALTER TABLE users ADD COLUMN a int;",
            "ALTER TABLE users DROP COLUMN name;",
            "ALTER TABLE users DROP CONSTRAINT c;",
            "ALTER TABLE users ADD CONSTRAINT c CHECK (org_id > 0);",
            "ALTER TABLE users RENAME COLUMN name TO full_name;",
            "ALTER TABLE users RENAME TO accounts;",
            "ALTER TABLE measurements DETACH PARTITION measurements_2024;",
            "DROP TYPE mood;",
            "DROP INDEX users_email_idx;",
            "CREATE TABLE t (id int);",
            "CREATE TEMP TABLE t (id int);",
            "ALTER TYPE mood ADD VALUE 'happy';",
            "ALTER DOMAIN positive_int ADD CONSTRAINT positive_int_check CHECK (VALUE > 0);",
        ] {
            assert_eq!(count_no_tx(&META, m), 1, "{m}");
        }
        for m in [
            "ALTER TABLE users ADD COLUMN IF NOT EXISTS a int;",
            "ALTER TABLE users ALTER COLUMN email SET NOT NULL;",
            "ALTER TABLE users ENABLE ROW LEVEL SECURITY;",
            "ALTER TABLE users VALIDATE CONSTRAINT c;",
            "CREATE TEMP TABLE t (id int) ON COMMIT DROP;",
            "CREATE INDEX CONCURRENTLY ON users (name);",
            "DROP INDEX CONCURRENTLY IF EXISTS users_email_idx;",
            "ALTER TABLE users DROP CONSTRAINT IF EXISTS c;\nALTER TABLE users ADD CONSTRAINT c CHECK (org_id > 0);",
            "INSERT INTO users VALUES (1);",
        ] {
            assert_eq!(count_no_tx(&META, m), 0, "{m}");
        }
        // re-adding twice is not covered by the one DROP IF EXISTS
        assert_eq!(count_no_tx(&META, "ALTER TABLE users DROP CONSTRAINT IF EXISTS c;\nALTER TABLE users ADD CONSTRAINT c UNIQUE USING INDEX users_email_idx;\nALTER TABLE users ADD CONSTRAINT c UNIQUE USING INDEX users_email_idx;"), 1);
    }

    fn transactions() {
        let tx = CheckOptions::default();
        // one transaction: a failure rolls everything back
        assert_eq!(count(&META, "ALTER TABLE users ADD COLUMN a int;\nDROP TABLE events;", &tx), 0);
        // two transactions: the first stays applied when the second fails
        assert_eq!(count(&META, "BEGIN;\nALTER TABLE users ADD COLUMN a int;\nCOMMIT;\nBEGIN;\nUPDATE users SET a = 1;\nCOMMIT;", &no_tx()), 1);
        // CONCURRENTLY cannot be in a transaction: always outside one
        assert_eq!(count(&META, "CREATE INDEX CONCURRENTLY i ON users (name);", &tx), 1);
    }
}
