//! `changing-column-type`: ALTER COLUMN ... TYPE that rewrites the table (safe widenings such as
//! varchar(n) → varchar(m > n), varchar → text, numeric precision increase are recognised).

use super::{alter, finding, BASE, PG};
use crate::diagnostic::Severity;
use crate::migrate::{facts, safe, Ctx, MigrationFinding, MigrationRuleMeta};
use crate::parse::ops::Action;

pub const META: MigrationRuleMeta = MigrationRuleMeta {
    id: "changing-column-type",
    severity: Severity::Warning,
    dialects: PG,
    summary: "ALTER COLUMN ... TYPE rewrites the table (and its indexes) under ACCESS EXCLUSIVE",
    why: "Unless the new type is binary-compatible (varchar(n) → varchar(m > n) or text, numeric precision increase, cidr → inet), PostgreSQL rewrites every row and rebuilds the indexes while nothing can read or write the table. It also breaks application code that expects the old type.",
    fix: "Expand/contract: add a new column, keep it in sync with a trigger, backfill in batches, switch the application, then drop the old column.",
    bad: "ALTER TABLE users ALTER COLUMN org_id TYPE text;\n",
    good: "SET lock_timeout = '5s';\nALTER TABLE users ALTER COLUMN email TYPE varchar(200);\n",
    base: BASE,
};

/// The expand/contract recipe moving `col` to `new_name` of `new_type` (rename when types match).
pub fn expand_contract(c: &Ctx, table: &crate::model::QualifiedName, col: &str, new_name: &str, new_type: &str, using: &str) -> String {
    let t = c.qt(table);
    let (o, n) = (c.q(col), c.q(new_name));
    let tmp = if col == new_name { c.q(&format!("{col}_new")) } else { n.clone() };
    let func = c.q(&format!("{}_{}_sync", table.name, col));
    let expr = using.replace("{old}", &format!("NEW.{o}"));
    let bexpr = using.replace("{old}", &o);
    let mut s = format!(
        "{}\n-- step 1 (deploy 1): add the new column and keep it in sync on every write\nALTER TABLE {t} ADD COLUMN {tmp} {new_type};\nCREATE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n  NEW.{tmp} := {expr};\n  RETURN NEW;\nEND $$;\nCREATE TRIGGER {func} BEFORE INSERT OR UPDATE ON {t} FOR EACH ROW EXECUTE FUNCTION {func}();\n-- step 2: backfill existing rows in batches (repeat until it updates 0 rows)\nUPDATE {t} SET {tmp} = {bexpr}\n  WHERE ctid IN (SELECT ctid FROM {t} WHERE {tmp} IS DISTINCT FROM ({bexpr}) LIMIT 10000);\n",
        safe::LOCK_TIMEOUT
    );
    if col == new_name {
        s.push_str(&format!(
            "-- step 3 (deploy 2): swap the columns in one short transaction\nBEGIN;\nALTER TABLE {t} RENAME COLUMN {o} TO {};\nALTER TABLE {t} RENAME COLUMN {tmp} TO {o};\nDROP TRIGGER {func} ON {t};\nDROP FUNCTION {func}();\nCOMMIT;\n-- step 4 (deploy 3, nothing uses the old column any more)\nALTER TABLE {t} DROP COLUMN {};",
            c.q(&format!("{col}_old")),
            c.q(&format!("{col}_old"))
        ));
    } else {
        s.push_str(&format!(
            "-- step 3 (deploy 2): the application reads and writes {n}; then\nDROP TRIGGER {func} ON {t};\nDROP FUNCTION {func}();\n-- step 4 (deploy 3, nothing uses {o} any more)\nALTER TABLE {t} DROP COLUMN {o};"
        ));
    }
    s
}

pub fn check(c: &Ctx, out: &mut Vec<MigrationFinding>) {
    let Some((table, actions)) = alter(c) else { return };
    if c.is_new(table) {
        return;
    }
    for a in actions {
        let Action::AlterColumnType { column, type_text, using } = a else { continue };
        if c.is_new_column(table, column) {
            continue;
        }
        let old = c.table(table).and_then(|t| t.column(column)).map(|col| col.data_type.spelling.clone());
        if old.is_some() && !facts::pg_alter_type_rewrites(c.before, table, column, type_text, c.opts.pg_version) {
            continue;
        }
        let conv = match using {
            Some(u) => u.replace(&c.q(column), "{old}").replace(column.as_str(), "{old}"),
            None => format!("{{old}}::{type_text}"),
        };
        let alt = expand_contract(c, table, column, column, type_text, &conv);
        let from = old.map(|o| format!(" from {o}")).unwrap_or_default();
        out.push(finding(&META, format!("changing {}.{column}{from} to {type_text} rewrites the table under ACCESS EXCLUSIVE", table.name), Some(alt)));
    }
}
