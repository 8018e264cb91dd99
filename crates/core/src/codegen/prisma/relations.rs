//! Relations on both sides of every foreign key: the relation field with `fields`/`references`
//! on the model holding the key, the back-relation (one or many) on the referenced model, names
//! where two relations join the same models, and what Prisma cannot relate noted on the model.

use super::{action, camel, esc, map_fits, names, pascal, same_set, Field, Model, Namer};
use crate::Dialect;
use crate::model::{ForeignKey, RefAction, Schema};
use std::collections::{HashMap, HashSet};

fn fk_label(fk: &ForeignKey) -> String {
    format!("{}({}) → {}({})", fk.name.as_deref().map(|n| format!("{n} ")).unwrap_or_default(), fk.columns.join(", "), fk.ref_table, fk.ref_columns.join(", "))
}

pub(super) fn add_relations(schema: &Schema, models: &mut [Model], table_model: &HashMap<usize, usize>, warnings: &mut Vec<String>) {
    struct Rel {
        child: usize,
        parent: usize,
        fields: Vec<String>,
        refs: Vec<String>,
        fk: ForeignKey,
    }
    let mut rels: Vec<Rel> = Vec::new();
    let mut seen_rels: HashSet<(usize, usize, Vec<String>, Vec<String>)> = HashSet::new();
    let lookup = crate::model::TableLookup::new(schema);
    let columns = crate::model::ColumnLookups::new(schema);
    for (ti, t) in schema.tables.iter().enumerate() {
        let Some(&ci) = table_model.get(&ti) else { continue };
        for fk in &t.foreign_keys {
            let reject = |models: &mut [Model], warnings: &mut Vec<String>, why: &str| {
                let s = format!("foreign key {} is not a Prisma relation: {why}", fk_label(fk));
                warnings.push(format!("{}: {s}", t.name));
                models[ci].notes.push(esc::comment(&s));
            };
            let Some(pti) = lookup.index(schema, &fk.ref_table) else {
                reject(models, warnings, "the referenced table is not in the schema");
                continue;
            };
            let Some(&pi) = table_model.get(&pti) else {
                reject(models, warnings, "the referenced table has no model");
                continue;
            };
            let pt = &schema.tables[pti];
            let refs: Vec<String> = if fk.ref_columns.is_empty() { pt.primary_key.as_ref().map(|p| p.columns.clone()).unwrap_or_default() } else { fk.ref_columns.clone() };
            let fields: Vec<String> = fk.columns.iter().map(|c| columns.of(ti).get(c).map(|x| x.name.clone()).unwrap_or_else(|| c.clone())).collect();
            let refs: Vec<String> = refs.iter().map(|c| columns.of(pti).get(c).map(|x| x.name.clone()).unwrap_or_else(|| c.clone())).collect();
            if fields.is_empty() || fields.len() != refs.len() || fields.iter().any(|f| !models[ci].col_field.contains_key(f)) || refs.iter().any(|r| !models[pi].col_field.contains_key(r)) {
                reject(models, warnings, "its columns do not match");
                continue;
            }
            let ty = |m: &Model, c: &String| m.col_type.get(c).cloned().unwrap_or_default();
            if fields.iter().zip(&refs).any(|(f, r)| ty(&models[ci], f) != ty(&models[pi], r) || ty(&models[ci], f).starts_with("Unsupported") || ty(&models[ci], f).ends_with("[]")) {
                reject(models, warnings, "the column types differ or are not supported");
                continue;
            }
            // references must be exactly a unique criterion of the parent; order as declared there
            let Some(u) = models[pi].uniques.iter().find(|u| same_set(u, &refs)).cloned() else {
                reject(models, warnings, "the referenced columns are not a primary or unique key");
                continue;
            };
            let mut pairs: Vec<(String, String)> = Vec::new();
            for r in &u {
                if let Some(i) = refs.iter().position(|x| x == r) {
                    pairs.push((fields[i].clone(), r.clone()));
                }
            }
            let (fields, refs): (Vec<String>, Vec<String>) = pairs.into_iter().unzip();
            if !seen_rels.insert((ci, pi, fields.clone(), refs.clone())) {
                reject(models, warnings, "it duplicates another foreign key");
                continue;
            }
            rels.push(Rel { child: ci, parent: pi, fields, refs, fk: fk.clone() });
        }
    }
    // pairs that need relation names
    let pair = |r: &Rel| if r.child <= r.parent { (r.child, r.parent) } else { (r.parent, r.child) };
    let mut pair_count: HashMap<(usize, usize), usize> = HashMap::new();
    for r in &rels {
        *pair_count.entry(pair(r)).or_default() += 1;
    }
    let mut rel_names: HashMap<(usize, usize), Namer> = HashMap::new();
    for r in &rels {
        let (ci, pi) = (r.child, r.parent);
        let table = &schema.tables[models[ci].table];
        let named = ci == pi || pair_count.get(&pair(r)).copied().unwrap_or(0) > 1;
        let rel_name = named.then(|| {
            let base = names::safe_ident(&format!("{}_{}", models[ci].name, r.fields.iter().map(|f| camel(f)).collect::<Vec<_>>().join("_")), "rel", "r", &[]);
            rel_names.entry(pair(r)).or_default().unique(&base)
        });
        let optional = r.fields.iter().any(|f| columns.of(models[ci].table).get(f).is_some_and(|c| c.nullable) && !table.primary_key.as_ref().is_some_and(|p| p.columns.contains(f)));
        let one_to_one = models[ci].uniques.iter().any(|u| same_set(u, &r.fields));
        // child side
        let child_base = match names::fk_stem(&r.fk.columns) {
            Some(stem) if !models[ci].namer.is_used(&stem) => stem,
            _ => camel(&models[pi].noun),
        };
        let child_base = names::safe_ident(&child_base, "parent", "r", &[]);
        let child_field = models[ci].namer.unique(&child_base);
        let field_names: Vec<String> = r.fields.iter().map(|f| models[ci].fields[models[ci].col_field[f]].name.clone()).collect();
        let ref_names: Vec<String> = r.refs.iter().map(|f| models[pi].fields[models[pi].col_field[f]].name.clone()).collect();
        let mut args = Vec::new();
        if let Some(n) = &rel_name {
            args.push(esc::string(n));
        }
        args.push(format!("fields: [{}]", field_names.join(", ")));
        args.push(format!("references: [{}]", ref_names.join(", ")));
        let default_delete = if optional { RefAction::SetNull } else { RefAction::Restrict };
        let mut on_delete = r.fk.on_delete;
        if on_delete == RefAction::SetNull && !optional {
            let s = format!("foreign key {} is ON DELETE SET NULL on required columns; written as NoAction", fk_label(&r.fk));
            warnings.push(format!("{}: {s}", table.name));
            models[ci].notes.push(esc::comment(&s));
            on_delete = RefAction::NoAction;
        }
        if on_delete != default_delete {
            args.push(format!("onDelete: {}", action(on_delete)));
        }
        let mut on_update = r.fk.on_update;
        if on_update == RefAction::SetNull && !optional {
            on_update = RefAction::NoAction;
        }
        if on_update != RefAction::Cascade {
            args.push(format!("onUpdate: {}", action(on_update)));
        }
        if let Some(n) = &r.fk.name {
            let default = format!("{}_{}_fkey", table.name, r.fields.join("_"));
            if schema.dialect != Dialect::Sqlite && *n != default && map_fits(schema.dialect, n) {
                args.push(format!("map: {}", esc::string(n)));
            }
        }
        let parent_name = models[pi].name.clone();
        let child_name = models[ci].name.clone();
        let parent_ignored = models[pi].ignored;
        let child_ignored = models[ci].ignored;
        let mut attrs = vec![format!("@relation({})", args.join(", "))];
        if parent_ignored && !child_ignored {
            attrs.push("@ignore".into());
        }
        models[ci].fields.push(Field { notes: Vec::new(), doc: None, name: child_field.clone(), ty: format!("{parent_name}{}", if optional { "?" } else { "" }), attrs });
        // parent side
        let child_noun = models[ci].noun.clone();
        let back_base = if one_to_one { camel(&child_noun) } else { camel(&names::plural(&child_noun)) };
        let back_base = if named { format!("{back_base}{}", pascal(&child_field)) } else { back_base };
        let back_base = names::safe_ident(&back_base, "children", "r", &[]);
        let back = models[pi].namer.unique(&back_base);
        let mut attrs = Vec::new();
        if let Some(n) = &rel_name {
            attrs.push(format!("@relation({})", esc::string(n)));
        }
        if child_ignored && !parent_ignored {
            attrs.push("@ignore".into());
        }
        models[pi].fields.push(Field { notes: Vec::new(), doc: None, name: back, ty: format!("{child_name}{}", if one_to_one { "?" } else { "[]" }), attrs });
    }
}
