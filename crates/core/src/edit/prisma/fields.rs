//! Tables, columns and primary keys written into a Prisma schema (see the module doc of
//! `edit::prisma`): model blocks, field lines, types with their `@db.*` attribute, `@id` / `@@id`.

use super::{add_attr, add_block_attr, add_fields, delete_block_attrs, delete_fields, delete_line, doc_start, enum_typed, relation, remove_attr, set_type, field_line, field_name, field_ref, free, is_ident, question_mark, type_end, written, Cx};
use crate::codegen::escape::prisma::string as quoted;
use crate::dialect::Dialect;
use crate::edit::sql::patch::{indent_of, line_start, newline, next_line, Patch};
use crate::edit::{spec, EditError, NewColumn};
use crate::model::QualifiedName;
use crate::parse::prisma::ast::{Arity, Attribute, Block, BlockKind, Expr, Field};
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

/// The datasource's `schemas = [...]` when the schema uses several (a list, or a `@@schema`).
pub(super) fn multi_schema(blocks: &[Block]) -> Option<Vec<String>> {
    let listed = blocks.iter().find(|b| b.kind == BlockKind::Datasource).and_then(|b| b.prop("schemas"));
    let names: Vec<String> = listed.map(|e| e.items().into_iter().filter_map(Expr::as_str).map(str::to_string).collect()).unwrap_or_default();
    (listed.is_some() || blocks.iter().any(|b| b.attr("schema").is_some())).then_some(names)
}

/// The schema of a new model of a multi-schema file when the diagram names none: `public` when
/// the datasource lists it (PostgreSQL's default), else the first one listed.
pub(super) fn default_schema(listed: &[String]) -> Option<String> {
    listed.iter().find(|s| *s == "public").or(listed.first()).cloned()
}

pub(super) fn add_table(cx: &Cx, patch: &mut Patch, table: &QualifiedName, columns: &[NewColumn], after: Option<&QualifiedName>) -> Result<Planned, EditError> {
    let text = cx.text;
    let schema_attr = match (multi_schema(cx.blocks), table.schema.as_deref()) {
        (Some(listed), Some(s)) if cx.d == Dialect::Postgres => {
            if !listed.iter().any(|x| x == s) {
                return Err(EditError::Invalid(format!("schema {s} is not in the datasource's `schemas`: add it there first")));
            }
            Some(format!("@@schema({})", quoted(s)))
        }
        (Some(_), _) => return Err(EditError::Unsupported(format!("new models of a multi-schema Prisma schema on {} are written in the text", cx.d.label()))),
        (None, Some(s)) if s != "public" => return Err(EditError::Unsupported(format!("the datasource lists no `schemas`, so a model cannot be in schema {s}"))),
        (None, _) => None,
    };
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
    block_attrs.extend(schema_attr);
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
    let mut start = doc_start(text, b.span.start);
    let mut end = next_line(text, b.span.end.saturating_sub(1));
    if text[end..next_line(text, end)].trim().is_empty() && end < text.len() {
        end = next_line(text, end);
    } else if start > 0 && text[line_start(text, start - 1)..start].trim().is_empty() {
        start = line_start(text, start - 1);
    }
    (start, end)
}

pub(super) fn drop_table(cx: &Cx, patch: &mut Patch, table: &QualifiedName) -> Result<Planned, EditError> {
    let b = match cx.model(table) {
        Ok(b) => b,
        Err(e) => return relation::drop_many_to_many(cx, patch, table).ok_or(e),
    };
    let text = cx.text;
    let list_to = |from: &Block, to: &str| from.fields.iter().any(|f| f.ty.as_ref().is_some_and(|t| t.name.text == to && t.arity == Arity::List) && f.attr("relation").and_then(|a| a.arg("fields")).is_none());
    for f in &b.fields {
        let Some(other) = f.ty.as_ref().filter(|t| t.arity == Arity::List).and_then(|t| cx.block(&t.name.text)) else { continue };
        if list_to(other, &b.name.text) {
            return Err(EditError::Unsupported(format!("model {} has an implicit many-to-many relation with {} ({}): delete that relation (its join table) first", b.name.text, other.name.text, f.name.text)));
        }
    }
    let (start, end) = block_lines(text, b);
    patch.delete(start, end);
    let mut touched = vec![b.span];
    for other in cx.blocks.iter().filter(|o| matches!(o.kind, BlockKind::Model | BlockKind::View) && !std::ptr::eq(*o, b)) {
        let gone: Vec<&Field> = other.fields.iter().filter(|g| g.ty.as_ref().is_some_and(|t| t.name.text == b.name.text)).collect();
        if !gone.is_empty() {
            delete_fields(patch, text, other, &gone);
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

/// Whether block `b` has a unique criterion Prisma counts (`@id`, `@unique`, `@@id`, `@@unique`
/// of required fields only) without field `f` and the (field or block) attributes `gone`.
fn has_criterion(b: &Block, f: Option<&Field>, gone: &[&Attribute]) -> bool {
    let other = |g: &Field| !f.is_some_and(|f| std::ptr::eq(f, g));
    let required = |g: &Field| g.ty.as_ref().is_some_and(|t| t.arity == Arity::Required);
    let key = |a: &Attribute| matches!(a.name.text.as_str(), "id" | "unique") && !gone.iter().any(|g| std::ptr::eq(*g, a));
    let field_keys = b.fields.iter().any(|g| other(g) && required(g) && g.attrs.iter().any(key));
    let all_required = |e: &Expr| e.items().into_iter().filter_map(field_ref).all(|n| b.fields.iter().any(|g| g.name.text == n && other(g) && required(g)));
    field_keys || b.attrs.iter().filter(|a| key(a)).filter_map(|a| a.first(Some("fields"))).any(all_required)
}

/// Deletes a column as `spec`'s DROP COLUMN means it: its field line; every `@@id`, `@@unique`,
/// `@@index`, `@@fulltext` naming the field, whole (a key or index using a dropped column goes
/// whole); the relationships whose `fields:` or `references:` name it, with both their relation
/// fields. Refused when the model would be left with no unique criterion (Prisma needs one).
pub(super) fn drop_column(cx: &Cx, patch: &mut Patch, table: &QualifiedName, column: &str) -> Result<Planned, EditError> {
    let (b, f) = cx.field(table, column)?;
    let names = |a: &Attribute| a.first(Some("fields")).is_some_and(|e| e.items().into_iter().filter_map(field_ref).any(|n| n == f.name.text));
    let attrs: Vec<&Attribute> = b.attrs.iter().filter(|a| names(a)).collect();
    if has_criterion(b, None, &[]) && !has_criterion(b, Some(f), &attrs) {
        return Err(EditError::Invalid(format!("Prisma needs a primary key or a unique field on every model, and deleting {column} leaves model {} none: make another field unique first", b.name.text)));
    }
    let found = relation::of_column(cx, table, column)?;
    let also: Vec<String> = attrs.iter().map(|a| format!("@@{}", a.name.text)).chain(found.iter().map(|r| format!("relation field {}.{}", r.model.name.text, r.field.name.text))).collect();
    let what = match also.is_empty() {
        true => format!("delete column {table}.{column}"),
        false => format!("delete column {table}.{column} (and {})", also.join(", ")),
    };
    delete_block_attrs(patch, cx.text, b, &attrs);
    let mut touched = relation::delete_relation_fields(patch, cx.text, &found, &[(b, f)]);
    touched.push(b.span);
    Ok((touched, what))
}

/// The fields related to field `f` of model `b`: the referenced field of each relation whose
/// `fields:` names it, and the referencing field of each relation whose `references:` names it.
fn related<'a>(cx: &Cx<'a>, b: &Block, f: &Field) -> Vec<(&'a Block, &'a Field)> {
    let list = |a: &'a Attribute, arg: &str| a.arg(arg).map(|e| e.items().into_iter().filter_map(field_ref).collect::<Vec<_>>()).unwrap_or_default();
    let named = |m: &'a Block, n: &str| m.fields.iter().find(|h| h.name.text == n).map(|h| (m, h));
    let mut out = Vec::new();
    for other in cx.blocks.iter().filter(|x| x.kind == BlockKind::Model) {
        for g in &other.fields {
            let (Some(a), Some(target)) = (g.attr("relation"), g.ty.as_ref().and_then(|t| cx.block(&t.name.text))) else { continue };
            for (x, y) in list(a, "fields").into_iter().zip(list(a, "references")) {
                if std::ptr::eq(other, b) && x == f.name.text {
                    out.extend(named(target, y));
                }
                if std::ptr::eq(target, b) && y == f.name.text {
                    out.extend(named(other, x));
                }
            }
        }
    }
    out
}

/// Retypes a column: the field's type (a scalar with its `@db.*` native type, or an enum of the
/// schema) keeping its `?`. A field of a relation (either side) takes a type of the same scalar as
/// the fields it is related to, which Prisma requires (their native types may differ).
pub(super) fn retype(cx: &Cx, patch: &mut Patch, table: &QualifiedName, column: &str, to: &str) -> Result<Planned, EditError> {
    let (b, f) = cx.field(table, column)?;
    let text = cx.text;
    let (scalar, new_native) = match enum_typed(cx.blocks, cx.d, to) {
        Some((e, _)) => (e.name.text.clone(), None),
        None => {
            let w = written(cx.d, to)?;
            (w.scalar.name().to_string(), w.native)
        }
    };
    let ty = f.ty.as_ref().ok_or_else(|| EditError::Unsupported(format!("{table}.{column} has no type")))?;
    let marker = match ty.arity {
        Arity::Required if !text[..type_end(f)].ends_with('!') => "",
        Arity::Optional => "?",
        _ => return Err(EditError::Unsupported(format!("{table}.{column} is a list (or has the legacy `!`): retype it in the text"))),
    };
    for (m, g) in related(cx, b, f) {
        let theirs = g.ty.as_ref().map_or("", |t| t.name.text.trim_end_matches(['?', '!']));
        if theirs != scalar {
            return Err(EditError::Unsupported(format!(
                "{table}.{column} is related to {}.{} ({theirs}), and Prisma relates fields of the same type: choose a type Prisma writes as {theirs}, or retype both in the text",
                m.name.text, g.name.text
            )));
        }
    }
    let same_scalar = ty.name.text.trim_end_matches(['?', '!']) == scalar;
    if is_autoincrement(f) || (!same_scalar && (f.attr("default").is_some() || f.attr("updatedAt").is_some())) {
        return Err(EditError::Unsupported(format!("{table}.{column} has a @default or @updatedAt for its type: change the type in the text")));
    }
    let native = f.attrs.iter().find(|a| a.name.text.starts_with("db."));
    let first = new_native.as_ref().map(|n| format!("@{n}"));
    let shown = new_native.as_deref().map_or_else(|| scalar.clone(), |n| format!("{scalar} @{n}"));
    if text[ty.name.span.start..type_end(f)] == format!("{scalar}{marker}") && native.map(|a| &text[a.span.start..a.span.end]) == first.as_deref() {
        return Ok((vec![b.span], format!("{table}.{column} is already {shown}")));
    }
    let sole = native.is_some() && new_native.is_none() && f.attrs.len() == 1;
    set_type(patch, text, b, f, &format!("{scalar}{marker}"), sole, first.as_deref());
    match (native, &first) {
        (Some(a), Some(n)) => patch.replace(a.span.start, a.span.end, n),
        (Some(_), None) if sole => {}
        (Some(_), None) => remove_attr(patch, text, f, |n| n.starts_with("db.")),
        (None, Some(n)) if !f.attrs.is_empty() => add_attr(patch, text, b, f, n),
        (None, _) => {}
    }
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
            set_type(patch, text, b, f, ty.trim_end_matches('?'), false, None);
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
        let key: Vec<&Attribute> = single.and_then(|g| g.attr("id")).into_iter().chain(b.attr("id")).collect();
        if fields.is_empty() && !has_criterion(b, None, &key) {
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
