//! Table constraints inside `CREATE TABLE` (or after it, with `ALTER TABLE ... ADD`): the primary
//! key, MySQL's key for an `AUTO_INCREMENT` column, unique constraints, checks and foreign keys.

use super::expressions::translate_expr;
use super::identifiers::clamp_name;
use super::{ident, ref_action, same_ci, Gen, Keys, Out, TableCx};
use crate::model::{ForeignKey, RefAction};
use crate::Dialect;
use std::collections::BTreeSet;

/// The primary key (unless SQLite's is inline on its column), MySQL's keys for `AUTO_INCREMENT`
/// columns that lead no key, the unique constraints and the checks.
pub(super) fn keys_and_checks(g: &mut Gen, cx: &mut TableCx, out: &mut Out) {
    let (to, from, t) = (g.to, g.from, cx.t);
    if let Some(pk) = t.primary_key.as_ref().filter(|_| !cx.sqlite_inline_pk) {
        if pk.columns.iter().all(|c| t.column(c).is_some()) && !pk.columns.is_empty() {
            let name = if to == Dialect::Postgres && from == Dialect::Postgres { g.keep_name(&pk.name).map(|n| g.unique_relname(&cx.tschema, &n, &t.name)) } else { None };
            let c = match &name {
                Some(n) => format!("CONSTRAINT {} ", ident(to, n)),
                None => String::new(),
            };
            cx.lines.push((format!("{c}PRIMARY KEY ({})", g.cols(t, &pk.columns)), None));
        } else {
            g.warn(format!("table {}: primary key on unknown columns left out", cx.label));
        }
    }
    for c in &cx.need_key_for {
        cx.lines.push((format!("KEY {} ({})", ident(to, &clamp_name(to, &format!("{c}_auto_increment_key"))), ident(to, c)), None));
    }
    uniques(g, cx, out);
    for ch in &t.checks {
        match translate_expr(&ch.expression, Some(t), from, to) {
            Some(x) => {
                let name = match to {
                    Dialect::Mysql => g.keep_name(&ch.name).map(|n| g.check_names.unique(&n)),
                    _ => g.keep_name(&ch.name).map(|n| clamp_name(to, &n)),
                };
                let c = name.map(|n| format!("CONSTRAINT {} ", ident(to, &n))).unwrap_or_default();
                cx.lines.push((format!("{c}CHECK ({x})"), None));
            }
            None => g.warn(format!("table {}: check ({}) cannot be expressed in {}; left out", cx.label, ch.expression, to.label())),
        }
    }
}

fn uniques(g: &mut Gen, cx: &mut TableCx, out: &mut Out) {
    let (to, t) = (g.to, cx.t);
    for u in &t.uniques {
        if u.columns.is_empty() || !u.columns.iter().all(|c| t.column(c).is_some()) {
            g.warn(format!("table {}: unique constraint on unknown columns left out", cx.label));
            continue;
        }
        let name = match to {
            Dialect::Postgres => g.keep_name(&u.name).map(|n| g.unique_relname(&cx.tschema, &n, &t.name)),
            Dialect::Mysql => g.keep_name(&u.name).map(|n| clamp_name(to, &n)),
            Dialect::Sqlite => None,
        };
        let c = name.map(|n| format!("CONSTRAINT {} ", ident(to, &n))).unwrap_or_default();
        let nnd = if u.nulls_not_distinct && to == Dialect::Postgres { " NULLS NOT DISTINCT" } else { "" };
        if u.nulls_not_distinct && to != Dialect::Postgres {
            g.warn(format!("table {}: UNIQUE NULLS NOT DISTINCT generated as plain UNIQUE", cx.label));
        }
        let clause = format!("{c}UNIQUE{nnd} ({})", g.cols(t, &u.columns));
        if to == Dialect::Postgres && !c.is_empty() && cx.pk_cols.len() == u.columns.len() && cx.pk_cols.iter().zip(&u.columns).all(|(a, b)| a == b) {
            // inside CREATE TABLE, PostgreSQL silently drops a UNIQUE identical to the primary
            // key; ALTER TABLE ... ADD keeps it (as the source did)
            out.deferred.push(format!("ALTER TABLE {} ADD {clause};", cx.tname));
            continue;
        }
        cx.lines.push((clause, None));
    }
}

/// The foreign keys: inline when the referenced table exists already (always in SQLite), else
/// added after every table. Logical relations (Prisma `relationMode = "prisma"`) are kept by the
/// application: no FOREIGN KEY.
pub(super) fn foreign_keys(g: &mut Gen, cx: &mut TableCx, keys: &[Keys], out: &mut Out) {
    let mut inline: Vec<String> = Vec::new();
    for fk in cx.t.foreign_keys.iter().filter(|f| !f.logical) {
        if let Some((ri, clause)) = fk_clause(g, cx.ti, fk, keys) {
            if g.to == Dialect::Sqlite || ri == cx.ti || out.created.contains(&ri) {
                inline.push(clause);
            } else {
                out.deferred.push(format!("ALTER TABLE {} ADD {clause};", cx.tname));
            }
        }
    }
    cx.lines.extend(inline.into_iter().map(|f| (f, None)));
}

/// ` ON DELETE ...` / ` ON UPDATE ...` / ` DEFERRABLE` of a foreign key clause.
fn fk_tail(s: &mut String, on_delete: RefAction, on_update: RefAction, deferrable: bool) {
    if let Some(a) = ref_action(on_delete) {
        s.push_str(&format!(" ON DELETE {a}"));
    }
    if let Some(a) = ref_action(on_update) {
        s.push_str(&format!(" ON UPDATE {a}"));
    }
    if deferrable {
        s.push_str(" DEFERRABLE");
    }
}

/// A foreign key to a table not in the schema: kept in SQLite (which resolves references
/// lazily), left out elsewhere.
fn dangling_fk(g: &mut Gen, ti: usize, fk: &ForeignKey) -> Option<(usize, String)> {
    let to = g.to;
    let t = &g.schema.tables[ti];
    if to == Dialect::Sqlite {
        let refs = if fk.ref_columns.is_empty() { String::new() } else { format!(" ({})", fk.ref_columns.iter().map(|c| ident(to, c)).collect::<Vec<_>>().join(", ")) };
        if !fk.columns.iter().all(|c| g.ix.column(ti, c).is_some()) {
            return None;
        }
        let mut s = format!("FOREIGN KEY ({}) REFERENCES {}{refs}", g.cols(t, &fk.columns), ident(to, &fk.ref_table.name));
        fk_tail(&mut s, fk.on_delete, fk.on_update, fk.deferrable);
        return Some((ti, s));
    }
    g.warn(format!("table {}: foreign key ({}) references {} which is not in the schema; left out", g.label(t), fk.columns.join(", "), fk.ref_table));
    None
}

/// Whether the target accepts the referenced columns as a foreign key's target, and the column
/// types line up (not checked for SQLite).
fn fk_target_ok(g: &mut Gen, ti: usize, ri: usize, fk: &ForeignKey, ref_cols: &[String], keys: &[Keys]) -> bool {
    let to = g.to;
    let label = g.label(&g.schema.tables[ti]);
    let cols_s = fk.columns.join(", ");
    let k = &keys[ri];
    let set = |v: &[String]| -> BTreeSet<String> { v.iter().map(|c| c.to_ascii_lowercase()).collect() };
    let want = set(ref_cols);
    let unique_ok = k.pk.as_ref().is_some_and(|p| set(p) == want) || k.uniques.iter().any(|u| set(u) == want);
    let ok = match to {
        Dialect::Postgres => unique_ok,
        _ => {
            let lead = |v: &Vec<String>| v.len() >= ref_cols.len() && v.iter().zip(ref_cols).all(|(a, b)| same_ci(a, b));
            k.pk.as_ref().is_some_and(lead) || k.uniques.iter().any(lead) || k.indexes.iter().any(lead)
        }
    };
    if !ok {
        g.warn(format!("table {label}: foreign key ({cols_s}) → {} does not reference a key {} accepts; left out", fk.ref_table, to.label()));
        return false;
    }
    let r = &g.schema.tables[ri];
    for (c, rc) in fk.columns.iter().zip(ref_cols) {
        let a = g.ix.column(ti, c).cloned().unwrap_or_default();
        let b = r.column(rc).cloned().unwrap_or_default();
        let fa = g.family(ti, &a);
        let fb = g.family(ri, &b);
        if fa != fb {
            g.warn(format!("table {label}: foreign key ({cols_s}) → {}: column types differ in {}; left out", fk.ref_table, to.label()));
            return false;
        }
    }
    true
}

/// One foreign key clause and the table it references, or None (with a warning) when the target
/// cannot have it.
fn fk_clause(g: &mut Gen, ti: usize, fk: &ForeignKey, keys: &[Keys]) -> Option<(usize, String)> {
    let schema = g.schema;
    let t = &schema.tables[ti];
    let to = g.to;
    let label = g.label(t);
    let cols_s = fk.columns.join(", ");
    let Some(ri) = g.resolve(&fk.ref_table) else {
        return dangling_fk(g, ti, fk);
    };
    let r = &schema.tables[ri];
    if g.names.get(ri).is_none() || (r.columns.is_empty() && to != Dialect::Postgres) {
        return None;
    }
    let ref_cols: Vec<String> = if fk.ref_columns.is_empty() { r.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { fk.ref_columns.clone() };
    if ref_cols.len() != fk.columns.len() || fk.columns.is_empty() || !fk.columns.iter().all(|c| g.ix.column(ti, c).is_some()) || !ref_cols.iter().all(|c| g.ix.column(ri, c).is_some()) {
        g.warn(format!("table {label}: foreign key ({cols_s}) → {} has columns that do not line up; left out", fk.ref_table));
        return None;
    }
    if to != Dialect::Sqlite && !fk_target_ok(g, ti, ri, fk, &ref_cols, keys) {
        return None;
    }
    let name = match to {
        Dialect::Mysql => g.keep_name(&fk.name).map(|n| g.fk_names.unique(&n)),
        _ => g.keep_name(&fk.name).map(|n| clamp_name(to, &n)),
    };
    let mut s = String::new();
    if let Some(n) = name {
        s.push_str(&format!("CONSTRAINT {} ", ident(to, &n)));
    }
    let rname = if to == Dialect::Sqlite { ident(to, &g.names[ri].1) } else { g.tname(ri) };
    s.push_str(&format!("FOREIGN KEY ({}) REFERENCES {} ({})", g.cols(t, &fk.columns), rname, g.cols(r, &ref_cols)));
    let mut on_delete = fk.on_delete;
    let mut on_update = fk.on_update;
    if to == Dialect::Mysql {
        // InnoDB rejects SET DEFAULT; SET NULL needs nullable columns
        for a in [&mut on_delete, &mut on_update] {
            if *a == RefAction::SetDefault {
                g.warn(format!("table {label}: foreign key ({cols_s}) ON ... SET DEFAULT is not supported by InnoDB; generated as NO ACTION"));
                *a = RefAction::NoAction;
            }
        }
        let nullable = fk.columns.iter().all(|c| g.ix.column(ti, c).is_some_and(|c| c.nullable));
        for a in [&mut on_delete, &mut on_update] {
            if *a == RefAction::SetNull && !nullable {
                g.warn(format!("table {label}: foreign key ({cols_s}) SET NULL on NOT NULL columns generated as NO ACTION"));
                *a = RefAction::NoAction;
            }
        }
    }
    fk_tail(&mut s, on_delete, on_update, fk.deferrable && to != Dialect::Mysql);
    Some((ri, s))
}
