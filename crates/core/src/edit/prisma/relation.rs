//! Relationships written into a Prisma schema (see the module doc of `edit::prisma`): the
//! relation field with `fields:` / `references:` on the model holding the key and the back
//! relation field on the referenced model, added, deleted and given actions together.

use super::{add_attr, add_block_attr, add_fields, db_name, delete_fields, field_ref, free, relation_name, Cx};
use crate::codegen::escape::prisma::string as quoted;
use crate::codegen::names;
use crate::codegen::prisma::action;
use crate::edit::sql::patch::Patch;
use crate::edit::expr::names_eq;
use crate::edit::{spec, EditError, NewRelationship};
use crate::model::{QualifiedName, RefAction};
use crate::parse::prisma::ast::{Arity, Attribute, Block, BlockKind, Expr, Field};
use crate::span::Span;

type Planned = (Vec<Span>, String);

/// Prisma's (onDelete, onUpdate) when a relation gives none: `SetNull` on an optional relation,
/// else `Restrict`; `Cascade` (the reader's `relations.rs` reads the same).
pub(super) fn defaults(optional: bool) -> (RefAction, RefAction) {
    (if optional { RefAction::SetNull } else { RefAction::Restrict }, RefAction::Cascade)
}

/// A relationship of the text: the relation field `field` (with `@relation` `attr`) of `model`
/// holding the key, the referenced model `target`, its back relation field, and whether the
/// relation is optional.
pub(super) struct Found<'a> {
    pub model: &'a Block,
    pub field: &'a Field,
    attr: &'a Attribute,
    pub target: &'a Block,
    pub back: Option<&'a Field>,
    pub optional: bool,
}

/// The database names of the fields a `fields:` / `references:` list of model `b` names.
fn listed(b: &Block, e: Option<&Expr>) -> Vec<String> {
    let items = e.map(|e| e.items().into_iter().filter_map(field_ref).collect::<Vec<_>>()).unwrap_or_default();
    items.iter().map(|n| b.fields.iter().find(|f| f.name.text == *n).map_or_else(|| n.to_string(), |f| db_name(&f.name.text, f.attr("map")))).collect()
}

/// The relation fields of foreign key number `fk` of `table`.
pub(super) fn find<'a>(cx: &Cx<'a>, table: &QualifiedName, fk: usize) -> Result<Found<'a>, EditError> {
    let t = &cx.schema.tables[spec::table_idx(cx.schema, table)?];
    let f = t.foreign_keys.get(fk).ok_or_else(|| EditError::NoRelationship { table: table.clone(), fk })?;
    let model = cx.model(table)?;
    let target = cx.model(&f.ref_table)?;
    let mut hits = model.fields.iter().filter_map(|g| {
        let a = g.attr("relation")?;
        let to_target = g.ty.as_ref().is_some_and(|ty| ty.name.text == target.name.text);
        (to_target && listed(model, a.arg("fields")) == f.columns && listed(target, a.arg("references")) == f.ref_columns).then_some((g, a))
    });
    let (field, attr) = hits.next().ok_or_else(|| EditError::Unsupported(format!("relationship {fk} of {table} is not a relation field of model {}", model.name.text)))?;
    if hits.next().is_some() {
        return Err(EditError::Unsupported(format!("model {} has two relation fields for the same key: edit them in the text", model.name.text)));
    }
    let name = relation_name(field);
    let back = target.fields.iter().find(|h| {
        !std::ptr::eq(*h, field) && h.ty.as_ref().is_some_and(|ty| ty.name.text == model.name.text) && relation_name(h) == name && h.attr("relation").and_then(|a| a.arg("fields")).is_none()
    });
    let fields: Vec<&str> = attr.arg("fields").map(|e| e.items().into_iter().filter_map(field_ref).collect()).unwrap_or_default();
    let arity = |g: &Field| g.ty.as_ref().map(|t| t.arity);
    let optional = arity(field) == Some(Arity::Optional) || model.fields.iter().any(|g| fields.contains(&g.name.text.as_str()) && arity(g) == Some(Arity::Optional));
    Ok(Found { model, field, attr, target, back, optional })
}

/// Refuses `SetNull` on a required relation (Prisma rejects it: the fields cannot be null).
fn no_set_null(optional: bool, actions: [RefAction; 2]) -> Result<(), EditError> {
    if !optional && actions.contains(&RefAction::SetNull) {
        return Err(EditError::Invalid("SET NULL needs fields that can be null: make the relation's fields optional first".into()));
    }
    Ok(())
}

/// The type of a field as Prisma compares relation fields: its type name and `@db.*` attribute.
fn type_of(text: &str, f: &Field) -> String {
    let ty = f.ty.as_ref().map_or("", |t| t.name.text.as_str());
    let native = f.attrs.iter().find(|a| a.name.text.starts_with("db.")).map_or("", |a| &text[a.span.start..a.span.end]);
    format!("{ty} {}", native.split_whitespace().collect::<String>())
}

pub(super) fn add(cx: &Cx, patch: &mut Patch, r: &NewRelationship) -> Result<Planned, EditError> {
    let text = cx.text;
    let (a, m) = (cx.model(&r.table)?, cx.model(&r.ref_table)?);
    let fields = r.columns.iter().map(|c| cx.field(&r.table, c).map(|x| x.1)).collect::<Result<Vec<_>, _>>()?;
    let rcols = spec::ref_columns(cx.schema, r)?;
    let refs = rcols.iter().map(|c| cx.field(&r.ref_table, c).map(|x| x.1)).collect::<Result<Vec<_>, _>>()?;
    for (f, g) in fields.iter().zip(&refs) {
        if type_of(text, f) != type_of(text, g) {
            return Err(EditError::Unsupported(format!("Prisma relates fields of the same type: {}.{} is {} and {}.{} is {}", a.name.text, f.name.text, type_of(text, f).trim(), m.name.text, g.name.text, type_of(text, g).trim())));
        }
    }
    let optional = fields.iter().any(|f| f.ty.as_ref().is_some_and(|t| t.arity == Arity::Optional));
    let (dd, du) = defaults(optional);
    let (del, upd) = (r.on_delete.unwrap_or(dd), r.on_update.unwrap_or(du));
    no_set_null(optional, [del, upd])?;
    let target = &cx.schema.tables[spec::table_idx(cx.schema, &r.ref_table)?];
    if r.create_key && !spec::unique_key(cx.d, target, &rcols) {
        match refs.as_slice() {
            [g] => add_attr(patch, text, m, g, "@unique"),
            _ => add_block_attr(patch, text, m, &format!("@@unique([{}])", refs.iter().map(|g| g.name.text.as_str()).collect::<Vec<_>>().join(", "))),
        }
    }
    let points = |from: &Block, to: &Block| from.fields.iter().any(|f| f.ty.as_ref().is_some_and(|t| t.name.text == to.name.text));
    let same = std::ptr::eq(a, m);
    let field_names: Vec<&str> = fields.iter().map(|f| f.name.text.as_str()).collect();
    let rel_name = (same || points(a, m) || points(m, a)).then(|| {
        let used: Vec<&str> = a.fields.iter().chain(&m.fields).filter_map(relation_name).collect();
        free(&format!("{}_{}", a.name.text, field_names.join("_")), |c| used.contains(&c))
    });
    // the relation field: named after the key's column (`author_id` → `author`), else the model
    let taken_a: Vec<&str> = a.fields.iter().map(|f| f.name.text.as_str()).collect();
    let stem = names::fk_stem(&r.columns).map(|s| names::safe_ident(&s, "parent", "r", &[])).filter(|s| !taken_a.contains(&s.as_str()));
    let field = stem.unwrap_or_else(|| free(&names::safe_ident(&names::camel(&m.name.text), "parent", "r", &[]), |c| taken_a.contains(&c)));
    let one_to_one = spec::unique_key(cx.d, &cx.schema.tables[spec::table_idx(cx.schema, &r.table)?], &r.columns);
    let mut taken_m: Vec<&str> = m.fields.iter().map(|f| f.name.text.as_str()).collect();
    if same {
        taken_m.push(&field);
    }
    let noun = names::camel(&a.name.text);
    let back_base = if one_to_one { noun } else { names::camel(&names::plural(&a.name.text)) };
    let back_base = names::safe_ident(&back_base, "children", "r", &[]);
    let back_base = if back_base == field || (same && rel_name.is_some() && taken_m.contains(&back_base.as_str())) { format!("{back_base}{}", names::pascal(&field)) } else { back_base };
    let back = free(&back_base, |c| taken_m.contains(&c));
    let mut args: Vec<String> = rel_name.iter().map(|n| quoted(n)).collect();
    args.push(format!("fields: [{}]", field_names.join(", ")));
    args.push(format!("references: [{}]", refs.iter().map(|g| g.name.text.as_str()).collect::<Vec<_>>().join(", ")));
    if del != dd {
        args.push(format!("onDelete: {}", action(del)));
    }
    if upd != du {
        args.push(format!("onUpdate: {}", action(upd)));
    }
    let fwd = (field.clone(), format!("{}{}", m.name.text, if optional { "?" } else { "" }), vec![format!("@relation({})", args.join(", "))]);
    let back_attrs: Vec<String> = rel_name.iter().map(|n| format!("@relation({})", quoted(n))).collect();
    let bwd = (back.clone(), format!("{}{}", a.name.text, if one_to_one { "?" } else { "[]" }), back_attrs);
    if same {
        add_fields(patch, text, a, &[fwd, bwd])?;
    } else {
        add_fields(patch, text, a, &[fwd])?;
        add_fields(patch, text, m, &[bwd])?;
    }
    Ok((vec![a.span, m.span], format!("add relationship {}.{field} → {} (and {}.{back})", a.name.text, m.name.text, m.name.text)))
}

pub(super) fn set_actions(cx: &Cx, patch: &mut Patch, table: &QualifiedName, fk: usize, on_delete: Option<RefAction>, on_update: Option<RefAction>) -> Result<Planned, EditError> {
    let text = cx.text;
    let found = find(cx, table, fk)?;
    let (dd, du) = defaults(found.optional);
    let (del, upd) = (on_delete.unwrap_or(dd), on_update.unwrap_or(du));
    no_set_null(found.optional, [del, upd])?;
    let a = found.attr;
    let mut added = String::new();
    for (key, want, default) in [("onDelete", del, dd), ("onUpdate", upd, du)] {
        match a.args.iter().find(|x| x.name.as_ref().is_some_and(|n| n.text == key)) {
            Some(arg) if arg.value.as_ref().and_then(Expr::as_const) == Some(action(want)) => {}
            Some(arg) if want == default => {
                let before = text[..arg.span.start].trim_end();
                match before.strip_suffix(',') {
                    Some(b) => patch.delete(b.len(), arg.span.end),
                    None => return Err(EditError::Unsupported(format!("{key} is the first argument of @relation on {}: change it in the text", found.field.name.text))),
                }
            }
            Some(arg) => {
                let v = arg.value.as_ref().map_or(arg.span, Expr::span);
                patch.replace(v.start, v.end, action(want));
            }
            None if want != default => added.push_str(&format!(", {key}: {}", action(want))),
            None => {}
        }
    }
    if !added.is_empty() {
        if !text[..a.span.end].ends_with(')') {
            return Err(EditError::Unsupported(format!("@relation of {} has no argument list", found.field.name.text)));
        }
        patch.insert(a.span.end - 1, added);
    }
    let d = |x: RefAction| action(x).to_string();
    Ok((vec![found.model.span], format!("set onDelete: {}, onUpdate: {} on {}.{}", d(del), d(upd), found.model.name.text, found.field.name.text)))
}

pub(super) fn drop(cx: &Cx, patch: &mut Patch, table: &QualifiedName, fk: usize) -> Result<Planned, EditError> {
    let found = find(cx, table, fk)?;
    let mut what = format!("delete relationship {}.{}", found.model.name.text, found.field.name.text);
    if let Some(h) = found.back {
        what.push_str(&format!(" and {}.{}", found.target.name.text, h.name.text));
    }
    let touched = delete_relation_fields(patch, cx.text, &[found], &[]);
    Ok((touched, what))
}

/// The relationships that column `col` of `table` holds (in a relation's `fields:`) or that
/// reference it (`references:`): the ones deleting the column deletes (`spec`'s DROP COLUMN).
pub(super) fn of_column<'a>(cx: &Cx<'a>, table: &QualifiedName, col: &str) -> Result<Vec<Found<'a>>, EditError> {
    let s = cx.schema;
    let ti = spec::table_idx(s, table)?;
    let has = |v: &[String]| v.iter().any(|c| names_eq(s.dialect, c, col));
    let mut out = Vec::new();
    for (i, t) in s.tables.iter().enumerate() {
        for (k, f) in t.foreign_keys.iter().enumerate() {
            if (i == ti && has(&f.columns)) || (s.table_index(&f.ref_table) == Some(ti) && has(&f.ref_columns)) {
                if cx.model(&t.qualified_name()).is_err() {
                    return Err(EditError::Unsupported(format!("{table}.{col} is the key of the implicit many-to-many relation {}: delete that relation (its join table) first", t.name)));
                }
                out.push(find(cx, &t.qualified_name(), k)?);
            }
        }
    }
    Ok(out)
}

/// Deletes the relation fields of relationships `found` and their back relation fields, and the
/// fields `also` (each model's fields laid out again once); the blocks touched.
pub(super) fn delete_relation_fields<'a>(patch: &mut Patch, text: &str, found: &[Found<'a>], also: &[(&'a Block, &'a Field)]) -> Vec<Span> {
    let mut by_block: Vec<(&Block, Vec<&Field>)> = Vec::new();
    let pairs = also.iter().map(|&(b, f)| (b, Some(f))).chain(found.iter().flat_map(|x| [(x.model, Some(x.field)), (x.target, x.back)]));
    for (b, f) in pairs.filter_map(|(b, f)| Some((b, f?))) {
        match by_block.iter_mut().find(|(x, _)| std::ptr::eq(*x, b)) {
            Some((_, v)) if v.iter().any(|g| std::ptr::eq(*g, f)) => {}
            Some((_, v)) => v.push(f),
            None => by_block.push((b, vec![f])),
        }
    }
    for (b, gone) in &by_block {
        delete_fields(patch, text, b, gone);
    }
    by_block.iter().map(|(b, _)| b.span).collect()
}

/// The two list fields of the implicit many-to-many relation whose join table is `table`
/// (`_<name>`: the relation's name, else the two model names in byte order joined by `To`, as the
/// reader's `relations.rs` names it), with their models.
fn many_to_many<'a>(cx: &Cx<'a>, table: &QualifiedName) -> Option<[(&'a Block, &'a Field); 2]> {
    let name = table.name.strip_prefix('_')?;
    let models = || cx.blocks.iter().filter(|b| b.kind == BlockKind::Model);
    let lists = |b: &'a Block| {
        b.fields.iter().filter(|f| f.ty.as_ref().is_some_and(|t| t.arity == Arity::List) && f.attr("relation").is_none_or(|a| a.arg("fields").is_none() && a.arg("references").is_none()))
    };
    for a in models() {
        for f in lists(a) {
            let Some(b) = f.ty.as_ref().and_then(|t| cx.block(&t.name.text)).filter(|b| b.kind == BlockKind::Model) else { continue };
            let rel = relation_name(f);
            let mut pair = [a.name.text.as_str(), b.name.text.as_str()];
            pair.sort_unstable();
            if rel.map_or_else(|| format!("{}To{}", pair[0], pair[1]), str::to_string) != name {
                continue;
            }
            let back = lists(b).find(|g| !std::ptr::eq(*g, f) && g.ty.as_ref().is_some_and(|t| t.name.text == a.name.text) && relation_name(g) == rel);
            if let Some(g) = back {
                return Some([(a, f), (b, g)]);
            }
        }
    }
    None
}

/// Deletes the join table of an implicit many-to-many relation: its two list fields. `None`:
/// `table` is no such join table.
pub(super) fn drop_many_to_many(cx: &Cx, patch: &mut Patch, table: &QualifiedName) -> Option<Planned> {
    let [(a, f), (b, g)] = many_to_many(cx, table)?;
    let touched = delete_relation_fields(patch, cx.text, &[], &[(a, f), (b, g)]);
    Some((touched, format!("delete the many-to-many relation {} (fields {}.{} and {}.{})", table.name, a.name.text, f.name.text, b.name.text, g.name.text)))
}
