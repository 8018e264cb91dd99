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
    summary: "ADD COLUMN with a volatile DEFAULT (or any DEFAULT before PostgreSQL 11), or a STORED generated / identity / serial column, rewrites the table",
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
        if col.primary_key || !facts::add_column_rewrites(col, c.opts.pg_version) {
            continue;
        }
        let (t, cn, ty) = (c.qt(table), c.q(&col.name), col.type_text.as_str());
        let generated = col.generated_stored || col.identity || col.default.is_none();
        if generated {
            // STORED generated / identity / serial: every row gets a computed value.
            let what = if col.generated_stored { "a STORED generated column" } else { "an identity/serial column" };
            let alt = if col.generated_stored {
                None
            } else {
                let seq = c.q(&format!("{}_{}_seq", table.name, col.name));
                Some(format!(
                    "{}\n-- step 1: add the column nullable with no default (no rewrite), a sequence for new rows\nALTER TABLE {t} ADD COLUMN {cn} bigint;\nCREATE SEQUENCE {seq} OWNED BY {t}.{cn};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT nextval({});\n-- step 2: backfill in batches (repeat until it updates 0 rows)\nUPDATE {t} SET {cn} = nextval({}) WHERE ctid IN (SELECT ctid FROM {t} WHERE {cn} IS NULL LIMIT 10000);",
                    safe::LOCK_TIMEOUT,
                    crate::sqltext::string_lit(crate::Dialect::Postgres, &seq),
                    crate::sqltext::string_lit(crate::Dialect::Postgres, &seq)
                ))
            };
            out.push(finding(&META, format!("adding {what} {} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), alt.or_else(|| Some(format!("{}\n-- add a plain nullable column (no rewrite), backfill it in batches and keep it current with a BEFORE INSERT OR UPDATE trigger\nALTER TABLE {t} ADD COLUMN {cn} {ty};", safe::LOCK_TIMEOUT)))));
            continue;
        }
        let Some(d) = &col.default else { continue };
        if col.not_null {
            continue;
        }
        let why = if facts::volatile_default(d) { format!("volatile default {d}") } else { format!("default {d} before PostgreSQL 11") };
        let alt = format!(
            "{}\n-- step 1: add the column without a default (no rewrite), then default new rows\nALTER TABLE {t} ADD COLUMN {cn} {ty};\nALTER TABLE {t} ALTER COLUMN {cn} SET DEFAULT {d};\n-- step 2: backfill existing rows in batches\n{}",
            safe::LOCK_TIMEOUT,
            safe::backfill(&t, &cn, d, pk_of(c, table).as_deref())
        );
        out.push(finding(&META, format!("adding column {} with {why} rewrites table {} under ACCESS EXCLUSIVE", col.name, table.name), Some(alt)));
    }
}
