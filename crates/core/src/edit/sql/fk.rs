//! Relationships: adding a foreign key (with the key its target lacks, when asked), changing its
//! ON DELETE / ON UPDATE, deleting it.
//!
//! A new foreign key is written the way the file writes them: as an `ALTER TABLE ... ADD FOREIGN
//! KEY` statement after the last such statement when the file keeps its foreign keys in ALTER
//! TABLEs (pg_dump), or after the target's CREATE TABLE when the target is created later
//! (PostgreSQL and MySQL reject a forward reference; SQLite checks references only when rows
//! change); otherwise inside the CREATE TABLE — a column's `REFERENCES` clause for one column
//! (not in MySQL, which ignores those), a `FOREIGN KEY` element for several.

use super::layout::{ActionKind, ConKind, ElemKind, Range};
use super::patch::{line_end, newline, rest_is_free};
use super::style::Style;
use super::{action_sql, Ctx};
use crate::dialect::Dialect;
use crate::edit::expr::names_eq;
use crate::edit::spec::{ref_columns, unique_key};
use crate::edit::{EditError, NewRelationship};
use crate::model::RefAction;

/// ` ON DELETE x ON UPDATE y` for the given actions.
fn actions_text(style: &Style, on_delete: Option<RefAction>, on_update: Option<RefAction>) -> String {
    let mut s = String::new();
    if let Some(a) = on_delete {
        s.push_str(&format!(" {}", style.kw(&format!("ON DELETE {}", action_sql(a)))));
    }
    if let Some(a) = on_update {
        s.push_str(&format!(" {}", style.kw(&format!("ON UPDATE {}", action_sql(a)))));
    }
    s
}

pub fn add(cx: &mut Ctx, r: &NewRelationship) -> Result<String, EditError> {
    let d = cx.d;
    let ti = cx.table(&r.table)?;
    let ri = cx.table(&r.ref_table)?;
    let rcols = ref_columns(cx.schema, r)?;
    let t = &cx.schema.tables[ti];
    let rt = &cx.schema.tables[ri];
    let cols: Vec<String> = r.columns.iter().map(|c| t.column(c).map_or_else(|| c.clone(), |x| x.name.clone())).collect();
    let (tq, rq) = (t.qualified_name(), rt.qualified_name());
    let create = cx.create_of(ti)?;
    let rcreate = cx.create_of(ri)?;
    let style = cx.style(create);
    if r.create_key && !unique_key(d, rt, &rcols) {
        add_key(cx, ri, rcreate, &rcols)?;
        cx.also.push(format!("a unique key on {rq} ({})", rcols.join(", ")));
    }
    let target = format!(
        "{} {} ({})",
        style.kw("REFERENCES"),
        style.qname(rt.schema.as_deref(), &rt.name),
        rcols.iter().map(|c| style.name(c)).collect::<Vec<_>>().join(", ")
    );
    let tail = actions_text(&style, r.on_delete, r.on_update);
    let template = (0..cx.script.entries.len()).rev().find(|&e| {
        cx.alter_table(e).is_some_and(|at| at.actions.iter().any(|a| matches!(&a.kind, ActionKind::AddConstraint(c) if c.kind == ConKind::ForeignKey)))
    });
    let forward = d != Dialect::Sqlite && ri != ti && rcreate > create;
    if template.is_some() || forward {
        let after = template.unwrap_or(rcreate).max(rcreate);
        let stmt = alter_text(cx, template, &tq, &cols, &target, &tail);
        insert_after(cx, after, &stmt);
    } else {
        let ct = cx.create_table(create).cloned().ok_or_else(|| EditError::Unsupported("no CREATE TABLE".into()))?;
        let st = cx.stmt(create).clone();
        let inline_style = (0..cx.script.entries.len()).any(|e| cx.fk_texts(e).iter().any(|f| matches!(f.site, super::Site::Inline { .. })));
        let element_style = (0..cx.script.entries.len()).any(|e| cx.fk_texts(e).iter().any(|f| matches!(f.site, super::Site::Constraint { in_alter: false, .. })));
        let column = ct.elems.iter().find_map(|el| match &el.kind {
            ElemKind::Column(def) if cols.len() == 1 && st.ident(d, def.name).is_some_and(|n| names_eq(d, &n, &cols[0])) => Some(el.range),
            _ => None,
        });
        match column {
            Some(range) if d != Dialect::Mysql && (inline_style || !element_style) => cx.patch.insert(st.end_of(range.last), format!(" {target}{tail}")),
            _ => {
                let element = format!("{} ({}) {target}{tail}", style.kw("FOREIGN KEY"), cols.iter().map(|c| style.name(c)).collect::<Vec<_>>().join(", "));
                let items: Vec<Range> = ct.elems.iter().map(|x| x.range).collect();
                let (open, _) = ct.body.ok_or_else(|| EditError::Unsupported("no column list".into()))?;
                cx.patch.insert_item(&st, &items, items.len().checked_sub(1), open, &element);
            }
        }
    }
    Ok(format!("Add relationship {tq} ({}) → {rq} ({})", cols.join(", "), rcols.join(", ")))
}

/// A UNIQUE on the referenced columns: the column's `UNIQUE` clause for one, a `UNIQUE (...)`
/// element for several.
fn add_key(cx: &mut Ctx, ri: usize, create: usize, cols: &[String]) -> Result<(), EditError> {
    let d = cx.d;
    if cols.len() == 1 {
        let ci = crate::edit::spec::col_idx(&cx.schema.tables[ri], d, &cx.schema.tables[ri].qualified_name(), &cols[0])?;
        super::flags::set(cx, ri, ci, crate::edit::ColumnFlag::Unique, true)?;
        return Ok(());
    }
    let style = cx.style(create);
    let ct = cx.create_table(create).cloned().ok_or_else(|| EditError::Unsupported("no CREATE TABLE".into()))?;
    let st = cx.stmt(create).clone();
    let items: Vec<Range> = ct.elems.iter().map(|x| x.range).collect();
    let (open, _) = ct.body.ok_or_else(|| EditError::Unsupported("no column list".into()))?;
    let element = format!("{} ({})", style.kw("UNIQUE"), cols.iter().map(|c| style.name(c)).collect::<Vec<_>>().join(", "));
    cx.patch.insert_item(&st, &items, items.len().checked_sub(1), open, &element);
    Ok(())
}

/// `ALTER TABLE [ONLY] t ADD FOREIGN KEY (...) REFERENCES ...;` laid out like `template` (the
/// file's last such statement) when there is one.
fn alter_text(cx: &Ctx, template: Option<usize>, tq: &crate::model::QualifiedName, cols: &[String], target: &str, tail: &str) -> String {
    let style = match template {
        Some(e) => cx.style(e),
        None => cx.style(cx.create_of(cx.table(tq).unwrap_or(0)).unwrap_or(0)),
    };
    let (only, gap) = match template.and_then(|e| cx.alter_table(e).map(|a| (e, a))) {
        Some((e, at)) => {
            let st = cx.stmt(e);
            let only = st.is(at.name.first - 1, "ONLY");
            let first = at.actions.first().map_or(st.end, |a| st.at(a.range.first));
            let gap = cx.text[st.end_of(at.name.last)..first].to_string();
            (only, if gap.trim().is_empty() && !gap.is_empty() { gap } else { " ".into() })
        }
        None => (false, " ".into()),
    };
    let cols: Vec<String> = cols.iter().map(|c| style.name(c)).collect();
    format!(
        "{}{} {}{gap}{} ({}) {target}{tail};",
        style.kw("ALTER TABLE"),
        if only { format!(" {}", style.kw("ONLY")) } else { String::new() },
        style.qname(tq.schema.as_deref(), &tq.name),
        style.kw("ADD FOREIGN KEY"),
        cols.join(", ")
    )
}

/// Inserts a statement on its own line after statement `e` (keeping `e`'s trailing comment on its
/// line), separated as `e` is from the statement before it.
fn insert_after(cx: &mut Ctx, e: usize, stmt: &str) {
    let text = cx.text;
    let nl = newline(text);
    let st = cx.stmt(e).clone();
    let b = text.as_bytes();
    let mut k = st.end;
    while k < b.len() && (b[k] == b' ' || b[k] == b'\t') {
        k += 1;
    }
    let semi = b.get(k) == Some(&b';');
    if !semi {
        cx.patch.insert(st.end, ";");
    }
    let at = if semi { k + 1 } else { st.end };
    let at = if rest_is_free(text, at) { line_end(text, at) } else { at };
    let at = if text[..at].ends_with('\r') { at - 1 } else { at };
    let gap = if e > 0 { cx.text[cx.stmt(e - 1).end..st.start].matches('\n').count().clamp(1, 2) } else { 1 };
    cx.patch.insert(at, format!("{}{stmt}", nl.repeat(gap)));
}

/// Sets or removes the ON DELETE / ON UPDATE clauses of foreign key `fi` of table `ti`.
pub fn set_actions(cx: &mut Ctx, ti: usize, fi: usize, on_delete: Option<RefAction>, on_update: Option<RefAction>) -> Result<String, EditError> {
    let t = &cx.schema.tables[ti];
    let fk = t.foreign_keys.get(fi).ok_or_else(|| EditError::NoRelationship { table: t.qualified_name(), fk: fi })?;
    let desc = format!("Set the actions of relationship {} ({}) → {}", t.qualified_name(), fk.columns.join(", "), fk.ref_table);
    let f = cx.fk_at(ti, fi)?;
    let style = cx.style(f.entry);
    let st = cx.stmt(f.entry).clone();
    let r = &f.refs;
    let anchor = r.matching.map_or_else(|| r.cols.map_or(r.table.last, |c| c.1), |m| m.last);
    let anchor = st.end_of(anchor);
    let edit = |cx: &mut Ctx, have: Option<Range>, want: Option<RefAction>, kw: &str, at: usize| match (have, want) {
        (Some(h), Some(a)) => {
            let (x, y) = st.bytes(h);
            cx.patch.replace(x, y, style.kw(&format!("{kw} {}", action_sql(a))));
        }
        (Some(h), None) => cx.patch.delete_clause(&st, h),
        (None, Some(a)) => cx.patch.insert(at, format!(" {}", style.kw(&format!("{kw} {}", action_sql(a))))),
        (None, None) => {}
    };
    edit(cx, r.on_delete, on_delete, "ON DELETE", anchor);
    let after_delete = r.on_delete.map_or(anchor, |h| st.end_of(h.last));
    edit(cx, r.on_update, on_update, "ON UPDATE", after_delete);
    Ok(desc)
}

/// Deletes foreign key `fi` of table `ti` where it is written.
pub fn drop(cx: &mut Ctx, ti: usize, fi: usize) -> Result<String, EditError> {
    let t = &cx.schema.tables[ti];
    let fk = t.foreign_keys.get(fi).ok_or_else(|| EditError::NoRelationship { table: t.qualified_name(), fk: fi })?;
    let desc = format!("Delete relationship {} ({}) → {}", t.qualified_name(), fk.columns.join(", "), fk.ref_table);
    let f = cx.fk_at(ti, fi)?;
    cx.remove_fk(&f);
    Ok(desc)
}
