//! `ban-drop-database`: DROP DATABASE in a migration.

use super::{finding, ALL, BASE};
use crate::diagnostic::Severity;
use crate::migrate::{Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Op;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "ban-drop-database",
    severity: Severity::Error,
    dialects: ALL,
    summary: "DROP DATABASE in a migration",
    why: "A migration that drops a database deletes every table and row in it; it is almost never intended to run against production.",
    fix: "Drop databases by hand, outside the migration history.",
    bad: "DROP DATABASE app;\n",
    good: "CREATE TABLE notes (id bigint PRIMARY KEY);\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    if let Op::DropDatabase { name } = c.op {
        out.push(finding(&META, format!("DROP DATABASE {name} deletes all its data"), None));
    }
}
