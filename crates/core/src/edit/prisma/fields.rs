//! Tables, columns and primary keys written into a Prisma schema (see the module doc of
//! `edit::prisma`): model blocks, field lines, types with their `@db.*` attribute, `@id` / `@@id`.

use super::{add_attr, add_block_attr, add_fields, delete_line, remove_attr, set_type, field_line, field_name, field_ref, free, is_ident, question_mark, type_end, written, Cx};
use crate::codegen::escape::prisma::string as quoted;
use crate::dialect::Dialect;
use crate::edit::sql::patch::{indent_of, line_start, newline, next_line, Patch};
use crate::edit::{spec, EditError, NewColumn};
use crate::model::QualifiedName;
use crate::parse::prisma::ast::{Arity, Block, BlockKind, Expr, Field};
use crate::span::Span;

type Planned = (Vec<Span>, String);

/// A field for a new column: (name, type with `?`, attributes).
fn new_field(cx: &Cx, nc: &NewColumn, taken: &[&str], with_id: bool) -> Result<(String, String, Vec<String>), EditError> {
    let w = written(cx.d, &nc.data_type)?;
    let (name, map) = field_name(&nc.name, taken);
    // an @id field is required in Prisma (PostgreSQL and MySQL make a key NOT NULL anyway)
    let nullable = !(nc.not_null || (nc.primary_key && cx.d != Dialect::Sqlite));
    if nc.primary_key && nullable {
        return Err(EditError::Invalid(format!("a Prisma @id field is never optional: make {} NOT NULL too", nc.name)));
    }
    let mut attrs = Vec::new();
    if nc.primary_key && with_id {
        attrs.push("@id".to_string());
    }
    if nc.unique && !(nc.primary_key && with_id) {
        attrs.push("@unique".to_string());
    }
    if map {
        attrs.push(format!("@map({})", quoted(&nc.name)));
    }
    if let Some(n) = w.native {
        attrs.push(format!("@{n}"));
    }
    Ok((name, format!("{}{}", w.scalar.name(), if nullable { "?" } else { "" }), attrs))
}

/// The model name for table `name`: itself when Prisma reads it and no block or reserved word
/// is named so (compared ignoring case, as the client's properties are), else PascalCase; and
/// whether it needs `@@map`.
fn model_name(cx: &Cx, name: &str) -> (String, bool) {
    let reserved = |c: &str| {
        crate::codegen::prisma::RESERVED_TYPES.iter().chain(crate::codegen::prisma::RESERVED_MODEL_WORDS).any(|r| r.eq_ignore_ascii_case(c))
            || cx.blocks.iter().any(|b| b.kind != BlockKind::Datasource && b.kind != BlockKind::Generator && b.name.text.eq_ignore_ascii_case(c))
    };
    if is_ident(name) && !reserved(name) {
        return (name.to_string(), false);
    }
    let base = crate::codegen::names::safe_ident(&crate::codegen::names::pascal(name), "Model", "M", &[]);
    (free(&base, reserved), true)
}

pub(super) fn add_table(cx: &Cx, patch: &mut Patch, table: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<Planned, EditError> {
    let text = cx.text;
    if table.schema.as_deref().is_some_and(|s| s != "public") || cx.blocks.iter().any(|b| b.attr("schema").is_some()) {
        return Err(EditError::Unsupported("new models of a multi-schema Prisma schema are written in the text (each needs its @@schema)".into()));
    }
    let (name, map) = model_name(cx, &table.name);
    let pk: Vec<&NewColumn> = columns.iter().filter(|c| c.primary_key).collect();
    let mut fields: Vec<(String, String, Vec<String>)> = Vec::new();
    for nc in columns {
        let taken: Vec<&str> = fields.iter().map(|f| f.0.as_str()).collect();
        let f = new_field(cx, nc, &taken, pk.len() == 1)?;
        fields.push(f);
    }
    if !columns.iter().any(|c| c.primary_key || c.unique) {
        return Err(EditError::Invalid(format!("Prisma needs a primary key or a unique column on every model: give {} one", table.name)));
    }
    let mut block_attrs = Vec::new();
    if pk.len() > 1 {
        let names: Vec<&str> = columns.iter().zip(&fields).filter(|(c, _)| c.primary_key).map(|(_, f)| f.0.as_str()).collect();
        block_attrs.push(format!("@@id([{}])", names.join(", ")));
    }
    if map {
        block_attrs.push(format!("@@map({})", quoted(&table.name)));
    }
    // laid out as `prisma format` lays out a block: names, then types, in columns
    let w_name = fields.iter().map(|f| f.0.len()).max().unwrap_or(0);
    let w_ty = fields.iter().map(|f| f.1.len()).max().unwrap_or(0);
    let indent = cx.blocks.iter().find_map(|b| b.fields.first()).map_or("  ", |f| indent_of(text, f.span.start));
    let nl = newline(text);
    let mut body: String = fields.iter().map(|(n, t, a)| format!("{}{nl}", field_line(indent, n, t, a, (w_name, w_ty)))).collect();
    if !block_attrs.is_empty() {
        body.push_str(nl);
        body.extend(block_attrs.iter().map(|a| format!("{indent}{a}{nl}")));
    }
    let block = format!("model {name} {{{nl}{body}}}");
    let prev = match after {
        Some(a) => Some(cx.model(a)?),
        None => cx.blocks.iter().rev().find(|b| b.kind == BlockKind::Model).or(cx.blocks.last()),
    };
    match prev {
        Some(b) => patch.insert(b.span.end, format!("{nl}{nl}{block}")),
        None => {
            let sep = if text.is_empty() || text.ends_with('\n') { "" } else { nl };
            patch.insert(text.len(), format!("{sep}{block}{nl}"));
        }
    }
    Ok((Vec::new(), format!("add table {table} (model {name})")))
}

/// The lines of block `b` with the `///` documentation above it, and one blank line around it.
fn block_lines(text: &str, b: &Block) -> (usize, usize) {
    let mut start = line_start(text, b.span.start);
    while start > 0 {
        let prev = line_start(text, start - 1);
        if !text[prev..start].trim_start().starts_with("///") {
            break;
        }
        start = prev;
    }
    let mut end = next_line(text, b.span.end.saturating_sub(1));
    if text[end..next_line(text, end)].trim().is_empty() && end < text.len() {
        end = next_line(text, end);
    } else if start > 0 && text[line_start(text, start - 1)..start].trim().is_empty() {
        start = line_start(text, start - 1);
    }
    (start, end)
}

pub(super) fn drop_table(cx: &Cx, patch: &mut Patch, table: &QualifiedName) -> Result<Planned, EditError> {
    let b = cx.model(table)?;
    let text = cx.text;
    let list_to = |from: &Block, to: &str| from.fields.iter().any(|f| f.ty.as_ref().is_some_and(|t| t.name.text == to && t.arity == Arity::List) && f.attr("relation").and_then(|a| a.arg("fields")).is_none());
    for f in &b.fields {
        let Some(other) = f.ty.as_ref().filter(|t| t.arity == Arity::List).and_then(|t| cx.block(&t.name.text)) else { continue };
        if list_to(other, &b.name.text) {
            return Err(EditError::Unsupported(format!("model {} has an implicit many-to-many relation with {} ({}): delete that relation first", b.name.text, other.name.text, f.name.text)));
        }
    }
    let (start, end) = block_lines(text, b);
    patch.delete(start, end);
    let mut touched = vec![b.span];
    for other in cx.blocks.iter().filter(|o| matches!(o.kind, BlockKind::Model | BlockKind::View) && !std::ptr::eq(*o, b)) {
        for g in other.fields.iter().filter(|g| g.ty.as_ref().is_some_and(|t| t.name.text == b.name.text)) {
            delete_line(patch, text, g.span);
            touched.push(other.span);
        }
    }
    Ok((touched, format!("delete table {table} (model {} and the relation fields to it)", b.name.text)))
}

pub(super) fn add_column(cx: &Cx, patch: &mut Patch, table: &QualifiedName, nc: &NewColumn) -> Result<Planned, EditError> {
    let b = cx.model(table)?;
    let t = &cx.schema.tables[spec::table_idx(cx.schema, table)?];
    if nc.primary_key && t.primary_key.is_some() {
        return Err(EditError::Unsupported(format!("{table} has a primary key: add the column, then add it to the key")));
    }
    let taken: Vec<&str> = b.fields.iter().map(|f| f.name.text.as_str()).collect();
    let f = new_field(cx, nc, &taken, true)?;
    let what = format!("add column {table}.{} (field {} {})", nc.name, f.0, f.1);
    add_fields(patch, cx.text, b, &[f])?;
    Ok((vec![b.span], what))
}

/// Whether a relation's `fields:` or `references:` names field `f` of model `b`.
fn in_relation(cx: &Cx, b: &Block, f: &Field) -> Option<String> {
    for other in cx.blocks.iter().filter(|x| x.kind == BlockKind::Model) {
        for g in &other.fields {
            let Some(a) = g.attr("relation") else { continue };
            let names = |arg: &str| a.arg(arg).is_some_and(|e| e.items().into_iter().filter_map(field_ref).any(|n| n == f.name.text));
            let points_here = g.ty.as_ref().is_some_and(|t| t.name.text == b.name.text);
            if (std::ptr::eq(other, b) && names("fields")) || (points_here && names("references")) {
                return Some(format!("{}.{}", other.name.text, g.name.text));
            }
        }
    }
    None
}

pub(super) fn retype(cx: &Cx, patch: &mut Patch, table: &QualifiedName, column: &str, to: &str) -> Result<Planned, EditError> {
    let (b, f) = cx.field(table, column)?;
    let text = cx.text;
    let w = written(cx.d, to)?;
    let ty = f.ty.as_ref().ok_or_else(|| EditError::Unsupported(format!("{table}.{column} has no type")))?;
    let marker = match ty.arity {
        Arity::Required if !text[..type_end(f)].ends_with('!') => "",
        Arity::Optional => "?",
        _ => return Err(EditError::Unsupported(format!("{table}.{column} is a list (or has the legacy `!`): retype it in the text"))),
    };
    if let Some(r) = in_relation(cx, b, f) {
        return Err(EditError::Unsupported(format!("{table}.{column} is related by {r}, and Prisma needs the same type on both sides: retype both in the text")));
    }
    let same_scalar = ty.name.text.trim_end_matches(['?', '!']) == w.scalar.name();
    if is_autoincrement(f) || (!same_scalar && (f.attr("default").is_some() || f.attr("updatedAt").is_some())) {
        return Err(EditError::Unsupported(format!("{table}.{column} has a @default or @updatedAt for its type: change the type in the text")));
    }
    let native = f.attrs.iter().find(|a| a.name.text.starts_with("db."));
    let sole = native.is_some() && w.native.is_none() && f.attrs.len() == 1;
    set_type(patch, text, b, f, &format!("{}{marker}", w.scalar.name()), sole);
    match (native, &w.native) {
        (Some(a), Some(n)) => patch.replace(a.span.start, a.span.end, format!("@{n}")),
        (Some(_), None) if sole => {}
        (Some(_), None) => remove_attr(patch, text, f, |n| n.starts_with("db.")),
        (None, Some(n)) => add_attr(patch, text, b, f, &format!("@{n}")),
        (None, None) => {}
    }
    let shown = w.native.as_deref().map_or_else(|| w.scalar.name().to_string(), |n| format!("{} @{n}", w.scalar.name()));
    Ok((vec![b.span], format!("retype column {table}.{column} to {shown}")))
}

/// Whether field `f` has `@default(autoincrement())`.
fn is_autoincrement(f: &Field) -> bool {
    f.attr("default").and_then(|a| a.first(Some("value"))).is_some_and(|e| matches!(e, Expr::Call(n, _, _) if n == "autoincrement"))
}

/// The fields of `@@id([...])` (or of the `@id` field) of block `b`.
fn key_fields(b: &Block) -> Vec<&str> {
    if let Some(f) = b.fields.iter().find(|f| f.attr("id").is_some()) {
        return vec![f.name.text.as_str()];
    }
    b.attr("id").and_then(|a| a.first(Some("fields"))).map(|e| e.items().into_iter().filter_map(field_ref).collect()).unwrap_or_default()
}

pub(super) fn primary_key(cx: &Cx, patch: &mut Patch, table: &QualifiedName, column: &str, on: bool) -> Result<Planned, EditError> {
    let (b, f) = cx.field(table, column)?;
    let text = cx.text;
    let keys = key_fields(b);
    let name = f.name.text.as_str();
    let single = b.fields.iter().find(|g| g.attr("id").is_some());
    if single.and_then(|g| g.attr("id")).is_some_and(|a| !a.args.is_empty()) || b.attr("id").is_some_and(|a| a.args.len() > 1) {
        return Err(EditError::Unsupported(format!("the key of model {} has arguments (map:, sort:, ...): change it in the text", b.name.text)));
    }
    let mut fields: Vec<&str> = keys.clone();
    if on == keys.contains(&name) {
        return Ok((vec![b.span], format!("{table}.{column} is already {}in the primary key", if on { "" } else { "not " })));
    }
    if on {
        if f.ty.as_ref().is_some_and(|t| t.arity == Arity::List) {
            return Err(EditError::Unsupported(format!("{table}.{column} is a list, which cannot be a key")));
        }
        if question_mark(text, f).is_some() {
            if cx.d == Dialect::Sqlite {
                return Err(EditError::Invalid(format!("a Prisma @id field is never optional: make {table}.{column} NOT NULL first")));
            }
            let ty = f.ty.as_ref().map_or("", |t| &text[t.name.span.start..t.name.span.end]);
            set_type(patch, text, b, f, ty.trim_end_matches('?'), false);
        }
        if let Some(g) = single.filter(|g| cx.d == Dialect::Sqlite && is_autoincrement(g)) {
            return Err(EditError::Unsupported(format!("{}.{} auto-increments, which SQLite does only for a one-field key: change the key in the text", b.name.text, g.name.text)));
        }
        if cx.d == Dialect::Mysql && keys.is_empty() {
            // a UNIQUE on exactly the key is the key itself on MySQL (an index of its own elsewhere)
            if let Some(u) = f.attr("unique").filter(|u| u.args.is_empty()) {
                patch.replace(u.span.start, u.span.end, "@id");
                return Ok((vec![b.span], format!("add {table}.{column} to the primary key (its @unique becomes @id)")));
            }
            for a in b.attrs.iter().filter(|a| a.name.text == "unique") {
                if a.first(Some("fields")).is_some_and(|e| e.items().into_iter().filter_map(field_ref).eq([name])) {
                    delete_line(patch, text, a.span);
                }
            }
        }
        fields.push(name);
    } else {
        fields.retain(|n| *n != name);
        let unique_left = b.fields.iter().any(|g| g.attr("unique").is_some()) || b.attr("unique").is_some();
        if fields.is_empty() && !unique_left {
            return Err(EditError::Invalid(format!("Prisma needs a primary key or a unique field on every model: make another field of {} unique first", b.name.text)));
        }
    }
    match (single, b.attr("id")) {
        (Some(g), _) => {
            remove_attr(patch, text, g, |n| n == "id");
            if !fields.is_empty() {
                add_block_attr(patch, text, b, &format!("@@id([{}])", fields.join(", ")));
            }
        }
        (None, Some(a)) if fields.is_empty() => delete_line(patch, text, a.span),
        (None, Some(a)) => patch.replace(a.span.start, a.span.end, format!("@@id([{}])", fields.join(", "))),
        (None, None) => add_attr(patch, text, b, f, "@id"),
    }
    Ok((vec![b.span], format!("{} {table}.{column} {} the primary key", if on { "add" } else { "take" }, if on { "to" } else { "out of" })))
}
