//! `adding-field-with-default`: ADD COLUMN with a default that rewrites the table (a volatile
//! default; any default before PostgreSQL 11), nullable column.

use super::{alter, finding, pk_of, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "adding-field-with-default",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ADD COLUMN with a volatile DEFAULT (or any DEFAULT before PostgreSQL 11) rewrites the table",
    why: "A volatile default (gen_random_uuid(), clock_timestamp(), nextval) is computed per row, so PostgreSQL rewrites the whole table under ACCESS EXCLUSIVE: no reads or writes until it finishes. Constant defaults are free since PostgreSQL 11.",
    fix: "Add the column without the default, set the default for new rows, backfill existing rows in batches.",
    bad: "ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid();\n",
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
        if col.not_null || col.identity || !facts::add_column_rewrites(col, c.opts.pg_version) {
            continue;
        }
        let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
        let why = if facts::volatile_default(d) { format!("volatile default {d}") } else { format!("default {d} before PostgreSQL 11") };
        let alt = format!(
            "{}\n-- step 1: add the column without a default (no rewrite), then default new rows\nALTER TABLE {t} ADD COLUMN {cn} {ty};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT {d};\n-- step 2: backfill existing rows in batches\n{}",
            safe::LOCK_TIMEOUT,
            safe::backfill(&t, &cn, d, pk_of(c, table).as_deref())
        );
        out.push(finding(&META, format!("adding column {} with {why} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), Some(alt)));
    }
}
