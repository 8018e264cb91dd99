//! Adding, renaming, retyping and deleting columns.

use super::layout::{ActionKind, ClauseKind, ColDef, ConKind, Con, ElemKind, Stmt};
use super::patch::starts_line;
use super::script::Kind;
use super::{flags, mentions_in, parts, Ctx, Part};
use crate::edit::expr::names_eq;
use crate::edit::{EditError, NewColumn};

/// A new column after the table's last column definition.
pub fn add(cx: &mut Ctx, ti: usize, nc: &NewColumn) -> Result<String, EditError> {
    let e = cx.create_of(ti)?;
    let style = cx.style(e);
    let ct = cx.create_table(e).cloned().ok_or_else(|| EditError::Unsupported("no CREATE TABLE".into()))?;
    let (open, _) = ct.body.ok_or_else(|| EditError::Unsupported("no column list".into()))?;
    let items: Vec<_> = ct.elems.iter().map(|x| x.range).collect();
    let last_col = ct.elems.iter().rposition(|x| matches!(x.kind, ElemKind::Column(_)));
    let t = &cx.schema.tables[ti];
    let sole_key = nc.primary_key && t.primary_key.is_none();
    let mut def = style.name_and_type(&style.name(&nc.name), &style.ty(&nc.data_type));
    for (on, kw) in [(nc.not_null, "NOT NULL"), (sole_key, "PRIMARY KEY"), (nc.unique && !sole_key, "UNIQUE")] {
        if on {
            def.push(' ');
            def.push_str(&style.kw(kw));
        }
    }
    let st = cx.stmt(e).clone();
    cx.patch.insert_item(&st, &items, last_col, open, &def);
    if nc.primary_key && !sole_key {
        flags::extend_key(cx, ti, &nc.name)?;
    }
    Ok(format!("Add column {}.{}", t.qualified_name(), nc.name))
}

/// Every place statement `e` (about table `tname`) writes column `col` in an expression or a
/// column list, except REFERENCES targets (see [`Ctx::refs_to`]).
fn column_uses(cx: &Ctx, e: usize, tname: &str, col: &str) -> Vec<(usize, usize)> {
    let st = cx.stmt(e);
    let mut out = Vec::new();
    let def_uses = |def: &ColDef, out: &mut Vec<(usize, usize)>| {
        for c in &def.clauses {
            if matches!(c.kind, ClauseKind::Check | ClauseKind::Generated) {
                let from = (c.range.first..=c.range.last).find(|&k| st.is(k, "CHECK") || st.is(k, "GENERATED") || st.is(k, "AS")).unwrap_or(c.range.first);
                out.extend(mentions_in(cx, st.at(from), st.end_of(c.range.last), tname, col));
            }
        }
    };
    let con_uses = |con: &Con, out: &mut Vec<(usize, usize)>| {
        if let Some((o, c)) = con.cols {
            if con.kind == ConKind::Check {
                out.extend(mentions_in(cx, st.at(o), st.end_of(c), tname, col));
            } else {
                out.extend(cx.list_hits(e, o, c, col).into_iter().map(|k| (st.at(k), st.end_of(k))));
            }
        }
    };
    let tok = |k: usize| (st.at(k), st.end_of(k));
    let named = |k: usize| st.ident(cx.d, k).is_some_and(|n| names_eq(cx.d, &n, col));
    let kind = &cx.script.entries[e].kind;
    for it in parts(kind) {
        match it.part {
            Part::Column(def) => {
                if named(def.name) {
                    out.push(tok(def.name));
                }
                def_uses(def, &mut out);
            }
            Part::Constraint(con) => con_uses(con, &mut out),
        }
    }
    match kind {
        Kind::AlterTable(at) => {
            for a in &at.actions {
                match &a.kind {
                    ActionKind::AlterColumn { column, .. } | ActionKind::Redefine { column } | ActionKind::DropColumn { column } if named(*column) => out.push(tok(*column)),
                    _ => {}
                }
            }
        }
        Kind::CreateIndex { keys: Some((o, c)), .. } => {
            out.extend(cx.list_hits(e, *o, *c, col).into_iter().map(tok));
            out.extend(mentions_in(cx, st.at(*o), st.end, tname, col));
        }
        Kind::Comment { column: Some(k), .. } | Kind::SequenceOwnedBy { column: k, .. } if named(*k) => out.push(tok(*k)),
        Kind::OnTable { table } => {
            let after = table.last + 1;
            if st.is(0, "CREATE") {
                out.extend(mentions_in(cx, st.end_of(table.last), st.end, tname, col));
            } else if (st.is(0, "INSERT") || st.is(0, "REPLACE") || st.is(0, "COPY")) && st.is_punct(after, '(') {
                if let Some(c) = st.close_of(after) {
                    out.extend(cx.list_hits(e, after, c, col).into_iter().map(tok));
                }
            }
        }
        _ => {}
    }
    crate::sort::ord(&mut out);
    out.dedup();
    out
}

/// Renames the column wherever the table's statements and the REFERENCES to it name it.
pub fn rename(cx: &mut Ctx, ti: usize, ci: usize, to: &str) -> Result<String, EditError> {
    let t = &cx.schema.tables[ti];
    let (tq, tname, old) = (t.qualified_name(), t.name.clone(), t.columns[ci].name.clone());
    let ca = cx.col_at(ti, ci)?;
    let create = cx.create_of(ti)?;
    let style = cx.style(create);
    let new = style.name(to);
    // the definition: in a table that aligns its types, the type stays in its column
    let st = cx.stmt(ca.entry).clone();
    let name_at = (st.at(ca.def.name), st.end_of(ca.def.name));
    match (style.type_column, ca.def.ty, ca.in_create && starts_line(cx.text, name_at.0)) {
        (Some(_), Some(ty), true) => {
            let ty_at = st.at(ty.first);
            cx.patch.replace(name_at.0, ty_at, style.name_and_type(&new, "").to_string());
        }
        _ => cx.patch.replace(name_at.0, name_at.1, new.clone()),
    }
    for e in cx.entries_of(ti) {
        if let Some(at) = cx.alter_table(e) {
            if at.actions.iter().any(|a| matches!(a.kind, ActionKind::RenameColumn)) {
                return Err(EditError::Unsupported(format!("{tq} renames columns in an ALTER TABLE; edit the text there")));
            }
        }
        for (a, b) in column_uses(cx, e, &tname, &old) {
            if (a, b) != name_at {
                cx.patch.replace(a, b, new.clone());
            }
        }
    }
    for f in cx.refs_to(ti) {
        if let Some((o, c)) = f.refs.cols {
            for k in cx.list_hits(f.entry, o, c, &old) {
                cx.rename_at(f.entry, k, &new);
            }
        }
    }
    Ok(format!("Rename column {tq}.{old} to {to}"))
}

/// Changes the column's type where it is defined.
pub fn retype(cx: &mut Ctx, ti: usize, ci: usize, to: &str) -> Result<String, EditError> {
    let ca = cx.col_at(ti, ci)?;
    let t = &cx.schema.tables[ti];
    let (tq, col) = (t.qualified_name(), t.columns[ci].name.clone());
    for e in cx.entries_of(ti).into_iter().filter(|&e| e > ca.entry) {
        let st = cx.stmt(e);
        let changes = cx.alter_table(e).is_some_and(|at| {
            at.actions.iter().any(|a| match a.kind {
                ActionKind::AlterColumn { column, what: super::layout::AlterWhat::Type } | ActionKind::Redefine { column } => {
                    st.ident(cx.d, column).is_some_and(|n| names_eq(cx.d, &n, &col))
                }
                _ => false,
            })
        });
        if changes {
            let line = crate::span::LineIndex::new(cx.text).line_col(st.start).0;
            return Err(EditError::Unsupported(format!("the type of {tq}.{col} is changed by the ALTER TABLE at line {line}; edit it there")));
        }
    }
    let style = cx.create_of(ti).map_or_else(|_| cx.style(ca.entry), |e| cx.style(e));
    let ty = style.ty(to);
    let st = cx.stmt(ca.entry).clone();
    match ca.def.ty {
        Some(r) => {
            let (a, b) = st.bytes(r);
            cx.patch.replace(a, b, ty);
        }
        None => cx.patch.insert(st.end_of(ca.def.name), format!(" {ty}")),
    }
    let new_ty = crate::edit::spec::read_type(cx.d, to)?;
    let pk = t.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default();
    flags::keep_not_null(cx, ti, ci, &ca, &new_ty, &pk);
    Ok(format!("Change the type of {tq}.{col} to {to}"))
}

/// Whether the statement's item at `k` uses the column (for deleting what depends on it).
fn con_uses_col(cx: &Ctx, st: &Stmt, e: usize, con: &Con, tname: &str, col: &str) -> bool {
    match (con.kind, con.cols) {
        (ConKind::Check, Some((o, c))) => !mentions_in(cx, st.at(o), st.end_of(c), tname, col).is_empty(),
        (_, Some((o, c))) => !cx.list_hits(e, o, c, col).is_empty(),
        _ => false,
    }
}

/// Deletes the column's definition, what in the table uses it, and the relationships to it.
pub fn drop(cx: &mut Ctx, ti: usize, ci: usize) -> Result<String, EditError> {
    let ca = cx.col_at(ti, ci)?;
    let t = &cx.schema.tables[ti];
    let (tq, tname, col) = (t.qualified_name(), t.name.clone(), t.columns[ci].name.clone());
    let in_pk = t.primary_key.as_ref().is_some_and(|p| p.columns.iter().any(|c| names_eq(cx.d, c, &col)));
    cx.remove_item(ca.entry, ca.item, !ca.in_create);
    let mut dependents = 0;
    for e in cx.entries_of(ti) {
        let st = cx.stmt(e).clone();
        let kind = cx.script.entries[e].kind.clone();
        let def_checks = |cx: &Ctx, def: &ColDef| -> Vec<super::layout::Range> {
            def.clauses
                .iter()
                .filter(|c| c.kind == ClauseKind::Check && !mentions_in(cx, st.at(c.range.first), st.end_of(c.range.last), &tname, &col).is_empty())
                .map(|c| c.range)
                .collect()
        };
        let d = cx.d;
        let named = |k: usize| st.ident(d, k).is_some_and(|n| names_eq(d, &n, &col));
        for it in parts(&kind) {
            match it.part {
                Part::Column(def) if !named(def.name) => {
                    for r in def_checks(cx, def) {
                        cx.patch.delete_clause(&st, r);
                        dependents += 1;
                    }
                }
                Part::Constraint(con) if con_uses_col(cx, &st, e, con, &tname, &col) => {
                    cx.remove_item(e, it.index, it.in_alter);
                    dependents += 1;
                }
                _ => {}
            }
        }
        match kind {
            Kind::AlterTable(at) => {
                for (i, a) in at.actions.iter().enumerate() {
                    match &a.kind {
                        ActionKind::AlterColumn { column, .. } | ActionKind::Redefine { column } if named(*column) => cx.remove_action(e, i),
                        _ => {}
                    }
                }
            }
            Kind::CreateIndex { .. } if !column_uses(cx, e, &tname, &col).is_empty() => {
                cx.remove_stmt(e);
                dependents += 1;
            }
            Kind::Comment { column: Some(k), .. } | Kind::SequenceOwnedBy { column: k, .. } if named(k) => cx.remove_stmt(e),
            _ => {}
        }
    }
    let owned: Vec<String> = cx
        .schema
        .sequences
        .iter()
        .filter(|s| s.owned_by.as_ref().is_some_and(|(o, c)| cx.schema.table_index(o) == Some(ti) && names_eq(cx.d, c, &col)))
        .map(|s| s.name.clone())
        .collect();
    for e in 0..cx.script.entries.len() {
        if let Kind::CreateSequence { name } = &cx.script.entries[e].kind {
            if owned.iter().any(|o| names_eq(cx.d, o, &name.name.name)) {
                cx.remove_stmt(e);
            }
        }
    }
    for f in cx.refs_to(ti) {
        let own = cx.is_table(&f.owner, ti) && f.columns.iter().any(|c| names_eq(cx.d, c, &col));
        let hits = match f.refs.cols {
            Some((o, c)) => !cx.list_hits(f.entry, o, c, &col).is_empty(),
            None => in_pk,
        };
        if hits && !own {
            cx.also.push(format!("the relationship {} → {tq}", f.owner));
            cx.remove_fk(&f);
        }
    }
    if dependents > 0 {
        cx.also.push(format!("{dependents} key(s), index(es) or check(s) using it"));
    }
    Ok(format!("Delete column {tq}.{col}"))
}
