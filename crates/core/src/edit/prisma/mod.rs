//! The Prisma planner: writes an edit into a Prisma schema, in Prisma.
//!
//! A Prisma schema names its tables and columns through models and fields; the database names are
//! `@@map` / `@map` when given. So the edits that change only database names and flags are written
//! where Prisma keeps them, without touching the client API (model and field names stay):
//! - rename a table: its `@@map("...")` (added when there is none);
//! - rename a column: its `@map("...")` (added when there is none);
//! - NOT NULL on / off: the field's `?`;
//! - UNIQUE on / off: the field's `@unique` (off also removes a one-field `@@unique([...])`);
//! - add an index: an `@@index([fields])` line (`map:` only when a name is asked; Prisma names
//!   it `Table_col_idx` otherwise).
//!
//! Tables, columns and keys (`fields.rs`):
//! - add a table: a `model` block after the model of `after` (else the last model), named as the
//!   table when that is a Prisma name no other block uses, else PascalCase with `@@map("table")`;
//!   `@id` on a one-column key, `@@id([...])` on a longer one; in a multi-schema file (PostgreSQL,
//!   `schemas = [...]`) its `@@schema("...")`: the schema asked, which must be listed, else
//!   `public` when listed, else the first one listed ([`meaning`]);
//! - delete a table: its block (with its `///` documentation) and every relation field of another
//!   model that points at it, both sides (a model in an implicit many-to-many relation is refused:
//!   its join table goes first); the join table `_Name` of an implicit many-to-many relation: its
//!   two `Model[]` list fields;
//! - delete a column as `spec`'s DROP COLUMN means it: its field line (with its `///`); every `@@id`, `@@unique`,
//!   `@@index`, `@@fulltext` naming the field, whole (a key or index using the column goes whole
//!   in the database too, and the blank line before the block attributes when none is left); the
//!   relationships whose `fields:` or `references:` name it, both relation fields of each. Refused
//!   when the model would keep no unique criterion of required fields (Prisma needs one), or when
//!   the field is the key of an implicit many-to-many relation;
//! - add a column: a field line after the model's last field, aligned like the others (`prisma
//!   format`'s columns), named as the column when it can be (else camelCase with `@map`);
//! - retype a column: the field's type and `@db.*` attribute, or an `enum` of the schema (the SQL
//!   type the reader gives it: PostgreSQL's type name, also without its `@@schema` as the
//!   diagram's type choices give it; MySQL's inline `ENUM(...)` of its values; SQLite stores enums
//!   as TEXT). A field a relation names (either side) takes only a type of the
//!   scalar of the fields it is related to, as Prisma requires (native types may differ);
//! - primary key on / off: `@id`, or a field more or fewer in `@@id([...])` (off refused when no
//!   unique criterion of required fields is left).
//!
//! Types: the SQL type asked is written as the scalar and `@db.*` native type whose SQL (as the
//! reader renders it, `parse/prisma/types.rs`) is that type; the edit is then held to that SQL
//! ([`meaning`]): `character varying(80)` is written `String @db.VarChar(80)`, read back as
//! `varchar(80)`. A type Prisma cannot write (`int(11)`, `tsvector`, SQLite's `varchar(40)`) is
//! refused.
//!
//! Relations (`relation.rs`): a relationship is a relation field on the model holding the key,
//! `author User @relation(fields: [authorId], references: [id])`, and its back relation on the
//! referenced model (`posts Post[]`, or `post Post?` when the key's fields are unique). Both are
//! added, deleted, or (actions) changed together. A relation between two models that already share
//! one (or of a model with itself) is named, `@relation("Post_authorId", ...)`. No action asked
//! (`None`) means no `onDelete:` / `onUpdate:` argument, so Prisma's defaults: `SetNull` on an
//! optional relation and `Restrict` on a required one, `Cascade` on update ([`meaning`] holds the
//! edit to them).
//!
//! Fields are deleted and added with their model's layout kept as `prisma format` has it: the name
//! and type columns of the fields around them (`group`) are as wide as the fields that stay need.
//!
//! Every plan is checked like every language's (`verify.rs`): the edited schema is read again by
//! the Prisma reader and must give exactly `spec::expected`'s model of [`meaning`]'s edit.

mod fields;
mod relation;

use super::canon::Written;
use super::sql::patch::{indent_of, line_end, line_start, newline, next_line, Patch};
use super::{spec, ColumnFlag, EditError, NewColumn, NewRelationship, SchemaEdit};
use crate::codegen::escape::prisma::string as quoted;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::lint::Fix;
use crate::model::{QualifiedName, Schema};
use crate::parse::input::Diags;
use crate::parse::prisma::ast::{Arity, Attribute, Block, BlockKind, Expr, Field};
use crate::parse::prisma::types::{self, Scalar};
use crate::span::Span;

/// Plans `edit` on the Prisma `text` (validated by `spec::expected` before).
pub fn plan(text: &str, d: Dialect, schema: &Schema, diags: &[Diagnostic], edit: &SchemaEdit) -> Result<(Fix, Written), EditError> {
    let blocks = crate::parse::prisma::syntax::parse(text, &mut Diags::new(text));
    let cx = Cx { d, schema, blocks: &blocks, text };
    let mut patch = Patch::new(text);
    let (touched, description): (Vec<Span>, String) = match edit {
        SchemaEdit::AddTable { table, columns, after } => fields::add_table(&cx, &mut patch, table, columns, after.as_ref())?,
        SchemaEdit::DropTable { table } => fields::drop_table(&cx, &mut patch, table)?,
        SchemaEdit::AddColumn { table, column } => fields::add_column(&cx, &mut patch, table, column)?,
        SchemaEdit::RetypeColumn { table, column, to } => fields::retype(&cx, &mut patch, table, column, to)?,
        SchemaEdit::SetColumnFlag { table, column, flag: ColumnFlag::PrimaryKey, on } => fields::primary_key(&cx, &mut patch, table, column, *on)?,
        SchemaEdit::AddRelationship(r) => relation::add(&cx, &mut patch, r)?,
        SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } => relation::set_actions(&cx, &mut patch, table, *fk, *on_delete, *on_update)?,
        SchemaEdit::DropRelationship { table, fk } => relation::drop(&cx, &mut patch, table, *fk)?,
        SchemaEdit::RenameTable { table, to } => {
            let b = cx.model(table)?;
            match b.attr("map") {
                Some(a) => replace_first_arg(&mut patch, a, to)?,
                None => add_block_attr(&mut patch, text, b, &format!("@@map({})", quoted(to))),
            }
            (vec![b.span], format!("rename table {table} to {to} (@@map; the model keeps its name)"))
        }
        SchemaEdit::AddIndex { table, columns, name } => {
            let b = cx.model(table)?;
            let fields = columns.iter().map(|c| cx.field(table, c).map(|(_, f)| f.name.text.clone())).collect::<Result<Vec<_>, _>>()?;
            let map = name.as_deref().map_or_else(String::new, |n| format!(", map: {}", quoted(n)));
            add_block_attr(&mut patch, text, b, &format!("@@index([{}]{map})", fields.join(", ")));
            (vec![b.span], format!("Add @@index([{}]) to model {}", fields.join(", "), b.name.text))
        }
        SchemaEdit::RenameColumn { table, column, to } => {
            let (b, f) = cx.field(table, column)?;
            match f.attr("map") {
                Some(a) => replace_first_arg(&mut patch, a, to)?,
                None => add_attr(&mut patch, text, b, f, &format!("@map({})", quoted(to))),
            }
            (vec![b.span], format!("rename column {table}.{column} to {to} (@map; the field keeps its name)"))
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
            let bare = &text[ty.name.span.start..type_end(f)].trim_end_matches('?');
            match (on, ty.arity, q) {
                (true, Arity::Optional, Some(_)) => set_type(&mut patch, text, b, f, bare, false, None),
                (false, Arity::Required, _) if !text[..type_end(f)].ends_with('!') => set_type(&mut patch, text, b, f, &format!("{bare}?"), false, None),
                (false, Arity::Required, _) => return Err(EditError::Unsupported(format!("{table}.{column} has the legacy `!` marker"))),
                (_, Arity::List, _) => return Err(EditError::Unsupported(format!("{table}.{column} is a list"))),
                _ => {}
            }
            (vec![b.span], format!("{} NOT NULL on {table}.{column}", if *on { "set" } else { "remove" }))
        }
        SchemaEdit::SetColumnFlag { table, column, flag: ColumnFlag::Unique, on } => {
            let (b, f) = cx.field(table, column)?;
            if *on {
                if f.attr("unique").is_none() && f.attr("id").is_none() {
                    add_attr(&mut patch, text, b, f, "@unique");
                }
            } else {
                remove_attr(&mut patch, text, f, |n| n == "unique");
                for a in b.attrs.iter().filter(|a| a.name.text == "unique") {
                    let fields: Vec<&str> = a.first(Some("fields")).map(|e| e.items().into_iter().filter_map(field_ref).collect()).unwrap_or_default();
                    if fields == [f.name.text.as_str()] {
                        delete_line(&mut patch, text, a.span);
                    }
                }
            }
            (vec![b.span], format!("{} UNIQUE on {table}.{column}", if *on { "set" } else { "remove" }))
        }
        SchemaEdit::DropColumn { table, column } => fields::drop_column(&cx, &mut patch, table, column)?,
    };
    for t in &touched {
        if let Some(dg) = diags.iter().find(|dg| dg.severity >= Severity::Warning && dg.span.start < t.end && dg.span.end.max(dg.span.start + 1) > t.start) {
            return Err(EditError::SourceError { line: dg.line, message: dg.message.clone() });
        }
    }
    Ok((Fix { description, edits: patch.finish()? }, Written::new(d, std::iter::empty())))
}

struct Cx<'a> {
    d: Dialect,
    schema: &'a Schema,
    blocks: &'a [Block],
    text: &'a str,
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

    /// The model or view block named `name`.
    fn block(&self, name: &str) -> Option<&'a Block> {
        self.blocks.iter().find(|b| matches!(b.kind, BlockKind::Model | BlockKind::View) && b.name.text == name)
    }

    fn is_model(&self, name: &str) -> bool {
        self.blocks.iter().any(|b| b.kind == BlockKind::Model && b.name.text == name)
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

/// Adds a block attribute line (`@@map(...)`, `@@index(...)`) where `prisma format` puts it:
/// before the first block attribute that comes after it in `@@id @@unique @@index @@fulltext
/// @@map @@ignore @@schema`, else after the model's last line (with a blank line before it when
/// the model has no block attribute yet).
fn add_block_attr(patch: &mut Patch, text: &str, b: &Block, line: &str) {
    const ORDER: [&str; 7] = ["id", "unique", "index", "fulltext", "map", "ignore", "schema"];
    let rank = |n: &str| ORDER.iter().position(|o| *o == n).unwrap_or(ORDER.len());
    let name = line.trim_start_matches('@').split('(').next().unwrap_or("");
    if let Some(next) = b.attrs.iter().find(|a| rank(&a.name.text) > rank(name)) {
        patch.insert(next.span.start, format!("{line}{}{}", newline(text), indent_of(text, next.span.start)));
        return;
    }
    let last = b.fields.iter().map(|f| f.span.end).chain(b.attrs.iter().map(|a| a.span.end)).max().unwrap_or(b.name.span.end);
    let ind = b.fields.first().map_or("  ", |f| indent_of(text, f.span.start));
    let nl = newline(text);
    let gap = if b.attrs.is_empty() { nl } else { "" };
    patch.insert(eol(text, last), format!("{gap}{nl}{ind}{line}"));
}

/// Where the line holding `at` ends, before its line break (`\r\n` or `\n`).
fn eol(text: &str, at: usize) -> usize {
    let e = line_end(text, at);
    if text[..e].ends_with('\r') {
        e - 1
    } else {
        e
    }
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

/// What Prisma writes that the model change alone does not say, made on the expected model
/// (`text`: the schema before the edit):
/// - a UNIQUE is `CREATE UNIQUE INDEX "<table>_<column>_key"` (a btree index, not a table
///   constraint) on PostgreSQL and SQLite, an inline UNIQUE INDEX on MySQL (a constraint there);
/// - on SQLite a one-field `Int` key is `INTEGER PRIMARY KEY AUTOINCREMENT`;
/// - with `relationMode = "prisma"` a new relationship is no foreign key of the database.
pub fn language_facts(text: &str, before: &Schema, s: &mut Schema) {
    let d = s.dialect;
    if d == Dialect::Sqlite {
        let int = crate::parse::parse_type(d, types::default_type(d, Scalar::Int)).map(|t| t.kind);
        for t in &mut s.tables {
            let Some(pk) = t.primary_key.as_ref().filter(|p| p.columns.len() == 1).map(|p| p.columns[0].clone()) else { continue };
            if let Some(c) = t.columns.iter_mut().find(|c| c.name == pk && Some(&c.data_type.kind) == int.as_ref() && c.data_type.array_dims == 0) {
                c.identity = Some(crate::model::Identity::Autoincrement);
            }
        }
    }
    let logical = crate::parse::prisma::logical_relations(&crate::parse::prisma::syntax::parse(text, &mut Diags::new(text)));
    for t in &mut s.tables {
        let old = before.tables.iter().find(|b| b.name == t.name && b.schema == t.schema);
        for f in &mut t.foreign_keys {
            let known = old.is_some_and(|o| o.foreign_keys.iter().any(|g| g.columns == f.columns && g.ref_table == f.ref_table && g.ref_columns == f.ref_columns));
            if !known {
                f.logical = logical;
            }
        }
    }
    if d == Dialect::Mysql {
        return;
    }
    spec::new_uniques_as_indexes(before, s);
}

/// How the schema writes SQL type `t` (see the module doc), or why it cannot.
fn written(d: Dialect, t: &str) -> Result<types::Written, EditError> {
    spec::read_type(d, t)?;
    types::written_for(d, t.trim()).ok_or_else(|| EditError::Unsupported(format!("a Prisma schema on {} has no type that is {:?}: choose another type", d.label(), t.trim())))
}

/// The `enum` block among `blocks` whose database type is SQL type `t`, with that type as the
/// reader renders it (`parse/prisma/render.rs`): on PostgreSQL its type's name (`@@map`;
/// `@@schema`, which `t` may leave out when no other enum has the name, as the diagram's type
/// choices do), on MySQL an inline `ENUM(...)` of its values (`@map`); SQLite stores an enum as
/// TEXT, so none is.
fn enum_typed<'a>(blocks: &'a [Block], d: Dialect, t: &str) -> Option<(&'a Block, String)> {
    use crate::codegen::sql::{ident, string_lit};
    let want = crate::parse::parse_type(d, t.trim())?;
    let same = |sql: &str| crate::parse::parse_type(d, sql).is_some_and(|x| x.kind == want.kind && x.array_dims == want.array_dims);
    let enums = || blocks.iter().filter(|b| b.kind == BlockKind::Enum);
    // (the rendered type, the type without its schema)
    let sql = |b: &Block| match d {
        Dialect::Postgres => {
            let name = ident(d, &db_name(&b.name.text, b.attr("map")));
            match b.attr("schema").and_then(|a| a.first(None)).and_then(Expr::as_str) {
                Some(s) => Some((format!("{}.{name}", ident(d, s)), name)),
                None => Some((name.clone(), name)),
            }
        }
        Dialect::Mysql => {
            let e = format!("ENUM({})", b.fields.iter().map(|v| string_lit(d, &db_name(&v.name.text, v.attr("map")))).collect::<Vec<_>>().join(", "));
            Some((e.clone(), e))
        }
        Dialect::Sqlite => None,
    };
    if let Some(hit) = enums().find_map(|b| sql(b).filter(|(full, _)| same(full)).map(|(full, _)| (b, full))) {
        return Some(hit);
    }
    let mut bare = enums().filter_map(|b| sql(b).filter(|(_, name)| same(name)).map(|(full, _)| (b, full)));
    let hit = bare.next()?;
    bare.next().is_none().then_some(hit)
}

/// The edit as this Prisma schema makes it (see the module doc): a type as the SQL Prisma writes
/// for it, no referential action as Prisma's default one. `None`: exactly as asked.
pub fn meaning(text: &str, schema: &Schema, edit: &SchemaEdit) -> Result<Option<SchemaEdit>, EditError> {
    let d = schema.dialect;
    let col = |c: &NewColumn| written(d, &c.data_type).map(|w| NewColumn { data_type: w.sql, ..c.clone() });
    Ok(Some(match edit {
        SchemaEdit::AddTable { table, columns, after } => {
            let columns = columns.iter().map(col).collect::<Result<_, _>>()?;
            // the new model goes after the last one, so its table comes before the implicit
            // many-to-many join tables (which follow the models' tables)
            let blocks = crate::parse::prisma::syntax::parse(text, &mut Diags::new(text));
            // in a multi-schema file every model names its schema: a table asked without one
            // goes to the default one
            let mut table = table.clone();
            if let (None, Some(listed), Dialect::Postgres) = (&table.schema, fields::multi_schema(&blocks), d) {
                table.schema = fields::default_schema(&listed);
            }
            let last_model = blocks.iter().rev().find(|b| b.kind == BlockKind::Model).map(|b| db_name(&b.name.text, b.attr("map")));
            let last = last_model.and_then(|n| schema.tables.iter().rev().find(|t| t.name == n)).map(|t| t.qualified_name());
            SchemaEdit::AddTable { table, columns, after: after.clone().or(last) }
        }
        SchemaEdit::AddColumn { table, column } => SchemaEdit::AddColumn { table: table.clone(), column: col(column)? },
        SchemaEdit::RetypeColumn { table, column, to } => {
            // an enum type is written as the enum: its type as the reader names it
            let to = match enum_typed(&crate::parse::prisma::syntax::parse(text, &mut Diags::new(text)), d, to) {
                Some((_, sql)) => sql,
                None => written(d, to)?.sql,
            };
            SchemaEdit::RetypeColumn { table: table.clone(), column: column.clone(), to }
        }
        SchemaEdit::AddRelationship(r) if r.on_delete.is_none() || r.on_update.is_none() => {
            let t = &schema.tables[spec::table_idx(schema, &r.table)?];
            let mut optional = false;
            for c in &r.columns {
                optional |= t.columns[spec::col_idx(t, d, &r.table, c)?].nullable;
            }
            let (del, upd) = relation::defaults(optional);
            SchemaEdit::AddRelationship(NewRelationship { on_delete: r.on_delete.or(Some(del)), on_update: r.on_update.or(Some(upd)), ..r.clone() })
        }
        SchemaEdit::SetRelationshipActions { table, fk, on_delete, on_update } if on_delete.is_none() || on_update.is_none() => {
            let blocks = crate::parse::prisma::syntax::parse(text, &mut Diags::new(text));
            let cx = Cx { d, schema, blocks: &blocks, text };
            let (del, upd) = relation::defaults(relation::find(&cx, table, *fk)?.optional);
            SchemaEdit::SetRelationshipActions { table: table.clone(), fk: *fk, on_delete: on_delete.or(Some(del)), on_update: on_update.or(Some(upd)) }
        }
        _ => return Ok(None),
    }))
}

/// A name Prisma reads as a model or field name as it is.
fn is_ident(s: &str) -> bool {
    crate::codegen::prisma::is_prisma_ident(s)
}

/// `base`, else `base2`, `base3`, ... whichever `taken` says is free.
fn free(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_string();
    }
    (2..).map(|n| format!("{base}{n}")).find(|c| !taken(c)).unwrap_or_default()
}

/// The field name for column `col` in a block whose fields are `taken`, and whether it needs
/// `@map(col)`: the column's own name when Prisma reads it and it is free, else camelCase.
fn field_name(col: &str, taken: &[&str]) -> (String, bool) {
    if is_ident(col) && !taken.contains(&col) {
        return (col.to_string(), false);
    }
    let base = crate::codegen::names::safe_ident(&crate::codegen::names::camel(col), "field", "f", &[]);
    (free(&base, |c| taken.contains(&c) || c == col), true)
}

/// The fields of block `b` that `prisma format` lays out together with field `i`: the run of
/// field lines around it that no blank line breaks (a comment line does not).
fn group<'a>(text: &str, b: &'a Block, i: usize) -> &'a [Field] {
    let fs = &b.fields;
    let gap = |k: usize| {
        let between: Vec<&str> = text.get(fs[k - 1].span.end..fs[k].span.start).unwrap_or("").split('\n').collect();
        between.len() > 2 && between[1..between.len() - 1].iter().any(|l| l.trim().is_empty())
    };
    let (mut start, mut end) = (i.min(fs.len()), (i + 1).min(fs.len()));
    while start > 0 && !gap(start) {
        start -= 1;
    }
    while end < fs.len() && !gap(end) {
        end += 1;
    }
    &fs[start..end]
}

/// The widths of the name and type columns of fields `g` (as written).
fn widths(g: &[Field]) -> (usize, usize) {
    let w = g.iter().map(|f| f.name.span.end - f.name.span.start).max().unwrap_or(0);
    let t = g.iter().filter_map(|f| f.ty.as_ref()).map(|t| t.name.span.end - t.name.span.start).max().unwrap_or(0);
    (w, t)
}

/// Lays fields `g` out as `prisma format` does with a name column `w` wide and a type column `t`
/// wide: the gaps before the type and before the first attribute that differ are replaced.
fn realign(patch: &mut Patch, text: &str, g: &[Field], w: usize, t: usize) {
    for f in g {
        let Some(ty) = &f.ty else { continue };
        let mut gap = |from: usize, to: usize, width: usize| {
            let want = " ".repeat(width + 1);
            if from <= to && text.get(from..to) != Some(want.as_str()) {
                patch.replace(from, to, want);
            }
        };
        gap(f.name.span.end, ty.name.span.start, w.saturating_sub(f.name.span.end - f.name.span.start));
        if let Some(a) = f.attrs.first() {
            gap(ty.name.span.end, a.span.start, t.saturating_sub(ty.name.span.end - ty.name.span.start));
        }
    }
}

/// Writes `ty` as the type of field `f` (with `?` / `[]`), laying its group out again as
/// `prisma format` does when the type column's width changes. `drop_sole_attr`: the field's only
/// attribute goes too; `attr`: written after the type column when the field has no attribute.
fn set_type(patch: &mut Patch, text: &str, b: &Block, f: &Field, ty: &str, drop_sole_attr: bool, attr: Option<&str>) {
    let Some(old) = &f.ty else { return };
    let i = b.fields.iter().position(|x| std::ptr::eq(x, f)).unwrap_or(0);
    let g = group(text, b, i);
    let others: Vec<&Field> = g.iter().filter(|x| !std::ptr::eq(*x, f)).collect();
    let t = others.iter().filter_map(|x| x.ty.as_ref()).map(|x| x.name.span.end - x.name.span.start).fold(ty.len(), usize::max);
    let w = widths(g).0;
    for x in others {
        realign(patch, text, std::slice::from_ref(x), w, t);
    }
    // the type and the gap after it, in one replacement
    match f.attrs.first() {
        Some(a) if drop_sole_attr && f.attrs.len() == 1 => patch.replace(old.name.span.start, a.span.end, ty),
        Some(a) => patch.replace(old.name.span.start, a.span.start, format!("{ty:<t$} ")),
        None => patch.replace(old.name.span.start, old.name.span.end, attr.map_or_else(|| ty.to_string(), |a| format!("{ty:<t$} {a}"))),
    }
}

/// A field line `{indent}{name} {type} {attrs}` with the name and type columns `w` and `t` wide.
fn field_line(indent: &str, name: &str, ty: &str, attrs: &[String], (w, t): (usize, usize)) -> String {
    let mut line = format!("{indent}{name:<w$} {ty}");
    if !attrs.is_empty() {
        line = format!("{indent}{name:<w$} {ty:<t$} {}", attrs.join(" "));
    }
    line
}

/// Adds field lines (name, type, attributes) after block `b`'s last field, laid out with the
/// fields above them as `prisma format` lays them out.
fn add_fields(patch: &mut Patch, text: &str, b: &Block, fields: &[(String, String, Vec<String>)]) -> Result<(), EditError> {
    let nl = newline(text);
    let indent = b.fields.first().map_or("  ", |f| indent_of(text, f.span.start));
    let g = if b.fields.is_empty() { &[][..] } else { group(text, b, b.fields.len() - 1) };
    let (w0, t0) = widths(g);
    let w = fields.iter().map(|f| f.0.len()).fold(w0, usize::max);
    let t = fields.iter().map(|f| f.1.len()).fold(t0, usize::max);
    realign(patch, text, g, w, t);
    let at = match b.fields.iter().map(|f| f.span.end).max() {
        Some(end) => eol(text, end),
        None => {
            let body = |from: usize| text.get(from..b.span.end).unwrap_or("");
            let open = body(b.name.span.end).find('{').map(|i| b.name.span.end + i).ok_or_else(|| EditError::Unsupported(format!("model {} has no body", b.name.text)))?;
            if !body(open).contains('\n') {
                return Err(EditError::Unsupported(format!("model {} is written on one line: write its first field in the text", b.name.text)));
            }
            eol(text, open)
        }
    };
    let lines: String = fields.iter().map(|(n, ty, a)| format!("{nl}{}", field_line(indent, n, ty, a, (w, t)))).collect();
    patch.insert(at, lines);
    Ok(())
}

/// Removes the first attribute of field `f` whose name `which` takes, keeping the layout: the
/// attribute after it takes its place (or, the last one gone, no blanks stay after the type).
fn remove_attr(patch: &mut Patch, text: &str, f: &Field, which: impl Fn(&str) -> bool) {
    let Some(i) = f.attrs.iter().position(|a| which(&a.name.text)) else { return };
    let a = &f.attrs[i];
    match f.attrs.get(i + 1) {
        Some(next) => patch.delete(a.span.start, next.span.start),
        None => patch.delete(text[..a.span.start].trim_end_matches([' ', '\t']).len(), a.span.end),
    }
}

/// Where `prisma format` puts a field attribute among the others: `@id @unique @default
/// @updatedAt @map @relation @ignore @db.*`.
fn attr_rank(name: &str) -> usize {
    const ORDER: [&str; 7] = ["id", "unique", "default", "updatedAt", "map", "relation", "ignore"];
    ORDER.iter().position(|o| *o == name).unwrap_or(if name.starts_with("db.") { 8 } else { 7 })
}

/// Adds attribute `attr` (`@unique`, `@map("x")`) to field `f` of block `b` where `prisma
/// format` puts it (its place among the others; a first one after the type column).
fn add_attr(patch: &mut Patch, text: &str, b: &Block, f: &Field, attr: &str) {
    let name = attr.trim_start_matches('@').split('(').next().unwrap_or("");
    let rank = attr_rank(name);
    if let Some(next) = f.attrs.iter().find(|a| attr_rank(&a.name.text) > rank) {
        patch.insert(next.span.start, format!("{attr} "));
        return;
    }
    if let (Some(ty), true) = (&f.ty, f.attrs.is_empty()) {
        let i = b.fields.iter().position(|x| std::ptr::eq(x, f)).unwrap_or(0);
        let (_, t) = widths(group(text, b, i));
        let pad = " ".repeat(t.saturating_sub(ty.name.span.end - ty.name.span.start) + 1);
        patch.insert(ty.name.span.end, format!("{pad}{attr}"));
        return;
    }
    patch.insert(f.span.end, format!(" {attr}"));
}

/// The first (unnamed, or `name:`) string argument of `@relation`: the relation's name.
fn relation_name(f: &Field) -> Option<&str> {
    f.attr("relation").and_then(|a| a.first(Some("name"))).and_then(Expr::as_str)
}

/// Deletes the lines of fields `gone` of block `b` and lays out each group they leave again as
/// `prisma format` does: its name and type columns as wide as the fields that stay need.
fn delete_fields(patch: &mut Patch, text: &str, b: &Block, gone: &[&Field]) {
    let is_gone = |f: &Field| gone.iter().any(|g| std::ptr::eq(*g, f));
    let mut groups: Vec<usize> = Vec::new();
    for (i, f) in b.fields.iter().enumerate().filter(|(_, f)| is_gone(f)) {
        // with its `///` documentation (which would document the next field)
        let doc = doc_start(text, f.span.start);
        patch.delete(doc, line_start(text, f.span.start));
        delete_line(patch, text, f.span);
        let g = group(text, b, i);
        if groups.contains(&g[0].span.start) {
            continue;
        }
        groups.push(g[0].span.start);
        let stay: Vec<Field> = g.iter().filter(|x| !is_gone(x)).cloned().collect();
        let (w, t) = widths(&stay);
        realign(patch, text, &stay, w, t);
    }
}

/// Deletes the lines of block attributes `gone` of block `b`; when none is left, the blank line
/// before them goes too (`prisma format` leaves none before the closing brace).
fn delete_block_attrs(patch: &mut Patch, text: &str, b: &Block, gone: &[&Attribute]) {
    for a in gone {
        delete_line(patch, text, a.span);
    }
    let Some(first) = b.attrs.first() else { return };
    let own_line = text[line_start(text, first.span.start)..first.span.start].trim().is_empty();
    if own_line && b.attrs.iter().all(|a| gone.iter().any(|g| std::ptr::eq(*g, a))) {
        let end = line_start(text, first.span.start);
        let mut start = end;
        while start > 0 && text[line_start(text, start - 1)..start].trim().is_empty() {
            start = line_start(text, start - 1);
        }
        patch.delete(start, end);
    }
}

/// The start of the `///` documentation lines right above the line holding `at` (else of that
/// line).
fn doc_start(text: &str, at: usize) -> usize {
    let mut start = line_start(text, at);
    while start > 0 {
        let prev = line_start(text, start - 1);
        if !text[prev..start].trim_start().starts_with("///") {
            break;
        }
        start = prev;
    }
    start
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
