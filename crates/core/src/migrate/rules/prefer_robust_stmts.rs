//! `prefer-robust-stmts`: outside a transaction, a statement that fails when re-run after a
//! partial failure (CREATE without IF NOT EXISTS, DROP without IF EXISTS).

use super::{finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::{Action, Op};

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "prefer-robust-stmts",
    severity: Severity::Info,
    dialects: PG,
    summary: "outside a transaction, prefer IF NOT EXISTS / IF EXISTS so a half-applied migration can be re-run",
    why: "A migration that runs outside a transaction (needed for CONCURRENTLY) stays half-applied when a statement fails; re-running it then fails on the statements that already ran.",
    fix: "Write CREATE ... IF NOT EXISTS and DROP ... IF EXISTS.",
    bad: "-- morph:nontransactional\nCREATE INDEX CONCURRENTLY users_name_idx ON users (name);\n",
    good: "-- morph:nontransactional\nSET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS users_name_idx ON users (name);\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if c.in_transaction {
        return;
    }
    let fix = |kw: &str, ins: &str| safe::insert_after(c.sql, kw, ins).map(|s| safe::stmt(&s));
    let (what, alt) = match c.op {
        Op::CreateIndex { if_not_exists: false, concurrently, .. } => ("CREATE INDEX", if *concurrently { fix("CONCURRENTLY", "IF NOT EXISTS") } else { fix("INDEX", "IF NOT EXISTS") }),
        Op::CreateTable { if_not_exists: false, .. } => ("CREATE TABLE", fix("TABLE", "IF NOT EXISTS")),
        Op::DropIndex { if_exists: false, concurrently, .. } => ("DROP INDEX", if *concurrently { fix("CONCURRENTLY", "IF EXISTS") } else { fix("INDEX", "IF EXISTS") }),
        Op::DropTable { if_exists: false, .. } => ("DROP TABLE", fix("TABLE", "IF EXISTS")),
        Op::AlterTable { actions, .. } => {
            let weak = actions.iter().find_map(|a| match a {
                Action::AddColumn { if_not_exists: false, .. } => Some("ADD COLUMN"),
                Action::DropColumn { if_exists: false, .. } => Some("DROP COLUMN"),
                Action::DropConstraint { if_exists: false, .. } => Some("DROP CONSTRAINT"),
                _ => None,
            });
            match weak {
                Some(w) => (w, None),
                None => return,
            }
        }
        _ => return,
    };
    out.push(finding(&META, format!("{what} without IF [NOT] EXISTS fails when the migration is re-run after a partial failure"), alt));
}
