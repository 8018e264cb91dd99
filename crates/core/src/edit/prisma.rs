//! The Prisma planner (a first subset): writes an edit into a Prisma schema, in Prisma.
//!
//! A Prisma schema names its tables and columns through models and fields; the database names are
//! `@@map` / `@map` when given. So the edits that change only database names and flags are written
//! where Prisma keeps them, without touching the client API (model and field names stay):
//! - rename a table: its `@@map("...")` (added when there is none);
//! - rename a column: its `@map("...")` (added when there is none);
//! - NOT NULL on / off: the field's `?`;
//! - UNIQUE on / off: the field's `@unique` (off also removes a one-field `@@unique([...])`);
//! - delete a column: its field line, when no attribute or relation names the field;
//! - add an index: an `@@index([fields])` line (`map:` only when a name is asked; Prisma names
//!   it `Table_col_idx` otherwise).
//!
//! Everything else (tables, new columns, types, keys, relations — where a change needs both
//! sides of a relation or a Prisma type for an SQL one) is refused as not written into Prisma yet.
//! Every plan is checked like every language's (`verify.rs`): the edited schema is read again by
//! the Prisma reader and must give exactly `spec::expected`'s model.

use super::canon::Written;
use super::sql::patch::{indent_of, line_end, line_start, newline, next_line, Patch};
use super::{spec, ColumnFlag, EditError, SchemaEdit};
use crate::codegen::escape::prisma::string as quoted;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::{QualifiedName, Schema};
use crate::parse::input::Diags;
use crate::parse::prisma::ast::{Arity, Attribute, Block, BlockKind, Expr, Field};
use crate::span::Span;

/// Plans `edit` on the Prisma `text` (validated by `spec::expected` before).
pub fn plan(text: &str, d: Dialect, schema: &Schema, diags: &[Diagnostic], edit: &SchemaEdit) -> Result<(Fix, Written), EditError> {
    let blocks = crate::parse::prisma::syntax::parse(text, &mut Diags::new(text));
    let cx = Cx { d, schema, blocks: &blocks };
    let mut patch = Patch::new(text);
    let (touched, description) = match edit {
        SchemaEdit::RenameTable { table, to } => {
            let b = cx.model(table)?;
            match b.attr("map") {
                Some(a) => replace_first_arg(&mut patch, a, to)?,
                None => add_block_attr(&mut patch, text, b, &format!("@@map({})", quoted(to))),
            }
            (b.span, format!("rename table {table} to {to} (@@map; the model keeps its name)"))
        }
        SchemaEdit::AddIndex { table, columns, name } => {
            let b = cx.model(table)?;
            let fields = columns.iter().map(|c| cx.field(table, c).map(|(_, f)| f.name.text.clone())).collect::<Result<Vec<_>, _>>()?;
            let map = name.as_deref().map_or_else(String::new, |n| format!(", map: {}", quoted(n)));
            add_block_attr(&mut patch, text, b, &format!("@@index([{}]{map})", fields.join(", ")));
            (b.span, format!("Add @@index([{}]) to model {}", fields.join(", "), b.name.text))
        }
        SchemaEdit::RenameColumn { table, column, to } => {
            let (b, f) = cx.field(table, column)?;
            match f.attr("map") {
                Some(a) => replace_first_arg(&mut patch, a, to)?,
                None => patch.insert(f.span.end, format!(" @map({})", quoted(to))),
            }
            (b.span, format!("rename column {table}.{column} to {to} (@map; the field keeps its name)"))
        }
        SchemaEdit::SetColumnFlag { table, column, flag: ColumnFlag::NotNull, on } => {
            let (b, f) = cx.field(table, column)?;
            if let Some(g) = b.fields.iter().find(|g| g.attr("relation").and_then(|a| a.arg("fields")).is_some_and(|e| e.items().into_iter().filter_map(field_ref).any(|n| n == f.name.text))) {
                return Err(EditError::Unsupported(format!(
                    "{table}.{column} holds the relation {}: its optionality (and Prisma's default actions) is the relation field's, so change `{}` in the text",
                    g.name.text, g.name.text
                )));
            }
            let ty = f.ty.as_ref().ok_or_else(|| EditError::Unsupported(format!("{table}.{column} has no type")))?;
            let q = question_mark(text, f);
            match (on, ty.arity, q) {
                (true, Arity::Optional, Some(at)) => patch.delete(at, at + 1),
                (false, Arity::Required, _) if !text[..type_end(f)].ends_with('!') => patch.insert(type_end(f), "?"),
                (false, Arity::Required, _) => return Err(EditError::Unsupported(format!("{table}.{column} has the legacy `!` marker"))),
                (_, Arity::List, _) => return Err(EditError::Unsupported(format!("{table}.{column} is a list"))),
                _ => {}
            }
            (b.span, format!("{} NOT NULL on {table}.{column}", if *on { "set" } else { "remove" }))
        }
        SchemaEdit::SetColumnFlag { table, column, flag: ColumnFlag::Unique, on } => {
            let (b, f) = cx.field(table, column)?;
            if *on {
                if f.attr("unique").is_none() && f.attr("id").is_none() {
                    patch.insert(f.span.end, " @unique");
                }
            } else {
                if let Some(a) = f.attr("unique") {
                    let from = text[..a.span.start].trim_end_matches([' ', '\t']).len();
                    patch.delete(from, a.span.end);
                }
                for a in b.attrs.iter().filter(|a| a.name.text == "unique") {
                    let fields: Vec<&str> = a.first(Some("fields")).map(|e| e.items().into_iter().filter_map(field_ref).collect()).unwrap_or_default();
                    if fields == [f.name.text.as_str()] {
                        delete_line(&mut patch, text, a.span);
                    }
                }
            }
            (b.span, format!("{} UNIQUE on {table}.{column}", if *on { "set" } else { "remove" }))
        }
        SchemaEdit::DropColumn { table, column } => {
            let (b, f) = cx.field(table, column)?;
            if let Some(user) = cx.named_elsewhere(b, f) {
                return Err(EditError::Unsupported(format!("field {} of model {} is named by {user}: change that first", f.name.text, b.name.text)));
            }
            delete_line(&mut patch, text, f.span);
            (b.span, format!("delete column {table}.{column}"))
        }
        _ => return Err(EditError::Unsupported("this edit is not written into Prisma schemas yet: edit the text".into())),
    };
    if let Some(dg) = diags.iter().find(|dg| dg.severity >= Severity::Warning && dg.span.start < touched.end && dg.span.end.max(dg.span.start + 1) > touched.start) {
        return Err(EditError::SourceError { line: dg.line, message: dg.message.clone() });
    }
    Ok((Fix { description, edits: patch.finish()? }, Written::new(d, std::iter::empty())))
}

struct Cx<'a> {
    d: Dialect,
    schema: &'a Schema,
    blocks: &'a [Block],
}

impl<'a> Cx<'a> {
    /// The model block of a model table (its `@@map` or its name).
    fn model(&self, q: &QualifiedName) -> Result<&'a Block, EditError> {
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let norm = |s: Option<&str>| s.filter(|s| *s != "public").map(str::to_string);
        self.blocks
            .iter()
            .find(|b| b.kind == BlockKind::Model && db_name(&b.name.text, b.attr("map")) == t.name && norm(b.attr("schema").and_then(|a| a.first(None)).and_then(Expr::as_str)) == norm(t.schema.as_deref()))
            .ok_or_else(|| EditError::Unsupported(format!("{} is not a model of this schema (an implicit many-to-many join table is edited through its relation)", t.qualified_name())))
    }

    /// The scalar field of a model column (its `@map` or its name).
    fn field(&self, q: &QualifiedName, col: &str) -> Result<(&'a Block, &'a Field), EditError> {
        let b = self.model(q)?;
        let t = &self.schema.tables[spec::table_idx(self.schema, q)?];
        let c = &t.columns[spec::col_idx(t, self.d, q, col)?];
        let f = b
            .fields
            .iter()
            .find(|f| db_name(&f.name.text, f.attr("map")) == c.name && f.ty.as_ref().is_some_and(|ty| !self.is_model(&ty.name.text)))
            .ok_or_else(|| EditError::Unsupported(format!("column {} of {} is not a field of model {}", c.name, t.qualified_name(), b.name.text)))?;
        Ok((b, f))
    }

    fn is_model(&self, name: &str) -> bool {
        self.blocks.iter().any(|b| b.kind == BlockKind::Model && b.name.text == name)
    }

    /// What names field `f` of model `b` besides its own line: a block attribute, a relation's
    /// `fields:` in `b`, or a relation's `references:` in another model.
    fn named_elsewhere(&self, b: &Block, f: &Field) -> Option<String> {
        let names = |a: &Attribute| a.args.iter().filter_map(|x| x.value.as_ref()).flat_map(|v| v.items()).filter_map(field_ref).any(|n| n == f.name.text);
        if let Some(a) = b.attrs.iter().find(|a| names(a)) {
            return Some(format!("@@{}", a.name.text));
        }
        for other in self.blocks.iter().filter(|x| x.kind == BlockKind::Model) {
            for g in &other.fields {
                let points_here = g.ty.as_ref().is_some_and(|ty| ty.name.text == b.name.text);
                if (std::ptr::eq(other, b) || points_here) && g.attr("relation").is_some_and(names) {
                    return Some(format!("the relation field {}.{}", other.name.text, g.name.text));
                }
            }
        }
        None
    }
}

/// A field named in an attribute argument: `a`, or `a(sort: Desc)`.
fn field_ref(e: &Expr) -> Option<&str> {
    match e {
        Expr::Const(n, _) => Some(n),
        Expr::Call(n, _, _) => Some(n),
        _ => None,
    }
}

fn db_name(name: &str, map: Option<&Attribute>) -> String {
    map.and_then(|a| a.first(Some("name"))).and_then(Expr::as_str).unwrap_or(name).to_string()
}

/// Adds a block attribute line (`@@map(...)`, `@@index(...)`) after the model's last line, with
/// a blank line before it when the model has no block attribute yet.
fn add_block_attr(patch: &mut Patch, text: &str, b: &Block, line: &str) {
    let last = b.fields.iter().map(|f| f.span.end).chain(b.attrs.iter().map(|a| a.span.end)).max().unwrap_or(b.name.span.end);
    let ind = b.fields.first().map_or("  ", |f| indent_of(text, f.span.start));
    let nl = newline(text);
    let gap = if b.attrs.is_empty() { nl } else { "" };
    patch.insert(line_end(text, last), format!("{gap}{nl}{ind}{line}"));
}

/// Replaces an attribute's first (string) argument.
fn replace_first_arg(patch: &mut Patch, a: &Attribute, to: &str) -> Result<(), EditError> {
    let e = a.first(Some("name")).ok_or_else(|| EditError::Unsupported(format!("@{} has no name to change", a.name.text)))?;
    let s = e.span();
    patch.replace(s.start, s.end, quoted(to));
    Ok(())
}

/// Where the field's type ends (after `?`, `[]`, `Unsupported("...")`).
fn type_end(f: &Field) -> usize {
    f.ty.as_ref().map_or(f.name.span.end, |t| t.name.span.end)
}

/// The `?` of an optional field.
fn question_mark(text: &str, f: &Field) -> Option<usize> {
    let at = type_end(f);
    text[..at].ends_with('?').then(|| at - 1)
}

/// What Prisma writes that the model change alone does not say, made on the expected model:
/// a UNIQUE is `CREATE UNIQUE INDEX "<table>_<column>_key"` (a btree index, not a table
/// constraint) on PostgreSQL and SQLite, an inline UNIQUE INDEX on MySQL (a constraint there).
pub fn language_facts(before: &Schema, s: &mut Schema) {
    if s.dialect == Dialect::Mysql {
        return;
    }
    let method = Some("btree".to_string());
    for t in &mut s.tables {
        let old = before.tables.iter().find(|b| b.name == t.name && b.schema == t.schema).map(|b| b.uniques.clone()).unwrap_or_default();
        let (kept, new): (Vec<_>, Vec<_>) = std::mem::take(&mut t.uniques).into_iter().partition(|u| old.iter().any(|o| o.columns == u.columns));
        t.uniques = kept;
        for u in new {
            let parts = u.columns.iter().map(|c| crate::model::IndexPart { column: Some(c.clone()), expression: c.clone(), ..Default::default() }).collect();
            t.indexes.push(crate::model::Index { name: None, unique: true, parts, method: method.clone(), ..Default::default() });
        }
    }
}

/// Deletes a line (with its comment) when it holds only `span`, else just `span`.
fn delete_line(patch: &mut Patch, text: &str, span: Span) {
    let (ls, le) = (line_start(text, span.start), line_end(text, span.end));
    let after = text[span.end..le].trim();
    if text[ls..span.start].trim().is_empty() && (after.is_empty() || after.starts_with("//")) {
        patch.delete(ls, next_line(text, span.end));
    } else {
        patch.delete(span.start, span.end);
    }
}
