//! The SQL planner: finds where the edited table, column or relationship is written and writes
//! the change there (PostgreSQL, MySQL, SQLite).
//!
//! - Tables and columns are edited where they are defined: the CREATE TABLE, or the ALTER TABLE
//!   ... ADD COLUMN that added the column. SQLite cannot ALTER most things, and a person editing a
//!   schema file wants the definition changed, so no ALTER TABLE statements are appended for
//!   changes; new relationships are the exception where the file writes its foreign keys as ALTER
//!   TABLE statements (pg_dump) or the target table is created later (PostgreSQL and MySQL refuse a
//!   forward reference).
//! - Other statements change where they name what is edited: ALTER TABLE, CREATE INDEX ... ON,
//!   COMMENT ON, ALTER SEQUENCE ... OWNED BY, triggers and policies ON the table, INSERT/COPY
//!   targets, and REFERENCES in other tables.
//! - Removals go through [`Ctx::remove`] so several items of one list (ALTER TABLE actions, table
//!   elements) leave well-formed commas, and an ALTER TABLE left with nothing is removed whole.

mod column;
mod fk;
mod flags;
pub mod layout;
pub mod patch;
pub mod script;
pub mod style;
mod table;

use self::layout::{ActionKind, AlterTable, ClauseKind, ColDef, ConKind, CreateTable, ElemKind, NameAt, Range, Refs, Stmt};
use self::patch::Patch;
use self::script::{Kind, Script};
use self::style::Style;
use super::canon::{NameKind, Written};
use super::expr::names_eq;
use super::{EditError, SchemaEdit};
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::{QualifiedName, Schema};
use std::collections::{BTreeMap, BTreeSet};

/// Plans `edit` on `text` (validated against the model by `spec::expected` before); with the
/// names the text writes (for the check).
pub fn plan(text: &str, d: Dialect, schema: &Schema, diags: &[Diagnostic], edit: &SchemaEdit) -> Result<(Fix, Written), EditError> {
    let mut cx = Ctx { text, d, schema, diags, script: Script::read(text, d), patch: Patch::new(text), removals: BTreeMap::new(), also: Vec::new() };
    let description = match edit {
        SchemaEdit::AddTable { table, columns, after } => table::add(&mut cx, table, columns, after.as_ref())?,
        SchemaEdit::RenameTable { table, to } => {
            let ti = cx.table(table)?;
            table::rename(&mut cx, ti, to)?
        }
        SchemaEdit::DropTable { table } => {
            let ti = cx.table(table)?;
            table::drop(&mut cx, ti)?
        }
        SchemaEdit::AddColumn { table, column } => {
            let ti = cx.table(table)?;
            column::add(&mut cx, ti, column)?
        }
        SchemaEdit::RenameColumn { table, column, to } => {
            let (ti, ci) = cx.column(table, column)?;
            column::rename(&mut cx, ti, ci, to)?
        }
        SchemaEdit::RetypeColumn { table, column, to } => {
            let (ti, ci) = cx.column(table, column)?;
            column::retype(&mut cx, ti, ci, to)?
        }
        SchemaEdit::DropColumn { table, column } => {
            let (ti, ci) = cx.column(table, column)?;
            column::drop(&mut cx, ti, ci)?
        }
        SchemaEdit::SetColumnFlag { table, column, flag, on } => {
            let (ti, ci) = cx.column(table, column)?;
            flags::set(&mut cx, ti, ci, *flag, *on)?
        }
        SchemaEdit::AddRelationship(r) => fk::add(&mut cx, r)?,
        SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } => {
            let ti = cx.table(table)?;
            fk::set_actions(&mut cx, ti, *fk, *on_delete, *on_update)?
        }
        SchemaEdit::DropRelationship { table, fk } => {
            let ti = cx.table(table)?;
            fk::drop(&mut cx, ti, *fk)?
        }
        SchemaEdit::AddIndex { table, columns, name } => {
            let ti = cx.table(table)?;
            table::add_index(&mut cx, ti, columns, name.as_deref())?
        }
    };
    cx.flush();
    cx.check_touched()?;
    let mut description = description;
    if !cx.also.is_empty() {
        description.push_str(&format!(" (and {})", cx.also.join(", ")));
    }
    let mut names = written_in(&cx.script, d);
    names.extend(new_names(schema, edit));
    let written = Written::new(d, names);
    Ok((Fix { description, edits: cx.patch.finish()? }, written))
}

/// `edit` with the names SQL must write and the edit leaves open (an index is always named:
/// without a name, the lint's `idx_<table>_<columns>`); `None` when it names everything.
pub fn named(schema: &Schema, edit: &SchemaEdit) -> Option<SchemaEdit> {
    let SchemaEdit::AddIndex { table, columns, name: None } = edit else { return None };
    let t = schema.table(table)?;
    let name = crate::lint::rules::fk_missing_index::index_name(schema.dialect, &t.name, columns);
    Some(SchemaEdit::AddIndex { table: table.clone(), columns: columns.clone(), name: Some(name) })
}

/// The names the edit writes into the text (a new index's).
pub fn new_names(schema: &Schema, edit: &SchemaEdit) -> Vec<(Option<String>, NameKind, String)> {
    match edit {
        SchemaEdit::AddIndex { table, name: Some(n), .. } => vec![(schema.table(table).map(|t| t.name.clone()), NameKind::Index, n.clone())],
        _ => Vec::new(),
    }
}

/// Which list of a statement an item belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum List {
    /// The elements of a CREATE TABLE body.
    Body,
    /// The actions of an ALTER TABLE.
    Actions,
    /// The items between the `(` at this token and its `)` (a key's column list).
    Paren(usize),
}

pub struct Ctx<'a> {
    pub text: &'a str,
    pub d: Dialect,
    pub schema: &'a Schema,
    diags: &'a [Diagnostic],
    pub script: Script,
    pub patch: Patch<'a>,
    /// Items to remove, per (entry, list): removed together by [`Ctx::flush`].
    removals: BTreeMap<(usize, List), BTreeSet<usize>>,
    /// What else the edit changes, for its description.
    pub also: Vec<String>,
}

/// A column definition or a table constraint.
#[derive(Clone, Copy, Debug)]
pub enum Part<'s> {
    Column(&'s ColDef),
    Constraint(&'s layout::Con),
}

/// A column definition or table constraint of a statement: CREATE TABLE element or ALTER TABLE
/// `ADD` action number `index` of its list.
#[derive(Clone, Copy, Debug)]
pub struct Item<'s> {
    pub index: usize,
    pub in_alter: bool,
    pub part: Part<'s>,
}

/// The column definitions and table constraints a statement writes, in order.
pub fn parts(kind: &Kind) -> Vec<Item<'_>> {
    match kind {
        Kind::CreateTable(ct) => ct
            .elems
            .iter()
            .enumerate()
            .filter_map(|(index, el)| match &el.kind {
                ElemKind::Column(def) => Some(Item { index, in_alter: false, part: Part::Column(def) }),
                ElemKind::Constraint(con) => Some(Item { index, in_alter: false, part: Part::Constraint(con) }),
                ElemKind::Other => None,
            })
            .collect(),
        Kind::AlterTable(at) => at
            .actions
            .iter()
            .enumerate()
            .filter_map(|(index, a)| match &a.kind {
                ActionKind::AddColumn(def) => Some(Item { index, in_alter: true, part: Part::Column(def) }),
                ActionKind::AddConstraint(con) => Some(Item { index, in_alter: true, part: Part::Constraint(con) }),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Where a foreign key is written.
#[derive(Clone, Debug)]
pub enum Site {
    /// `REFERENCES ...` clause `clause` of a column definition (in a CREATE TABLE body or an
    /// ALTER TABLE ... ADD COLUMN).
    Inline { clause: usize, def: ColDef },
    /// A `FOREIGN KEY` table constraint: CREATE TABLE element or ALTER TABLE action `item`.
    Constraint { item: usize, in_alter: bool },
}

#[derive(Clone, Debug)]
pub struct FkText {
    pub entry: usize,
    /// The table the statement defines or alters.
    pub owner: QualifiedName,
    pub site: Site,
    /// The foreign key's own columns.
    pub columns: Vec<String>,
    pub refs: Refs,
}

/// Where a column is defined.
#[derive(Clone, Debug)]
pub struct ColAt {
    pub entry: usize,
    pub def: ColDef,
    /// Item index in the body (CREATE TABLE) or the actions (ALTER TABLE ... ADD COLUMN).
    pub item: usize,
    pub in_create: bool,
}

impl<'a> Ctx<'a> {
    pub fn table(&self, q: &QualifiedName) -> Result<usize, EditError> {
        self.schema.table_index(q).ok_or_else(|| EditError::NoTable(q.clone()))
    }

    pub fn column(&self, q: &QualifiedName, name: &str) -> Result<(usize, usize), EditError> {
        let ti = self.table(q)?;
        Ok((ti, super::spec::col_idx(&self.schema.tables[ti], self.d, q, name)?))
    }

    pub fn stmt(&self, e: usize) -> &Stmt {
        &self.script.entries[e].stmt
    }

    /// Whether a name read from the text means table `ti`.
    pub fn is_table(&self, n: &QualifiedName, ti: usize) -> bool {
        self.schema.table_index(n) == Some(ti)
    }

    /// The table a statement works on, with where its name is written.
    pub fn target(&self, e: usize) -> Option<&NameAt> {
        match &self.script.entries[e].kind {
            Kind::CreateTable(c) => Some(&c.name),
            Kind::AlterTable(a) => Some(&a.name),
            Kind::CreateIndex { table, .. } | Kind::Comment { table, .. } | Kind::SequenceOwnedBy { table, .. } | Kind::OnTable { table } => Some(table),
            Kind::CreateSequence { .. } | Kind::Other => None,
        }
    }

    /// Every statement that works on table `ti`, in order.
    pub fn entries_of(&self, ti: usize) -> Vec<usize> {
        (0..self.script.entries.len()).filter(|&e| self.target(e).is_some_and(|n| self.is_table(&n.name, ti))).collect()
    }

    pub fn create_table(&self, e: usize) -> Option<&CreateTable> {
        match &self.script.entries[e].kind {
            Kind::CreateTable(c) => Some(c),
            _ => None,
        }
    }

    pub fn alter_table(&self, e: usize) -> Option<&AlterTable> {
        match &self.script.entries[e].kind {
            Kind::AlterTable(a) => Some(a),
            _ => None,
        }
    }

    /// The CREATE TABLE statement of table `ti` (with a column list).
    pub fn create_of(&self, ti: usize) -> Result<usize, EditError> {
        let e = self.create_entry(ti)?;
        match self.create_table(e) {
            Some(c) if c.body.is_some() => Ok(e),
            _ => Err(EditError::Unsupported(format!(
                "{} is created without a column list (from a query, as a partition or a virtual table); edit it in the text",
                self.schema.tables[ti].qualified_name()
            ))),
        }
    }

    /// The CREATE [VIRTUAL] TABLE statement of table `ti`, with or without a column list.
    pub fn create_entry(&self, ti: usize) -> Result<usize, EditError> {
        let t = &self.schema.tables[ti];
        match self.script.entry_at(t.span.start).and_then(|e| self.create_table(e).map(|c| (e, c))) {
            Some((e, c)) if self.is_table(&c.name.name, ti) => Ok(e),
            _ => Err(EditError::Unsupported(format!("{} is not defined by a plain CREATE TABLE statement (inside a DO block or generated)", t.qualified_name()))),
        }
    }

    /// The items of a statement's list.
    fn items(&self, e: usize, list: List) -> Vec<Range> {
        match list {
            List::Body => self.create_table(e).map(|c| c.elems.iter().map(|x| x.range).collect()).unwrap_or_default(),
            List::Actions => self.alter_table(e).map(|a| a.actions.iter().map(|x| x.range).collect()).unwrap_or_default(),
            List::Paren(open) => {
                let st = self.stmt(e);
                st.close_of(open).map(|c| st.items(open, c)).unwrap_or_default()
            }
        }
    }

    /// Where column `ci` of table `ti` is defined.
    pub fn col_at(&self, ti: usize, ci: usize) -> Result<ColAt, EditError> {
        let t = &self.schema.tables[ti];
        let c = &t.columns[ci];
        let line = crate::span::LineIndex::new(self.text).line_col(c.span.start).0;
        let unsupported = || EditError::Unsupported(format!("{}.{} is defined at line {line} in a form this edit cannot change; edit it there", t.qualified_name(), c.name));
        let e = self.script.entry_at(c.span.start).ok_or_else(unsupported)?;
        let st = self.stmt(e);
        let named = |def: &ColDef| st.ident(self.d, def.name).is_some_and(|n| names_eq(self.d, &n, &c.name));
        if !self.target(e).is_some_and(|n| self.is_table(&n.name, ti)) {
            return Err(unsupported());
        }
        parts(&self.script.entries[e].kind)
            .into_iter()
            .find_map(|it| match it.part {
                Part::Column(def) if named(def) => Some(ColAt { entry: e, def: def.clone(), item: it.index, in_create: !it.in_alter }),
                _ => None,
            })
            .ok_or_else(unsupported)
    }

    /// The foreign keys written in statement `e`, in the order the importer reads them (column
    /// REFERENCES in column order, then table constraints; ALTER TABLE actions in order).
    pub fn fk_texts(&self, e: usize) -> Vec<FkText> {
        let st = self.stmt(e);
        let d = self.d;
        let Some(owner) = self.target(e).map(|n| n.name.clone()) else { return Vec::new() };
        let mut out: Vec<((bool, usize), FkText)> = Vec::new();
        for it in parts(&self.script.entries[e].kind) {
            let fk = |site: Site, columns: Vec<String>, refs: &Refs| FkText { entry: e, owner: owner.clone(), site, columns, refs: refs.clone() };
            match it.part {
                Part::Column(def) => {
                    for (k, cl) in def.clauses.iter().enumerate() {
                        if let ClauseKind::References(r) = &cl.kind {
                            let cols = st.ident(d, def.name).into_iter().collect();
                            out.push(((false, it.index), fk(Site::Inline { clause: k, def: def.clone() }, cols, r)));
                        }
                    }
                }
                Part::Constraint(con) => {
                    if let (ConKind::ForeignKey, Some(r)) = (con.kind, &con.refs) {
                        let cols = con.cols.map(|(o, c)| st.list_names(d, o, c).into_iter().map(|x| x.0).collect()).unwrap_or_default();
                        // a CREATE TABLE's constraints come after all its columns
                        out.push(((!it.in_alter, it.index), fk(Site::Constraint { item: it.index, in_alter: it.in_alter }, cols, r)));
                    }
                }
            }
        }
        crate::sort::by_key(&mut out, |x| x.0);
        out.into_iter().map(|x| x.1).collect()
    }

    /// Where other statements name table `ti` as a partition: (entry, ALTER TABLE action — or 0
    /// for a CREATE TABLE ... PARTITION OF —, token), for `ATTACH/DETACH PARTITION ti` and
    /// `PARTITION OF ti`.
    pub fn partition_refs(&self, ti: usize) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for (e, en) in self.script.entries.iter().enumerate() {
            match &en.kind {
                Kind::AlterTable(at) => {
                    for (k, a) in at.actions.iter().enumerate() {
                        if let ActionKind::Partition { name } = &a.kind {
                            if self.is_table(&name.name, ti) {
                                out.push((e, k, name.last));
                            }
                        }
                    }
                }
                Kind::CreateTable(ct) => {
                    if let Some(p) = ct.partition_of.as_ref().filter(|p| self.is_table(&p.name, ti)) {
                        out.push((e, 0, p.last));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Where foreign key `fi` of table `ti` is written.
    pub fn fk_at(&self, ti: usize, fi: usize) -> Result<FkText, EditError> {
        let t = &self.schema.tables[ti];
        let fk = &t.foreign_keys[fi];
        let unsupported = || EditError::Unsupported(format!("the relationship {} ({}) → {} is not written where this edit can change it", t.qualified_name(), fk.columns.join(", "), fk.ref_table));
        let e = self.script.entry_at(fk.span.start).ok_or_else(unsupported)?;
        let k = t.foreign_keys[..fi].iter().filter(|f| f.span == fk.span).count();
        let texts: Vec<FkText> = self.fk_texts(e).into_iter().filter(|f| self.is_table(&f.owner, ti)).collect();
        let f = texts.into_iter().nth(k).ok_or_else(unsupported)?;
        let same_cols = f.columns.len() == fk.columns.len() && f.columns.iter().zip(&fk.columns).all(|(a, b)| names_eq(self.d, a, b));
        if !same_cols || self.schema.table_index(&f.refs.table.name) != self.schema.table_index(&fk.ref_table) {
            return Err(unsupported());
        }
        Ok(f)
    }

    /// Every foreign key written anywhere whose target is table `ti`.
    pub fn refs_to(&self, ti: usize) -> Vec<FkText> {
        (0..self.script.entries.len()).flat_map(|e| self.fk_texts(e)).filter(|f| self.is_table(&f.refs.table.name, ti)).collect()
    }

    /// The style of statement `e`.
    pub fn style(&self, e: usize) -> Style {
        Style::of(self.d, self.text, self.stmt(e), self.create_table(e))
    }

    /// Removes item `k` of a list of statement `e` (at [`Ctx::flush`]).
    fn remove(&mut self, e: usize, list: List, k: usize) {
        self.removals.entry((e, list)).or_default().insert(k);
    }

    /// Removes an ALTER TABLE action (the statement when none is left).
    pub fn remove_action(&mut self, e: usize, k: usize) {
        self.remove(e, List::Actions, k);
    }

    /// Removes a CREATE TABLE element (`in_alter`: an ALTER TABLE action).
    pub fn remove_item(&mut self, e: usize, k: usize, in_alter: bool) {
        self.remove(e, if in_alter { List::Actions } else { List::Body }, k);
    }

    /// Removes item `k` of the parenthesised list opening at token `open`.
    pub fn remove_list_item(&mut self, e: usize, open: usize, k: usize) {
        self.remove(e, List::Paren(open), k);
    }

    /// Removes a foreign key where it is written.
    pub fn remove_fk(&mut self, f: &FkText) {
        match &f.site {
            Site::Inline { clause, def, .. } => {
                let st = self.script.entries[f.entry].stmt.clone();
                self.patch.delete_clause(&st, def.clauses[*clause].range);
            }
            Site::Constraint { item, in_alter } => self.remove_item(f.entry, *item, *in_alter),
        }
    }

    /// Removes a whole statement.
    pub fn remove_stmt(&mut self, e: usize) {
        let st = self.script.entries[e].stmt.clone();
        self.patch.delete_stmt(&st);
    }

    /// Carries out the list removals.
    fn flush(&mut self) {
        let removals = std::mem::take(&mut self.removals);
        for ((e, list), ks) in removals {
            let items = self.items(e, list);
            let ks: Vec<usize> = ks.into_iter().filter(|&k| k < items.len()).collect();
            let st = self.script.entries[e].stmt.clone();
            if ks.len() == items.len() && list == List::Actions {
                self.patch.delete_stmt(&st);
            } else {
                self.patch.delete_items(&st, &items, &ks);
            }
        }
    }

    /// Refuses when a statement the edit touches has an import warning or error (or is cut off).
    fn check_touched(&self) -> Result<(), EditError> {
        let mut touched: BTreeSet<usize> = BTreeSet::new();
        for (s, e) in self.patch.ranges() {
            for at in [s, e.saturating_sub(1).max(s)] {
                if let Some(i) = self.script.entry_at(at) {
                    touched.insert(i);
                }
            }
        }
        let lines = crate::span::LineIndex::new(self.text);
        for i in touched {
            let en = &self.script.entries[i];
            let (a, b) = (en.stmt.start, en.stmt.end);
            if en.broken {
                return Err(EditError::SourceError { line: lines.line_col(a).0, message: "the statement is cut off or is a client command".into() });
            }
            if let Some(dg) = self.diags.iter().find(|dg| dg.severity >= Severity::Warning && dg.span.start < b.max(a + 1) && dg.span.end.max(dg.span.start + 1) > a) {
                return Err(EditError::SourceError { line: dg.line, message: dg.message.clone() });
            }
        }
        Ok(())
    }

    /// Replaces the last part of a written name (the schema qualifier stays).
    pub fn rename_at(&mut self, e: usize, tok: usize, with: &str) {
        let st = self.stmt(e);
        let (a, b) = (st.at(tok), st.end_of(tok));
        self.patch.replace(a, b, with.to_string());
    }

    /// Column tokens of a parenthesised list naming `col`.
    pub fn list_hits(&self, e: usize, open: usize, close: usize, col: &str) -> Vec<usize> {
        let st = self.stmt(e);
        st.list_names(self.d, open, close).into_iter().filter(|(n, _)| names_eq(self.d, n, col)).map(|x| x.1).collect()
    }

    /// The names of a parenthesised list.
    pub fn list_names(&self, e: usize, open: usize, close: usize) -> Vec<String> {
        self.stmt(e).list_names(self.d, open, close).into_iter().map(|x| x.0).collect()
    }
}

/// A referential action as SQL words.
pub fn action_sql(a: crate::model::RefAction) -> &'static str {
    use crate::model::RefAction::*;
    match a {
        NoAction => "NO ACTION",
        Restrict => "RESTRICT",
        Cascade => "CASCADE",
        SetNull => "SET NULL",
        SetDefault => "SET DEFAULT",
    }
}

/// Byte ranges (in the script) where an SQL expression between `a` and `b` mentions a column.
pub fn mentions_in(cx: &Ctx, a: usize, b: usize, table: &str, col: &str) -> Vec<(usize, usize)> {
    let slice = &cx.text[a..b.min(cx.text.len()).max(a)];
    super::expr::mentions(cx.d, slice, table, col).into_iter().map(|(s, e)| (a + s, a + e)).collect()
}

/// The constraint, index and sequence names an SQL text writes itself (`CONSTRAINT x`, MySQL's
/// `KEY x (...)`, `CREATE INDEX x`, `CREATE SEQUENCE x`) with the table and kind of object they
/// name, as the database stores them.
pub fn written_names(text: &str, d: Dialect) -> Vec<(Option<String>, NameKind, String)> {
    written_in(&Script::read(text, d), d)
}

fn written_in(script: &Script, d: Dialect) -> Vec<(Option<String>, NameKind, String)> {
    let mut out = Vec::new();
    let con_kind = |k: ConKind| match k {
        ConKind::PrimaryKey => NameKind::PrimaryKey,
        ConKind::Unique => NameKind::Unique,
        ConKind::ForeignKey => NameKind::ForeignKey,
        ConKind::Check => NameKind::Check,
        ConKind::Index => NameKind::Index,
    };
    let clause_kind = |k: &ClauseKind| match k {
        ClauseKind::PrimaryKey => Some(NameKind::PrimaryKey),
        ClauseKind::Unique => Some(NameKind::Unique),
        ClauseKind::References(_) => Some(NameKind::ForeignKey),
        ClauseKind::Check => Some(NameKind::Check),
        _ => None,
    };
    for en in &script.entries {
        let st = &en.stmt;
        let table = match &en.kind {
            Kind::CreateTable(c) => Some(c.name.name.name.clone()),
            Kind::AlterTable(a) => Some(a.name.name.name.clone()),
            Kind::CreateIndex { table, .. } => Some(table.name.name.clone()),
            _ => None,
        };
        let mut name = |tok: Option<usize>, kind: Option<NameKind>| {
            if let (Some(n), Some(k)) = (tok.and_then(|t| st.ident(d, t)), kind) {
                out.push((table.clone(), k, n));
            }
        };
        for it in parts(&en.kind) {
            match it.part {
                Part::Column(def) => def.clauses.iter().for_each(|c| name(c.name, clause_kind(&c.kind))),
                Part::Constraint(con) => name(con.name, Some(con_kind(con.kind))),
            }
        }
        match &en.kind {
            Kind::CreateIndex { name: n, .. } => name(*n, Some(NameKind::Index)),
            Kind::CreateSequence { name: n } => out.extend(st.ident(d, n.last).map(|x| (None, NameKind::Sequence, x))),
            _ => {}
        }
    }
    out
}
