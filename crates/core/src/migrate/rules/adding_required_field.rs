//! `adding-required-field`: ADD COLUMN ... NOT NULL without a DEFAULT on an existing table.

use super::{alter, finding, pk_of, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "adding-required-field",
    severity: Severity::Error,
    dialects: PG,
    summary: "ADD COLUMN ... NOT NULL without a DEFAULT on an existing table",
    why: "Existing rows have no value for the column, so the statement fails as soon as the table has a row (and in production it has).",
    fix: "Add the column with a constant DEFAULT (no rewrite since PostgreSQL 11), or add it nullable, backfill in batches and then enforce NOT NULL with CHECK ... NOT VALID + VALIDATE.",
    bad: "ALTER TABLE users ADD COLUMN age integer NOT NULL;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN age integer NOT NULL DEFAULT 0;\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let Action::AddColumn { column: col, .. } = a else { continue };
        if !col.not_null || col.default.is_some() || col.identity || col.generated_stored || facts::add_column_rewrites(col, c.opts.pg_version) {
            continue;
        }
        let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
        let alt = match safe::zero_value(&crate::parse::read_type(c.dialect, ty)) {
            Some(z) => format!(
                "{}\n-- a constant default is stored in the catalog: no rewrite, brief lock (PostgreSQL 11+)\nALTER TABLE {t} ADD COLUMN {cn} {ty} NOT NULL DEFAULT {z};\n-- optional, once the application always writes the column:\nALTER TABLE {t} ALTER COLUMN {cn} DROP DEFAULT;",
                safe::LOCK_TIMEOUT
            ),
            None => format!(
                "{}\n-- step 1 (deploy 1): add the column nullable (no rewrite)\nALTER TABLE {t} ADD COLUMN {cn} {ty};\n-- step 2: backfill in batches (replace NULL with the value existing rows should get)\n{}\n{}",
                safe::LOCK_TIMEOUT,
                safe::backfill(&t, &cn, "NULL", pk_of(c, table).as_deref()),
                safe::not_null_steps(c.opts.pg_version, &t, &table.name, &cn, &col.name, 3)
            ),
        };
        out.push(finding(&META, format!("adding NOT NULL column {} without a default fails on a table with rows", col.name), Some(alt)));
    }
}
