//! `renaming-column`: RENAME COLUMN on an existing table breaks running application code.

use super::{alter, finding, ALL, BASE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "renaming-column",
    severity: Severity::Warning,
    dialects: ALL,
    summary: "renaming a column breaks the application version that is still running",
    why: "The rename is instant, but during a deploy the old application version still queries the old name and fails until every instance runs the new code.",
    fix: "Expand/contract: add the new column, keep both in sync with a trigger and backfill, switch the application, then drop the old column.",
    bad: "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN full_name text;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let (from, to) = match a {
            Action::RenameColumn { from, to } => (from, to),
            Action::Change { from, column } if !from.eq_ignore_ascii_case(&column.name) => (from, &column.name),
            _ => continue,
        };
        if c.is_new_column(table, from) {
            continue;
        }
        let ty = c.table(table).and_then(|t| t.column(from)).map(|col| col.data_type.spelling.clone());
        let alt = match (c.dialect, ty) {
            (Dialect::Postgres, Some(ty)) => Some(super::changing_column_type::expand_contract(c, table, from, to, &ty, "{old}")),
            _ => None,
        };
        out.push(finding(&META, format!("renaming {}.{from} to {to} breaks code that still uses {from}", table.name), alt));
    }
}
