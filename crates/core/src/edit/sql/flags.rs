//! NOT NULL, UNIQUE and primary key membership of one column, and what a key change drags along:
//! a column leaving a key keeps its NOT NULL (written out when only the key implied it), a UNIQUE
//! on exactly the new key goes (the key is unique), and REFERENCES that relied on the key without
//! naming columns name them (so they keep meaning the old key).

use super::layout::{ActionKind, AlterWhat, ClauseKind, ConKind, Range};
use super::script::Kind;
use super::{parts, ColAt, Ctx, Part};
use crate::dialect::Dialect;
use crate::edit::expr::names_eq;
use crate::edit::spec::is_unique_column;
use crate::edit::{ColumnFlag, EditError};
use crate::model::DataType;

pub fn set(cx: &mut Ctx, ti: usize, ci: usize, flag: ColumnFlag, on: bool) -> Result<String, EditError> {
    let t = &cx.schema.tables[ti];
    let c = &t.columns[ci];
    let (tq, col) = (t.qualified_name(), c.name.clone());
    let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    let in_pk = pk.iter().any(|p| names_eq(cx.d, p, &col));
    let what = match flag {
        ColumnFlag::NotNull => "NOT NULL",
        ColumnFlag::Unique => "UNIQUE",
        ColumnFlag::PrimaryKey => "PRIMARY KEY",
    };
    let desc = format!("{} {what} {} {tq}.{col}", if on { "Set" } else { "Remove" }, if on { "on" } else { "from" });
    match (flag, on) {
        (ColumnFlag::NotNull, true) if c.nullable => {
            let ca = cx.col_at(ti, ci)?;
            let style = cx.style(ca.entry);
            let st = cx.stmt(ca.entry).clone();
            match ca.def.clauses.iter().find(|c| c.kind == ClauseKind::Null) {
                Some(n) => {
                    let (a, b) = st.bytes(n.range);
                    cx.patch.replace(a, b, style.kw("NOT NULL"));
                }
                None => cx.patch.insert(after_type(&ca, &st), format!(" {}", style.kw("NOT NULL"))),
            }
            for d in ca.def.clauses.iter().filter(|c| c.kind == ClauseKind::Default && c.range.last == c.range.first + 1 && st.is(c.range.last, "NULL")) {
                cx.patch.delete_clause(&st, d.range);
            }
        }
        (ColumnFlag::NotNull, false) if !c.nullable => {
            let ca = cx.col_at(ti, ci)?;
            let st = cx.stmt(ca.entry).clone();
            for cl in ca.def.clauses.iter().filter(|c| c.kind == ClauseKind::NotNull) {
                cx.patch.delete_clause(&st, cl.range);
            }
            for (e, k, what) in later_alters(cx, ti, &col) {
                match what {
                    Some(AlterWhat::SetNotNull) => cx.remove_action(e, k),
                    None => return Err(redefined(cx, e, &tq, &col)),
                    _ => {}
                }
            }
        }
        (ColumnFlag::Unique, true) if !is_unique_column(cx.d, t, &col) => {
            let ca = cx.col_at(ti, ci)?;
            let style = cx.style(ca.entry);
            let end = def_end(cx, &ca);
            cx.patch.insert(end, format!(" {}", style.kw("UNIQUE")));
        }
        (ColumnFlag::Unique, false) => remove_uniques(cx, ti, std::slice::from_ref(&col), true),
        (ColumnFlag::PrimaryKey, true) if !in_pk => {
            pin_implicit_refs(cx, ti);
            if pk.is_empty() {
                let ca = cx.col_at(ti, ci)?;
                let style = cx.style(ca.entry);
                let end = def_end(cx, &ca);
                cx.patch.insert(end, format!(" {}", style.kw("PRIMARY KEY")));
                remove_uniques(cx, ti, std::slice::from_ref(&col), false);
            } else {
                extend_key(cx, ti, &col)?;
                let mut after = pk.clone();
                after.push(col);
                remove_uniques(cx, ti, &after, false);
            }
        }
        (ColumnFlag::PrimaryKey, false) if in_pk => {
            pin_implicit_refs(cx, ti);
            let after: Vec<String> = pk.iter().filter(|p| !names_eq(cx.d, p, &col)).cloned().collect();
            match key_site(cx, ti)? {
                KeySite::Inline { entry, range } => {
                    let st = cx.stmt(entry).clone();
                    cx.patch.delete_clause(&st, range);
                }
                KeySite::List { entry, item, open, in_alter } => {
                    if after.is_empty() {
                        cx.remove_item(entry, item, in_alter);
                    } else {
                        let st = cx.stmt(entry);
                        let close = st.close_of(open).unwrap_or(open);
                        let k = st.list_names(cx.d, open, close).iter().position(|(n, _)| names_eq(cx.d, n, &col));
                        if let Some(k) = k {
                            cx.remove_list_item(entry, open, k);
                        }
                    }
                }
            }
            let ca = cx.col_at(ti, ci)?;
            let ty = cx.schema.tables[ti].columns[ci].data_type.clone();
            keep_not_null(cx, ti, ci, &ca, &ty, &after);
            if !after.is_empty() {
                remove_uniques(cx, ti, &after, false);
            }
        }
        _ => {}
    }
    Ok(desc)
}

/// Where a NOT NULL goes: after the type (after the name for a column without one).
fn after_type(ca: &ColAt, st: &super::layout::Stmt) -> usize {
    st.end_of(ca.def.ty.map_or(ca.def.name, |r| r.last))
}

/// The end of the column definition (its last clause).
fn def_end(cx: &Ctx, ca: &ColAt) -> usize {
    let st = cx.stmt(ca.entry);
    let last = ca.def.clauses.last().map_or(ca.def.ty.map_or(ca.def.name, |r| r.last), |c| c.range.last);
    st.end_of(last)
}

/// ALTER TABLE actions after the CREATE TABLE that change column `col`: (entry, action, what)
/// with `None` for a MySQL MODIFY / CHANGE that redefines it.
fn later_alters(cx: &Ctx, ti: usize, col: &str) -> Vec<(usize, usize, Option<AlterWhat>)> {
    let mut out = Vec::new();
    for e in cx.entries_of(ti) {
        let Some(at) = cx.alter_table(e) else { continue };
        let st = cx.stmt(e);
        let named = |k: usize| st.ident(cx.d, k).is_some_and(|n| names_eq(cx.d, &n, col));
        for (i, a) in at.actions.iter().enumerate() {
            match a.kind {
                ActionKind::AlterColumn { column, what } if named(column) => out.push((e, i, Some(what))),
                ActionKind::Redefine { column } if named(column) => out.push((e, i, None)),
                _ => {}
            }
        }
    }
    out
}

fn redefined(cx: &Ctx, e: usize, tq: &crate::model::QualifiedName, col: &str) -> EditError {
    let line = crate::span::LineIndex::new(cx.text).line_col(cx.stmt(e).start).0;
    EditError::Unsupported(format!("{tq}.{col} is redefined by the ALTER TABLE at line {line}; edit it there"))
}

/// Writes NOT NULL on a column that is NOT NULL now and would not be after the edit: the type
/// (`ty`) and key (`pk`) it will have no longer imply it and nothing else says it.
pub fn keep_not_null(cx: &mut Ctx, ti: usize, ci: usize, ca: &ColAt, ty: &DataType, pk: &[String]) {
    let d = cx.d;
    let t = &cx.schema.tables[ti];
    let c = &t.columns[ci];
    if c.nullable || ca.def.clauses.iter().any(|x| x.kind == ClauseKind::NotNull) {
        return;
    }
    let serial = ty.kind.is_serial() && (d == Dialect::Mysql || (d == Dialect::Postgres && ty.array_dims == 0));
    let identity = d == Dialect::Postgres && ca.def.clauses.iter().any(|x| x.kind == ClauseKind::Identity);
    let in_pk = pk.iter().any(|p| names_eq(d, p, &c.name));
    let forced = in_pk
        && match d {
            Dialect::Sqlite => t.without_rowid || t.strict || (pk.len() == 1 && ty.is_sqlite_integer_keyword()),
            _ => true,
        };
    let altered = later_alters(cx, ti, &c.name).iter().any(|x| x.2 == Some(AlterWhat::SetNotNull));
    if serial || identity || forced || altered {
        return;
    }
    let style = cx.style(ca.entry);
    let st = cx.stmt(ca.entry).clone();
    cx.patch.insert(after_type(ca, &st), format!(" {}", style.kw("NOT NULL")));
}

/// Where the primary key is written.
enum KeySite {
    /// A column's `PRIMARY KEY` clause.
    Inline { entry: usize, range: Range },
    /// A `PRIMARY KEY (...)` element (or ALTER TABLE ... ADD action) with the list at `open`.
    List { entry: usize, item: usize, open: usize, in_alter: bool },
}

fn key_site(cx: &Ctx, ti: usize) -> Result<KeySite, EditError> {
    let t = &cx.schema.tables[ti];
    let pk = t.primary_key.as_ref().ok_or_else(|| EditError::Invalid(format!("{} has no primary key", t.qualified_name())))?;
    let unsupported = || EditError::Unsupported(format!("the primary key of {} is not written where this edit can change it", t.qualified_name()));
    let e = cx.script.entry_at(pk.span.start).ok_or_else(unsupported)?;
    let inline = |def: &super::layout::ColDef| def.clauses.iter().find(|c| c.kind == ClauseKind::PrimaryKey).map(|c| c.range);
    if !cx.target(e).is_some_and(|n| cx.is_table(&n.name, ti)) {
        return Err(unsupported());
    }
    let mut found = None;
    for it in parts(&cx.script.entries[e].kind) {
        match it.part {
            Part::Column(def) => {
                if let Some(range) = inline(def) {
                    found = Some(KeySite::Inline { entry: e, range });
                }
            }
            Part::Constraint(con) if con.kind == ConKind::PrimaryKey => {
                if let Some((open, _)) = con.cols {
                    found = Some(KeySite::List { entry: e, item: it.index, open, in_alter: it.in_alter });
                }
            }
            _ => {}
        }
    }
    found.ok_or_else(unsupported)
}

/// Adds column `col` to the existing primary key: into its column list, or — when a column's
/// `PRIMARY KEY` clause holds it — as a table constraint over both.
pub fn extend_key(cx: &mut Ctx, ti: usize, col: &str) -> Result<(), EditError> {
    let t = &cx.schema.tables[ti];
    let tq = t.qualified_name();
    let pk: Vec<String> = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    match key_site(cx, ti)? {
        KeySite::List { entry, open, .. } => {
            let style = cx.style(entry);
            let st = cx.stmt(entry).clone();
            let close = st.close_of(open).ok_or_else(|| EditError::Unsupported("unclosed key list".into()))?;
            let items = st.items(open, close);
            cx.patch.insert_item(&st, &items, items.len().checked_sub(1), open, &style.name(col));
        }
        KeySite::Inline { entry, range } => {
            let create = cx.create_of(ti)?;
            if entry != create {
                return Err(EditError::Unsupported(format!("the primary key of {tq} is declared in an ALTER TABLE; edit it there")));
            }
            let key_col = pk.first().cloned().unwrap_or_default();
            let kci = t.columns.iter().position(|c| names_eq(cx.d, &c.name, &key_col)).ok_or_else(|| EditError::Unsupported("key column not found".into()))?;
            let ca = cx.col_at(ti, kci)?;
            if ca.def.clauses.iter().any(|c| c.kind == ClauseKind::AutoIncrement) && cx.d == Dialect::Sqlite {
                return Err(EditError::Invalid(format!("{tq}.{key_col} is AUTOINCREMENT, which needs a single-column INTEGER PRIMARY KEY")));
            }
            let st = cx.stmt(entry).clone();
            cx.patch.delete_clause(&st, range);
            let style = cx.style(create);
            let element = format!("{} ({}, {})", style.kw("PRIMARY KEY"), style.name(&key_col), style.name(col));
            let ct = cx.create_table(create).cloned().ok_or_else(|| EditError::Unsupported("no CREATE TABLE".into()))?;
            let items: Vec<Range> = ct.elems.iter().map(|x| x.range).collect();
            let (open, _) = ct.body.ok_or_else(|| EditError::Unsupported("no column list".into()))?;
            cx.patch.insert_item(&st, &items, items.len().checked_sub(1), open, &element);
            let mut after = pk.clone();
            after.push(col.to_string());
            let ty = t.columns[kci].data_type.clone();
            keep_not_null(cx, ti, kci, &ca, &ty, &after);
        }
    }
    Ok(())
}

/// Removes every UNIQUE constraint on exactly `cols` (in order), and with `indexes` also the full
/// unique indexes on the single column `cols[0]`.
fn remove_uniques(cx: &mut Ctx, ti: usize, cols: &[String], indexes: bool) {
    let d = cx.d;
    let same = |names: &[String]| names.len() == cols.len() && names.iter().zip(cols).all(|(a, b)| names_eq(d, a, b));
    for e in cx.entries_of(ti) {
        let st = cx.stmt(e).clone();
        let kind = cx.script.entries[e].kind.clone();
        let def_uniques = |def: &super::layout::ColDef| -> Vec<Range> {
            let named = st.ident(d, def.name).is_some_and(|n| cols.len() == 1 && names_eq(d, &n, &cols[0]));
            if !named {
                return Vec::new();
            }
            def.clauses.iter().filter(|c| c.kind == ClauseKind::Unique).map(|c| c.range).collect()
        };
        let con_unique = |con: &super::layout::Con| con.kind == ConKind::Unique && con.cols.is_some_and(|(o, c)| same(&cx.list_names(e, o, c)));
        let mut clauses: Vec<Range> = Vec::new();
        let mut items: Vec<(usize, bool)> = Vec::new();
        for it in parts(&kind) {
            match it.part {
                Part::Column(def) => clauses.extend(def_uniques(def)),
                Part::Constraint(con) if con_unique(con) => items.push((it.index, it.in_alter)),
                _ => {}
            }
        }
        for r in clauses {
            cx.patch.delete_clause(&st, r);
        }
        for (i, in_alter) in items {
            cx.remove_item(e, i, in_alter);
        }
        match kind {
            Kind::CreateIndex { unique: true, keys: Some((o, c)), .. } if indexes && cols.len() == 1 => {
                let items = st.items(o, c);
                let partial = st.toks.iter().skip(c).any(|t| t.is("WHERE"));
                let one = items.len() == 1 && st.ident(d, items[0].first).is_some_and(|n| names_eq(d, &n, &cols[0]));
                let plain = one && (items[0].first == items[0].last || !st.is_punct(items[0].first + 1, '(') || d == Dialect::Mysql);
                if plain && !partial {
                    cx.remove_stmt(e);
                }
            }
            _ => {}
        }
    }
}

/// Before the primary key of table `ti` changes: REFERENCES to it without a column list get the
/// key's current columns written, so they keep referencing what they reference now.
fn pin_implicit_refs(cx: &mut Ctx, ti: usize) {
    let Some(pk) = cx.schema.tables[ti].primary_key.as_ref().map(|p| p.columns.clone()) else { return };
    for f in cx.refs_to(ti) {
        if f.refs.cols.is_none() {
            let style = cx.style(f.entry);
            let list: Vec<String> = pk.iter().map(|c| style.name(c)).collect();
            let at = cx.stmt(f.entry).end_of(f.refs.table.last);
            cx.patch.insert(at, format!(" ({})", list.join(", ")));
        }
    }
}
