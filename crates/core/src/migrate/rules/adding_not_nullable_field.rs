//! `adding-not-nullable-field`: ADD COLUMN ... NOT NULL with a default that rewrites the table.

use super::{alter, finding, pk_of, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "adding-not-nullable-field",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ADD COLUMN ... NOT NULL whose default rewrites the table (volatile default, or any default before PostgreSQL 11)",
    why: "Every existing row must get the computed value, so the table is rewritten under ACCESS EXCLUSIVE; reads and writes wait for the whole rewrite.",
    fix: "Add the column nullable without a default, set the default, backfill in batches, then add NOT NULL via CHECK ... NOT VALID + VALIDATE (PostgreSQL 18: NOT NULL ... NOT VALID).",
    bad: "ALTER TABLE users ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ADD COLUMN token uuid;\nALTER TABLE users ALTER COLUMN token SET DEFAULT gen_random_uuid();\n",
    base: BASE,
};

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let Action::AddColumn { column: col, .. } = a else { continue };
        let Some(d) = &col.default else { continue };
        if !col.not_null || col.primary_key || col.identity || !facts::add_column_rewrites(col, c.opts.pg_version) {
            continue;
        }
        let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
        let alt = format!(
            "{}\n-- step 1 (deploy 1): add the column nullable, default new rows\nALTER TABLE {t} ADD COLUMN {cn} {ty};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT {d};\n-- step 2: backfill existing rows in batches\n{}\n{}",
            safe::LOCK_TIMEOUT,
            safe::backfill(&t, &cn, d, pk_of(c, table).as_deref()),
            safe::not_null_steps(c.opts.pg_version, &t, &table.name, &cn, &col.name, 3)
        );
        out.push(finding(&META, format!("adding NOT NULL column {} with default {d} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), Some(alt)));
    }
}
