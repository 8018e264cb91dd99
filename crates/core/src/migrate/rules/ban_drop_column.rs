//! `ban-drop-column`: DROP COLUMN of an existing column.

use super::{alter, finding, ALL, BASE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "ban-drop-column",
    severity: Severity::Warning,
    dialects: ALL,
    summary: "dropping a column breaks code that still reads or writes it, and loses its data",
    why: "The running application version (and ORMs that SELECT every column) fail as soon as the column is gone; the data cannot be recovered without a backup.",
    fix: "First deploy code that no longer uses the column (ORMs: mark it ignored), then drop it in a later migration with a lock_timeout.",
    bad: "ALTER TABLE users DROP COLUMN name;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN nickname text;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let Action::DropColumn { column, .. } = a else { continue };
        if c.is_new_column(table, column) {
            continue;
        }
        let alt = match c.dialect {
            Dialect::Postgres => Some(format!(
                "-- step 1 (deploy 1): stop reading and writing {column} in the application\n-- step 2 (a later migration):\n{}\nALTER TABLE {} DROP COLUMN IF EXISTS {};",
                safe::LOCK_TIMEOUT,
                c.qt(table),
                c.q(column)
            )),
            _ => None,
        };
        out.push(finding(&META, format!("dropping {}.{column} breaks code that still uses it and deletes its data", table.name), alt));
    }
}
