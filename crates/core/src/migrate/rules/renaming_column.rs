use super::{alter_any_existing, finding, ALL_RULE};
use crate::diagnostic::Severity;
use crate::dialect::Dialect;
use crate::migrate::{Ctx, MigrationFinding, SafeFix};
use crate::parse::ops::{Action, Relation};
use crate::ruledoc::{rule_tests, RuleDoc};

pub const META: RuleDoc = RuleDoc {
    id: "renaming-column",
    severity: Severity::Warning,
    summary: "renaming a column (of a table, view, foreign table or composite type) breaks the application version that is still running",
    why: "The rename is instant, but during a deploy the old application version still queries the old name and fails until every instance runs the new code.",
    fix: "Expand/contract: add the new column, keep both in sync with a trigger and backfill, switch the application, then drop the old column.",
    bad: "ALTER TABLE users RENAME COLUMN name TO full_name;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN full_name text;\n",
    ..ALL_RULE
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions, relation)) = alter_any_existing(c) else { return };
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
        let fix = match (c.dialect, ty, relation) {
            (Dialect::Postgres, Some(ty), Relation::Table) if actions.len() == 1 => {
                Some(SafeFix::recipe(c, super::changing_column_type::expand_contract(c, table, from, to, &ty, "{old}")))
            }
            _ => None,
        };
        out.push(finding(&META, c, format!("renaming {}.{from} to {to} breaks code that still uses {from}", table.name), fix));
    }
}

rule_tests! {
    fn cases() {
        // a column added in this migration is not used by code yet
        assert!(!fires(&META, "ALTER TABLE users ADD COLUMN a text;\nALTER TABLE users RENAME COLUMN a TO b;"));
        for m in ["ALTER FOREIGN TABLE ft RENAME COLUMN a TO b;", "ALTER VIEW v RENAME COLUMN a TO b;", "ALTER MATERIALIZED VIEW mv RENAME COLUMN a TO b;", "ALTER TYPE composite RENAME ATTRIBUTE old TO renamed;"] {
            assert!(fires(&META, m), "{m}");
        }
    }
}
